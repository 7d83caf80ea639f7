"""Text from journal files is shown, never obeyed (docs/data-safety.md, promise 16).

Hostile strings (escape sequences such as OSC 52, which writes to the clipboard, CSI that
clears the screen, BEL, the one-character C1 forms U+009B and U+009D, Rich markup, NUL, RTL
overrides, unpaired surrogates, very long values) are put in every field a journal holds:
therapist, notes, incident notes, tags, goal titles, hand-edited TOML keys and file names.
Then every command and output format runs, in-process and in a real process, and no control
character (C0 but tab and newline, DEL, C1) may reach stdout or stderr, and no command may end
in an internal error. JSON keeps the text exactly, with the controls escaped.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import Cli, files_snapshot
from tests.safety.helpers import run_therapylog
from therapylog.cli import context
from therapylog.data.model import MAX_ENTRY_BYTES, Entry
from therapylog.data.validation import validate
from therapylog.journal import codec, drafts

#: What must never reach a terminal. Tab and newline are text; everything else here is not.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: What each command's exit code may be: done, a journal problem, bad input, cancelled.
EXIT_CODES = {0, 1, 2, 130}

OSC52 = "\x1b]52;c;SGVsbG8=\x07"
OSC52_ST = "\x1b]52;c;SGVsbG8=\x1b\\"
PIECES = (
    OSC52,
    OSC52_ST,
    "\x1b[2J",
    "\x1b[31m",
    "\x1b]0;new title\x07",
    "\x1bP+q\x1b\\",  # DCS
    "\x07",
    "\x08\x08",
    "\r",
    "\x00",
    "\x7f",
    "\x9b2J",  # C1 CSI
    "\x9d52;c;SGVsbG8=\x9c",  # C1 OSC ... ST
    "\u202e",  # right-to-left override
    "[bold red]x[/]",
    "[link=https://example.org]click[/link]",
    ":smile:",
    "\udcff",  # an unpaired surrogate: what Python makes of a byte that is not UTF-8
    "Dr. Lee",
    " ",
    "\n",
    "\t",
)
#: Long values. The fast test stays below a few tens of KB (showing a note of hundreds of KB
#: takes Rich seconds); the slow one reaches the size cap (MAX_ENTRY_BYTES): a note, an
#: incident note and a tag of up to five pieces each, so that some entries come near the cap
#: and some would pass it and must be refused.
_piece = st.sampled_from(PIECES) | st.text(max_size=8)
hostile = st.lists(_piece | st.just("x" * 5000), min_size=1, max_size=5).map("".join)
hostile_up_to_the_cap = st.lists(
    _piece | st.sampled_from(("x" * 5000, "y" * (MAX_ENTRY_BYTES // 8))), min_size=1, max_size=5
).map("".join)
#: A handful of examples in the fast suite (each runs some thirty commands); many in the slow one.
FEW = settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
MANY = settings(FEW, max_examples=60)


def assert_inert(result: object, what: str) -> None:
    """The command ended normally and printed nothing a terminal could act on."""
    code = result.exit_code  # type: ignore[attr-defined]
    out, err = result.stdout, result.stderr  # type: ignore[attr-defined]
    assert code in EXIT_CODES, (what, code, err)
    assert "internal error" not in err and "Traceback" not in err, (what, err)
    for name, stream in (("stdout", out), ("stderr", err)):
        found = CONTROL.search(stream)
        assert found is None, (what, name, repr(found.group()), stream[:500])


def _filename(text: str) -> str | None:
    """``text`` as a file name the OS accepts, or None."""
    name = text.replace("/", "_").replace("\x00", "_")[:100] + ".toml"
    try:
        encoded = os.fsencode(name)
    except UnicodeEncodeError:
        return None
    return name if len(encoded) < 250 else None


def _hand_edited(journal: Path, key: str, progress_key: str, file_name: str | None) -> None:
    """Files a person (or a sync) could have written: hostile keys, a hostile file name."""
    entries = journal / "entries"
    for folder in (journal, entries):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    base = {"schema_version": 1, "date": "2026-11-01", "therapist": "Dr. Lee"}
    documents = {
        "2026-11-01.toml": {**base, "id": "2026-11-01", key: 1},
        "2026-11-02.toml": {
            **base,
            "id": "2026-11-02",
            "date": "2026-11-02",
            "progress": {progress_key: "slight"},
        },
    }
    if file_name is not None:
        documents[file_name] = {**base, "id": "2026-11-03", "date": "2026-11-03"}
    for name, document in documents.items():
        with_surrogates = json.dumps(document)  # TOML cannot hold an unpaired surrogate
        if "\\ud" in with_surrogates:
            continue
        path = entries / name
        path.write_bytes(tomli_w.dumps(document).encode("utf-8"))
        path.chmod(0o600)


def run_everything(cli: Cli, text: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Put ``text`` in every field, run every command; yields each command's name."""
    with tempfile.TemporaryDirectory() as folder:
        journal = Path(folder) / "journal"
        env = {"THERAPYLOG_JOURNAL": str(journal)}

        def run(*args: str, input: str | None = None) -> object:
            result = cli(*args, input=input, env=env)
            assert_inert(result, " ".join(args)[:80])
            return result

        run("goals", "add", text, "--id", "g1")
        run("goals", "add", text)
        yield "goals add"
        added = run(
            "add", "--no-input", "--date", "2026-11-20", "--therapist", text, "--note", text,
            "--incident", f"dismissive: {text}", "--tag", text, "--progress", "g1=slight",
        )  # fmt: skip
        run("add", "--no-input", "--date", "2026-11-21", "--therapist", text, "--json")
        long_add = run(
            "add", "--no-input", "--date", "2026-11-19", "--therapist", "Dr. Lee", "--note", text,
            "--incident", f"dismissive: {text}", "--tag", text,
        )  # fmt: skip
        assert long_add.exit_code in (0, 2)  # type: ignore[attr-defined]
        if len(text.encode("utf-8", "surrogatepass")) * 3 > MAX_ENTRY_BYTES:  # past the cap
            assert long_add.exit_code == 2  # type: ignore[attr-defined]
            refused = long_add.stderr  # type: ignore[attr-defined]
            assert f"more than the {MAX_ENTRY_BYTES:,} bytes" in refused or "UTF-8" in refused
        yield "add"
        _hand_edited(journal, text, text, _filename(text))
        entry_id = "2026-11-20" if added.exit_code == 0 else "2026-11-21"  # type: ignore[attr-defined]
        for args in (
            ("list",),
            ("list", "--json"),
            ("list", "--therapist", text),
            ("list", "--csv"),
            ("list", "--grep", text),
            ("list", "--tag", text, "--json"),
            ("search", text),
            ("search", text, "--json"),
            ("tags",),
            ("tags", "--json"),
            ("status",),
            ("show", entry_id),
            ("show", entry_id, "--json"),
            ("show", "2026-11-01"),  # the unknown key, quoted
            ("show", "2026-11-02"),  # the progress key, quoted
            ("show", text),  # an id that is not one, quoted
            ("goals", "list", "--all"),
            ("goals", "list", "--json"),
            ("report", "--all"),
            ("report", "--all", "--json"),
            ("report", "--all", "--therapist", "nobody"),  # lists the therapists' names
            ("report", "--all", "--therapist", text),
            ("export", "--all", "--with-notes"),
            ("export", "--all", "--format", "html", "--with-notes"),
            ("export", "--all", "--format", "json", "--with-notes"),
            ("export", "--all", "--for", "me"),
            ("export", "--all", "--for", "me", "--format", "html"),
            ("export", "--all", "--for", "me", "--format", "json"),
            ("export", "--all", "--for", "me", "--no-notes", "--format", "json"),
            ("export", "--all", "--for", "consultation"),
            ("export", "--all", "--for", "consultation", "--format", "html"),
            ("export", "--all", "--for", "consultation", "--format", "json"),
            ("check",),
            ("backup",),
            ("therapists",),
            ("therapists", "--json"),
            ("therapists", "end", text, "--note", text),
            ("therapists", "rename", text, f"{text} 2"),
            ("therapists", "merge", "nobody", text),  # unknown: the error names who is known
            ("therapists",),
            ("report", "--all"),  # an ended course, told as the past
            ("export", "--all", "--format", "html"),
        ):
            run(*args)
            yield " ".join(args)
        monkeypatch.setattr(context, "is_interactive", lambda: True)
        run("rm", entry_id, input="n\n")  # the confirmation names the therapist
        yield "rm prompt"
        run("add", input="\n" * 40)  # the interview offers the last therapist as default
        yield "interview"
        if "\\ud" not in json.dumps(text):  # a hand-edited draft of an unfinished interview
            started = dt.datetime(2026, 11, 22, 9, 30)
            drafts.save_draft(journal, drafts.Draft(started, {"therapist": text, "notes": text}))
            run("add", input="\n" * 40)  # continues it, showing what it kept
            run("add", "--no-input", "--therapist", "Dr. Lee")  # reminds of it
        yield "draft"
        monkeypatch.setattr(context, "is_interactive", lambda: False)


@given(text=hostile)
@example(text=OSC52_ST + "\x9b2J\x9d52;c;SGVsbG8=\x9c [bold red]x[/] \u202e\x00\x07\x7f")
@example(text="[link=https://example.org]click[/link]\udcff" + "y" * 20000)
@FEW
def test_hostile_text_in_every_field_reaches_no_terminal_as_control(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    ran = list(run_everything(cli, text, monkeypatch))
    assert ran[-1] == "draft", ran  # every command ran


@pytest.mark.slow
@given(text=hostile_up_to_the_cap)
@MANY
def test_many_more_hostile_strings_reach_no_terminal_as_control(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    ran = list(run_everything(cli, text, monkeypatch))
    assert ran[-1] == "draft", ran


def test_json_keeps_hostile_text_exactly_with_every_control_escaped(cli: Cli) -> None:
    text = f"a{OSC52_ST}b\x9b2J\x7f\x9d0;t\x9c [bold]c[/]"
    assert cli("add", "--no-input", "--therapist", "Dr. Lee", "--note", text).exit_code == 0
    for args in (
        ("show", "2026-11-22", "--json"),
        ("list", "--json"),
        ("backup",),
        ("export", "--for", "me", "--format", "json"),
    ):
        out = cli(*args).stdout
        assert CONTROL.search(out) is None, args
        assert "\\u009b" in out and "\\u009d" in out and "\\u007f" in out, args
        assert json.dumps(text) in json.dumps(json.loads(out)), args  # the exact text back


def test_colour_is_the_only_escape_sequence_on_a_colour_terminal(cli: Cli) -> None:
    """With colour on, Rich's own styles remain; nothing from the file does."""
    cli("add", "--no-input", "--therapist", f"Dr. {OSC52}", "--incident", f"dismissive: {OSC52_ST}")
    cli("goals", "add", "x\x9b2J [bold]y[/]", "--id", "g")
    colour = {"NO_COLOR": None, "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    for args in (("show", "2026-11-22"), ("goals", "list"), ("report",)):
        result = cli(*args, env=colour)  # type: ignore[arg-type]
        assert result.exit_code == 0, result.stderr
        assert "\x1b[" in result.stdout, args  # colour or bold is on ...
        styles_removed = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
        assert CONTROL.search(styles_removed) is None, (args, styles_removed)  # ... and only it
    assert "\ufffd]52;c;SGVsbG8=\ufffd" in cli("show", "2026-11-22").stdout  # shown, harmless


def test_rich_markup_in_user_text_is_shown_as_typed(cli: Cli) -> None:
    cli("add", "--no-input", "--therapist", "[bold red]Dr. X[/]", "--note", "[link=https://e.org]y")
    cli("goals", "add", "[blink]goal[/blink]", "--id", "g")
    assert "[bold red]Dr. X[/]" in cli("show", "2026-11-22").stdout
    assert "[link=https://e.org]y" in cli("show", "2026-11-22").stdout
    assert "[blink]goal[/blink]" in cli("goals", "list").stdout


def test_messages_quoting_a_hand_edited_file_are_inert(cli: Cli, journal_path: Path) -> None:
    name = _filename(f"\x1b]0;t\x07{OSC52}")
    _hand_edited(journal_path, "\x1b[2Jkey", "\x9d52;c;SGVsbG8=\x9c", name)
    for args in (("check",), ("show", "2026-11-01"), ("show", "2026-11-02"), ("list",)):
        result = cli(*args)
        assert_inert(result, " ".join(args))
    check = cli("check").stderr
    assert "\ufffd[2Jkey" in check  # shown, with the escape made visible
    assert "\ufffd]0;t\ufffd" in check  # the file name too


@pytest.mark.e2e
@pytest.mark.parametrize("text", [OSC52_ST, "\x9b2J\x9d52;c;SGVsbG8=\x9c\x1b[31m[bold]x[/]"])
def test_hostile_text_through_a_real_process(
    proc_env: dict[str, str], journal_path: Path, text: str
) -> None:
    """The same through `python -m therapylog`: real stdout and stderr, real encodings."""
    added = run_therapylog(
        "add", "--no-input", "--therapist", text, "--note", text, "--tag", text,
        "--incident", f"dismissive: {text}", env=proc_env,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    run_therapylog("goals", "add", text, "--id", "g", env=proc_env)
    _hand_edited(journal_path, text, text, _filename(text))
    for args in (
        ("show", "2026-11-22"),
        ("show", "2026-11-22", "--json"),
        ("list",),
        ("goals", "list"),
        ("report", "--all"),
        ("report", "--all", "--json"),
        ("report", "--therapist", "nobody"),
        ("export", "--all", "--format", "json"),
        ("check",),
        ("show", "2026-11-01"),
        ("backup",),
    ):
        result = run_therapylog(*args, env=proc_env)
        assert result.returncode in EXIT_CODES, (args, result.stderr)
        assert "internal error" not in result.stderr, (args, result.stderr)
        for stream in (result.stdout, result.stderr):
            assert CONTROL.search(stream) is None, (args, stream[:400])


@pytest.mark.e2e
def test_a_file_name_that_is_not_utf8_is_reported_without_an_internal_error(
    proc_env: dict[str, str], journal_path: Path
) -> None:
    """Bytes that are not UTF-8 in a file name reach Python as unpaired surrogates."""
    run_therapylog("add", "--no-input", "--therapist", "Dr. Lee", env=proc_env)
    name = os.fsencode(journal_path / "entries") + b"/\xff\x1b]0;title\x07.toml"
    with open(name, "wb") as handle:
        handle.write(b"schema_version = 1\n")
    os.chmod(name, 0o600)
    for args in (("check",), ("list",), ("report", "--json"), ("list", "--json")):
        result = run_therapylog(*args, env=proc_env)
        assert result.returncode in EXIT_CODES, (args, result.stderr)
        assert "internal error" not in result.stderr, (args, result.stderr)
        for stream in (result.stdout, result.stderr):
            assert CONTROL.search(stream) is None, (args, stream[:400])


def test_the_console_itself_replaces_what_a_renderer_forgot(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The last check: a renderable that holds raw controls is still printed inert."""
    from rich.table import Table
    from rich.text import Text

    table = Table()
    table.add_column(Text(f"head{OSC52}"))
    table.add_row(Text("cell \x9b2J \x1b[2J"), "[bold]markup[/bold]")
    context.console().print(table)
    out = capsys.readouterr().out
    assert CONTROL.search(out) is None, out
    assert "[bold]markup[/bold]" in out and "\ufffd[2J" in out


def test_json_text_escapes_what_json_dumps_leaves_raw() -> None:
    from therapylog.data.safetext import json_text

    value = {"k\x9b": "a\x7f\x9b\x9d\x1b\udcffé ✓"}
    text = json_text(value)
    assert CONTROL.search(text) is None and "\udcff" not in text
    assert "é ✓" in text  # readable UTF-8 otherwise
    assert json.loads(text) == value


def test_there_is_one_cleaner_and_one_way_to_the_terminal() -> None:
    """No module keeps a second copy of the cleaner or writes past the choke point.

    A second copy drifts (one already missed C1), and a `typer.echo` or `json.dumps` outside
    `cli/context.py` is a path to the terminal that nothing cleans.
    """
    source = Path(__file__).resolve().parents[2] / "src" / "therapylog"
    allowed = {
        "data/safetext.py",  # the cleaner itself
        "cli/context.py",  # the choke point
        "cli/app.py",  # the error boundary (cleans with safetext)
        "cli/inert_console.py",  # the console's own check
        "cli/listing.py",  # writes its own colour codes; its cells are cleaned (promise 16)
        "journal/index.py",  # the derived index, never shown
        "journal/rescue.py",  # the rescue file: ASCII JSON, never shown
    }
    forbidden = re.compile(
        r"typer\.(echo|prompt|confirm)\(|sys\.std(out|err)\.write\(|json\.dumps\(|"
        r"\\ufffd|isprintable\(\) else|(?<![.\w])print\("
    )
    offenders = [
        f"{path.relative_to(source)}:{number}: {line.strip()}"
        for path in sorted(source.rglob("*.py"))
        if str(path.relative_to(source)) not in allowed
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if forbidden.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []


def test_an_entry_up_to_the_size_cap_is_kept_and_shown_inert_one_byte_more_is_refused(
    cli: Cli, journal_path: Path
) -> None:
    """The cap (docs/data-safety.md, promise 6) holds for hostile text: a note that makes the
    entry exactly MAX_ENTRY_BYTES is saved and shown inert; one more byte is exit 2."""
    hostile_part = f"{OSC52_ST} \x9b2J [bold]x[/] \u202e "
    base = {"id": "2026-11-22", "date": "2026-11-22", "therapist": "Dr. Lee"}
    size = len(codec.entry_to_toml(validate(Entry, {**base, "notes": hostile_part})))
    note = hostile_part + "y" * (MAX_ENTRY_BYTES - size)
    assert len(codec.entry_to_toml(validate(Entry, {**base, "notes": note}))) == MAX_ENTRY_BYTES
    saved = cli("add", "--no-input", "--therapist", "Dr. Lee", "--note", note)
    assert saved.exit_code == 0, saved.stderr[:300]
    for args in (
        ("show", "2026-11-22", "--json"),
        ("list",),
        ("export", "--for", "me"),
        ("check",),
    ):
        assert_inert(cli(*args), " ".join(args))
    before = files_snapshot(journal_path)
    refused = cli("add", "--no-input", "--therapist", "Dr. Lee", "--note", note + "y")
    assert refused.exit_code == 2
    assert f"more than the {MAX_ENTRY_BYTES:,} bytes (1 MB) an entry may hold" in refused.stderr
    assert files_snapshot(journal_path) == before
