"""The derived entry cache: never trusted over the TOML files, invisible but for speed."""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
from array import array
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Cli, examples
from tests.strategies import entries as any_entry
from therapylog.data.model import ENTRY_FIELDS, Entry, entry_sort_key
from therapylog.data.validation import validate
from therapylog.journal import cache, codec
from therapylog.journal.cache import COLUMNS, EntryCache, cache_path
from therapylog.journal.storage import Journal


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


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat every file as settled, so that files written by the test are cached at once."""
    monkeypatch.setattr(cache, "SETTLE_NS", 0)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the entry files parsed from TOML (that is: not served from the cache)."""
    names: list[str] = []
    original = Journal._load_entry

    def counting(self: Journal, path: Path) -> Entry:
        names.append(path.name)
        return original(self, path)

    monkeypatch.setattr(Journal, "_load_entry", counting)
    yield names


def tick() -> None:
    """Let the clock move past the file system's timestamp granularity."""
    time.sleep(0.02)


@pytest.fixture
def warm(journal: Journal, settled: None, parsed: list[str]) -> list[Entry]:
    """Three entries, read once so that the cache holds them."""
    saved = [
        make_entry("2026-11-01"),
        make_entry("2026-11-08", status="therapist-cancelled", incidents=[], alliance=None),
        make_entry("2026-11-08-2", mood_before=2, felt="much-worse", tags=[], notes=""),
    ]
    for entry in saved:
        write(journal, entry)
    tick()
    assert journal.read_entries().entries == saved
    assert cache_path(journal.root).is_file()
    parsed.clear()
    return saved


def test_unchanged_files_are_served_from_the_cache(
    journal: Journal, warm: list[Entry], parsed: list[str]
) -> None:
    read = journal.read_entries()
    assert read.entries == warm
    assert [entry.to_json() for entry in read.entries] == [entry.to_json() for entry in warm]
    assert parsed == []


def test_the_cache_has_a_column_for_every_field_of_an_entry() -> None:
    """All but the date, which every entry's id begins with."""
    assert sorted([*COLUMNS, "date"]) == sorted(ENTRY_FIELDS)


def test_cached_entries_behave_like_validated_ones(journal: Journal, warm: list[Entry]) -> None:
    cached = journal.read_entries().entries[0]
    assert cached == warm[0] and cached.to_dict() == warm[0].to_dict()
    with pytest.raises(Exception, match="cannot assign"):
        cached.notes = "changed"  # type: ignore[misc]
    changed = cached.replace(notes="other")
    assert changed.notes == "other" and cached.notes == warm[0].notes
    assert cached.effective_felt == warm[0].effective_felt and cached.sequence == 1
    assert entry_sort_key(cached) == entry_sort_key(warm[0]) == (cached.date, 1)
    assert entry_sort_key(cached.replace(id=f"{cached.date}-12")) == (cached.date, 12)


def test_a_changed_file_with_the_same_size_is_read_again(
    journal: Journal, warm: list[Entry], parsed: list[str]
) -> None:
    path = journal.entry_path("2026-11-01")
    edited = make_entry("2026-11-01", mood_before=5)  # one digit for another: same size
    tick()
    path.write_bytes(codec.entry_to_toml(edited))
    assert path.stat().st_size == len(codec.entry_to_toml(warm[0]))
    assert journal.read_entries().entries[0] == edited
    assert parsed == ["2026-11-01.toml"]


def test_a_changed_file_with_its_old_mtime_is_read_again(
    journal: Journal, warm: list[Entry], parsed: list[str]
) -> None:
    path = journal.entry_path("2026-11-01")
    before = path.stat()
    edited = make_entry("2026-11-01", notes="Much longer notes than before, so the size differs.")
    path.write_bytes(codec.entry_to_toml(edited))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert journal.read_entries().entries[0] == edited


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(
    journal: Journal, warm: list[Entry], parsed: list[str]
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
    assert journal.read_entries().entries[0] == edited


def test_a_file_replaced_atomically_with_the_same_size_and_mtime_is_read_again(
    journal: Journal, warm: list[Entry]
) -> None:
    path = journal.entry_path("2026-11-01")
    before = path.stat()
    edited = make_entry("2026-11-01", mood_after=7)
    tick()
    journal.replace_entry(edited)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert journal.read_entries().entries[0] == edited


def test_a_deleted_file_disappears(journal: Journal, warm: list[Entry]) -> None:
    journal.entry_path("2026-11-08").unlink()
    assert journal.read_entries().entries == [warm[0], warm[2]]
    assert "2026-11-08.toml" not in cache._load(cache_path(journal.root))


def test_a_new_file_appears(journal: Journal, warm: list[Entry], parsed: list[str]) -> None:
    new = make_entry("2026-11-15", therapist="Sam Okafor")
    write(journal, new)
    assert journal.read_entries().entries == [*warm[:3], new]
    assert parsed == ["2026-11-15.toml"]


def test_a_damaged_file_is_reported_on_every_read_with_a_warm_cache(
    journal: Journal, warm: list[Entry]
) -> None:
    tick()
    journal.entry_path("2026-11-08").write_text("this is = = not TOML")
    write(journal, make_entry("2026-11-15"))
    (journal.entries_dir / "2026-11-20.toml").write_text("schema_version = 1\nid = 3\n")
    for _ in range(3):
        read = journal.read_entries()
        assert [entry.id for entry in read.entries] == ["2026-11-01", "2026-11-08-2", "2026-11-15"]
        assert sorted(problem.path.name for problem in read.problems) == [
            "2026-11-08.toml",
            "2026-11-20.toml",
        ]


def test_files_changed_within_the_settling_time_are_not_cached(
    journal: Journal, parsed: list[str]
) -> None:
    write(journal, make_entry("2026-11-01"))
    journal.read_entries()
    journal.read_entries()
    assert parsed == ["2026-11-01.toml", "2026-11-01.toml"]
    assert not (journal.root / ".cache").exists()  # nothing worth caching: nothing written


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-40] + b"X" * 40, id="corrupt"),
        pytest.param(lambda data: b"\x00\xff" * 100, id="binary"),
        pytest.param(lambda data: b'{"format": "something else"}\n{}', id="foreign"),
        pytest.param(lambda data: data.replace(b'"program": "', b'"program": "9'), id="version"),
        pytest.param(lambda data: b"[1, 2, 3]", id="json-list"),
        pytest.param(lambda data: b"[" * 100_000, id="nested-header"),
        pytest.param(
            lambda data: (
                json.dumps(cache._header(b"[" * 100_000)).encode() + b"\n" + b"[" * 100_000
            ),
            id="nested-but-checksummed",
        ),
    ],
)
def test_a_bad_cache_file_is_ignored_and_rebuilt(
    journal: Journal, warm: list[Entry], parsed: list[str], damage: object
) -> None:
    path = cache_path(journal.root)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert journal.read_entries().entries == warm
    assert sorted(parsed) == sorted(f"{entry.id}.toml" for entry in warm)
    parsed.clear()
    assert journal.read_entries().entries == warm
    assert parsed == []  # rebuilt


def _set(column: str, position: int, value: object) -> object:
    def change(body: dict[str, object]) -> None:
        body[column][position] = value  # type: ignore[index]

    return change


def _set_packed(column: str, position: int, value: int, *, typecode: str = "b") -> object:
    """Change one number of a packed column (scores, or a shared column's "index")."""

    def change(body: dict[str, Any]) -> None:
        holder, field = (body[column], "index") if typecode == "I" else (body, column)
        numbers = cache._unpack(holder, field, typecode, len(body["id"]))
        numbers[position] = value
        holder[field] = cache._pack(array(typecode, numbers))

    return change


def _set_shared(column: str, part: str, value: object) -> object:
    def change(body: dict[str, object]) -> None:
        body[column][part][0] = value  # type: ignore[index]

    return change


def _replace_shared(column: str, part: str, value: object) -> object:
    def change(body: dict[str, Any]) -> None:
        body[column][part] = value

    return change


def _replace(column: str, value: object) -> object:
    def change(body: dict[str, object]) -> None:
        body[column] = value

    return change


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_set_packed("mood_before", 0, 11), id="mood-out-of-range"),
        pytest.param(_set_packed("mood_after", 1, -2), id="mood-negative"),
        pytest.param(_set_packed("phq9", 1, 28), id="phq9-out-of-range"),
        pytest.param(_replace("gad7", [4, 5, 6]), id="scores-not-packed"),
        pytest.param(_set("id", 0, "2026-13-01"), id="id-not-a-date"),
        pytest.param(_set("id", 0, 20261101), id="id-not-a-string"),
        pytest.param(_set("notes", 0, None), id="notes-none"),
        pytest.param(_set_shared("status", "values", "abducted"), id="unknown-status"),
        pytest.param(_set_shared("felt", "values", "ecstatic"), id="unknown-felt"),
        pytest.param(_set_shared("therapist", "values", 7), id="therapist-a-number"),
        pytest.param(_set_packed("therapist", 0, 5, typecode="I"), id="index-out-of-range"),
        pytest.param(_replace_shared("status", "index", [0, 0, 0]), id="index-not-packed"),
        pytest.param(
            _set_shared("incidents", "values", [["not-a-kind", None, False]]), id="unknown-kind"
        ),
        pytest.param(_set_shared("alliance", "values", [1, 2, 3]), id="alliance-short"),
        pytest.param(_set_shared("alliance", "values", [1, 2, 3, 11]), id="alliance-11"),
        pytest.param(_set_shared("progress", "values", {"sleep": "huge"}), id="unknown-level"),
        pytest.param(_set_shared("tags", "values", "work"), id="tags-a-string"),
        pytest.param(_replace("notes", ["one note"]), id="column-too-short"),
        pytest.param(_replace("times", "not base64!"), id="times-not-base64"),
        pytest.param(_replace("inode", ""), id="inodes-missing"),
        pytest.param(_replace("notes", None), id="column-not-a-list"),
    ],
)
def test_a_cache_with_any_value_it_would_not_hold_is_ignored_and_rebuilt(
    journal: Journal, warm: list[Entry], parsed: list[str], change: object
) -> None:
    """Checked a whole column at a time: anything unexpected, and the cache is not used."""
    path = cache_path(journal.root)
    body = cache._unseal(path.read_bytes())
    change(body)  # type: ignore[operator]
    path.write_bytes(cache._seal(body))  # a well-formed, checksummed file with a bad value
    assert journal.read_entries().entries == warm
    assert sorted(parsed) == sorted(f"{entry.id}.toml" for entry in warm)
    parsed.clear()
    assert journal.read_entries().entries == warm
    assert parsed == []  # rebuilt


def test_a_cached_entry_under_another_name_is_never_served(
    journal: Journal, warm: list[Entry], parsed: list[str]
) -> None:
    path = cache_path(journal.root)
    body = cache._unseal(path.read_bytes())
    body["id"][0] = "2026-11-02"  # what the cache holds for 2026-11-01.toml
    path.write_bytes(cache._seal(body))
    assert journal.read_entries().entries == warm
    assert parsed == ["2026-11-01.toml"]


def test_deleting_the_cache_changes_nothing_but_speed(
    cli: Cli, journal_path: Path, settled: None
) -> None:
    assert cli("goals", "add", "Sleep better", "--id", "sleep").exit_code == 0
    for day, extra in (
        ("2026-11-01", ["--incident", "forgot-details: my name", "--mood-before", "5"]),
        ("2026-11-08", ["--status", "double-booked"]),
        ("2026-11-15", ["--progress", "sleep=clear", "--alliance", "8,8,8,8", "--phq9", "12"]),
    ):
        args = ["add", "--no-input", "--date", day, "--therapist", "Dr Lee", *extra]
        assert cli(*args).exit_code == 0
    tick()
    commands = [["list"], ["list", "--json"], ["report", "--all", "--json"], ["check"]]
    cold = [cli(*command).stdout for command in commands]
    assert (journal_path / ".cache").is_dir()
    warm = [cli(*command).stdout for command in commands]
    shutil.rmtree(journal_path / ".cache")
    again = [cli(*command).stdout for command in commands]
    assert cold == warm == again
    assert sorted(path.name for path in (journal_path / "entries").iterdir()) == [
        "2026-11-01.toml",
        "2026-11-08.toml",
        "2026-11-15.toml",
    ]


def test_the_cache_is_private_whatever_the_umask(journal: Journal, warm: list[Entry]) -> None:
    shutil.rmtree(journal.root / ".cache")
    old = os.umask(0)
    try:
        journal.read_entries()
    finally:
        os.umask(old)
    folder = journal.root / ".cache"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for child in folder.iterdir():
        assert stat.S_IMODE(child.stat().st_mode) == 0o600, child


def test_the_cache_tells_backup_tools_and_git_to_skip_it(
    journal: Journal, warm: list[Entry]
) -> None:
    folder = journal.root / ".cache"
    assert (
        (folder / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert (folder / ".gitignore").read_text() == "*\n"


def test_a_file_identity_too_big_to_pack_never_fails_a_read(
    journal: Journal, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Identities are packed as 64-bit integers; a file system that reports more (an inode
    number past 2**64, say) only means this read's cache is not saved."""
    saved = make_entry("2026-11-01")
    write(journal, saved)
    tick()
    real = os.lstat

    def huge_inode(path: str) -> object:
        info = real(path)
        return SimpleNamespace(
            st_size=info.st_size,
            st_mtime_ns=info.st_mtime_ns,
            st_ctime_ns=info.st_ctime_ns,
            st_ino=2**64,
        )

    monkeypatch.setattr(os, "lstat", huge_inode)
    with pytest.raises(OverflowError):
        cache._encode({"2026-11-01.toml": ((1, 2, 3, 2**64), saved)})
    assert journal.read_entries().entries == [saved]
    assert journal.read_entries().entries == [saved]


def test_a_cache_that_cannot_be_written_never_fails_a_read(
    journal: Journal, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = make_entry("2026-11-01")
    write(journal, saved)
    tick()

    def refuse(path: Path, data: bytes) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(cache, "atomic_write", refuse)
    assert journal.read_entries().entries == [saved]
    assert not cache_path(journal.root).exists()
    monkeypatch.undo()
    shutil.rmtree(journal.root / ".cache")
    (journal.root / ".cache").write_text("a file where the folder should be")
    monkeypatch.setattr(cache, "SETTLE_NS", 0)
    assert journal.read_entries().entries == [saved]


def test_a_cache_folder_that_is_a_symlink_is_not_written_through(
    journal: Journal, settled: None, tmp_path: Path
) -> None:
    saved = make_entry("2026-11-01")
    write(journal, saved)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (journal.root / ".cache").symlink_to(elsewhere)
    tick()
    assert journal.read_entries().entries == [saved]
    assert list(elsewhere.iterdir()) == []


def test_concurrent_readers_leave_a_valid_cache(journal: Journal, warm: list[Entry]) -> None:
    """Two readers that each learned something write complete files; the last one wins."""
    write(journal, extra := make_entry("2026-11-20"))
    tick()
    first = EntryCache(journal.root, journal.entries_dir)
    second = EntryCache(journal.root, journal.entries_dir)
    for reader in (first, second):
        reader.read(
            journal.entry_names(), lambda name: journal._load_entry(journal.entries_dir / name)
        )
    second.save()
    first.save()
    assert set(cache._load(cache_path(journal.root))) == {f"{e.id}.toml" for e in [*warm, extra]}
    assert journal.read_entries().entries == [*warm, extra]


def test_a_write_killed_half_way_leaves_only_a_temporary_file_that_is_ignored(
    journal: Journal, warm: list[Entry], parsed: list[str]
) -> None:
    folder = journal.root / ".cache"
    leftover = folder / f".{cache_path(journal.root).name}.abc123.tmp"
    leftover.write_bytes(b'{"format": "therapylog-entry-cache", "ver')
    assert journal.read_entries().entries == warm
    assert parsed == []
    long_ago = time.time() - 7200
    os.utime(leftover, (long_ago, long_ago))
    write(journal, make_entry("2026-11-21"))  # something new, so the cache is written again
    tick()
    journal.read_entries()
    assert not leftover.exists()


def test_each_computer_keeps_its_own_cache_file(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = cache_path(journal.root)
    monkeypatch.setattr(os, "uname", lambda: os.uname_result(("Linux", "other", "", "", "")))
    assert cache_path(journal.root) != here
    assert cache_path(journal.root).parent == here.parent == journal.root / ".cache"


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(any_entry(), max_size=8, unique_by=lambda entry: entry.id))
def test_reading_with_and_without_the_cache_gives_the_same_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, saved: list[Entry]
) -> None:
    monkeypatch.setattr(cache, "SETTLE_NS", 0)
    root = tmp_path / f"journal-{time.perf_counter_ns()}"
    journal = Journal(root)
    for entry in saved:
        write(journal, entry)
    tick()
    without = journal.read_entries()  # parses every file and fills the cache
    with_cache = journal.read_entries()
    assert with_cache.entries == without.entries
    assert [e.to_json() for e in with_cache.entries] == [e.to_json() for e in without.entries]
    assert json.dumps([e.to_json() for e in with_cache.entries]) == json.dumps(
        [e.to_json() for e in without.entries]
    )
    assert len(cache._load(cache_path(root))) == len(saved)


def test_the_cache_never_appears_among_the_entries(journal: Journal, warm: list[Entry]) -> None:
    assert all(name.endswith(".toml") for name in journal.entry_names())
    assert not any(path.name.startswith(".") for path in journal.entries_dir.iterdir())


READER = """
import sys, time
from array import array
from pathlib import Path
from typing import Any
from therapylog.journal.storage import Journal
journal = Journal(Path(sys.argv[1]))
deadline = time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    journal.read_entries()
"""

WRITER = """
import sys, time
from array import array
from pathlib import Path
from typing import Any
from therapylog.data.model import Entry
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
def test_readers_and_writers_at_once_leave_a_cache_that_is_never_stale(
    journal: Journal, tmp_path: Path
) -> None:
    """Processes reading (and so writing the cache) while another rewrites entries, some
    readers killed with SIGKILL half-way: afterwards the cache serves exactly the files."""
    import signal
    import subprocess
    import sys

    for day in range(1, 29):
        write(journal, make_entry(f"2026-10-{day:02d}"))
    time.sleep(cache.SETTLE_NS / 1e9 + 0.2)  # let them settle, so that they are cached
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
    time.sleep(cache.SETTLE_NS / 1e9 + 0.2)
    truth = [codec.entry_from_toml(path, path.read_bytes()) for path in journal.entry_files()]
    for _ in range(3):  # the first read may refresh the cache; the others are served from it
        assert journal.read_entries().entries == truth
    assert len(cache._load(cache_path(journal.root))) == len(truth)


def test_check_reads_every_file_whatever_the_cache_says(
    journal: Journal, warm: list[Entry], parsed: list[str]
) -> None:
    """Disk corruption that leaves a file's size and times alone (bit rot) is invisible to
    the cache, so ``check`` does not consult it; it refreshes it instead."""
    path = cache_path(journal.root)
    records = cache._load(path)
    identity, entry = records["2026-11-01.toml"]
    records["2026-11-01.toml"] = (identity, entry.replace(notes="what the cache remembers"))
    path.write_bytes(cache._encode(records))
    assert journal.read_entries().entries[0].notes == "what the cache remembers"  # trusted
    parsed.clear()
    count, problems = journal.check()
    assert (count, problems) == (3, [])
    assert sorted(parsed) == sorted(f"{entry.id}.toml" for entry in warm)
    assert journal.read_entries().entries == warm  # check put the truth back in the cache


def test_check_reports_a_damaged_file_the_cache_still_holds(
    journal: Journal, warm: list[Entry]
) -> None:
    entry_file = journal.entry_path("2026-11-08")
    entry_file.write_text("garbage = = =")
    tick()
    info = entry_file.stat()
    records = cache._load(cache_path(journal.root))
    identity = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    records["2026-11-08.toml"] = (identity, records["2026-11-08.toml"][1])
    cache_path(journal.root).write_bytes(cache._encode(records))
    count, problems = journal.check()
    assert count == 2
    assert [problem.path.name for problem in problems] == ["2026-11-08.toml"]
    assert "2026-11-08.toml" not in cache._load(cache_path(journal.root))


def test_reading_a_journal_that_does_not_exist_creates_nothing(
    journal: Journal, settled: None
) -> None:
    assert journal.read_entries().entries == []
    assert not journal.root.exists()


def test_a_file_changed_just_now_is_not_cached_even_with_an_old_mtime(
    journal: Journal, parsed: list[str]
) -> None:
    """Editors and sync tools may set a file's modification time back; its change time (which
    no program can set) is what says it was written just now, and may be written again
    within the same tick without changing size or mtime (racy clean)."""
    path = write(journal, make_entry("2026-11-01"))
    long_ago = time.time_ns() - 10 * cache.SETTLE_NS
    os.utime(path, ns=(long_ago, long_ago))
    assert path.stat().st_ctime_ns > long_ago + cache.SETTLE_NS
    journal.read_entries()
    journal.read_entries()
    assert parsed == ["2026-11-01.toml", "2026-11-01.toml"]
