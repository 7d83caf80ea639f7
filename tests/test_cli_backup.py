"""`backup` and `import`: a journal restored elsewhere is the same journal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot
from therapylog.journal.backup import parse_backup_bytes, read_backup_bytes
from therapylog.journal.importing import ImportResult, import_backup
from therapylog.journal.storage import Journal


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


def _document(**changes: object) -> str:
    document = {"format": "therapylog-backup", "version": 1, "goals": [], "entries": []}
    return json.dumps(document | changes)


ENTRY = {"id": "2026-10-01", "date": "2026-10-01", "therapist": "A"}
GOAL = {"id": "sleep", "title": "Sleep", "created": "2026-10-01"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("not json", "not valid JSON (Expecting value, line 1)", id="not-json"),
        pytest.param(
            b'{"format": "therapylog-backup", "entries": ["caf\xe9"]}',
            "not UTF-8 text; is it a therapylog backup?",
            id="not-utf-8",
        ),
        pytest.param(
            '{"format": "other"}',
            "not a therapylog backup (\"format\" must be 'therapylog-backup')",
            id="another-format",
        ),
        pytest.param(
            _document(version=9), "backup version 9 is not supported (this reads 1)", id="version"
        ),
        pytest.param(_document(notes="x", extra=1), "unknown keys extra, notes", id="unknown-keys"),
        pytest.param(_document(entries={}), "'entries' must be a list", id="entries-a-table"),
        pytest.param(_document(goals="sleep"), "'goals' must be a list", id="goals-a-string"),
        pytest.param(
            _document(entries=[ENTRY, {**ENTRY, "id": "2026-10-02", "mood_before": 12}]).replace(
                '"2026-10-02", "date": "2026-10-01"', '"2026-10-02", "date": "2026-10-02"'
            ),
            "entries[1].mood_before: 12 is out of range; use a whole number from 0 to 10; "
            "nothing was imported",
            id="an-invalid-entry",
        ),
        pytest.param(
            _document(goals=[GOAL, {**GOAL, "id": "Not A Slug"}]),
            "goals[1].id: 'Not A Slug' is not a valid goal id; use lowercase letters, digits and "
            "dashes (up to 40 characters); nothing was imported",
            id="an-invalid-goal",
        ),
        pytest.param(
            _document(entries=[ENTRY, ENTRY]),
            "entry id '2026-10-01' appears twice; nothing was imported",
            id="an-entry-twice",
        ),
        pytest.param(
            _document(goals=[GOAL, {**GOAL, "title": "Sleep more"}]),
            "goal id 'sleep' appears twice; nothing was imported",
            id="a-goal-twice",
        ),
        pytest.param(
            _document(therapists={"name": "Dr. Lee"}),
            "therapists: must be a list of [[therapists]] tables; nothing was imported",
            id="therapists-a-table",
        ),
    ],
)
def test_invalid_backup_is_refused_as_a_whole(
    cli: Cli,
    journal_path: Path,
    tmp_path: Path,
    filled: None,
    content: str | bytes,
    message: str,
) -> None:
    """One line naming the file and the problem, exit 2, and nothing written."""
    before = files_snapshot(journal_path)
    bad = tmp_path / "bad.json"
    bad.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = cli("import", str(bad))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"therapylog: {bad}: {message}\n"
    assert files_snapshot(journal_path) == before


def test_a_backup_that_is_not_there_or_cannot_be_read_is_named(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.json"
    result = cli("import", str(missing))
    assert (result.exit_code, result.stderr) == (2, f"therapylog: {missing}: no such file\n")
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    result = cli("import", str(loop))
    expected = f"therapylog: cannot read {loop}: Too many levels of symbolic links\n"
    assert (result.exit_code, result.stderr) == (1, expected)
    assert not journal_path.exists()


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


def _merging_backup(tmp_path: Path) -> Path:
    """For the journal of ``filled``: two entries whose ids are taken by other entries, a goal
    of its own id with other content, and a new goal."""
    other = {"date": "2026-10-01", "therapist": "Sam Oke", "notes": "from the other journal"}
    path = tmp_path / "merging.json"
    path.write_text(
        _document(
            entries=[{"id": "2026-10-01", **other}, {"id": "2026-10-01-2", **other}],
            goals=[{**GOAL, "title": "Sleep well"}, {**GOAL, "id": "walk", "title": "Walk"}],
        )
    )
    return path


def test_import_keeps_the_journals_own_and_says_what_it_put_beside_them(
    cli: Cli, journal_path: Path, tmp_path: Path, filled: None
) -> None:
    result = cli("import", str(_merging_backup(tmp_path)))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "imported 2 entries; kept beside existing ones: 2026-10-01 as 2026-10-01-3, "
        "2026-10-01-2 as 2026-10-01-4; 1 goal added; goals kept as they are here: sleep\n"
    )
    for entry_id in ("2026-10-01-3", "2026-10-01-4"):
        shown = json.loads(cli("show", entry_id, "--json").stdout)
        assert (shown["therapist"], shown["notes"]) == ("Sam Oke", "from the other journal")
    goals = json.loads(cli("goals", "list", "--json").stdout)
    assert [(goal["id"], goal["title"]) for goal in goals] == [("sleep", "Sleep"), ("walk", "Walk")]


def test_import_backup_returns_what_it_did(
    journal_path: Path, tmp_path: Path, filled: None
) -> None:
    """The library's account of an import (the CLI's words above are made from it)."""
    path = _merging_backup(tmp_path)
    result = import_backup(
        Journal(journal_path), parse_backup_bytes(str(path), read_backup_bytes(path))
    )
    assert result == ImportResult(
        added=["2026-10-01-3", "2026-10-01-4"],
        renamed={"2026-10-01": "2026-10-01-3", "2026-10-01-2": "2026-10-01-4"},
        goals_added=["walk"],
        goals_kept=["sleep"],
    )


def test_a_backup_whose_settings_set_no_threshold_restores_a_settings_file_that_sets_none(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "backup.json"
    path.write_text(_document(settings={}))
    result = cli("import", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "imported 0 entries\n", "")
    assert (journal_path / "settings.toml").read_text() == "schema_version = 1\n"


def test_therapists_are_not_imported_into_a_damaged_registry(
    cli: Cli, journal_path: Path, tmp_path: Path, filled: None
) -> None:
    registry = journal_path / "therapists.toml"
    registry.write_text("garbage = [")
    before = files_snapshot(journal_path)
    path = tmp_path / "backup.json"
    path.write_text(_document(entries=[ENTRY], therapists=[{"name": "Sam Oke"}]))
    result = cli("import", str(path))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"therapylog: {registry}: not valid TOML: Invalid value (at end of document); "
        "fix it before importing therapists; nothing was imported\n"
    )
    assert files_snapshot(journal_path) == before
