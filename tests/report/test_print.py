"""The HTML summary printed by a real browser: headless Chromium prints it to PDF on A4 and on
Letter, and the PDF must hold every finding on a sensible number of pages.

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
from therapylog.report.renderers import RENDERERS

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PAPERS = {"A4": "A4", "Letter": "letter"}
# Each example prints on a few pages; far more would mean a broken print layout (a chart
# blown up to a page each, a table split one row per page), far fewer a page cut short.
PAGES = range(3, 9)

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
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_summary_prints_cleanly(browser: str, pypdf, tmp_path: Path, name: str, paper: str) -> None:  # type: ignore[no-untyped-def]
    report = example_report(name)
    html = RENDERERS["html"].render(report)
    # The page sets no paper size (it follows the printer's); choose one as a reader would.
    page = tmp_path / "summary.html"
    page.write_text(html.replace("</style>", f"@page {{ size: {PAPERS[paper]}; }}</style>"))
    pdf = tmp_path / "summary.pdf"
    print_to_pdf(browser, page, pdf, tmp_path / "profile")

    reader = pypdf.PdfReader(str(pdf))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    expected = (595, 842) if paper == "A4" else (612, 792)
    assert (round(width), round(height)) == expected
    assert len(reader.pages) in PAGES, f"{name} on {paper}: {len(reader.pages)} pages"
    text = _words(" ".join(p.extract_text() or "" for p in reader.pages))
    for finding in report.findings:
        assert _words(finding.title) in text, finding.title
    assert "What is going well" in text and "Questions I" in text
    print(f"{name} on {paper}: {len(reader.pages)} pages")
