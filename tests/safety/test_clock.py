"""Promise: what the journal holds never depends on the clock or the timezone.

"Not in the future" is a rule for dates the user types (`add`; `edit` cannot change a date,
since an entry's file is named after it), judged against the user's local date; a stored date is never judged against the
clock, so a journal written in one timezone reads the same in another. There is one clock,
`therapylog.data.dates.today`, and it honours `THERAPYLOG_TODAY`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXED_TODAY, Cli
from tests.safety.helpers import one_line_error, run_therapylog

SRC = Path(__file__).parents[2] / "src" / "therapylog"


def _write_entry(journal_path: Path, day: dt.date) -> str:
    entries = journal_path / "entries"
    entries.mkdir(parents=True, exist_ok=True)
    entry_id = day.isoformat()
    path = entries / f"{entry_id}.toml"
    path.write_text(
        f'schema_version = 1\nid = "{entry_id}"\ndate = {entry_id}\ntherapist = "Dr. Lee"\n'
        "mood_before = 4\nmood_after = 6\n"
    )
    for made, mode in ((journal_path, 0o700), (entries, 0o700), (path, 0o600)):
        made.chmod(mode)  # as therapylog makes them: `check` reports files others can read
    return entry_id


@pytest.mark.parametrize("days_ahead", [1, 400])
def test_a_stored_date_after_today_is_read_by_every_command(
    cli: Cli, journal_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, days_ahead: int
) -> None:
    """The file was written where it was already tomorrow: here, by every clock, it is not."""
    monkeypatch.delenv("THERAPYLOG_TODAY")
    ahead = dt.date.today() + dt.timedelta(days=days_ahead)
    entry_id = _write_entry(journal_path, ahead)
    assert cli("check").exit_code == 0
    assert json.loads(cli("show", entry_id, "--json").stdout)["date"] == ahead.isoformat()
    assert [row["id"] for row in json.loads(cli("list", "--json").stdout)] == [entry_id]
    backup = tmp_path / "backup.json"
    assert cli("backup", "-o", str(backup)).exit_code == 0
    assert [row["id"] for row in json.loads(backup.read_text())["entries"]] == [entry_id]
    until = ("--since", "2020-01-01", "--until", ahead.isoformat())
    report = cli("report", *until, "--json")
    assert report.exit_code == 0, report.stderr
    assert json.loads(report.stdout)["summary"]["skipped_files"] == 0
    everything = json.loads(cli("report", "--all", "--json").stdout)  # reaches past today
    assert everything["period"]["end"] == ahead.isoformat()
    assert everything["summary"]["entries"] == 1
    imported = cli("--journal", str(tmp_path / "copy"), "import", str(backup))
    assert imported.exit_code == 0, imported.stderr
    assert cli("rm", entry_id, "--yes").exit_code == 0


def test_a_typed_date_after_the_local_today_is_refused(cli: Cli, journal_path: Path) -> None:
    result = cli("add", "--no-input", "--therapist", "A", "--date", "2026-11-23")
    assert result.exit_code == 2
    assert "2026-11-23 is in the future" in one_line_error(result.stderr)
    assert not journal_path.exists()


def test_an_edit_that_keeps_a_stored_future_date_is_saved(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    entry_id = _write_entry(journal_path, dt.date.fromisoformat(FIXED_TODAY) + dt.timedelta(3))
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('mood_after = 6', 'mood_after = 7'))\n"
    )
    result = cli("edit", entry_id, env={"EDITOR": f"{sys.executable} {script}"})
    assert result.exit_code == 0, result.stderr
    assert json.loads(cli("show", entry_id, "--json").stdout)["mood_after"] == 7


@pytest.mark.e2e
def test_an_entry_added_far_east_reads_the_same_in_utc(proc_env: dict[str, str]) -> None:
    env = {key: value for key, value in proc_env.items() if key != "THERAPYLOG_TODAY"}
    added = run_therapylog("add", "--no-input", "--therapist", "X", env={**env, "TZ": "Etc/GMT-14"})
    assert added.returncode == 0, added.stderr
    entry_id = added.stdout.strip()
    for zone in ("UTC", "Etc/GMT+12"):
        checked = run_therapylog("check", env={**env, "TZ": zone})
        assert checked.returncode == 0, checked.stderr
        assert run_therapylog("show", entry_id, env={**env, "TZ": zone}).returncode == 0


def clock_readings(pattern: str) -> dict[str, int]:
    """How often each module of the package matches ``pattern``, where it does."""
    found = {
        str(path.relative_to(SRC)): len(re.findall(pattern, path.read_text()))
        for path in SRC.rglob("*.py")
    }
    return {name: count for name, count in found.items() if count}


def test_there_is_one_clock() -> None:
    """Today's date comes from `dates.today` alone. The wall clock is read elsewhere only for
    a time of day or a file name's stamp, never turned into a date."""
    assert clock_readings(r"\bdate\.today\(\)") == {"data/dates.py": 1}
    assert clock_readings(r"\.now\(") == {
        "journal/rescue.py": 1,  # a rescued file's name: <label>-YYYYMMDD-HHMMSS
        "journal/drafts.py": 1,  # a set-aside draft's name, the same
        "cli/drafting.py": 1,  # the time of day a draft was begun, on dates.today()'s date
    }
    assert clock_readings(r"\.now\([^)]*\)\.date\(|utcnow|fromtimestamp|localtime|gmtime") == {}
