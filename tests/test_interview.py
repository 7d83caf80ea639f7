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
