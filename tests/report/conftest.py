"""Helpers for the report tests: example journals, reports built in memory, golden files.

Golden files live in ``tests/report/golden/``. To accept a deliberate change of output, run
``THERAPYLOG_UPDATE_GOLDEN=1 pytest tests/report`` and review the diff before committing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import tempfile
from pathlib import Path
from typing import Any

from tests.conftest import copy_example
from therapylog.data.model import Entry, Goal, Settings
from therapylog.data.validation import validate
from therapylog.journal.storage import Journal
from therapylog.report.build import build_report
from therapylog.report.model import Period, Report
from therapylog.report.period import month_period

EXAMPLE_NAMES = ("empathic-failures", "repaired-rupture", "stalled")
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE_ENV = "THERAPYLOG_UPDATE_GOLDEN"
TODAY = dt.date(2026, 11, 22)


def assert_golden(name: str, actual: str) -> None:
    """Compare with ``golden/<name>``; rewrite it instead when THERAPYLOG_UPDATE_GOLDEN is set."""
    path = GOLDEN / name
    if os.environ.get(UPDATE_ENV):
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path}; run with {UPDATE_ENV}=1 to create it"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"golden/{name}",
                tofile="actual",
            )
        )
        raise AssertionError(
            f"output differs from golden/{name} (set {UPDATE_ENV}=1 to accept):\n{diff}"
        )


def example_report(name: str, period: Period | None = None) -> Report:
    """An example journal's report, for the whole journal unless a period is given (read from a
    copy: a read may write the journal's cache, and examples/ belongs to the repository)."""
    with tempfile.TemporaryDirectory() as folder:
        snapshot = Journal(copy_example(name, Path(folder))).snapshot()
    if period is None:
        period = Period(start=snapshot.entries[0].date, end=TODAY, label="all entries")
    return build_report(snapshot.entries, snapshot.goals, snapshot.settings, period, today=TODAY)


def entry(day: str, therapist: str = "Dr Ana Ames", *, seq: int = 1, **fields: Any) -> Entry:
    entry_id = day if seq == 1 else f"{day}-{seq}"
    return validate(Entry, {"id": entry_id, "date": day, "therapist": therapist, **fields})


def report_of(
    entries: list[Entry],
    goals: list[Goal] | None = None,
    period: Period | None = None,
    **kwargs: Any,
) -> Report:
    return build_report(
        entries,
        goals or [],
        Settings(),
        period or month_period(2026, 11),
        today=TODAY,
        **kwargs,
    )


HOSTILE = '<script>alert("x")</script> **bold** _em_ [link](http://example.org) | pipe # hash `code` & &amp; \x1b[31mred\x1b[0m'
