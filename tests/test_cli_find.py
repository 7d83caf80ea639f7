"""Finding entries: ``list`` filters, ``search`` and ``tags``, on a realistic journal.

Expected results are worked out here, from the entries as read, by rules written out plainly
in each test: never by the code under test.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from benchmarks.journals import build_journal
from rich.text import Text

from tests.conftest import FIXED_TODAY, Cli, files_snapshot
from therapylog.cli.tables import MATCH_STYLE, search_results
from therapylog.data.model import Entry
from therapylog.data.validation import validate
from therapylog.journal.storage import Journal
from therapylog.usecases.query import matching_lines, parse_grep

EMPATHIC_KINDS_IN_THE_JOURNAL = {
    "forgot-details", "forgot-last-session", "distracted", "self-focus", "dismissive",
    "judgmental",
}  # fmt: skip


@pytest.fixture
def realistic(journal_path: Path) -> list[Entry]:
    """A journal of 300 entries as a long-time user has them (benchmarks/journals.py)."""
    build_journal(journal_path, 300, seed=18, today=dt.date.fromisoformat(FIXED_TODAY))
    return Journal(journal_path).read_entries().entries


def _text(entry: Entry) -> list[str]:
    return [entry.notes, *(i.note or "" for i in entry.incidents), *entry.tags]


Rule = Callable[[Entry], bool]
FILTERS: list[tuple[list[str], Rule]] = [
    (["--status", "therapist-cancelled"], lambda e: e.status == "therapist-cancelled"),
    (
        ["--status", "double-booked", "--status", "THERAPIST-NO-SHOW"],
        lambda e: e.status in ("double-booked", "therapist-no-show"),
    ),
    (["--incident", "dismissive"], lambda e: any(i.kind == "dismissive" for i in e.incidents)),
    (
        ["--incident", "empathic-failure"],
        lambda e: any(i.kind in EMPATHIC_KINDS_IN_THE_JOURNAL for i in e.incidents),
    ),
    (
        ["--incident", "jargon", "--incident", "billing-error"],
        lambda e: any(i.kind in ("jargon", "billing-error") for i in e.incidents),
    ),
    (["--tag", "Family"], lambda e: "family" in e.tags),
    (["--grep", "FATHER"], lambda e: any("father" in t.lower() for t in _text(e))),
    (["--grep", "clock"], lambda e: any("clock" in t.lower() for t in _text(e))),
    (["--grep", "breakthrough"], lambda e: "breakthrough" in e.tags),
    (
        ["--since", "2026-06-01", "--therapist", "dr. anna  LEE", "--grep", "sister"],
        lambda e: (
            e.date >= dt.date(2026, 6, 1)
            and e.therapist == "Dr Anna Lee"
            and any("sister" in t.lower() for t in _text(e))
        ),
    ),
    (
        ["--until", "2026-05-31", "--incident", "empathic-failure", "--tag", "work"],
        lambda e: (
            e.date <= dt.date(2026, 5, 31)
            and any(i.kind in EMPATHIC_KINDS_IN_THE_JOURNAL for i in e.incidents)
            and "work" in e.tags
        ),
    ),
]


@pytest.mark.parametrize(("args", "rule"), FILTERS, ids=[" ".join(a) for a, _ in FILTERS])
def test_each_filter_selects_exactly_the_entries_it_names(
    cli: Cli, realistic: list[Entry], args: list[str], rule: Rule
) -> None:
    expected = [entry.id for entry in reversed(realistic) if rule(entry)]
    assert 0 < len(expected) < len(realistic)  # the case means something on this journal
    as_json = cli("list", *args, "--json")
    assert as_json.exit_code == 0, as_json.output
    assert [row["id"] for row in json.loads(as_json.stdout)] == expected
    table = cli("list", *args, env={"COLUMNS": "200"})
    assert [line.split()[0] for line in table.stdout.splitlines()[1:]] == expected
    search_args = [a for a in args if a != "--grep"] if "--grep" in args else None
    if search_args is not None:  # search TEXT is list --grep TEXT
        found = json.loads(cli("search", *search_args, "--json").stdout)
        assert [row["entry"]["id"] for row in found] == expected


def test_filters_that_match_nothing_say_so(cli: Cli, realistic: list[Entry]) -> None:
    result = cli("list", "--grep", "a word nobody wrote")
    assert (result.exit_code, result.stdout) == (0, "No entries match.\n")
    assert cli("list", "--grep", "a word nobody wrote", "--json").stdout == "[]\n"


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--status", "cancelled"], "--status: 'cancelled' is not a status; use one of attended,"),
        (["--incident", "rude"], "--incident: 'rude' is neither an incident kind nor a category"),
        (["--grep", "  "], "--grep: give some text to look for"),
        (["--json", "--csv"], "--json and --csv: choose one output format"),
        (["--since", "last week"], "--since: 'last week' is not a date"),
    ],
)
def test_bad_filter_values_are_one_line_with_the_choices_and_exit_2(
    cli: Cli, realistic: list[Entry], journal_path: Path, args: list[str], problem: str
) -> None:
    before = files_snapshot(journal_path)
    result = cli("list", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"therapylog: {problem}")
    assert len(result.stderr.splitlines()) == 1
    assert files_snapshot(journal_path) == before


def test_a_bad_incident_names_the_categories(cli: Cli, realistic: list[Entry]) -> None:
    stderr = cli("list", "--incident", "rude").stderr
    assert "categories: empathic-failure, boundary," in stderr
    assert "`therapylog kinds`" in stderr


# --- Unicode -----------------------------------------------------------------------------------

NFC = unicodedata.normalize("NFC", "café")
NFD = unicodedata.normalize("NFD", "café")


@pytest.fixture
def accents(cli: Cli) -> None:
    notes = {
        "2026-11-01": f"We met at the {NFC} near work.",
        "2026-11-02": f"Back to the {NFD}; it felt calmer.",
        "2026-11-03": "Talked about my grandmother's Straße in Köln.",
        "2026-11-04": "Nothing about coffee places today.",
        "2026-11-05": "Ｆｕｌｌ-width letters from a phone keyboard.",
    }
    for day, note in notes.items():
        result = cli("add", "--no-input", "--date", day, "--therapist", "Dr Lee", "--note", note)
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (NFC, ["2026-11-02", "2026-11-01"]),
        (NFD, ["2026-11-02", "2026-11-01"]),
        (NFC.upper(), ["2026-11-02", "2026-11-01"]),
        ("cafe", []),  # an accent is part of the letter
        ("STRASSE", ["2026-11-03"]),  # case folding: ß is ss
        ("köln", ["2026-11-03"]),
        ("full-width", ["2026-11-05"]),  # compatibility forms: Ｆ is F
    ],
)
def test_grep_ignores_case_and_unicode_form(
    cli: Cli, accents: None, query: str, expected: list[str]
) -> None:
    ids = [row["id"] for row in json.loads(cli("list", "--grep", query, "--json").stdout)]
    assert ids == expected


def test_search_highlights_the_match_as_written_in_either_form() -> None:
    folded = parse_grep("CAFÉ")
    assert folded is not None
    for note, shown in ((f"the {NFC} near", NFC), (f"the {NFD} again", NFD)):
        entry = validate(Entry, {"id": "2026-11-01", "date": "2026-11-01", "therapist": "A",
                                "notes": note})  # fmt: skip
        [line] = matching_lines(entry, folded)
        [span] = line.spans
        assert line.text[span.start : span.end] == shown  # the accent is highlighted with its e


# --- search ------------------------------------------------------------------------------------


def test_search_shows_each_matching_line_under_its_entry(cli: Cli) -> None:
    cli("add", "--no-input", "--date", "2026-11-01", "--therapist", "Dr Lee",
        "--note", "First line.\nWe talked about my Father.\nLast line.",
        "--incident", "dismissive: said my father 'was not the point'", "--tag", "work")  # fmt: skip
    cli("add", "--no-input", "--date", "2026-11-08", "--note", "Nothing relevant.")
    result = cli("search", "father")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "2026-11-01  Dr Lee  attended",
        "  notes: We talked about my Father.",
        "  dismissive: said my father 'was not the point'",
    ]


def test_search_highlights_with_a_style_and_never_reads_markup_or_controls(cli: Cli) -> None:
    note = "[bold red]father[/bold red] \x1b]52;c;SGVsbG8=\x07 and my FATHER\x9b2J"
    entry = validate(Entry,
        {"id": "2026-11-01", "date": "2026-11-01", "therapist": "Dr [i]X[/i]\x1b[2J",
         "notes": note}
    )  # fmt: skip
    folded = parse_grep("father")
    assert folded is not None
    group = search_results([(entry, matching_lines(entry, folded))])
    heading, line = group.renderables
    assert isinstance(heading, Text) and isinstance(line, Text)
    assert "[i]X[/i]" in heading.plain and "\x1b" not in heading.plain
    assert "[bold red]" in line.plain  # markup shown literally
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in line.plain)
    highlighted = [line.plain[s.start : s.end] for s in line.spans if s.style == MATCH_STYLE]
    assert highlighted == ["father", "FATHER"]


def test_search_through_the_cli_strips_control_characters(cli: Cli) -> None:
    cli("add", "--no-input", "--therapist", "Dr Lee", "--note", "my father\x1b[2J\x9d0;title\x07")
    result = cli("search", "FATHER")
    assert "my father" in result.stdout
    assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in result.stdout)


def test_search_needs_text(cli: Cli) -> None:
    result = cli("search", "")
    assert result.exit_code == 2
    assert "give some text to look for" in result.stderr


# --- tags --------------------------------------------------------------------------------------


def test_tags_counts_each_tag_once_per_entry(cli: Cli, realistic: list[Entry]) -> None:
    expected = Counter(tag for entry in realistic for tag in set(entry.tags))
    rows = json.loads(cli("tags", "--json").stdout)
    assert {row["tag"]: row["entries"] for row in rows} == expected
    assert [row["entries"] for row in rows] == sorted(expected.values(), reverse=True)
    lines = cli("tags").stdout.splitlines()
    assert [line.split() for line in lines] == [[str(r["entries"]), r["tag"]] for r in rows]


def test_tags_spelled_in_another_case_are_one_tag(cli: Cli) -> None:
    for day, tag in (("2026-11-01", "Family"), ("2026-11-02", "family"), ("2026-11-03", "work")):
        cli("add", "--no-input", "--date", day, "--therapist", "Dr Lee", "--tag", tag)
    assert json.loads(cli("tags", "--json").stdout) == [
        {"tag": "Family", "entries": 2},
        {"tag": "work", "entries": 1},
    ]


def test_no_tags_yet(cli: Cli) -> None:
    cli("add", "--no-input", "--therapist", "Dr Lee")
    assert cli("tags").stdout == "No tags yet. Add some with `therapylog add --tag TAG`.\n"


def test_the_list_has_a_tags_column_only_when_an_entry_has_tags(cli: Cli) -> None:
    cli("add", "--no-input", "--date", "2026-11-01", "--therapist", "Dr Lee")
    assert cli("list").stdout.splitlines()[0].split()[-1] == "incidents"
    cli("add", "--no-input", "--date", "2026-11-02", "--tag", "family", "--tag", "work")
    lines = cli("list").stdout.splitlines()
    assert lines[0].split()[-1] == "tags"
    assert lines[1].endswith("family, work")


def test_show_lists_the_tags(cli: Cli) -> None:
    cli("add", "--no-input", "--therapist", "Dr Lee", "--tag", "family", "--tag", "[b]x[/b]")
    shown = cli("show", FIXED_TODAY).stdout
    assert "tags" in shown and "family, [b]x[/b]" in shown


def test_the_private_review_shows_tags_with_the_notes_and_no_notes_leaves_them_out(
    cli: Cli,
) -> None:
    cli("add", "--no-input", "--date", "2026-11-20", "--therapist", "Dr Lee", "--tag", "family",
        "--tag", "<b>father</b>", "--note", "hello")  # fmt: skip
    cli("add", "--no-input", "--date", "2026-11-21", "--tag", "work")  # tags, no notes
    review = cli("export", "--for", "me", "--month", "2026-11").stdout
    assert "- **20 Nov 2026:** hello *(tags: family, \\<b\\>father\\</b\\>)*" in review
    assert "- **21 Nov 2026:** *(tags: work)*" in review
    page = cli("export", "--for", "me", "--month", "2026-11", "--format", "html").stdout
    assert '<em class="tags">(tags: family, &lt;b&gt;father&lt;/b&gt;)</em>' in page
    for args in (["--for", "me", "--no-notes"], ["--for", "therapist"]):
        for format_ in ("md", "html"):
            shown = cli("export", *args, "--month", "2026-11", "--format", format_).stdout
            assert "family" not in shown and "tags:" not in shown, (args, format_)
