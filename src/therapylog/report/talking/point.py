"""A talking point, and what every builder of one is given: the finding, how the therapist is
spoken of, and the entries the finding rests on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from therapylog.data.dates import short_day
from therapylog.data.words import join
from therapylog.report.talking.words import DEEDS

if TYPE_CHECKING:
    from therapylog.analysis.findings import Finding
    from therapylog.data.model import Entry
    from therapylog.report.model import Report


@dataclass(frozen=True)
class TalkingPoint:
    finding: Finding
    opener: str  # "I've noticed that …", ending with ":" when details follow
    details: tuple[str, ...]  # one dated moment each: "14 Jul 2026: you forgot …"
    ask: str  # what the client would like from the conversation
    questions: tuple[str, ...] = ()
    aside: str | None = None  # a note to the client, not to be read aloud
    addressed: bool = True  # the finding is about the therapist the summary is for
    heading: str = ""  # in the client's voice; the finding's title speaks to the client

    @property
    def text(self) -> str:
        """The point as one paragraph (for JSON and plain text)."""
        details = "; ".join(self.details) + "." if self.details else ""
        return " ".join(part for part in (self.opener, details, self.ask) if part)


@dataclass(frozen=True)
class Voice:
    """How the therapist is spoken of: "you"/"your" to their face, by name otherwise."""

    subject: str
    their: str
    obj: str

    def did(self, *deeds: str) -> str:
        """``you forgot … and seemed distracted``: the subject said once for all the deeds (a
        second "you" would be retold as "them" in the private review)."""
        return f"{self.subject} {join([deed.format(their=self.their) for deed in deeds])}"


@dataclass(frozen=True)
class Context:
    """What a builder is given: the finding, how its therapist is spoken of, the entries it
    rests on (oldest first), and the report (for goals and thresholds)."""

    finding: Finding
    voice: Voice
    evidence: list[Entry]
    report: Report


#: What turns one finding into its talking point.
Builder = Callable[[Context], TalkingPoint]


def moments(ctx: Context, wanted: Callable[[str], bool]) -> tuple[str, ...]:
    """``14 Jul 2026: you forgot …`` for each incident or status of the evidence that counts."""
    lines = []
    for entry in ctx.evidence:
        slugs = [i.kind for i in entry.incidents if wanted(i.kind)]
        if wanted(entry.status.value) and entry.status.value in DEEDS:
            slugs.insert(0, entry.status.value)
        deeds = [DEEDS[slug] for slug in slugs if slug in DEEDS]
        if deeds:
            lines.append(f"{short_day(entry.date)}: {ctx.voice.did(*deeds)}")
    return tuple(lines)
