"""Talking points about how therapy is going for the client: sessions that leave them worse,
goals that have not moved, mood, questionnaire scores, and thoughts of self-harm. Each builder
takes the :class:`Context` of one finding."""

from __future__ import annotations

from therapylog.data.dates import short_day
from therapylog.data.safetext import one_line
from therapylog.data.words import join, number
from therapylog.report.days import list_days
from therapylog.report.facts import day_of
from therapylog.report.talking.point import Builder, Context, TalkingPoint
from therapylog.report.talking.words import SELF_HARM_ASIDE


def _feeling_worse(ctx: Context) -> TalkingPoint:
    lines = []
    for entry in ctx.evidence:
        felt = entry.effective_felt
        mood = (
            f", mood {entry.mood_before} before and {entry.mood_after} after"
            if entry.mood_before is not None and entry.mood_after is not None
            else ""
        )
        # ("much worse", as the client would say it: never the slug "much-worse")
        words = felt.value.replace("-", " ") if felt else "worse"
        lines.append(f"{short_day(entry.date)}: {words}{mood}")
    # "Most" only when it is: a client may lower worse_count below half of worse_window.
    window = ctx.report.thresholds.worse_window
    most = 2 * len(ctx.evidence) > window
    share = (
        "most of our recent sessions have"
        if most
        else f"{len(ctx.evidence)} of our last {window} sessions have"
    )
    return TalkingPoint(
        ctx.finding,
        f"I've noticed that {share} left me feeling worse than when I arrived:",
        tuple(lines),
        "Some hard sessions are part of the work, but "
        + ("this is most of them" if most else "these keep coming")
        + ", and I'd like to understand what is happening.",
    )


def _goal_titles(ctx: Context) -> str:
    return join([f"“{one_line(g.title)}”" for g in ctx.report.goals if g.active])


def _one_goal(ctx: Context) -> bool:
    """Whether exactly one goal is active: "my goal … it", never "my goals … them"."""
    return sum(goal.active for goal in ctx.report.goals) == 1


def _stagnation(ctx: Context) -> TalkingPoint:
    titles = _goal_titles(ctx)
    goals = f" on {titles}" if titles else ""
    when = f" ({list_days(e.date for e in ctx.evidence)})" if ctx.evidence else ""
    count = len(ctx.evidence)
    times = "time" if count == 1 else f"{count} times" if count else "times"
    one = _one_goal(ctx)
    moved = "my goal has" if one else "my goals have"
    matter = "This goal matters" if one else "These goals matter"
    return TalkingPoint(
        ctx.finding,
        f"I've noticed that {moved} not moved for a while: the last {times} I noted "
        f"my progress{when}, I recorded none{goals}.",
        (),
        f"{matter} to me, and I'd like us to look at {'it' if one else 'them'} together again.",
    )


def _unrecorded(ctx: Context) -> TalkingPoint:
    titles = _goal_titles(ctx)
    one = _one_goal(ctx)
    goals, it, moving = ("my goal", "it", "it is") if one else ("my goals", "them", "they are")
    return TalkingPoint(
        ctx.finding,
        f"I want to pick up {goals} again: I haven't noted how {moving} moving lately"
        + (f" ({titles})." if titles else "."),
        (),
        f"I'd like us to look at {it} together, so that I can keep track again.",
    )


def _mood_change(ctx: Context) -> str:
    """``: from around 6.7 to around 3.7 out of 10``, or ``: around 4 out of 10 throughout``
    when the two ends say the same number (never "from around 4 to around 4")."""
    moods = [e.mood_before for e in ctx.evidence if e.mood_before is not None]
    if len(moods) < 2:
        return ""
    edge = min(3, len(moods) // 2)
    first, last = number(sum(moods[:edge]) / edge), number(sum(moods[-edge:]) / edge)
    if first == last:
        return f": around {first} out of 10 throughout"
    return f": from around {first} to around {last} out of 10"


def _mood_decline(ctx: Context) -> TalkingPoint:
    return TalkingPoint(
        ctx.finding,
        f"I've noticed that my mood going into sessions has been sliding{_mood_change(ctx)}.",
        (),
        "I'd like us to look at what is behind it, and whether anything should change.",
    )


def _no_improvement(ctx: Context) -> TalkingPoint:
    change = _mood_change(ctx)
    went = "was" if change.endswith("throughout") else "went"
    detail = f"; my mood before sessions {went}{change.removeprefix(':')}" if change else ""
    return TalkingPoint(
        ctx.finding,
        f"I've noticed that, after many sessions, my mood going into them is not much higher "
        f"than when we started{detail}.",
        (),
        "I'd like to talk honestly about whether this approach is working for me.",
    )


def _scores(ctx: Context) -> tuple[str, ...]:
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
            lines.append(f"{short_day(entry.date)}: {join(scores)}")
    return tuple(lines)


def _deterioration(ctx: Context) -> TalkingPoint:
    scores = _scores(ctx)
    return TalkingPoint(
        ctx.finding,
        "I've noticed that my questionnaire scores have gone up since we started"
        + (":" if scores else "."),
        scores,
        "That is more than chance would explain. I'd like us to take this seriously together "
        "and review the plan.",
    )


def _improvement(ctx: Context) -> TalkingPoint:
    scores = _scores(ctx)
    return TalkingPoint(
        ctx.finding,
        "I've noticed that my questionnaire scores have come down by more than chance would "
        "explain" + (":" if scores else "."),
        scores,
        "I'd like to talk about what has been helping, so that we can keep it going.",
    )


def _recovery(ctx: Context) -> TalkingPoint:
    return TalkingPoint(
        ctx.finding,
        "My scores are now below the levels that usually mean clinical depression or anxiety.",
        (),
        "I'd like to talk about what comes next: how we keep this going, and how we will know "
        "when I am ready to finish.",
    )


def _self_harm(ctx: Context) -> TalkingPoint:
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


#: The builder of each rule about how therapy is going for the client.
PROGRESS_POINTS: dict[str, Builder] = {
    "feeling-worse": _feeling_worse,
    "goal-stagnation": _stagnation,
    "progress-unrecorded": _unrecorded,
    "mood-decline": _mood_decline,
    "no-improvement": _no_improvement,
    "reliable-deterioration": _deterioration,
    "reliable-improvement": _improvement,
    "recovery": _recovery,
    "thoughts-of-self-harm": _self_harm,
}
