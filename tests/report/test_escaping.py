"""Hostile user text: whatever a client types shows as typed, in every format, and never as
markup, HTML, a link, a table column or a terminal escape sequence."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt
from rich.console import Console

from tests.report.conftest import TODAY, entry, report_of
from therapylog.data.model import Goal
from therapylog.report.model import Report
from therapylog.report.readers import ExportOptions
from therapylog.report.renderers import RENDERERS
from therapylog.report.renderers.md_text import md
from therapylog.report.renderers.terminal import render_terminal

SCRIPT = '<script>alert("x")</script>'
MARKDOWN = "**bold** _em_ [link](http://example.org) `code` # hash | pipe ~~strike~~"
NAME = 'Dr <b>Evil</b> & "Co" [bold]x[/bold] | #1'
NOTE = f"{SCRIPT} {MARKDOWN} &amp; \x1b[31mred\x1b[0m\n# not a heading\n- not a list\n1. nor this"
GOAL = Goal(
    id="hostile", title=f"{SCRIPT} *goal* | x \x1b[2J\x1b]8;;http://x\x1b\\link", created=TODAY
)


@pytest.fixture(scope="module")
def hostile() -> Report:
    entries = [
        entry(
            f"2026-11-{day:02d}",
            NAME,
            mood_before=3,
            mood_after=5,
            notes=NOTE,
            tags=[SCRIPT],
            progress={"hostile": "slight"},
            incidents=[
                {"kind": "forgot-details", "note": NOTE},
                {"kind": "inappropriate-disclosure", "note": SCRIPT},
            ],
        )
        for day in (2, 9, 16)
    ]
    return report_of(entries, [GOAL])


@pytest.fixture(scope="module")
def hostile_handout(hostile: Report) -> Report:
    """The same, without the boundary incident that withholds the handout."""
    entries = [
        entry(
            e.id,
            NAME,
            mood_before=3,
            mood_after=5,
            notes=NOTE,
            tags=[SCRIPT],
            progress={"hostile": "slight"},
            incidents=[{"kind": "forgot-details", "note": NOTE}],
        )
        for e in hostile.entries
    ]
    return report_of(entries, [GOAL])


#: Each reader, with every free text shown, and the report it is made from.
READERS = {
    "me": (ExportOptions(reader="me"), "hostile"),
    "consultation": (ExportOptions(reader="consultation"), "hostile"),
    "therapist": (ExportOptions(with_notes=True), "hostile_handout"),
}


def _render(request: pytest.FixtureRequest, format_: str, reader: str) -> str:
    options, fixture = READERS[reader]
    report: Report = request.getfixturevalue(fixture)
    return RENDERERS[format_].render(report, options)


def _visible_text(html: str) -> str:
    class Collector(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.tags: list[str] = []

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.tags.append(tag)

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    collector = Collector()
    collector.feed(html)
    assert "script" not in collector.tags and "b" not in collector.tags
    return " ".join(collector.parts)


def test_md_escapes_every_control_character() -> None:
    rendered = MarkdownIt("commonmark").render(md(MARKDOWN + " " + SCRIPT))
    assert "<strong>" not in rendered and "<em>" not in rendered and "<a " not in rendered
    assert "<code>" not in rendered and "<script>" not in rendered
    assert "**bold**" in rendered and "[link](http://example.org)" in rendered


@pytest.mark.parametrize(
    "line", ["# heading", "- item", "+ item", "1. item", "2) item", "> quote", "=== x"]
)
def test_md_neutralises_block_markers_at_the_start_of_a_line(line: str) -> None:
    tokens = MarkdownIt("commonmark").parse(md(f"first\n{line}"))
    assert [token.type for token in tokens] == ["paragraph_open", "inline", "paragraph_close"]


@pytest.mark.parametrize("reader", READERS)
def test_markdown_summary_shows_hostile_text_literally(
    request: pytest.FixtureRequest, reader: str
) -> None:
    text = _render(request, "md", reader)
    parser = MarkdownIt("commonmark").enable("table")
    rendered = parser.render(text)
    assert "<script>" not in rendered and "<b>" not in rendered
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in rendered
    assert 'href="http://example.org"' not in rendered
    assert "**bold**" in rendered and "# not a heading" in rendered
    assert "\x1b" not in text
    # A pipe in user text must not add a column: every row has as many cells as its header.
    tokens = parser.parse(text)
    widths, row = [], 0
    for token in tokens:
        if token.type == "tr_open":
            row = 0
        elif token.type in ("th_open", "td_open"):
            row += 1
        elif token.type == "tr_close":
            widths.append(row)
        elif token.type == "table_close":
            assert len(set(widths)) == 1, widths
            widths = []


@pytest.mark.parametrize("reader", READERS)
def test_html_summary_escapes_hostile_text(request: pytest.FixtureRequest, reader: str) -> None:
    page = _render(request, "html", reader)
    assert "<script" not in page.lower()
    assert "<b>" not in page and "\x1b" not in page
    visible = _visible_text(page)
    assert SCRIPT in visible
    assert 'Dr <b>Evil</b> & "Co"' in visible
    assert "&amp;" in visible  # typed as "&amp;", shown as "&amp;", not as "&"


def test_json_summary_keeps_the_text_exactly(request: pytest.FixtureRequest) -> None:
    for reader in ("me", "therapist"):
        document = json.loads(_render(request, "json", reader))
        assert document["entries"][0]["notes"] == NOTE
        assert document["therapists"] == [NAME]
    record = json.loads(_render(request, "json", "consultation"))
    assert record["therapists"][0]["name"] == NAME
    assert record["therapists"][0]["entries"][0]["incidents"][0]["note"] == NOTE


def test_terminal_report_shows_markup_and_escapes_literally(hostile: Report) -> None:
    console = Console(width=80, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    console.print(render_terminal(hostile))
    output = console.file.getvalue()  # type: ignore[attr-defined]
    plain = Console(width=80, file=io.StringIO(), color_system=None)
    plain.print(render_terminal(hostile))
    text = plain.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[" in output  # colour is on, yet the user's own escape sequences are gone
    assert "\x1b[2J" not in output and "\x1b]8;;http://x" not in output
    assert "[bold]x[/bold]" in text  # rich markup typed by the user stays literal
    assert SCRIPT in text.replace("\n", "")
    assert "\x1b" not in text


@pytest.mark.parametrize("reader", READERS)
def test_no_renderer_lets_an_escape_character_through(
    request: pytest.FixtureRequest, reader: str
) -> None:
    for name in RENDERERS:
        output = _render(request, name, reader)
        assert "\x1b" not in output, name
