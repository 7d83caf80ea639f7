"""build_report: the period's summary, and findings computed on history up to its end."""

from __future__ import annotations

import datetime as dt
from typing import Any

from therapylog.data.catalogue import GoalStatus
from therapylog.data.model import Entry, Goal, Settings, Thresholds
from therapylog.data.validation import validate
from therapylog.report.build import build_report, chart_start
from therapylog.report.model import Period
from therapylog.report.period import month_period

TODAY = dt.date(2026, 11, 22)
NOVEMBER = month_period(2026, 11)
OCTOBER = month_period(2026, 10)
SETTINGS = Settings()
ANA = "Dr Ana Ames"
BEN = "Ben Brook"
FORGOT = {"incidents": [{"kind": "forgot-details"}]}
SLEEP = Goal(id="sleep", title="Sleep through the night", created=dt.date(2026, 1, 1))
WORK = Goal(
    id="work", title="Go back to work", created=dt.date(2026, 1, 1), status=GoalStatus.ACHIEVED
)
OLD = Goal(id="old", title="An old goal", created=dt.date(2025, 1, 1), status=GoalStatus.DROPPED)


def entry(day: str, *, seq: int = 1, therapist: str = ANA, **fields: Any) -> Entry:
    entry_id = day if seq == 1 else f"{day}-{seq}"
    return validate(Entry, {"id": entry_id, "date": day, "therapist": therapist, **fields})


def report(entries: list[Entry], period: Period = NOVEMBER, **kwargs: Any):
    goals = kwargs.pop("goals", [SLEEP, WORK, OLD])
    settings = kwargs.pop("settings", SETTINGS)
    return build_report(entries, goals, settings, period, today=TODAY, **kwargs)


def rules(built) -> list[str]:
    return [finding.rule for finding in built.findings]


# --- findings and the period ------------------------------------------------------------------


def test_findings_use_history_before_the_period_and_show_when_evidence_touches_it() -> None:
    first_sessions = [entry("2026-09-01"), entry("2026-09-08"), entry("2026-09-15")]
    entries = [
        *first_sessions,
        entry("2026-10-06", **FORGOT),
        entry("2026-10-13", **FORGOT),
        entry("2026-11-03", **FORGOT),
    ]
    november = report(entries)
    # (and the gentle reminder: six sessions, an active goal, no progress recorded)
    assert rules(november) == ["recurring-empathic-failure", "progress-unrecorded"]
    assert november.findings[0].evidence == ["2026-10-06", "2026-10-13", "2026-11-03"]
    # October on its own has only two failures: the November one is after its end.
    assert "recurring-empathic-failure" not in rules(report(entries, OCTOBER))


def test_a_finding_whose_evidence_is_all_before_the_period_is_left_out() -> None:
    entries = [
        entry("2026-09-07", incidents=[{"kind": "inappropriate-touch"}]),
        entry("2026-11-02"),
    ]
    assert "boundary-violation" not in rules(report(entries))
    assert "boundary-violation" in rules(report(entries, month_period(2026, 9)))


def test_entries_after_the_period_change_nothing() -> None:
    entries = [entry("2026-10-06"), entry("2026-11-02", incidents=[{"kind": "dual-relationship"}])]
    october = report(entries, OCTOBER)
    assert october.findings == []
    assert [e.id for e in october.entries] == ["2026-10-06"]


def test_findings_use_the_thresholds_in_force() -> None:
    first_sessions = [entry("2026-09-01"), entry("2026-09-08"), entry("2026-09-15")]
    entries = [*first_sessions, entry("2026-11-02", **FORGOT), entry("2026-11-09", **FORGOT)]
    assert report(entries).findings == []
    strict = Settings(thresholds=Thresholds(empathic_warning=2, empathic_serious=4))
    built = report(entries, settings=strict)
    assert rules(built) == ["recurring-empathic-failure"]
    assert "2 or more in any 8 consecutive appointments" in built.findings[0].explanation


def test_one_therapist_only() -> None:
    entries = [
        entry("2026-11-02", therapist=BEN, incidents=[{"kind": "inappropriate-touch"}]),
        entry("2026-11-03", therapist=ANA),
        entry("2026-11-04", therapist=ANA, mood_before=3),
    ]
    built = report(entries, therapist="dr ana ames")
    assert built.therapists == [ANA]
    assert [e.id for e in built.entries] == ["2026-11-03", "2026-11-04"]
    assert built.findings == []
    assert built.summary.entries == 2
    everyone = report(entries)
    assert everyone.therapists == [BEN, ANA]
    # (a boundary incident never also fires early-warning: its own rule speaks for it)
    assert rules(everyone) == ["boundary-violation"]


def test_a_therapist_with_no_entries_is_named_as_asked() -> None:
    built = report([entry("2026-11-03")], therapist="Cleo  Cole")
    assert built.therapists == ["Cleo Cole"]
    assert built.entries == []


# --- the summary ------------------------------------------------------------------------------


def test_counts_cover_the_period_only_and_every_status() -> None:
    entries = [
        entry("2026-10-30"),
        entry("2026-11-02"),
        entry("2026-11-02", seq=2, status="client-cancelled"),
        entry("2026-11-09", status="therapist-no-show"),
        entry("2026-11-16", status="client-no-show"),
    ]
    summary = report(entries).summary
    assert (summary.entries, summary.appointments) == (4, 2)
    assert list(summary.by_status) == [
        "attended",
        "therapist-cancelled",
        "therapist-no-show",
        "double-booked",
        "therapist-rescheduled",
        "client-cancelled",
        "client-no-show",
    ]
    assert summary.by_status["attended"] == 1
    assert summary.by_status["double-booked"] == 0
    assert summary.by_status["client-cancelled"] == 1


def test_felt_and_moods_come_from_attended_sessions_with_derived_felt() -> None:
    entries = [
        entry("2026-11-02", mood_before=4, mood_after=7),  # derived: much-better
        entry("2026-11-05", felt="worse", mood_before=5),
        entry("2026-11-09", mood_before=6, mood_after=6),  # derived: same
        entry("2026-11-12", felt="much-worse", mood_before=2, mood_after=9),  # given wins
        entry("2026-11-16", status="therapist-cancelled", felt="better", mood_before=1),
        entry("2026-11-19"),
    ]
    summary = report(entries).summary
    assert summary.felt == {"better": 1, "same": 1, "worse": 2}
    assert summary.felt_detail == {
        "much-worse": 1,
        "worse": 1,
        "same": 1,
        "better": 0,
        "much-better": 1,
    }
    assert summary.mood_before_mean == 4.2  # (4 + 5 + 6 + 2) / 4 = 4.25
    assert summary.mood_after_mean == 7.3  # (7 + 6 + 9) / 3
    assert summary.mood_change_mean == 3.3  # (3 + 0 + 7) / 3


def test_no_moods_means_no_means() -> None:
    summary = report([entry("2026-11-02")]).summary
    assert summary.mood_before_mean is None and summary.mood_change_mean is None
    assert summary.felt == {"better": 0, "same": 0, "worse": 0}


def test_incidents_count_on_appointments_and_boundary_ones_anywhere() -> None:
    entries = [
        entry("2026-11-02", incidents=[{"kind": "jargon"}, {"kind": "distracted"}]),
        entry("2026-11-05", status="therapist-cancelled", incidents=[{"kind": "billing-error"}]),
        entry(
            "2026-11-09",
            status="client-cancelled",
            incidents=[
                {"kind": "distracted"},
                {"kind": "confidentiality-breach"},
                {"kind": "felt-unsafe"},
            ],
        ),
        entry("2026-11-12", incidents=[{"kind": "distracted", "repaired": True}]),
    ]
    summary = report(entries).summary
    assert summary.incidents_by_category == {
        "empathic-failure": 2,
        "boundary": 1,
        "safety": 1,
        "competence": 0,
        "treatment": 1,
        "practical": 1,
    }
    assert summary.incidents_by_kind == {
        "distracted": 2,
        "confidentiality-breach": 1,
        "felt-unsafe": 1,
        "jargon": 1,
        "billing-error": 1,
    }


def test_goal_progress_per_goal() -> None:
    entries = [
        entry("2026-10-26", progress={"sleep": "major"}),
        entry("2026-11-02", progress={"sleep": "none", "work": "clear"}),
        entry("2026-11-09", progress={"sleep": "slight", "gone": "slight"}),
        entry("2026-11-12", status="client-cancelled", progress={"sleep": "major"}),
        entry("2026-11-16"),
    ]
    goals = {g.id: g for g in report(entries).summary.goals}
    assert list(goals) == ["sleep", "work", "gone"]  # dropped "old" was not worked on
    sleep = goals["sleep"]
    assert (sleep.title, sleep.status, sleep.sessions) == ("Sleep through the night", "active", 2)
    assert sleep.levels == {"none": 1, "slight": 1, "clear": 0, "major": 0}
    assert (sleep.latest, sleep.latest_date) == ("slight", dt.date(2026, 11, 9))
    assert (goals["work"].status, goals["work"].latest) == ("achieved", "clear")
    assert (goals["gone"].title, goals["gone"].status) == ("gone", "unknown")


def test_an_active_goal_not_worked_on_is_still_listed() -> None:
    goals = report([entry("2026-11-02")]).summary.goals
    assert [(g.id, g.sessions, g.latest) for g in goals] == [("sleep", 0, None)]


# --- chart, skipped files and the JSON shape --------------------------------------------------


def test_chart_entries_reach_back_five_months() -> None:
    days = ["2026-05-31", "2026-06-01", "2026-09-15", "2026-11-20"]
    built = report([entry(day) for day in days])
    assert [e.id for e in built.chart_entries] == days[1:]
    assert chart_start(month_period(2026, 3)) == dt.date(2025, 10, 1)
    assert chart_start(month_period(2026, 5)) == dt.date(2025, 12, 1)
    october = report([entry(day) for day in days], OCTOBER)
    assert [e.id for e in october.chart_entries] == days[:3]  # from 1 May through October


def test_skipped_files_are_counted_and_kept() -> None:
    built = report([], skipped=["entries/2026-11-02.toml: not valid TOML"])
    assert built.summary.skipped_files == 1
    assert built.skipped == ["entries/2026-11-02.toml: not valid TOML"]
    assert built.summary.entries == 0 and built.findings == []


def test_the_json_document_has_the_contract_keys() -> None:
    entries = [entry("2026-11-02", incidents=[{"kind": "inappropriate-touch"}])]
    document = report(entries).to_json()
    assert document["period"] == {"start": "2026-11-01", "end": "2026-11-30"}
    assert document["generated"] == "2026-11-22"
    finding = document["findings"][0]
    assert set(finding) == {
        "rule",
        "severity",
        "therapist",
        "title",
        "evidence",
        "explanation",
        "suggestion",
    }
    assert finding["severity"] == "serious"


# --- thoughts of self-harm: never hidden ------------------------------------------------------

SELF_HARM_ITEMS = {"phq9_items": [1, 1, 1, 1, 0, 0, 0, 0, 1]}


def test_thoughts_of_self_harm_are_shown_first_whatever_the_period() -> None:
    entries = [
        entry("2026-09-01", **SELF_HARM_ITEMS),
        entry("2026-11-02", incidents=[{"kind": "inappropriate-touch"}]),
    ]
    for period in (NOVEMBER, OCTOBER, month_period(2026, 9)):
        built = report(entries, period, goals=[])
        assert rules(built)[0] == "thoughts-of-self-harm", period
        assert built.findings[0].evidence == ["2026-09-01"]
    assert rules(report(entries, goals=[])) == ["thoughts-of-self-harm", "boundary-violation"]


def test_thoughts_of_self_harm_are_not_hidden_by_a_therapist_filter() -> None:
    entries = [
        entry("2026-11-02", therapist=BEN, **SELF_HARM_ITEMS),
        entry("2026-11-03", therapist=ANA),
    ]
    built = report(entries, therapist=ANA, goals=[])
    assert rules(built) == ["thoughts-of-self-harm"]
    assert built.findings[0].therapist is None


def test_a_later_answer_of_0_closes_it() -> None:
    later = {"phq9_items": [0] * 9}
    entries = [entry("2026-11-02", **SELF_HARM_ITEMS), entry("2026-11-09", **later)]
    assert "thoughts-of-self-harm" not in rules(report(entries, goals=[]))
