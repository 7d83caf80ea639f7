"""Each reader's HTML printed by a real browser: headless Chromium prints it to PDF on A4 and on
Letter, and the PDF must hold what that reader needs, and nothing it must not, on a sensible
number of pages.

Needs ``chromium`` (Debian's package) and ``pypdf`` (the test extras). Skipped without them,
except under ``CI=true``, where a missing browser is a failure: CI must really print.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from tests.report.conftest import EXAMPLE_NAMES, example_report
from therapylog.report.readers import READERS, ExportOptions
from therapylog.report.readers.handout_words import HEADINGS
from therapylog.report.readers.record import RULE_FACTS
from therapylog.report.renderers import RENDERERS

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PAPERS = {"A4": "A4", "Letter": "letter"}
# Each example prints on a few pages; far more would mean a broken print layout (a chart
# blown up to a page each, a table split one row per page), far fewer a page cut short.
PAGES = {"therapist": range(3, 8), "me": range(3, 9), "consultation": range(2, 7)}
#: Words that must never reach the therapist's handout: advice meant for the client alone.
NOT_IN_THE_HANDOUT = ("licens", "leave", "leaving", "second opinion", "grew up", "SERIOUS")

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def _require(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing; CI must run the browser test", pytrace=False)
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="module")
def browser() -> str:
    found = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    if found is None:
        _require("chromium")
    assert found is not None
    return found


@pytest.fixture(scope="module")
def pypdf():  # type: ignore[no-untyped-def]
    try:
        import pypdf
    except ImportError:
        _require("pypdf")
    return pypdf


def print_to_pdf(browser: str, page: Path, pdf: Path, profile: Path) -> None:
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf}",
        "--no-pdf-header-footer",
        page.as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0 and pdf.exists(), result.stderr[-2000:]


def _words(text: str) -> str:
    """Text as words: ligatures (ﬀ, ﬁ) unfolded by NFKC, line breaks and spacing ignored."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_reader_prints_cleanly(  # type: ignore[no-untyped-def]
    browser: str, pypdf, tmp_path: Path, name: str, reader: str, paper: str
) -> None:
    report = example_report(name)
    html = RENDERERS["html"].render(report, ExportOptions(reader=reader))  # type: ignore[arg-type]
    # The page sets no paper size (it follows the printer's); choose one as a reader would.
    page = tmp_path / "summary.html"
    page.write_text(html.replace("</style>", f"@page {{ size: {PAPERS[paper]}; }}</style>"))
    pdf = tmp_path / "summary.pdf"
    print_to_pdf(browser, page, pdf, tmp_path / "profile")

    document = pypdf.PdfReader(str(pdf))
    width, height = (float(v) for v in document.pages[0].mediabox.upper_right)
    expected = (595, 842) if paper == "A4" else (612, 792)
    assert (round(width), round(height)) == expected
    pages = len(document.pages)
    assert pages in PAGES[reader], f"{name} for {reader} on {paper}: {pages} pages"
    text = _words(" ".join(p.extract_text() or "" for p in document.pages))
    therapist = report.therapists[-1]
    if reader == "therapist":
        assert text.startswith(f"For my next session with {therapist}")
        assert HEADINGS["talk"] in text and HEADINGS["questions"] in text
        for word in NOT_IN_THE_HANDOUT:
            assert word.casefold() not in text.casefold(), word
        # Only the topics, never the analysis's titles (they speak to the client).
        for finding in report.findings:
            assert _words(finding.title) not in text, finding.title
    elif reader == "me":
        for finding in report.findings:
            assert _words(finding.title) in text, finding.title
            assert _words(finding.suggestion)[:60] in text, finding.rule
        assert "What is going well" in text and "About these findings" in text
    else:
        assert text.startswith("Therapy record") and therapist in text
        assert "the client" in text and "I've noticed" not in text
        for finding in report.findings:
            assert _words(RULE_FACTS[finding.rule]) in text, finding.rule
    print(f"{name} for {reader} on {paper}: {pages} pages")
