"""Incidents that matter on their own: boundary violations, feeling unsafe, and red flags in
the first sessions.

Boundary and safety incidents count wherever they were recorded (even on a day the client
cancelled: they were written down for a reason), and they never fire ``early-warning``: the
advice to raise something with the therapist is wrong for them. Their own words follow
docs/analysis.md ("Words"): the client owes that therapist no conversation about it.
"""

from __future__ import annotations

from therapylog.analysis.advice import SECOND_OPINION
from therapylog.analysis.findings import Finding, Severity
from therapylog.analysis.history import TherapistHistory, make_finding
from therapylog.data.catalogue import EARLY_WARNING_CATEGORIES, INCIDENT_KINDS, Category
from therapylog.data.model import Entry, Thresholds
from therapylog.data.words import capital, dates, few, in_all, plural, share, span, tally, times

BOUNDARY = "boundary-violation"
FELT_UNSAFE = "felt-unsafe"
EARLY = "early-warning"

#: What to do in danger, said once for every finding that needs it.
IN_DANGER = "If you are in danger now, call your local emergency number."
#: The other people a client can turn to, when the therapist is not the one to talk to.
SOMEONE_ELSE = (
    "Talk it over with someone you trust, or with another professional: a consultation with "
    "another therapist, or your doctor"
)
REPORTING = (
    "Reporting it to the therapist's licensing board or professional body is an option, "
    "whenever you are ready; your dated record can help"
)


#: The slugs of each category, so that a scan of thousands of entries compares strings only.
_SLUGS: dict[Category, frozenset[str]] = {
    category: frozenset(kind.slug for kind in INCIDENT_KINDS if kind.category is category)
    for category in Category
}


def _occasions(history: TherapistHistory, category: Category) -> tuple[list[Entry], list[str]]:
    """The entries holding incidents of ``category`` (any entry, client-cancelled ones
    included) and those incidents' kinds, one per incident."""
    slugs = _SLUGS[category]
    evidence: list[Entry] = []
    kinds: list[str] = []
    for entry in history.entries:
        if entry.incidents:
            found = [incident.kind for incident in entry.incidents if incident.kind in slugs]
            if found:
                evidence.append(entry)
                kinds += found
    return evidence, kinds


def _counted(count: int, sessions: int, what: str) -> str:
    """``twice in one session``, ``in 2 sessions``, ``3 times in 2 sessions``."""
    if sessions == 1:
        return f"{times(count)} in one session" if count > 1 else "in a session"
    return f"in {plural(sessions, 'session')}" + in_all(count, sessions, what)


def find_boundary_violation(history: TherapistHistory) -> Finding | None:
    """Any boundary incident, on any entry."""
    evidence, kinds = _occasions(history, Category.BOUNDARY)
    if not evidence:
        return None
    title = (
        "A boundary was crossed"
        if len(kinds) == 1
        else f"Boundaries were crossed {_counted(len(kinds), len(evidence), 'incident')}"
    )
    return make_finding(
        BOUNDARY,
        Severity.SERIOUS,
        history,
        title=title,
        evidence=evidence,
        explanation=(
            f"You recorded {tally(kinds)} with {history.therapist} on {dates(evidence)}. "
            "Professional boundaries exist to keep you safe. Crossing them is never a normal "
            "part of therapy, even once, and it is never your fault, even if it was presented "
            "as care or friendship."
        ),
        suggestion=(
            f"You do not owe {history.therapist} a conversation about this, and you are free to "
            f"stop seeing them at once. {SOMEONE_ELSE}. {REPORTING}. {IN_DANGER}"
        ),
    )


def find_felt_unsafe(history: TherapistHistory, thresholds: Thresholds) -> Finding | None:
    """Any ``felt-unsafe`` incident, on any entry; serious at ``unsafe_serious``."""
    evidence, kinds = _occasions(history, Category.SAFETY)
    if not evidence:
        return None
    severity = Severity.SERIOUS if len(kinds) >= thresholds.unsafe_serious else Severity.WARNING
    explanation = (
        f"You recorded feeling uncomfortable or unsafe with {history.therapist} on "
        f"{dates(evidence)}. That feeling is worth trusting: therapy asks you to be open, and "
        "it can only help where you feel safe. You do not have to explain or justify it, and "
        "it is not your fault."
    )
    if severity is Severity.SERIOUS:
        explanation += (
            f" therapylog treats feeling unsafe {times(thresholds.unsafe_serious)} or more with "
            "the same therapist as serious."
        )
    return make_finding(
        FELT_UNSAFE,
        severity,
        history,
        title=(
            f"You felt unsafe with {history.therapist} "
            f"{_counted(len(kinds), len(evidence), 'time')}"
        ),
        evidence=evidence,
        explanation=explanation,
        suggestion=(
            "Trust that feeling: it is a reason to stop, and you need no one's agreement to do "
            f"so. If you want to talk it through, turn to someone other than {history.therapist}: "
            "someone you trust, or another professional (a consultation with another "
            "therapist, or your doctor). If something happened that crossed a line, "
            f"{REPORTING[0].lower()}{REPORTING[1:]}. {IN_DANGER}"
        ),
    )


def _red_flags(entry: Entry) -> list[str]:
    """The unrepaired incidents of an early session that are early warnings."""
    return [
        incident.kind
        for incident in entry.incidents
        if not incident.repaired and incident.info.category in EARLY_WARNING_CATEGORIES
    ]


def find_early_warning(history: TherapistHistory, thresholds: Thresholds) -> Finding | None:
    """An unrepaired empathic-failure, treatment or competence incident in the first
    ``early_sessions`` attended sessions with this therapist. A repaired one is the good news
    of ``rupture-repaired``; boundary and safety incidents have rules of their own."""
    first = history.attended[: thresholds.early_sessions]
    evidence = [entry for entry in first if entry.incidents and _red_flags(entry)]
    if not evidence:
        return None
    kinds = [kind for entry in evidence for kind in _red_flags(entry)]
    sessions = (
        "your first session"
        if len(first) == 1
        else share(len(evidence), len(first), "session", last=False).replace(
            "your ", "your first ", 1
        )
    )
    return make_finding(
        EARLY,
        Severity.WARNING,
        history,
        title=(
            f"Early red flags with {history.therapist}, in {sessions}"
            f"{in_all(len(kinds), len(evidence), 'red flag')}"
        ),
        evidence=evidence,
        explanation=(
            f"{capital(span(evidence))}, within your "
            f"{few('first', thresholds.early_sessions, 'session')} with {history.therapist}, "
            f"you recorded {tally(kinds)}, not put right at the time. The first few sessions "
            "are when you find out whether a therapist is right for you, and red flags this "
            "early are worth taking seriously."
        ),
        suggestion=(
            f"Tell {history.therapist} what happened and how it was for you: a good therapist "
            "welcomes that feedback and adjusts. "
            f"{SECOND_OPINION}; it is fine to compare before you commit."
        ),
    )
