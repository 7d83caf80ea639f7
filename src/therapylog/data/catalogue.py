"""The vocabulary of the journal: appointment statuses, incident kinds and levels.

This module is the single source of truth for every slug a user may type. It is plain
Python (no pydantic, no rich) so that help text can be built from it at start-up cost zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    EMPATHIC_FAILURE = "empathic-failure"
    BOUNDARY = "boundary"
    SAFETY = "safety"
    COMPETENCE = "competence"
    TREATMENT = "treatment"
    PRACTICAL = "practical"


CATEGORY_TITLES: dict[Category, str] = {
    Category.EMPATHIC_FAILURE: "Empathic failure (the therapist was not attuned to you)",
    Category.BOUNDARY: "Boundary (always serious)",
    Category.SAFETY: "Safety in the relationship",
    Category.COMPETENCE: "Competence",
    Category.TREATMENT: "Treatment and communication",
    Category.PRACTICAL: "Practical",
}


@dataclass(frozen=True, slots=True)
class IncidentKind:
    slug: str
    category: Category
    description: str


def _kinds(category: Category, *pairs: tuple[str, str]) -> tuple[IncidentKind, ...]:
    return tuple(IncidentKind(slug, category, text) for slug, text in pairs)


INCIDENT_KINDS: tuple[IncidentKind, ...] = (
    *_kinds(
        Category.EMPATHIC_FAILURE,
        ("forgot-details", "forgot important details of my life"),
        ("confused-history", "mixed up my history with someone else's"),
        ("forgot-last-session", "forgot what we talked about last time"),
        ("distracted", "checked the clock or phone, multitasked, seemed bored"),
        ("fell-asleep", "fell asleep during the session"),
        ("self-focus", "talked about their own life, talked more than listened"),
        ("projected", "put their own needs or problems onto me"),
        ("dismissive", "dismissed my concerns, feedback or goals"),
        ("mislabeled-emotion", "named a feeling I did not have"),
        ("judgmental", "I felt judged or criticised"),
        ("no-accountability", "did not own a mistake"),
        ("cultural-insensitivity", "was insensitive to my culture, identity or background"),
    ),
    *_kinds(
        Category.BOUNDARY,
        ("inappropriate-disclosure", "shared personal information that was not about helping me"),
        ("inappropriate-touch", "touched me in a way that was not appropriate"),
        ("dual-relationship", "mixed therapy with another relationship (friend, business)"),
        ("romantic-or-sexual", "showed romantic or sexual interest"),
        ("confidentiality-breach", "broke confidentiality"),
        ("asked-secrecy", "asked me to keep things between us, or to hide what happens in therapy"),
    ),
    *_kinds(
        Category.SAFETY,
        ("felt-unsafe", "I felt uncomfortable or unsafe in the session"),
    ),
    *_kinds(
        Category.COMPETENCE,
        ("seemed-unsure", "seemed inexperienced or unsure how to help"),
        ("wrong-approach", "used a method that did not fit my problem, or an outdated one"),
        ("forced-confrontation", "pushed me into painful material before I felt safe"),
        ("no-referral", "did not refer me on when I needed a specialist"),
    ),
    *_kinds(
        Category.TREATMENT,
        ("pushed-technique", "pushed a technique without explaining it, or that felt harmful"),
        ("ignored-feedback", "ignored my feedback about what is not working"),
        ("no-explanation", "did not explain the approach or answer my questions"),
        ("imposed-goals", "set goals for me without asking"),
        ("jargon", "used jargon I did not understand"),
        ("defensive", "became defensive when I raised a concern"),
        ("pressure-to-commit", "pressured me to commit to more or longer treatment"),
        ("only-one-way", "insisted their method is the only one that works"),
        ("unrealistic-promises", "promised unrealistic results or a cure"),
        ("no-check-in", "never asked whether the work was helping"),
    ),
    *_kinds(
        Category.PRACTICAL,
        ("billing-error", "billing error or unexpected charge"),
        ("no-crisis-support", "no support when I was in crisis between sessions"),
        ("poor-coordination", "poor coordination with my other care providers"),
    ),
)

KINDS_BY_SLUG: dict[str, IncidentKind] = {kind.slug: kind for kind in INCIDENT_KINDS}

#: Categories whose incidents count wherever they were recorded, even on a day the client
#: cancelled: they were written down for a reason (docs/analysis.md).
COUNTED_WHEREVER_RECORDED: frozenset[Category] = frozenset({Category.BOUNDARY, Category.SAFETY})
#: Categories whose unrepaired incidents in the first sessions are an early warning. Boundary
#: and safety incidents are not among them: their own rules speak for them, with their own
#: advice.
EARLY_WARNING_CATEGORIES: frozenset[Category] = frozenset(
    {Category.EMPATHIC_FAILURE, Category.TREATMENT, Category.COMPETENCE}
)


class Status(StrEnum):
    ATTENDED = "attended"
    THERAPIST_CANCELLED = "therapist-cancelled"
    THERAPIST_NO_SHOW = "therapist-no-show"
    DOUBLE_BOOKED = "double-booked"
    THERAPIST_RESCHEDULED = "therapist-rescheduled"
    CLIENT_CANCELLED = "client-cancelled"
    CLIENT_NO_SHOW = "client-no-show"


STATUS_DESCRIPTIONS: dict[Status, str] = {
    Status.ATTENDED: "the session took place",
    Status.THERAPIST_CANCELLED: "the therapist cancelled",
    Status.THERAPIST_NO_SHOW: "the therapist did not show up",
    Status.DOUBLE_BOOKED: "I came but was turned away: the slot was double-booked",
    Status.THERAPIST_RESCHEDULED: "the therapist moved it at short notice",
    Status.CLIENT_CANCELLED: "I cancelled",
    Status.CLIENT_NO_SHOW: "I did not go",
}

#: Statuses caused by the client: not appointments, never counted against the therapist.
CLIENT_STATUSES: frozenset[Status] = frozenset({Status.CLIENT_CANCELLED, Status.CLIENT_NO_SHOW})
#: Statuses that mean the therapist forgot the client: they count as empathic failures.
EMPATHIC_FAILURE_STATUSES: frozenset[Status] = frozenset(
    {Status.THERAPIST_NO_SHOW, Status.DOUBLE_BOOKED}
)
#: The therapist's reliability events.
RELIABILITY_STATUSES: frozenset[Status] = frozenset(
    {
        Status.THERAPIST_CANCELLED,
        Status.THERAPIST_NO_SHOW,
        Status.DOUBLE_BOOKED,
        Status.THERAPIST_RESCHEDULED,
    }
)


#: What happened, in plain words for a finding's explanation ("you recorded falling asleep
#: (once) and jargon (twice)"): every incident kind and every status that counts against the
#: therapist, never its slug.
WHAT_HAPPENED: dict[str, str] = {
    "forgot-details": "forgetting details of your life",
    "confused-history": "mixing up your history with someone else's",
    "forgot-last-session": "forgetting what you talked about the time before",
    "distracted": "seeming distracted",
    "fell-asleep": "falling asleep",
    "self-focus": "talking about their own life",
    "projected": "putting their own needs or problems onto you",
    "dismissive": "dismissing your concerns",
    "mislabeled-emotion": "naming a feeling you did not have",
    "judgmental": "leaving you feeling judged",
    "no-accountability": "not owning a mistake",
    "cultural-insensitivity": "insensitivity to your culture or background",
    "inappropriate-disclosure": "sharing personal things that were not about helping you",
    "inappropriate-touch": "inappropriate touch",
    "dual-relationship": "mixing therapy with another relationship",
    "romantic-or-sexual": "romantic or sexual interest",
    "confidentiality-breach": "breaking confidentiality",
    "asked-secrecy": "asking you to keep things secret",
    "felt-unsafe": "feeling uncomfortable or unsafe",
    "seemed-unsure": "seeming unsure how to help",
    "wrong-approach": "a method that did not fit your problem",
    "forced-confrontation": "pushing you into painful material before you felt safe",
    "no-referral": "no referral to a specialist you needed",
    "pushed-technique": "pushing a technique without explaining it",
    "ignored-feedback": "ignoring your feedback",
    "no-explanation": "not explaining the approach",
    "imposed-goals": "setting goals without asking you",
    "jargon": "jargon you did not understand",
    "defensive": "defensiveness when you raised a concern",
    "pressure-to-commit": "pressure to commit to more treatment",
    "only-one-way": "insisting their method is the only one",
    "unrealistic-promises": "unrealistic promises",
    "no-check-in": "not asking whether the work was helping",
    "billing-error": "a billing error",
    "no-crisis-support": "no support in a crisis",
    "poor-coordination": "poor coordination with your other care",
    Status.THERAPIST_CANCELLED: "cancelling",
    Status.THERAPIST_NO_SHOW: "not turning up",
    Status.DOUBLE_BOOKED: "double-booking your appointment",
    Status.THERAPIST_RESCHEDULED: "moving a session at short notice",
}


class Felt(StrEnum):
    MUCH_WORSE = "much-worse"
    WORSE = "worse"
    SAME = "same"
    BETTER = "better"
    MUCH_BETTER = "much-better"


FELT_DESCRIPTIONS: dict[Felt, str] = {
    Felt.MUCH_WORSE: "much worse than before the session",
    Felt.WORSE: "worse than before",
    Felt.SAME: "about the same",
    Felt.BETTER: "better than before",
    Felt.MUCH_BETTER: "much better than before",
}


def felt_from_moods(before: int, after: int) -> Felt:
    """How the session left the client, derived from the change in mood."""
    change = after - before
    if change <= -3:
        return Felt.MUCH_WORSE
    if change < 0:
        return Felt.WORSE
    if change == 0:
        return Felt.SAME
    if change <= 2:
        return Felt.BETTER
    return Felt.MUCH_BETTER


class ProgressLevel(StrEnum):
    NONE = "none"
    SLIGHT = "slight"
    CLEAR = "clear"
    MAJOR = "major"


class GoalStatus(StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class QuestionnaireRhythm(StrEnum):
    """How often the PHQ-9 and GAD-7 are due (the setting ``questionnaire_rhythm``)."""

    EVERY_SESSION = "every-session"
    EVERY_4TH = "every-4th"
    MONTHLY = "monthly"


ALLIANCE_SCALES: tuple[tuple[str, str], ...] = (
    ("heard", "I felt heard, understood and respected"),
    ("goals", "we worked on what I wanted to work on"),
    ("approach", "the way of working fit me"),
    ("overall", "overall, the session was right for me"),
)


def choices(values: type[StrEnum]) -> str:
    """The valid values of an enumeration, for error messages and help."""
    return ", ".join(member.value for member in values)
