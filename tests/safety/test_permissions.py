"""Promise: the journal is private, and a symlink planted in it cannot redirect a write.

Under the most permissive umask (000) every folder therapylog creates is 0700 and every file
0600. A journal folder, entries folder, entry, goals, settings or lock path that is a symbolic
link to some other file leaves that file untouched.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot
from tests.safety.faults import Fault, heal, inject
from tests.safety.helpers import one_line_error

VICTIM_BYTES = b"someone else's file\n"


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim.txt"
    path.write_bytes(VICTIM_BYTES)
    return path


def _modes(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): oct(stat.S_IMODE(path.lstat().st_mode))
        for path in [root, *root.rglob("*")]
    }


def test_every_folder_is_0700_and_every_file_0600_under_umask_000(
    open_umask: None, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from therapylog.journal import index

    monkeypatch.setattr(index, "SETTLE_NS", -(10**12))  # index even brand-new files
    top = tmp_path / "new-parent"
    journal = top / "nested" / "journal"
    base = ("--journal", str(journal))
    assert cli(*base, "goals", "add", "Sleep", "--id", "sleep").exit_code == 0
    assert (
        cli(*base, "add", "--no-input", "--therapist", "A", "--progress", "sleep=slight").exit_code
        == 0
    )

    # edit: the editor sees a private copy; an invalid edit is kept in a private rescued/ file
    seen = tmp_path / "editor-saw-mode"
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import os, pathlib, sys\n"
        "p = pathlib.Path(sys.argv[1])\n"
        f"pathlib.Path({str(seen)!r}).write_text(oct(os.stat(p).st_mode & 0o777))\n"
        "p.write_text(p.read_text().replace('therapist = \"A\"', 'therapist = 5'))\n"
    )
    result = cli(*base, "edit", "2026-11-22", env={"EDITOR": f"{sys.executable} {editor}"})
    assert result.exit_code == 2, result.stderr
    assert seen.read_text() == "0o600"
    assert list((journal / "rescued").iterdir())

    # backup and import (with settings)
    backup = tmp_path / "backup.json"
    assert cli(*base, "backup", "--output", str(backup)).exit_code == 0
    document = json.loads(backup.read_text())
    document["settings"] = {"thresholds": {"alliance_cutoff": 30}}
    backup.write_text(json.dumps(document))
    restored = top / "restored"
    assert cli("--journal", str(restored), "import", str(backup)).exit_code == 0

    # a failed add keeps a private rescue file
    inject(monkeypatch, Fault("write", errno.ENOSPC, journal))
    assert cli(*base, "add", "--no-input", "--note", "rescue me").exit_code == 1
    heal(monkeypatch)
    rescues = list(Path(os.environ["TMPDIR"]).glob("therapylog-unsaved-*.json"))
    assert len(rescues) == 1

    modes = _modes(top)
    assert any(".cache/" in name for name in modes), "the index was not written"
    assert (journal / "settings.toml").exists() is False and (restored / "settings.toml").exists()
    assert {name for name in modes if name.endswith(".lock")} == {
        "nested/journal/.lock",
        "restored/.lock",
    }
    for name, mode in modes.items():
        expected = "0o700" if (top / name).is_dir() else "0o600"
        assert mode == expected, f"{name} is {mode}"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(rescues[0].stat().st_mode) == 0o600


def test_an_existing_parent_folder_keeps_its_mode(cli: Cli, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    assert (
        cli("--journal", str(shared / "j"), "add", "--no-input", "--therapist", "A").exit_code == 0
    )
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert stat.S_IMODE((shared / "j").stat().st_mode) == 0o700


@pytest.mark.parametrize("target_kind", ["file", "folder"])
def test_a_journal_path_that_is_a_symlink_is_refused(
    cli: Cli, tmp_path: Path, victim: Path, target_kind: str
) -> None:
    if target_kind == "folder":
        target = tmp_path / "victim-folder"
        (target / "entries").mkdir(parents=True)
        (target / "entries" / "keep.txt").write_bytes(VICTIM_BYTES)
    else:
        target = victim
    link = tmp_path / "journal-link"
    link.symlink_to(target)
    before = files_snapshot(tmp_path / "victim-folder") if target_kind == "folder" else None
    result = cli("--journal", str(link), "add", "--no-input", "--therapist", "A")
    assert result.exit_code == 1
    one_line_error(result.stderr)
    assert victim.read_bytes() == VICTIM_BYTES
    if before is not None:
        assert files_snapshot(target) == before
    assert link.is_symlink()


@pytest.mark.parametrize(
    "args",
    [["list"], ["list", "--json"], ["show", "2026-11-01"], ["check"], ["report", "--all"],
     ["export", "--all"], ["backup"], ["goals", "list"], ["therapists"]],
)  # fmt: skip
def test_reads_through_a_symlinked_journal_are_refused_and_write_no_cache(
    cli: Cli, tmp_path: Path, args: list[str]
) -> None:
    """Reads follow the rule of writes: nothing (the derived index and its copies of every note
    included) is written through a journal path that is a symbolic link."""
    real = tmp_path / "j1"
    assert cli("--journal", str(real), "add", "--no-input", "--date", "2026-11-01",
               "--therapist", "A", "--note", "private").exit_code == 0  # fmt: skip
    shutil.rmtree(real / ".cache", ignore_errors=True)
    before = files_snapshot(real)
    link = tmp_path / "jlink"
    link.symlink_to(real)
    result = cli("--journal", str(link), *args)
    assert result.exit_code == 1
    assert "is a symbolic link" in one_line_error(result.stderr)
    assert not (real / ".cache").exists()
    assert files_snapshot(real) == before


def test_reads_through_a_symlinked_entries_folder_are_refused(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    journal_path.mkdir()
    (journal_path / "entries").symlink_to(elsewhere)
    result = cli("list")
    assert result.exit_code == 1
    assert "symbolic link" in one_line_error(result.stderr)
    assert not (journal_path / ".cache").exists()


def test_an_entries_folder_that_is_a_symlink_is_refused(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    journal_path.mkdir()
    (journal_path / "entries").symlink_to(elsewhere)
    result = cli("add", "--no-input", "--therapist", "A")
    assert result.exit_code == 1
    assert "symbolic link" in one_line_error(result.stderr)
    assert list(elsewhere.iterdir()) == []


def test_an_entry_that_is_a_symlink_is_never_written_through(
    cli: Cli, journal_path: Path, victim: Path, tmp_path: Path
) -> None:
    assert cli("add", "--no-input", "--date", "2026-11-01", "--therapist", "A").exit_code == 0
    link = journal_path / "entries" / "2026-11-20.toml"
    link.symlink_to(victim)
    editor = tmp_path / "editor.py"
    editor.write_text("import pathlib, sys\npathlib.Path(sys.argv[1]).write_text('x')\n")

    assert cli("edit", "2026-11-20", env={"EDITOR": f"{sys.executable} {editor}"}).exit_code == 1
    assert cli("rm", "2026-11-20", "--yes").exit_code == 1
    result = cli("add", "--no-input", "--date", "2026-11-20", "--therapist", "A")
    assert (result.exit_code, result.stdout.strip()) == (0, "2026-11-20-2")
    backup = tmp_path / "b.json"
    backup.write_text(
        json.dumps(
            {
                "format": "therapylog-backup",
                "version": 1,
                "entries": [{"id": "2026-11-20", "date": "2026-11-20", "therapist": "B"}],
            }
        )
    )
    assert "2026-11-20 as 2026-11-20-3" in cli("import", str(backup)).stdout
    assert "2026-11-20.toml: is a symbolic link" in cli("check").stderr
    assert victim.read_bytes() == VICTIM_BYTES
    assert link.is_symlink()


def test_goals_and_settings_symlinks_are_never_written_through(
    cli: Cli, journal_path: Path, victim: Path, tmp_path: Path
) -> None:
    assert cli("add", "--no-input", "--therapist", "A").exit_code == 0
    (journal_path / "goals.toml").symlink_to(victim)
    dangling = tmp_path / "not-there.toml"
    (journal_path / "settings.toml").symlink_to(dangling)
    assert cli("goals", "add", "Walk").exit_code == 1
    backup = tmp_path / "b.json"
    backup.write_text(
        json.dumps(
            {
                "format": "therapylog-backup",
                "version": 1,
                "goals": [{"id": "walk", "title": "Walk", "created": "2026-11-01"}],
                "settings": {"thresholds": {"alliance_cutoff": 30}},
            }
        )
    )
    assert cli("import", str(backup)).exit_code == 1  # refuses: goals.toml cannot be read
    del_goals = json.loads(backup.read_text())
    del del_goals["goals"]
    backup.write_text(json.dumps(del_goals))
    assert cli("import", str(backup)).exit_code == 0
    assert victim.read_bytes() == VICTIM_BYTES
    assert not dangling.exists(), "a write followed the settings.toml symlink"
    assert (journal_path / "goals.toml").is_symlink()


@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-file", "dangling"])
def test_a_lock_path_that_is_a_symlink_is_refused(
    cli: Cli, journal_path: Path, victim: Path, tmp_path: Path, dangling: bool
) -> None:
    (journal_path / "entries").mkdir(parents=True)
    target = tmp_path / "not-there" if dangling else victim
    (journal_path / ".lock").symlink_to(target)
    result = cli("add", "--no-input", "--therapist", "A")
    assert result.exit_code == 1
    assert "cannot lock" in one_line_error(result.stderr)
    assert list((journal_path / "entries").iterdir()) == []
    assert victim.read_bytes() == VICTIM_BYTES
    assert not (tmp_path / "not-there").exists()


def test_a_planted_symlink_at_the_rescue_path_is_replaced_not_followed(
    cli: Cli, journal_path: Path, victim: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rescue = Path(os.environ["TMPDIR"]) / f"therapylog-unsaved-2026-11-22-{os.getpid()}.json"
    rescue.symlink_to(victim)
    inject(monkeypatch, Fault("replace", errno.EIO, journal_path))
    result = cli("add", "--no-input", "--therapist", "A", "--note", "mine")
    heal(monkeypatch)
    assert f"kept in {rescue}" in one_line_error(result.stderr)
    assert victim.read_bytes() == VICTIM_BYTES
    assert not rescue.is_symlink()
    assert json.loads(rescue.read_text())["entries"][0]["notes"] == "mine"


def _copied_in_by_hand(cli: Cli, journal_path: Path) -> dict[str, int]:
    """A journal whose files and folders have the modes a copy or an unzip gives them."""
    cli("goals", "add", "Sleep through the night", "--id", "sleep")
    cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", "2026-11-01")
    entries = journal_path / "entries"
    (entries / "2026-11-02.toml").write_bytes(
        (entries / "2026-11-01.toml").read_bytes().replace(b"2026-11-01", b"2026-11-02")
    )
    loose = {
        "entries/2026-11-01.toml": 0o644,
        "entries/2026-11-02.toml": 0o640,  # group-readable only
        "goals.toml": 0o604,  # world-readable only
        "entries": 0o755,
        ".": 0o711,  # others may enter, not list
    }
    for name, mode in loose.items():
        (journal_path / name).chmod(mode)
    return loose


def test_check_reports_files_and_folders_other_users_can_open(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    loose = _copied_in_by_hand(cli, journal_path)
    elsewhere = tmp_path / "elsewhere.toml"  # a link is never followed, nor its target judged
    elsewhere.write_bytes(b"not the journal's")
    elsewhere.chmod(0o644)
    (journal_path / "entries" / "2026-11-03.toml").symlink_to(elsewhere)
    result = cli("check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    for name, mode in loose.items():
        path = journal_path if name == "." else journal_path / name
        (line,) = [line for line in lines if line.startswith(f"{path}: other users")]
        assert f"(mode {mode:04o}); `therapylog check --fix` makes it private" in line
    assert lines[-1].startswith(f"therapylog: {len(loose) + 1} problems in {journal_path}")
    assert "elsewhere" not in result.stderr
    assert {name: stat.S_IMODE((journal_path / name).stat().st_mode) for name in loose} == loose


def test_check_fix_makes_them_private_and_changes_nothing_else(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    loose = _copied_in_by_hand(cli, journal_path)
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_bytes(b"not the journal's")
    elsewhere.chmod(0o644)
    (journal_path / "entries" / "2026-11-03.toml").symlink_to(elsewhere)
    before = files_snapshot(journal_path)
    fixed = cli("check", "--fix")
    assert fixed.exit_code == 1  # the symbolic link is still a problem; --fix never follows it
    assert fixed.stderr.count("\n") == 2  # the link, and the summary line
    for name, mode in loose.items():
        path = journal_path if name == "." else journal_path / name
        wanted = 0o700 if path.is_dir() else 0o600
        assert f"{path}: made private (was {mode:04o}, now {wanted:04o})" in fixed.stdout
        assert stat.S_IMODE(path.stat().st_mode) == wanted
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o644
    assert files_snapshot(journal_path) == before
    (journal_path / "entries" / "2026-11-03.toml").unlink()
    assert cli("check").exit_code == 0


def test_the_next_write_makes_the_journal_folders_private(cli: Cli, journal_path: Path) -> None:
    cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", "2026-11-01")
    for folder in (journal_path, journal_path / "entries"):
        folder.chmod(0o755)
    assert cli("add", "--no-input", "--therapist", "Dr. Lee").exit_code == 0
    for folder in (journal_path, journal_path / "entries"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_journal_path_that_is_a_symlink_or_a_file_is_named_in_one_whole_line(
    cli: Cli, tmp_path: Path, victim: Path
) -> None:
    """Reads refuse a symbolic link before anything; a write that reaches the journal folder
    itself (goals) refuses it, and a path that is a file, with its own words."""
    real = tmp_path / "real-journal"
    real.mkdir(mode=0o700)
    link = tmp_path / "journal-link"
    link.symlink_to(real)
    read = cli("--journal", str(link), "list")
    assert (read.exit_code, one_line_error(read.stderr)) == (
        1,
        f"therapylog: {link} is a symbolic link; therapylog only reads and writes real folders "
        "(give the real path with --journal)",
    )
    written = cli("--journal", str(link), "goals", "add", "Sleep")
    assert (written.exit_code, one_line_error(written.stderr)) == (
        1,
        f"therapylog: {link} is a symbolic link; therapylog only writes into real folders",
    )
    assert list(real.iterdir()) == []
    on_a_file = cli("--journal", str(victim), "goals", "add", "Sleep")
    assert (on_a_file.exit_code, one_line_error(on_a_file.stderr)) == (
        1,
        f"therapylog: {victim} is not a folder",
    )
    assert victim.read_bytes() == VICTIM_BYTES
