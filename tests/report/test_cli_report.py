"""The report and export commands through the CLI: periods, formats, files, notes, errors."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli, ExampleJournal

#: Example journals, read through each test's copy (example_journal).
EMPATHIC = "empathic-failures"
RUPTURE = "repaired-rupture"


def test_report_defaults_to_the_current_month(cli: Cli, example_journal: ExampleJournal) -> None:
    result = cli("--journal", example_journal(RUPTURE), "report", "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["period"] == {"start": "2026-11-01", "end": "2026-11-30"}
    assert document["summary"]["entries"] == 1
    assert "Monthly review" in cli("--journal", example_journal(RUPTURE), "report").stdout


@pytest.mark.parametrize(
    ("options", "period"),
    [
        (["--month", "2026-10"], {"start": "2026-10-01", "end": "2026-10-31"}),
        (
            ["--since", "2026-09-01", "--until", "2026-09-30"],
            {"start": "2026-09-01", "end": "2026-09-30"},
        ),
        (["--all"], {"start": "2026-05-05", "end": "2026-11-22"}),
        (["--since", "-30d"], {"start": "2026-10-23", "end": "2026-11-22"}),
    ],
)
def test_period_options(
    cli: Cli, example_journal: ExampleJournal, options: list[str], period: dict[str, str]
) -> None:
    for command in (["report", "--json"], ["export", "--format", "json"]):
        result = cli("--journal", example_journal(EMPATHIC), *command, *options)
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["period"] == period


def test_report_json_keeps_the_contract_keys(cli: Cli, example_journal: ExampleJournal) -> None:
    document = json.loads(
        cli("--journal", example_journal(EMPATHIC), "report", "--all", "--json").stdout
    )
    assert {"period", "summary", "findings"} <= set(document)
    assert "entries" not in document
    rules = {finding["rule"] for finding in document["findings"]}
    assert rules == {
        "recurring-empathic-failure",
        "therapist-unreliable",
        "feeling-worse",
        "alliance-low",
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--month", "2026-13"], "--month"),
        (["--all", "--month", "2026-10"], "cannot be combined"),
        (["--since", "someday"], "--since"),
        (["--since", "2026-10-10", "--until", "2026-10-01"], "after --until"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(
    cli: Cli, example_journal: ExampleJournal, options: list[str], message: str
) -> None:
    for command in ("report", "export"):
        result = cli("--journal", example_journal(EMPATHIC), command, *options)
        assert result.exit_code == 2
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert result.stdout == ""


def test_an_unknown_therapist_is_a_journal_problem_exit_1(
    cli: Cli, example_journal: ExampleJournal
) -> None:
    for command in ("report", "export"):
        result = cli("--journal", example_journal(EMPATHIC), command, "--therapist", "Dr Nobody")
        assert result.exit_code == 1
        assert "no entries with 'Dr Nobody'; therapists: Dr. Victor Stroud" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert result.stdout == ""


def test_therapist_option_matches_names_loosely(cli: Cli, example_journal: ExampleJournal) -> None:
    result = cli(
        "--journal",
        example_journal(EMPATHIC),
        "report",
        "--all",
        "--json",
        "--therapist",
        "dr.  victor STROUD",
    )
    assert json.loads(result.stdout)["therapists"] == ["Dr. Victor Stroud"]


def test_export_writes_a_private_file_atomically(
    cli: Cli, example_journal: ExampleJournal, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "summary.md"
    target.parent.mkdir()
    result = cli("--journal", example_journal(EMPATHIC), "export", "--all", "--output", str(target))
    assert result.exit_code == 0
    assert f"to {target}" in result.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().startswith("# For my next session with Dr. Victor Stroud\n")
    assert [p.name for p in target.parent.iterdir()] == ["summary.md"]  # no temporary file left


@pytest.mark.parametrize(
    ("suffix", "start"),
    [(".html", "<!doctype html>"), (".json", "{"), (".md", "# "), (".txt", "# ")],
)
def test_export_format_follows_the_output_extension(
    cli: Cli, example_journal: ExampleJournal, tmp_path: Path, suffix: str, start: str
) -> None:
    target = tmp_path / f"summary{suffix}"
    assert (
        cli("--journal", example_journal(EMPATHIC), "export", "--all", "-o", str(target)).exit_code
        == 0
    )
    assert target.read_text().startswith(start)


def test_explicit_format_wins_over_the_extension(
    cli: Cli, example_journal: ExampleJournal, tmp_path: Path
) -> None:
    target = tmp_path / "summary.html"
    cli(
        "--journal",
        example_journal(EMPATHIC),
        "export",
        "--all",
        "--format",
        "md",
        "-o",
        str(target),
    )
    assert target.read_text().startswith("# ")


def test_export_to_an_unwritable_place_fails_cleanly(
    cli: Cli, example_journal: ExampleJournal, tmp_path: Path
) -> None:
    result = cli(
        "--journal",
        example_journal(EMPATHIC),
        "export",
        "--all",
        "-o",
        str(tmp_path / "missing" / "x.md"),
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("therapylog: could not write")
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("format_", ["md", "html", "json"])
def test_no_notes_leaves_private_and_incident_notes_out(
    cli: Cli, example_journal: ExampleJournal, format_: str
) -> None:
    private = "Came home and cried"  # a note of 2026-09-15
    incident = "Looked at his phone at least three times"  # an incident note of 2026-06-09
    review = ("export", "--for", "me", "--all", "--format", format_)
    full = cli("--journal", example_journal(EMPATHIC), *review).stdout
    bare = cli("--journal", example_journal(EMPATHIC), *review, "--no-notes").stdout
    assert private in full and incident in full
    assert private not in bare and incident not in bare


@pytest.mark.parametrize("format_", ["md", "html", "json"])
@pytest.mark.parametrize("reader", ["therapist", "me", "consultation"])
def test_no_notes_leaves_every_free_text_out_tags_included(
    cli: Cli, reader: str, format_: str
) -> None:
    note, incident, tag = "my private diary", "he laughed at me", "about-my-sister"
    added = cli(
        "add", "--no-input", "--therapist", "Dr. Lee", "--note", note,
        "--incident", f"dismissive: {incident}", "--tag", tag,
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    export = ("export", "--for", reader, "--format", format_)
    bare = cli(*export, "--no-notes")
    assert bare.exit_code == 0, bare.stderr
    for text in (note, incident, tag):
        assert text not in bare.stdout, text
    if format_ == "json":
        for entry in json.loads(bare.stdout).get("entries", []):
            assert "notes" not in entry and "tags" not in entry
            assert all("note" not in incident for incident in entry["incidents"])
    if reader == "me":  # without --no-notes the review holds all three
        full = cli(*export).stdout
        assert note in full and incident in full and (tag in full or format_ != "json")


def test_damaged_files_are_counted_not_fatal(cli: Cli, journal_path: Path) -> None:
    assert (
        cli(
            "add",
            "--date",
            "2026-11-02",
            "--therapist",
            "Dr Ana Ames",
            "--mood-before",
            "4",
            "--no-input",
        ).exit_code
        == 0
    )
    (journal_path / "entries" / "2026-11-03.toml").write_text("this is = = not toml")
    result = cli("report")
    assert result.exit_code == 0
    assert "note: 1 damaged file skipped" in result.stderr
    assert "1 damaged file was left out" in result.stdout
    for reader in ("me", "consultation"):
        assert "1 damaged journal file was left out" in cli("export", "--for", reader).stdout
    document = json.loads(cli("report", "--json").stdout)
    assert document["summary"]["skipped_files"] == 1


def test_an_empty_journal_gets_a_friendly_report(cli: Cli) -> None:
    result = cli("report")
    assert result.exit_code == 0
    assert "No entries in this period" in result.stdout
    for reader in ("therapist", "me", "consultation"):
        result = cli("export", "--for", reader)
        assert result.exit_code == 0
        assert "No entries in this period" in result.stdout


def test_piped_and_no_color_output_is_plain(cli: Cli, example_journal: ExampleJournal) -> None:
    result = cli("--journal", example_journal(EMPATHIC), "report", "--all")
    assert "\x1b" not in result.stdout
    forced = cli(
        "--journal",
        example_journal(EMPATHIC),
        "report",
        "--all",
        env={"NO_COLOR": "", "FORCE_COLOR": "1", "TERM": "xterm-256color"},
    )
    assert "\x1b[" in forced.stdout  # a terminal gets colour ...
    plain = cli(
        "--journal",
        example_journal(EMPATHIC),
        "report",
        "--all",
        env={"NO_COLOR": "1", "FORCE_COLOR": "1", "TERM": "xterm-256color"},
    )
    assert "\x1b" not in plain.stdout  # ... unless NO_COLOR says otherwise


def test_a_wide_terminal_still_gets_readable_lines(
    cli: Cli, example_journal: ExampleJournal
) -> None:
    result = cli("--journal", example_journal(EMPATHIC), "report", "--all", env={"COLUMNS": "200"})
    assert max(len(line) for line in result.stdout.splitlines()) <= 100


@pytest.mark.parametrize("command", ["report", "export"])
def test_help_ends_with_an_example(cli: Cli, command: str) -> None:
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert "Example: therapylog" in result.stdout


def test_export_help_lists_the_formats_of_the_registry(cli: Cli) -> None:
    from therapylog.report.renderers import FORMATS

    result = cli("export", "--help")
    assert "<" + "|".join(FORMATS) + ">" in result.stdout


@pytest.mark.perf  # which modules start-up imports: a speed property (docs/performance.md)
def test_help_does_not_import_pydantic_or_the_renderers() -> None:
    code = (
        "import sys; from therapylog.cli.app import app; "
        "loaded = [m for m in sys.modules if m.startswith(('pydantic', 'rich', 'therapylog.report.renderers.'))]; "
        "print(loaded)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
