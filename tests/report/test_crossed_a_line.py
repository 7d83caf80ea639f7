"""A therapist who crossed a boundary, or with whom the client felt unsafe, and quiet periods.

Nothing in any reader is addressed to that therapist (no script, no questions), the facts
are stated plainly, nothing good is said of them, and a period without entries neither hides
them nor pretends there is no therapist (docs/report.md).
"""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import Cli
from tests.report.test_readers import add, export


def _crossed(cli: Cli, kind: str = "inappropriate-touch") -> None:
    for day in ("2026-09-03", "2026-09-17", "2026-10-01"):
        add(cli, day, "Dr. Ray", "--mood-before", "5", "--mood-after", "6", "--felt", "better")
    add(cli, "2026-10-15", "Dr. Ray", "--incident", f"{kind}: at the door")


ADDRESSED = re.compile(r"\byou\b|\byour\b|acknowledged|I want to name", re.IGNORECASE)


@pytest.mark.parametrize("format_", ["md", "html", "json"])
def test_the_review_states_a_boundary_violation_plainly_and_asks_them_nothing(
    cli: Cli, format_: str
) -> None:
    _crossed(cli)
    text = export(cli, "--all", "--for", "me", "--format", format_)
    assert "On 15 Oct 2026 Dr. Ray touched me in a way that was not appropriate." in text
    assert "not my fault" in text and "licensing board" in text
    assert "I need that to be acknowledged" not in text and "you touched me" not in text
    assert "went ahead as planned" not in text and "left me feeling better" not in text
    assert "export --for therapist" not in text  # that handout is refused
    if format_ == "json":
        document = json.loads(text)
        assert document["questions"] == []
        (point,) = [p for p in document["talking_points"] if p["rule"] == "boundary-violation"]
        assert not ADDRESSED.search(point["text"]), point["text"]
    else:
        assert "Questions I" not in text


def test_the_review_of_felt_unsafe_is_in_the_clients_voice_about_them(cli: Cli) -> None:
    _crossed(cli, "felt-unsafe")
    text = export(cli, "--all", "--for", "me")
    assert "I felt uncomfortable or unsafe in my sessions with Dr. Ray (15 Oct 2026)" in text
    assert "taken seriously" not in text and "Questions I" not in text


def test_the_report_says_nothing_good_of_a_therapist_who_crossed_a_line(cli: Cli) -> None:
    _crossed(cli)
    add(cli, "2026-10-22", "Dr. Ray", "--incident", "distracted", "--repaired", "distracted")
    result = cli("report", "--all")
    assert result.exit_code == 0, result.stderr
    for praise in ("went ahead as planned", "feeling better", "that was repaired", "no incidents"):
        assert praise not in result.stdout.replace("\n", " "), praise


def test_an_empty_month_names_the_therapist_and_points_to_the_serious_finding(cli: Cli) -> None:
    _crossed(cli)
    result = cli("report")  # November: no entries
    assert result.exit_code == 0, result.stderr
    flat = " ".join(result.stdout.split())
    assert "With Dr. Ray (no appointments this period)" in flat
    assert "no therapist yet" not in flat and "0 appointments" not in flat
    assert "A serious finding from October 2026 lies outside this period" in flat
    assert "therapylog report --all" in flat
    review = export(cli, "--for", "me")
    assert "A serious finding from October 2026" in review


def test_an_empty_month_handout_holds_what_the_record_holds(cli: Cli) -> None:
    for index, day in enumerate(("2026-09-01", "2026-09-08", "2026-09-15", "2026-09-22")):
        add(cli, day, "Dr Old", "--incident", "forgot-details" if index % 2 else "distracted")
    handout = export(cli)  # November: no entries
    assert "Nothing in particular this time" not in handout
    assert "8 Sep 2026: you forgot important details of my life" in handout


def test_the_reviews_safety_section_is_in_the_first_person(cli: Cli) -> None:
    add(cli, "2026-11-03", "Dr Kind", "--mood-before", "6", "--phq9-items", "1,1,1,1,0,0,0,0,1")
    for format_ in ("md", "html"):
        text = export(cli, "--all", "--for", "me", "--format", format_)
        safety = text.split("Before anything else", 1)[1].split("going well", 1)[0]
        assert "I noted" in safety and not re.search(r"\byou\b", safety), safety
        assert "Nothing else stood out." in text
        assert "Nothing stood out as a concern" not in text


def test_unrecorded_progress_is_a_reminder_for_the_client_only(cli: Cli) -> None:
    """It is about the client's note-taking: worded as such, and kept out of the handout and
    of the record for another professional."""
    assert cli("goals", "add", "Sleep through the night", "--id", "sleep").exit_code == 0
    for day in ("2026-10-01", "2026-10-08", "2026-10-15", "2026-10-22", "2026-10-29"):
        add(cli, day, "Dr Kind", "--mood-before", "6", "--mood-after", "7")
    add(cli, "2026-11-05", "Dr Kind", "--mood-before", "6", "--mood-after", "7")
    review = export(cli, "--all", "--for", "me")
    assert "You haven't noted goal progress in your last 6 sessions" in review
    assert "No goal progress" not in review
    for reader in ("therapist", "consultation"):
        for format_ in ("md", "json"):
            text = export(cli, "--all", "--for", reader, "--format", format_)
            assert "progress-unrecorded" not in text, (reader, format_)
            assert "noted goal progress" not in text and "No goal progress" not in text


def test_the_advice_after_an_ended_course_is_grammatical(cli: Cli) -> None:
    for day in ("2026-09-01", "2026-09-08", "2026-09-15", "2026-09-22", "2026-09-29"):
        add(cli, day, "Dr Old", "--felt", "worse")
    assert cli("therapists", "end", "Dr Old", "--date", "2026-09-30").exit_code == 0
    review = " ".join(export(cli, "--all", "--for", "me").split())
    assert "and say so early if they do not" in review and "saying so" not in review
