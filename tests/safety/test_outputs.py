"""Promise: `backup` and `export --output` never destroy what they would replace.

A journal path where there is no journal is refused (exit 1) rather than written out as an
empty backup over a good one; an output that is not a regular file or a new path, or that
lies inside the journal folder, is refused (exit 2); either way the file is left as it was.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot
from tests.safety.helpers import one_line_error

PRECIOUS = "a good backup from last week\n"


@pytest.fixture
def good_backup(tmp_path: Path) -> Path:
    path = tmp_path / "good.json"
    path.write_text(PRECIOUS)
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["backup", "-o"],
        ["backup", "--output"],
        ["export", "-o"],
        ["export", "--format", "json", "-o"],
    ],
)
def test_a_missing_journal_never_replaces_a_good_backup(
    cli: Cli, tmp_path: Path, good_backup: Path, command: list[str]
) -> None:
    missing = tmp_path / "no" / "such" / "dir"
    result = cli("--journal", str(missing), *command, str(good_backup))
    assert result.exit_code == 1
    assert one_line_error(result.stderr) == (
        f"therapylog: no journal at {missing} (record a session with `therapylog add`)"
    )
    assert good_backup.read_text() == PRECIOUS
    assert not (tmp_path / "no").exists()


def test_backup_to_stdout_from_a_missing_journal_is_refused_too(cli: Cli, tmp_path: Path) -> None:
    result = cli("--journal", str(tmp_path / "nothing-here"), "backup")
    assert result.exit_code == 1
    assert "no journal at" in one_line_error(result.stderr)
    assert result.stdout == ""


def test_a_journal_path_that_is_a_file_is_no_journal(
    cli: Cli, tmp_path: Path, good_backup: Path
) -> None:
    not_a_folder = tmp_path / "journal.txt"
    not_a_folder.write_text("notes")
    result = cli("--journal", str(not_a_folder), "backup", "-o", str(good_backup))
    assert result.exit_code == 1
    assert good_backup.read_text() == PRECIOUS


@pytest.fixture
def journal_with_entry(cli: Cli, journal_path: Path) -> Path:
    assert cli("add", "--no-input", "--date", "2026-11-01", "--therapist", "A").exit_code == 0
    assert cli("goals", "add", "Sleep", "--id", "sleep").exit_code == 0
    return journal_path


def _special_outputs(tmp_path: Path) -> dict[Path, str]:
    """Things an output path may name that must never be replaced by a regular file, and what
    the refusal calls each."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    device_link = tmp_path / "null-link"
    device_link.symlink_to("/dev/null")
    fifo_link = tmp_path / "fifo-link"
    fifo_link.symlink_to(fifo)
    folder_link = tmp_path / "folder-link"
    folder_link.symlink_to(folder)
    return {
        device_link: "not a regular file",
        fifo: "not a regular file",
        fifo_link: "not a regular file",
        folder: "a folder",
        folder_link: "a folder",
    }


@pytest.mark.parametrize("command", ["backup", "export"])
def test_an_output_that_is_not_a_regular_file_is_refused(
    cli: Cli, journal_with_entry: Path, tmp_path: Path, command: str
) -> None:
    for path, kind in _special_outputs(tmp_path).items():
        before = os.lstat(path)
        result = cli(command, "--output", str(path))
        assert result.exit_code == 2, path
        assert one_line_error(result.stderr) == (
            f"therapylog: --output: {path} is {kind}; give the name of a new or regular file to "
            "write"
        )
        after = os.lstat(path)
        assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino), path
    assert not list(tmp_path.glob("**/.*.tmp"))


@pytest.mark.parametrize("command", ["backup", "export"])
def test_an_output_path_that_cannot_be_looked_at_is_refused_with_the_reason(
    cli: Cli, journal_with_entry: Path, tmp_path: Path, good_backup: Path, command: str
) -> None:
    through_a_file = good_backup / "out.json"  # a file where a folder should be
    result = cli(command, "--output", str(through_a_file))
    assert result.exit_code == 2
    assert one_line_error(result.stderr) == (
        f"therapylog: --output: cannot use {through_a_file}: Not a directory"
    )
    assert good_backup.read_text() == PRECIOUS


@pytest.mark.parametrize("command", ["backup", "export"])
def test_an_output_inside_the_journal_folder_is_refused(
    cli: Cli, journal_with_entry: Path, tmp_path: Path, command: str
) -> None:
    journal = journal_with_entry
    link = tmp_path / "journal-link"
    link.symlink_to(journal)
    before = files_snapshot(journal)
    for target in (
        journal / "entries" / "2026-11-01.toml",
        journal / "goals.toml",
        journal / "new-file.json",
        journal / "entries" / "2026-11-02.toml",
        link / "goals.toml",
    ):
        result = cli(command, "-o", str(target))
        assert result.exit_code == 2, target
        assert one_line_error(result.stderr) == (
            f"therapylog: --output: {target} is inside the journal folder {journal}; write it "
            "somewhere else, so that no journal file is replaced"
        )
    assert files_snapshot(journal) == before


@pytest.mark.parametrize("command", ["backup", "export"])
def test_a_regular_file_or_a_new_path_outside_the_journal_is_written(
    cli: Cli, journal_with_entry: Path, tmp_path: Path, good_backup: Path, command: str
) -> None:
    assert cli(command, "-o", str(good_backup)).exit_code == 0
    assert good_backup.read_text() != PRECIOUS
    new = tmp_path / "new.json"
    assert cli(command, "-o", str(new)).exit_code == 0
    assert new.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("command", "what", "again"),
    [("backup", "the backup", "back up again"), ("export", "the handout", "export again")],
)
def test_an_output_the_disk_did_not_confirm_is_said_to_be_there_but_unconfirmed(
    cli: Cli,
    journal_with_entry: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    what: str,
    again: str,
) -> None:
    import errno

    import therapylog.journal.fsutil

    def failing_sync(path: Path) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(therapylog.journal.fsutil, "fsync_dir", failing_sync)
    output = tmp_path / "out.txt"
    result = cli(command, "--output", str(output))
    assert result.exit_code == 1
    line = one_line_error(result.stderr)
    assert f"{what} was written to {output}, but the disk could not confirm it" in line
    assert line.endswith(f"check the disk and {again}")
    assert output.read_text().strip()  # the document is whole in its place


def test_the_one_output_writer_applies_the_rules_itself(journal_with_entry: Path) -> None:
    """Commands check the path before any work; the writer checks it again, so a caller that
    forgot to check still cannot write into the journal folder or onto a folder."""
    from therapylog.data.errors import InputError
    from therapylog.journal.output import write_output

    before = files_snapshot(journal_with_entry)
    inside, folder = journal_with_entry / "new.json", journal_with_entry / "entries"
    for target, rule in (
        (
            inside,
            f"is inside the journal folder {journal_with_entry}; write it somewhere else, so "
            "that no journal file is replaced",
        ),
        (folder, "is a folder; give the name of a new or regular file to write"),
    ):
        with pytest.raises(InputError) as refused:
            write_output(target, b"{}", journal_with_entry, what="the backup", again="again")
        assert refused.value.message == f"--output: {target} {rule}"
    assert files_snapshot(journal_with_entry) == before
