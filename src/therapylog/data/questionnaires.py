"""The PHQ-9 and GAD-7 in their own words, for the interview to ask item by item.

Both questionnaires were developed by Drs. Robert L. Spitzer, Janet B. W. Williams, Kurt
Kroenke and colleagues, with an educational grant from Pfizer Inc., and are in the public
domain: no permission is required to reproduce, translate, display or distribute them
(docs/questionnaires.md). The wording below is theirs; only the answer scale's numbers are
shown with it. Pure data and arithmetic: nothing here talks to a terminal.
"""

from __future__ import annotations

from typing import NamedTuple

#: The question both questionnaires ask of every item.
STEM = "Over the last 2 weeks, how often have you been bothered by the following problems?"
#: The answers, scored 0 to 3.
SCALE = ("Not at all", "Several days", "More than half the days", "Nearly every day")


class Questionnaire(NamedTuple):
    key: str  # the entry's field: ``phq9`` (its answers are ``phq9_items``)
    name: str  # as people know it: ``PHQ-9``
    measures: str
    items: tuple[str, ...]

    @property
    def highest(self) -> int:
        return 3 * len(self.items)


PHQ9 = Questionnaire(
    "phq9",
    "PHQ-9",
    "depression",
    (
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
)
GAD7 = Questionnaire(
    "gad7",
    "GAD-7",
    "anxiety",
    (
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ),
)
QUESTIONNAIRES: dict[str, Questionnaire] = {q.key: q for q in (PHQ9, GAD7)}
#: The PHQ-9 item about thoughts of self-harm (1-based, as printed on the form).
SELF_HARM_ITEM = 9


def total(answers: list[int]) -> int:
    """The score: the sum of the item answers."""
    return sum(answers)


def as_text(answers: list[int]) -> str:
    """Answers as ``add --phq9-items`` takes them: ``0,1,2,…``."""
    return ",".join(str(answer) for answer in answers)
