"""`add` guards the history: a new name close to a known therapist is asked about in the
interview and warned about with options; a brand-new therapist is confirmed once."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Cli
from therapylog.cli.answers import Answers
from therapylog.cli.interview import Known, interview
from therapylog.cli.naming import KnownNames, confirm_in_interview
from therapylog.data.identity import Identity, Registry, TherapistRecord
from therapylog.journal.storage import Journal


def add(cli: Cli, *args: str) -> str:
    result = cli("add", "--no-input", *args)
    assert result.exit_code == 0, result.stderr
    return result.stderr


@pytest.fixture
def lee(cli: Cli) -> None:
    add(cli, "--therapist", "Dr. Lee", "--date", "2026-11-01")


@pytest.mark.parametrize("name", ["Dr. Leee", "Dr Lre", "Lee", "Mrs Lee", "Dr. Ele"])
def test_a_close_name_with_options_is_kept_and_warned_about_in_one_line(
    cli: Cli, journal_path: Path, lee: None, name: str
) -> None:
    stderr = add(cli, "--therapist", name, "--date", "2026-11-02")
    assert stderr.count("\n") == 1
    assert "close to 'Dr. Lee'" in stderr
    assert f'therapylog therapists merge "Dr. Lee" "{name}"' in stderr
    saved = tomllib.loads((journal_path / "entries" / "2026-11-02.toml").read_text())
    assert saved["therapist"] == name


@pytest.mark.parametrize("name", ["Dr. Lee", "dr  lee", "DR LEE", "Dr. Shah", "Dr. Lewis"])
def test_the_same_person_or_a_clearly_different_one_is_not_warned_about(
    cli: Cli, lee: None, name: str
) -> None:
    assert add(cli, "--therapist", name, "--date", "2026-11-02") == ""


def test_a_registry_alias_is_a_known_name(cli: Cli, lee: None) -> None:
    add(cli, "--therapist", "Dr. Leee", "--date", "2026-11-02")
    cli("therapists", "merge", "Dr. Lee", "Dr. Leee")
    assert add(cli, "--therapist", "dr. leee", "--date", "2026-11-03") == ""


def test_the_default_therapist_is_the_registry_name(cli: Cli, journal_path: Path) -> None:
    add(cli, "--therapist", "Dr Lee", "--date", "2026-11-01")
    cli("therapists", "rename", "Dr Lee", "Dr. Anna Lee")
    add(cli, "--date", "2026-11-02")
    saved = tomllib.loads((journal_path / "entries" / "2026-11-02.toml").read_text())
    assert saved["therapist"] == "Dr. Anna Lee"


def answers(*replies: str) -> tuple[list[str], object]:
    """An ``ask`` that gives ``replies`` in turn and records every question."""
    asked: list[str] = []
    queue: Iterator[str] = iter(replies)

    def ask(question: str, default: str) -> str:
        asked.append(question)
        reply = next(queue)
        return default if reply == "<enter>" else reply

    return asked, ask


def run_interview(journal: Journal, *replies: str) -> tuple[str, list[str]]:
    identity = Identity(Registry((TherapistRecord("Dr. Lee"),)))
    known = KnownNames(journal, identity, "Dr. Lee")
    asked, ask = answers("n", *replies)  # not the usual session: date and name are asked
    confirm = confirm_in_interview(known)
    answer = interview(
        Known(
            today=dt.date(2026, 11, 22),
            last_therapist="Dr. Lee",
            confirm_therapist=lambda name: confirm(name, ask),  # type: ignore[arg-type]
        ),
        Answers(ask),  # type: ignore[arg-type]
    ).answer
    assert answer.therapist is not None
    return answer.therapist, asked


# Date, Therapist, (confirmation...), What happened (2: cancelled), went wrong, notes
TAIL = ("2", "<enter>", "<enter>")


def test_interview_yes_stores_the_known_display_name(journal: Journal) -> None:
    name, asked = run_interview(journal, "<enter>", "Dr Leee", "y", *TAIL)
    assert name == "Dr. Lee"
    assert "Is this Dr. Lee? [Y/n]" in asked
    assert not any(q.startswith("New therapist") for q in asked)


def test_interview_no_then_confirms_a_new_therapist_once(journal: Journal) -> None:
    name, asked = run_interview(journal, "<enter>", "Dr Leee", "n", "<enter>", *TAIL)
    assert name == "Dr Leee"
    assert asked.count("New therapist: Dr Leee? [Y/n]") == 1


def test_interview_brand_new_therapist_is_confirmed_once_or_asked_again(
    journal: Journal,
) -> None:
    name, asked = run_interview(journal, "<enter>", "Dr. Shah", "<enter>", *TAIL)
    assert name == "Dr. Shah"
    assert asked.count("New therapist: Dr. Shah? [Y/n]") == 1
    assert not any(q.startswith("Is this") for q in asked)
    name, asked = run_interview(journal, "<enter>", "Dr. Shha", "n", "Dr. Shah", "y", *TAIL)
    assert name == "Dr. Shah"
    assert asked.count("Therapist") == 2


def test_interview_known_therapist_is_not_asked_about(journal: Journal) -> None:
    name, asked = run_interview(journal, "<enter>", "<enter>", *TAIL)
    assert name == "Dr. Lee"
    assert not any(q.startswith(("Is this", "New therapist")) for q in asked)
