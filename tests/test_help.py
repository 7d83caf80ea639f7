"""Every command has help, and every help ends with an example."""

from __future__ import annotations

from typing import Any

import pytest
import typer

from tests.conftest import Cli
from therapylog.cli.app import app


def every_command() -> list[tuple[list[str], Any]]:
    """Every command and group of the app, as typed after `therapylog`, with its click object:
    read from the app itself, so that a command added later is checked too."""
    found: list[tuple[list[str], Any]] = []

    def walk(command: Any, path: list[str]) -> None:
        found.append((path, command))
        for name, sub in (getattr(command, "commands", None) or {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found[1:]  # the app itself: test_top_level_help_lists_commands


COMMANDS = every_command()


def test_the_walk_finds_every_command() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"add", "encrypt", "goals add", "therapists merge", "recovery"} <= names
    assert len(names) == 29  # 19 commands, and the goals and therapists groups with theirs


@pytest.mark.parametrize(("command", "_"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help_with_an_example(cli: Cli, command: list[str], _: Any) -> None:
    result = cli(*command, "--help")
    assert result.exit_code == 0
    assert "Example: therapylog" in result.stdout or "Example: EDITOR=" in result.stdout


@pytest.mark.parametrize(
    ("command", "click_command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS]
)
def test_every_option_says_what_it_does(command: list[str], click_command: Any) -> None:
    """No option reaches --help without a word on what it does (a keyword argument meant for
    the code, such as `created`, once showed as `--created / --no-created`)."""
    silent = [
        param.opts
        for param in click_command.params
        if param.param_type_name == "option" and not param.help and not param.hidden
    ]
    assert silent == [], command


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("therapylog ")


def test_top_level_help_lists_commands(cli: Cli) -> None:
    result = cli("--help")
    for name in ("add", "list", "show", "edit", "rm", "goals", "check", "backup", "import"):
        assert name in result.stdout


def test_kinds_lists_the_whole_catalogue(cli: Cli) -> None:
    from therapylog.data.catalogue import INCIDENT_KINDS

    result = cli("kinds")
    for kind in INCIDENT_KINDS:
        assert kind.slug in result.stdout


def test_a_bad_choice_is_one_clean_line(cli: Cli) -> None:
    result = cli("export", "--format", "pdf")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "therapylog: Invalid value for '--format' / '-f': 'pdf' is not one of 'md', 'html', "
        "'json'. (see `therapylog export --help`)"
    ]
