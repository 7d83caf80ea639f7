"""The interview's draft: kept privately, ignored by every reader, dropped on request."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot
from therapylog.data.errors import DamagedFileError, Interrupted
from therapylog.journal import drafts
from therapylog.journal.editing import apply_edit
from therapylog.journal.storage import Journal

STARTED = dt.datetime(2026, 11, 22, 14, 5)


def keep(journal_path: Path, **answers: str) -> None:
    drafts.save_draft(journal_path, drafts.Draft(STARTED, answers))


def test_a_draft_is_private_and_read_back_as_written(journal_path: Path) -> None:
    keep(journal_path, usual="y", mood_before="4", notes='a "quoted" line')
    path = drafts.draft_path(journal_path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert drafts.read_draft(journal_path) == drafts.Draft(
        STARTED, {"usual": "y", "mood_before": "4", "notes": 'a "quoted" line'}
    )
    assert [p.name for p in path.parent.iterdir()] == ["add.toml"]  # no temporary file left


def test_a_draft_that_is_not_one_is_reported_not_read(journal_path: Path) -> None:
    path = drafts.draft_path(journal_path)
    path.parent.mkdir(parents=True)
    path.write_text("answers = 3\n")
    with pytest.raises(DamagedFileError, match="is not a draft therapylog can read"):
        drafts.read_draft(journal_path)


@pytest.mark.parametrize(
    ("started", "said"),
    [
        (dt.datetime(2026, 11, 22, 14, 5), "today, 14:05"),
        (dt.datetime(2026, 11, 21, 9, 30), "yesterday, 09:30"),
        (dt.datetime(2026, 11, 3, 14, 5), "3 Nov, 14:05"),
        (dt.datetime(2025, 12, 30, 8, 0), "30 Dec 2025, 08:00"),
    ],
)
def test_when_a_draft_was_begun_reads_as_a_person_says_it(started: dt.datetime, said: str) -> None:
    assert drafts.describe_start(started, dt.date(2026, 11, 22)) == said


def test_check_list_and_backup_ignore_the_draft(cli: Cli, journal_path: Path) -> None:
    cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", "-7d")
    keep(journal_path, usual="y")
    checked = cli("check")
    assert checked.exit_code == 0
    assert checked.stdout.strip() == f"{journal_path}: 1 entry, all fine"
    assert len(cli("list", "--json").stdout.split('"id"')) == 2
    assert '"usual"' not in cli("backup").stdout


def test_discard_draft_drops_it_and_adds_nothing_without_a_terminal(
    cli: Cli, journal_path: Path
) -> None:
    cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", "-7d")
    keep(journal_path, usual="y")
    entries = files_snapshot(journal_path / "entries")
    result = cli("add", "--discard-draft")
    assert result.exit_code == 0
    assert result.stdout.strip() == "Dropped the unfinished entry from today, 14:05."
    assert not drafts.draft_path(journal_path).exists()
    assert files_snapshot(journal_path / "entries") == entries
    again = cli("add", "--discard-draft")
    assert again.stdout.strip() == "There was no unfinished entry to drop."


def test_discard_draft_with_options_drops_it_and_adds_the_entry(
    cli: Cli, journal_path: Path
) -> None:
    keep(journal_path, usual="y")
    result = cli("add", "--discard-draft", "--therapist", "Dr. Lee")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "2026-11-22"
    assert not drafts.draft_path(journal_path).exists()


def test_adding_from_options_leaves_the_draft_and_says_so(cli: Cli, journal_path: Path) -> None:
    keep(journal_path, usual="y")
    result = cli("add", "--no-input", "--therapist", "Dr. Lee")
    assert result.exit_code == 0
    assert "an unfinished entry from today, 14:05 is kept" in result.stderr
    assert drafts.read_draft(journal_path) == drafts.Draft(STARTED, {"usual": "y"})


def test_an_edit_abandoned_at_the_question_is_rescued(cli: Cli, journal_path: Path) -> None:
    cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", "-7d")
    journal = Journal(journal_path)
    original = journal.read_entry("2026-11-15")
    entries = files_snapshot(journal_path / "entries")

    def ctrl_c(_reason: str) -> bool:
        raise KeyboardInterrupt

    with pytest.raises(Interrupted) as stopped:
        apply_edit(journal, original, editor=lambda data: data + b"oops = [\n", retry=ctrl_c)
    (kept,) = (journal_path / "rescued").iterdir()
    assert stopped.value.exit_code == 130
    assert (
        str(stopped.value) == f"stopped; 2026-11-15 was not changed; your edit was kept in {kept}"
    )
    assert "oops = [" in kept.read_text()
    assert files_snapshot(journal_path / "entries") == entries
