"""Build the report model from the journal (``report`` and ``export``). Pure.

Findings are computed over the whole history up to the period's end, so that a pattern that
began before the period is still seen, and kept when any of their evidence falls in the
period. Counts in the summary are over the period's entries only. The one exception is
``thoughts-of-self-harm``: judged over the whole journal, every therapist, and always kept,
so that no period or therapist filter hides it (docs/analysis.md).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from operator import attrgetter
from typing import TYPE_CHECKING

from therapylog.analysis import analyze, sort_findings
from therapylog.analysis.history import spellings
from therapylog.analysis.safety import SELF_HARM, find_thoughts_of_self_harm
from therapylog.data.catalogue import (
    CLIENT_STATUSES,
    COUNTED_WHEREVER_RECORDED,
    INCIDENT_KINDS,
    Category,
    Felt,
    ProgressLevel,
    Status,
)
from therapylog.data.identity import Identity, Registry, seen_again
from therapylog.data.model import Entry, Goal, Incident, Settings, entry_sort_key
from therapylog.report.compare import TherapistComparison, compare_therapists
from therapylog.report.model import GoalProgress, Period, Report, Summary

if TYPE_CHECKING:
    from therapylog.analysis.findings import Finding

#: How many months before the period the trend chart reaches back.
CHART_MONTHS = 5

_FOLDED_FELT = {
    Felt.MUCH_WORSE: "worse",
    Felt.WORSE: "worse",
    Felt.SAME: "same",
    Felt.BETTER: "better",
    Felt.MUCH_BETTER: "better",
}
_KIND_ORDER = {kind.slug: index for index, kind in enumerate(INCIDENT_KINDS)}
_date = attrgetter("date")
_therapist = attrgetter("therapist")


def chart_start(period: Period) -> dt.date:
    """The first day of the month ``CHART_MONTHS`` months before the period's start."""
    months = period.start.year * 12 + period.start.month - 1 - CHART_MONTHS
    return dt.date(months // 12, months % 12 + 1, 1)


def counted_incidents(entries: Sequence[Entry]) -> list[Incident]:
    """The incidents a summary counts: those on appointments, and boundary and safety incidents
    wherever they were recorded (the same reading as the analyzer's)."""
    return [
        incident
        for entry in entries
        for incident in entry.incidents
        if entry.is_appointment or incident.info.category in COUNTED_WHEREVER_RECORDED
    ]


def _mean(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _goal_progress(goal_id: str, goal: Goal | None, recorded: Sequence[Entry]) -> GoalProgress:
    """``recorded``: the sessions that recorded a level for this goal, oldest first."""
    levels = Counter(entry.progress[goal_id] for entry in recorded)
    latest = recorded[-1] if recorded else None
    return GoalProgress(
        id=goal_id,
        title=goal.title if goal is not None else goal_id,
        status=goal.status.value if goal is not None else "unknown",
        sessions=len(recorded),
        levels={level.value: levels.get(level, 0) for level in ProgressLevel},
        latest=latest.progress[goal_id].value if latest is not None else None,
        latest_date=latest.date if latest is not None else None,
    )


def goal_progress(goals: Sequence[Goal], sessions: Sequence[Entry]) -> list[GoalProgress]:
    """Every goal active now, and every other goal worked on in the period, in the goals'
    own order; a goal id recorded on an entry but missing from the goals file comes last."""
    recorded: dict[str, list[Entry]] = {}
    for entry in sessions:
        for goal_id in entry.progress:
            recorded.setdefault(goal_id, []).append(entry)
    known = {goal.id for goal in goals}
    shown = [goal for goal in goals if goal.active or goal.id in recorded]
    unknown = sorted(recorded.keys() - known)
    return [_goal_progress(goal.id, goal, recorded.get(goal.id, [])) for goal in shown] + [
        _goal_progress(goal_id, None, recorded[goal_id]) for goal_id in unknown
    ]


def summarize(entries: Sequence[Entry], goals: Sequence[Goal], *, skipped: int = 0) -> Summary:
    """The period at a glance. Moods, felt and goal progress come from attended sessions."""
    sessions = [entry for entry in entries if entry.status is Status.ATTENDED]  # .attended
    statuses = Counter(entry.status for entry in entries)
    felt = [level for entry in sessions if (level := entry.effective_felt) is not None]
    felt_detail = Counter(felt)
    folded: Counter[str] = Counter()
    for level, count in felt_detail.items():
        folded[_FOLDED_FELT[level]] += count
    befores = [e.mood_before for e in sessions if e.mood_before is not None]
    afters = [e.mood_after for e in sessions if e.mood_after is not None]
    changes = [
        e.mood_after - e.mood_before
        for e in sessions
        if e.mood_before is not None and e.mood_after is not None
    ]
    incidents = counted_incidents(entries)
    by_category = Counter(incident.info.category for incident in incidents)
    by_kind = Counter(incident.kind for incident in incidents)
    return Summary(
        entries=len(entries),
        # every entry but the client's own cancellations and no-shows (Entry.is_appointment)
        appointments=len(entries) - sum(statuses[status] for status in CLIENT_STATUSES),
        by_status={status.value: statuses.get(status, 0) for status in Status},
        felt={name: folded[name] for name in ("better", "same", "worse")},
        felt_detail={level.value: felt_detail.get(level, 0) for level in Felt},
        mood_before_mean=_mean(befores),
        mood_after_mean=_mean(afters),
        mood_change_mean=_mean(changes),
        incidents_by_category={
            category.value: by_category.get(category, 0) for category in Category
        },
        incidents_by_kind=dict(
            sorted(by_kind.items(), key=lambda item: (-item[1], _KIND_ORDER[item[0]]))
        ),
        goals=goal_progress(goals, sessions),
        skipped_files=skipped,
    )


def _therapists(in_period: Sequence[Entry], identity: Identity, asked: str | None) -> list[str]:
    """Therapists with entries in the period, by first appearance, by their display names
    (the registry's, else as spelled on their latest entry); or the one asked for."""
    if asked is not None:
        return [identity.display(asked)]
    key_of = spellings(in_period, identity)
    # (spellings by first appearance, then their keys by first appearance)
    first = {key_of[name]: name for name in reversed(dict.fromkeys(map(_therapist, in_period)))}
    keys = dict.fromkeys(key_of[name] for name in dict.fromkeys(map(_therapist, in_period)))
    return [identity.display(first[key]) for key in keys]


def _comparison(history: Sequence[Entry], identity: Identity) -> list[TherapistComparison]:
    rows = compare_therapists(history, identity)
    return rows if len(rows) >= 2 else []


def _misconduct(entries: Sequence[Entry], identity: Identity) -> dict[str, frozenset[str]]:
    """Boundary and safety incidents by therapist over the whole journal: an export for a
    past month must not become a handout for a therapist who crossed a line since."""
    found: dict[str, set[str]] = {}
    for entry in entries:
        for incident in entry.incidents:
            category = incident.info.category
            if category in COUNTED_WHEREVER_RECORDED:
                found.setdefault(identity.key(entry.therapist), set()).add(category.value)
    return {key: frozenset(categories) for key, categories in found.items()}


def _praise_of(finding: Finding, crossed: dict[str, frozenset[str]], identity: Identity) -> bool:
    """A positive finding about the therapist (a repair) who crossed a line."""
    return (
        finding.rule == "rupture-repaired"
        and finding.therapist is not None
        and identity.key(finding.therapist) in crossed
    )


def build_report(
    entries: Sequence[Entry],
    goals: Sequence[Goal],
    settings: Settings,
    period: Period,
    *,
    therapist: str | None = None,
    skipped: Sequence[str] = (),
    today: dt.date,
    therapists: Registry | None = None,
    compare: bool = False,
) -> Report:
    """Everything a renderer needs for one period, optionally for one therapist.

    ``therapists``: the registry, which tells therapists apart (docs/therapists.md).
    ``compare``: set them side by side (``report --all``) when there are two or more.
    """
    everything = sorted(entries, key=entry_sort_key)
    identity = Identity(seen_again(therapists or Registry(), everything))
    identity.learn(entry.therapist for entry in everything)
    self_harm = find_thoughts_of_self_harm(everything)  # (never filtered: see above)
    if therapist is not None:
        wanted = identity.key(therapist)
        key_of = spellings(everything, identity)
        entries = [entry for entry in everything if key_of[entry.therapist] == wanted]
    selected = sorted(entries, key=entry_sort_key)
    # In date order, so each part is a slice, found by bisection.
    history = selected[: bisect_right(selected, period.end, key=_date)]
    in_period = history[bisect_left(history, period.start, key=_date) :]
    history_findings = analyze(history, goals, settings.thresholds, identity=identity)
    findings = [
        finding
        for finding in history_findings
        # (an id begins with its entry's date)
        if finding.rule != SELF_HARM
        and any(
            period.contains(dt.date.fromisoformat(entry_id[:10])) for entry_id in finding.evidence
        )
    ]
    crossed = _misconduct(everything, identity)
    # No good word about a therapist who crossed a line (a "mistake put right" beside a
    # boundary violation would minimise it): docs/report.md.
    findings = [f for f in findings if not _praise_of(f, crossed, identity)]
    history_findings = [f for f in history_findings if not _praise_of(f, crossed, identity)]
    if self_harm is not None:
        findings = sort_findings([self_harm, *findings])
    return Report(
        period=period,
        therapists=_therapists(in_period, identity, therapist),
        summary=summarize(in_period, goals, skipped=len(skipped)),
        findings=findings,
        entries=in_period,
        chart_entries=history[bisect_left(history, chart_start(period), key=_date) :],
        goals=list(goals),
        skipped=list(skipped),
        generated=today,
        latest_therapist=identity.display(in_period[-1].therapist) if in_period else None,
        journal_therapist=identity.display(history[-1].therapist) if history else None,
        comparison=_comparison(history, identity) if compare and therapist is None else [],
        history_findings=history_findings,
        misconduct=crossed,
        identity=identity,
        thresholds=settings.thresholds,
    )
