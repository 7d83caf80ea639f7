"""Finding entries again: ``list`` (with its filters), ``search`` and ``tags``.

Each command parses its options into an :class:`~therapylog.usecases.query.EntryFilter`, lets the
library select, and prints. docs/finding.md describes the filters and the output formats.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from therapylog.cli import completion, context
from therapylog.data.dates import DATE_FORMS

if TYPE_CHECKING:
    from therapylog.data.model import Entry
    from therapylog.journal.storage import EntriesRead
    from therapylog.usecases.query import EntryFilter

Since = Annotated[
    str | None, typer.Option(help=f"Only entries on or after this day ({DATE_FORMS}).")
]
Until = Annotated[str | None, typer.Option(help="Only entries on or before this day.")]
Therapist = Annotated[
    str | None,
    typer.Option(help="Only entries with this therapist.", autocompletion=completion.therapists),
]
Statuses = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        help="Only entries with this status, e.g. therapist-cancelled (repeatable: any of them).",
        autocompletion=completion.statuses,
    ),
]
Incidents = Annotated[
    list[str] | None,
    typer.Option(
        "--incident",
        metavar="KIND",
        help="Only entries with an incident of this kind, or of any kind in this category, "
        "e.g. dismissive or empathic-failure (repeatable: any of them).",
        autocompletion=completion.incident_kinds_and_categories,
    ),
]
Tags = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        help="Only entries with this tag, in any case (repeatable: any of them).",
        autocompletion=completion.tags,
    ),
]
Grep = Annotated[
    str | None,
    typer.Option(
        metavar="TEXT",
        help="Only entries whose notes, incident notes or tags hold TEXT, in any case or accent form.",
    ),
]


def _selection(
    since: str | None,
    until: str | None,
    therapist: str | None,
    status: list[str] | None,
    incident: list[str] | None,
    tag: list[str] | None,
    grep: str | None,
) -> EntryFilter:
    from therapylog.data.dates import parse_day
    from therapylog.data.dates import today as todays_date
    from therapylog.data.textmatch import fold
    from therapylog.usecases.query import (
        EntryFilter,
        parse_grep,
        parse_incident_kinds,
        parse_statuses,
    )

    today = todays_date()
    return EntryFilter(
        since=None
        if since is None
        else parse_day(since, today=today, option="--since", allow_future=True),
        until=None
        if until is None
        else parse_day(until, today=today, option="--until", allow_future=True),
        therapist=therapist,
        statuses=parse_statuses(status or ()),
        kinds=parse_incident_kinds(incident or ()),
        tags=frozenset(fold(value.strip()) for value in tag or ()),
        grep=parse_grep(grep),
    )


def _read_selected(selection: EntryFilter) -> tuple[EntriesRead, list[Entry]]:
    """The journal as read, and the entries ``selection`` keeps, newest first."""
    from dataclasses import replace

    from therapylog.usecases.query import filter_entries

    read = context.open_journal().read_entries()
    if selection.therapist is not None:
        selection = replace(selection, identity=context.identity(read.entries))
    return read, list(reversed(filter_entries(read.entries, selection)))


def _nothing_found(read: EntriesRead) -> None:
    context.echo(
        "No entries yet. Record one with `therapylog add`."
        if not read.entries
        else "No entries match."
    )


def list_entries(
    since: Since = None,
    until: Until = None,
    therapist: Therapist = None,
    status: Statuses = None,
    incident: Incidents = None,
    tag: Tags = None,
    grep: Grep = None,
    json: Annotated[bool, typer.Option("--json", help="Print the entries as a JSON list.")] = False,
    csv: Annotated[
        bool, typer.Option("--csv", help="Print the entries as CSV, for a spreadsheet.")
    ] = False,
) -> None:
    """List entries, newest first. Filters combine: an entry must pass every one given.

    Example: therapylog list --since -90d --incident empathic-failure --grep father
    """
    from therapylog.data.errors import InputError

    if json and csv:
        raise InputError("--json and --csv: choose one output format")
    selection = _selection(since, until, therapist, status, incident, tag, grep)
    read, newest_first = _read_selected(selection)
    if json:
        context.print_json([entry.to_json() for entry in newest_first])
    elif csv:
        from therapylog.usecases.tabular import ROW_END, entries_csv

        context.write_rows(entries_csv(newest_first), row_end=ROW_END)
    elif not newest_first:
        _nothing_found(read)
    else:
        from therapylog.cli.listing import print_entries

        print_entries(newest_first)
    context.note_damaged_skipped(len(read.problems))


def search(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What to look for.")],
    since: Since = None,
    until: Until = None,
    therapist: Therapist = None,
    status: Statuses = None,
    incident: Incidents = None,
    tag: Tags = None,
    json: Annotated[
        bool, typer.Option("--json", help="Print the entries and their matching lines as JSON.")
    ] = False,
) -> None:
    """Find entries whose notes, incident notes or tags hold TEXT, and show the lines.

    Case and accents typed either way do not matter. The same filters as `list` narrow it.

    Example: therapylog search father --therapist "Dr. Lee"
    """
    from therapylog.usecases.query import matching_lines

    selection = _selection(since, until, therapist, status, incident, tag, text)
    assert selection.grep is not None  # parse_grep refuses empty text
    read, newest_first = _read_selected(selection)
    found = [(entry, matching_lines(entry, selection.grep)) for entry in newest_first]
    if json:
        context.print_json(
            [
                {
                    "entry": entry.to_json(),
                    "lines": [
                        {"source": line.source, "text": line.text, "spans": line.spans}
                        for line in lines
                    ],
                }
                for entry, lines in found
            ]
        )
    elif not found:
        _nothing_found(read)
    else:
        from therapylog.cli.tables import search_results

        context.console().print(search_results(found))
    context.note_damaged_skipped(len(read.problems))


def tags(
    json: Annotated[bool, typer.Option("--json", help="Print the tags as JSON.")] = False,
) -> None:
    """List the tags you have used, with how many entries carry each, most used first.

    Example: therapylog tags
    """
    from therapylog.data.safetext import one_line
    from therapylog.usecases.query import tag_counts

    read = context.open_journal().read_entries()
    counts = tag_counts(read.entries)
    if json:
        context.print_json([{"tag": tag, "entries": count} for tag, count in counts])
    elif not counts:
        context.echo("No tags yet. Add some with `therapylog add --tag TAG`.")
    else:
        width = max(len(str(count)) for _, count in counts)
        for tag, count in counts:
            context.echo(f"{count:>{width}}  {one_line(tag)}")
    context.note_damaged_skipped(len(read.problems))
