"""Nothing an encrypted journal holds reaches the disk in plain text: a whole cycle of commands
(add, a valid and an invalid edit, goals, therapists, report, export to stdout, check, an
encrypted backup, a resumed encrypt) and no file under the journal, the temporary folder, the
editing folder or the home folder holds a word of it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.conftest import Cli
from therapylog.journal import kdf
from therapylog.journal.kdf import KdfParams

TINY = KdfParams(memory_kib=8, iterations=1)
WORDS = "a quiet harbour at dawn"
MARKER = "QX7-PRIVATE-WORDS"


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The temporary folder pointed at a folder of this test's own (and tempfile told so)."""
    temporary = tmp_path / "tmpdir"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr(tempfile, "tempdir", None)  # tempfile caches the folder it chose
    monkeypatch.setattr(kdf, "tune", lambda: TINY)
    return [
        Path(os.environ["THERAPYLOG_JOURNAL"]),
        temporary,
        Path(os.environ["XDG_RUNTIME_DIR"]),
        Path(os.environ["HOME"]),
    ]


def files_holding_the_marker(places: list[Path]) -> list[Path]:
    return [
        path
        for place in places
        for path in place.rglob("*")
        if path.is_file() and MARKER.encode() in path.read_bytes()
    ]


def editor(tmp_path: Path, name: str, body: str) -> str:
    script = tmp_path / f"{name}.py"
    script.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[1])\n" + body)
    return f"{os.sys.executable} {script}"  # type: ignore[attr-defined]


def test_a_whole_cycle_leaves_no_plain_text_anywhere(
    cli: Cli, places: list[Path], tmp_path: Path
) -> None:
    passphrase = tmp_path / "passphrase"
    passphrase.write_text(WORDS + "\n")
    passphrase.chmod(0o600)
    env = {"THERAPYLOG_PASSPHRASE_FILE": str(passphrase)}

    def run(*args: str, code: int = 0, **extra: str) -> str:
        result = cli(*args, env={**env, **extra})
        assert result.exit_code == code, (args, result.output)
        return result.stdout

    run("init", "--encrypt")
    for day in ("2026-11-01", "2026-11-08"):
        run(
            "add", "--no-input", "--therapist", "Dr Lee", "--date", day, "--mood-before", "3",
            "--incident", f"forgot-details: {MARKER} {day}", "--note", f"{MARKER} notes",
        )  # fmt: skip
    run("goals", "add", f"Sleep {MARKER}", "--id", "sleep")
    run("therapists", "rename", "Dr Lee", "Dr Ana Lee")
    run(
        "edit", "2026-11-08",
        EDITOR=editor(tmp_path, "valid", f"p.write_text(p.read_text().replace('{MARKER} notes', '{MARKER} edited'))\n"),
    )  # fmt: skip
    run(
        "edit", "2026-11-01", code=2,
        EDITOR=editor(tmp_path, "invalid", "p.write_text(p.read_text() + '\\nmood_before = 99\\n')\n"),
    )  # fmt: skip
    assert MARKER in run("report", "--all")
    assert MARKER in run("export", "--for", "me")
    run("check")
    run("backup", "--encrypted", "--output", str(tmp_path / "tmpdir" / "backup.json"))
    assert files_holding_the_marker(places) == []
    assert MARKER in run("show", "2026-11-08")
    assert len(list((places[0] / "rescued").iterdir())) == 1  # the invalid edit, sealed
    assert list(places[2].rglob("edit*")) == []  # the editing copies are gone
