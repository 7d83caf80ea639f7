"""The derived index (therapylog.journal.index): never trusted over the journal's files,
invisible but for speed.

Tests that damage the index write it as anyone who has read its documented layout could
(:func:`forge`; docs/performance.md): a well-formed file whose rows say something else.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Cli, examples
from tests.strategies import entries as any_entry
from therapylog.data.catalogue import GoalStatus
from therapylog.data.model import Entry, Goal, Settings, Thresholds, entry_sort_key
from therapylog.data.validation import validate
from therapylog.journal import codec, index
from therapylog.journal.index import Index, index_path
from therapylog.journal.storage import Journal

Rows = dict[str, Any]


def make_entry(entry_id: str, **fields: object) -> Entry:
    values: dict[str, object] = {
        "id": entry_id,
        "date": entry_id[:10],
        "therapist": "Dr Lee",
        "mood_before": 4,
        "mood_after": 6,
        "incidents": [{"kind": "forgot-details", "note": "my sister's name", "repaired": True}],
        "alliance": {"heard": 8, "goals": 7, "approach": 9, "overall": 8},
        "progress": {"sleep": "slight"},
        "phq9_items": [1, 2, 1, 0, 1, 2, 0, 1, 0],
        "tags": ["work"],
        "notes": "We talked about work.\nSecond line.",
    }
    values.update(fields)
    return validate(Entry, values)


def write(journal: Journal, entry: Entry) -> Path:
    journal.entries_dir.mkdir(parents=True, exist_ok=True)
    path = journal.entry_path(entry.id)
    path.write_bytes(codec.entry_to_toml(entry))
    return path


def tick() -> None:
    """Let the clock move past the file system's timestamp granularity."""
    time.sleep(0.02)


def forge(
    root: Path, change: Callable[[Rows, Rows], object], spell: Callable[[bytes], bytes] = bytes
) -> None:
    """Rewrite the index with ``change(entry rows, document rows)`` applied (and the entry
    rows' JSON respelled by ``spell``), header and checksum made to match: what a hostile or
    buggy program could leave in a synced folder."""
    path = index_path(root)
    head, body, *proof = path.read_bytes().split(b"\n")  # a forger cannot redo line 3
    header, rows = json.loads(head), json.loads(body)
    change(rows, header["documents"])
    body = spell(json.dumps(rows).encode())
    header["body"] = [len(body), zlib.adler32(body)]
    path.write_bytes(b"\n".join([json.dumps(header).encode(), body, *proof]))


@pytest.fixture(autouse=True)
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A machine id of this test's own, so that every machine runs the keyed path alike."""
    machine_id = tmp_path / "machine-id"
    machine_id.write_text("5f1d0c2a9b8e4f6a8c7d3e2b1a0f9e8d\n")
    monkeypatch.setattr(index, "MACHINE_ID", machine_id)
    index.local_key.cache_clear()
    yield machine_id
    index.local_key.cache_clear()


@pytest.fixture
def keyless(machine: Path) -> None:
    """A computer without a machine id (macOS, Windows): no key proves an index, so every
    row it holds is validated as if read from its file."""
    machine.unlink()
    index.local_key.cache_clear()


@pytest.fixture(params=["keyed", "keyless"])
def either_computer(request: pytest.FixtureRequest, machine: Path) -> None:
    """A computer with a machine id (whose key proves the index it writes), then one without
    (whose checks of the file's shape and text are all that stands between a forged index and
    a command)."""
    if request.param == "keyless":
        machine.unlink()
        index.local_key.cache_clear()


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat every file as settled, so that files written by the test are indexed at once."""
    monkeypatch.setattr(index, "SETTLE_NS", 0)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the entry files parsed from TOML (that is: not served from the index)."""
    names: list[str] = []
    original = codec.entry_from_toml

    def counting(path: Path, data: bytes) -> Entry:
        names.append(path.name)
        return original(path, data)

    monkeypatch.setattr(codec, "entry_from_toml", counting)
    yield names


@pytest.fixture
def warm(journal: Journal, settled: None, parsed: list[str]) -> list[Entry]:
    """Three entries, read once so that the index holds them."""
    saved = [
        make_entry("2026-11-01"),
        make_entry("2026-11-08", status="therapist-cancelled", incidents=[], alliance=None),
        make_entry("2026-11-08-2", mood_before=2, felt="much-worse", tags=[], notes=""),
    ]
    for entry in saved:
        write(journal, entry)
    tick()
    assert journal.read_entries().entries == saved
    assert sorted(parsed) == sorted(f"{entry.id}.toml" for entry in saved)
    parsed.clear()
    return saved


def read(journal: Journal) -> list[Entry]:
    """What the next command would read (a new Journal: nothing kept in memory)."""
    return Journal(journal.root).read_entries().entries


def test_unchanged_files_are_served_from_the_index(
    journal: Journal, warm: list[Entry], parsed: list[str]
) -> None:
    entries = read(journal)
    assert entries == warm
    assert [entry.to_json() for entry in entries] == [entry.to_json() for entry in warm]
    assert parsed == []


def test_a_snapshot_serves_unchanged_files_from_the_index(
    journal: Journal, warm: list[Entry], parsed: list[str]
) -> None:
    """What report, export and status read: the journal as the analysis needs it."""
    assert Journal(journal.root).snapshot().entries == warm
    assert parsed == []


def test_entries_from_the_index_behave_like_parsed_ones(
    journal: Journal, warm: list[Entry]
) -> None:
    entry = read(journal)[0]
    assert entry == warm[0] and entry.to_dict() == warm[0].to_dict()
    with pytest.raises(Exception, match="cannot assign"):
        entry.notes = "changed"  # type: ignore[misc]
    assert entry.replace(notes="other").notes == "other" and entry.notes == warm[0].notes
    assert entry.effective_felt == warm[0].effective_felt and entry.phq9 == 8
    assert entry_sort_key(entry) == (entry.date, 1)
    assert entry_sort_key(read(journal)[2]) == (warm[2].date, 2)


def test_a_changed_file_with_the_same_size_is_read_again(
    journal: Journal, warm: list[Entry], parsed: list[str]
) -> None:
    path = journal.entry_path("2026-11-01")
    edited = make_entry("2026-11-01", mood_before=5)  # one digit for another: same size
    tick()
    path.write_bytes(codec.entry_to_toml(edited))
    assert path.stat().st_size == len(codec.entry_to_toml(warm[0]))
    assert read(journal)[0] == edited
    assert parsed == ["2026-11-01.toml"]


def test_a_changed_file_with_its_old_mtime_is_read_again(
    journal: Journal, warm: list[Entry]
) -> None:
    path = journal.entry_path("2026-11-01")
    before = path.stat()
    edited = make_entry("2026-11-01", notes="Much longer notes than before, so the size differs.")
    path.write_bytes(codec.entry_to_toml(edited))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert read(journal)[0] == edited


def test_an_edit_in_place_that_keeps_size_and_mtime_is_seen(
    journal: Journal, warm: list[Entry]
) -> None:
    """The change time (which no program can set back) gives it away."""
    path = journal.entry_path("2026-11-01")
    before = path.stat()
    edited = make_entry("2026-11-01", mood_after=7)
    tick()
    with path.open("r+b") as handle:  # in place, as some editors save
        handle.write(codec.entry_to_toml(edited))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert read(journal)[0] == edited


class FrozenTimes:
    """A file system (or sync tool) on which files keep the times ``times`` gives them,
    whatever happens to them: only size and inode can tell a change."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, folder: Path, times: Callable[[int], int]):
        real = os.lstat

        def lstat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
            info = real(path, *args, **kwargs)
            if not os.fspath(path).startswith(os.fspath(folder)):
                return info
            mtime, ctime = times(info.st_mtime_ns), times(info.st_ctime_ns)
            seconds = {"st_atime_ns": info.st_atime_ns, "st_mtime_ns": mtime, "st_ctime_ns": ctime}
            return os.stat_result(tuple(info)[:10], seconds)

        monkeypatch.setattr(os, "lstat", lstat)


def test_a_file_replaced_with_the_same_size_and_times_is_read_again(
    journal: Journal, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An atomic replacement (a new inode) on a file system that reports the same times."""
    long_ago = time.time_ns() - 3600 * 10**9
    FrozenTimes(monkeypatch, journal.entries_dir, lambda ns: long_ago)
    write(journal, make_entry("2026-11-01"))
    assert read(journal) == [make_entry("2026-11-01")]
    edited = make_entry("2026-11-01", mood_after=7)  # the same size
    journal.replace_entry(edited)  # a temporary file renamed over it
    assert read(journal) == [edited]


def test_an_edit_within_the_settling_time_is_seen_on_a_coarse_file_system(
    journal: Journal, monkeypatch: pytest.MonkeyPatch, parsed: list[str]
) -> None:
    """Times in whole seconds (as on some file systems): an edit within the same second keeps
    size, times and inode. A file changed this recently is read, never indexed (racy clean)."""
    FrozenTimes(monkeypatch, journal.entries_dir, lambda ns: ns - ns % 10**9)
    path = write(journal, make_entry("2026-11-01"))
    assert read(journal) == [make_entry("2026-11-01")]
    edited = make_entry("2026-11-01", mood_after=7)
    with path.open("r+b") as handle:  # in place: the same inode
        handle.write(codec.entry_to_toml(edited))
    assert read(journal) == [edited]
    assert parsed == ["2026-11-01.toml", "2026-11-01.toml"]


def test_a_deleted_entry_disappears_and_leaves_no_copy_in_the_index(
    journal: Journal, warm: list[Entry]
) -> None:
    write(journal, make_entry("2026-11-20", notes="a note only this entry holds"))
    tick()
    assert "a note only this entry holds" in (read(journal)[-1].notes)
    assert "a note only this entry holds" in index_path(journal.root).read_text()
    journal.entry_path("2026-11-20").unlink()
    assert read(journal) == warm
    assert "a note only this entry holds" not in index_path(journal.root).read_text()


def test_a_new_file_appears(journal: Journal, warm: list[Entry], parsed: list[str]) -> None:
    new = make_entry("2026-11-15", therapist="Sam Okafor")
    write(journal, new)
    assert read(journal) == [*warm, new]
    assert parsed == ["2026-11-15.toml"]


def test_a_damaged_file_is_reported_on_every_read_with_a_warm_index(
    journal: Journal, warm: list[Entry]
) -> None:
    tick()
    journal.entry_path("2026-11-08").write_text("this is = = not TOML")
    write(journal, make_entry("2026-11-15"))
    (journal.entries_dir / "2026-11-20.toml").write_text("schema_version = 1\nid = 3\n")
    for _ in range(3):
        result = Journal(journal.root).read_entries()
        assert [entry.id for entry in result.entries] == [
            "2026-11-01",
            "2026-11-08-2",
            "2026-11-15",
        ]
        assert sorted(problem.path.name for problem in result.problems) == [
            "2026-11-08.toml",
            "2026-11-20.toml",
        ]


def test_files_changed_within_the_settling_time_are_not_indexed(
    journal: Journal, parsed: list[str]
) -> None:
    write(journal, make_entry("2026-11-01"))
    read(journal)
    read(journal)
    assert parsed == ["2026-11-01.toml", "2026-11-01.toml"]
    assert not (journal.root / ".cache").exists()  # nothing worth keeping: nothing written


def test_a_file_changed_just_now_is_not_indexed_even_with_an_old_mtime(
    journal: Journal, parsed: list[str]
) -> None:
    """Editors and sync tools may set a file's modification time back; its change time (which
    no program can set) says it was written just now."""
    path = write(journal, make_entry("2026-11-01"))
    long_ago = time.time_ns() - 10 * index.SETTLE_NS
    os.utime(path, ns=(long_ago, long_ago))
    assert path.stat().st_ctime_ns > long_ago + index.SETTLE_NS
    read(journal)
    read(journal)
    assert parsed == ["2026-11-01.toml", "2026-11-01.toml"]


def _header(field: str, value: object) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        head, body = data.split(b"\n", 1)
        header = json.loads(head)
        header[field] = value
        return json.dumps(header).encode() + b"\n" + body

    return change


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-1], id="one-byte-short"),
        pytest.param(lambda data: data[:-40] + b"X" * 40, id="corrupt"),
        pytest.param(lambda data: data.replace(b"Dr Lee", b"Dr Lea"), id="tampered-unsealed"),
        pytest.param(lambda data: b"\x00\xff" * 100, id="binary"),
        pytest.param(lambda data: b"not json\n{}", id="not-json"),
        pytest.param(lambda data: b'{"format": "something else"}\n{}', id="foreign"),
        pytest.param(_header("version", 999), id="wrong-version"),
        pytest.param(_header("program", "9.9.9"), id="other-program-version"),
        pytest.param(_header("documents", []), id="documents-not-a-table"),
        pytest.param(lambda data: b"[1, 2, 3]", id="json-list"),
        pytest.param(lambda data: b"[" * 100_000, id="nested-header"),
        pytest.param(lambda data: b"1" * 5000 + b"\n{}", id="absurd-number"),
    ],
)
@pytest.mark.usefixtures("either_computer")
def test_a_damaged_or_foreign_index_is_ignored_and_rebuilt(
    journal: Journal, warm: list[Entry], parsed: list[str], damage: Callable[[bytes], bytes]
) -> None:
    path = index_path(journal.root)
    path.write_bytes(damage(path.read_bytes()))
    assert read(journal) == warm
    assert sorted(parsed) == sorted(f"{entry.id}.toml" for entry in warm)
    parsed.clear()
    assert read(journal) == warm
    assert parsed == []  # rebuilt


def _entry_field(field: str, value: object, name: str = "2026-11-01.toml") -> Callable[..., None]:
    def change(rows: Rows, documents: Rows) -> None:
        rows[name][4][field] = value

    return change


def _row(value: object, name: str = "2026-11-01.toml") -> Callable[..., None]:
    def change(rows: Rows, documents: Rows) -> None:
        rows[name] = value(rows[name]) if callable(value) else value

    return change


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_entry_field("mood_before", 11), id="mood-out-of-range"),
        pytest.param(_entry_field("mood_after", -2), id="mood-negative"),
        pytest.param(_entry_field("phq9", 28), id="phq9-out-of-range"),
        pytest.param(_entry_field("phq9", 3), id="phq9-not-the-sum-of-its-items"),
        pytest.param(_entry_field("phq9_items", [4, 0, 0, 0, 0, 0, 0, 0, 0]), id="item-4"),
        pytest.param(_entry_field("status", "abducted"), id="unknown-status"),
        pytest.param(_entry_field("felt", "ecstatic"), id="unknown-felt"),
        pytest.param(_entry_field("therapist", 7), id="therapist-a-number"),
        pytest.param(_entry_field("therapist", "x" * 500), id="therapist-too-long"),
        pytest.param(_entry_field("notes", None), id="notes-none"),
        pytest.param(_entry_field("tags", "work"), id="tags-a-string"),
        pytest.param(_entry_field("progress", {"sleep": "huge"}), id="unknown-level"),
        pytest.param(_entry_field("alliance", {"heard": 11}), id="alliance-11"),
        pytest.param(_entry_field("incidents", [{"kind": "not-a-kind"}]), id="unknown-kind"),
        pytest.param(_entry_field("date", "2026-11-02"), id="date-not-the-ids"),
        pytest.param(_entry_field("date", "3026-11-01"), id="date-out-of-range"),
        pytest.param(_entry_field("mood", 5), id="unknown-field"),
        pytest.param(_entry_field("id", "2026-11-02"), id="another-files-entry"),
        pytest.param(_row(lambda row: [*row[:4], None]), id="no-entry"),
        pytest.param(_row(lambda row: [*row[:4], "2026-11-01"]), id="entry-a-string"),
        pytest.param(_row(lambda row: row[:3]), id="row-too-short"),
        pytest.param(_row(lambda row: [str(number) for number in row[:4]] + row[4:]), id="text"),
        pytest.param(_row(lambda row: dict(enumerate(row))), id="row-a-table"),
        pytest.param(_row("nonsense"), id="row-a-string"),
    ],
)
@pytest.mark.usefixtures("keyless")
def test_an_index_row_that_is_not_a_valid_entry_of_its_file_is_ignored_and_rebuilt(
    journal: Journal, warm: list[Entry], parsed: list[str], change: Callable[..., None]
) -> None:
    """On a computer with no key, rows are rebuilt through validation, as if read from their
    files: a row that would not pass it is never served, whatever its shape."""
    forge(journal.root, change)
    assert read(journal) == warm
    assert parsed == ["2026-11-01.toml"]
    parsed.clear()
    assert read(journal) == warm
    assert parsed == []  # rebuilt


@pytest.mark.usefixtures("either_computer")
def test_text_no_entry_file_could_hold_is_never_served(
    journal: Journal, warm: list[Entry], parsed: list[str]
) -> None:
    """JSON can spell a lone surrogate, as an escape (after an escaped backslash, too) or as
    raw bytes; UTF-8 files cannot. On a computer without a key, nothing else would stop it."""
    for spelling in (b"\\udcff", b"\\\\\\udcff", b"\xed\xb3\xbf"):
        forge(
            journal.root,
            _entry_field("notes", "REPLACE"),
            lambda body: body.replace(b"REPLACE", spelling),  # noqa: B023
        )
        assert read(journal) == warm
        assert sorted(parsed) == sorted(f"{entry.id}.toml" for entry in warm)
        parsed.clear()


def test_a_note_that_quotes_a_surrogate_escape_is_served_from_the_index(
    journal: Journal, settled: None, parsed: list[str]
) -> None:
    saved = [make_entry("2026-11-01", notes="JSON writes it \\udcff, and \\\\udcff too")]
    write(journal, saved[0])
    tick()
    assert read(journal) == saved
    parsed.clear()
    assert read(journal) == saved
    assert parsed == []


@pytest.mark.usefixtures("keyless")
def test_an_entry_indexed_under_another_name_is_never_served(
    journal: Journal, warm: list[Entry], parsed: list[str]
) -> None:
    def swap(rows: Rows, documents: Rows) -> None:
        first, second = rows["2026-11-08.toml"], rows["2026-11-08-2.toml"]
        first[4], second[4] = second[4], first[4]

    forge(journal.root, swap)
    assert read(journal) == warm
    assert sorted(parsed) == ["2026-11-08-2.toml", "2026-11-08.toml"]


def test_an_index_bigger_than_the_limit_is_neither_read_nor_written(
    journal: Journal, warm: list[Entry], parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit is far above any real journal's index (docs/performance.md); a smaller one
    shows what happens above it."""
    before = index_path(journal.root).read_bytes()
    monkeypatch.setattr(index, "MAX_INDEX_BYTES", len(before) - 1)
    for _ in range(2):
        assert read(journal) == warm
    assert len(parsed) == 6  # never used
    assert index_path(journal.root).read_bytes() == before  # and never replaced


def test_deleting_the_index_changes_nothing_but_speed(
    cli: Cli, journal_path: Path, settled: None
) -> None:
    assert cli("goals", "add", "Sleep better", "--id", "sleep").exit_code == 0
    (journal_path / "settings.toml").write_text("schema_version = 1\n[thresholds]\nmood_drop = 1\n")
    for day, extra in (
        ("2026-11-01", ["--incident", "forgot-details: my name", "--mood-before", "5"]),
        ("2026-11-08", ["--status", "double-booked"]),
        ("2026-11-15", ["--progress", "sleep=clear", "--alliance", "8,8,8,8", "--phq9", "12"]),
    ):
        args = ["add", "--no-input", "--date", day, "--therapist", "Dr Lee", *extra]
        assert cli(*args).exit_code == 0
    tick()
    commands = [["list"], ["list", "--json"], ["report", "--all", "--json"], ["check"]]
    commands += [["goals", "list"], ["status"]]
    cold = [cli(*command).stdout for command in commands]
    assert index_path(journal_path).is_file()
    warm = [cli(*command).stdout for command in commands]
    shutil.rmtree(journal_path / ".cache")
    again = [cli(*command).stdout for command in commands]
    assert cold == warm == again
    assert sorted(path.name for path in (journal_path / "entries").iterdir()) == [
        "2026-11-01.toml",
        "2026-11-08.toml",
        "2026-11-15.toml",
    ]


def test_the_index_is_private_whatever_the_umask(journal: Journal, warm: list[Entry]) -> None:
    shutil.rmtree(journal.root / ".cache")
    old = os.umask(0)
    try:
        read(journal)
    finally:
        os.umask(old)
    folder = journal.root / ".cache"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert sorted(child.name for child in folder.iterdir()) == sorted(
        [".gitignore", "CACHEDIR.TAG", index_path(journal.root).name]
    )
    for child in folder.iterdir():
        assert stat.S_IMODE(child.stat().st_mode) == 0o600, child


def test_the_index_tells_backup_tools_and_git_to_skip_it(
    journal: Journal, warm: list[Entry]
) -> None:
    folder = journal.root / ".cache"
    tag = (folder / "CACHEDIR.TAG").read_text()
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (folder / ".gitignore").read_text() == "*\n"


def test_an_older_versions_copies_of_the_notes_are_removed(
    journal: Journal, warm: list[Entry]
) -> None:
    folder = journal.root / ".cache"
    old = index_path(journal.root).name.replace("index-", "entries-")
    for name in (old, "documents.json", "entries-of-another-computer.json"):
        (folder / name).write_text("an older therapylog's cache, with copies of the notes")
    write(journal, make_entry("2026-11-21"))  # something new, so the index is written again
    tick()
    read(journal)
    assert sorted(path.name for path in folder.iterdir() if "json" in path.name) == sorted(
        [index_path(journal.root).name, "entries-of-another-computer.json"]
    )


def test_an_index_that_cannot_be_written_never_fails_a_read(
    journal: Journal, settled: None
) -> None:
    saved = make_entry("2026-11-01")
    write(journal, saved)
    tick()
    (journal.root / ".cache").write_text("a file where the folder should be")
    assert read(journal) == [saved]
    assert (journal.root / ".cache").read_text() == "a file where the folder should be"


def test_an_index_folder_that_is_a_symlink_is_not_written_through(
    journal: Journal, settled: None, tmp_path: Path
) -> None:
    saved = make_entry("2026-11-01")
    write(journal, saved)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (journal.root / ".cache").symlink_to(elsewhere)
    tick()
    assert read(journal) == [saved]
    assert list(elsewhere.iterdir()) == []


def test_concurrent_readers_leave_a_valid_index(
    journal: Journal, warm: list[Entry], parsed: list[str]
) -> None:
    """Two readers that each learned something write complete files; the last one wins."""
    write(journal, extra := make_entry("2026-11-20"))
    tick()

    def load(name: str) -> Entry:
        path = journal.entries_dir / name
        return codec.entry_from_toml(path, path.read_bytes())

    first, second = Index(journal.root), Index(journal.root)
    for reader in (first, second):
        entries = reader.entries(journal.entries_dir, journal.entry_names(), load, trust=True)
        assert sorted(entries, key=entry_sort_key) == [*warm, extra]
    second.save()
    first.save()
    parsed.clear()
    assert read(journal) == [*warm, extra]
    assert parsed == []


def test_a_write_killed_half_way_leaves_only_a_temporary_file_that_is_ignored(
    journal: Journal, warm: list[Entry], parsed: list[str]
) -> None:
    folder = journal.root / ".cache"
    leftover = folder / f".{index_path(journal.root).name}.abc123.tmp"
    leftover.write_bytes(b'{"format": "therapylog-index", "ver')
    assert read(journal) == warm
    assert parsed == []
    long_ago = time.time() - 7200
    os.utime(leftover, (long_ago, long_ago))
    write(journal, make_entry("2026-11-21"))  # something new, so the index is written again
    tick()
    read(journal)
    assert not leftover.exists()


def test_each_computer_keeps_its_own_index(
    journal: Journal, warm: list[Entry], parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inode numbers and change times are not the same on two computers syncing a folder."""
    here = index_path(journal.root)
    monkeypatch.setattr(os, "uname", lambda: os.uname_result(("Linux", "other", "", "", "")))
    assert read(journal) == warm
    assert len(parsed) == 3  # nothing of this computer's index is used there
    assert here.is_file() and index_path(journal.root).is_file()
    assert index_path(journal.root) != here and index_path(journal.root).parent == here.parent


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(any_entry(), max_size=8, unique_by=lambda entry: entry.id))
def test_reading_with_and_without_the_index_gives_the_same_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, saved: list[Entry]
) -> None:
    monkeypatch.setattr(index, "SETTLE_NS", 0)
    journal = Journal(tmp_path / f"journal-{time.perf_counter_ns()}")
    for entry in saved:
        write(journal, entry)
    tick()
    without = read(journal)  # parses every file and fills the index
    with_index = read(journal)
    assert with_index == without
    assert json.dumps([e.to_json() for e in with_index]) == json.dumps(
        [e.to_json() for e in without]
    )


@pytest.mark.usefixtures("keyless")
def test_check_reads_every_file_whatever_the_index_says(
    journal: Journal, warm: list[Entry], parsed: list[str]
) -> None:
    """Disk corruption that leaves a file's size and times alone (bit rot) is invisible to
    the index, so ``check`` does not consult it; it refreshes it instead."""
    forge(journal.root, _entry_field("notes", "what the index remembers"))
    assert read(journal)[0].notes == "what the index remembers"  # valid, so trusted
    parsed.clear()
    count, problems = Journal(journal.root).check()
    assert (count, problems) == (3, [])
    assert sorted(parsed) == sorted(f"{entry.id}.toml" for entry in warm)
    assert read(journal) == warm  # check put the truth back


def test_check_reports_a_damaged_file_the_index_still_holds(
    journal: Journal, warm: list[Entry]
) -> None:
    entry_file = journal.entry_path("2026-11-08")
    entry_file.write_text("garbage = = =")
    info = entry_file.stat()

    def keep(rows: Rows, documents: Rows) -> None:
        name = "2026-11-08.toml"
        rows[name][:4] = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]

    forge(journal.root, keep)
    count, problems = Journal(journal.root).check()
    assert count == 2
    assert [problem.path.name for problem in problems] == ["2026-11-08.toml"]
    assert [entry.id for entry in read(journal)] == ["2026-11-01", "2026-11-08-2"]


def test_reading_a_journal_that_does_not_exist_creates_nothing(
    journal: Journal, settled: None
) -> None:
    assert journal.read_entries().entries == []
    assert journal.read_goals() == ([], None)
    assert not journal.root.exists()


GOALS = [
    validate(Goal, {"id": "sleep", "title": "Sleep through", "created": "2026-01-01"}),
    validate(
        Goal, {"id": "work", "title": "Back to work", "created": "2026-02-01", "status": "achieved"}
    ),
]
SETTINGS = Settings(Thresholds(empathic_warning=2, mood_drop=1.5))


@pytest.fixture
def documents(journal: Journal) -> Journal:
    """A journal with goals and settings, read once so that the index holds them."""
    journal.root.mkdir()
    journal.goals_path.write_bytes(codec.goals_to_toml(GOALS))
    journal.settings_path.write_bytes(codec.settings_to_toml(SETTINGS))
    assert journal.read_goals() == (GOALS, None)
    assert journal.read_settings() == (SETTINGS, None)
    return journal


@pytest.mark.usefixtures("either_computer")
def test_unchanged_goals_and_settings_are_served_from_the_index(
    documents: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_parsing(*args: object) -> None:
        raise AssertionError("an unchanged file was parsed again")

    monkeypatch.setattr(codec, "goals_from_toml", no_parsing)
    monkeypatch.setattr(codec, "settings_from_toml", no_parsing)
    goals, _ = Journal(documents.root).read_goals()
    settings, _ = Journal(documents.root).read_settings()
    assert goals == GOALS and goals[1].status is GoalStatus.ACHIEVED
    assert settings == SETTINGS and isinstance(settings.thresholds.mood_drop, float)


def test_changed_goals_are_read_again_whatever_their_times(documents: Journal) -> None:
    info = documents.goals_path.stat()
    changed = [GOALS[0].replace(title="Sleep well"), GOALS[1]]
    documents.goals_path.write_bytes(codec.goals_to_toml(changed))
    os.utime(documents.goals_path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert Journal(documents.root).read_goals() == (changed, None)


def test_damaged_goals_are_reported_on_every_read_and_never_indexed(documents: Journal) -> None:
    documents.goals_path.write_text("schema_version = 1\n[[goals]]\nid = 'Bad Id'\n")
    for _ in range(2):
        goals, problem = Journal(documents.root).read_goals()
        assert goals == [] and problem is not None and "goals[0]" in problem.reason
    assert "Bad Id" not in index_path(documents.root).read_text()


def _document(name: str, change: Callable[[Any], object]) -> Callable[..., None]:
    def forged(rows: Rows, documents: Rows) -> None:
        change(documents[name][1])

    return forged


@pytest.mark.parametrize(
    "change",
    [
        _document("goals.toml", lambda goals: goals[0].update(id="NOT A SLUG")),
        _document("goals.toml", lambda goals: goals[0].update(status="finished")),
        _document("goals.toml", lambda goals: goals[1].update(id="sleep")),  # used twice
        _document("goals.toml", lambda goals: goals.append("nonsense")),
        _document("settings.toml", lambda s: s["thresholds"].update(empathic_warning="2")),
        _document("settings.toml", lambda s: s["thresholds"].update(mood_drop=True)),
        _document("settings.toml", lambda s: s["thresholds"].update(empathic_warning=0)),
        _document("settings.toml", lambda s: s["thresholds"].update(mood_window=2)),
        _document("settings.toml", lambda s: s.update(questionnaire_rhythm="hourly")),
        lambda rows, documents: documents.update({"goals.toml": "nonsense"}),
        lambda rows, documents: documents["settings.toml"].append(1),
    ],
)
@pytest.mark.usefixtures("either_computer")
def test_goals_or_settings_in_the_index_that_would_not_validate_are_ignored(
    documents: Journal, change: Callable[..., None]
) -> None:
    forge(documents.root, change)
    assert Journal(documents.root).read_goals() == (GOALS, None)
    assert Journal(documents.root).read_settings() == (SETTINGS, None)


def test_goals_that_cannot_be_indexed_cost_only_speed(journal: Journal) -> None:
    journal.root.mkdir()
    journal.goals_path.write_bytes(codec.goals_to_toml(GOALS))
    (journal.root / ".cache").write_text("a file where the index folder should be")
    assert journal.read_goals() == (GOALS, None)
    assert journal.read_goals() == (GOALS, None)
    assert (journal.root / ".cache").read_text() == "a file where the index folder should be"


READER = """
import sys, time
from pathlib import Path
from therapylog.journal.storage import Journal
deadline = time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    Journal(Path(sys.argv[1])).read_entries()
"""

WRITER = """
import sys, time
from pathlib import Path
from therapylog.journal.storage import Journal
journal = Journal(Path(sys.argv[1]))
deadline = time.monotonic() + float(sys.argv[2])
mood = 0
while time.monotonic() < deadline:
    mood = (mood + 1) % 11
    for entry in journal.read_entries().entries[::3]:
        journal.replace_entry(entry.replace(mood_before=mood))
"""


@pytest.mark.slow
@pytest.mark.e2e
def test_readers_and_writers_at_once_leave_an_index_that_is_never_stale(journal: Journal) -> None:
    """Processes reading (and so writing the index) while another rewrites entries, some
    readers killed with SIGKILL half-way: afterwards the index serves exactly the files."""
    import signal
    import subprocess
    import sys

    for day in range(1, 29):
        write(journal, make_entry(f"2026-10-{day:02d}"))
    time.sleep(index.SETTLE_NS / 1e9 + 0.2)  # let them settle, so that they are indexed
    run = [sys.executable, "-c"]
    readers = [subprocess.Popen([*run, READER, str(journal.root), "4"]) for _ in range(3)]
    writer = subprocess.Popen([*run, WRITER, str(journal.root), "4"])
    victims = [subprocess.Popen([*run, READER, str(journal.root), "4"]) for _ in range(4)]
    for number, victim in enumerate(victims):
        time.sleep(0.3 + 0.2 * number)
        victim.send_signal(signal.SIGKILL)
    for process in [*readers, writer, *victims]:
        process.wait(timeout=60)
    assert writer.returncode == 0 and all(reader.returncode == 0 for reader in readers)
    time.sleep(index.SETTLE_NS / 1e9 + 0.2)
    truth = [
        codec.entry_from_toml(path, path.read_bytes())
        for path in map(journal.entries_dir.joinpath, journal.entry_names())
    ]
    for _ in range(3):  # the first read may refresh the index; the others are served from it
        assert read(journal) == truth


def test_rows_this_computer_wrote_are_served_without_validating_them_again(
    journal: Journal, warm: list[Entry], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index proves it was written here (its HMAC under this computer's key): its rows
    were validated when their files were parsed, and are not validated again (that is most of
    a warm read's cost, and it loads pydantic-core)."""
    from therapylog.data import validation

    def refuse(*_args: object) -> None:
        raise AssertionError("a proven row was validated again")

    monkeypatch.setattr(validation, "validate", refuse)
    assert read(journal) == warm


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_entry_field("mood_before", 3), id="a-valid-change"),
        pytest.param(_entry_field("mood_before", 11), id="an-invalid-change"),
        pytest.param(_row("nonsense"), id="a-broken-row"),
    ],
)
def test_an_index_changed_by_anyone_but_this_computer_is_ignored_whole(
    journal: Journal, warm: list[Entry], parsed: list[str], change: Callable[..., None]
) -> None:
    """A change made without this computer's key (by hand, by a program, by a synced copy
    from elsewhere) fails the proof: nothing in that index is served, even a valid row."""
    forge(journal.root, change)
    assert read(journal) == warm
    assert sorted(parsed) == sorted(f"{entry.id}.toml" for entry in warm)


def test_an_index_proven_for_another_machine_user_or_journal_is_ignored(
    journal: Journal,
    warm: list[Entry],
    parsed: list[str],
    machine: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The key binds the machine, the user and the journal's place. Each changes in turn while
    every file keeps its size, times and inode (the folder is moved, not copied), so that
    nothing but the key can tell: the index proves nothing there, and every file is read."""
    every_file = sorted(f"{entry.id}.toml" for entry in warm)
    proven_here = index_path(journal.root).read_bytes()

    def read_at(root: Path) -> list[str]:
        """The files a read of ``root`` parses, its index being the one proven here."""
        index_path(root).write_bytes(proven_here)
        index.local_key.cache_clear()
        parsed.clear()
        assert Journal(root).read_entries().entries == warm
        return sorted(parsed)

    machine_id = machine.read_text()
    machine.write_text("0123456789abcdef0123456789abcdef\n")
    assert read_at(journal.root) == every_file
    machine.write_text(machine_id)
    with monkeypatch.context() as patch:
        real_uid = os.getuid
        patch.setattr(os, "getuid", lambda: real_uid() + 1)
        assert read_at(journal.root) == every_file
    moved = tmp_path / "moved"
    journal.root.rename(moved)
    assert read_at(moved) == every_file
    moved.rename(journal.root)
    assert read_at(journal.root) == []  # all as before: proven, every row served
