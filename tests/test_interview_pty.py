"""The guided interview of `add`, driven in a real pseudo-terminal as a person would."""

from __future__ import annotations

import io
import os
import re
import signal
import sys
import time
import tomllib
from pathlib import Path

import pexpect
import pytest

from tests.conftest import Cli

pytestmark = pytest.mark.e2e

USUAL = r"Today's session with Dr\. Lee took place as planned\? \[Y/n\]: "
#: The prompts of `add` before this interview: date, therapist, what happened, two moods,
#: "did anything go wrong", alliance and notes, plus one per active goal.
PROMPTS_BEFORE = 8


class Interview:
    """`therapylog add` in a pseudo-terminal, counting the prompts it answers."""

    def __init__(self, journal_path: Path, *, rows: int = 40, columns: int = 100) -> None:
        env = {**os.environ, "THERAPYLOG_JOURNAL": str(journal_path), "TERM": "dumb"}
        for size in ("COLUMNS", "LINES"):  # the terminal's own size, as in real use
            env.pop(size, None)
        self.transcript = io.StringIO()
        self.child = pexpect.spawn(
            sys.executable, ["-m", "therapylog", "add"], env=env, encoding="utf-8", timeout=40,
            dimensions=(rows, columns), preexec_fn=_default_sigint,
        )  # fmt: skip
        self.child.logfile_read = self.transcript
        # pexpect waits 50 ms before every send, for programs that switch the terminal's mode
        # after their prompt and would drop what came early. therapylog never switches it (its
        # prompts read whole lines), and every answer is sent after its prompt has appeared.
        self.child.delaybeforesend = None
        self.sent: list[str] = []

    def answer(self, prompt: str, text: str) -> None:
        self.child.expect(prompt)
        self.child.sendline(text)
        self.sent.append(text)

    @property
    def prompts(self) -> int:
        return len(self.sent)

    def expect(self, pattern: str) -> None:
        self.child.expect(pattern)

    def finish(self, entry_id: str = "2026-11-22") -> int:
        self.child.expect(entry_id)
        self.child.expect(pexpect.EOF)
        self.child.close()
        return int(self.child.exitstatus)

    def stopped(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)


def _default_sigint() -> None:
    # A test run started in the background (nohup, `cmd &` in a script) inherits an ignored
    # SIGINT, and Ctrl-C would then do nothing at all: give the terminal its usual meaning.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def saved(journal_path: Path, entry_id: str = "2026-11-22") -> dict[str, object]:
    return tomllib.loads((journal_path / "entries" / f"{entry_id}.toml").read_text())


def draft(journal_path: Path) -> Path:
    return journal_path / "drafts" / "add.toml"


@pytest.fixture
def lee(cli: Cli) -> None:
    """A journal with one earlier session with Dr. Lee (nothing wrong in it), whose PHQ-9 and
    GAD-7 make the questionnaires not due at the default, monthly, rhythm."""
    cli(
        "add", "--no-input", "--therapist", "Dr. Lee", "--date", "-7d", "--phq9", "4", "--gad7", "3"
    )


def test_a_typical_session_takes_fewer_prompts_than_before(
    cli: Cli, journal_path: Path, lee: None
) -> None:
    cli("goals", "add", "Sleep through the night", "--id", "sleep")
    run = Interview(journal_path)
    run.answer(USUAL, "")
    run.answer(r"Mood just before \(0-10\): ", "4")
    run.answer(r"Mood just after \(0-10\): ", "6")
    run.answer(r"Did anything go wrong\? \[y/N\]: ", "")
    run.answer(r"  Sleep through the night: ", "slight")
    run.answer(r"Rate heard, goals, approach, overall .*: ", "8,9,7,8")
    run.answer(r"Notes \(optional\): ", "Good session overall.")
    assert run.finish() == 0  # and no prompt more: the entry id follows the notes
    assert run.prompts == 7
    assert run.prompts <= PROMPTS_BEFORE + 1
    entry = saved(journal_path)
    assert (entry["therapist"], entry["status"]) == ("Dr. Lee", "attended")
    assert (entry["mood_before"], entry["mood_after"]) == (4, 6)
    assert entry["progress"] == {"sleep": "slight"}
    assert "incidents" not in entry
    assert entry["notes"] == "Good session overall."
    assert not draft(journal_path).exists()


def test_another_day_therapist_or_status_is_asked_when_the_usual_is_declined(
    journal_path: Path, lee: None
) -> None:
    run = Interview(journal_path)
    run.answer(USUAL, "n")
    run.answer(r"Date .*\[today\]: ", "yesterday")
    run.answer(r"Therapist \[Dr\. Lee\]: ", "")
    run.expect("therapist-cancelled - the therapist cancelled")
    run.answer(r"What happened \[1\]: ", "2")
    run.answer(r"Did anything go wrong\? ", "")
    run.answer(r"Notes \(optional\): ", "Cancelled by text an hour before.")
    assert run.finish("2026-11-21") == 0
    entry = saved(journal_path, "2026-11-21")
    assert entry["status"] == "therapist-cancelled"
    assert "mood_before" not in entry


def test_an_invalid_answer_is_explained_and_asked_again(journal_path: Path, lee: None) -> None:
    run = Interview(journal_path)
    run.answer(USUAL, "")
    run.answer(r"Mood just before \(0-10\): ", "11")
    run.expect("not a whole number from 0 to 10")
    run.answer(r"Mood just before \(0-10\): ", "4")
    run.answer(r"Mood just after \(0-10\): ", "")
    run.answer(r"Compared with before, you felt .*: ", "better")
    run.answer(r"Did anything go wrong\? ", "")
    run.answer(r"Rate heard.*: ", "")
    run.answer(r"Notes \(optional\): ", "")
    assert run.finish() == 0
    assert (saved(journal_path)["mood_before"], saved(journal_path)["felt"]) == (4, "better")


def test_ctrl_c_before_any_answer_saves_nothing(journal_path: Path, lee: None) -> None:
    run = Interview(journal_path)
    run.expect(USUAL)
    run.child.sendintr()
    run.expect("cancelled; nothing was saved")
    assert run.stopped() == 130
    assert [p.name for p in (journal_path / "entries").iterdir()] == ["2026-11-15.toml"]
    assert not draft(journal_path).exists()


def _begin_with_incident(run: Interview) -> None:
    run.answer(USUAL, "")
    run.answer(r"Mood just before \(0-10\): ", "3")
    run.answer(r"Mood just after \(0-10\): ", "5")
    run.answer(r"Did anything go wrong\? \[y/N\]: ", "y")
    run.answer(r"Which kind\? .*: ", "forgot")
    run.answer(r"Which\? Numbers or names.*: ", "forgot-details")
    run.answer(r"forgot-details: a short note \(optional\): ", "asked my sister's name again")


def _continue_after_stop(journal_path: Path) -> None:
    run = Interview(journal_path)
    run.answer(r"You have an unfinished entry from today, \d\d:\d\d: continue\? \[Y/n\]: ", "")
    run.expect("Continuing your unfinished entry")
    # The interview goes on where it stopped: the first questions are not asked again.
    run.answer(r"Did they acknowledge it and make it right\? \[y/N\]: ", "")
    run.answer(r"Anything else\? .*: ", "")
    run.answer(r"Rate heard.*: ", "")
    run.answer(r"Notes \(optional\): ", "kept after all")
    assert run.finish() == 0
    entry = saved(journal_path)
    assert (entry["mood_before"], entry["mood_after"]) == (3, 5)
    assert entry["incidents"] == [
        {"kind": "forgot-details", "note": "asked my sister's name again", "repaired": False}
    ]
    assert entry["notes"] == "kept after all"
    assert not draft(journal_path).exists()


def test_ctrl_c_keeps_every_answer_and_the_next_add_continues(
    journal_path: Path, lee: None
) -> None:
    run = Interview(journal_path)
    _begin_with_incident(run)
    run.expect(r"make it right\? \[y/N\]: ")
    run.child.sendintr()
    run.expect("stopped; your answers are kept for `therapylog add` to continue")
    assert run.stopped() == 130
    assert draft(journal_path).stat().st_mode & 0o777 == 0o600
    assert not (journal_path / "entries" / "2026-11-22.toml").exists()
    _continue_after_stop(journal_path)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGHUP], ids=["SIGKILL", "SIGHUP"])
def test_a_crash_or_a_closed_terminal_keeps_every_answer(
    journal_path: Path, lee: None, how: signal.Signals
) -> None:
    run = Interview(journal_path)
    _begin_with_incident(run)
    run.expect(r"make it right\? \[y/N\]: ")  # the note was taken: it is in the draft
    run.child.kill(how)
    run.child.expect(pexpect.EOF)
    run.child.close()
    assert run.child.signalstatus == how
    _continue_after_stop(journal_path)


def test_ctrl_d_keeps_the_answers_too(journal_path: Path, lee: None) -> None:
    run = Interview(journal_path)
    run.answer(USUAL, "")
    run.answer(r"Mood just before \(0-10\): ", "3")
    run.expect(r"Mood just after \(0-10\): ")
    run.child.sendeof()
    run.expect("your answers are kept")
    assert run.stopped() == 130
    assert 'mood_before = "3"' in draft(journal_path).read_text()


def test_declining_the_unfinished_entry_sets_it_aside_and_starts_afresh(
    journal_path: Path, lee: None
) -> None:
    run = Interview(journal_path)
    run.answer(USUAL, "")
    run.answer(r"Mood just before \(0-10\): ", "3")
    run.expect(r"Mood just after")
    run.child.sendintr()
    assert run.stopped() == 130
    again = Interview(journal_path)
    again.answer(r"continue\? \[Y/n\]: ", "n")
    again.expect("Starting afresh; the unfinished entry is kept in")
    again.answer(USUAL, "")
    again.answer(r"Mood just before \(0-10\): ", "7")
    again.expect(r"Mood just after")
    again.child.sendintr()
    assert again.stopped() == 130
    (aside,) = (journal_path / "rescued").iterdir()
    assert 'mood_before = "3"' in aside.read_text()
    assert 'mood_before = "7"' in draft(journal_path).read_text()


def test_each_active_goal_is_asked_and_enter_leaves_it_unanswered(
    cli: Cli, journal_path: Path, lee: None
) -> None:
    for title, goal_id in [("Sleep", "sleep"), ("Say no at work", "no"), ("Walk daily", "walk")]:
        cli("goals", "add", title, "--id", goal_id)
    cli("goals", "done", "walk")  # achieved: not asked
    run = Interview(journal_path)
    run.answer(USUAL, "")
    run.answer(r"Mood just before.*: ", "")
    run.answer(r"Mood just after.*: ", "")
    run.answer(r"you felt .*: ", "")
    run.answer(r"Did anything go wrong\? ", "")
    run.expect(r"none, slight, clear or major \(Enter skips, - skips all\)")
    run.answer(r"  Sleep: ", "c")
    run.answer(r"  Say no at work: ", "")
    run.answer(r"Rate heard.*: ", "")
    run.answer(r"Notes \(optional\): ", "")
    assert run.finish() == 0
    assert "Walk daily" not in run.transcript.getvalue()
    assert saved(journal_path)["progress"] == {"sleep": "clear"}  # "no" was not answered


def test_a_dash_skips_every_goal_at_once(cli: Cli, journal_path: Path, lee: None) -> None:
    for title, goal_id in [("Sleep", "sleep"), ("Say no at work", "no")]:
        cli("goals", "add", title, "--id", goal_id)
    run = Interview(journal_path)
    run.answer(USUAL, "")
    run.answer(r"Mood just before.*: ", "5")
    run.answer(r"Mood just after.*: ", "5")
    run.answer(r"Did anything go wrong\? ", "")
    run.answer(r"  Sleep: ", "-")
    run.answer(r"Rate heard.*: ", "")  # "Say no at work" is not asked
    run.answer(r"Notes \(optional\): ", "")
    assert run.finish() == 0
    assert "progress" not in saved(journal_path)


def test_a_repair_of_an_earlier_incident_is_recorded_on_it(cli: Cli, journal_path: Path) -> None:
    cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", "2026-11-03",
        "--incident", "forgot-details: asked my sister's name again", "--incident", "distracted")  # fmt: skip
    cli(
        "add",
        "--no-input",
        "--therapist",
        "Dr. Lee",
        "--date",
        "2026-11-10",
        "--phq9",
        "4",
        "--gad7",
        "3",
    )
    run = Interview(journal_path)
    run.answer(USUAL, "")
    run.answer(r"Mood just before.*: ", "5")
    run.answer(r"Mood just after.*: ", "6")
    run.expect(r"  1\. 3 Nov +forgot-details: asked my sister's name again")
    run.expect(r"  2\. 3 Nov +distracted")
    run.answer(r"Did Dr\. Lee acknowledge any of these\? Numbers \(Enter if not\): ", "1")
    run.answer(r"Did anything go wrong\? ", "")
    run.answer(r"Rate heard.*: ", "")
    run.answer(r"Notes \(optional\): ", "")
    assert run.finish() == 0
    earlier = saved(journal_path, "2026-11-03")
    assert earlier["incidents"] == [
        {
            "kind": "forgot-details",
            "note": "asked my sister's name again",
            "repaired": True,
            "repaired_on": __import__("datetime").date(2026, 11, 22),
        },
        {"kind": "distracted", "repaired": False},
    ]
    assert "incidents" not in saved(journal_path)


def _screens(transcript: str, sent: list[str]) -> list[list[str]]:
    """What therapylog printed from one answered prompt to the next prompt, line by line
    (each prompt's line without the answer typed after it)."""
    screens: list[list[str]] = [[]]
    answers = iter(sent)
    pending = next(answers)
    for line in transcript.replace("\r\n", "\n").split("\n"):
        if pending is not None and line.endswith(": " + pending):
            screens[-1].append(line[: len(line) - len(pending)])
            screens.append([])
            pending = next(answers, None)
        else:
            screens[-1].append(line)
    assert pending is None  # every prompt was found
    return screens


def test_the_incident_picker_fits_a_24_row_80_column_terminal(
    journal_path: Path, lee: None
) -> None:
    run = Interview(journal_path, rows=24, columns=80)
    run.answer(USUAL, "")
    run.answer(r"Mood just before.*: ", "4")
    run.answer(r"Mood just after.*: ", "4")
    run.answer(r"Did anything go wrong\? ", "y")
    run.answer(r"Which kind\? A category's number or name, or part of a kind's name: ", "1")
    run.expect("12. cultural-insensitivity")  # the largest category
    run.answer(r"Which\? Numbers or names, separated by commas \(Enter to go back\): ", "")
    run.answer(r"Which kind\? .*: ", "treatment")
    run.answer(r"Which\? Numbers or names.*: ", "2, jargon")
    run.answer(r"ignored-feedback: a short note.*: ", "")
    run.answer(r"make it right\? .*: ", "")
    run.answer(r"jargon: a short note.*: ", "")
    run.answer(r"make it right\? .*: ", "y")
    run.answer(r"Anything else\? .*: ", "xyzzy")
    run.expect("no kind matches 'xyzzy'")
    run.answer(r"Anything else\? .*: ", "billing-error")
    run.answer(r"billing-error: a short note.*: ", "")
    run.answer(r"make it right\? .*: ", "")
    run.answer(r"Anything else\? .*: ", "")
    run.answer(r"Rate heard.*: ", "")
    run.answer(r"Notes \(optional\): ", "")
    assert run.finish() == 0
    transcript = run.transcript.getvalue()
    assert "numbers separated by commas" not in transcript.lower()
    screens = _screens(transcript, run.sent)
    assert len(screens) == len(run.sent) + 1
    assert max(len(screen) for screen in screens) >= 13  # a category's 12 kinds and its prompt
    for screen in screens:
        assert len(screen) <= 24, screen
        assert all(len(line) < 80 for line in screen), screen
    kinds = [incident["kind"] for incident in saved(journal_path)["incidents"]]  # type: ignore[attr-defined]
    assert kinds == ["ignored-feedback", "jargon", "billing-error"]
    assert [i["repaired"] for i in saved(journal_path)["incidents"]] == [False, True, False]  # type: ignore[attr-defined]


def test_ctrl_c_at_edit_it_again_keeps_the_edit_in_rescued(
    cli: Cli, journal_path: Path, tmp_path: Path, lee: None
) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('attended', 'went-fishing'))\n"
    )
    env = {
        **os.environ,
        "THERAPYLOG_JOURNAL": str(journal_path),
        "TERM": "dumb",
        "EDITOR": f"{sys.executable} {editor}",
    }
    child = pexpect.spawn(
        sys.executable, ["-m", "therapylog", "edit", "2026-11-15"], env=env, encoding="utf-8",
        timeout=20, preexec_fn=_default_sigint,
    )  # fmt: skip
    child.expect(r"Edit it again\? .*: ")
    child.sendintr()
    child.expect(r"2026-11-15 was not changed; your edit was kept in (\S+)")
    kept = Path(child.match.group(1))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert kept.parent == journal_path / "rescued"
    assert "went-fishing" in kept.read_text()
    assert "went-fishing" not in (journal_path / "entries" / "2026-11-15.toml").read_text()


def test_interview_asks_about_a_name_close_to_a_known_therapist(
    journal_path: Path, lee: None
) -> None:
    run = Interview(journal_path)
    run.answer(USUAL, "n")
    run.answer(r"Date .*: ", "")
    run.answer(r"Therapist \[Dr\. Lee\]: ", "Dr Leee")
    run.answer(r"Is this Dr\. Lee\? \[Y/n\]: ", "")
    run.answer(r"What happened \[1\]: ", "2")
    run.answer(r"Did anything go wrong\? ", "")
    run.answer(r"Notes \(optional\): ", "")
    assert run.finish() == 0
    assert saved(journal_path)["therapist"] == "Dr. Lee"


def test_a_new_therapist_is_confirmed_once_and_kept_in_the_draft(
    journal_path: Path, lee: None
) -> None:
    run = Interview(journal_path)
    run.answer(USUAL, "n")
    run.answer(r"Date .*: ", "")
    run.answer(r"Therapist \[Dr\. Lee\]: ", "Dr. Shah")
    run.answer(r"New therapist: Dr\. Shah\? \[Y/n\]: ", "y")
    run.expect(r"What happened \[1\]: ")
    run.child.sendintr()
    assert run.stopped() == 130
    again = Interview(journal_path)
    again.answer(r"continue\? \[Y/n\]: ", "")
    again.answer(r"What happened \[1\]: ", "2")  # the name is not confirmed a second time
    again.answer(r"Did anything go wrong\? ", "")
    again.answer(r"Notes \(optional\): ", "")
    assert again.finish() == 0
    assert saved(journal_path)["therapist"] == "Dr. Shah"


def test_ctrl_c_at_the_offer_to_continue_keeps_the_draft(journal_path: Path, lee: None) -> None:
    run = Interview(journal_path)
    run.answer(USUAL, "")
    run.answer(r"Mood just before \(0-10\): ", "3")
    run.expect(r"Mood just after")
    run.child.sendintr()
    assert run.stopped() == 130
    kept = draft(journal_path).read_bytes()
    again = Interview(journal_path)
    again.expect(r"continue\? \[Y/n\]: ")
    time.sleep(0.3)  # a person reads the question first (and the process is reading)
    again.child.sendintr()
    again.expect("stopped; your answers are kept for `therapylog add` to continue")
    assert again.stopped() == 130
    assert draft(journal_path).read_bytes() == kept


PHQ9_FIRST = r"  1/9 Little interest or pleasure in doing things \[0-3\]: "
GAD7_FIRST = r"  1/7 Feeling nervous, anxious or on edge \[0-3\]: "


def _item(run: Interview, start: str, value: str) -> None:
    """An item (whose wording may wrap onto a second line) and its answer."""
    run.expect(re.escape(start))
    run.answer(r"\[0-3\]: ", value)


def _to_the_questionnaires(run: Interview) -> None:
    run.answer(USUAL, "")
    run.answer(r"Mood just before.*: ", "4")
    run.answer(r"Mood just after.*: ", "5")
    run.answer(r"Did anything go wrong\? ", "")
    run.answer(r"Rate heard.*: ", "")


def test_questionnaires_item_by_item_and_item_9_is_met_at_once(
    cli: Cli, journal_path: Path
) -> None:
    cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", "-7d")  # none for 28 days: due
    run = Interview(journal_path, rows=24, columns=80)
    _to_the_questionnaires(run)
    run.answer(r"Fill in the PHQ-9 and GAD-7 now\? \(about 2 minutes\) \[y/N\]: ", "y")
    run.expect("Over the last 2 weeks, how often have you been bothered")
    run.expect("0 not at all, 1 several days, 2 more than half the days, 3 nearly every day")
    run.answer(PHQ9_FIRST, "2")
    for number in range(2, 9):
        _item(run, f"{number}/9 ", "1" if number == 2 else "0")
    _item(run, "9/9 Thoughts that you would be better off dead or of hurting yourself", "1")
    run.expect("If you are in danger now, call your local emergency number")
    run.expect("findahelpline.com")
    run.answer(GAD7_FIRST, "4")  # the safety words came first; the interview goes on
    run.expect("answer 0, 1, 2 or 3")
    run.answer(GAD7_FIRST, "3")
    for number in range(2, 8):
        _item(run, f"{number}/7 ", "1")
    run.answer(r"Notes \(optional\): ", "")
    assert run.finish() == 0
    entry = saved(journal_path)
    assert entry["phq9_items"] == [2, 1, 0, 0, 0, 0, 0, 0, 1]
    assert entry["phq9"] == 4
    assert entry["gad7_items"] == [3, 1, 1, 1, 1, 1, 1]
    assert entry["gad7"] == 9
    transcript = run.transcript.getvalue()
    assert transcript.count("If you are in danger now") == 1  # said once, not again at the end
    for screen in _screens(transcript, run.sent):
        assert all(len(line) < 80 for line in screen), screen


def test_questionnaires_are_skipped_with_enter_or_stopped_with_a_dash(
    cli: Cli, journal_path: Path
) -> None:
    cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", "-7d", "--gad7", "3")
    run = Interview(journal_path)
    _to_the_questionnaires(run)
    run.answer(r"Fill in the PHQ-9 now\? \(about a minute\) \[y/N\]: ", "y")  # GAD-7 not due
    run.answer(PHQ9_FIRST, "1")
    _item(run, "2/9 ", "-")
    run.expect("PHQ-9 stopped; none of its answers are kept.")
    run.answer(r"Notes \(optional\): ", "")
    assert run.finish() == 0
    assert "phq9" not in saved(journal_path) and "phq9_items" not in saved(journal_path)
    again = Interview(journal_path)
    again.answer(USUAL, "")  # today again, a second entry
    again.answer(r"Mood just before.*: ", "")
    again.answer(r"Mood just after.*: ", "")
    again.answer(r"you felt .*: ", "")
    again.answer(r"Did anything go wrong\? ", "")
    again.answer(r"Rate heard.*: ", "")
    again.answer(r"Fill in the PHQ-9 now\? .*\[y/N\]: ", "")
    again.answer(r"Notes \(optional\): ", "")
    assert again.finish("2026-11-22-2") == 0


def test_every_session_rhythm_offers_them_after_every_session(
    journal_path: Path, lee: None
) -> None:
    (journal_path / "settings.toml").write_text(
        'schema_version = 1\nquestionnaire_rhythm = "every-session"\n'
    )
    run = Interview(journal_path)
    _to_the_questionnaires(run)
    run.answer(r"Fill in the PHQ-9 and GAD-7 now\? .*\[y/N\]: ", "n")
    run.answer(r"Notes \(optional\): ", "")
    assert run.finish() == 0
