"""The ``add`` command: parse the options (or run the interview), call the library, print.

What it says besides the new entry's id is in :mod:`therapylog.cli.add_notices`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from therapylog.cli import completion, context
from therapylog.cli.add_notices import note_same_day, say_where_to_turn, say_where_to_turn_now
from therapylog.data import dates
from therapylog.data.catalogue import KINDS_BY_SLUG, Felt, Status, choices
from therapylog.data.dates import DATE_FORMS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from therapylog.data.identity import Identity
    from therapylog.data.model import Entry, Goal
    from therapylog.data.repairs import Repair
    from therapylog.journal.storage import Journal
    from therapylog.usecases.recording import AppointmentInput

STATUS_HELP = f"One of: {choices(Status)}."
FELT_HELP = (
    f"How you felt after compared with before: {choices(Felt)}. Derived from the moods if omitted."
)
INCIDENT_HELP = (
    'Something that went wrong, as KIND or "KIND: note" (repeatable). Kinds: '
    + ", ".join(KINDS_BY_SLUG)
    + ". See `therapylog kinds`."
)


def add(
    date: Annotated[
        str | None, typer.Option(help=f"Day of the appointment: {DATE_FORMS}. Default: today.")
    ] = None,
    therapist: Annotated[
        str | None,
        typer.Option(
            help="Who it was with. Default: the therapist of your latest entry. A new name "
            "close to a known one is warned about (see `therapylog therapists merge`).",
            autocompletion=completion.therapists,
        ),
    ] = None,
    status: Annotated[
        str | None, typer.Option(help=STATUS_HELP, autocompletion=completion.statuses)
    ] = None,
    mood_before: Annotated[
        str | None, typer.Option(metavar="0-10", help="How you felt just before, 0-10.")
    ] = None,
    mood_after: Annotated[
        str | None, typer.Option(metavar="0-10", help="How you felt just after, 0-10.")
    ] = None,
    felt: Annotated[
        str | None, typer.Option(help=FELT_HELP, autocompletion=completion.felt_values)
    ] = None,
    progress: Annotated[
        list[str] | None,
        typer.Option(
            help="Progress on a goal as GOAL=LEVEL, LEVEL one of none, slight, clear, major (repeatable).",
            autocompletion=completion.progress,
        ),
    ] = None,
    incident: Annotated[
        list[str] | None,
        typer.Option(help=INCIDENT_HELP, autocompletion=completion.incident_kinds),
    ] = None,
    repaired: Annotated[
        list[str] | None,
        typer.Option(
            help="Mark this entry's incidents of KIND as repaired: the therapist acknowledged the mistake and made it right (repeatable).",
            autocompletion=completion.incident_kinds,
        ),
    ] = None,
    repairs: Annotated[
        list[str] | None,
        typer.Option(
            metavar="ID:KIND",
            help="An earlier incident that the therapist acknowledged and made right in this session, as ID:KIND (e.g. 2026-11-03:forgot-details); it is marked repaired on this entry's date (repeatable).",
        ),
    ] = None,
    alliance: Annotated[
        str | None,
        typer.Option(
            help="Rate the session 0-10 each as H,G,A,O: heard, goals, approach, overall."
        ),
    ] = None,
    phq9: Annotated[
        str | None, typer.Option(metavar="0-27", help="PHQ-9 depression score, 0-27.")
    ] = None,
    gad7: Annotated[
        str | None, typer.Option(metavar="0-21", help="GAD-7 anxiety score, 0-21.")
    ] = None,
    phq9_items: Annotated[
        str | None,
        typer.Option(
            metavar="A,B,…",
            help="PHQ-9 filled in item by item: its 9 answers, each 0-3, separated by commas. "
            "The score is their sum.",
        ),
    ] = None,
    gad7_items: Annotated[
        str | None,
        typer.Option(
            metavar="A,B,…",
            help="GAD-7 filled in item by item: its 7 answers, each 0-3, separated by commas. "
            "The score is their sum.",
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(help="A free tag (repeatable).", autocompletion=completion.tags),
    ] = None,
    note: Annotated[str | None, typer.Option(help="Private notes.")] = None,
    edit: Annotated[bool, typer.Option("--edit", help="Write the notes in $EDITOR.")] = False,
    discard_draft: Annotated[
        bool,
        typer.Option(
            "--discard-draft",
            help="Drop the answers of an interview that was stopped before it was saved, and start afresh.",
        ),
    ] = False,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never ask questions; use the options and defaults.")
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Print the saved entry as JSON.")] = False,
) -> None:
    """Record an appointment.

    On a terminal with no data options, a short guided interview asks the questions. Every
    answer is kept as it is given: if the interview is stopped (Ctrl-C, a closed terminal), the
    next `therapylog add` offers to continue it.

    Example: therapylog add --mood-before 4 --mood-after 6 --progress sleep=slight --incident "forgot-details: asked my sister's name again"
    """
    from therapylog.cli.naming import KnownNames, warn_near
    from therapylog.data.dates import parse_day
    from therapylog.data.repairs import parse_repair
    from therapylog.usecases.recording import (
        AppointmentInput,
        check_new_entry,
        entry_fields,
        parse_whole,
    )

    journal = context.open_journal()
    today = dates.today()
    parsed_repairs = [parse_repair(text) for text in repairs or ()]
    latest = journal.latest_entry()  # not read_entries(): a big journal would cost seconds
    goals, _ = journal.read_goals()
    identity = _identity(journal)
    # the default therapist is the person of the latest entry, by their display name
    last_therapist = identity.display(latest.therapist) if latest is not None else None
    data_options = (
        date,
        therapist,
        status,
        mood_before,
        mood_after,
        felt,
        progress,
        incident,
        repaired,
        repairs,
        alliance,
        phq9,
        gad7,
        phq9_items,
        gad7_items,
        tag,
        note,
    )
    names = KnownNames(journal, identity, last_therapist)
    no_data = all(value is None for value in data_options)
    interviewing = not no_input and context.is_interactive() and no_data
    said_where_to_turn = False
    if discard_draft:
        from therapylog.cli.drafting import discard

        discard(journal.root, today)
        if no_data and not interviewing:
            return
    if interviewing:
        from therapylog.cli.answers import typer_ask
        from therapylog.cli.drafting import interview_with_draft
        from therapylog.cli.interview import Known
        from therapylog.cli.naming import confirm_in_interview
        from therapylog.usecases.reminders import questionnaires_due

        confirm = confirm_in_interview(names)
        entries = journal.read_entries().entries
        rhythm = journal.read_settings()[0].questionnaire_rhythm  # docs/questionnaires.md
        known = Known(
            today=today,
            last_therapist=last_therapist,
            goals=goals,
            entries=entries,
            identity=identity,
            confirm_therapist=lambda name: confirm(name, typer_ask),
            questionnaires_due=questionnaires_due(entries, today=today, rhythm=rhythm),
            on_self_harm=say_where_to_turn_now,
        )
        interviewed = interview_with_draft(journal.root, known)
        answer, parsed_repairs = interviewed.answer, interviewed.repairs
        said_where_to_turn = interviewed.self_harm_said
    else:
        answer = AppointmentInput(
            date=parse_day(date, today=today, option="--date") if date is not None else today,
            therapist=therapist,
            status=status,
            mood_before=parse_whole(mood_before, "mood_before"),
            mood_after=parse_whole(mood_after, "mood_after"),
            felt=felt,
            progress=progress or (),
            incidents=incident or (),
            repaired=repaired or (),
            alliance=alliance,
            phq9=parse_whole(phq9, "phq9"),
            gad7=parse_whole(gad7, "gad7"),
            phq9_items=phq9_items,
            gad7_items=gad7_items,
            tags=tag or (),
            notes=note or "",
        )
    fields = entry_fields(answer, goals=goals, last_therapist=last_therapist)
    # (looked up before saving: once saved, the new name is a known one)
    near = names.near(fields["therapist"]) if answer.therapist and not interviewing else []
    if edit:  # the other options are checked first: nothing typed in the editor is wasted
        check_new_entry(fields)
        entry = _add_with_notes_in_editor(journal, answer, goals, last_therapist, parsed_repairs)
    else:
        entry = journal.add_entry(fields, repairs=parsed_repairs)
    if near:
        warn_near(entry.therapist, near[0])
    if interviewing:
        from therapylog.journal.drafts import discard_draft as drop_draft

        drop_draft(journal.root)
    elif not discard_draft:
        from therapylog.cli.drafting import remind

        remind(journal.root, today)
    if json:
        context.print_json(entry.to_json())
    else:
        context.echo(entry.id)
    for repair in parsed_repairs:
        context.echo(
            f"{repair.entry_id}: {repair.kind} marked repaired on {entry.date.isoformat()}",
            err=True,
        )
    note_same_day(journal, entry)
    if not said_where_to_turn:
        say_where_to_turn(entry)


def _identity(journal: Journal) -> Identity:
    """The registry's resolver, without reading every entry (``add`` stays quick)."""
    from therapylog.data.identity import Identity

    registry, problem = journal.read_therapists()
    if problem is not None:
        context.echo(context.registry_warning(problem), err=True)
    return Identity(registry)


def _add_with_notes_in_editor(
    journal: Journal,
    answer: AppointmentInput,
    goals: list[Goal],
    last_therapist: str | None,
    repairs: Sequence[Repair],
) -> Entry:
    """``add --edit``: the notes come from the editor; if the entry then cannot be saved, the
    notes are kept in ``rescued/`` and the message says where (docs/data-safety.md)."""
    from therapylog.data.errors import TherapylogError
    from therapylog.journal.editing import edit_notes, keep_notes_on_failure
    from therapylog.journal.stopping import stop_on_signals
    from therapylog.journal.storage import UnsavedEntryError
    from therapylog.usecases.recording import entry_fields

    with stop_on_signals():
        answer.notes = edit_notes(journal, answer.notes, _edit_notes)
    try:
        fields = entry_fields(answer, goals=goals, last_therapist=last_therapist)
        return journal.add_entry(fields, repairs=repairs)
    except UnsavedEntryError:
        raise  # the whole entry, notes included, is in the rescue file it names
    except TherapylogError as error:
        if not answer.notes:
            raise
        raise keep_notes_on_failure(journal, answer.notes, error) from None


def _edit_notes(data: bytes) -> bytes | None:
    from therapylog.cli.editor import edit_text

    return edit_text(data, suffix=".md")
