"""Mutation testing, one area at a time (docs/testing.md).

    .venv/bin/python benchmarks/mutation.py journal      # or: analysis, report
    .venv/bin/python benchmarks/mutation.py journal --survivors --sample 150

Each area runs in its own folder, ``.mutation/<area>/``, with a ``pyproject.toml`` whose
``[tool.mutmut]`` is the project's (pyproject.toml) narrowed to the area's files and tests
(``[tool.therapylog.mutation.<area>]``). mutmut keeps its results there: a second run only
tests what changed (delete the folder to start afresh); ``--sample N`` tests N more of the area's mutants, drawn
at random (the same draw every time), where a whole area would take longer than there is.
At the end the area's score over the mutants tested so far is printed:
killed (timeouts included) over all mutants that count, and every survivor by name; ``mutmut
show NAME`` in that folder shows one as a diff.

Not part of CI: an area takes tens of minutes to hours (docs/testing.md has the latest times).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import random
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

import tomli_w

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"
KILLED = {1, 3, 24, -24, 36, 152, 255, 37}  # killed, a pytest error, a timeout, the type checker
STATUS = {0: "survived", 5: "no tests", 33: "no tests", 34: "skipped", None: "not checked"}


def areas() -> dict[str, dict[str, list[str]]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found: dict[str, dict[str, list[str]]] = project["tool"]["therapylog"]["mutation"]
    return found


def prepare(area: str, settings: dict[str, list[str]]) -> Path:
    """The area's folder: links to the sources and tests, and its own pyproject.toml."""
    folder = WORK / area
    folder.mkdir(parents=True, exist_ok=True)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mutmut = project["tool"]["mutmut"]
    for name in ("src", "tests", *mutmut.get("also_copy", [])):
        link = folder / name
        if not link.is_symlink():
            link.symlink_to(ROOT / name, target_is_directory=(ROOT / name).is_dir())
    selection = mutmut["pytest_add_cli_args_test_selection"]
    mutmut["only_mutate"] = settings["mutate"]
    mutmut["pytest_add_cli_args_test_selection"] = [
        *settings["tests"],
        *(arg for arg in selection if arg != "tests"),
    ]
    text = tomli_w.dumps(project)
    path = folder / "pyproject.toml"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    refresh_unmutated_copies(folder, settings["mutate"])
    return folder


def refresh_unmutated_copies(folder: Path, mutate: list[str]) -> None:
    """mutmut copies the sources once; a file it does not mutate is never copied again, so a
    later change to it (a rebase) would go unseen. Copy every such file that differs."""
    for source in (ROOT / "src").rglob("*.py"):
        relative = source.relative_to(ROOT).as_posix()
        copy = folder / "mutants" / relative
        if any(fnmatch.fnmatchcase(relative, pattern) for pattern in mutate):
            continue
        if copy.parent.is_dir() and (not copy.exists() or copy.read_bytes() != source.read_bytes()):
            shutil.copy2(source, copy)


def results(folder: Path) -> dict[str, int | None]:
    """Every mutant mutmut made in ``folder``, with its exit code (None: not run yet)."""
    found: dict[str, int | None] = {}
    for meta in (folder / "mutants").rglob("*.meta"):
        found.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return found


def mutmut(folder: Path, names: list[str], *, max_children: int = 1) -> int:
    """``mutmut run`` in the area's folder: the mutants ``names`` (patterns allowed), or all."""
    command = [str(Path(sys.executable).parent / "mutmut"), "run"]
    command += ["--max-children", str(max_children), *names]
    env = {**os.environ, "THERAPYLOG_MUTATION": "1"}
    return subprocess.run(command, cwd=folder, env=env, check=False).returncode


def refresh(folder: Path) -> dict[str, int | None]:
    """The area's mutants as they are now: mutmut makes them anew for every function changed
    since its last run (their results are then forgotten) and learns which tests reach them,
    without testing any. Then the results, as :func:`results` gives them."""
    mutmut(folder, ["no-mutant-has-this-name*"])
    return results(folder)


def untested(folder: Path, patterns: list[str]) -> list[str]:
    """The area's mutants not tested yet (mutmut, given names, tests them even when it has a
    result already: a second run of an area tests only these)."""
    found = refresh(folder)
    return sorted(name for name, code in found.items() if code is None and counts(name, patterns))


def sample(folder: Path, patterns: list[str], size: int, *, seed: str) -> list[str]:
    """``size`` of the area's mutants not tested yet, drawn at random but the same each time"""
    found = refresh(folder)
    every = sorted(name for name in found if counts(name, patterns))
    untested = {name for name, code in found.items() if code is None}
    drawn = [name for name in random.Random(seed).sample(every, len(every)) if name in untested]
    return drawn[:size]


def counts(name: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)


def report(area: str, folder: Path, patterns: list[str], seconds: float, survivors: bool) -> None:
    codes = {name: code for name, code in results(folder).items() if counts(name, patterns)}
    tally = Counter(
        "killed" if code in KILLED else STATUS.get(code, "suspicious") for code in codes.values()
    )
    tested = len(codes) - tally["skipped"] - tally["not checked"]
    score = 100 * tally["killed"] / tested if tested else 0.0
    summary = ", ".join(f"{count} {status}" for status, count in sorted(tally.items()))
    print(
        f"\n{area}: {score:.1f}% of the {tested} mutants tested killed ({summary}; "
        f"{len(codes)} mutants in all), this run {seconds / 60:.0f} min"
    )
    if survivors:
        for name in sorted(n for n, code in codes.items() if code not in KILLED | {34, None}):
            print(f"  {STATUS.get(codes[name], 'suspicious')}: {name}")


def main() -> int:
    known = areas()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("area", choices=sorted(known))
    parser.add_argument("--max-children", type=int, default=1, help="parallel workers (default 1)")
    parser.add_argument("--survivors", action="store_true", help="list every mutant not killed")
    parser.add_argument("--score-only", action="store_true", help="report the last run's results")
    parser.add_argument("--sample", type=int, help="test N more mutants, drawn at random")
    parser.add_argument(
        "--retest-survivors", action="store_true", help="test the survivors again (new tests)"
    )
    args = parser.parse_args()
    settings = known[args.area]
    folder = prepare(args.area, settings)
    patterns = settings.get("mutants", ["*"])
    started = time.monotonic()
    if not args.score_only:
        names: list[str] = []
        if args.retest_survivors:
            names = [
                name
                for name, code in refresh(folder).items()
                if code is not None and code not in KILLED and counts(name, patterns)
            ]
        elif args.sample:
            names = sample(folder, patterns, args.sample, seed=args.area)
        else:
            names = untested(folder, patterns)
        if names:
            returncode = mutmut(folder, names, max_children=args.max_children)
            if returncode != 0:
                return returncode
        else:
            print("nothing to test: every mutant has a result (--retest-survivors tests again)")
    report(args.area, folder, patterns, time.monotonic() - started, args.survivors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
