"""Promise: edge values are refused with one line naming the valid range, never a crash.

Every date lies from 1900-01-01 to 2999-12-31 (typed, stored, or a report period); every
number is typed in ASCII digits and within its range; settings are bounded by exactly what
the reports can work with (`check` and `import` refuse the rest); backups must be exactly
what `backup` writes; a journal file above the size cap (`MAX_ENTRY_BYTES`, 1 MB) is never
parsed.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot
from tests.safety.helpers import one_line_error
from therapylog.cli.answers import Answers
from therapylog.cli.interview import Known, interview
from therapylog.data.limits import THRESHOLD_LIMITS
from therapylog.data.model import MAX_ENTRY_BYTES, Thresholds
from therapylog.data.validation import validate
from therapylog.report.renderers import FORMATS

EXAMPLE = Path(__file__).parents[2] / "examples" / "empathic-failures"


def refused(result: object, code: int = 2) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)  # type: ignore[attr-defined]
    line = one_line_error(result.stderr)  # type: ignore[attr-defined]
    assert "internal error" not in line
    return line


@pytest.fixture
def one_entry(cli: Cli, journal_path: Path) -> Path:
    assert cli("add", "--no-input", "--date", "2026-11-01", "--therapist", "A").exit_code == 0
    return journal_path


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "--therapist", "A", "--date", "0001-01-01"], "is before 1900-01-01"),
        (["add", "--therapist", "A", "--date", "1899-12-31"], "is before 1900-01-01"),
        (["add", "--therapist", "A", "--date", "-99999d"], "is before 1900-01-01"),
        (["report", "--since", "0001-01-01"], "is before 1900-01-01"),
        (["report", "--until", "9999-12-31"], "is after 2999-12-31"),
        (["export", "--until", "9999-12-31"], "is after 2999-12-31"),
        (["list", "--since", "0001-01-01"], "is before 1900-01-01"),
        (["report", "--month", "0001-01"], "use a month from 1900-01 to 2999-12"),
        (["report", "--month", "9999-12"], "use a month from 1900-01 to 2999-12"),
        (["add", "--therapist", "A", "--date", "２０２６-01-01"], "is not a date"),
    ],
)
def test_dates_outside_the_range_are_refused(
    cli: Cli, one_entry: Path, args: list[str], message: str
) -> None:
    before = files_snapshot(one_entry)
    assert message in refused(cli(*args, "--no-input") if args[0] == "add" else cli(*args))
    assert files_snapshot(one_entry) == before


def test_the_whole_range_works_in_every_report(cli: Cli, journal_path: Path) -> None:
    for day in ("1900-01-01", "2026-11-01"):
        assert cli("add", "--no-input", "--date", day, "--therapist", "A").exit_code == 0
    stored = journal_path / "entries" / "2999-12-31.toml"
    stored.write_text(
        (journal_path / "entries" / "2026-11-01.toml")
        .read_text()
        .replace("2026-11-01", "2999-12-31")
    )
    stored.chmod(0o600)  # as therapylog makes it: `check` reports files others can read
    assert cli("check").exit_code == 0
    for period in (
        ["--all"],
        ["--since", "1900-01-01", "--until", "2999-12-31"],
        ["--month", "1900-01"],
    ):
        assert cli("report", *period).exit_code == 0, period
        for format_ in FORMATS:
            result = cli("export", *period, "--format", format_)
            assert result.exit_code == 0, (period, format_, result.stderr)


def test_a_stored_date_outside_the_range_is_a_damaged_file_not_a_crash(
    cli: Cli, one_entry: Path
) -> None:
    old = one_entry / "entries" / "0001-01-01.toml"
    old.write_text('schema_version = 1\nid = "0001-01-01"\ndate = 0001-01-01\ntherapist = "A"\n')
    check = cli("check")
    assert check.exit_code == 1 and "0001-01-01 is before 1900-01-01" in check.stderr
    for args in (["report", "--all"], ["export", "--all"], ["list"], ["backup"]):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert "1 damaged file" in result.stderr


# --- numbers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--gad7", "²"],
        ["--phq9", "٣"],
        ["--mood-before", "¹"],
        ["--mood-after", "9" * 5000],
        ["--alliance", "1,2,3,²"],
        ["--alliance", "1,2,3," + "9" * 5000],
        ["--phq9-items", "1,1,1,1,1,1,1,1,²"],
        ["--gad7-items", "1,1,1,1,1,1,٣"],
    ],
)
def test_numbers_that_are_not_ascii_whole_numbers_are_refused(
    cli: Cli, journal_path: Path, args: list[str]
) -> None:
    line = refused(cli("add", "--no-input", "--therapist", "A", *args))
    assert "whole number" in line
    assert not journal_path.exists()


def test_the_interview_asks_again_for_a_superscript_and_keeps_every_other_answer() -> None:
    import datetime as dt

    replies = {
        "Date": ["2026-11-20"],
        "Therapist": ["Dr. Lee"],
        "What happened": ["²", "1"],
        "Mood just before": ["²", "4"],
        "Mood just after": ["٣", "9" * 5000, "6"],
        "Did anything go wrong": ["n"],
        "Rate heard": ["²,1,1,1", "8,9,7,8"],
        "Notes": ["ok"],
    }
    asked: list[str] = []

    def ask(question: str, _default: str) -> str:
        asked.append(question)
        for start, queue in replies.items():
            if question.startswith(start) and queue:
                return queue.pop(0)
        return ""

    answer = interview(
        Known(today=dt.date(2026, 11, 22), last_therapist=None),
        Answers(ask),  # type: ignore[arg-type]
    ).answer
    assert (answer.date.isoformat(), answer.therapist, answer.status) == (
        "2026-11-20", "Dr. Lee", "attended",
    )  # fmt: skip
    assert (answer.mood_before, answer.mood_after, answer.alliance) == (4, 6, "8,9,7,8")
    assert answer.notes == "ok"
    assert all(not queue for queue in replies.values())  # every wrong answer was asked again


@pytest.mark.parametrize("text", ["²", "٣", "9" * 5000])
def test_the_incident_picker_refuses_what_is_not_a_number(text: str) -> None:
    from therapylog.cli.picker import parse_category, parse_kinds
    from therapylog.data.catalogue import INCIDENT_KINDS
    from therapylog.data.errors import InputError

    with pytest.raises(InputError):
        parse_category(text)
    with pytest.raises(InputError):
        parse_kinds(text, INCIDENT_KINDS[:3])


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("mood_window", "1000000000000000000000000000000"),
        ("worse_window", str(2**63)),
        ("alliance_window", "1e20"),
        ("unreliable_days", "3651"),
        ("mood_drop", "inf"),
        ("mood_drop", "nan"),
        ("improvement_gain", "0.0"),
        ("phq9_caseness", "28"),
        ("alliance_cutoff", "41"),
        ("empathic_window", "true"),
        ("empathic_window", "0"),
    ],
)
def test_settings_outside_what_reports_handle_are_refused_by_check_and_import(
    cli: Cli, one_entry: Path, tmp_path: Path, setting: str, value: str
) -> None:
    low, high = THRESHOLD_LIMITS[setting]
    settings = one_entry / "settings.toml"
    settings.write_text(f"schema_version = 1\n[thresholds]\n{setting} = {value}\n")
    check = cli("check")
    assert check.exit_code == 1
    assert f"thresholds.{setting}:" in check.stderr and f"from {low:g} to {high:g}" in check.stderr
    assert cli("report", "--all").exit_code == 0  # the defaults apply meanwhile
    settings.unlink()
    backup = json.loads(cli("backup").stdout)
    backup["settings"] = {
        "thresholds": {setting: json.loads(value) if value not in ("inf", "nan") else float(value)}
    }
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(backup))
    line = refused(cli("--journal", str(tmp_path / "other"), "import", str(path)))
    assert f"settings.thresholds.{setting}:" in line and f"from {low:g} to {high:g}" in line
    assert not (tmp_path / "other").exists()


def _extreme_thresholds(end: int) -> dict[str, int | float]:
    """Every threshold at its lowest (end=0) or highest (end=1) allowed value, adjusted only
    where two thresholds must agree (docs/analysis.md)."""
    values = {name: limits[end] for name, limits in THRESHOLD_LIMITS.items()}
    if end == 1:
        values["mood_edge"] = values["mood_window"] // 2
    return values


@pytest.mark.parametrize("end", [0, 1], ids=["lowest", "highest"])
def test_every_report_works_with_every_threshold_at_its_limit(
    cli: Cli, journal_path: Path, end: int
) -> None:
    shutil.copytree(EXAMPLE, journal_path)
    values = _extreme_thresholds(end)
    assert validate(Thresholds, values)
    lines = "\n".join(f"{name} = {value!r}" for name, value in values.items())
    (journal_path / "settings.toml").write_text(f"schema_version = 1\n[thresholds]\n{lines}\n")
    assert cli("check", "--fix").exit_code == 0  # the copied example is made private too
    assert cli("check").exit_code == 0
    assert cli("report", "--all").exit_code == 0
    assert cli("report", "--all", "--json").exit_code == 0
    for format_ in FORMATS:
        result = cli("export", "--all", "--format", format_)
        assert result.exit_code == 0, (format_, result.stderr)


# --- backups -----------------------------------------------------------------------------------


def _backup(**changes: object) -> str:
    document = {"format": "therapylog-backup", "version": 1, "goals": [], "entries": []}
    document.update(changes)
    return json.dumps(document)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_backup(version=True), "backup version True is not supported"),
        (_backup(version=1.0), "backup version 1.0 is not supported"),
        (
            _backup().replace('"version": 1', '"version": 1, "version": 1'),
            "'version' appears twice",
        ),
        (
            _backup(entries=[{"id": "2026-01-01", "date": "2026-01-01", "therapist": "A"}]).replace(
                '"therapist": "A"', '"therapist": "A", "therapist": "B"'
            ),
            "'therapist' appears twice",
        ),
        ("[" * 100_000, "nested too deeply"),
        ('{"a": ' * 100_000, "nested too deeply"),
        (
            _backup(goals=[1] * 2 + [int("9" * 4000)]).replace("9" * 4000, "9" * 5000),
            "far too long",
        ),
    ],
)
def test_a_backup_that_backup_would_not_write_is_refused(
    cli: Cli, journal_path: Path, tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "backup.json"
    path.write_text(text)
    assert message in refused(cli("import", str(path)))
    assert not journal_path.exists()


def test_import_reads_only_a_regular_file(cli: Cli, journal_path: Path, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero"), tmp_path):
        assert "not a regular file" in refused(cli("import", str(path)))
    assert not journal_path.exists()


def test_backup_settings_not_applied_are_named(cli: Cli, one_entry: Path, tmp_path: Path) -> None:
    """Local settings are never replaced by an import; it says so only when they differ."""
    backup = json.loads(cli("backup").stdout)
    path = tmp_path / "backup.json"
    settings = one_entry / "settings.toml"
    settings.write_text("schema_version = 1\n[thresholds]\nempathic_window = 8\n")
    present = "imported 0 entries; 1 already present"
    for backed_up, said in (
        (
            {"empathic_window": 10},
            f"; the backup's settings differ; kept this journal's {settings}",
        ),
        ({"empathic_window": 8}, ""),  # the same settings
        (None, ""),  # a backup without settings
    ):
        document = backup | ({"settings": {"thresholds": backed_up}} if backed_up else {})
        path.write_text(json.dumps(document))
        result = cli("import", str(path))
        assert (result.exit_code, result.stdout) == (0, f"{present}{said}\n")
    settings.write_text("garbage = [")
    path.write_text(json.dumps(backup | {"settings": {"thresholds": {"empathic_window": 10}}}))
    result = cli("import", str(path))
    assert (result.exit_code, result.stdout) == (
        0,
        f"{present}; the backup's settings were not applied: {settings} cannot be read "
        "(run `therapylog check`)\n",
    )
    assert settings.read_text() == "garbage = ["


# --- small gaps ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["add", "--no-input", "--therapist", "A", "--date", ""],
        ["add", "--no-input", "--therapist", "A", "--date", "  "],
        ["list", "--since", ""],
        ["list", "--until", ""],
        ["report", "--since", ""],
        ["report", "--until", ""],
        ["export", "--since", ""],
        ["therapists", "end", "A", "--date", ""],
        ["--journal", "", "list"],
        ["--journal", " ", "add", "--no-input", "--therapist", "A"],
        ["export", "--output", ""],
        ["backup", "--output", ""],
    ],
)
def test_empty_option_values_are_refused(cli: Cli, one_entry: Path, args: list[str]) -> None:
    before = files_snapshot(one_entry)
    refused(cli(*args))
    assert files_snapshot(one_entry) == before


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "-1", "1e9", "soon"])
def test_a_lock_timeout_that_is_not_a_sane_number_of_seconds_is_refused(
    cli: Cli, one_entry: Path, value: str
) -> None:
    result = cli("add", "--no-input", "--therapist", "A", env={"THERAPYLOG_LOCK_TIMEOUT": value})
    assert "THERAPYLOG_LOCK_TIMEOUT" in refused(result) and "from 0 to 3600" in result.stderr


@pytest.mark.parametrize("value", ["0", "0.5", "3600"])
def test_a_lock_timeout_from_0_to_3600_seconds_is_taken(
    cli: Cli, one_entry: Path, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from therapylog.journal.storage import Journal

    monkeypatch.setenv("THERAPYLOG_LOCK_TIMEOUT", value)
    assert Journal(one_entry).lock_timeout == float(value)
    result = cli("add", "--no-input", "--date", "2026-11-02", "--therapist", "A")
    assert (result.exit_code, result.stderr) == (0, "")


# --- the size cap ------------------------------------------------------------------------------


def test_an_explicit_lock_timeout_wins_over_the_environment(
    one_entry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shell completion reads with a timeout of 0, whatever THERAPYLOG_LOCK_TIMEOUT says."""
    from therapylog.journal.storage import Journal

    monkeypatch.setenv("THERAPYLOG_LOCK_TIMEOUT", "soon")
    assert Journal(one_entry, lock_timeout=0).lock_timeout == 0


def test_an_entry_that_grows_past_the_cap_while_read_is_not_read_whole(
    cli: Cli, one_entry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program appends to a file after its size was measured (here: the size it
    reports is stale): reading stops once more than the cap has come in."""
    import os as real_os
    from types import SimpleNamespace

    from therapylog.journal import fsutil

    grown = one_entry / "entries" / "2026-11-02.toml"
    grown.write_bytes(b"#" * (3 * MAX_ENTRY_BYTES))
    grown.chmod(0o600)
    read_in = []

    class StaleSize:
        def __getattr__(self, name: str) -> object:
            return getattr(real_os, name)

        def fstat(self, fd: int) -> object:
            info = real_os.fstat(fd)
            return SimpleNamespace(st_mode=info.st_mode, st_size=10)

        def read(self, fd: int, size: int) -> bytes:
            chunk = real_os.read(fd, size)
            if real_os.readlink(f"/proc/self/fd/{fd}") == str(grown):
                read_in.append(len(chunk))
            return chunk

    monkeypatch.setattr(fsutil, "os", StaleSize())
    check = cli("check")
    monkeypatch.setattr(fsutil, "os", real_os)
    assert check.exit_code == 1
    (line,) = [line for line in check.stderr.splitlines() if "2026-11-02" in line]
    assert line.startswith(f"{grown}: the file is ")
    assert line.endswith(
        " bytes, more than the 1,000,000 bytes (1 MB) a journal file may hold; it is not read"
    )
    assert MAX_ENTRY_BYTES < sum(read_in) <= MAX_ENTRY_BYTES + 65536


def test_a_keys_file_above_its_cap_is_refused_in_one_line(cli: Cli, one_entry: Path) -> None:
    """The keys file (encryption.toml) is never above 64 KiB: a bigger one is not read."""
    keys = one_entry / "encryption.toml"
    with keys.open("wb") as handle:
        handle.truncate(64 * 1024 + 1)
    before = files_snapshot(one_entry)
    result = cli("add", "--no-input", "--date", "2026-11-02", "--therapist", "A")
    assert refused(result, code=1) == f"therapylog: cannot read {keys}: file too large"
    assert files_snapshot(one_entry) == before


def test_a_huge_sparse_file_named_like_an_entry_is_damaged_and_cheap(
    cli: Cli, one_entry: Path
) -> None:
    huge = one_entry / "entries" / "2026-11-02.toml"
    with huge.open("wb") as handle:
        handle.truncate(1 << 30)  # a gigabyte, costing nothing on disk
    started = time.monotonic()
    check = cli("check")
    assert check.exit_code == 1
    assert (
        "2026-11-02.toml: the file is 1,073,741,824 bytes, more than the 1,000,000" in check.stderr
    )
    for args in (["list"], ["report", "--all"], ["export", "--all"], ["backup"]):
        result = cli(*args)
        assert result.exit_code == 0 and "1 damaged file" in result.stderr, args
    assert time.monotonic() - started < 10  # reading it whole took 9 s per command
    assert huge.stat().st_size == 1 << 30


def test_a_file_just_at_the_cap_is_read(cli: Cli, one_entry: Path) -> None:
    path = one_entry / "entries" / "2026-11-01.toml"
    data = path.read_bytes()
    path.write_bytes(data + b"#" * (MAX_ENTRY_BYTES - len(data) - 1) + b"\n")
    assert len(path.read_bytes()) == MAX_ENTRY_BYTES
    assert cli("check").exit_code == 0
    path.write_bytes(path.read_bytes() + b"\n")
    assert cli("check").exit_code == 1


@pytest.mark.parametrize("option", ["--note", "--tag", "--incident"])
def test_add_refuses_a_value_that_would_pass_the_cap(
    cli: Cli, journal_path: Path, option: str
) -> None:
    value = "x" * MAX_ENTRY_BYTES
    if option == "--incident":
        value = f"dismissive: {value}"
    line = refused(cli("add", "--no-input", "--therapist", "A", option, value))
    assert "more than the 1,000,000 bytes (1 MB) an entry may hold" in line
    assert not journal_path.exists()


def test_edit_refuses_a_file_that_would_pass_the_cap(
    cli: Cli, one_entry: Path, tmp_path: Path
) -> None:
    import sys

    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        f"p.write_text(p.read_text() + '#' * {MAX_ENTRY_BYTES})\n"
    )
    before = files_snapshot(one_entry / "entries")
    line = refused(cli("edit", "2026-11-01", env={"EDITOR": f"{sys.executable} {script}"}))
    assert "more than the 1,000,000 bytes" in line and "your edit was kept in" in line
    assert files_snapshot(one_entry / "entries") == before


def test_a_goal_title_longer_than_200_characters_is_refused(cli: Cli, journal_path: Path) -> None:
    """Goals share the size cap of every journal file: one title cannot fill it."""
    assert "is longer than 200 characters" in refused(cli("goals", "add", "x" * 201))
    assert not (journal_path / "goals.toml").exists()
    assert cli("goals", "add", "x" * 200).exit_code == 0
