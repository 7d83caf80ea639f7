"""A derived memo of the journal's goals and settings, so that reading them does not load
the validation machinery (about 35 ms, docs/performance.md) when they have not changed.

Unlike the entry cache, which is keyed by each file's identity, the memo is keyed by content:
it keeps the exact bytes of each file it validated and the result, and serves the result
only for the very same bytes. So it can never be stale, whatever happened to the file. It
lives in ``<journal>/.cache/documents.json`` (0600), is written atomically and only when a
file changed, is ignored if it is in any way unexpected, and deleting it changes nothing but
speed. Saving is best effort: a read-only folder or a full disk only costs the speed-up.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from therapylog import __version__
from therapylog.data.catalogue import GoalStatus, QuestionnaireRhythm
from therapylog.data.limits import threshold_problem
from therapylog.data.model import (
    GOAL_ID_PATTERN,
    SCHEMA_VERSION,
    Goal,
    Settings,
    Thresholds,
)
from therapylog.journal.fsutil import atomic_write, read_regular_file

FILE_NAME = "documents.json"
FORMAT = "therapylog-document-memo"
#: 2: dates and thresholds are checked against their ranges (docs/data-safety.md)
FORMAT_VERSION = 2

T = TypeVar("T")


def remembered(
    cache_dir: Path, name: str, data: bytes, parse: Callable[[], T], kind: type[Any]
) -> T:
    """``parse()``, unless the memo holds the result for exactly ``data`` (the file ``name``).

    ``kind`` is ``Goal`` (a list of goals) or ``Settings``. Errors of ``parse`` propagate and
    nothing is remembered: a damaged file is reported on every read.
    """
    path = cache_dir / FILE_NAME
    memo = _load(path)
    record = memo.get(name)
    if isinstance(record, dict) and record.get("bytes") == _text(data):
        try:
            return _restore(kind, record["value"])  # type: ignore[no-any-return]
        except (ValueError, TypeError, KeyError, AttributeError):
            pass  # not what this memo writes: parse the file
    value = parse()
    memo[name] = {"bytes": _text(data), "value": _dump(value)}
    _save(path, memo)
    return value


def _text(data: bytes) -> str:
    # Files are UTF-8 text; surrogateescape keeps any other byte exact (and comparable).
    return data.decode("utf-8", "surrogateescape")


def _dump(value: Any) -> Any:
    if isinstance(value, Settings):
        return value.to_json()
    return [goal.to_json() for goal in value]


def _restore(kind: type[Any], value: Any) -> Any:
    if kind is Settings:
        return _settings(value)
    return [_goal(row) for row in value]


def _goal(row: dict[str, Any]) -> Goal:
    goal_id, title = row["id"], row["title"]
    if type(goal_id) is not str or not GOAL_ID_PATTERN.fullmatch(goal_id) or type(title) is not str:
        raise ValueError("not a goal")
    return Goal(goal_id, title, dt.date.fromisoformat(row["created"]), GoalStatus(row["status"]))


def _settings(value: dict[str, Any]) -> Settings:
    defaults = Thresholds()
    values = value["thresholds"]
    if set(values) != set(defaults.__dataclass_fields__):
        raise ValueError("not the thresholds of this version")
    for key, item in values.items():
        # the same type as the default: whole numbers stay whole, points stay floats
        if type(item) is not type(getattr(defaults, key)) or threshold_problem(key, item):
            raise ValueError(f"not a threshold: {key}")
    return Settings(Thresholds(**values), QuestionnaireRhythm(value["questionnaire_rhythm"]))


def _header() -> dict[str, Any]:
    return {"format": FORMAT, "version": FORMAT_VERSION, "program": __version__,
            "schema": SCHEMA_VERSION}  # fmt: skip


def _load(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(read_regular_file(path))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(document, dict) or document.get("header") != _header():
        return {}
    files = document.get("files")
    return files if isinstance(files, dict) else {}


def _save(path: Path, files: dict[str, Any]) -> None:
    from therapylog.data.errors import JournalError
    from therapylog.journal.cache import prepare_cache_dir

    # ASCII JSON: the odd byte kept by surrogateescape is written as an escape, read back exact
    data = json.dumps({"header": _header(), "files": files})
    try:
        prepare_cache_dir(path.parent)
        atomic_write(path, data.encode("ascii"))
    except (OSError, ValueError, JournalError):
        pass  # the memo is only an optimisation
