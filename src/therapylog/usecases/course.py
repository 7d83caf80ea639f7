"""A short, kind look back at a course of therapy, printed when it is marked as ended. Pure.

Sessions and dates, what went well (sessions that left the client better, good-news findings)
and what did not (the concerns the analysis found), in a few plain lines (docs/therapists.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from therapylog.analysis import analyze
from therapylog.analysis.findings import Severity
from therapylog.data.catalogue import Felt, Status
from therapylog.data.dates import short_day
from therapylog.data.identity import Identity
from therapylog.data.model import Entry, Goal, Thresholds

_BETTER = frozenset({Felt.BETTER, Felt.MUCH_BETTER})
_WORSE = frozenset({Felt.WORSE, Felt.MUCH_WORSE})
#: Findings beside which nothing is said to have gone well.
_CROSSED_A_LINE = frozenset({"boundary-violation", "felt-unsafe"})


def _of(count: int, rated: int) -> str:
    """``2 of 5 sessions you rated``; ``the one session you rated`` when there was one."""
    return "the one session you rated" if rated == 1 else f"{count} of {rated} sessions you rated"


def _sentence(titles: Sequence[str]) -> str:
    return "; ".join(" ".join(title.split()) for title in titles)


def course_summary(
    name: str,
    entries: Sequence[Entry],
    goals: Sequence[Goal],
    thresholds: Thresholds,
    identity: Identity,
) -> list[str]:
    """The lines to print about the course with ``name``; ``entries``: the whole journal."""
    wanted = identity.key(name)
    mine = [entry for entry in entries if identity.key(entry.therapist) == wanted]
    attended = [entry for entry in mine if entry.status is Status.ATTENDED]
    if not attended:
        return [f"No attended sessions with {name} are recorded."]
    noun = "session" if len(attended) == 1 else "sessions"
    lines = [
        f"You had {len(attended)} {noun} with {name}, from {short_day(attended[0].date)} to "
        f"{short_day(attended[-1].date)}."
    ]
    findings = analyze(mine, goals, thresholds, identity=identity)
    felt = [level for entry in attended if (level := entry.effective_felt) is not None]
    better = sum(1 for level in felt if level in _BETTER)
    worse = sum(1 for level in felt if level in _WORSE)
    well = [f.title for f in findings if f.severity is Severity.POSITIVE]
    if better:
        well.insert(0, f"{_of(better, len(felt))} left you feeling better")
    if any(f.rule in _CROSSED_A_LINE for f in findings):
        well = []  # no good word beside misconduct (docs/therapists.md)
    not_well = [f.title for f in findings if f.severity in {Severity.SERIOUS, Severity.WARNING}]
    if worse and not not_well:
        not_well.append(f"{_of(worse, len(felt))} left you feeling worse")
    lines.append(f"What went well: {_sentence(well)}." if well else "")
    lines.append(
        f"What did not go well: {_sentence(not_well)}."
        if not_well
        else "Nothing stood out as going wrong."
    )
    lines.append(
        "Your record of this time stays in your journal; `therapylog report --all` shows it "
        f'under "Your time with {name}".'
    )
    return [line for line in lines if line]
