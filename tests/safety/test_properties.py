"""Promises checked on generated data (hypothesis):

- any valid entry survives the TOML round trip, and the trip through the journal's files;
- any valid journal survives backup then import unchanged, and importing again changes nothing;
- any bytes given to the reader yield an entry or a DamagedFileError, never another exception;
- text that cannot be stored (unpaired surrogates, e.g. from non-UTF-8 command-line bytes) is
  refused as invalid input with exit 2, and nothing is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import Cli, examples, files_snapshot
from tests.strategies import entries
from therapylog.data.errors import DamagedFileError
from therapylog.data.model import ENTRY_FIELDS, Entry, Goal, Record
from therapylog.data.validation import validate
from therapylog.journal import codec
from therapylog.journal.backup import backup_document, parse_backup
from therapylog.journal.importing import import_backup
from therapylog.journal.storage import Journal

SETTINGS = settings(
    max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _content(entry: Entry) -> str:
    data = entry.to_json()
    data.pop("id")
    return json.dumps(data, sort_keys=True)


@st.composite
def journals(draw: st.DrawFn) -> list[Entry]:
    """Entries with distinct ids; some days hold several, some entries are exact twins."""
    drawn = draw(st.lists(entries(), max_size=8))
    result: dict[str, Entry] = {}
    for entry in drawn:
        result.setdefault(entry.id, entry)
        if draw(st.booleans()):  # a second, identical appointment the same day
            twin_id = f"{entry.date.isoformat()}-{draw(st.integers(5, 9))}"
            result.setdefault(twin_id, entry.replace(id=twin_id))
    return list(result.values())


goals_lists = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True),
            "title": st.text(min_size=1, max_size=20).filter(lambda s: s.split()),
            "created": st.dates(dt.date(2020, 1, 1), dt.date(2026, 11, 22)),
            "status": st.sampled_from(["active", "achieved", "dropped"]),
        }
    ).map(lambda data: validate(Goal, data)),
    max_size=4,
    unique_by=lambda goal: goal.id,
)


@given(entries())
@SETTINGS
def test_the_fast_json_of_an_entry_is_the_generic_one(entry: Entry) -> None:
    fast = entry.to_stored_json()
    assert fast == Record.to_json(entry)
    assert list(fast) == list(ENTRY_FIELDS)
    shown = entry.to_json()  # what every JSON output shows: the felt in force
    felt = entry.effective_felt
    derived = entry.felt is None and felt is not None
    assert shown == fast | {"felt": felt and felt.value, "felt_derived": derived}
    assert list(shown) == [*ENTRY_FIELDS[:7], "felt_derived", *ENTRY_FIELDS[7:]]
    assert json.loads(json.dumps(fast)) == fast  # plain JSON values only
    assert type(fast["status"]) is str and all(type(v) is str for v in fast["progress"].values())


@given(entries())
@SETTINGS
def test_any_valid_entry_survives_the_toml_round_trip(entry: Entry) -> None:
    data = codec.entry_to_toml(entry)
    back = codec.entry_from_toml(Path(f"{entry.id}.toml"), data)
    assert back == entry
    assert back.to_json() == entry.to_json()
    assert codec.entry_to_toml(back) == data


@given(journals(), goals_lists)
@SETTINGS
def test_any_journal_survives_its_files_then_backup_and_import(
    journal_entries: list[Entry], goals: list[Goal]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        original = Journal(Path(folder) / "original", lock_timeout=5)
        with original.locked():
            original.write_new_entries(journal_entries)
            if goals:
                original.write_goals_unlocked(goals)
        read = original.snapshot()
        assert read.problems == []
        assert sorted(read.entries, key=lambda e: e.id) == sorted(
            journal_entries, key=lambda e: e.id
        )
        assert read.goals == goals

        text = json.dumps(backup_document(read.entries, read.goals, None), ensure_ascii=False)
        restored = Journal(Path(folder) / "restored", lock_timeout=5)
        result = import_backup(restored, parse_backup("backup.json", text))
        assert result.skipped == 0 and result.renamed == {}
        assert files_snapshot(restored.root) == files_snapshot(original.root)

        again = import_backup(restored, parse_backup("backup.json", text))
        assert (again.added, again.skipped) == ([], len(journal_entries))
        assert files_snapshot(restored.root) == files_snapshot(original.root)


@given(journals(), journals())
@SETTINGS
def test_importing_into_a_journal_loses_nothing_from_either_side(
    local: list[Entry], incoming: list[Entry]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        journal = Journal(Path(folder), lock_timeout=5)
        with journal.locked():
            journal.write_new_entries(local)
        before = files_snapshot(journal.root)
        text = json.dumps(backup_document(incoming, [], None))
        import_backup(journal, parse_backup("backup.json", text))
        after = files_snapshot(journal.root)
        assert {name: after[name] for name in before} == before  # local files untouched
        merged = Counter(_content(entry) for entry in journal.read_entries().entries)
        for side in (local, incoming):
            for content, count in Counter(_content(entry) for entry in side).items():
                assert merged[content] >= count


# --- the reader never fails in an unexpected way ----------------------------------------------


def _read_entry(data: bytes) -> None:
    try:
        entry = codec.entry_from_toml(Path("2026-11-20.toml"), data)
    except DamagedFileError as error:
        assert error.reason
    else:
        assert isinstance(entry, Entry)


VALID = codec.entry_to_toml(
    validate(
        Entry,
        {
            "id": "2026-11-20",
            "date": "2026-11-20",
            "therapist": "Dr. Lee",
            "mood_before": 3,
            "progress": {"sleep": "slight"},
            "incidents": [{"kind": "distracted", "note": "phone"}],
            "alliance": {"heard": 8, "goals": 7, "approach": 8, "overall": 9},
            "tags": ["a"],
            "notes": "one\ntwo",
        },
    )
)


@given(st.binary(max_size=2000))
@SETTINGS
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe" + "schema_version = 1".encode("utf-16-le"))
@example(b"schema_version = 1\nx = " + b"[" * 10000)
@example(b"schema_version = 1\nx = " + b"{a=" * 10000)
@example(b"schema_version = 99999999999999999999999")
@example(b"schema_version = 1\ndate = 2026-02-30")
@example(VALID.replace(b"2026-11-20\n", b"2026-11-20T10:00:00+25:00\n"))
def test_any_bytes_give_an_entry_or_a_damaged_file_error(data: bytes) -> None:
    _read_entry(data)


@given(
    st.lists(
        st.tuples(st.integers(0, len(VALID)), st.integers(0, 8), st.binary(max_size=6)),
        min_size=1,
        max_size=4,
    )
)
@SETTINGS
def test_a_damaged_copy_of_a_valid_file_gives_an_entry_or_a_damaged_file_error(
    edits: list[tuple[int, int, bytes]],
) -> None:
    data = bytearray(VALID)
    for position, length, replacement in edits:
        data[position : position + length] = replacement
    _read_entry(bytes(data))


toml_values = st.recursive(
    st.none().map(lambda _: "")
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats()
    | st.text(max_size=10)
    | st.dates()
    | st.datetimes()
    | st.times(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=12,
)
ENTRY_KEYS = [*ENTRY_FIELDS, "schema_version", "unknown"]


@given(st.dictionaries(st.sampled_from(ENTRY_KEYS), toml_values, max_size=8), st.booleans())
@SETTINGS
def test_any_toml_document_gives_an_entry_or_a_damaged_file_error(
    document: dict[str, Any], versioned: bool
) -> None:
    if versioned:
        document = {"schema_version": 1, **document}
    data = tomli_w.dumps(document).encode()
    _read_entry(data)
    for reader in (codec.goals_from_toml, codec.settings_from_toml):
        with contextlib.suppress(DamagedFileError):
            reader(Path("x.toml"), data)


# --- text that cannot be stored is refused as input ------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("add", "--no-input", "--therapist", "A", "--note", "bad \udcff byte"),
        ("add", "--no-input", "--therapist", "Dr. \udce9"),
        ("add", "--no-input", "--therapist", "A", "--tag", "\udcff"),
        ("goals", "add", "Sleep \udcff"),
    ],
    ids=["note", "therapist", "tag", "goal"],
)
def test_text_that_cannot_be_stored_is_invalid_input_and_writes_nothing(
    cli: Cli, journal_path: Path, args: tuple[str, ...]
) -> None:
    assert cli("add", "--no-input", "--therapist", "A", "--date", "2026-11-01").exit_code == 0
    before = files_snapshot(journal_path)
    result = cli(*args)
    assert result.exit_code == 2, result.stderr
    assert "internal error" not in result.stderr
    assert "UTF-8" in result.stderr
    assert files_snapshot(journal_path) == before


def test_a_backup_with_unstorable_text_is_refused_as_a_whole(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "b.json"
    backup.write_text(
        '{"format": "therapylog-backup", "version": 1, "entries": ['
        '{"id": "2026-11-01", "date": "2026-11-01", "therapist": "A"},'
        '{"id": "2026-11-02", "date": "2026-11-02", "therapist": "A", "notes": "\\udcff"}]}'
    )
    result = cli("import", str(backup))
    assert result.exit_code == 2, result.stderr
    assert "internal error" not in result.stderr
    assert not (journal_path / "entries").exists() or not list((journal_path / "entries").iterdir())
