"""`backup` and `import`: a journal restored elsewhere is the same journal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot


@pytest.fixture
def filled(cli: Cli) -> None:
    cli("goals", "add", "Sleep", "--id", "sleep")
    for args in (
        [
            "--date",
            "2026-10-01",
            "--therapist",
            "Dr. Lee",
            "--progress",
            "sleep=slight",
            "--note",
            "ok",
        ],
        ["--date", "2026-10-01", "--status", "client-cancelled"],
        ["--date", "2026-10-08", "--incident", "distracted: phone", "--repaired", "distracted"],
    ):
        assert cli("add", "--no-input", *args).exit_code == 0


def test_backup_then_import_elsewhere_restores_everything(
    cli: Cli, journal_path: Path, tmp_path: Path, filled: None
) -> None:
    backup = tmp_path / "backup.json"
    result = cli("backup", "--output", str(backup))
    assert result.exit_code == 0
    assert "backed up 3 entries and 1 goal to" in result.stdout
    assert backup.stat().st_mode & 0o777 == 0o600
    document = json.loads(backup.read_text())
    assert document["format"] == "therapylog-backup" and document["version"] == 1
    assert [entry["id"] for entry in document["entries"]] == [
        "2026-10-01",
        "2026-10-01-2",
        "2026-10-08",
    ]
    shown = json.loads(cli("show", "2026-10-01", "--json").stdout)
    derived = shown.pop("felt_derived")
    assert document["entries"][0] == shown | ({"felt": None} if derived else {})

    elsewhere = tmp_path / "restored"
    result = cli("--journal", str(elsewhere), "import", str(backup))
    assert result.exit_code == 0, result.stderr
    assert "imported 3 entries" in result.stdout
    assert files_snapshot(elsewhere / "entries") == files_snapshot(journal_path / "entries")
    assert (elsewhere / "goals.toml").read_bytes() == (journal_path / "goals.toml").read_bytes()


def restore(cli: Cli, tmp_path: Path) -> Path:
    """Back the journal up and import the backup into a new folder; that folder."""
    backup = tmp_path / "backup.json"
    assert cli("backup", "--output", str(backup)).exit_code == 0
    elsewhere = tmp_path / "restored"
    result = cli("--journal", str(elsewhere), "import", str(backup))
    assert result.exit_code == 0, result.stderr
    return elsewhere


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("[thresholds]\nmood_window = 6\n", id="one-threshold"),
        pytest.param("[thresholds]\nmood_drop = 1.5\nworse_count = 3\n", id="own-order"),
        pytest.param("", id="no-table"),
    ],
)
def test_a_settings_file_in_therapylogs_layout_comes_back_byte_for_byte(
    cli: Cli, journal_path: Path, tmp_path: Path, filled: None, content: str
) -> None:
    settings = f"schema_version = 1\n\n{content}".rstrip("\n") + "\n"
    (journal_path / "settings.toml").write_text(settings)
    restored = restore(cli, tmp_path)
    assert (restored / "settings.toml").read_bytes() == settings.encode()


def test_the_questionnaire_rhythm_comes_back_when_the_file_sets_it(
    cli: Cli, journal_path: Path, tmp_path: Path, filled: None
) -> None:
    """A restored journal offers the questionnaires at the rhythm the client chose, not monthly
    again (docs/data-safety.md, promise 8). A file that leaves it to its default comes back
    without it (the other tests of this file)."""
    settings = (
        'schema_version = 1\nquestionnaire_rhythm = "every-4th"\n\n[thresholds]\nmood_window = 6\n'
    )
    (journal_path / "settings.toml").write_text(settings)
    restored = restore(cli, tmp_path)
    assert (restored / "settings.toml").read_text() == settings
    rhythm_only = 'schema_version = 1\nquestionnaire_rhythm = "every-session"\n'
    (journal_path / "settings.toml").write_text(rhythm_only)
    (tmp_path / "again").mkdir()
    assert (restore(cli, tmp_path / "again") / "settings.toml").read_text() == rhythm_only


def test_a_hand_written_settings_file_comes_back_with_the_same_thresholds_only(
    cli: Cli, journal_path: Path, tmp_path: Path, filled: None
) -> None:
    """What is kept: which thresholds are set, their values and their order; not comments,
    spacing or how a number was written (docs/data-safety.md, promise 8)."""
    (journal_path / "settings.toml").write_text(
        "# mine\nschema_version = 1\n[thresholds]\nworse_count   = 3 # fewer\nmood_drop = 2\n"
    )
    restored = restore(cli, tmp_path)
    assert (restored / "settings.toml").read_text() == (
        "schema_version = 1\n\n[thresholds]\nworse_count = 3\nmood_drop = 2.0\n"
    )
    assert json.loads(cli("--journal", str(restored), "backup").stdout)["settings"] == {
        "thresholds": {"worse_count": 3, "mood_drop": 2.0}
    }


def test_a_damaged_settings_file_is_left_out_of_the_backup_not_replaced_by_defaults(
    cli: Cli, journal_path: Path, tmp_path: Path, filled: None
) -> None:
    (journal_path / "settings.toml").write_text(
        "schema_version = 1\n[thresholds]\nmood_window = 0\n"
    )
    result = cli("backup")
    assert "settings" not in json.loads(result.stdout)
    assert "note: 1 damaged file skipped; run `therapylog check` for details" in result.stderr
    assert not (restore(cli, tmp_path) / "settings.toml").exists()


def test_import_is_idempotent(cli: Cli, journal_path: Path, tmp_path: Path, filled: None) -> None:
    backup = tmp_path / "backup.json"
    cli("backup", "--output", str(backup))
    before = files_snapshot(journal_path)
    result = cli("import", str(backup))
    assert result.exit_code == 0
    assert "imported 0 entries; 3 already present" in result.stdout
    assert files_snapshot(journal_path) == before


def test_import_merges_a_different_entry_with_a_taken_id(
    cli: Cli, journal_path: Path, tmp_path: Path, filled: None
) -> None:
    other = tmp_path / "other"
    cli("--journal", str(other), "add", "--no-input", "--date", "2026-10-08", "--therapist", "Dr. Lee",
        "--mood-before", "2")  # fmt: skip
    backup = tmp_path / "other.json"
    cli("--journal", str(other), "backup", "--output", str(backup))
    result = cli("import", str(backup))
    assert "kept beside existing ones: 2026-10-08 as 2026-10-08-2" in result.stdout
    assert json.loads(cli("show", "2026-10-08-2", "--json").stdout)["mood_before"] == 2
    assert cli("import", str(backup)).stdout.startswith("imported 0 entries; 1 already present")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not valid JSON"),
        ('{"format": "other"}', "not a therapylog backup"),
        ('{"format": "therapylog-backup", "version": 9}', "backup version 9 is not supported"),
        (
            '{"format": "therapylog-backup", "version": 1, "goals": [], "entries": ['
            '{"id": "2026-10-01", "date": "2026-10-01", "therapist": "A"},'
            '{"id": "2026-10-02", "date": "2026-10-02", "therapist": "A", "mood_before": 12}]}',
            "entries[1].mood_before: 12 is out of range",
        ),
    ],
)
def test_invalid_backup_is_refused_as_a_whole(
    cli: Cli, journal_path: Path, tmp_path: Path, filled: None, content: str, message: str
) -> None:
    before = files_snapshot(journal_path)
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = cli("import", str(bad))
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.startswith(f"therapylog: {bad}: ")  # the message names the file
    assert files_snapshot(journal_path) == before


def test_backup_to_stdout_is_json(cli: Cli, filled: None) -> None:
    document = json.loads(cli("backup").stdout)
    assert len(document["entries"]) == 3
    assert document["goals"][0]["id"] == "sleep"


def test_backup_whose_folder_sync_fails_says_the_file_is_there_but_unconfirmed(
    cli: Cli, tmp_path: Path, filled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import therapylog.journal.fsutil

    def failing_sync(path: Path) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(therapylog.journal.fsutil, "fsync_dir", failing_sync)
    backup = tmp_path / "backup.json"
    result = cli("backup", "--output", str(backup))
    assert result.exit_code == 1
    assert f"the backup was written to {backup}, but the disk could not confirm it" in result.stderr
    assert json.loads(backup.read_text())["format"] == "therapylog-backup"


def test_counts_of_one_are_singular(cli: Cli, tmp_path: Path) -> None:
    cli("goals", "add", "Sleep through the night", "--id", "sleep")
    cli("add", "--no-input", "--therapist", "Dr. Lee")
    backup = tmp_path / "backup.json"
    result = cli("backup", "--output", str(backup))
    assert result.stdout == f"backed up 1 entry and 1 goal to {backup}\n"
    imported = cli("--journal", str(tmp_path / "other"), "import", str(backup))
    assert imported.stdout == "imported 1 entry; 1 goal added\n"


def test_an_entry_file_that_appears_while_importing_stops_it_and_nothing_stays(
    journal_path: Path,
) -> None:
    """Another program writes a file under an id import found free: the import stops there,
    the file is left alone and the entries already written are taken back."""
    from therapylog.data.errors import JournalError
    from therapylog.data.model import Entry
    from therapylog.data.validation import validate
    from therapylog.journal.storage import Journal

    journal = Journal(journal_path)
    first, second = (
        validate(Entry, {"id": day, "date": day, "therapist": "Dr. Lee"})
        for day in ("2026-11-01", "2026-11-02")
    )
    with journal.locked():
        journal.entry_path(second.id).write_text("written by another program")
        before = files_snapshot(journal_path)
        with pytest.raises(JournalError) as refused:
            journal.write_new_entries([first, second])
    assert refused.value.message == (
        f"{journal.entry_path(second.id)} appeared while importing; nothing was imported"
    )
    assert files_snapshot(journal_path) == before


def test_a_backup_reached_through_a_symbolic_link_is_imported(
    cli: Cli, tmp_path: Path, filled: None
) -> None:
    """Only the journal's own files refuse links: a backup may sit in a linked folder."""
    saved = tmp_path / "backups" / "journal.json"
    saved.parent.mkdir()
    assert cli("backup", "--output", str(saved)).exit_code == 0
    link = tmp_path / "latest.json"
    link.symlink_to(saved)
    result = cli("--journal", str(tmp_path / "restored"), "import", str(link))
    assert result.exit_code == 0, result.stderr
    assert "imported 3 entries" in result.stdout
