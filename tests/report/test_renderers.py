"""The renderer registry, the purity of renderers, the terminal layout and the HTML page."""

from __future__ import annotations

import copy
import io
import re
from html.parser import HTMLParser

import pytest
from rich.cells import cell_len
from rich.console import Console

from tests.conftest import Cli, ExampleJournal
from tests.report.conftest import EXAMPLE_NAMES, entry, example_report, report_of
from therapylog.report.model import Report
from therapylog.report.readers import ExportOptions
from therapylog.report.renderers import DEFAULT_FORMAT, FORMATS, RENDERERS
from therapylog.report.renderers.terminal import render_terminal
from therapylog.report.renderers.terminal_layout import bar


@pytest.fixture(scope="module", params=EXAMPLE_NAMES)
def report(request: pytest.FixtureRequest) -> Report:
    return example_report(request.param)


def test_registry_gives_the_format_choices() -> None:
    assert FORMATS == tuple(RENDERERS) == ("md", "html", "json")
    assert FORMATS[0] == DEFAULT_FORMAT
    assert all(RENDERERS[name].name == name for name in FORMATS)


def test_an_unknown_format_is_refused_naming_the_choices(
    cli: Cli, example_journal: ExampleJournal
) -> None:
    result = cli("--journal", example_journal("repaired-rupture"), "export", "--format", "pdf")
    assert result.exit_code == 2
    assert "'pdf' is not one of 'md', 'html', 'json'" in result.stderr


@pytest.mark.parametrize("name", FORMATS)
def test_renderers_are_pure(report: Report, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = copy.deepcopy(report)
    first = RENDERERS[name].render(report)
    assert isinstance(first, str) and first.endswith("\n")
    assert RENDERERS[name].render(report) == first
    assert report == before
    assert capsys.readouterr() == ("", "")


def _lines(report: Report, width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(render_terminal(report))
    return console.file.getvalue().splitlines()  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [80, 100, 132])
def test_terminal_report_fits_the_width(report: Report, width: int) -> None:
    lines = _lines(report, width)
    assert max(cell_len(line) for line in lines) <= width


def test_terminal_report_sections(report: Report) -> None:
    text = "\n".join(_lines(report, 80))
    assert text.index("What's going well") < text.index("The period in numbers")
    for finding in report.findings:
        assert finding.title[:40] in text.replace("\n", " ")
    for label in ("Appointments", "How sessions left you", "Mood by month", "Incidents"):
        assert label in text


def test_long_unbroken_user_text_does_not_overflow_80_columns() -> None:
    built = report_of([entry("2026-11-02", "Dr " + "X" * 110, mood_before=5)])
    assert max(cell_len(line) for line in _lines(built, 80)) <= 80


@pytest.mark.parametrize(
    ("value", "high", "expected"),
    [
        (0, 10, "··········"),
        (10, 10, "██████████"),
        (5, 10, "█████·····"),
        (2.5, 10, "██▌·······"),
        (12, 10, "██████████"),
        (1, 0, "··········"),
    ],
)
def test_bar(value: float, high: float, expected: str) -> None:
    assert bar(value, high, 10) == expected


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs


def test_html_page_is_self_contained(report: Report) -> None:
    page = RENDERERS["html"].render(report)
    parser = _Tags()
    parser.feed(page)
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(parser.tags)
    assert not [a for a in parser.attributes if a[0] in ("src", "href") or a[0].startswith("on")]
    assert "@import" not in page and "url(" not in page
    # The only URL is the SVG namespace, which is a name, never fetched.
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) == {"http://www.w3.org/2000/svg"}
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "@media print" in page and "@page" in page


def test_html_page_has_its_charts_and_sections() -> None:
    page = RENDERERS["html"].render(example_report("repaired-rupture"), ExportOptions(reader="me"))
    assert page.count("<svg") == 3  # mood, questionnaires, incidents
    for heading in (
        "What is going well",
        "What I want to raise",
        "Questions I’d like to ask",
        "The record behind this",
    ):
        assert heading in page
    assert page.index("What is going well") < page.index("What I want to raise")
    assert "<title>Mood before and after each session (0–10)</title>" in page


def test_html_without_measures_or_incidents_leaves_those_charts_out() -> None:
    built = report_of([entry("2026-11-02", mood_before=4, mood_after=6)])
    page = RENDERERS["html"].render(built)
    assert page.count("<svg") == 1
