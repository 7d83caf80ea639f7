"""The guided interview of ``therapylog add``: a minute of questions after an appointment.

Every question has a default or can be skipped with Enter; an invalid answer is explained and
asked again, so the interview never ends in an error. Each answer is kept as it is given (see
:mod:`therapylog.cli.answers`), so an interview that is stopped can be continued.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from therapylog.cli.answers import Answers, say, yes_no
from therapylog.cli.picker import fit, pick_incidents, terminal_width
from therapylog.cli.questionnaires import ask_questionnaires
from therapylog.data.catalogue import (
    KINDS_BY_SLUG,
    STATUS_DESCRIPTIONS,
    Felt,
    ProgressLevel,
    Status,
    choices,
)
from therapylog.data.dates import DATE_FORMS, parse_day
from therapylog.data.errors import InputError
from therapylog.data.identity import Identity
from therapylog.data.model import Entry, Goal
from therapylog.data.numbers import whole_number
from therapylog.data.questionnaires import Questionnaire
from therapylog.data.repairs import NOT_OFFERED, Repair, Unrepaired, recent_unrepaired
from therapylog.data.safetext import printable
from therapylog.usecases.recording import AppointmentInput

INTRO = "Recording an appointment. Press Enter to accept a default or skip a question."
#: What an answer to the goals' questions may be to skip every goal still to come.
SKIP_ALL = frozenset({"-", "skip"})


@dataclass
class Known:
    """What the journal already tells the interview."""

    today: dt.date
    last_therapist: str | None
    goals: Sequence[Goal] = ()
    entries: Sequence[Entry] = ()  # for earlier incidents that were not put right
    identity: Identity = field(default_factory=Identity)
    #: The name to keep for a therapist's name as typed, or None to ask again (add guards
    #: the history with it: a new name, or one close to a known therapist, is confirmed).
    confirm_therapist: Callable[[str], str | None] | None = None
    #: The questionnaires due at the client's rhythm (docs/questionnaires.md).
    questionnaires_due: Sequence[Questionnaire] = ()
    #: Says at once, calmly, where to turn, when PHQ-9 item 9 is answered above 0.
    on_self_harm: Callable[[dt.date, list[int]], None] | None = None


@dataclass
class Interviewed:
    """The answers, ready for ``entry_fields``, and the earlier incidents put right."""

    answer: AppointmentInput
    repairs: list[Repair] = field(default_factory=list)
    self_harm_said: bool = False  # where to turn was said during the interview


def _optional_int(low: int, high: int, name: str) -> Callable[[str], int | None]:
    def parse(text: str) -> int | None:
        if not text:
            return None
        number = whole_number(text)
        if number is None or not low <= number <= high:
            raise InputError(f"{name}: {text!r} is not a whole number from {low} to {high}")
        return number

    return parse


def _status(text: str) -> Status:
    statuses = list(Status)
    number = whole_number(text)
    if number is not None and 1 <= number <= len(statuses):
        return statuses[number - 1]
    try:
        return Status(text.lower())
    except ValueError:
        raise InputError(f"status: choose 1-{len(statuses)} or one of: {choices(Status)}") from None


def level(text: str) -> str | None:
    """A progress level (or its first letters), None to skip, or ``-`` to skip the rest."""
    if not text:
        return None
    if text.lower() in SKIP_ALL:
        return "-"
    for member in ProgressLevel:
        if member.value.startswith(text.lower()):
            return member.value
    raise InputError(
        f"progress: choose one of: {choices(ProgressLevel)} (Enter skips this goal, - skips all)"
    )


def _felt(text: str) -> str | None:
    if not text:
        return None
    try:
        return Felt(text.lower()).value
    except ValueError:
        raise InputError(f"felt: choose one of: {choices(Felt)} (Enter skips)") from None


def _alliance(text: str) -> str | None:
    if text:
        from therapylog.data.validation import parse_alliance  # pydantic only when rated

        parse_alliance(text)
    return text or None


def _therapist_name(text: str) -> str:
    if not text.strip():
        raise InputError("therapist: give the therapist's name")
    return " ".join(text.split())


def interview(known: Known, answers: Answers) -> Interviewed:
    say(INTRO)
    if answers.replaying:
        kept = answers.waiting
        noun = "answer" if kept == 1 else "answers"
        say(f"Continuing your unfinished entry: {kept} {noun} kept; it goes on where you stopped.")
    answer = _appointment(known, answers)
    result = Interviewed(answer)
    attended = answer.status == Status.ATTENDED.value
    if attended:
        _moods(answer, answers)
        therapist = answer.therapist or ""
        earlier = recent_unrepaired(known.entries, therapist, answer.date, known.identity)
        if earlier:
            result.repairs = _repairs(answers, therapist, earlier)
    _incidents(answer, answers)
    if attended:
        answer.progress = _progress(answers, [goal for goal in known.goals if goal.active])
        answer.alliance = answers.get(
            "alliance",
            "Rate heard, goals, approach, overall 0-10 (e.g. 8,9,7,8; Enter to skip)",
            "",
            _alliance,
        )
        if known.questionnaires_due:
            _questionnaires(known, answers, result)
    answer.notes = answers.get("notes", "Notes (optional)", "", str)
    return result


def _questionnaires(known: Known, answers: Answers, result: Interviewed) -> None:

    def self_harm(items: list[int]) -> None:
        if known.on_self_harm is not None:
            known.on_self_harm(result.answer.date, items)
            result.self_harm_said = True

    filled = ask_questionnaires(answers, known.questionnaires_due, self_harm)
    result.answer.phq9_items = filled.get("phq9_items")
    result.answer.gad7_items = filled.get("gad7_items")


def _appointment(known: Known, answers: Answers) -> AppointmentInput:
    """Date, therapist and what happened: one question when the defaults are right."""
    if known.last_therapist is not None:
        same = answers.get(
            "usual",
            f"Today's session with {printable(known.last_therapist)} took place as planned? [Y/n]",
            "",
            yes_no(default=True),
            store=_yn,
        )
        if same:
            return AppointmentInput(
                date=known.today, therapist=known.last_therapist, status=Status.ATTENDED.value
            )
    day = answers.get(
        "date",
        f"Date ({DATE_FORMS})",
        "today",
        lambda text: parse_day(text or "today", today=known.today),
        store=dt.date.isoformat,
    )
    therapist = answers.get(
        "therapist",
        "Therapist",
        known.last_therapist or "",
        _therapist_name,
        store=str,  # the name confirmed, which may not be the one typed
        confirm=known.confirm_therapist,
    )
    status = answers.get(
        "status",
        "What happened",
        "1",
        _status,
        store=str,
        show=_show_statuses,
    )
    return AppointmentInput(date=day, therapist=therapist, status=status.value)


def _show_statuses() -> None:
    for number, status in enumerate(Status, start=1):
        say(f"  {number}. {status.value} - {STATUS_DESCRIPTIONS[status]}")


def _moods(answer: AppointmentInput, answers: Answers) -> None:
    mood = _optional_int(0, 10, "mood")
    answer.mood_before = answers.get("mood_before", "Mood just before (0-10)", "", mood)
    answer.mood_after = answers.get("mood_after", "Mood just after (0-10)", "", mood)
    if answer.mood_before is None or answer.mood_after is None:
        answer.felt = answers.get(
            "felt", f"Compared with before, you felt ({choices(Felt)})", "", _felt
        )


def _repairs(answers: Answers, therapist: str, earlier: list[Unrepaired]) -> list[Repair]:
    """Which of the therapist's earlier slips they acknowledged and put right today."""
    width = terminal_width()

    def show() -> None:
        say(f"From earlier sessions with {therapist}, not yet put right:")
        for number, (entry, incident) in enumerate(earlier, start=1):
            note = f": {incident.note}" if incident.note else ""
            day = f"{entry.date.day} {entry.date:%b}"
            say(fit(f"  {number}. {day:<6} {incident.kind}{printable(note)}", width))

    def parse(text: str) -> list[Repair]:
        chosen = []
        for part in text.replace(",", " ").split():
            number = whole_number(part)
            if number is None or not 1 <= number <= len(earlier):
                raise InputError(
                    f"{part!r} is not a number from 1 to {len(earlier)} (Enter if none)"
                )
            entry, incident = earlier[number - 1]
            chosen.append(Repair(entry.id, incident.kind))
        return list(dict.fromkeys(chosen))

    return answers.get(
        "repairs",
        f"Did {therapist} acknowledge any of these? Numbers (Enter if not)",
        "",
        parse,
        show=show,
    )


def _incidents(answer: AppointmentInput, answers: Answers) -> None:
    if not answers.get(
        "went_wrong", "Did anything go wrong? [y/N]", "", yes_no(default=False), store=_yn
    ):
        return
    incidents: list[str] = []
    repaired: list[str] = []

    def details(kinds: list[str]) -> None:
        for kind in kinds:
            note = answers.get(f"note.{kind}", f"  {kind}: a short note (optional)", "", str)
            incidents.append(f"{kind}: {note}" if note else kind)
            if KINDS_BY_SLUG[kind].category in NOT_OFFERED:
                continue  # misconduct is not a rupture that an apology repairs
            if answers.get(
                f"repaired.{kind}",
                "  Did they acknowledge it and make it right? [y/N]",
                "",
                yes_no(default=False),
                store=_yn,
            ):
                repaired.append(kind)

    pick_incidents(answers, details)
    answer.incidents, answer.repaired = incidents, repaired


def _yn(value: bool) -> str:
    return "y" if value else "n"


def _progress(answers: Answers, goals: list[Goal]) -> list[str]:
    """One line per active goal; Enter skips that goal, ``-`` skips the rest."""
    if not goals:
        return []
    width = terminal_width()
    heading = "Progress on each goal: none, slight, clear or major" + (
        " (Enter skips, - skips all)" if len(goals) > 1 else " (Enter skips)"
    )
    shown: list[str] = []

    def show_heading() -> None:  # once, before the first goal that is really asked
        if not shown:
            say(heading)
            shown.append(heading)

    progress = []
    for goal in goals:
        title = fit(printable(goal.title), min(width - 4, 60))
        chosen = answers.get(f"progress.{goal.id}", f"  {title}", "", level, show=show_heading)
        if chosen == "-":
            break
        if chosen is not None:
            progress.append(f"{goal.id}={chosen}")
    return progress
