"""The PHQ-9 and GAD-7 in the interview: one question to skip them, then item by item.

Asked only when they are due at the rhythm the client chose (the setting
``questionnaire_rhythm``, docs/questionnaires.md). Each item is one line in the
questionnaire's own words, answered 0-3; ``-`` stops a questionnaire (nothing of it is kept).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

from therapylog.cli.answers import Answers, say, yes_no
from therapylog.cli.picker import terminal_width
from therapylog.data.errors import InputError
from therapylog.data.questionnaires import PHQ9, SCALE, SELF_HARM_ITEM, STEM, Questionnaire, as_text

STOP = -1
SCALE_LINE = "  " + ", ".join(f"{score} {text.lower()}" for score, text in enumerate(SCALE))


def _item(text: str) -> int:
    if text == "-":
        return STOP
    if len(text) == 1 and text in "0123":
        return int(text)
    raise InputError("answer 0, 1, 2 or 3 (or - to stop this questionnaire)")


def ask_questionnaires(
    answers: Answers,
    due: Sequence[Questionnaire],
    on_self_harm: Callable[[list[int]], None],
) -> dict[str, str]:
    """The item answers given, by field (``phq9_items``: ``"0,1,…"``); empty when skipped.

    ``on_self_harm(items)`` is called the moment PHQ-9 item 9 is answered above 0 (with the
    nine answers), before the interview goes on.
    """
    if not due:
        return {}
    names = " and ".join(q.name for q in due)
    minutes = "about 2 minutes" if len(due) > 1 else "about a minute"
    if not answers.get(
        "questionnaires",
        f"Fill in the {names} now? ({minutes}) [y/N]",
        "",
        yes_no(default=False),
        store=lambda value: "y" if value else "n",
    ):
        return {}
    filled: dict[str, str] = {}
    width = min(terminal_width(), 80)
    for questionnaire in due:
        items = _ask_items(answers, questionnaire, width, on_self_harm)
        if items is not None:
            filled[f"{questionnaire.key}_items"] = as_text(items)
    return filled


def _ask_items(
    answers: Answers,
    questionnaire: Questionnaire,
    width: int,
    on_self_harm: Callable[[list[int]], None],
) -> list[int] | None:
    shown: list[bool] = []

    def heading() -> None:  # once, before the first item really asked
        if not shown:
            for line in textwrap.wrap(f"{questionnaire.name}: {STEM} (- stops)", width - 1):
                say(line)
            say(SCALE_LINE)
            shown.append(True)

    items: list[int] = []
    count = len(questionnaire.items)
    for number, wording in enumerate(questionnaire.items, start=1):
        lines = textwrap.wrap(f"{number}/{count} {wording} [0-3]", width=width - 5)
        asked: list[bool] = []

        def show(lines: list[str] = lines, asked: list[bool] = asked) -> None:
            heading()
            asked.append(True)
            for line in lines[:-1]:
                say(f"  {line}")

        value = answers.get(f"{questionnaire.key}.{number}", f"  {lines[-1]}", "", _item, show=show)
        if value == STOP:
            say(f"  {questionnaire.name} stopped; none of its answers are kept.")
            return None
        items.append(value)
        if questionnaire is PHQ9 and number == SELF_HARM_ITEM and value > 0 and asked:
            on_self_harm(items)
    return items
