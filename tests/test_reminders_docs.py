"""docs/reminders.md: its example is real output, and each way to run `status` is valid."""

from __future__ import annotations

import configparser
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "reminders.md").read_text(encoding="utf-8")


def block(name: str) -> str:
    match = re.search(rf"<!-- reminders: {name} -->\n```\w*\n(.*?)\n```", DOC, re.S)
    assert match is not None, f"no {name} block in docs/reminders.md"
    return match.group(1)


def weekly_journal(cli: Cli, journal: Path | None = None) -> None:
    where = ["--journal", str(journal)] if journal else []
    for day in range(6):
        date = dt.date(2026, 9, 29) + dt.timedelta(days=7 * day)
        added = cli(
            *where, "add", "--no-input", "--date", date.isoformat(), "--therapist", "Dr. Lee"
        )
        assert added.exit_code == 0, added.output


def test_the_example_is_real_output(cli: Cli) -> None:
    example = re.search(r"```console\n\$ therapylog status\n(.*?)\n```", DOC, re.S)
    assert example is not None
    weekly_journal(cli)
    assert cli("status").stdout.splitlines() == example.group(1).splitlines()


# --- cron ----------------------------------------------------------------------------------------

CRON_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))


def cron_field_is_valid(field: str, low: int, high: int) -> bool:
    for part in field.split(","):
        base, _, step = part.partition("/")
        if step and not (step.isdigit() and int(step) > 0):
            return False
        if base == "*":
            continue
        start, _, end = base.partition("-")
        numbers = [start, end] if end else [start]
        if not all(n.isdigit() and low <= int(n) <= high for n in numbers):
            return False
        if end and int(start) > int(end):
            return False
    return True


@pytest.mark.parametrize(
    ("field", "valid"),
    [("30", True), ("*", True), ("*/15", True), ("1-5", True), ("0,30", True),
     ("60", False), ("5-1", False), ("*/0", False), ("mon", False), ("", False)],
)  # fmt: skip
def test_the_cron_field_check_itself(field: str, valid: bool) -> None:
    assert cron_field_is_valid(field, 0, 59) is valid


def test_the_cron_line_is_valid() -> None:
    lines = [line for line in block("cron").splitlines() if line and not line.startswith("#")]
    assert len(lines) == 1
    fields = lines[0].split(None, 5)
    assert len(fields) == 6
    for field, (low, high) in zip(fields[:5], CRON_RANGES, strict=True):
        assert cron_field_is_valid(field, low, high), field
    command = fields[5]
    assert "%" not in command  # cron turns % into a new line
    assert subprocess.run(["sh", "-n", "-c", command], check=False).returncode == 0
    assert "status --quiet" in command


# --- systemd -------------------------------------------------------------------------------------


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read_string(block(name))
    return parser


def test_the_systemd_units_have_the_sections_and_keys_they_need() -> None:
    service, timer = unit("service"), unit("timer")
    assert service.sections() == ["Unit", "Service"]
    assert service["Service"]["Type"] == "oneshot"
    command = service["Service"]["ExecStart"]
    assert command.startswith("/bin/sh -c '") and command.endswith("'")
    script = command.removeprefix("/bin/sh -c '").removesuffix("'").replace("$$", "$")
    script = script.replace("%h", "$HOME")
    assert subprocess.run(["sh", "-n", "-c", script], check=False).returncode == 0
    assert "status --quiet" in script
    assert timer.sections() == ["Unit", "Timer", "Install"]
    assert timer["Timer"]["OnCalendar"] and timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"
    names = [re.search(r"/([\w-]+\.(service|timer))", block(n)) for n in ("service", "timer")]
    assert [m.group(1) for m in names if m] == [
        "therapylog-status.service",
        "therapylog-status.timer",
    ]  # a timer starts the service of its own name


def test_systemd_accepts_the_units_where_it_is_installed(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:  # the structural test above still holds
        return
    units = tmp_path / "units"
    units.mkdir()
    for name in ("service", "timer"):
        (units / f"therapylog-status.{name}").write_text(block(name) + "\n")
    result = subprocess.run(
        [analyze, "verify", *(str(p) for p in sorted(units.iterdir()))],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    calendar = unit("timer")["Timer"]["OnCalendar"]
    checked = subprocess.run([analyze, "calendar", calendar], capture_output=True, check=False)
    assert checked.returncode == 0


# --- the shell profile -------------------------------------------------------------------------


@pytest.mark.e2e
def test_the_profile_line_is_valid_bash_and_speaks_only_when_something_is_due(
    cli: Cli, tmp_path: Path
) -> None:
    line = block("profile")
    assert subprocess.run(["bash", "-n", "-c", line], check=False).returncode == 0
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "therapylog"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m therapylog "$@"\n')
    launcher.chmod(0o755)
    journal = tmp_path / "weekly"
    weekly_journal(cli, journal)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path), "NO_COLOR": "1",
           "THERAPYLOG_JOURNAL": str(journal), "THERAPYLOG_TODAY": os.environ["THERAPYLOG_TODAY"]}  # fmt: skip
    due = subprocess.run(["bash", "-c", line], env=env, capture_output=True, text=True, check=False)
    assert due.returncode == 0 and "Did you have a session since?" in due.stdout
    cli("--journal", str(journal), "add", "--no-input", "--phq9", "3", "--gad7", "2")
    quiet = subprocess.run(
        ["bash", "-c", line], env=env, capture_output=True, text=True, check=False
    )
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    env["PATH"] = "/usr/bin:/bin"  # not installed: the line stays silent too
    absent = subprocess.run(
        ["bash", "-c", line], env=env, capture_output=True, text=True, check=False
    )
    assert (absent.stdout, absent.stderr) == ("", "")
