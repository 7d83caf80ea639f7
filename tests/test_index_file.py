"""The index file itself (therapylog.journal.index): its documented layout, its name on each
computer, its size limit, the leftovers it cleans up, and its sealing in an encrypted journal.
The fixtures and helpers are those of tests/test_index.py (a machine id of the test's own).
"""

# ruff: noqa: F811 (the fixtures imported below are parameters of the tests)

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
import types
import zlib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.test_index import (  # noqa: F401 (fixtures, used by name)
    either_computer,
    keyless,
    machine,
    make_entry,
    parsed,
    read,
    settled,
    tick,
    warm,
    write,
)
from therapylog import __version__
from therapylog.data.model import SCHEMA_VERSION, Entry
from therapylog.journal import crypto, index, kdf
from therapylog.journal.index import index_path
from therapylog.journal.kdf import KdfParams
from therapylog.journal.storage import Journal


def compact(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def test_the_index_is_three_lines_of_compact_json_and_its_proof(
    journal: Journal, settled: None, parsed: list[str]
) -> None:
    """The layout docs/performance.md gives ("What"): a small first line (format, versions,
    the second line's length and checksum, the goals and settings rows), the entry rows, and
    the HMAC of both under this computer's key. Compact JSON in UTF-8, as read: the index is
    read whole by every command, so every byte costs."""
    saved = make_entry("2026-11-01", notes="Ça va mieux 🌱")
    write(journal, saved)
    tick()
    assert read(journal) == [saved]
    head, body, proof = index_path(journal.root).read_bytes().split(b"\n")
    header = json.loads(head)
    assert header == {
        "format": "therapylog-index",
        "version": 1,
        "program": __version__,
        "schema": SCHEMA_VERSION,
        "body": [len(body), zlib.adler32(body)],
        "documents": {},
    }
    assert head == compact(header)
    rows = json.loads(body)
    assert (
        list(rows) == ["2026-11-01.toml"] and rows["2026-11-01.toml"][4] == saved.to_stored_json()
    )
    assert body == compact(rows) and "🌱".encode() in body
    key = index.local_key(journal.root)
    assert key is not None
    assert proof == hmac.new(key, head + b"\n" + body, hashlib.sha256).hexdigest().encode()


@pytest.mark.usefixtures("either_computer")
def test_the_index_of_another_version_is_replaced_whole(
    journal: Journal, warm: list[Entry], parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an upgrade, this computer's index (proven, but written by the version before) is
    not used: a read that needs only the goals writes an index without the old rows (as it
    does where there was none), and the next read of the entries parses every file."""

    def lines_after_reading_the_goals() -> tuple[dict[str, Any], bytes]:
        journal.goals_path.write_text("schema_version = 1\n" + "\n" * len(parsed))  # new text
        assert Journal(journal.root).read_goals() == ([], None)
        head, body, *_proof = index_path(journal.root).read_bytes().split(b"\n")
        return json.loads(head), body

    index_path(journal.root).unlink()
    assert lines_after_reading_the_goals()[1] == b"{}"
    with monkeypatch.context() as patch:
        patch.setattr(index, "__version__", "0.9.0")
        assert read(journal) == warm
    header, body = lines_after_reading_the_goals()
    assert (header["program"], body) == (__version__, b"{}")
    parsed.clear()
    assert read(journal) == warm
    assert sorted(parsed) == sorted(f"{entry.id}.toml" for entry in warm)


def test_text_beyond_the_basic_plane_is_served_from_the_index(
    journal: Journal, settled: None, parsed: list[str]
) -> None:
    """Emoji are common in notes and goals. Escaped as JSON can spell them (two surrogates)
    they would look like text no file holds, and the index would never serve them."""
    saved = make_entry("2026-11-01", notes="A good week 🌱🙂", tags=["🌻"])
    write(journal, saved)
    journal.root.joinpath("goals.toml").write_text(
        'schema_version = 1\n[[goals]]\nid = "sleep"\ntitle = "Sleep 😴"\ncreated = 2026-11-01\n'
    )
    tick()
    assert read(journal) == [saved]
    goals, _ = Journal(journal.root).read_goals()
    parsed.clear()
    assert read(journal) == [saved]
    assert parsed == []

    def no_parsing(*args: object) -> None:
        raise AssertionError("an unchanged goals file was parsed again")

    with pytest.MonkeyPatch.context() as patch:
        from therapylog.journal import codec

        patch.setattr(codec, "goals_from_toml", no_parsing)
        assert Journal(journal.root).read_goals() == (goals, None)
    assert goals[0].title == "Sleep 😴"


def test_each_computer_without_uname_names_its_index_after_its_computer_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows has no ``os.uname``: its computer's name is in COMPUTERNAME (and if that is
    missing, every such computer shares one name, as they share the empty name)."""
    monkeypatch.delattr(os, "uname")
    monkeypatch.setenv("COMPUTERNAME", "DESKTOP-4F2A")
    named = f"index-{zlib.crc32(b'DESKTOP-4F2A'):08x}.json"
    assert index_path(tmp_path) == tmp_path / ".cache" / named
    monkeypatch.delenv("COMPUTERNAME")
    assert index_path(tmp_path) == tmp_path / ".cache" / f"index-{zlib.crc32(b''):08x}.json"


def test_an_index_of_exactly_the_limit_is_written_and_used(
    journal: Journal, warm: list[Entry], parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = index_path(journal.root)
    before = path.read_bytes()
    monkeypatch.setattr(index, "MAX_INDEX_BYTES", len(before))
    path.unlink()
    assert read(journal) == warm  # every file parsed, and the index written again
    assert path.read_bytes() == before
    parsed.clear()
    assert read(journal) == warm
    assert parsed == []


def _temporary(folder: Path, name: str, age_s: float, now: float) -> Path:
    path = folder / f".{name}.abc123.tmp"
    path.write_bytes(b'{"format": "therapylog-index", "ver')
    os.utime(path, (now - age_s, now - age_s))
    return path


def test_only_temporary_files_older_than_an_hour_are_removed(
    journal: Journal, warm: list[Entry], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A temporary file younger than an hour may be another reader's write under way; files
    that are not temporary (another computer's index) are never removed, however old."""
    now = float(int(time.time()))
    monkeypatch.setattr(
        index, "time", types.SimpleNamespace(time=lambda: now, time_ns=time.time_ns)
    )
    folder = journal.root / ".cache"
    name = index_path(journal.root).name
    kept = [
        _temporary(folder, name + "-fresh", 60, now),
        _temporary(folder, name + "-one-hour", 3600, now),  # not yet more than an hour
        folder / "index-0badc0de.json",
    ]
    kept[2].write_text("another computer's index")
    os.utime(kept[2], (now - 86400, now - 86400))
    removed = [
        _temporary(folder, name + "-older", 3600.5, now),
        _temporary(folder, name + "-killed", 7200, now),
    ]
    write(journal, make_entry("2026-11-21"))  # something new, so that the index is written
    tick()
    read(journal)
    assert [path.exists() for path in kept] == [True, True, True]
    assert [path.exists() for path in removed] == [False, False]


def test_a_leftover_that_cannot_be_removed_never_fails_a_read(
    journal: Journal, warm: list[Entry], parsed: list[str]
) -> None:
    """(As when another reader removed it first.) Here: a folder under a temporary file's
    name, which ``unlink`` refuses."""
    folder = journal.root / ".cache"
    stuck = folder / f".{index_path(journal.root).name}.abc123.tmp"
    stuck.mkdir()
    long_ago = time.time() - 7200
    os.utime(stuck, (long_ago, long_ago))
    new = make_entry("2026-11-21")
    write(journal, new)
    tick()
    assert read(journal) == [*warm, new]
    assert stuck.is_dir()
    parsed.clear()
    assert read(journal) == [*warm, new]
    assert parsed == []  # the index was written all the same


def test_a_file_changed_exactly_the_settling_time_before_a_read_is_not_yet_indexed(
    journal: Journal, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The racy-clean margin (docs/performance.md) is strict: a file must have changed more
    than SETTLE_NS before the read to get a row."""
    changed = time.time_ns() - 3600 * 10**9
    real = os.lstat

    def lstat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        info = real(path, *args, **kwargs)  # type: ignore[arg-type]
        if not os.fspath(path).startswith(os.fspath(journal.entries_dir)):  # type: ignore[arg-type]
            return info
        times = {"st_atime_ns": changed, "st_mtime_ns": changed, "st_ctime_ns": changed}
        return os.stat_result(tuple(info)[:10], times)

    monkeypatch.setattr(os, "lstat", lstat)
    clock = types.SimpleNamespace(time=time.time, time_ns=lambda: changed + index.SETTLE_NS)
    monkeypatch.setattr(index, "time", clock)
    write(journal, make_entry("2026-11-01"))
    read(journal)
    read(journal)
    assert parsed == ["2026-11-01.toml", "2026-11-01.toml"]
    clock.time_ns = lambda: changed + index.SETTLE_NS + 1
    read(journal)
    read(journal)
    assert parsed == ["2026-11-01.toml"] * 3


# --- an encrypted journal's index ---------------------------------------------------------------

WORDS = "a quiet harbour at dawn"


@pytest.fixture
def encrypted(
    cli: Cli, journal_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """An encrypted journal with two entries (a cheap key derivation), unlocked by a
    passphrase file; files are indexed at once."""
    monkeypatch.setattr(kdf, "tune", lambda: KdfParams(memory_kib=8, iterations=1))
    monkeypatch.setattr(index, "SETTLE_NS", 0)
    passphrase = tmp_path / "passphrase"
    passphrase.write_text(WORDS + "\n")
    passphrase.chmod(0o600)
    assert cli("init", "--encrypt", input=f"{WORDS}\n{WORDS}\n").exit_code == 0
    monkeypatch.setenv("THERAPYLOG_PASSPHRASE_FILE", str(passphrase))
    for day in ("2026-11-01", "2026-11-08"):
        args = ("add", "--no-input", "--therapist", "Dr Lee", "--date", day, "--note", "SECRET")
        assert cli(*args).exit_code == 0
    return journal_path


@pytest.mark.usefixtures("keyless")
def test_an_encrypted_journals_index_is_sealed_and_its_seal_proves_it(
    cli: Cli, encrypted: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a machine key (macOS, Windows), the seal of the journal's key is the proof
    that this journal's user wrote the index: its rows are served as written, not validated
    again, and not parsed again."""
    first = cli("list", "--json")
    assert first.exit_code == 0 and len(parsed) == 2
    (path,) = (encrypted / ".cache").glob("index-*.json")
    assert crypto.is_sealed(path.read_bytes()) and b"SECRET" not in path.read_bytes()
    parsed.clear()
    from therapylog.data import validation

    def refuse(*_args: object) -> None:
        raise AssertionError("a row of a sealed index was validated again")

    monkeypatch.setattr(validation, "validate", refuse)
    served = cli("list", "--json")
    assert (served.exit_code, served.stdout) == (0, first.stdout)
    assert parsed == []
