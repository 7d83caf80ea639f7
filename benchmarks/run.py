"""Time therapylog's commands on journals of 100, 1,000 and 10,000 entries.

Each command runs as a real process (``python -m therapylog ...``), as a user would run it, and
is timed with ``time.perf_counter``. Every time is divided by the time, measured in the same
run, of ``python -c "import typer, pydantic_core, rich.console"``: what any command of this CLI
that reads a journal must import at least (its argument parser, its validation engine and its
console). Ratios travel between machines far better than seconds do.

Runs are interleaved (every case once, in a shuffled order, then again...) so that a noisy
neighbour slows all cases alike rather than one of them, and the median of the runs is kept.
Before timing, each case runs once untimed: that warms the operating system's file cache, writes
Python's bytecode caches, and fills therapylog's own index, which is the state every
command but the first one after a change meets.

Usage::

    python benchmarks/run.py                          # sizes 100,1000,10000; 7 runs
    python benchmarks/run.py --sizes 100,1000 --runs 5
    python benchmarks/run.py --only report            # cases whose name contains "report"
    python benchmarks/run.py --sizes 1000 --encrypted # also an encrypted copy of each journal
    python benchmarks/run.py --compare /tmp/old/src   # before and after, interleaved

See docs/performance.md for the method and the latest results.
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from journals import build_journal

PYTHON = sys.executable
FLOOR = "import typer, pydantic_core, rich.console"


@dataclass
class Case:
    name: str  # as shown in the table
    argv: list[str]
    size: int | None = None  # journal size, None when it does not matter
    journal: Path | None = None
    target: float | None = None  # the target, as a ratio to the floor
    before: Callable[[], None] | None = None  # untimed, before each run (e.g. drop a cache)
    times: list[float] = field(default_factory=list)
    available: bool = True
    source: Path | None = None  # the src folder to time (--compare), else SOURCE
    env: dict[str, str] = field(default_factory=dict)  # added to the command's environment


def therapylog(*args: str) -> list[str]:
    return [PYTHON, "-m", "therapylog", *args]


#: Another checkout's ``src`` folder to time instead of the installed therapylog (--src).
SOURCE: Path | None = None


def environment(journal: Path | None, source: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    source = source or SOURCE
    if source is not None:
        env["PYTHONPATH"] = str(source)
    # Users' installs have bytecode; without it each run would compile therapylog again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for name in ("THERAPYLOG_TODAY", "THERAPYLOG_LOCK_TIMEOUT", "PYTHONPROFILEIMPORTTIME"):
        env.pop(name, None)
    env["COLUMNS"] = "100"
    if journal is not None:
        env["THERAPYLOG_JOURNAL"] = str(journal)
    return env


def run_once(case: Case) -> float:
    if case.before is not None:
        case.before()
    env = {**environment(case.journal, case.source), **case.env}
    started = time.perf_counter()
    result = subprocess.run(
        case.argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()[-1:]
        raise RuntimeError(f"{case.name} (size {case.size}) failed: {' '.join(message)}")
    return elapsed


def command_exists(name: str) -> bool:
    probe = subprocess.run(
        therapylog(name, "--help"),
        env=environment(None),
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


def drop_cache(journal: Path) -> Callable[[], None]:
    def drop() -> None:
        shutil.rmtree(journal / ".cache", ignore_errors=True)

    return drop


def make_cases(journals: dict[int, Path], add_journals: dict[int, Path]) -> list[Case]:
    has_report, has_export = command_exists("report"), command_exists("export")
    cases = [
        Case("python -c pass (interpreter start)", [PYTHON, "-c", "pass"]),
        Case("floor: import typer, pydantic_core, rich.console", [PYTHON, "-c", FLOOR]),
        Case("kinds (a command that reads nothing)", therapylog("kinds")),
        Case("--version", therapylog("--version"), target=1.0),
        Case("--help", therapylog("--help"), target=1.0),
    ]
    for size, journal in sorted(journals.items()):
        cases += [
            Case(
                "add --no-input",
                therapylog("add", "--no-input"),
                size,
                add_journals[size],
                target=1.2,
            ),
            Case("list", therapylog("list"), size, journal),
            Case(
                "list --grep father",
                therapylog("list", "--grep", "father"),
                size,
                journal,
                target={1000: 1.3}.get(size),
            ),
            Case("search father", therapylog("search", "father"), size, journal),
            Case("status", therapylog("status"), size, journal),
            Case(
                "report --all --json",
                therapylog("report", "--all", "--json"),
                size,
                journal,
                target={1000: 1.3, 10000: 2.0}.get(size),
                available=has_report,
            ),
            Case(
                "report --all --json, no cache",
                therapylog("report", "--all", "--json"),
                size,
                journal,
                before=drop_cache(journal),
                available=has_report,
            ),
            Case(
                "export --format html",
                therapylog("export", "--format", "html"),
                size,
                journal,
                target={1000: 1.5}.get(size),
                available=has_export,
            ),
            Case(
                "export --all --format html",
                therapylog("export", "--all", "--format", "html"),
                size,
                journal,
                available=has_export,
            ),
        ]
    return cases


#: The passphrase of the benchmark's encrypted journals (not a secret: they hold made-up text).
BENCH_PASSPHRASE = "benchmark journal passphrase"


def encrypted_copies(journals: dict[int, Path], workdir: Path) -> dict[int, Path]:
    """Encrypted copies of ``journals`` (``therapylog encrypt``, with the Argon2id parameters
    it tunes on this machine), each opened by the passphrase file in ``workdir``."""
    secret = passphrase_file(workdir)
    copies = {}
    for size, journal in journals.items():
        copy = journal.with_name(journal.name + "-encrypted")
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(journal, copy)
        shutil.rmtree(copy / ".cache", ignore_errors=True)
        env = {**environment(copy), "THERAPYLOG_PASSPHRASE_FILE": str(secret)}
        subprocess.run(
            therapylog("encrypt"),
            env=env,
            input=f"{BENCH_PASSPHRASE}\n{BENCH_PASSPHRASE}\n".encode(),
            capture_output=True,
            check=True,
            start_new_session=True,  # no terminal: the new passphrase is read from stdin
        )
        copies[size] = copy
    return copies


def passphrase_file(workdir: Path) -> Path:
    secret = workdir / "passphrase"
    secret.write_text(BENCH_PASSPHRASE + "\n")
    secret.chmod(0o600)
    return secret


def unlock_seconds(journal: Path, runs: int = 7) -> float:
    """What unlocking ``journal`` costs a command: the median time of a fresh process that
    derives the key once, less that of one that only imports the same modules. (Derived again
    in one process, Argon2id reuses memory it has already touched; a command allocates and
    touches it afresh, which costs more.)"""
    secret = journal.parent / "passphrase"
    setup = (
        "from pathlib import Path\n"
        "from therapylog.journal import kdf, keys\n"
        "from therapylog.journal.crypto import Secret\n"
        f"k = keys.read(Path({str(journal)!r}))\n"
        f"p = Secret.from_passphrase(Path({str(secret)!r}).read_text().strip())\n"
    )
    derive = setup + "kdf.derive(p, k.passphrase_salt, k.kdf)\n"
    times: dict[str, list[float]] = {"setup": [], "derive": []}
    for _ in range(runs):
        for name, code in (("setup", setup), ("derive", derive)):
            started = time.perf_counter()
            subprocess.run([PYTHON, "-c", code], env=environment(None), check=True)
            times[name].append(time.perf_counter() - started)
    return statistics.median(times["derive"]) - statistics.median(times["setup"])


def encrypted_cases(
    encrypted: dict[int, Path], add_journals: dict[int, Path], workdir: Path
) -> list[Case]:
    env = {"THERAPYLOG_PASSPHRASE_FILE": str(workdir / "passphrase")}
    cases = []
    for size, journal in sorted(encrypted.items()):
        add_copy = add_journals[size].with_name(add_journals[size].name + "-encrypted")
        shutil.rmtree(add_copy, ignore_errors=True)
        shutil.copytree(journal, add_copy)
        cases += [
            Case(
                "add --no-input, encrypted",
                therapylog("add", "--no-input"),
                size,
                add_copy,
                env=env,
            ),
            Case(
                "report --all --json, encrypted",
                therapylog("report", "--all", "--json"),
                size,
                journal,
                env=env,
            ),
            Case(
                "export --format html, encrypted",
                therapylog("export", "--format", "html"),
                size,
                journal,
                env=env,
            ),
        ]
    return cases


def encryption_verdicts(cases: Sequence[Case], unlock: dict[int, float]) -> str:
    """The encrypted journal's targets (docs/performance.md): ``report`` within 1.5 times the
    same command on the plain journal plus the unlock time, ``add`` within the plain ``add``'s
    target plus the unlock time."""
    floor = statistics.median(next(c for c in cases if c.name.startswith("floor")).times)
    timed = {(c.name, c.size): statistics.median(c.times) for c in cases if c.times}
    lines = [
        "| command | entries | plain (s) | unlock (s) | encrypted (s) | limit (s) | |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for size, seconds in sorted(unlock.items()):
        for name, factor in (
            ("report --all --json", 1.5),
            ("add --no-input", None),  # the plain add's target, 1.2 times the floor
            ("export --format html", 1.5),
        ):
            plain, encrypted = timed.get((name, size)), timed.get((f"{name}, encrypted", size))
            if plain is None or encrypted is None:
                continue
            bound = (factor * plain if factor is not None else 1.2 * floor) + seconds
            verdict = "meets target" if encrypted <= bound else "**misses target**"
            lines.append(
                f"| `{name}` | {size:,} | {plain:.3f} | {seconds:.3f} | {encrypted:.3f} "
                f"| {bound:.3f} | {verdict} |"
            )
    return "\n".join(lines)


def measure(cases: Sequence[Case], runs: int, seed: int) -> None:
    live = [case for case in cases if case.available]
    for case in live:
        run_once(case)  # warm-up, untimed
    rng = random.Random(seed)
    for number in range(runs):
        order = list(live)
        rng.shuffle(order)
        for case in order:
            case.times.append(run_once(case))
        print(f"  run {number + 1}/{runs} done", file=sys.stderr)


def table(cases: Sequence[Case]) -> str:
    floor = statistics.median(next(c for c in cases if c.name.startswith("floor")).times)
    kinds = next((c for c in cases if c.name.startswith("kinds")), None)
    command_floor = statistics.median(kinds.times) if kinds and kinds.times else float("nan")
    lines = [
        "| command | entries | median (s) | ratio to floor | target | | ratio to `kinds` |",
        "|---|---:|---:|---:|---:|---|---:|",
    ]
    for case in cases:
        size = f"{case.size:,}" if case.size is not None else ""
        target = f"≤ {case.target:.1f}" if case.target is not None else ""
        if not case.available:
            lines.append(f"| `{case.name}` | {size} | n/a | n/a | {target} | not built yet | |")
            continue
        median = statistics.median(case.times)
        ratio = median / floor
        verdict = ""
        if case.target is not None:
            verdict = "meets target" if ratio <= case.target else "**misses target**"
        lines.append(
            f"| `{case.name}` | {size} | {median:.3f} | {ratio:.2f} | {target} | {verdict} "
            f"| {median / command_floor:.2f} |".replace("| nan |", "| |")
        )
    return "\n".join(lines)


def comparison(now: Sequence[Case], before: Sequence[Case]) -> str:
    """Each case timed in both checkouts in the same runs (--compare), as ratios to the floor."""
    floor = statistics.median(next(c for c in now if c.name.startswith("floor")).times)
    old = {(case.name, case.size): case for case in before if case.times}
    lines = [
        "| command | entries | before (s) | now (s) | before, ratio | now, ratio | target |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for case in now:
        match = old.get((case.name, case.size))
        if match is None or not case.times:
            continue
        then, median = statistics.median(match.times), statistics.median(case.times)
        size = f"{case.size:,}" if case.size is not None else ""
        target = f"≤ {case.target:.1f}" if case.target is not None else ""
        lines.append(
            f"| `{case.name}` | {size} | {then:.3f} | {median:.3f} | {then / floor:.2f} "
            f"| {median / floor:.2f} | {target} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="journal sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of every case")
    parser.add_argument("--only", default="", help="only cases whose name contains this text")
    parser.add_argument("--seed", type=int, default=2026, help="for the journals and the order")
    parser.add_argument("--keep", type=Path, help="build the journals here and keep them")
    parser.add_argument(
        "--encrypted",
        action="store_true",
        help="also time add, report and export on encrypted copies of the journals, and the "
        "unlock (Argon2id) on its own",
    )
    parser.add_argument(
        "--src",
        type=Path,
        help="time the therapylog in this src folder (e.g. an older commit's, from git archive)",
    )
    parser.add_argument(
        "--compare",
        type=Path,
        help="also time the therapylog in this src folder, in the same runs, on copies of the "
        "same journals: a before/after table",
    )
    options = parser.parse_args(argv)
    global SOURCE
    SOURCE = options.src.resolve() if options.src else None
    sizes = [int(size.replace("_", "")) for size in options.sizes.split(",") if size]

    import therapylog

    package = SOURCE / "therapylog" if SOURCE else Path(therapylog.__file__).parent
    compileall.compile_dir(package, quiet=1)
    compare = options.compare.resolve() if options.compare else None
    if compare is not None:
        compileall.compile_dir(compare / "therapylog", quiet=1)
    workdir = options.keep or Path(tempfile.mkdtemp(prefix="therapylog-bench-"))
    try:
        started = time.perf_counter()
        journals: dict[int, Path] = {}
        add_journals: dict[int, Path] = {}
        for size in sizes:
            journals[size] = workdir / f"journal-{size}"
            if not journals[size].exists():
                build_journal(journals[size], size, seed=options.seed)
            add_journals[size] = workdir / f"journal-{size}-add"
            shutil.rmtree(add_journals[size], ignore_errors=True)
            shutil.copytree(journals[size], add_journals[size])
        print(f"built journals in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        time.sleep(2.5)  # let the new files settle, so that the index may hold them
        cases = make_cases(journals, add_journals)
        unlock: dict[int, float] = {}
        if options.encrypted:
            encrypted = encrypted_copies(journals, workdir)
            unlock = {size: unlock_seconds(journal) for size, journal in encrypted.items()}
            cases += encrypted_cases(encrypted, add_journals, workdir)
            time.sleep(2.5)
        cases = [
            c for c in cases if options.only in c.name or (c.size is None and c.target is None)
        ]
        before: list[Case] = []
        if compare is not None:  # the same cases on copies of the journals (each keeps its cache)
            copies: dict[Path | None, Path] = {}
            for journal in [*journals.values(), *add_journals.values()]:
                copies[journal] = journal.with_name(journal.name + "-before")
                shutil.rmtree(copies[journal], ignore_errors=True)
                shutil.copytree(journal, copies[journal])
            for case in cases:
                # not the floor (the same for both), nor the encrypted cases (new since)
                if case.argv[1:3] == ["-m", "therapylog"] and not case.env:
                    before.append(Case(case.name, case.argv, case.size, copies.get(case.journal)))
                    before[-1].source, before[-1].available = compare, case.available
                    before[-1].before = case.before and drop_cache(copies[case.journal])
            time.sleep(2.5)
        measure([*cases, *before], options.runs, options.seed)
    finally:
        if options.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"\n{len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()}"
        f" CPUs, Python {sys.version.split()[0]}, {options.runs} runs per case, medians\n"
    )
    print(table(cases))
    if unlock:
        print("\nThe encrypted journal against its targets (unlock: Argon2id, measured alone):\n")
        print(encryption_verdicts(cases, unlock))
    if before:
        print(f"\nThe same runs, before ({compare}) and now:\n")
        print(comparison(cases, before))
    return 0


if __name__ == "__main__":
    sys.exit(main())
