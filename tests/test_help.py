"""Every command has help, and every help ends with an example."""

from __future__ import annotations

import pytest

from tests.conftest import Cli

COMMANDS = [
    ["add"], ["list"], ["show"], ["edit"], ["rm"], ["check"], ["backup"], ["import"], ["kinds"],
    ["goals", "add"], ["goals", "list"], ["goals", "done"], ["goals", "drop"], ["report"], ["export"],
    ["search"], ["tags"], ["status"],
]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(cli: Cli, command: list[str]) -> None:
    result = cli(*command, "--help")
    assert result.exit_code == 0
    assert "Example: therapylog" in result.stdout or "Example: EDITOR=" in result.stdout


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
