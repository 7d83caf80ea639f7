"""Thoughts of self-harm: the one answer a journal like this must never sit on.

The ninth PHQ-9 question asks about thoughts of being better off dead or of hurting oneself.
When the latest PHQ-9 filled in item by item answers it above 0, the analysis says so first,
calmly, with where to turn (docs/analysis.md, "Thoughts of self-harm"). It is about the
client's safety, not about a therapist: the finding's ``therapist`` is None. ``add`` says the
same words the moment such an answer is recorded.
"""

from __future__ import annotations

from collections.abc import Iterable

from therapylog.analysis.findings import Finding, Severity
from therapylog.data.model import Entry, entry_sort_key
from therapylog.data.words import day

SELF_HARM = "thoughts-of-self-harm"

#: The PHQ-9's answers, in its own words (the questionnaire is in the public domain).
ANSWERS = ("not at all", "several days", "more than half the days", "nearly every day")

SELF_HARM_TITLE = "You noted thoughts of being better off dead or of hurting yourself"
#: Where to turn: said by the finding and by ``add``, in the same words.
WHERE_TO_TURN = (
    "If you are in danger now, call your local emergency number. You can talk to someone at "
    "any hour: call or text 988 in the US and Canada, call Samaritans on 116 123 in the UK "
    "and Ireland, or find a line near you at findahelpline.com. And tell your therapist at "
    "your next session or sooner, or your doctor if you are not seeing one now: this is "
    "exactly what they are there to help with."
)


def self_harm_answer(entry: Entry) -> int:
    """The answer to PHQ-9 item 9 (0-3), or 0 when it was not filled in item by item."""
    return entry.phq9_items[8] if entry.phq9_items is not None else 0


def self_harm_explanation(entry: Entry) -> str:
    """What was answered, and why it matters: calm, and nobody's failure."""
    return (
        f"On {day(entry.date)} you answered the PHQ-9 question about thoughts that you would "
        f'be better off dead, or of hurting yourself in some way, with "'
        f'{ANSWERS[self_harm_answer(entry)]}". Thank you for writing it down: many people '
        "have thoughts like these at some point, and they are not a failure of yours or of "
        "anyone else's. You do not have to carry them alone."
    )


def find_thoughts_of_self_harm(entries: Iterable[Entry]) -> Finding | None:
    """The latest PHQ-9 filled in item by item, any therapist, has item 9 above 0."""
    itemised = [entry for entry in entries if entry.phq9_items is not None]
    if not itemised:
        return None
    newest = max(itemised, key=entry_sort_key)
    if not self_harm_answer(newest):
        return None
    return Finding(
        rule=SELF_HARM,
        severity=Severity.SERIOUS,
        therapist=None,
        title=SELF_HARM_TITLE,
        evidence=[newest.id],
        explanation=self_harm_explanation(newest),
        suggestion=WHERE_TO_TURN,
    )
