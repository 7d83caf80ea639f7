"""The handout's own words: calm headings for what the client wants to talk about, and the
short lines of "what did not work for me before".

The handout is read across the desk by the therapist it is about. Its headings name a topic,
never a verdict ("Things that have happened more than once", not "A recurring pattern of
empathic failure"), and nothing in it is advice meant for the client: the private review keeps
that. (The review has headings of its own, in the client's voice: ``talking.words.HEADINGS``.)
"""

from __future__ import annotations

#: A heading per rule for the handout: the topic, in the client's own terms. Different from
#: ``talking.words.HEADINGS`` on purpose: the therapist reads these; the client reads those.
TOPICS: dict[str, str] = {
    "thoughts-of-self-harm": "Something I want to say first",
    "recurring-empathic-failure": "Things that have happened more than once",
    "therapist-unreliable": "Appointments that did not go ahead",
    "early-warning": "A few things from our first sessions",
    "feeling-worse": "How I feel after our sessions",
    "goal-stagnation": "My goals",
    "mood-decline": "My mood lately",
    "no-improvement": "Whether this is working for me",
    "reliable-deterioration": "My questionnaire scores",
    "alliance-low": "How our sessions feel to me",
    "alliance-dip": "How our sessions feel to me",
    "rupture-repaired": "A mistake that was put right",
    "reliable-improvement": "My questionnaire scores",
    "recovery": "Where I am now",
}
OTHER_TOPIC = "Something I noticed"

#: Findings that are about the client's own record-keeping, not about the therapy: they stay
#: in the private review.
NOT_FOR_THE_HANDOUT = frozenset({"progress-unrecorded"})

#: "What did not work for me before": one line per rule, in the past tense, about a therapist
#: the client no longer sees. Only what the record shows; the therapist is not named.
PAST_LINES: dict[str, str] = {
    "recurring-empathic-failure": "My notes show moments when my therapist was not tuned in to me, again and again.",
    "therapist-unreliable": "Sessions were often cancelled, missed or moved at short notice.",
    "early-warning": "Some things went wrong in the first sessions.",
    "feeling-worse": "Most sessions left me feeling worse than when I arrived.",
    "goal-stagnation": "I recorded no progress on my goals for a long stretch.",
    "mood-decline": "My mood going into sessions slid over time.",
    "no-improvement": "After many sessions my mood going into them was not much higher.",
    "reliable-deterioration": "My questionnaire scores went up while we worked together.",
    "alliance-low": "My own ratings of our sessions were low.",
    "alliance-dip": "My own ratings of some sessions were a little under the usual cut-off, or below my own usual.",
}
PAST_INTRO = (
    "I am sharing this so that we can start from what I already know about myself in therapy, "
    "not to compare."
)

HEADINGS = {
    "talk": "What I would like to talk about",
    "helping": "What has been helping",
    "questions": "Questions I would like to ask",
    "past": "What did not work for me before",
    "record": "My record",
}
INTRO = (
    "Notes I keep in my own journal after our sessions, gathered to help us talk about how "
    "therapy is going for me."
)
NOTHING_TO_RAISE = "Nothing in particular this time; I would like to hear how you see things."
