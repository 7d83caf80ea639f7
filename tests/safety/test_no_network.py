"""Promise: therapylog never touches the network. The guard that enforces it in every test
must itself work, or the promise is unproven."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.safety.helpers import run_therapylog, subprocess_env
from tests.safety.subprocess_site import network_guard
from tests.safety.subprocess_site.network_guard import LOG_VARIABLE, NetworkAccessError

REPO = Path(__file__).resolve().parents[2]
#: The commands of `therapylog --help`.
COMMAND_NAMES = (
    "add", "list", "search", "tags", "status", "show", "edit", "rm", "check", "backup", "import",
    "kinds", "report", "export", "init", "encrypt", "decrypt", "passphrase", "recovery", "goals",
    "therapists",
)  # fmt: skip


@pytest.mark.parametrize(
    "attempt",
    [
        lambda: socket.create_connection(("127.0.0.1", 9), timeout=0.1),
        lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM),
        lambda: socket.socket(),
        lambda: socket.getaddrinfo("example.org", 443),
        lambda: socket.gethostbyname("example.org"),
    ],
    ids=["create_connection", "inet-socket", "default-socket", "getaddrinfo", "gethostbyname"],
)
def test_the_guard_refuses_network_access_in_the_test_process(attempt) -> None:
    with pytest.raises(NetworkAccessError):
        attempt()
    assert network_guard.attempts, "the attempt must be recorded, so swallowing it cannot hide it"
    network_guard.attempts.clear()  # expected here; any other test would fail on it


def test_local_unix_sockets_stay_allowed() -> None:
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"x")
        assert right.recv(1) == b"x"


def test_a_swallowed_attempt_still_fails_the_test(tmp_path: Path) -> None:
    test_file = tmp_path / "test_sneaky.py"
    test_file.write_text(
        textwrap.dedent(
            """
            import socket

            def test_sneaky():
                try:
                    socket.create_connection(("127.0.0.1", 9), timeout=0.1)
                except Exception:
                    pass
            """
        )
    )
    completed = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"),
            *("-p", "tests.safety.no_network", str(test_file)),
        ],
        cwd=tmp_path,
        env={**subprocess_env(), "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "tried to reach the network" in completed.stdout


def test_the_guard_is_active_in_subprocesses(tmp_path: Path) -> None:
    log = tmp_path / "attempts.log"
    completed = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
        env=subprocess_env({LOG_VARIABLE: str(log)}),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode != 0
    assert "NetworkAccessError" in completed.stderr
    assert "create_connection" in log.read_text()


def test_every_command_runs_without_the_network(
    proc_env: dict[str, str], tmp_path: Path, network_log: Path
) -> None:
    """Each command in a guarded process; the network_log fixture fails on any attempt.
    Every command of `therapylog --help` is here, the encrypted journal's too, but
    `passphrase` and `recovery`, which only ask at a terminal (they run in
    tests/crypto/test_cli_encryption.py, in the guarded test process)."""
    backup = tmp_path / "backup.json"
    passphrase = tmp_path / "passphrase"
    passphrase.write_text("a quiet harbour at dawn\n")
    passphrase.chmod(0o600)
    env = {**proc_env, "EDITOR": "true", "THERAPYLOG_PASSPHRASE_FILE": str(passphrase)}
    commands = [
        ["add", "--no-input", "--therapist", "Dr. Lee", "--mood-before", "4", "--note", "hi"],
        ["goals", "add", "Sleep better", "--id", "sleep"],
        ["goals", "add", "Walk", "--id", "walk"],
        ["list"],
        ["list", "--json"],
        ["list", "--csv"],
        ["search", "hi"],
        ["tags"],
        ["status"],
        ["show", "2026-11-22"],
        ["edit", "2026-11-22"],
        ["check"],
        ["goals", "list"],
        ["goals", "done", "sleep"],
        ["goals", "drop", "walk"],
        ["therapists"],
        ["therapists", "rename", "Dr. Lee", "Dr. Anna Lee"],
        ["therapists", "end", "Dr. Anna Lee"],
        ["therapists", "reopen", "Dr. Anna Lee"],
        ["add", "--no-input", "--therapist", "Dr. Anna Leee", "--date", "2026-11-21"],
        ["therapists", "merge", "Dr. Anna Lee", "Dr. Anna Leee"],
        ["report", "--all"],
        ["report", "--all", "--json"],
        ["export", "--all", "--format", "html", "--output", str(tmp_path / "summary.html")],
        ["export", "--all", "--format", "md"],
        ["export", "--all", "--for", "me"],
        ["export", "--all", "--for", "consultation", "--format", "json"],
        ["backup", "--output", str(backup)],
        ["--journal", str(tmp_path / "other"), "import", str(backup)],
        ["--journal", str(tmp_path / "new"), "init"],
        ["--journal", str(tmp_path / "sealed"), "init", "--encrypt"],
        ["encrypt"],
        ["list"],
        ["backup", "--encrypted", "--output", str(tmp_path / "sealed.json")],
        ["--journal", str(tmp_path / "restored"), "import", str(tmp_path / "sealed.json")],
        ["decrypt"],
        ["rm", "2026-11-22", "--yes"],
        ["kinds"],
        ["--version"],
        ["--help"],
    ]
    for command in commands:
        completed = run_therapylog(*command, env=env)
        assert completed.returncode == 0, (command, completed.stderr)
    ran = {
        next(word for word in command if word[0] != "-" and "/" not in word)
        for command in commands[:-2]
    }
    assert ran | {"passphrase", "recovery"} == set(COMMAND_NAMES)
    assert not network_log.exists()
