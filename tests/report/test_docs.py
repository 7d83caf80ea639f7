"""docs/report.md shows real output: every excerpt in it is cut from what the command prints."""

from __future__ import annotations

import re
import shlex

import pytest

from tests.conftest import ROOT, Cli, ExampleJournal, with_example_copies

DOC = ROOT / "docs" / "report.md"
EXCERPT = re.compile(r"<!-- excerpt: (?P<args>.+?) -->\n```\w*\n(?P<body>.*?)\n```", re.S)


def excerpts() -> list[tuple[str, str]]:
    return [(m["args"], m["body"]) for m in EXCERPT.finditer(DOC.read_text(encoding="utf-8"))]


def test_the_doc_has_excerpts() -> None:
    assert len(excerpts()) >= 3


@pytest.mark.parametrize(("args", "body"), excerpts())
def test_each_excerpt_is_real_output(
    cli: Cli, example_journal: ExampleJournal, args: str, body: str
) -> None:
    argv = with_example_copies(shlex.split(args), example_journal)
    result = cli(*argv, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    output = "\n".join(line.rstrip() for line in result.stdout.splitlines())
    assert body in output, f"the excerpt for `therapylog {args}` no longer matches its output"


@pytest.mark.parametrize("command", ["report", "export"])
def test_every_option_of_the_commands_is_documented(cli: Cli, command: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    help_text = cli(command, "--help").stdout
    for option in set(re.findall(r"--[a-z][a-z-]+", help_text)) - {"--help"}:
        assert f"`{option}" in text, option
