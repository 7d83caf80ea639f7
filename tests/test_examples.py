"""The bundled example journals produce exactly the findings examples/README.md promises."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Cli, ExampleJournal

FINDING_LINE = re.compile(r"^- `([a-z-]+)` \(([a-z]+)\)$")


def promised_findings() -> dict[str, set[tuple[str, str]]]:
    promised: dict[str, set[tuple[str, str]]] = {}
    section = None
    for line in (EXAMPLES / "README.md").read_text().splitlines():
        if line.startswith("## "):
            name = line[3:].strip()
            section = name if (EXAMPLES / name / "entries").is_dir() else None
            if section:
                promised[section] = set()
        elif section and (match := FINDING_LINE.match(line.strip())):
            promised[section].add((match.group(1), match.group(2)))
    return promised


PROMISED = promised_findings()


def test_the_readme_describes_three_journals() -> None:
    assert set(PROMISED) == {"empathic-failures", "repaired-rupture", "stalled"}
    assert all(PROMISED.values())


@pytest.mark.parametrize("name", sorted(PROMISED))
def test_report_all_json_gives_exactly_the_promised_findings(
    cli: Cli, example_journal: ExampleJournal, name: str
) -> None:
    result = cli("--journal", example_journal(name), "report", "--all", "--json")
    assert result.exit_code == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert {(f["rule"], f["severity"]) for f in findings} == PROMISED[name]


@pytest.mark.parametrize("name", sorted(PROMISED))
def test_example_journals_are_healthy(cli: Cli, name: str, tmp_path: Path) -> None:
    journal = tmp_path / name
    shutil.copytree(EXAMPLES / name, journal, ignore=shutil.ignore_patterns(".cache"))
    # A git checkout makes every file 0644, which check reports: --fix makes the copy private.
    assert cli("--journal", str(journal), "check", "--fix").exit_code == 0
    result = cli("--journal", str(journal), "check")
    assert result.exit_code == 0, result.stderr
    entries = len(list((EXAMPLES / name / "entries").glob("*.toml")))
    assert entries >= 10


def test_the_reliability_evidence_the_readme_names_is_the_findings(
    cli: Cli, example_journal: ExampleJournal
) -> None:
    """The notes name the events the `therapist-unreliable` finding rests on."""
    text = " ".join((EXAMPLES / "README.md").read_text().split())
    named = re.search(r"the evidence is the latest group within \d+ days, ([^(]+)\(", text)
    assert named is not None
    result = cli("--journal", example_journal("empathic-failures"), "report", "--all", "--json")
    (finding,) = [
        f for f in json.loads(result.stdout)["findings"] if f["rule"] == "therapist-unreliable"
    ]
    assert re.findall(r"\d{4}-\d{2}-\d{2}", named[1]) == finding["evidence"]
