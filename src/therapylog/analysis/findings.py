"""What the analyzer returns: findings (SPEC §3)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


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


class Finding(BaseModel):
    """One thing the analyzer noticed about one therapist, with the entries it rests on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    severity: Severity
    therapist: str
    title: str
    evidence: list[str]
    explanation: str
    suggestion: str
