"""`therapylog therapists`: one person per therapist, whatever the spelling, and the registry."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot
from therapylog.analysis import analyze
from therapylog.data.errors import JournalError
from therapylog.data.identity import Registry, TherapistRecord
from therapylog.data.model import Entry, Thresholds
from therapylog.journal.storage import Journal
from therapylog.usecases.roster import identity_for, require_therapist_with_entries


def add(cli: Cli, *args: str) -> str:
    result = cli("add", "--no-input", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def split(cli: Cli) -> None:
    """The journal of issue 14: five forgotten details in five sessions in a row, the name
    spelled "Dr. Lee" and "Dr Lee" alternately."""
    for day in range(1, 6):
        name = "Dr. Lee" if day % 2 else "Dr Lee"
        add(cli, "--date", f"2026-10-0{day}", "--therapist", name, "--incident", "forgot-details")


def report_json(cli: Cli, *args: str) -> dict[str, object]:
    result = cli("report", "--all", "--json", *args)
    assert result.exit_code == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def rules(document: dict[str, object]) -> list[tuple[str, str, str]]:
    findings = document["findings"]
    assert isinstance(findings, list)
    return [(f["rule"], f["severity"], f["therapist"]) for f in findings]


def test_the_split_journal_is_one_therapist_with_the_serious_finding(cli: Cli, split: None) -> None:
    document = report_json(cli)
    assert document["therapists"] == ["Dr. Lee"]
    found = rules(document)
    assert ("recurring-empathic-failure", "serious", "Dr. Lee") in found
    assert {therapist for _, _, therapist in found} == {"Dr. Lee"}
    table = cli("therapists").stdout.splitlines()
    assert len(table) == 2 and table[1].split()[:4] == ["Dr.", "Lee", "Dr", "Lee"]


def test_every_command_and_the_analysis_agree_on_every_spelling(
    cli: Cli, journal_path: Path, split: None
) -> None:
    add(cli, "--date", "2026-10-06", "--therapist", "Dr. Leee")
    assert cli("therapists", "merge", "Dr. Lee", "Dr. Leee").exit_code == 0
    entries = Journal(journal_path).read_entries().entries
    registry, _ = Journal(journal_path).read_therapists()
    identity = identity_for(registry, entries)
    analysed = analyze(entries, [], Thresholds(), identity=identity)
    assert {finding.therapist for finding in analysed} == {"Dr. Lee"}
    for spelling in ("Dr. Lee", "Dr Lee", "dr  lee", "DR. LEEE"):
        listed = json.loads(cli("list", "--json", "--therapist", spelling).stdout)
        assert len(listed) == 6, spelling
        document = report_json(cli, "--therapist", spelling)
        assert document["therapists"] == ["Dr. Lee"]
        assert [f["rule"] for f in document["findings"]] == [f.rule for f in analysed]  # type: ignore[union-attr]
        exported = json.loads(
            cli("export", "--all", "--format", "json", "--therapist", spelling).stdout
        )
        assert len(exported["entries"]) == 6
        assert [f["rule"] for f in exported["findings"]] == [f.rule for f in analysed]
        assert identity.key(spelling) == identity.key("Dr. Lee")


def test_merging_a_typo_repairs_the_history_at_once(cli: Cli, journal_path: Path) -> None:
    for day, name in (
        (1, "Dr. Lee"),
        (2, "Dr. Lee"),
        (3, "Dr. Lre"),
        (4, "Dr. Lre"),
        (5, "Dr. Lee"),
    ):
        add(cli, "--date", f"2026-10-0{day}", "--therapist", name, "--incident", "distracted")
    before = rules(report_json(cli))
    assert ("recurring-empathic-failure", "warning", "Dr. Lee") in before
    assert any(therapist == "Dr. Lre" for _, _, therapist in before)
    entries_before = files_snapshot(journal_path / "entries")

    result = cli("therapists", "merge", "dr lee", "Dr. Lre")
    assert result.exit_code == 0, result.stderr
    assert "Dr. Lre is now part of Dr. Lee" in result.stdout
    after = rules(report_json(cli))
    assert ("recurring-empathic-failure", "serious", "Dr. Lee") in after
    assert all(therapist == "Dr. Lee" for _, _, therapist in after)
    assert files_snapshot(journal_path / "entries") == entries_before  # never rewritten


def test_rename_keeps_the_old_name_as_an_alias(cli: Cli, journal_path: Path, split: None) -> None:
    result = cli("therapists", "rename", "Dr Lee", "Dr. Anna Lee")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(cli("therapists", "--json").stdout)
    assert rows == [
        {
            "name": "Dr. Anna Lee",
            "aliases": ["Dr. Lee", "Dr Lee"],
            "first_appointment": "2026-10-01",
            "last_appointment": "2026-10-05",
            "sessions_attended": 5,
            "status": "active",
            "ended": None,
            "note": None,
        }
    ]
    assert {t for _, _, t in rules(report_json(cli))} == {"Dr. Anna Lee"}
    assert len(json.loads(cli("list", "--json", "--therapist", "dr lee").stdout)) == 5


def test_rename_to_another_therapists_name_points_to_merge(cli: Cli, split: None) -> None:
    add(cli, "--date", "2026-10-06", "--therapist", "Dr. Shah")
    result = cli("therapists", "rename", "Dr. Lee", "dr shah")
    assert result.exit_code == 2
    assert "therapists merge" in result.stderr


def test_the_registry_is_private_versioned_and_created_only_when_needed(
    cli: Cli, journal_path: Path, split: None
) -> None:
    for command in (["list"], ["report", "--all"], ["therapists"], ["check"]):
        assert cli(*command).exit_code == 0
    assert not (journal_path / "therapists.toml").exists()
    assert (
        cli("therapists", "end", "Dr Lee", "--date", "2026-10-05", "--note", "moved").exit_code == 0
    )
    path = journal_path / "therapists.toml"
    assert path.stat().st_mode & 0o777 == 0o600
    assert tomllib.loads(path.read_text()) == {
        "schema_version": 1,
        "therapists": [
            {"name": "Dr. Lee", "ended": tomllib.loads("d = 2026-10-05")["d"], "note": "moved"}
        ],
    }


def test_end_prints_a_short_summary_and_reopen_undoes_it(cli: Cli, split: None) -> None:
    result = cli("therapists", "end", "Dr. Lee", "--date", "2026-10-05")
    assert result.exit_code == 0, result.stderr
    assert "as ended on 2026-10-05" in result.stdout
    assert "You had 5 sessions with Dr. Lee, from 1 Oct 2026 to 5 Oct 2026." in result.stdout
    assert "What did not go well: A recurring pattern of empathic failure" in result.stdout
    assert json.loads(cli("therapists", "--json").stdout)[0]["status"] == "ended"
    assert cli("therapists", "reopen", "dr lee").exit_code == 0
    assert json.loads(cli("therapists", "--json").stdout)[0]["status"] == "active"
    again = cli("therapists", "reopen", "dr lee")
    assert again.exit_code == 2 and "not marked as ended" in again.stderr


def test_a_therapist_seen_again_after_the_end_is_active_again(cli: Cli, split: None) -> None:
    cli("therapists", "end", "Dr. Lee", "--date", "2026-10-05")
    add(cli, "--date", "2026-11-01", "--therapist", "Dr Lee")
    row = json.loads(cli("therapists", "--json").stdout)[0]
    assert row["status"] == "active" and row["ended"] is None
    assert all("ended" not in f for f in report_json(cli)["findings"])  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["end", "Dr. Nobody"], 1, "no therapist 'Dr. Nobody'; your therapists: Dr. Lee"),
        (["merge", "Dr. Lee", "Dr. Nobody"], 1, "your therapists: Dr. Lee"),
        (["rename", "Dr. Nobody", "X"], 1, "your therapists: Dr. Lee"),
        (["reopen", "Dr. Nobody"], 1, "your therapists: Dr. Lee"),
        (["merge", "Dr. Lee", "dr  lee"], 2, "cannot merge Dr. Lee with itself"),
        (["end", "Dr. Lee", "--date", "2026-09-30"], 2, "before your first appointment"),
        (["end", "Dr. Lee", "--date", "2026-10-04"], 2, "before your last appointment"),
        (["end", "Dr. Lee", "--date", "2026-11-23"], 2, "is in the future"),
        (["end", "Dr. Lee", "--date", "someday"], 2, "--date"),
        (["rename", "Dr. Lee", "..."], 2, "no letters or digits"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    cli: Cli, journal_path: Path, split: None, args: list[str], code: int, message: str
) -> None:
    before = files_snapshot(journal_path)
    result = cli("therapists", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert files_snapshot(journal_path) == before


def test_a_damaged_registry_is_said_once_never_overwritten_and_checked(
    cli: Cli, journal_path: Path, split: None
) -> None:
    path = journal_path / "therapists.toml"
    path.write_text("schema_version = 1\n[[therapists]]\nname = \n")
    damaged = path.read_bytes()
    listed = cli("list", "--therapist", "dr lee")
    assert listed.exit_code == 0
    assert listed.stderr.count("\n") == 1 and "therapists.toml is damaged" in listed.stderr
    assert "matched by spelling alone" in listed.stderr
    assert len(listed.stdout.splitlines()) == 6  # normalised names still join the spellings
    report = cli("report", "--all", "--json")
    assert report.exit_code == 0 and report.stderr.count("\n") == 1
    assert json.loads(report.stdout)["therapists"] == ["Dr. Lee"]
    changed = cli("therapists", "end", "Dr. Lee")
    assert changed.exit_code == 1 and "fix it" in changed.stderr
    check = cli("check")
    assert check.exit_code == 1 and "therapists.toml" in check.stderr
    assert path.read_bytes() == damaged


def test_a_registry_from_a_newer_therapylog_is_left_alone(
    cli: Cli, journal_path: Path, split: None
) -> None:
    path = journal_path / "therapists.toml"
    path.write_text('schema_version = 99\n[[therapists]]\nname = "Dr. Lee"\n')
    changed = cli("therapists", "end", "Dr. Lee")
    assert changed.exit_code == 1 and "newer therapylog" in changed.stderr
    assert "newer therapylog" in cli("check").stderr
    assert path.read_text().startswith("schema_version = 99")


def test_backup_and_import_round_trip_the_registry_idempotently(
    cli: Cli, journal_path: Path, tmp_path: Path, split: None
) -> None:
    add(cli, "--date", "2026-10-06", "--therapist", "Dr. Leee")
    cli("therapists", "merge", "Dr. Lee", "Dr. Leee")
    cli("therapists", "end", "Dr. Lee", "--date", "2026-10-06", "--note", "moved away")
    backup = tmp_path / "backup.json"
    assert cli("backup", "--output", str(backup)).exit_code == 0
    document = json.loads(backup.read_text())
    assert document["therapists"] == [
        {"name": "Dr. Lee", "aliases": ["Dr. Leee"], "ended": "2026-10-06", "note": "moved away"}
    ]
    elsewhere = tmp_path / "elsewhere"
    first = cli("--journal", str(elsewhere), "import", str(backup))
    assert first.exit_code == 0, first.stderr
    restored = (elsewhere / "therapists.toml").read_bytes()
    assert restored == (journal_path / "therapists.toml").read_bytes()
    snapshot = files_snapshot(elsewhere)
    second = cli("--journal", str(elsewhere), "import", str(backup))
    assert second.exit_code == 0 and "therapists" not in second.stdout
    assert files_snapshot(elsewhere) == snapshot


def test_an_old_backup_without_therapists_still_imports(
    cli: Cli, tmp_path: Path, split: None
) -> None:
    backup = tmp_path / "backup.json"
    cli("backup", "--output", str(backup))
    document = json.loads(backup.read_text())
    assert "therapists" not in document
    elsewhere = tmp_path / "elsewhere"
    assert cli("--journal", str(elsewhere), "import", str(backup)).exit_code == 0
    assert not (elsewhere / "therapists.toml").exists()


def test_an_invalid_registry_in_a_backup_is_refused_as_a_whole(
    cli: Cli, tmp_path: Path, split: None
) -> None:
    backup = tmp_path / "backup.json"
    cli("backup", "--output", str(backup))
    document = json.loads(backup.read_text())
    document["therapists"] = [{"name": "Dr. Lee"}, {"name": "Dr Lee"}]
    backup.write_text(json.dumps(document))
    elsewhere = tmp_path / "elsewhere"
    result = cli("--journal", str(elsewhere), "import", str(backup))
    assert result.exit_code == 2 and "nothing was imported" in result.stderr
    assert files_snapshot(elsewhere) == {}


def test_names_never_reach_the_terminal_as_control_sequences(cli: Cli) -> None:
    add(cli, "--date", "2026-10-01", "--therapist", "Dr. \x1b]0;owned\x07Lee")
    for result in (
        cli("therapists"),
        cli("therapists", "end", "Dr. \x1b[2J"),
        cli("therapists", "end", "Dr. \x1b]0;owned\x07Lee", "--date", "2026-10-01"),
    ):
        assert "\x1b" not in result.stdout + result.stderr
        assert "\x07" not in result.stdout + result.stderr


def test_end_says_nothing_went_well_with_a_therapist_who_crossed_a_line(cli: Cli) -> None:
    for day in ("2026-09-01", "2026-09-08", "2026-09-15"):
        result = cli("add", "--no-input", "--date", day, "--therapist", "Dr Ray",
                     "--mood-before", "5", "--felt", "better")  # fmt: skip
        assert result.exit_code == 0, result.stderr
    result = cli("add", "--no-input", "--date", "2026-09-22", "--therapist", "Dr Ray",
                 "--incident", "inappropriate-touch")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    result = cli("therapists", "end", "Dr Ray", "--date", "2026-09-30")
    assert result.exit_code == 0, result.stderr
    assert "went well" not in result.stdout and "feeling better" not in result.stdout
    assert "What did not go well: A boundary was crossed" in result.stdout


def test_a_report_for_a_therapist_needs_an_entry_with_them_under_any_name() -> None:
    """The check behind `report --therapist`: any spelling or registered alias of someone on
    an entry passes; anyone else is refused, naming each therapist once, by display name."""
    entries = [
        Entry(id="2026-10-01", date=dt.date(2026, 10, 1), therapist="Dr Lee"),
        Entry(id="2026-10-02", date=dt.date(2026, 10, 2), therapist="Dr. Lee"),
        Entry(id="2026-10-03", date=dt.date(2026, 10, 3), therapist="Sam Ortiz"),
    ]
    registry = Registry((TherapistRecord("Dr. Anna Lee", aliases=("Dr Lee", "Dr. Lee")),))
    for name in ("dr lee", "DR. ANNA LEE", "sam  ortiz"):
        require_therapist_with_entries(registry, entries, name)
    with pytest.raises(JournalError) as refused:
        require_therapist_with_entries(registry, entries, "Dr Nobody")
    assert refused.value.message == (
        "--therapist: no entries with 'Dr Nobody'; therapists: Dr. Anna Lee, Sam Ortiz"
    )
    with pytest.raises(JournalError, match=r"therapists: none yet$"):
        require_therapist_with_entries(Registry(), [], "Dr Lee")
