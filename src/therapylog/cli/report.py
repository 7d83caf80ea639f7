"""The ``report`` and ``export`` commands: choose the period, build the report, hand it to a
renderer, and print or save what comes back. The only place report text meets a terminal or
a file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, cast

import typer

from therapylog.cli import completion, context
from therapylog.data import dates
from therapylog.data.dates import DATE_FORMS
from therapylog.report.readers import DEFAULT_READER, READER_HELP, READERS, ExportOptions
from therapylog.report.renderers import DEFAULT_FORMAT, FORMATS, RENDERERS

if TYPE_CHECKING:
    from rich.console import Console

    from therapylog.report.model import Report
    from therapylog.report.readers import Reader

#: Wider than this, paragraphs become hard to read; the report keeps to it on wide terminals.
MAX_WIDTH = 100
if TYPE_CHECKING:
    FormatName = str
    ReaderName = str
else:  # the --format and --for choices come from their registries, whatever they hold
    FormatName = Literal[FORMATS]
    ReaderName = Literal[READERS]
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json"}

Month = Annotated[
    str | None,
    typer.Option(metavar="YYYY-MM", help="The month to review. Default: the current month."),
]
Since = Annotated[
    str | None, typer.Option(metavar="DATE", help=f"Start of the period ({DATE_FORMS}).")
]
Until = Annotated[
    str | None, typer.Option(metavar="DATE", help="End of the period. Default: today.")
]
AllEntries = Annotated[
    bool,
    typer.Option(
        "--all", help="From your first entry to today (or to your latest entry, if later)."
    ),
]
Therapist = Annotated[
    str | None,
    typer.Option(
        metavar="NAME",
        help="Only this therapist's entries and findings.",
        autocompletion=completion.therapists,
    ),
]


def _build(
    month: str | None,
    since: str | None,
    until: str | None,
    all_: bool,
    therapist: str | None,
    *,
    compare: bool = False,
    only_therapist: bool = True,
) -> Report:
    """The report of the period; ``only_therapist=False`` checks the therapist's name but
    keeps every therapist's entries (the handout chooses its own)."""
    from therapylog.data.dates import parse_day
    from therapylog.data.identity import Registry
    from therapylog.report.build import build_report
    from therapylog.report.period import resolve_period
    from therapylog.usecases.roster import require_therapist_with_entries

    today = dates.today()
    snapshot = context.open_journal().snapshot()
    entries = snapshot.entries
    registry = snapshot.therapists if snapshot.therapists is not None else Registry()
    if snapshot.therapists_problem is not None:
        context.echo(context.registry_warning(snapshot.therapists_problem), err=True)
    if therapist is not None:
        require_therapist_with_entries(registry, entries, therapist)
    period = resolve_period(
        month=month,
        since=parse_day(since, today=today, option="--since", allow_future=True)
        if since is not None
        else None,
        until=parse_day(until, today=today, option="--until", allow_future=True)
        if until is not None
        else None,
        all_entries=all_,
        first_entry=entries[0].date if entries else None,
        last_entry=entries[-1].date if entries else None,
        today=today,
    )
    problems = [p for p in snapshot.problems if p is not snapshot.therapists_problem]
    context.note_damaged_skipped(len(problems))
    return build_report(
        entries,
        snapshot.goals,
        snapshot.settings,
        period,
        therapist=therapist if only_therapist else None,
        skipped=[str(problem) for problem in problems],
        today=today,
        therapists=registry,
        compare=compare,
    )


def _console() -> Console:
    """Colour on a terminal; plain text, without a single escape code, when piped or when
    NO_COLOR is set (Rich alone would still send bold and dim under NO_COLOR)."""
    return context.console(plain=bool(os.environ.get("NO_COLOR")), max_width=MAX_WIDTH)


def report(
    month: Month = None,
    since: Since = None,
    until: Until = None,
    all_: AllEntries = False,
    therapist: Therapist = None,
    json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Review a month (or any period): appointments, how sessions left you, your mood over
    time, goals, incidents, and what therapylog noticed, good news included.

    Findings look at your whole history up to the period's end and are shown when their
    evidence falls in the period.

    Example: therapylog report --month 2026-10
    """
    built = _build(month, since, until, all_, therapist, compare=all_)
    if json:
        context.print_json(built.to_json())
        return
    from therapylog.report.renderers.terminal import render_terminal

    _console().print(render_terminal(built))


def _format(format_: str | None, output: Path | None) -> str:
    if format_ is not None:
        return format_
    if output is not None:
        return SUFFIXES.get(output.suffix.lower(), DEFAULT_FORMAT)
    return DEFAULT_FORMAT


FORMAT_HELP = (
    "; ".join(f"{name}: {renderer.description}" for name, renderer in RENDERERS.items())
    + f". Default: {DEFAULT_FORMAT}, or as the --output file's extension says."
)


READERS_HELP = (
    "Who the document is for: "
    + "; ".join(f"{name}: {words}" for name, words in READER_HELP.items())
    + "."
)


def _options(
    reader: str, no_notes: bool, with_notes: bool, include_past: bool, therapist: str | None
) -> ExportOptions:
    from therapylog.data.errors import InputError

    if with_notes and no_notes:
        raise InputError("--with-notes and --no-notes contradict each other; choose one")
    if reader != "therapist" and (with_notes or include_past):
        flag = "--with-notes" if with_notes else "--include-past"
        raise InputError(f"{flag} shapes the handout only; use it with --for therapist")
    return ExportOptions(
        reader=cast("Reader", reader),  # one of READERS: typer checked the choice
        notes=not no_notes,
        with_notes=with_notes,
        include_past=include_past,
        therapist=therapist,
    )


def export(
    reader: Annotated[
        ReaderName,
        typer.Option("--for", help=READERS_HELP, show_default=False),
    ] = DEFAULT_READER,
    format_: Annotated[
        FormatName | None,
        typer.Option("--format", "-f", help=FORMAT_HELP, show_default=False),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (private, 0600) instead of stdout.",
        ),
    ] = None,
    no_notes: Annotated[
        bool,
        typer.Option(
            "--no-notes",
            help="Leave every free text out: your notes, incident notes and tags.",
        ),
    ] = False,
    with_notes: Annotated[
        bool,
        typer.Option(
            "--with-notes",
            help="Put your session notes in the handout too (left out unless you ask).",
        ),
    ] = False,
    include_past: Annotated[
        bool,
        typer.Option(
            "--include-past",
            help="Add to the handout a few lines on what did not work with a therapist before.",
        ),
    ] = False,
    month: Month = None,
    since: Since = None,
    until: Until = None,
    all_: AllEntries = False,
    therapist: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="The therapist the handout is for (default: your current one); with --for me "
            "or consultation, only this therapist's entries and findings.",
        ),
    ] = None,
) -> None:
    """Prepare a document from your journal, for one of three readers: the handout to bring
    to your therapist (the default: what you want to talk about, in your own words, with
    dates, and nothing meant for your eyes only), your private review (--for me: every finding
    with its explanation and suggestion), or a factual record for another professional
    (--for consultation).

    No handout is made for a therapist who crossed a boundary or with whom you felt unsafe.
    HTML gives one self-contained page with charts: open it in a browser and print it.

    Example: therapylog export --format html --output ~/for-my-session.html
    """
    from therapylog.journal.output import check_output_path, write_output

    options = _options(reader, no_notes, with_notes, include_past, therapist)
    name = _format(format_, output)
    if output is not None:
        journal = context.open_journal()
        journal.require_existing()  # an empty summary must never replace a real one
        check_output_path(output, journal.root)
    built = _build(
        month, since, until, all_, therapist, only_therapist=options.reader != "therapist"
    )
    text = RENDERERS[name].render(built, options)
    if output is None:
        context.write(text)
        return
    what = {"therapist": "handout", "me": "review", "consultation": "record"}[options.reader]
    write_output(
        output, text.encode("utf-8"), journal.root, what=f"the {what}", again="export again"
    )
    hint = "; open it in a browser and print it" if name == "html" else ""
    context.echo(f"wrote the {what} ({built.period.label}, {name}) to {output}{hint}")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    app.command("export")(export)
