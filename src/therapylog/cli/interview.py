"""The guided interview of ``therapylog add``: a minute of questions after an appointment.

Every question has a default or can be skipped with Enter; an invalid answer is explained and
asked again, so the interview never ends in an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TypeVar

import typer

from therapylog.catalogue import (
    CATEGORY_TITLES,
    INCIDENT_KINDS,
    STATUS_DESCRIPTIONS,
    Felt,
    ProgressLevel,
    Status,
    choices,
)
from therapylog.dates import DATE_FORMS, parse_day
from therapylog.errors import InputError
from therapylog.model import Alliance, Goal
from therapylog.recording import AppointmentInput

T = TypeVar("T")
Ask = Callable[[str, str], str]


def _typer_ask(question: str, default: str) -> str:
    return str(typer.prompt(question, default=default, show_default=bool(default)))


def _until_valid(ask: Ask, question: str, default: str, parse: Callable[[str], T]) -> T:
    while True:
        answer = ask(question, default).strip()
        try:
            return parse(answer)
        except InputError as error:
            typer.echo(f"  {error.message}", err=True)


def _optional_int(low: int, high: int, name: str) -> Callable[[str], int | None]:
    def parse(text: str) -> int | None:
        if not text:
            return None
        if not text.isdigit() or not low <= int(text) <= high:
            raise InputError(f"{name}: {text!r} is not a whole number from {low} to {high}")
        return int(text)

    return parse


def _status(text: str) -> Status:
    statuses = list(Status)
    if text.isdigit() and 1 <= int(text) <= len(statuses):
        return statuses[int(text) - 1]
    try:
        return Status(text.lower())
    except ValueError:
        raise InputError(f"status: choose 1-{len(statuses)} or one of: {choices(Status)}") from None


def _incident_numbers(text: str) -> list[str]:
    if not text:
        return []
    picked = []
    for part in text.replace(" ", ",").split(","):
        if not part:
            continue
        if part.isdigit() and 1 <= int(part) <= len(INCIDENT_KINDS):
            picked.append(INCIDENT_KINDS[int(part) - 1].slug)
        elif part in {kind.slug for kind in INCIDENT_KINDS}:
            picked.append(part)
        else:
            raise InputError(f"incidents: {part!r} is not a number from 1 to {len(INCIDENT_KINDS)}")
    return list(dict.fromkeys(picked))


def _yes(text: str) -> bool:
    if text.lower() in {"y", "yes"}:
        return True
    if text.lower() in {"", "n", "no"}:
        return False
    raise InputError("answer y or n")


def _level(text: str) -> str | None:
    if not text:
        return None
    for member in ProgressLevel:
        if member.value.startswith(text.lower()):
            return member.value
    raise InputError(f"progress: choose one of: {choices(ProgressLevel)} (or Enter to skip)")


def _felt(text: str) -> str | None:
    if not text:
        return None
    try:
        return Felt(text.lower()).value
    except ValueError:
        raise InputError(f"felt: choose one of: {choices(Felt)} (or Enter to skip)") from None


def _alliance(text: str) -> str | None:
    if text:
        Alliance.parse(text)
    return text or None


def show_catalogue() -> None:
    number = 0
    for category, title in CATEGORY_TITLES.items():
        typer.echo(f"  {title}")
        for kind in INCIDENT_KINDS:
            if kind.category is category:
                number += 1
                typer.echo(f"    {number:>2}. {kind.slug} - {kind.description}")


def interview(
    *,
    today: dt.date,
    last_therapist: str | None,
    goals: Sequence[Goal],
    ask: Ask = _typer_ask,
    confirm_therapist: Callable[[str, Ask], str | None] | None = None,
) -> AppointmentInput:
    """``confirm_therapist``: the name to store for the name typed, or None to ask again
    (``add`` guards the history with it: cli.naming)."""
    typer.echo("Recording an appointment. Press Enter to accept a default or skip a question.")
    day = _until_valid(
        ask, f"Date ({DATE_FORMS})", "today", lambda text: parse_day(text or "today", today=today)
    )

    def therapist_name(text: str) -> str:
        if not text.strip():
            raise InputError("therapist: give the therapist's name")
        return text.strip()

    while True:
        therapist = _until_valid(ask, "Therapist", last_therapist or "", therapist_name)
        confirmed = confirm_therapist(therapist, ask) if confirm_therapist else therapist
        if confirmed is not None:
            therapist = confirmed
            break
    for number, status in enumerate(Status, start=1):
        typer.echo(f"  {number}. {status.value} - {STATUS_DESCRIPTIONS[status]}")
    status = _until_valid(ask, "What happened", "1", _status)
    answer = AppointmentInput(date=day, therapist=therapist, status=status.value)
    if status is Status.ATTENDED:
        answer.mood_before = _until_valid(
            ask, "Mood just before (0-10)", "", _optional_int(0, 10, "mood")
        )
        answer.mood_after = _until_valid(
            ask, "Mood just after (0-10)", "", _optional_int(0, 10, "mood")
        )
        if answer.mood_before is None or answer.mood_after is None:
            answer.felt = _until_valid(
                ask, f"Compared with before, you felt ({choices(Felt)})", "", _felt
            )
    if _until_valid(ask, "Did anything go wrong? (y/N)", "n", _yes):
        show_catalogue()
        kinds = _until_valid(ask, "Which? Numbers separated by commas", "", _incident_numbers)
        incidents, repaired = [], []
        for kind in kinds:
            note = ask(f"  {kind}: a short note (optional)", "").strip()
            incidents.append(f"{kind}: {note}" if note else kind)
            if _until_valid(ask, "  Did they acknowledge it and make it right? (y/N)", "n", _yes):
                repaired.append(kind)
        answer.incidents, answer.repaired = incidents, repaired
    if status is Status.ATTENDED:
        progress = []
        for goal in (goal for goal in goals if goal.active):
            level = _until_valid(
                ask,
                f"Progress on '{goal.title}' ({choices(ProgressLevel)}, Enter to skip)",
                "",
                _level,
            )
            if level:
                progress.append(f"{goal.id}={level}")
        answer.progress = progress
        answer.alliance = _until_valid(
            ask,
            "Rate heard, goals, approach, overall 0-10 (e.g. 8,9,7,8; Enter to skip)",
            "",
            _alliance,
        )
    answer.notes = ask("Notes (optional)", "").strip()
    return answer
