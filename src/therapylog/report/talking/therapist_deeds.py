"""Talking points about what the therapist did: moments of not being tuned in, appointments
that did not go ahead, boundaries crossed, feeling unsafe, early warnings, a mistake put right
and low ratings of the sessions. Each builder takes the :class:`Context` of one finding."""

from __future__ import annotations

from therapylog.analysis.alliance import low_scales
from therapylog.data.catalogue import (
    EARLY_WARNING_CATEGORIES,
    EMPATHIC_FAILURE_STATUSES,
    RELIABILITY_STATUSES,
    Category,
)
from therapylog.data.dates import short_day
from therapylog.data.words import join
from therapylog.report.days import list_days
from therapylog.report.facts import category_of
from therapylog.report.talking.point import Builder, Context, TalkingPoint, moments
from therapylog.report.talking.words import BOUNDARY_ASIDE, DEEDS, SCALE_WORDS, UNSAFE_ASIDE


def _empathic(kind: str) -> bool:
    return kind in EMPATHIC_FAILURE_STATUSES or category_of(kind) == Category.EMPATHIC_FAILURE


def _recurring(ctx: Context) -> TalkingPoint:
    repaired = [
        e.date for e in ctx.evidence for i in e.incidents if i.repaired and _empathic(i.kind)
    ]
    ask = (
        "I'd like us to talk about the pattern as a whole, not only the latest time, and about "
        "what could change."
    )
    if repaired:
        ask = (
            f"I appreciated it when things were put right ({list_days(repaired)}); it is the "
            f"repeating that I want to talk about. {ask}"
        )
    return TalkingPoint(
        ctx.finding,
        "I've noticed a pattern in what I have written down after our appointments. Each time "
        "seemed small on its own, but together they add up:",
        moments(ctx, _empathic),
        ask,
    )


def _unreliable(ctx: Context) -> TalkingPoint:
    return TalkingPoint(
        ctx.finding,
        "I've noticed that several of my appointments did not go ahead as planned:",
        moments(ctx, lambda kind: kind in RELIABILITY_STATUSES),
        "Regular sessions matter to me, and I'd like us to find a schedule we can both rely on.",
    )


def _boundary(ctx: Context) -> TalkingPoint:
    """Facts, plainly, in the client's voice about the therapist (never to them): the client
    owes that therapist no conversation about it (docs/analysis.md, "Words")."""
    facts = []
    for entry in ctx.evidence:
        kinds = [i.kind for i in entry.incidents if category_of(i.kind) == Category.BOUNDARY]
        deeds = [DEEDS[kind].format(their=ctx.voice.their) for kind in kinds if kind in DEEDS]
        if deeds:
            facts.append(f"On {short_day(entry.date)} {ctx.voice.subject} {join(deeds)}.")
    return TalkingPoint(
        ctx.finding,
        " ".join(
            [*facts, "This was a breach of professional boundaries, and it was not my fault."]
        ),
        (),
        "",
        aside=BOUNDARY_ASIDE,
    )


def _felt_unsafe(ctx: Context) -> TalkingPoint:
    when = list_days(e.date for e in ctx.evidence)
    return TalkingPoint(
        ctx.finding,
        f"I felt uncomfortable or unsafe in my sessions with {ctx.voice.obj} ({when}). I can "
        "trust that feeling, and it was not my fault.",
        (),
        "",
        aside=UNSAFE_ASIDE,
    )


def _early_flag(kind: str) -> bool:
    return category_of(kind) in EARLY_WARNING_CATEGORIES


def _early(ctx: Context) -> TalkingPoint:
    # (only what was not put right: a repaired mistake is not an early warning)
    # One thing is "something", never "a few things".
    lines = []
    count = 0
    for entry in ctx.evidence:
        kinds = [i.kind for i in entry.incidents if not i.repaired and _early_flag(i.kind)]
        deeds = [DEEDS[kind] for kind in kinds if kind in DEEDS]
        if deeds:
            lines.append(f"{short_day(entry.date)}: {ctx.voice.did(*deeds)}")
            count += len(deeds)
    what, them = ("something", "it") if count == 1 else ("a few things", "them")
    return TalkingPoint(
        ctx.finding,
        f"I've noticed {what} early on that did not sit right with me:",
        tuple(lines),
        f"I'd rather mention {them} now, while we are still getting to know each other, than "
        f"let {them} build up.",
    )


def _repaired(ctx: Context) -> TalkingPoint:
    repaired = [
        (entry.date, incident.kind, incident.repaired_on)
        for entry in ctx.evidence
        for incident in entry.incidents
        if incident.repaired and incident.kind in DEEDS
    ]
    opener = "I appreciated that a mistake was acknowledged and put right."
    if repaired:
        day, kind, repaired_on = repaired[0]
        later = f" on {short_day(repaired_on)}" if repaired_on and repaired_on != day else ""
        opener = (
            f"On {short_day(day)} {ctx.voice.did(DEEDS[kind])}, and it was acknowledged and "
            f"put right{later}. I appreciated that."
        )
    return TalkingPoint(
        ctx.finding,
        opener,
        (),
        "Saying what works is feedback too, so I wanted to mention it.",
    )


def _alliance(ctx: Context) -> TalkingPoint:
    """Only the ratings that were actually low are named: a scale rated 9 is never described
    as one where the client did not feel heard."""
    thresholds = ctx.report.thresholds
    lines = []
    for entry in ctx.evidence:
        if entry.alliance is None:
            continue
        scales = [
            f"{SCALE_WORDS[name]} {getattr(entry.alliance, name)}"
            for name in low_scales(entry.alliance, thresholds)
        ]
        total = entry.alliance.total
        low_total = total < thresholds.alliance_low_total
        if scales:
            in_all = f" ({total} out of 40 in all)" if low_total else ""
            lines.append(f"{short_day(entry.date)}: I rated {join(scales)} out of 10{in_all}")
        elif low_total:
            lines.append(f"{short_day(entry.date)}: my ratings added up to {total} out of 40")
    return TalkingPoint(
        ctx.finding,
        "I've noticed that some of my ratings of our recent sessions were low"
        + (":" if lines else "."),
        tuple(lines),
        "I'd like to tell you what would help, and to hear how it looks from your side.",
    )


def _alliance_dip(ctx: Context) -> TalkingPoint:
    totals = [str(e.alliance.total) for e in ctx.evidence if e.alliance is not None]
    # (each session has four ratings: what is quoted is what they added up to)
    sessions = "a recent session" if len(totals) == 1 else "some recent sessions"
    ratings = f" added up to {join(totals)} out of 40" if totals else " dipped a little"
    return TalkingPoint(
        ctx.finding,
        f"I've noticed that my ratings of {sessions}{ratings}.",
        (),
        "I'd like to hear how our recent sessions look from your side.",
    )


#: The builder of each rule about what the therapist did.
DEED_POINTS: dict[str, Builder] = {
    "recurring-empathic-failure": _recurring,
    "rupture-repaired": _repaired,
    "therapist-unreliable": _unreliable,
    "boundary-violation": _boundary,
    "felt-unsafe": _felt_unsafe,
    "early-warning": _early,
    "alliance-low": _alliance,
    "alliance-dip": _alliance_dip,
}
