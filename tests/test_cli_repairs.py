"""`add --repairs ID:KIND`: an earlier incident put right in a later session."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot


def read_entry(journal_path: Path, entry_id: str) -> dict[str, object]:
    return tomllib.loads((journal_path / "entries" / f"{entry_id}.toml").read_text())


@pytest.fixture
def slip(cli: Cli) -> str:
    """An earlier session with Dr. Lee in which two things went wrong."""
    result = cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", "2026-11-03",
                 "--incident", "forgot-details: my sister's name", "--incident", "distracted")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return "2026-11-03"


def test_repairs_marks_the_earlier_incident_with_this_entrys_date(
    cli: Cli, journal_path: Path, slip: str
) -> None:
    result = cli("add", "--no-input", "--date", "2026-11-10", "--repairs", f"{slip}:forgot-details")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "2026-11-10"
    assert "2026-11-03: forgot-details marked repaired on 2026-11-10" in result.stderr
    earlier = read_entry(journal_path, slip)
    assert earlier["incidents"] == [
        {"kind": "forgot-details", "note": "my sister's name", "repaired": True,
         "repaired_on": dt.date(2026, 11, 10)},
        {"kind": "distracted", "repaired": False},
    ]  # fmt: skip
    assert (journal_path / "entries" / f"{slip}.toml").stat().st_mode & 0o777 == 0o600
    shown = json.loads(cli("show", slip, "--json").stdout)
    assert shown["incidents"][0]["repaired_on"] == "2026-11-10"
    assert "repaired_on" not in shown["incidents"][1]
    assert "forgot-details (repaired on 2026-11-10)" in cli("show", slip).stdout
    assert cli("check").exit_code == 0


def test_the_report_says_when_it_was_repaired(cli: Cli, slip: str) -> None:
    cli("add", "--no-input", "--date", "2026-11-10", "--repairs", f"{slip}:distracted")
    report = " ".join(cli("report", "--month", "2026-11").stdout.split())
    assert "distracted of 3 Nov 2026, put right on 10 Nov 2026" in report
    handout = cli("export", "--month", "2026-11").stdout
    assert "yes, 10 Nov 2026" in handout


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("2026-11-03", 2, "is not ID:KIND"),
        ("3 Nov:distracted", 2, "'3 Nov' is not an entry id"),
        ("2026-11-03:sleepy", 2, "'sleepy' is not an incident kind"),
        ("2026-11-04:distracted", 1, "no entry with id '2026-11-04'"),
        ("2026-11-03:jargon", 2, "2026-11-03 has no jargon incident; its incidents: "
                                 "forgot-details, distracted"),
    ],
)  # fmt: skip
def test_bad_repairs_write_nothing(
    cli: Cli, journal_path: Path, slip: str, value: str, code: int, message: str
) -> None:
    before = files_snapshot(journal_path)
    result = cli("add", "--no-input", "--date", "2026-11-10", "--repairs", value)
    assert result.exit_code == code
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert files_snapshot(journal_path) == before


def test_a_repair_needs_the_same_therapist_and_a_later_session(
    cli: Cli, journal_path: Path, slip: str
) -> None:
    before = files_snapshot(journal_path)
    other = cli("add", "--no-input", "--therapist", "Dr. Shah", "--repairs", f"{slip}:distracted")
    assert other.exit_code == 2
    assert "that session was with Dr. Lee, this one is with Dr. Shah" in other.stderr
    earlier = cli("add", "--no-input", "--date", "2026-11-01", "--repairs", f"{slip}:distracted")
    assert earlier.exit_code == 2
    assert "after this one" in earlier.stderr
    assert files_snapshot(journal_path) == before


def test_a_repair_already_recorded_is_refused(cli: Cli, journal_path: Path, slip: str) -> None:
    cli("add", "--no-input", "--date", "2026-11-10", "--repairs", f"{slip}:distracted")
    before = files_snapshot(journal_path)
    again = cli("add", "--no-input", "--date", "2026-11-17", "--repairs", f"{slip}:distracted")
    assert again.exit_code == 2
    assert "marked repaired already" in again.stderr
    assert files_snapshot(journal_path) == before


def test_a_damaged_earlier_entry_is_never_overwritten(
    cli: Cli, journal_path: Path, slip: str
) -> None:
    path = journal_path / "entries" / f"{slip}.toml"
    path.write_text(path.read_text() + "\nnonsense = [\n")
    before = files_snapshot(journal_path)
    result = cli("add", "--no-input", "--date", "2026-11-10", "--therapist", "Dr. Lee",
                 "--repairs", f"{slip}:distracted")  # fmt: skip
    assert result.exit_code == 1, result.stderr
    assert "not valid TOML" in result.stderr
    assert files_snapshot(journal_path) == before


@pytest.mark.parametrize(
    ("incident", "message"),
    [
        ({"kind": "jargon", "repaired": False, "repaired_on": dt.date(2026, 11, 10)},
         "repaired_on is set but repaired is false"),
        ({"kind": "jargon", "repaired": True, "repaired_on": dt.date(2026, 11, 1)},
         "repaired_on 2026-11-01 is before the entry's date 2026-11-03"),
    ],
)  # fmt: skip
def test_check_refuses_an_impossible_repaired_on(
    cli: Cli, journal_path: Path, slip: str, incident: dict[str, object], message: str
) -> None:
    import tomli_w

    path = journal_path / "entries" / f"{slip}.toml"
    document = tomllib.loads(path.read_text())
    document["incidents"] = [incident]
    path.write_text(tomli_w.dumps(document))
    result = cli("check")
    assert result.exit_code == 1
    assert message in result.stdout + result.stderr
