"""The guided interview of `add`, driven in a real pseudo-terminal as a person would."""

from __future__ import annotations

import os
import signal
import sys
import tomllib
from pathlib import Path

import pexpect
import pytest

from tests.conftest import Cli

pytestmark = pytest.mark.e2e


def spawn_add(journal_path: Path) -> pexpect.spawn:
    env = {**os.environ, "THERAPYLOG_JOURNAL": str(journal_path), "TERM": "dumb"}
    return pexpect.spawn(
        sys.executable, ["-m", "therapylog", "add"], env=env, encoding="utf-8", timeout=20,
        dimensions=(40, 100), preexec_fn=_default_sigint,
    )  # fmt: skip


def _default_sigint() -> None:
    # A test run started in the background (nohup, `cmd &` in a script) inherits an ignored
    # SIGINT, and Ctrl-C would then do nothing at all: give the terminal its usual meaning.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_interview_records_a_session(cli: Cli, journal_path: Path) -> None:
    cli("goals", "add", "Sleep through the night", "--id", "sleep")
    cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", "-7d")
    child = spawn_add(journal_path)
    child.expect(r"Date .*\[today\]: ")
    child.sendline("")
    child.expect(r"Therapist \[Dr\. Lee\]: ")
    child.sendline("")
    child.expect(r"What happened \[1\]: ")
    child.sendline("")
    child.expect(r"Mood just before \(0-10\): ")
    child.sendline("11")  # invalid: explained and asked again
    child.expect("not a whole number from 0 to 10")
    child.expect(r"Mood just before \(0-10\): ")
    child.sendline("4")
    child.expect(r"Mood just after \(0-10\): ")
    child.sendline("6")
    child.expect(r"Did anything go wrong\? \(y/N\) \[n\]: ")
    child.sendline("y")
    child.expect(r"Which\? Numbers separated by commas: ")
    child.sendline("1, 4")
    child.expect(r"forgot-details: a short note \(optional\): ")
    child.sendline("asked my sister's name again")
    child.expect(r"make it right\? \(y/N\) \[n\]: ")
    child.sendline("y")
    child.expect(r"distracted: a short note \(optional\): ")
    child.sendline("")
    child.expect(r"make it right\? \(y/N\) \[n\]: ")
    child.sendline("")
    child.expect(r"Progress on 'Sleep through the night' .*: ")
    child.sendline("slight")
    child.expect(r"Rate heard, goals, approach, overall .*: ")
    child.sendline("8,9,7,8")
    child.expect(r"Notes \(optional\): ")
    child.sendline("Good session overall.")
    child.expect("2026-11-22")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    saved = tomllib.loads((journal_path / "entries" / "2026-11-22.toml").read_text())
    assert saved["therapist"] == "Dr. Lee"
    assert saved["status"] == "attended"
    assert (saved["mood_before"], saved["mood_after"]) == (4, 6)
    assert "felt" not in saved  # derived from the moods when read
    assert saved["incidents"] == [
        {"kind": "forgot-details", "note": "asked my sister's name again", "repaired": True},
        {"kind": "distracted", "repaired": False},
    ]
    assert saved["progress"] == {"sleep": "slight"}
    assert saved["alliance"] == {"heard": 8, "goals": 9, "approach": 7, "overall": 8}
    assert saved["notes"] == "Good session overall."


def test_interview_for_a_cancelled_appointment_is_short(cli: Cli, journal_path: Path) -> None:
    cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", "-7d")
    child = spawn_add(journal_path)
    child.expect(r"Date .*: ")
    child.sendline("yesterday")
    child.expect(r"Therapist \[Dr\. Lee\]: ")
    child.sendline("")
    child.expect(r"What happened \[1\]: ")
    child.sendline("2")
    child.expect(r"Did anything go wrong\? ")
    child.sendline("")
    child.expect(r"Notes \(optional\): ")
    child.sendline("Cancelled by text an hour before.")
    child.expect("2026-11-21")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    saved = tomllib.loads((journal_path / "entries" / "2026-11-21.toml").read_text())
    assert saved["status"] == "therapist-cancelled"
    assert "mood_before" not in saved


def test_ctrl_c_saves_nothing(cli: Cli, journal_path: Path) -> None:
    cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", "-7d")
    child = spawn_add(journal_path)
    child.expect(r"Date .*: ")
    child.sendintr()
    child.expect("cancelled; nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert [p.name for p in (journal_path / "entries").iterdir()] == ["2026-11-15.toml"]


def test_interview_asks_about_a_name_close_to_a_known_therapist(
    cli: Cli, journal_path: Path
) -> None:
    cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", "-7d")
    child = spawn_add(journal_path)
    child.expect(r"Date .*: ")
    child.sendline("")
    child.expect(r"Therapist \[Dr\. Lee\]: ")
    child.sendline("Dr Leee")
    child.expect(r"Is this Dr\. Lee\? \[Y/n\]: ")
    child.sendline("")
    child.expect(r"What happened \[1\]: ")
    child.sendline("2")
    child.expect(r"Did anything go wrong\? ")
    child.sendline("")
    child.expect(r"Notes \(optional\): ")
    child.sendline("")
    child.expect("2026-11-22")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    saved = tomllib.loads((journal_path / "entries" / "2026-11-22.toml").read_text())
    assert saved["therapist"] == "Dr. Lee"
