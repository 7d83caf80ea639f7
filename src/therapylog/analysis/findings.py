"""What the analyzer returns: findings (docs/analysis.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    SERIOUS = "serious"
    WARNING = "warning"
    INFO = "info"
    POSITIVE = "positive"


#: Order in which findings are presented: the most pressing first, good news last but never hidden.
SEVERITY_ORDER: dict[Severity, int] = {
    Severity.SERIOUS: 0,
    Severity.WARNING: 1,
    Severity.INFO: 2,
    Severity.POSITIVE: 3,
}


@dataclass(frozen=True)
class Finding:
    """One thing the analyzer noticed about one therapist, with the entries it rests on.

    ``therapist`` is None for the one finding about the client's own safety rather than about
    a therapist (``thoughts-of-self-harm``).
    """

    rule: str
    severity: Severity
    therapist: str | None
    title: str
    evidence: list[str]
    explanation: str
    suggestion: str
    #: set when the client has stopped seeing this therapist (docs/therapists.md)
    ended: dt.date | None = None

    def to_json(self) -> dict[str, Any]:
        """The finding as in ``report --json`` (docs/report.md); ``ended`` only when set."""
        document: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "therapist": self.therapist,
            "title": self.title,
            "evidence": list(self.evidence),
            "explanation": self.explanation,
            "suggestion": self.suggestion,
        }
        if self.ended is not None:
            document["ended"] = self.ended.isoformat()
        return document
