"""Promise: an encrypted journal's words never reach the disk in plain, even through the
derived index or a failed write (docs/encryption.md, docs/data-safety.md).

The whole cycle of commands is proven in tests/crypto (some of it through real processes);
these two in-process cases are the ones the journal's own code decides: which sealing the
index of entries and of goals is kept with, and where an entry the disk refused is kept.
"""

from __future__ import annotations

import errno
import json
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot
from tests.safety.faults import Fault, heal, inject
from tests.safety.helpers import one_line_error
from therapylog.journal import crypto, index, kdf
from therapylog.journal.kdf import KdfParams
from therapylog.journal.storage import Journal

TINY = KdfParams(memory_kib=8, iterations=1)
WORDS = "a quiet harbour at dawn"
MARKER = "PRIVATE-9QX-WORDS"


@pytest.fixture
def encrypted(
    cli: Cli, journal_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """An encrypted journal with one entry and one goal holding the marker; the index is
    saved on every read (normally only files older than 2 s are indexed)."""
    monkeypatch.setattr(kdf, "tune", lambda: TINY)
    monkeypatch.setattr(index, "SETTLE_NS", -(10**12))
    passphrase = tmp_path / "passphrase"
    passphrase.write_text(WORDS + "\n")
    passphrase.chmod(0o600)
    monkeypatch.setenv("THERAPYLOG_PASSPHRASE_FILE", str(passphrase))
    assert cli("init", "--encrypt").exit_code == 0
    result = cli("add", "--no-input", "--therapist", "Dr Lee", "--date", "2026-11-01",
                 "--note", f"{MARKER} notes")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert cli("goals", "add", f"Sleep {MARKER}", "--id", "sleep").exit_code == 0
    return journal_path


def files_holding_the_marker(root: Path) -> list[Path]:
    return [
        path for path in root.rglob("*") if path.is_file() and MARKER.encode() in path.read_bytes()
    ]


def test_the_index_of_an_encrypted_journal_is_sealed(encrypted: Path, tmp_path: Path) -> None:
    """Entries and goals are indexed by separate reads: each leaves the index sealed."""
    journal = Journal(encrypted)
    cached = index.index_path(encrypted)
    for read, held in ((journal.read_entries, "entries"), (journal.read_goals, "goals")):
        shutil.rmtree(encrypted / ".cache", ignore_errors=True)
        assert MARKER in repr(read()), held  # read, and so indexed
        assert crypto.is_sealed(cached.read_bytes()), held
        assert files_holding_the_marker(tmp_path) == [], held


def test_a_failed_add_in_an_encrypted_journal_is_shown_never_kept_in_plain(
    cli: Cli, encrypted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = files_snapshot(encrypted)
    fault = inject(monkeypatch, Fault("write", errno.ENOSPC, encrypted))
    result = cli("add", "--no-input", "--therapist", "Dr Lee", "--date", "2026-11-08",
                 "--note", f"{MARKER} unsaved")  # fmt: skip
    heal(monkeypatch)
    assert fault.fired == 1
    assert result.exit_code == 1
    message = one_line_error(result.stderr)
    path = encrypted / "entries" / "2026-11-08.toml"
    prefix = (
        f"therapylog: could not save {path}: the disk is full; the journal is unchanged; "
        "your entry could not be kept anywhere either; here it is: "
    )
    assert message.startswith(prefix)
    document = json.loads(message.removeprefix(prefix))
    assert document["entries"][0]["notes"] == f"{MARKER} unsaved"
    assert files_snapshot(encrypted) == before
    assert files_holding_the_marker(tmp_path) == []
    assert Path(tempfile.gettempdir()).is_relative_to(tmp_path)  # where a plain rescue would go
