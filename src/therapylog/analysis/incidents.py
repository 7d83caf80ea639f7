"""Incidents that matter on their own: boundary violations, and red flags in the first sessions."""

from __future__ import annotations

from therapylog.analysis.findings import Finding, Severity
from therapylog.analysis.history import TherapistHistory, make_finding
from therapylog.analysis.text import SECOND_OPINION, capital, dates, plural, span, tally
from therapylog.catalogue import Category
from therapylog.model import Entry, Thresholds

BOUNDARY = "boundary-violation"
EARLY = "early-warning"


def find_boundary_violation(history: TherapistHistory) -> Finding | None:
    """Any boundary incident, on any entry: even on a day the client cancelled, it was recorded
    for a reason, so it always counts."""
    evidence = [
        entry
        for entry in history.entries
        if entry.incidents
        and any(incident.info.category is Category.BOUNDARY for incident in entry.incidents)
    ]
    if not evidence:
        return None
    kinds = [
        incident.kind
        for entry in evidence
        for incident in entry.incidents
        if incident.info.category is Category.BOUNDARY
    ]
    return make_finding(
        BOUNDARY,
        Severity.SERIOUS,
        history,
        title=(
            "A boundary was crossed"
            if len(kinds) == 1
            else f"Boundaries were crossed {len(kinds)} times"
        ),
        evidence=evidence,
        explanation=(
            f"You recorded {tally(kinds)} with {history.therapist} on {dates(evidence)}. "
            "Professional boundaries exist to keep you safe. Crossing them is never a normal "
            "part of therapy, even once, and it is never your fault, even if it was presented "
            "as care or friendship."
        ),
        suggestion=(
            "You do not have to handle this alone. Talk it over with someone you trust, and "
            "consider a consultation with another therapist; you are free to stop seeing "
            f"{history.therapist}. Serious misconduct, such as sexual or romantic contact, "
            "inappropriate touch or a breach of confidentiality, can be reported to the "
            "therapist's licensing board or professional body."
        ),
    )


def _red_flags(entry: Entry) -> list[str]:
    return [
        incident.kind
        for incident in entry.incidents
        if incident.info.category is not Category.PRACTICAL
    ]


def find_early_warning(history: TherapistHistory, thresholds: Thresholds) -> Finding | None:
    """Any incident other than a practical one in the first ``early_sessions`` attended
    sessions with this therapist, repaired or not."""
    first = history.attended[: thresholds.early_sessions]
    evidence = [entry for entry in first if _red_flags(entry)]
    if not evidence:
        return None
    kinds = [kind for entry in evidence for kind in _red_flags(entry)]
    sessions = plural(thresholds.early_sessions, "session")
    return make_finding(
        EARLY,
        Severity.WARNING,
        history,
        title=f"Red flags in your first {sessions} with {history.therapist}",
        evidence=evidence,
        explanation=(
            f"{capital(span(evidence))}, within your first {sessions} with "
            f"{history.therapist}, you recorded {tally(kinds)}. The first "
            "few sessions are when you find out whether a therapist is right for you, and red "
            "flags this early are worth taking seriously, even ones that were smoothed over "
            "at the time."
        ),
        suggestion=(
            f"Mention what happened and see how {history.therapist} responds: a good "
            "therapist welcomes feedback and adjusts. "
            f"{SECOND_OPINION}; it is fine to compare before you commit."
        ),
    )
