"""``therapylog status``: the rhythm, a missing appointment, questionnaires due; never a failure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import FIXED_TODAY, Cli, files_snapshot
from therapylog.data.catalogue import QuestionnaireRhythm
from therapylog.data.model import Entry
from therapylog.data.questionnaires import GAD7, PHQ9, Questionnaire
from therapylog.data.validation import validate
from therapylog.usecases.reminders import (
    Rhythm,
    cadence,
    missing_appointment,
    questionnaires_due,
)

TODAY = dt.date.fromisoformat(FIXED_TODAY)  # Sunday 22 Nov 2026


def _entries(gaps: list[int], *, last: dt.date, therapist: str = "Dr. Lee", **fields: object):
    """Entries with these gaps (days) between them, the latest on ``last``, oldest first."""
    days = [last]
    for gap in reversed(gaps):
        days.insert(0, days[0] - dt.timedelta(days=gap))
    return [
        validate(
            Entry, {"id": d.isoformat(), "date": d.isoformat(), "therapist": therapist, **fields}
        )
        for d in days
    ]


def _record(cli: Cli, entries: list[Entry], *extra: str) -> None:
    for entry in entries:
        result = cli("add", "--no-input", "--date", entry.date.isoformat(), "--therapist",
                     entry.therapist, *extra)  # fmt: skip
        assert result.exit_code == 0, result.output


# --- the rhythm --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gaps", "rhythm"),
    [
        ([7, 7, 7, 7, 7, 7], Rhythm.WEEKLY),
        ([7, 14, 7, 6, 8], Rhythm.WEEKLY),  # one missed week and one moved day change nothing
        ([5, 9], Rhythm.WEEKLY),  # the band's edges
        ([14, 14, 14, 14], Rhythm.FORTNIGHTLY),
        ([11, 17, 14], Rhythm.FORTNIGHTLY),
        ([28, 35, 25], Rhythm.MONTHLY),
        ([3, 10, 21, 2, 40], Rhythm.IRREGULAR),  # median 10: between weekly and fortnightly
        ([4, 4, 4], Rhythm.IRREGULAR),
    ],
)
def test_the_rhythm_is_read_from_the_median_gap(gaps: list[int], rhythm: Rhythm) -> None:
    found = cadence(_entries(gaps, last=TODAY))
    assert found is not None and found.rhythm is rhythm


def test_too_few_appointments_name_no_rhythm() -> None:
    assert cadence([]) is None
    assert cadence(_entries([7], last=TODAY)) is None  # one gap is not a rhythm


def test_only_the_current_therapist_and_the_recent_appointments_count() -> None:
    old = _entries([14] * 10, last=TODAY - dt.timedelta(days=200))  # fortnightly, long ago
    other = _entries([30, 30, 30], last=TODAY - dt.timedelta(days=20), therapist="Sam")
    now = _entries([7] * 6, last=TODAY)
    found = cadence([*old, *other, *now])
    assert found is not None
    assert (found.therapist, found.rhythm, found.appointments) == ("Dr. Lee", Rhythm.WEEKLY, 7)


@pytest.mark.parametrize(
    ("gaps", "quiet_days", "missing"),
    [
        ([7] * 5, 10, False),  # weekly: up to a week and a half is fine
        ([7] * 5, 11, True),
        ([14] * 4, 21, False),
        ([14] * 4, 22, True),
        ([3, 10, 21, 2, 40], 90, False),  # irregular: nothing to expect
    ],
)
def test_an_appointment_looks_missing_after_one_and_a_half_usual_gaps(
    gaps: list[int], quiet_days: int, missing: bool
) -> None:
    entries = _entries(gaps, last=TODAY - dt.timedelta(days=quiet_days))
    found = missing_appointment(entries, today=TODAY)
    assert (found is not None) is missing
    if found is not None:
        assert found.expected == entries[-1].date + dt.timedelta(days=gaps[0])


# --- questionnaires ----------------------------------------------------------------------------

BOTH = [PHQ9, GAD7]


@pytest.mark.parametrize(
    ("days_ago", "due"),
    [(0, []), (27, []), (28, BOTH), (None, BOTH)],  # the last 28 days: today and 27 before
)
def test_monthly_questionnaires_are_due_when_none_in_the_last_28_days(
    days_ago: int | None, due: list[Questionnaire]
) -> None:
    entries = _entries([7] * 8, last=TODAY - dt.timedelta(days=56))
    entries += _entries([], last=TODAY - dt.timedelta(days=30))
    if days_ago is not None:
        day = TODAY - dt.timedelta(days=days_ago)
        entries.append(validate(Entry, {"id": day.isoformat(), "date": day.isoformat(),
                                       "therapist": "Dr. Lee", "phq9": 5, "gad7": 4}))  # fmt: skip
    got = questionnaires_due(entries, today=TODAY, rhythm=QuestionnaireRhythm.MONTHLY)
    assert got == due


def test_each_questionnaire_is_due_on_its_own() -> None:
    entries = _entries([7, 7], last=TODAY, phq9=4)
    assert questionnaires_due(entries, today=TODAY, rhythm=QuestionnaireRhythm.MONTHLY) == [GAD7]


def test_every_4th_session() -> None:
    scored = _entries([], last=TODAY - dt.timedelta(days=21), phq9=3, gad7=2)
    after = _entries([7, 7], last=TODAY)  # three sessions since, none scored
    rhythm = QuestionnaireRhythm.EVERY_4TH
    assert questionnaires_due([*scored, *after[1:]], today=TODAY, rhythm=rhythm) == []
    assert questionnaires_due([*scored, *after], today=TODAY, rhythm=rhythm) == BOTH
    cancelled = _entries([], last=TODAY, status="therapist-cancelled")
    assert questionnaires_due([*scored, *after[1:], *cancelled], today=TODAY, rhythm=rhythm) == []


def test_every_session_and_an_empty_journal() -> None:
    entries = _entries([7], last=TODAY, phq9=3, gad7=2)
    assert (
        questionnaires_due(entries, today=TODAY, rhythm=QuestionnaireRhythm.EVERY_SESSION) == BOTH
    )
    for rhythm in QuestionnaireRhythm:
        assert questionnaires_due([], today=TODAY, rhythm=rhythm) == []


# --- the command -------------------------------------------------------------------------------


def test_weekly_with_a_missing_appointment(cli: Cli) -> None:
    _record(cli, _entries([7] * 5, last=dt.date(2026, 11, 3)))
    result = cli("status")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Last entry: 3 Nov (2026-11-03), with Dr. Lee: attended.",
        "You usually see Dr. Lee weekly.",
        "Your last entry is from 3 Nov; you usually see Dr. Lee weekly. Did you have a session "
        "since? `therapylog add --date 2026-11-10`",
        "Due at your next session: the PHQ-9 and GAD-7 (none in the last 28 days). "
        "`therapylog add` asks them, or give --phq9 and --gad7.",
    ]


def test_fortnightly_up_to_date_with_nothing_due(cli: Cli) -> None:
    _record(cli, _entries([14] * 4, last=dt.date(2026, 11, 12)), "--phq9", "4", "--gad7", "3")
    result = cli("status")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Last entry: 12 Nov (2026-11-12), with Dr. Lee: attended.",
        "You usually see Dr. Lee fortnightly.",
        "No questionnaires are due.",
    ]
    quiet = cli("status", "--quiet")
    assert (quiet.exit_code, quiet.stdout) == (0, "")


def test_irregular_never_nags_about_a_missing_appointment(cli: Cli) -> None:
    _record(cli, _entries([3, 10, 21, 2, 40], last=dt.date(2026, 8, 1)))
    result = cli("status")
    assert result.exit_code == 0
    assert "have no regular rhythm" in result.stdout
    assert "Did you have a session" not in result.stdout
    assert "1 Aug" in result.stdout


def test_spellings_of_one_therapist_make_one_rhythm(cli: Cli) -> None:
    entries = _entries([7] * 5, last=dt.date(2026, 11, 3))
    for number, entry in enumerate(entries):
        spelling = ("Dr. Lee", "Dr Lee", "dr  lee")[number % 3]
        cli("add", "--no-input", "--date", entry.date.isoformat(), "--therapist", spelling)
    assert "you usually see" in cli("status").stdout


def test_an_ended_therapy_is_not_nagged_about(cli: Cli) -> None:
    _record(cli, _entries([7] * 5, last=dt.date(2026, 11, 3)), "--phq9", "3", "--gad7", "2")
    assert "Did you have a session since?" in cli("status").stdout
    ended = cli("therapists", "end", "Dr. Lee", "--date", "2026-11-03")
    assert ended.exit_code == 0, ended.output
    result = cli("status")
    assert "You ended your sessions with Dr. Lee on 3 Nov." in result.stdout
    assert "Did you have a session since?" not in result.stdout
    assert cli("status", "--quiet").stdout == ""  # questionnaires filled in on 3 Nov


def test_quiet_prints_only_what_is_due(cli: Cli) -> None:
    _record(cli, _entries([7] * 5, last=dt.date(2026, 11, 3)))
    lines = cli("status", "-q").stdout.splitlines()
    assert [line.split(";")[0].split(":")[0] for line in lines] == [
        "Your last entry is from 3 Nov",
        "Due at your next session",
    ]


def test_the_setting_changes_what_is_due(cli: Cli, journal_path: Path) -> None:
    _record(cli, _entries([7, 7], last=dt.date(2026, 11, 19)), "--phq9", "4", "--gad7", "3")
    settings = journal_path / "settings.toml"
    settings.write_text('schema_version = 1\nquestionnaire_rhythm = "every-session"\n')
    assert "(you fill them in at every session)" in cli("status").stdout
    settings.write_text('schema_version = 1\nquestionnaire_rhythm = "weekly"\n')
    check = cli("check")
    assert check.exit_code == 1 and "questionnaire_rhythm" in check.stderr


def test_an_empty_journal(cli: Cli, journal_path: Path) -> None:
    (journal_path / "entries").mkdir(parents=True)
    result = cli("status")
    assert (result.exit_code, result.stdout) == (
        0,
        "No entries yet. Record your first appointment with `therapylog add`.\n",
    )
    assert cli("status", "--quiet").stdout == ""


def test_a_missing_journal_is_one_line_and_not_a_failure(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = cli("--journal", str(missing), "status")
    assert result.exit_code == 0
    assert result.stdout == f"No journal at {missing} yet. Start it with `therapylog add`.\n"
    assert not missing.exists()
    assert cli("--journal", str(missing), "status", "--quiet").stdout == ""


def test_an_unreadable_journal_is_one_line_and_not_a_failure(cli: Cli, journal_path: Path) -> None:
    journal_path.mkdir()
    (journal_path / "entries").write_text("not a folder")
    before = files_snapshot(journal_path)
    result = cli("status")
    assert result.exit_code == 0
    assert result.stdout.startswith("Could not look at the journal: ")
    assert len(result.stdout.splitlines()) == 1
    assert files_snapshot(journal_path) == before


def test_bad_usage_is_exit_2(cli: Cli) -> None:
    assert cli("status", "--loud").exit_code == 2
