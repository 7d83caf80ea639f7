"""Questionnaires: reliable change and recovery on PHQ-9 and GAD-7 (NHS Talking Therapies).

Each measure is read on its own: its first and its latest score recorded with this therapist,
on any entry (a questionnaire filled in on a day the client cancelled is still a score).
"""

from __future__ import annotations

from typing import NamedTuple

from therapylog.analysis.advice import IN_CRISIS
from therapylog.analysis.findings import Finding, Severity
from therapylog.analysis.history import TherapistHistory, make_finding
from therapylog.data.model import Entry, Thresholds
from therapylog.data.words import day, join, plural

DETERIORATION = "reliable-deterioration"
IMPROVEMENT = "reliable-improvement"
RECOVERY = "recovery"


class Measure(NamedTuple):
    """One questionnaire's first and latest score with one therapist."""

    name: str  # "PHQ-9"
    about: str  # "depression"
    first: Entry
    latest: Entry
    first_score: int
    latest_score: int
    recorded: int  # how many entries carry a score
    reliable_change: int  # points of reliable change in force
    caseness: int  # score at caseness in force

    @property
    def change(self) -> int:
        return self.latest_score - self.first_score

    def describe(self, *, with_change: bool = False) -> str:
        """``your PHQ-9 (depression) score went from 14 on 3 March 2026 to 7 on 9 June 2026``,
        then `` (down 7 points)`` when asked for."""
        if self.recorded == 1:
            return (
                f"your {self.name} ({self.about}) score was {self.first_score} on "
                f"{day(self.first.date)}"
            )
        text = (
            f"your {self.name} ({self.about}) score went from {self.first_score} on "
            f"{day(self.first.date)} to {self.latest_score} on {day(self.latest.date)}"
        )
        if with_change and self.change:
            direction = "up" if self.change > 0 else "down"
            text += f" ({direction} {plural(abs(self.change), 'point')})"
        return text


def measures(history: TherapistHistory, thresholds: Thresholds) -> list[Measure]:
    """The measures recorded at least once with this therapist; never-recorded ones are left
    out."""
    found = []
    for name, about, field, scored, change, caseness in (
        (
            "PHQ-9",
            "depression",
            "phq9",
            history.phq9,
            thresholds.phq9_reliable_change,
            thresholds.phq9_caseness,
        ),
        (
            "GAD-7",
            "anxiety",
            "gad7",
            history.gad7,
            thresholds.gad7_reliable_change,
            thresholds.gad7_caseness,
        ),
    ):
        if scored:
            first, latest = scored[0], scored[-1]
            found.append(
                Measure(
                    name,
                    about,
                    first,
                    latest,
                    getattr(first, field),
                    getattr(latest, field),
                    len(scored),
                    change,
                    caseness,
                )
            )
    return found


def _reliability_note(thresholds: Thresholds) -> str:
    return (
        f"A change of {plural(thresholds.phq9_reliable_change, 'point')} or more on PHQ-9, or "
        f"{thresholds.gad7_reliable_change} or more on GAD-7, is larger than the everyday ups "
        "and downs of the questionnaire: NHS Talking Therapies calls it reliable change."
    )


def _evidence(chosen: list[Measure]) -> list[Entry]:
    return [entry for measure in chosen for entry in (measure.first, measure.latest)]


def find_reliable_deterioration(
    history: TherapistHistory, thresholds: Thresholds
) -> Finding | None:
    """PHQ-9 or GAD-7 rose by its reliable change or more from first to latest."""
    worse = [m for m in measures(history, thresholds) if m.change >= m.reliable_change]
    if not worse:
        return None
    return make_finding(
        DETERIORATION,
        Severity.SERIOUS,
        history,
        title=f"Your {join([m.name for m in worse])} "
        f"{'score has' if len(worse) == 1 else 'scores have'} reliably worsened",
        evidence=_evidence(worse),
        explanation=(
            f"Since you started with {history.therapist}, "
            f"{join([m.describe(with_change=True) for m in worse])}. "
            f"{_reliability_note(thresholds)} Therapists predict very few of their clients' "
            "deteriorations, so your own record may be the first clear sign."
        ),
        suggestion=(
            f"Show these scores to {history.therapist} at your next session and ask what they "
            "think is happening and what could change. A second opinion from another therapist "
            f"is reasonable if things do not turn around. {IN_CRISIS}"
        ),
    )


def find_reliable_improvement(history: TherapistHistory, thresholds: Thresholds) -> Finding | None:
    """PHQ-9 or GAD-7 fell by its reliable change or more, and neither reliably worsened."""
    found = measures(history, thresholds)
    better = [m for m in found if -m.change >= m.reliable_change]
    if not better or any(m.change >= m.reliable_change for m in found):
        return None
    return make_finding(
        IMPROVEMENT,
        Severity.POSITIVE,
        history,
        title=f"Your {join([m.name for m in better])} "
        f"{'score has' if len(better) == 1 else 'scores have'} reliably improved",
        evidence=_evidence(better),
        explanation=(
            f"Since you started with {history.therapist}, "
            f"{join([m.describe(with_change=True) for m in better])}. "
            f"{_reliability_note(thresholds)}"
        ),
        suggestion=(
            f"Worth noticing, and worth telling {history.therapist}: talk about what has "
            "helped, so that you both know what to keep doing."
        ),
    )


def find_recovery(history: TherapistHistory, thresholds: Thresholds) -> Finding | None:
    """The first scores were at caseness and the latest are below caseness on every recorded
    measure; at least one measure was recorded twice."""
    found = measures(history, thresholds)
    if not any(m.recorded >= 2 for m in found):
        return None
    if not any(m.first_score >= m.caseness for m in found):
        return None
    if any(m.latest_score >= m.caseness for m in found):
        return None
    return make_finding(
        RECOVERY,
        Severity.POSITIVE,
        history,
        title="Your scores are now below the clinical cut-off",
        evidence=_evidence(found),
        explanation=(
            f"When you started with {history.therapist}, your scores were at the level NHS "
            f"Talking Therapies calls caseness (PHQ-9 {thresholds.phq9_caseness} or more, or "
            f"GAD-7 {thresholds.gad7_caseness} or more). Now they are below it: "
            f"{join([m.describe() for m in found])}. Services count this as recovery."
        ),
        suggestion=(
            f"Talk with {history.therapist} about what helped and how you will keep it going, "
            "including whether it is time to space out sessions or plan an ending together."
        ),
    )
