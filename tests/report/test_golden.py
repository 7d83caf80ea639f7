"""Golden files: each reader's export (Markdown and JSON) and the terminal report of each
example journal.

Run through the real CLI with today pinned to 2026-11-22 (tests/conftest.py), so that any
change of wording or layout shows up as a reviewable diff. See conftest.py to update them.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli, ExampleJournal
from tests.report.conftest import EXAMPLE_NAMES, assert_golden
from therapylog.report.readers import READERS


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_markdown_export_matches_its_golden_file(
    cli: Cli, example_journal: ExampleJournal, name: str, reader: str
) -> None:
    result = cli("--journal", example_journal(name), "export", "--all", "--for", reader)
    assert result.exit_code == 0, result.stderr
    assert_golden(f"{name}.{reader}.md", result.stdout)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_json_export_matches_its_golden_file(
    cli: Cli, example_journal: ExampleJournal, name: str, reader: str
) -> None:
    command = ("export", "--all", "--for", reader, "--format", "json")
    result = cli("--journal", example_journal(name), *command)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["reader"] == reader
    keys = {
        "therapist": {"period", "summary", "entries", "talking_points", "questions"},
        "me": {"period", "summary", "findings", "entries", "talking_points", "questions"},
        "consultation": {"period", "therapists"},
    }[reader]
    assert keys <= set(document)
    assert_golden(f"{name}.{reader}.json", result.stdout)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_terminal_report_at_80_columns_matches_its_golden_file(
    cli: Cli, example_journal: ExampleJournal, name: str
) -> None:
    result = cli("--journal", example_journal(name), "report", "--all", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert_golden(f"{name}.report.txt", result.stdout)


def test_monthly_terminal_report_marks_the_months_of_the_period(
    cli: Cli, example_journal: ExampleJournal
) -> None:
    journal = example_journal("empathic-failures")
    result = cli("--journal", journal, "report", "--month", "2026-10", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert "▸ Oct 2026" in result.stdout
    assert_golden("empathic-failures.2026-10.report.txt", result.stdout)


def test_report_json_matches_its_golden_file(cli: Cli, example_journal: ExampleJournal) -> None:
    result = cli("--journal", example_journal("empathic-failures"), "report", "--all", "--json")
    assert result.exit_code == 0, result.stderr
    assert_golden("empathic-failures.report.json", result.stdout)
