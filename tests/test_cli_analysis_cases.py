"""The cases that showed version 1 of the analysis could not be trusted, replayed through the
command line as a client would record them, each with the answer of version 2
(docs/analysis.md)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tests.conftest import Cli

THERAPIST = "Dr. Mara Quinn"
TODAY = dt.date(2026, 11, 22)


def add(cli: Cli, day: dt.date, *args: str) -> None:
    result = cli("add", "--no-input", "--therapist", THERAPIST, "--date", day.isoformat(), *args)
    assert result.exit_code == 0, result.stderr


def weekly(count: int) -> list[dt.date]:
    """``count`` weekly days ending a week before the fixed today."""
    return [TODAY - dt.timedelta(days=7 * (count - index)) for index in range(count)]


def findings(cli: Cli, *args: str) -> list[dict[str, Any]]:
    result = cli("report", "--all", "--json", *args)
    assert result.exit_code == 0, result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return found


def rules(found: list[dict[str, Any]]) -> dict[str, str]:
    return {finding["rule"]: finding["severity"] for finding in found}


def test_skipped_progress_is_not_no_progress(cli: Cli) -> None:
    """Nine sessions all 5 -> 7, progress recorded in the first two only."""
    assert cli("goals", "add", "Sleep through the night", "--id", "sleep").exit_code == 0
    for index, day in enumerate(weekly(9)):
        progress = ["--progress", "sleep=slight"] if index < 2 else []
        add(cli, day, "--mood-before", "5", "--mood-after", "7", *progress)
    found = findings(cli)
    assert rules(found) == {"progress-unrecorded": "info"}
    reminder = found[0]
    assert "does not read a blank as 'no progress'" in reminder["explanation"]
    assert "consultation" not in reminder["suggestion"]
    report = cli("report", "--all").stdout
    assert "WARNING" not in report and "Nothing stood out as a concern this period." in report
    assert report.index("Worth raising") < report.index("Good to know (1)")


def test_a_repaired_rupture_is_only_good_news(cli: Cli) -> None:
    """One mistake, acknowledged and repaired in session 2."""
    days = weekly(4)
    add(cli, days[0], "--mood-before", "5", "--mood-after", "6")
    add(cli, days[1], "--incident", "forgot-details", "--repaired", "forgot-details")
    add(cli, days[2], "--mood-before", "6", "--mood-after", "7")
    add(cli, days[3], "--mood-before", "6", "--mood-after", "7")
    assert rules(findings(cli)) == {"rupture-repaired": "positive"}
    report = cli("report", "--all").stdout
    assert "A rupture that was repaired" in report
    assert "Red flags" not in report and "WARNING" not in report


def test_good_alliance_ratings_are_not_called_low(cli: Cli) -> None:
    """Ratings 9,9,8,9 (35 of 40), with a note saying the client felt heard."""
    for day in weekly(4):
        add(cli, day, "--alliance", "9,9,8,9", "--note", "Felt heard.")
    found = rules(findings(cli))
    assert "alliance-low" not in found
    assert found == {"alliance-dip": "info"}
    handout = cli("export", "--all").stdout
    assert "not felt as heard" not in handout
    assert "feeling heard" not in handout  # rated 9: never named as low


def test_misconduct_is_never_met_with_see_how_they_respond(cli: Cli) -> None:
    """Romantic interest in the first session, then touch in the second."""
    days = weekly(3)
    add(cli, days[0], "--incident", "romantic-or-sexual")
    add(cli, days[1], "--incident", "inappropriate-touch")
    add(cli, days[2])
    found = findings(cli)
    assert rules(found) == {"boundary-violation": "serious"}
    suggestion = found[0]["suggestion"]
    assert "respond" not in suggestion and "Mention" not in suggestion
    assert "You do not owe Dr. Mara Quinn a conversation about this" in suggestion
    assert "licensing board" in suggestion and "emergency number" in suggestion
    assert found[0]["title"] == "Boundaries were crossed in 2 sessions"


def test_feeling_unsafe_is_trusted(cli: Cli) -> None:
    days = weekly(3)
    add(cli, days[0], "--incident", "felt-unsafe")
    add(cli, days[1])
    add(cli, days[2], "--incident", "felt-unsafe: he stood between me and the door")
    found = findings(cli)
    assert rules(found) == {"felt-unsafe": "serious"}
    assert found[0]["suggestion"].startswith("Trust that feeling: it is a reason to stop")


def test_counts_read_as_a_person_counts(cli: Cli) -> None:
    """Nine slips over six of the last eight appointments: never "9 times in 8"."""
    slips = [
        ["--incident", "forgot-details", "--incident", "distracted"],
        [],
        ["--incident", "dismissive", "--incident", "self-focus"],
        ["--incident", "fell-asleep"],
        ["--status", "double-booked"],
        [],
        ["--incident", "forgot-last-session", "--incident", "judgmental"],
        ["--status", "therapist-no-show"],
    ]
    for day, args in zip(weekly(8), slips, strict=True):
        add(cli, day, *args)
    found = [f for f in findings(cli) if f["rule"] == "recurring-empathic-failure"]
    assert found[0]["severity"] == "serious"
    assert found[0]["title"] == (
        "A recurring pattern of empathic failure, in 6 of your last 8 appointments (9 slips in all)"
    )


def test_thoughts_of_self_harm_come_first_and_are_never_hidden(cli: Cli) -> None:
    days = weekly(6)
    add(cli, days[0], "--incident", "distracted")
    result = cli(
        "add", "--no-input", "--date", days[1].isoformat(), "--phq9-items", "1,1,2,1,1,0,1,1,1"
    )
    assert result.exit_code == 0
    assert "988" in result.stderr and "not a failure of yours or of anyone else's" in result.stderr
    for day in days[2:]:
        add(cli, day, "--mood-before", "5", "--mood-after", "6")
    # a period after the answer, another therapist asked for, notes left out: still first
    month = (TODAY.year, TODAY.month)
    for args in (
        ["--all"],
        ["--month", f"{month[0]}-{month[1]:02d}"],
        ["--month", "2026-09"],
        ["--all", "--therapist", THERAPIST],
    ):
        document = json.loads(cli("report", "--json", *args).stdout)
        assert document["findings"][0]["rule"] == "thoughts-of-self-harm", args
        assert document["findings"][0]["therapist"] is None
        terminal = cli("report", *args).stdout
        assert terminal.index("First, your safety") < terminal.index(
            "What's going well" if "What's going well" in terminal else "No entries"
        )
    # the handout opens with it, for the therapist to hear first; the private review opens
    # with where to turn; notes left out or not
    handout = cli("export", "--all", "--no-notes").stdout
    talk = handout.split("## What I would like to talk about", 1)[1]
    assert talk.lstrip().startswith("### 1. Something I want to say first")
    review = cli("export", "--all", "--no-notes", "--for", "me").stdout
    assert review.index("## Before anything else") < review.index("## What is going well")
    assert "findahelpline.com" in review
    for reader in ("therapist", "me"):
        document = json.loads(
            cli("export", "--all", "--for", reader, "--format", "json", "--no-notes").stdout
        )
        assert document["talking_points"][0]["rule"] == "thoughts-of-self-harm", reader
