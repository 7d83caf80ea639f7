"""`check` reports every damaged file and leaves it alone; reads skip it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli


def test_check_on_a_healthy_journal(cli: Cli) -> None:
    cli("add", "--no-input", "--therapist", "Dr. Lee")
    result = cli("check")
    assert result.exit_code == 0
    assert "1 entry, all fine" in result.stdout


def test_check_reports_each_problem_and_reads_skip_them(cli: Cli, journal_path: Path) -> None:
    cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", "2026-11-01")
    entries = journal_path / "entries"
    (entries / "2026-11-02.toml").write_text("schema_version = 1\nid = '2026-11-02'\n")
    (entries / "2026-11-03.toml").write_text("schema_version = 7\n")
    (entries / "2026-11-04.toml").write_bytes(b"\xff\xfe garbage")
    for path in entries.iterdir():  # the modes therapylog writes: only the content is wrong
        path.chmod(0o600)
    result = cli("check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any("2026-11-02.toml: date: is required" in line for line in lines)
    assert any("2026-11-03.toml: written by a newer therapylog (schema 7" in line for line in lines)
    assert any("2026-11-04.toml: not valid UTF-8" in line for line in lines)
    assert lines[-1].startswith("therapylog: 3 problems in")
    listed = cli("list", "--json")
    assert listed.exit_code == 0
    assert '"2026-11-01"' in listed.stdout
    assert "3 damaged files skipped" in listed.stderr
    # a new add never reuses the id of a damaged file
    assert cli("add", "--no-input", "--date", "2026-11-02").stdout.strip() == "2026-11-02-2"
    assert (entries / "2026-11-02.toml").read_text() == "schema_version = 1\nid = '2026-11-02'\n"


def test_check_without_a_journal(cli: Cli) -> None:
    result = cli("check")
    assert result.exit_code == 1
    assert "no journal at" in result.stderr


def test_check_of_a_journal_that_does_not_exist_says_how_to_start(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "no-journal-here"
    result = cli("--journal", str(missing), "check")
    assert result.exit_code == 1
    assert f"no journal at {missing} (record a session with `therapylog add`)" in result.stderr
    assert not missing.exists()


def test_goals_and_therapists_that_cannot_be_read_are_named_with_the_reason(
    cli: Cli, journal_path: Path
) -> None:
    """Each is read as its default (no goals, no registry): check names both, and a report
    says once that names are matched by spelling and counts the other as skipped."""
    cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", "2026-11-01")
    (journal_path / "goals.toml").mkdir(mode=0o700)
    (journal_path / "therapists.toml").mkdir(mode=0o700)
    result = cli("check")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{journal_path}/goals.toml: cannot be read: not a regular file",
        f"{journal_path}/therapists.toml: cannot be read: not a regular file",
        f"therapylog: 2 problems in {journal_path} (1 entry is fine)",
    ]
    report = cli("report", "--all")
    assert report.exit_code == 0
    assert report.stderr.splitlines() == [
        f"note: {journal_path}/therapists.toml is damaged (cannot be read: not a regular file); "
        "therapists are matched by spelling alone until it is fixed (see `therapylog check`)",
        "note: 1 damaged file skipped; run `therapylog check` for details",
    ]
