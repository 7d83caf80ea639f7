"""Findings turned into what the client can say in the session, in their own voice.

Each rule has a short opening ("I've noticed that …"), the dated moments behind it, what the
client would like from the conversation, and questions worth asking. The words are meant to
be read aloud or handed over: warm, plain, and about what happened rather than about blame.
The therapist the summary is for is addressed as "you"; any other is named.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, NamedTuple

from therapylog.analysis.alliance import low_scales
from therapylog.analysis.safety import SELF_HARM
from therapylog.data.catalogue import (
    EARLY_WARNING_CATEGORIES,
    EMPATHIC_FAILURE_STATUSES,
    RELIABILITY_STATUSES,
    Category,
)
from therapylog.data.safetext import one_line
from therapylog.report.renderers.common import (
    all_entries,
    category_of,
    crossed_a_line,
    current_therapist,
    day_of,
    join_words,
    list_days,
    number,
    same_person,
    short_day,
)
from therapylog.report.renderers.phrases import (
    BOUNDARY_ASIDE,
    DEEDS,
    FORMER_THERAPIST_ASK,
    GENERAL_QUESTIONS,
    HEADINGS,
    QUESTIONS,
    SCALE_WORDS,
    SELF_HARM_ASIDE,
    UNSAFE_ASIDE,
)

if TYPE_CHECKING:
    from therapylog.analysis.findings import Finding
    from therapylog.data.model import Entry
    from therapylog.report.model import Report

MAX_QUESTIONS = 8
#: Findings never spoken to the therapist they are about.
CROSSED_A_LINE = frozenset({"boundary-violation", "felt-unsafe"})


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
class _Voice:
    """How the therapist is spoken of: "you"/"your" to their face, by name otherwise."""

    subject: str
    their: str
    obj: str

    def did(self, deed: str) -> str:
        return f"{self.subject} {deed.format(their=self.their)}"


@dataclass(frozen=True)
class _Context:
    finding: Finding
    voice: _Voice
    evidence: list[Entry]
    report: Report


def _moments(ctx: _Context, wanted: Callable[[str], bool]) -> tuple[str, ...]:
    """``14 Jul 2026: you forgot …`` for each incident or status of the evidence that counts."""
    lines = []
    for entry in ctx.evidence:
        slugs = [i.kind for i in entry.incidents if wanted(i.kind)]
        if wanted(entry.status.value) and entry.status.value in DEEDS:
            slugs.insert(0, entry.status.value)
        deeds = [ctx.voice.did(DEEDS[slug]) for slug in slugs if slug in DEEDS]
        if deeds:
            lines.append(f"{short_day(entry.date)}: {join_words(deeds)}")
    return tuple(lines)


def _empathic(kind: str) -> bool:
    return kind in EMPATHIC_FAILURE_STATUSES or category_of(kind) == Category.EMPATHIC_FAILURE


def _recurring(ctx: _Context) -> TalkingPoint:
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
        _moments(ctx, _empathic),
        ask,
    )


def _unreliable(ctx: _Context) -> TalkingPoint:
    return TalkingPoint(
        ctx.finding,
        "I've noticed that several of my appointments did not go ahead as planned:",
        _moments(ctx, lambda kind: kind in RELIABILITY_STATUSES),
        "Regular sessions matter to me, and I'd like us to find a schedule we can both rely on.",
    )


def _boundary(ctx: _Context) -> TalkingPoint:
    """Facts, plainly, in the client's voice about the therapist (never to them): the client
    owes that therapist no conversation about it (docs/analysis.md, "Words")."""
    facts = []
    for entry in ctx.evidence:
        kinds = [i.kind for i in entry.incidents if category_of(i.kind) == Category.BOUNDARY]
        deeds = [DEEDS[kind].format(their=ctx.voice.their) for kind in kinds if kind in DEEDS]
        if deeds:
            facts.append(f"On {short_day(entry.date)} {ctx.voice.subject} {join_words(deeds)}.")
    return TalkingPoint(
        ctx.finding,
        " ".join(facts) + " This was a breach of professional boundaries, and it was not my fault.",
        (),
        "",
        aside=BOUNDARY_ASIDE,
    )


def _felt_unsafe(ctx: _Context) -> TalkingPoint:
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


def _early(ctx: _Context) -> TalkingPoint:
    # (only what was not put right: a repaired mistake is not an early warning)
    lines = []
    for entry in ctx.evidence:
        kinds = [i.kind for i in entry.incidents if not i.repaired and _early_flag(i.kind)]
        deeds = [ctx.voice.did(DEEDS[kind]) for kind in kinds if kind in DEEDS]
        if deeds:
            lines.append(f"{short_day(entry.date)}: {join_words(deeds)}")
    return TalkingPoint(
        ctx.finding,
        "I've noticed a few things early on that did not sit right with me:",
        tuple(lines),
        "I'd rather mention them now, while we are still getting to know each other, than let "
        "them build up.",
    )


def _feeling_worse(ctx: _Context) -> TalkingPoint:
    lines = []
    for entry in ctx.evidence:
        felt = entry.effective_felt
        mood = (
            f", mood {entry.mood_before} before and {entry.mood_after} after"
            if entry.mood_before is not None and entry.mood_after is not None
            else ""
        )
        lines.append(f"{short_day(entry.date)}: {felt.value if felt else 'worse'}{mood}")
    return TalkingPoint(
        ctx.finding,
        "I've noticed that most of our recent sessions have left me feeling worse than when I "
        "arrived:",
        tuple(lines),
        "Some hard sessions are part of the work, but this is most of them, and I'd like to "
        "understand what is happening.",
    )


def _goal_titles(ctx: _Context) -> str:
    return join_words([f"“{one_line(g.title)}”" for g in ctx.report.goals if g.active])


def _stagnation(ctx: _Context) -> TalkingPoint:
    titles = _goal_titles(ctx)
    goals = f" on {titles}" if titles else ""
    when = f" ({list_days(e.date for e in ctx.evidence)})" if ctx.evidence else ""
    times = f"{len(ctx.evidence)} " if ctx.evidence else ""
    return TalkingPoint(
        ctx.finding,
        f"I've noticed that my goals have not moved for a while: the last {times}times I noted "
        f"my progress{when}, I recorded none{goals}.",
        (),
        "These goals matter to me, and I'd like us to look at them together again.",
    )


def _unrecorded(ctx: _Context) -> TalkingPoint:
    titles = _goal_titles(ctx)
    return TalkingPoint(
        ctx.finding,
        "I want to pick up my goals again: I haven't noted how they are moving lately"
        + (f" ({titles})." if titles else "."),
        (),
        "I'd like us to look at them together, so that I can keep track again.",
    )


def _mood_change(ctx: _Context) -> str:
    moods = [e.mood_before for e in ctx.evidence if e.mood_before is not None]
    if len(moods) < 2:
        return ""
    edge = min(3, len(moods) // 2)
    first, last = sum(moods[:edge]) / edge, sum(moods[-edge:]) / edge
    return f": from around {number(first)} to around {number(last)} out of 10"


def _mood_decline(ctx: _Context) -> TalkingPoint:
    return TalkingPoint(
        ctx.finding,
        f"I've noticed that my mood going into sessions has been sliding{_mood_change(ctx)}.",
        (),
        "I'd like us to look at what is behind it, and whether anything should change.",
    )


def _no_improvement(ctx: _Context) -> TalkingPoint:
    change = _mood_change(ctx)
    detail = f"; my mood before sessions went{change.removeprefix(':')}" if change else ""
    return TalkingPoint(
        ctx.finding,
        f"I've noticed that, after many sessions, my mood going into them is not much higher "
        f"than when we started{detail}.",
        (),
        "I'd like to talk honestly about whether this approach is working for me.",
    )


def _scores(ctx: _Context) -> tuple[str, ...]:
    """``7 May 2026: PHQ-9 16, GAD-7 12`` for each entry the finding rests on.

    Only the scores on the evidence are quoted: the first score with a therapist may lie
    before the months the report carries, and a number said in the session must be right.
    """
    lines = []
    for entry in ctx.evidence:
        scores = [
            f"{name} {value}"
            for name, value in (("PHQ-9", entry.phq9), ("GAD-7", entry.gad7))
            if value is not None
        ]
        if scores:
            lines.append(f"{short_day(entry.date)}: {join_words(scores)}")
    return tuple(lines)


def _deterioration(ctx: _Context) -> TalkingPoint:
    scores = _scores(ctx)
    return TalkingPoint(
        ctx.finding,
        "I've noticed that my questionnaire scores have gone up since we started"
        + (":" if scores else "."),
        scores,
        "That is more than chance would explain. I'd like us to take this seriously together "
        "and review the plan.",
    )


def _improvement(ctx: _Context) -> TalkingPoint:
    scores = _scores(ctx)
    return TalkingPoint(
        ctx.finding,
        "I've noticed that my questionnaire scores have come down by more than chance would "
        "explain" + (":" if scores else "."),
        scores,
        "I'd like to talk about what has been helping, so that we can keep it going.",
    )


def _recovery(ctx: _Context) -> TalkingPoint:
    return TalkingPoint(
        ctx.finding,
        "My scores are now below the levels that usually mean clinical depression or anxiety.",
        (),
        "I'd like to talk about what comes next: how we keep this going, and how we will know "
        "when I am ready to finish.",
    )


def _repaired(ctx: _Context) -> TalkingPoint:
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


def _alliance(ctx: _Context) -> TalkingPoint:
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
            lines.append(f"{short_day(entry.date)}: I rated {join_words(scales)} out of 10{in_all}")
        elif low_total:
            lines.append(f"{short_day(entry.date)}: my ratings added up to {total} out of 40")
    return TalkingPoint(
        ctx.finding,
        "I've noticed that some of my ratings of our recent sessions were low"
        + (":" if lines else "."),
        tuple(lines),
        "I'd like to tell you what would help, and to hear how it looks from your side.",
    )


def _alliance_dip(ctx: _Context) -> TalkingPoint:
    totals = [str(e.alliance.total) for e in ctx.evidence if e.alliance is not None]
    ratings = f" were {join_words(totals)} out of 40" if totals else ""
    return TalkingPoint(
        ctx.finding,
        f"I've noticed that my ratings of some recent sessions{ratings}.",
        (),
        "I'd like to hear how our recent sessions look from your side.",
    )


def _self_harm(ctx: _Context) -> TalkingPoint:
    when = f" ({list_days(day_of(entry_id) for entry_id in ctx.finding.evidence)})"
    return TalkingPoint(
        ctx.finding,
        "I want to tell you that when I last filled in the PHQ-9"
        f"{when if ctx.finding.evidence else ''}, I noted thoughts of being better off dead, or "
        "of hurting myself.",
        (),
        "I'd like us to talk about it, and about what I can do when these thoughts come.",
        aside=SELF_HARM_ASIDE,
    )


def _fallback(ctx: _Context) -> TalkingPoint:
    return TalkingPoint(
        ctx.finding,
        f"I've noticed something I'd like to talk about: {one_line(ctx.finding.title)}.",
        (),
        "",
    )


BUILDERS: dict[str, Callable[[_Context], TalkingPoint]] = {
    "recurring-empathic-failure": _recurring,
    "rupture-repaired": _repaired,
    "therapist-unreliable": _unreliable,
    "boundary-violation": _boundary,
    "felt-unsafe": _felt_unsafe,
    "early-warning": _early,
    "feeling-worse": _feeling_worse,
    "goal-stagnation": _stagnation,
    "progress-unrecorded": _unrecorded,
    "mood-decline": _mood_decline,
    "no-improvement": _no_improvement,
    "reliable-deterioration": _deterioration,
    "reliable-improvement": _improvement,
    "recovery": _recovery,
    "alliance-low": _alliance,
    "alliance-dip": _alliance_dip,
    "thoughts-of-self-harm": _self_harm,
}


def _lower_first(text: str) -> str:
    """``I've noticed`` stays; ``My scores`` becomes ``my scores``."""
    return text if text.startswith(("I ", "I'")) else text[:1].lower() + text[1:]


def talking_point(
    finding: Finding, report: Report, *, entries: Mapping[str, Entry] | None = None
) -> TalkingPoint:
    """One finding as the client would raise it with the therapist the summary is for.

    ``entries``: :func:`all_entries` of the report, when the caller already has it.
    """
    current = current_therapist(report)
    name = one_line(finding.therapist or "")
    if finding.rule in CROSSED_A_LINE:
        # Never addressed to that therapist, in any reader: the facts, said about them, and
        # no questions for them (docs/analysis.md, "Words").
        entries = all_entries(report) if entries is None else entries
        evidence = [entries[entry_id] for entry_id in finding.evidence if entry_id in entries]
        them = _Voice(name, "their", name)
        point = BUILDERS[finding.rule](_Context(finding, them, evidence, report))
        return replace(point, addressed=False, heading=HEADINGS[finding.rule])
    # A course that has ended is never spoken to as "you": it is told as the past. A finding
    # about no therapist (the client's own safety) is for whoever reads it.
    addressed = finding.ended is None and (
        current is None or finding.therapist is None or same_person(current, finding.therapist)
    )
    voice = _Voice("you", "your", "you") if addressed else _Voice(name, "their", name)
    entries = all_entries(report) if entries is None else entries
    evidence = [entries[entry_id] for entry_id in finding.evidence if entry_id in entries]
    point = BUILDERS.get(finding.rule, _fallback)(_Context(finding, voice, evidence, report))
    heading = HEADINGS.get(finding.rule, "Something I'd like to talk about")
    if addressed:
        return replace(point, questions=QUESTIONS.get(finding.rule, ()), heading=heading)
    # Questions are for the therapist in the room, not about someone else. A finding about an
    # ended course is shown under its own "About my time with ..." heading.
    opener = point.opener
    if finding.ended is None:
        opener = f"About my time with {name}: {_lower_first(point.opener)}"
        heading = f"{heading} (with {name})"
    ask = FORMER_THERAPIST_ASK[finding.severity.value == "positive"]
    return replace(point, opener=opener, ask=ask, addressed=False, heading=heading)


_YOU = re.compile(r"\b(you|your|yours)\b")


def _about(text: str, name: str) -> str:
    """Words said to a therapist, retold about them: the first "you" becomes their name, later
    ones "them", "your" "their" ("you forgot …" → "Dr Lee forgot …")."""
    named = False

    def swap(match: re.Match[str]) -> str:
        nonlocal named
        word = match.group(1)
        if word == "you" and not named:
            named = True
            return name
        return {"you": "them", "your": "their", "yours": "theirs"}[word]

    return _YOU.sub(swap, text)


def about_the_therapist(point: TalkingPoint) -> TalkingPoint:
    """A talking point as the private review tells it: about the therapist, not to them, so that
    "you" in the review only ever means the client (docs/report.md)."""
    name = point.finding.therapist
    if not point.addressed or not name:
        return point
    return replace(
        point,
        opener=_about(point.opener, name),
        details=tuple(_about(detail, name) for detail in point.details),
        ask=_about(point.ask, name),
    )


def review_points(report: Report) -> list[TalkingPoint]:
    """The talking points of the private review: every finding, told about the therapist."""
    return [about_the_therapist(point) for point in talking_points(report)]


def talking_points(report: Report) -> list[TalkingPoint]:
    """Every finding of the report, in its order (the most pressing first)."""
    entries = all_entries(report)  # once, not once per finding: a report may hold thousands
    return [talking_point(finding, report, entries=entries) for finding in report.findings]


class PointGroups(NamedTuple):
    """The talking points in the order a summary presents them: the client's own safety first,
    then what is going well, what to raise, and the small things worth a word."""

    safety: list[TalkingPoint]
    good: list[TalkingPoint]
    concerns: list[TalkingPoint]  # serious, then warning
    info: list[TalkingPoint]


def group_points(points: Sequence[TalkingPoint]) -> PointGroups:
    def severity(point: TalkingPoint) -> str:
        return point.finding.severity.value

    safety = [p for p in points if p.finding.rule == SELF_HARM]
    # (a finding about an ended course is told under its own heading, as the past)
    rest = [p for p in points if p.finding.rule != SELF_HARM and p.finding.ended is None]
    return PointGroups(
        safety=safety,
        good=[p for p in rest if severity(p) == "positive"],
        concerns=[p for p in rest if severity(p) == "serious"]
        + [p for p in rest if severity(p) == "warning"],
        info=[p for p in rest if severity(p) == "info"],
    )


def speaks_to_therapist(report: Report) -> bool:
    """Whether a summary may hold questions for the therapist it is for: never for one who
    crossed a boundary or with whom the client felt unsafe."""
    therapist = current_therapist(report) or report.journal_therapist
    return not crossed_a_line(report, therapist)


def review_questions(report: Report, points: Sequence[TalkingPoint]) -> list[str]:
    """The private review's questions for the therapist: none for one who crossed a line."""
    return questions_worth_asking(points) if speaks_to_therapist(report) else []


def questions_worth_asking(points: Sequence[TalkingPoint]) -> list[str]:
    """The questions of the concerns first, then of the good news, then two for any session."""
    concerns = [p for p in points if p.finding.severity.value != "positive"]
    good = [p for p in points if p.finding.severity.value == "positive"]
    asked = [q for p in (*concerns, *good) if p.addressed for q in p.questions]
    chosen = list(dict.fromkeys(asked))[: MAX_QUESTIONS - len(GENERAL_QUESTIONS)]
    return [*chosen, *GENERAL_QUESTIONS]
