"""The README tells the truth: its quick start runs, its `add` examples work in a new journal,
and its report excerpt is real output."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import Cli, ExampleJournal, with_example_copies

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXCERPT = re.compile(r"<!-- excerpt: (?P<args>.+?) -->\n```\w*\n(?P<body>.*?)\n```", re.S)


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_is_two_commands() -> None:
    commands = quick_start()
    assert len(commands) == 2
    assert "report" in commands[0] and "examples/" in commands[0]
    assert "'.[test]'" in commands[1] and commands[1].endswith("pytest")


def test_the_quick_start_report_runs(cli: Cli, example_journal: ExampleJournal) -> None:
    main_job = quick_start()[0].split("&&")[-1].strip()
    argv = shlex.split(main_job)[1:]  # drop the executable
    argv = with_example_copies(argv, example_journal)
    result = cli(*argv)
    assert result.exit_code == 0, result.stderr
    assert "A recurring pattern of empathic failure" in result.stdout


@pytest.mark.parametrize(
    ("args", "body"), [(m["args"], m["body"]) for m in EXCERPT.finditer(README)]
)
def test_readme_excerpts_are_real_output(
    cli: Cli, example_journal: ExampleJournal, args: str, body: str
) -> None:
    argv = with_example_copies(shlex.split(args), example_journal)
    result = cli(*argv, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    output = "\n".join(line.rstrip() for line in result.stdout.splitlines())
    assert body in output


def add_examples() -> list[list[str]]:
    """The commands of the block after "Or give everything as options", continuations joined."""
    section = README.split("Or give everything as options", 1)[1]
    block = re.search(r"```sh\n(.+?)\n```", section, re.S)
    assert block is not None
    lines = block[1].replace("\\\n", " ").splitlines()
    return [shlex.split(line, comments=True) for line in lines]


def test_the_add_examples_work_in_a_new_journal(cli: Cli, journal_path: Path) -> None:
    commands = add_examples()
    assert any("--progress" in argv for argv in commands)
    assert not journal_path.exists()
    for argv in commands:
        assert argv[0] == "therapylog"
        result = cli(*argv[1:], env={"EDITOR": "true"})
        assert result.exit_code == 0, (argv, result.stderr)
    assert len(list((journal_path / "entries").iterdir())) == 3
