"""``export --for therapist|me|consultation``: three documents from one report.

The handout is what a client hands across the desk: it must carry nothing meant for the
client alone, nothing about another therapist, no private notes unless asked, and it is never
made for a therapist who crossed a boundary or with whom the client felt unsafe. The review
keeps everything; the consultation record is neutral and third person.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from tests.conftest import Cli, ExampleJournal, files_snapshot
from tests.report.conftest import EXAMPLE_NAMES
from therapylog.data.catalogue import KINDS_BY_SLUG
from therapylog.report.readers import READERS
from therapylog.report.talking.words import GENERAL_QUESTIONS, QUESTIONS

FORMATS = ("md", "html", "json")
#: Advice meant for the client, never for the therapist's eyes (docs/report.md).
CLIENT_ADVICE = re.compile(
    r"licens|\bleav(e|ing)\b|second opinion|grew up|upbringing|report (it|them)|"
    r"decide whether to stay|complain",
    re.IGNORECASE,
)
ALARM = re.compile(r"\b(SERIOUS|WARNING|Serious|Worth raising)\b|class=\"badge")


def add(cli: Cli, day: str, therapist: str, *options: str) -> None:
    result = cli("add", "--no-input", "--date", day, "--therapist", therapist, *options)
    assert result.exit_code == 0, result.stderr


def export(cli: Cli, *options: str) -> str:
    """``therapylog export OPTIONS``; a leading ``--journal PATH`` goes before the command."""
    journal = list(options[:2]) if options[:1] == ("--journal",) else []
    result = cli(*journal, "export", *options[len(journal) :])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _two_therapists(cli: Cli) -> None:
    """Dr Old forgot and missed again and again, then the client moved to Dr New."""
    for index, day in enumerate(("2026-06-02", "2026-06-09", "2026-06-16", "2026-06-23")):
        kinds = ["forgot-details: she called my sister by the wrong name"] if index % 2 else []
        add(cli, day, "Dr Old", "--mood-before", "4", "--mood-after", "3",
            *(f"--incident={k}" for k in kinds), "--incident", "distracted")  # fmt: skip
    add(cli, "2026-07-01", "Dr Old", "--status", "therapist-no-show")
    for day in ("2026-10-06", "2026-10-20", "2026-11-03", "2026-11-17"):
        add(cli, day, "Dr New", "--mood-before", "5", "--mood-after", "6",
            "--note", "diary: the train was late", "--tag", "commute")  # fmt: skip
    add(cli, "2026-11-10", "Dr New", "--incident", "jargon: said 'schema' twice, unexplained")


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("format_", FORMATS)
def test_the_handout_holds_no_advice_for_the_client_and_no_alarm(
    cli: Cli, example_journal: ExampleJournal, name: str, format_: str
) -> None:
    text = export(cli, "--journal", example_journal(name), "--all", "--format", format_)
    text = html.unescape(text) if format_ == "html" else text
    assert not CLIENT_ADVICE.search(text), CLIENT_ADVICE.search(text)
    assert not ALARM.search(text), ALARM.search(text)
    if format_ == "json":
        document = json.loads(text)
        assert document["reader"] == "therapist"
        # The findings as data; the analysis's words to the client stay out.
        assert all(
            set(f) == {"rule", "severity", "therapist", "evidence"} for f in document["findings"]
        )
    else:
        assert "What I would like to talk about" in text
        assert "I've noticed" in text or "Nothing in particular" in text


def test_the_review_keeps_the_advice_the_handout_leaves_out(
    cli: Cli, example_journal: ExampleJournal
) -> None:
    journal = example_journal("empathic-failures")
    review = export(cli, "--journal", journal, "--all", "--for", "me")
    handout = export(cli, "--journal", journal, "--all")
    assert CLIENT_ADVICE.search(review)  # leaving, second opinions: the client's to weigh
    assert "About these findings" in review and "About these findings" not in handout
    document = json.loads(export(cli, "--journal", journal, "--all", "--for", "me", "-f", "json"))
    assert document["reader"] == "me"
    assert all(finding["suggestion"] for finding in document["findings"])


@pytest.mark.parametrize("reader", READERS)
def test_json_names_its_reader(cli: Cli, example_journal: ExampleJournal, reader: str) -> None:
    text = export(
        cli, "--journal", example_journal("stalled"), "--all", "--for", reader, "-f", "json"
    )
    assert json.loads(text)["reader"] == reader


def test_the_handout_is_about_one_therapist(cli: Cli) -> None:
    _two_therapists(cli)
    for format_ in FORMATS:
        text = export(cli, "--all", "--format", format_)
        assert "Dr New" in text
        assert "Dr Old" not in text and "sister" not in text  # nothing of the old therapy
        assert "What did not work for me before" not in text
    past = export(cli, "--all", "--include-past")
    assert "What did not work for me before" in past
    # (only what the record shows: never a feeling the client did not write down)
    assert (
        "My notes show moments when my therapist was not tuned in to me, again and again." in past
    )
    assert "Dr Old" not in past and "sister" not in past  # said, but not who or what
    # The one asked for, by any spelling.
    old = export(cli, "--all", "--therapist", "dr  old")
    assert (
        "Dr Old" in old
        and "Dr New" not in old
        and "Things that have happened more than once" in old
    )


def test_session_notes_only_with_with_notes_and_incident_notes_stay(cli: Cli) -> None:
    _two_therapists(cli)
    for format_ in FORMATS:
        plain = export(cli, "--all", "--format", format_)
        assert "train was late" not in plain and "commute" not in plain
        assert "unexplained" in plain  # the incident's own note is the evidence
        noted = export(cli, "--all", "--format", format_, "--with-notes")
        assert "train was late" in noted and "unexplained" in noted


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("format_", FORMATS)
def test_no_notes_leaves_every_free_text_out(cli: Cli, reader: str, format_: str) -> None:
    _two_therapists(cli)
    text = export(cli, "--all", "--for", reader, "--format", format_, "--no-notes")
    for free in ("train was late", "commute", "unexplained", "sister"):
        assert free not in text, (free, reader, format_)
    if format_ == "json":
        assert '"tags"' not in text and '"notes"' not in text and '"note"' not in text


def test_contradictory_note_options_are_refused(cli: Cli) -> None:
    _two_therapists(cli)
    result = cli("export", "--all", "--with-notes", "--no-notes")
    assert result.exit_code == 2 and "--with-notes" in result.stderr
    result = cli("export", "--all", "--for", "consultation", "--include-past")
    assert result.exit_code == 2 and "--for therapist" in result.stderr


WITHHOLDING = [
    (kind, words)
    for kind, words in (
        ("inappropriate-touch", "crossed a professional boundary"),
        ("felt-unsafe", "unsafe"),
    )
    if kind in KINDS_BY_SLUG
]


@pytest.mark.parametrize(("kind", "words"), WITHHOLDING)
def test_no_handout_for_a_therapist_who_crossed_a_line(
    cli: Cli, tmp_path: Path, journal_path: Path, kind: str, words: str
) -> None:
    add(cli, "2026-07-07", "Dr Grey", "--mood-before", "5")
    add(cli, "2026-08-04", "Dr Grey", "--incident", f"{kind}: at the door, after the session")
    for day in ("2026-11-03", "2026-11-10"):
        add(cli, day, "Dr Grey", "--mood-before", "4")
    before = files_snapshot(journal_path)
    out = tmp_path / "handout.html"
    # This month's handout too: the incident lies months before the period.
    for options in ([], ["--all"], ["--therapist", "dr grey", "-o", str(out)]):
        result = cli("export", *options)
        assert result.exit_code == 1, result.stdout
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0] and "Dr Grey" in lines[0]
        assert "--for me" in lines[0] and "--for consultation" in lines[0]
        assert result.stdout == ""
    assert not out.exists() and files_snapshot(journal_path) == before
    review = export(cli, "--all", "--for", "me")
    record = export(cli, "--all", "--for", "consultation")
    assert kind in review and kind in record and "at the door" in record
    # Nor a handout of a month before it happened.
    result = cli("export", "--month", "2026-07")
    assert result.exit_code == 1 and "--for consultation" in result.stderr


@pytest.mark.parametrize(("kind", "words"), WITHHOLDING)
def test_the_refusal_looks_at_the_whole_history_whatever_the_period(
    cli: Cli, kind: str, words: str
) -> None:
    """Nothing this month, a period after the incident, a period before it: still no handout."""
    for day in ("2026-09-03", "2026-09-17", "2026-10-01"):
        add(cli, day, "Dr Grey", "--mood-before", "5", "--mood-after", "6")
    add(cli, "2026-10-15", "Dr Grey", "--incident", kind)
    for options in ([], ["--since", "2026-10-20"], ["--until", "2026-10-01"]):
        result = cli("export", *options)
        assert result.exit_code == 1, (options, result.stdout)
        assert words in result.stderr and "Dr Grey" in result.stderr
        assert result.stdout == ""


def test_a_boundary_with_another_therapist_does_not_withhold_this_handout(cli: Cli) -> None:
    add(cli, "2026-03-03", "Dr Grey", "--incident", "inappropriate-touch")
    add(cli, "2026-11-03", "Dr Kind", "--mood-before", "6", "--mood-after", "7")
    text = export(cli, "--all")
    assert "Dr Kind" in text and "Dr Grey" not in text and "touch" not in text


def test_the_consultation_record_is_neutral_and_dated(cli: Cli) -> None:
    _two_therapists(cli)
    for format_ in ("md", "html"):
        text = export(cli, "--all", "--for", "consultation", "--format", format_)
        body = re.sub(r"<[^>]+>", " ", text)
        # Third person: the client is "the client"; no "I", "me" or "my" outside quoted notes.
        quoted = ("she called my sister by the wrong name", "said 'schema' twice, unexplained")
        for note in quoted:
            assert note in body.replace("&#x27;", "'")
            body = body.replace(note, "").replace(note.replace("'", "&#x27;"), "")
        assert not re.search(r"\b(I|me|my|I've|I'd)\b", body), re.search(
            r"\b(I|me|my)\b.{40}", body
        )
        assert "Dr Old" in text and "Dr New" in text
        assert "2 Jun 2026" in text and "forgot-details" in text
        assert not CLIENT_ADVICE.search(text) and "talk about" not in text
    document = json.loads(export(cli, "--all", "--for", "consultation", "-f", "json"))
    assert [part["name"] for part in document["therapists"]] == ["Dr Old", "Dr New"]
    old = document["therapists"][0]
    assert old["appointments_by_status"] == {"attended": 4, "therapist-no-show": 1}
    assert {finding["rule"] for finding in old["findings"]} >= {"recurring-empathic-failure"}
    assert "talking_points" not in document


def test_every_html_table_row_has_as_many_cells_as_its_header(cli: Cli) -> None:
    _two_therapists(cli)
    for reader in READERS:
        page = export(cli, "--all", "--for", reader, "--format", "html")
        for table in re.findall(r"<table.*?</table>", page, re.S):
            header = len(re.findall(r"<th[ >]", table))
            rows = re.findall(r"<tr>(.*?)</tr>", table.split("</thead>", 1)[1], re.S)
            assert rows and all(len(re.findall(r"<td[ >]", r)) == header for r in rows), table


def test_a_therapist_ended_in_the_registry_is_in_the_past(cli: Cli) -> None:
    """Ended in therapists.toml, Dr Old is "before", even with an entry after Dr New began."""
    _two_therapists(cli)
    add(cli, "2026-10-13", "Dr Old", "--incident", "distracted")
    assert "What did not work for me before" not in export(cli, "--all", "--include-past")
    assert cli("therapists", "end", "Dr Old", "--date", "2026-10-14").exit_code == 0
    past = export(cli, "--all", "--include-past")
    assert "With a therapist I saw until Oct 2026: My notes show moments when my therapist" in past
    assert "Dr Old" not in past
    record = json.loads(export(cli, "--all", "--for", "consultation", "-f", "json"))
    assert [(p["name"], p["ended"]) for p in record["therapists"]] == [
        ("Dr Old", "2026-10-14"),
        ("Dr New", None),
    ]
    text = export(cli, "--all", "--for", "consultation")
    assert "The client stopped seeing them on 14 Oct 2026." in text


def test_questions_fit_the_findings_raised(cli: Cli) -> None:
    """Only unreliability is raised: the questions are about scheduling, and the general two."""
    for day, status in (("2026-11-02", "attended"), ("2026-11-05", "therapist-cancelled"),
                        ("2026-11-09", "therapist-no-show"), ("2026-11-12", "therapist-rescheduled"),
                        ("2026-11-16", "attended")):  # fmt: skip
        add(cli, day, "Dr Busy", "--status", status)
    document = json.loads(export(cli, "-f", "json"))
    assert [p["rule"] for p in document["talking_points"]] == ["therapist-unreliable"]
    assert document["questions"] == [*QUESTIONS["therapist-unreliable"], *GENERAL_QUESTIONS]


def test_talking_points_say_only_what_was_recorded(cli: Cli) -> None:
    """Contradicting data: the client rated feeling heard 9 every time and wrote that they felt
    heard, yet the alliance is low (other ratings) and slips keep happening. The handout names
    the low ratings and the dated slips, and never says the client did not feel heard."""
    for index, day in enumerate(("2026-10-06", "2026-10-13", "2026-10-20", "2026-10-27")):
        add(cli, day, "Dr Warm", "--alliance", "9,4,5,6", "--mood-before", "5",
            "--note", "I felt heard today, even if the plan is not mine",
            "--incident", "forgot-details" if index % 2 else "distracted")  # fmt: skip
    document = json.loads(export(cli, "--month", "2026-10", "-f", "json"))
    points = {p["rule"]: p for p in document["talking_points"]}
    assert set(points) >= {"alliance-low", "recurring-empathic-failure"}
    said = " ".join(p["text"] for p in points.values()).casefold()
    for invented in ("not heard", "not feel heard", "not felt heard", "unheard",
                     "not really heard", "feeling heard"):  # fmt: skip
        assert invented not in said, invented
    alliance = points["alliance-low"]["text"]
    assert "working on what I wanted 4" in alliance and "the way we work 5" in alliance
    assert "9" not in alliance  # a rating of 9 is not a low one
    assert "felt heard today" not in json.dumps(document)  # the diary stays out
    # Its questions fit: about the work and the way of working, none about feeling heard.
    assert not any("heard" in q for q in document["questions"][:-2])


def test_the_record_lists_as_evidence_only_what_the_finding_counted(cli: Cli) -> None:
    """A pattern of empathic failures: a `defensive` (treatment) incident on one of its days is
    in the record's incident table, but not in the pattern's evidence, which did not count it."""
    for day in ("2026-06-02", "2026-06-09", "2026-06-16"):
        add(cli, day, "Dr Old", "--incident", "dismissive", "--incident", "defensive")
    document = json.loads(export(cli, "--all", "--for", "consultation", "-f", "json"))
    findings = {f["rule"]: f for f in document["therapists"][0]["findings"]}
    evidence = json.dumps(findings["recurring-empathic-failure"])
    assert "dismissive" in evidence and "defensive" not in evidence
    text = export(cli, "--all", "--for", "consultation")
    assert "2 Jun 2026: dismissive\n" in text
    assert "`defensive`" in text  # the incidents table still holds every incident


def test_words_about_a_past_pattern_fit_what_was_recorded(cli: Cli) -> None:
    """A pattern of dismissiveness, never of forgetting: nothing about the ended course speaks
    of forgetting or remembering."""
    for day in ("2026-06-02", "2026-06-09", "2026-06-16", "2026-06-23"):
        add(cli, day, "Dr Old", "--incident", "dismissive")
    add(cli, "2026-10-06", "Dr New", "--mood-before", "5", "--mood-after", "6")
    assert cli("therapists", "end", "Dr Old", "--date", "2026-07-01").exit_code == 0
    handout = export(cli, "--all", "--include-past")
    assert "What did not work for me before" in handout
    report = json.loads(cli("report", "--all", "--json").stdout)
    suggestions = [
        finding["suggestion"]
        for finding in report["findings"]
        if finding["rule"] == "recurring-empathic-failure"
    ]
    assert suggestions
    for text in (handout, *suggestions):
        assert not re.search(r"forg[eo]t|remember", text, re.IGNORECASE), text


@pytest.mark.parametrize("format_", ["md", "html"])
def test_the_review_speaks_about_the_therapist_not_to_them(cli: Cli, format_: str) -> None:
    """In the private review "you" is only ever the client: the dated moments name the
    therapist ("Dr Old forgot …"), and no line says it is for a next session with anyone."""
    _two_therapists(cli)
    text = export(cli, "--all", "--for", "me", "--format", format_)
    assert "Dr Old forgot important details of my life" in text
    assert not re.search(r"\d{4}: you ", text)
    assert "For my next session with" not in text


def test_a_new_therapists_handout_starts_at_their_first_session(cli: Cli) -> None:
    """Dr New's first entry is 6 Oct: the handout's period and charts begin there, with no
    empty months that hint at the therapy before."""
    _two_therapists(cli)
    for format_ in ("md", "html"):
        text = export(cli, "--all", "--therapist", "Dr New", "--format", format_)
        assert "6 Oct – " in text or "6 Oct&nbsp;– " in text, text[:400]
        assert not re.search(r"\b(Jun|Jul)\b", text)


@pytest.mark.parametrize("format_", ["md", "html"])
def test_the_handouts_good_news_keeps_each_dated_line_apart(
    format_: str, cli: Cli, example_journal: ExampleJournal
) -> None:
    """Scores that came down are listed one dated line each, never run together."""
    text = export(cli, "--journal", example_journal("repaired-rupture"), "--all", "-f", format_)
    assert "GAD-7 12 5 Nov" not in text
    assert re.search(r"(- |<li>)7 May 2026: PHQ-9 16 and GAD-7 12(\n|</li>)", text)


def test_writing_a_file_says_which_document_it_is(cli: Cli, tmp_path: Path) -> None:
    _two_therapists(cli)
    target = tmp_path / "handout.html"
    result = cli("export", "--all", "--format", "html", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("wrote the handout (all entries, html) to ")
    assert target.read_text(encoding="utf-8").lower().startswith("<!doctype html>")
