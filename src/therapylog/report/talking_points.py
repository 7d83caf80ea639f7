"""Findings turned into what the client can say in the session, in their own voice.

Each rule has a short opening ("I've noticed that …"), the dated moments behind it, what the
client would like from the conversation, and questions worth asking. The words are meant to
be read aloud or handed over: warm, plain, and about what happened rather than about blame.
The therapist the summary is for is addressed as "you"; any other is named.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from therapylog.catalogue import EMPATHIC_FAILURE_STATUSES, RELIABILITY_STATUSES, Category, Status
from therapylog.report.renderers.common import (
    all_entries,
    category_of,
    current_therapist,
    join_words,
    list_days,
    number,
    one_line,
    same_person,
    short_day,
)

if TYPE_CHECKING:
    from therapylog.analysis.findings import Finding
    from therapylog.model import Entry
    from therapylog.report.model import Report

# What the therapist did, as the end of a sentence whose subject is "you" or their name.
# ``{their}`` becomes "your" or "their".
DEEDS: dict[str, str] = {
    "forgot-details": "forgot important details of my life",
    "confused-history": "mixed up my history with someone else's",
    "forgot-last-session": "forgot what we had talked about the time before",
    "distracted": "seemed distracted: the clock, the phone, somewhere else",
    "fell-asleep": "fell asleep while I was talking",
    "self-focus": "talked about {their} own life more than listening to mine",
    "projected": "put {their} own needs or problems onto me",
    "dismissive": "brushed aside something that mattered to me",
    "mislabeled-emotion": "named a feeling I did not have",
    "judgmental": "said something that left me feeling judged",
    "no-accountability": "did not own a mistake",
    "cultural-insensitivity": "missed or dismissed something about my culture or background",
    "inappropriate-disclosure": "shared personal things that were not about helping me",
    "inappropriate-touch": "touched me in a way that was not appropriate",
    "dual-relationship": "mixed our work with another kind of relationship",
    "romantic-or-sexual": "showed romantic or sexual interest in me",
    "confidentiality-breach": "passed on something I had said in confidence",
    "pushed-technique": "pushed a technique on me without explaining it",
    "ignored-feedback": "went past what I said about what is not working",
    "no-explanation": "did not explain the approach or answer my questions",
    "imposed-goals": "set goals for me without asking me",
    "jargon": "used words I did not understand",
    "defensive": "became defensive when I raised a concern",
    "pressure-to-commit": "pressed me to commit to more treatment",
    "only-one-way": "said {their} way is the only one that works",
    "unrealistic-promises": "promised results that seemed unrealistic",
    "billing-error": "made a mistake on my bill",
    "no-crisis-support": "could not be reached when I was in crisis",
    "poor-coordination": "did not coordinate with my other care",
    Status.THERAPIST_NO_SHOW: "did not turn up for our appointment",
    Status.DOUBLE_BOOKED: "had double-booked my time, and I was turned away",
    Status.THERAPIST_CANCELLED: "cancelled our session",
    Status.THERAPIST_RESCHEDULED: "moved our session at short notice",
}

BOUNDARY_ASIDE = (
    "A note for me: I do not have to raise this in the room. I can talk it over with someone I "
    "trust first, ask another therapist for a consultation, and report it to the therapist's "
    "licensing board."
)

GENERAL_QUESTIONS = (
    "How do you think things are going, and what should we focus on next?",
    "Is there anything in this summary that you see differently?",
)
MAX_QUESTIONS = 8


@dataclass(frozen=True)
class TalkingPoint:
    finding: Finding
    opener: str  # "I've noticed that …", ending with ":" when details follow
    details: tuple[str, ...]  # one dated moment each: "14 Jul 2026: you forgot …"
    ask: str  # what the client would like from the conversation
    questions: tuple[str, ...] = ()
    aside: str | None = None  # a note to the client, not to be read aloud
    addressed: bool = True  # the finding is about the therapist the summary is for

    @property
    def text(self) -> str:
        """The point as one paragraph (for JSON and plain text)."""
        return " ".join(part for part in (self.opener, self.ask) if part)


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
    questions: list[str] = field(default_factory=list)


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
    ask = "I'd like us to talk about the pattern as a whole, not only the latest time, and about what could change."
    if repaired:
        ask = (
            f"I appreciated it when things were put right ({list_days(repaired)}); it is the "
            f"repeating that I want to talk about. {ask}"
        )
    return TalkingPoint(
        ctx.finding,
        "I've noticed that, again and again, I have come away feeling not really heard or "
        "remembered. Each time seemed small on its own, but written down they make a pattern:",
        _moments(ctx, _empathic),
        ask,
        (
            "How do you keep track of what I tell you from one session to the next?",
            "How would you like me to tell you, in the moment, when I don't feel heard?",
            "What can we change so that this stops happening?",
        ),
    )


def _unreliable(ctx: _Context) -> TalkingPoint:
    return TalkingPoint(
        ctx.finding,
        "I've noticed that several of our appointments did not go ahead as planned:",
        _moments(ctx, lambda kind: kind in RELIABILITY_STATUSES),
        "When sessions fall through it is hard to keep going, and it can leave me feeling I am "
        "not a priority. I'd like us to find a schedule we can both rely on.",
        (
            "Can we agree on a regular time that you are able to keep?",
            "How much notice can I expect if a session has to move?",
        ),
    )


def _boundary(ctx: _Context) -> TalkingPoint:
    return TalkingPoint(
        ctx.finding,
        "I want to name something that did not feel right to me:",
        _moments(ctx, lambda kind: category_of(kind) == Category.BOUNDARY),
        "It crossed a line for me, and I need that to be acknowledged clearly.",
        aside=BOUNDARY_ASIDE,
    )


def _early(ctx: _Context) -> TalkingPoint:
    return TalkingPoint(
        ctx.finding,
        "I've noticed a few things early in our work that did not sit right with me:",
        _moments(ctx, lambda kind: category_of(kind) not in ("", Category.PRACTICAL)),
        "I'd rather mention them now, while we are still getting to know each other, than let "
        "them build up.",
        (
            "How would you like me to tell you when something in a session does not work for me?",
            "Can you tell me more about how you work, and why you chose this approach for me?",
        ),
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
        (
            "Is feeling worse after sessions expected at this stage, and for how long?",
            "What could we change so that I leave sessions steadier?",
            "Is there support I could have between sessions?",
        ),
    )


def _stagnation(ctx: _Context) -> TalkingPoint:
    titles = [f"“{one_line(g.title)}”" for g in ctx.report.goals if g.active]
    goals = f" on {join_words(titles)}" if titles else ""
    when = f" ({list_days(e.date for e in ctx.evidence)})" if ctx.evidence else ""
    return TalkingPoint(
        ctx.finding,
        f"I've noticed that my goals have not moved for a while: in my recent sessions{when} I "
        f"did not record any progress{goals}.",
        (),
        "These goals matter to me, and I'd like us to look at them together again.",
        (
            "Are we still working on the goals that matter most to me?",
            "What would progress look like over the next month or so?",
            "Would a different approach help us get unstuck?",
        ),
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
        (
            "What do you make of the dip in my mood?",
            "Should we change anything in our plan, or add support between sessions?",
        ),
    )


def _no_improvement(ctx: _Context) -> TalkingPoint:
    change = _mood_change(ctx)
    detail = f"; my mood before sessions went{change.removeprefix(':')}" if change else ""
    return TalkingPoint(
        ctx.finding,
        f"I've noticed that, after many sessions, I don't feel much better than when we "
        f"started{detail}.",
        (),
        "I'd like to talk honestly about whether this approach is working for me.",
        (
            "How will we know whether this is working?",
            "How do you see my progress so far?",
            "Would it make sense to try a different approach, or for me to get a second opinion?",
        ),
    )


def _scores(ctx: _Context) -> str:
    """``PHQ-9 from 16 to 7 and GAD-7 from 12 to 5``, from the scores with this therapist."""
    parts = []
    entries = [
        e
        for e in sorted(all_entries(ctx.report).values(), key=lambda e: (e.date, e.id))
        if same_person(e.therapist, ctx.finding.therapist) and e.date <= ctx.report.period.end
    ]
    for name, attribute in (("PHQ-9", "phq9"), ("GAD-7", "gad7")):
        values = [getattr(e, attribute) for e in entries if getattr(e, attribute) is not None]
        if len(values) >= 2:
            parts.append(f"{name} from {values[0]} to {values[-1]}")
    return join_words(parts)


def _deterioration(ctx: _Context) -> TalkingPoint:
    scores = _scores(ctx)
    return TalkingPoint(
        ctx.finding,
        "I've noticed that my questionnaire scores have gone up since we started"
        + (f" ({scores})" if scores else "")
        + ". That is more than chance would explain, and it means I am struggling more.",
        (),
        "I'd like us to take this seriously together and review the plan.",
        (
            "What do you make of the rise in my scores?",
            "Should we change the plan, or bring in other support?",
        ),
    )


def _improvement(ctx: _Context) -> TalkingPoint:
    scores = _scores(ctx)
    return TalkingPoint(
        ctx.finding,
        "I've noticed that my questionnaire scores have come down by more than chance would "
        "explain" + (f" ({scores})" if scores else "") + ".",
        (),
        "I'd like to talk about what has been helping, so that we can keep it going.",
        ("What do you think has made the difference?",),
    )


def _recovery(ctx: _Context) -> TalkingPoint:
    return TalkingPoint(
        ctx.finding,
        "My scores are now below the levels that usually mean clinical depression or anxiety.",
        (),
        "I'd like to talk about what comes next: how we keep this going, and how we will know "
        "when I am ready to finish.",
        ("How will we know when I am ready to start ending therapy?",),
    )


def _repaired(ctx: _Context) -> TalkingPoint:
    repaired = [
        (entry.date, incident.kind)
        for entry in ctx.evidence
        for incident in entry.incidents
        if incident.repaired and incident.kind in DEEDS
    ]
    when = ""
    if repaired:
        day, kind = repaired[0]
        when = f" after {short_day(day)}, when {ctx.voice.did(DEEDS[kind])}"
    return TalkingPoint(
        ctx.finding,
        f"I appreciated how things went{when}: the mistake was acknowledged and put right.",
        (),
        "It made it easier to trust you, and easier for me to speak up.",
    )


def _alliance(ctx: _Context) -> TalkingPoint:
    totals = [str(e.alliance.total) for e in ctx.evidence if e.alliance is not None]
    ratings = (
        f": my own ratings of recent sessions were {join_words(totals)} out of 40" if totals else ""
    )
    return TalkingPoint(
        ctx.finding,
        f"I've noticed that I have not felt as heard, or as much in step with {ctx.voice.obj}, "
        f"as I would like{ratings}.",
        (),
        "I'd like to tell you what would help, and to hear how it looks from your side.",
        (
            "Could we take a minute at the end of each session to check how it went for me?",
            "Are we working on what I want to work on, in a way that suits me?",
        ),
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
    "early-warning": _early,
    "feeling-worse": _feeling_worse,
    "goal-stagnation": _stagnation,
    "mood-decline": _mood_decline,
    "no-improvement": _no_improvement,
    "reliable-deterioration": _deterioration,
    "reliable-improvement": _improvement,
    "recovery": _recovery,
    "alliance-low": _alliance,
}


def _lower_first(text: str) -> str:
    """``I've noticed`` stays; ``My scores`` becomes ``my scores``."""
    return text if text.startswith(("I ", "I'")) else text[:1].lower() + text[1:]


def talking_point(finding: Finding, report: Report) -> TalkingPoint:
    """One finding as the client would raise it with the therapist the summary is for."""
    current = current_therapist(report)
    addressed = current is None or same_person(current, finding.therapist)
    name = one_line(finding.therapist)
    voice = _Voice("you", "your", "you") if addressed else _Voice(name, "their", name)
    entries = all_entries(report)
    evidence = [entries[entry_id] for entry_id in finding.evidence if entry_id in entries]
    point = BUILDERS.get(finding.rule, _fallback)(_Context(finding, voice, evidence, report))
    if addressed:
        return point
    return TalkingPoint(
        point.finding,
        f"About my time with {name}: {_lower_first(point.opener)}",
        point.details,
        point.ask,
        aside=point.aside,
        addressed=False,
    )


def talking_points(report: Report) -> list[TalkingPoint]:
    """Every finding of the report, in its order (the most pressing first)."""
    return [talking_point(finding, report) for finding in report.findings]


def questions_worth_asking(points: Sequence[TalkingPoint]) -> list[str]:
    """The questions of the concerns first, then of the good news, then two for any session."""
    concerns = [p for p in points if p.finding.severity.value != "positive"]
    good = [p for p in points if p.finding.severity.value == "positive"]
    asked = [q for p in (*concerns, *good) if p.addressed for q in p.questions]
    chosen = list(dict.fromkeys(asked))[: MAX_QUESTIONS - len(GENERAL_QUESTIONS)]
    return [*chosen, *GENERAL_QUESTIONS]
