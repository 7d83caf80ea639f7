"""When the PHQ-9 and GAD-7 are due: the setting ``questionnaire_rhythm`` at its edges."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import Cli
from therapylog.data.catalogue import QuestionnaireRhythm, Status
from therapylog.data.model import Entry
from therapylog.data.questionnaires import GAD7, PHQ9, Questionnaire
from therapylog.usecases.reminders import questionnaires_due

TODAY = dt.date(2026, 11, 22)
BOTH = [PHQ9, GAD7]


def entry(days_ago: int, *, phq9: int | None = None, gad7: int | None = None,
          status: Status = Status.ATTENDED) -> Entry:  # fmt: skip
    day = TODAY - dt.timedelta(days=days_ago)
    return Entry(id=day.isoformat(), date=day, therapist="Dr. Lee", status=status,
                 phq9=phq9, gad7=gad7)  # fmt: skip


def due(entries: list[Entry], rhythm: QuestionnaireRhythm) -> list[Questionnaire]:
    return questionnaires_due(entries, today=TODAY, rhythm=rhythm)


@pytest.mark.parametrize(("days_ago", "expected"), [(26, []), (27, []), (28, BOTH)])
def test_monthly_is_due_when_none_in_the_last_28_days(
    days_ago: int, expected: list[Questionnaire]
) -> None:
    entries = [entry(60), entry(days_ago, phq9=5, gad7=4), entry(3)]
    assert due(entries, QuestionnaireRhythm.MONTHLY) == expected


def test_each_questionnaire_is_judged_on_its_own() -> None:
    entries = [entry(10, gad7=4)]
    assert due(entries, QuestionnaireRhythm.MONTHLY) == [PHQ9]


@pytest.mark.parametrize(("sessions_since", "expected"), [(2, []), (3, BOTH)])
def test_every_4th_is_due_after_three_attended_sessions_without(
    sessions_since: int, expected: list[Questionnaire]
) -> None:
    entries = [entry(50, phq9=5, gad7=4)]
    entries += [entry(40 - 7 * n) for n in range(sessions_since)]
    entries += [entry(1, status=Status.THERAPIST_CANCELLED)]  # not a session: not counted
    assert due(entries, QuestionnaireRhythm.EVERY_4TH) == expected


def test_every_session_is_always_due_and_an_empty_journal_never() -> None:
    assert due([entry(1, phq9=3, gad7=2)], QuestionnaireRhythm.EVERY_SESSION) == BOTH
    for rhythm in QuestionnaireRhythm:
        assert due([], rhythm) == []


def test_the_setting_is_read_and_checked(cli: Cli, journal_path: object) -> None:
    from pathlib import Path

    root = Path(str(journal_path))
    cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", "-7d")
    settings = root / "settings.toml"
    settings.write_text('schema_version = 1\nquestionnaire_rhythm = "every-4th"\n')
    settings.chmod(0o600)
    assert cli("check").exit_code == 0
    settings.write_text('schema_version = 1\nquestionnaire_rhythm = "weekly"\n')
    result = cli("check")
    assert result.exit_code == 1
    assert (
        "questionnaire_rhythm: 'weekly' is not valid; choose one of: every-session, "
        "every-4th, monthly" in result.stdout + result.stderr
    )
