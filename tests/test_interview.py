"""The interview's questions in-process, with scripted answers (no terminal)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from therapylog.cli.answers import Answers
from therapylog.cli.interview import Interviewed, Known, interview


def scripted(*replies: str) -> tuple[list[str], Callable[[str, str], str]]:
    """An ``ask`` that gives ``replies`` in turn and records every question."""
    asked: list[str] = []
    queue: Iterator[str] = iter(replies)

    def ask(question: str, default: str) -> str:
        asked.append(question)
        return next(queue)

    return asked, ask


def run(*replies: str, kept: dict[str, str] | None = None) -> tuple[Interviewed, list[str]]:
    asked, ask = scripted(*replies)
    known = Known(today=dt.date(2026, 11, 22), last_therapist="Dr. Lee")
    return interview(known, Answers(ask, kept=kept)), asked


def test_misconduct_is_not_asked_whether_it_was_put_right() -> None:
    result, asked = run("", "", "", "", "y", "boundary", "2", "", "", "", "")
    assert result.answer.incidents == ["inappropriate-touch"]
    assert result.answer.repaired == []
    assert not any("make it right" in question for question in asked)


def test_kept_answers_are_not_asked_again_and_new_ones_are_kept() -> None:
    kept: dict[str, str] = {}
    asked, ask = scripted("5", "", "", "all good")
    answers = Answers(ask, kept={"usual": "y", "mood_before": "4"}, keep=kept.update)
    known = Known(today=dt.date(2026, 11, 22), last_therapist="Dr. Lee")
    result = interview(known, answers)
    assert asked[0] == "Mood just after (0-10)"
    assert (result.answer.mood_before, result.answer.mood_after) == (4, 5)
    assert kept["notes"] == "all good" and kept["usual"] == "y"


def test_a_kept_answer_that_no_longer_parses_is_asked_again() -> None:
    result, asked = run("6", "6", "", "", "", kept={"usual": "y", "mood_before": "eleven"})
    assert asked[0] == "Mood just before (0-10)"
    assert result.answer.mood_before == 6


def test_item_9_above_0_calls_for_the_safety_words_before_the_next_question() -> None:
    from therapylog.data.questionnaires import GAD7, PHQ9

    events: list[str] = []
    replies = iter(["", "", "", "", "", "", "y", "1", "0", "0", "0", "0", "0", "0", "0", "2",
                    *["1"] * 7, ""])  # fmt: skip

    def ask(question: str, default: str) -> str:
        events.append(question)
        return next(replies)

    def where_to_turn(day: dt.date, items: list[int]) -> None:
        events.append(f"safety {day.isoformat()} {items}")

    known = Known(
        today=dt.date(2026, 11, 22),
        last_therapist="Dr. Lee",
        questionnaires_due=[PHQ9, GAD7],
        on_self_harm=where_to_turn,
    )
    result = interview(known, Answers(ask))
    safety = events.index("safety 2026-11-22 [1, 0, 0, 0, 0, 0, 0, 0, 2]")
    assert sum(event.endswith("[0-3]") for event in events[:safety]) == 9  # right after item 9
    assert events[safety + 1].startswith("  1/7 Feeling nervous")
    assert result.self_harm_said
    assert result.answer.phq9_items == "1,0,0,0,0,0,0,0,2"
    assert result.answer.gad7_items == "1,1,1,1,1,1,1"


def test_nothing_is_said_when_item_9_is_0_or_the_questionnaires_are_skipped() -> None:
    from therapylog.data.questionnaires import PHQ9

    said: list[list[int]] = []
    # usual, two moods, felt, went wrong, alliance; then the questionnaire, notes
    before = ["", "", "", "", "", ""]
    for replies in ([*before, "y", *["1"] * 8, "0", ""], [*before, "", ""]):
        asked, ask = scripted(*replies)
        known = Known(
            today=dt.date(2026, 11, 22),
            last_therapist="Dr. Lee",
            questionnaires_due=[PHQ9],
            on_self_harm=lambda _day, items: said.append(items),
        )
        result = interview(known, Answers(ask))
        assert "Fill in the PHQ-9 now? (about a minute) [y/N]" in asked
        assert not result.self_harm_said
    assert said == []
