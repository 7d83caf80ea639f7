"""Helpers shared by the data-safety tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from therapylog.journal import codec

SITE_DIR = Path(__file__).parent / "subprocess_site"


def subprocess_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's (test-isolated) environment, with the network guard on PYTHONPATH."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(SITE_DIR), env.get("PYTHONPATH", "")) if part
    )
    env.update(extra or {})
    return env


def therapylog_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "therapylog", *args]


def run_therapylog(
    *args: str, env: Mapping[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        therapylog_command(*args),
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def leftover_files(root: Path) -> list[Path]:
    """Files in the journal that are not journal data: temporary files, whatever their name.

    Journal data is ``goals.toml``, ``settings.toml``, ``therapists.toml``, the lock, ``entries/*.toml`` (hidden
    files excepted), the rescued edits in ``rescued/`` and the derived cache in ``.cache/``
    (which cleans its own abandoned temporary files).
    """
    if not root.exists():
        return []
    stray = []
    for path in root.rglob("*"):
        parts = path.relative_to(root).parts
        if not path.is_file() or parts[0] in (".cache", "rescued"):
            continue
        if len(parts) == 1 and parts[0] in (
            "goals.toml",
            "settings.toml",
            "therapists.toml",
            ".lock",
        ):
            continue
        if len(parts) == 2 and parts[0] == "entries" and _is_entry_name(parts[1]):
            continue
        stray.append(path)
    return sorted(stray)


def _is_entry_name(name: str) -> bool:
    return name.endswith(".toml") and not name.startswith(".")


def entry_files(root: Path) -> list[Path]:
    return sorted((root / "entries").glob("[!.]*.toml"))


def parse_all_entry_files(root: Path) -> dict[str, str]:
    """Every entry file must parse; returns id -> notes."""
    notes = {}
    for path in entry_files(root):
        entry = codec.entry_from_toml(path, path.read_bytes())
        notes[entry.id] = entry.notes
    return notes


def editor_script(tmp_path: Path, body: str, name: str = "editor.py") -> str:
    """A fake $EDITOR: a Python script given the path of the editing copy as ``p``."""
    script = tmp_path / name
    script.write_text("import os, sys, time, pathlib\np = pathlib.Path(sys.argv[1])\n" + body)
    return f"{sys.executable} {script}"


def rescued(journal_path: Path) -> list[Path]:
    """The files in the journal's ``rescued/`` folder (therapylog.journal.rescue)."""
    folder = journal_path / "rescued"
    return sorted(folder.iterdir()) if folder.exists() else []


def one_line_error(stderr: str) -> str:
    """The single `therapylog: ...` line an error prints (and nothing else)."""
    lines = stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {stderr!r}"
    assert lines[0].startswith("therapylog: "), lines[0]
    assert "Traceback" not in stderr
    return lines[0]
