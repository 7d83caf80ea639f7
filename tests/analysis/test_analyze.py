"""analyze(): grouping per therapist, ordering, purity and speed."""

from __future__ import annotations

import ast
import datetime as dt
import random
import time
from pathlib import Path

import pytest

import therapylog.analysis as analysis_package
from therapylog.analysis import RULES, analyze
from therapylog.analysis.findings import SEVERITY_ORDER, Severity
from therapylog.data.model import Entry
from therapylog.data.validation import validate

from .factories import ANA, BEN, DEFAULT, goal, incident, series, weekly

FORGOT = {"incidents": [incident("forgot-details")]}


def busy_journal() -> list[Entry]:
    """Two therapists and something for every rule."""
    ana_rows: list[dict[str, object]] = [
        {"incidents": [incident("judgmental")], "felt": "worse", "phq9": 8, "gad7": 4},
        {**FORGOT, "felt": "worse"},
        {"status": "therapist-no-show"},
        {"status": "therapist-cancelled"},
        {
            **FORGOT,
            "felt": "worse",
            "alliance": {"heard": 5, "goals": 5, "approach": 5, "overall": 5},
        },
        {"felt": "much-worse", "alliance": {"heard": 6, "goals": 5, "approach": 5, "overall": 5}},
        {"status": "double-booked"},
        {"incidents": [incident("inappropriate-disclosure")], "phq9": 15, "gad7": 9},
    ]
    ana = weekly(ana_rows)
    # Sessions stop moving the goal, then progress is no longer recorded at all...
    ana += series(
        12, start=dt.date(2025, 4, 7), mood_before=8, progress={"sleep": "none"}, therapist=ANA
    )
    # ...while the mood falls, and the client once felt unsafe.
    ana += weekly([{"mood_before": m} for m in (7, 6, 6, 5, 4, 4)], start=dt.date(2025, 7, 7))
    ana.append(
        validate(Entry,
            {"id": "2025-08-18", "date": "2025-08-18", "therapist": ANA, "status": "client-cancelled",
             "incidents": [incident("felt-unsafe")]}
        )
    )  # fmt: skip
    good = {"heard": 9, "goals": 9, "approach": 8, "overall": 9}
    ben_rows: list[dict[str, object]] = [
        {"phq9": 16, "gad7": 10, "incidents": [incident("distracted", repaired=True)]},
        {"progress": {"sleep": "clear"}, "alliance": good},
        # the latest PHQ-9, item by item, answers the ninth question above 0
        {"phq9_items": [1, 1, 1, 1, 1, 1, 0, 0, 1], "gad7": 5, "alliance": good},
    ]
    ben = weekly(ben_rows, start=dt.date(2026, 1, 5), therapist=BEN)
    return ana + ben


def test_every_rule_can_fire_and_each_once_per_therapist() -> None:
    findings = analyze(busy_journal(), [goal("sleep")], DEFAULT)
    fired = {(f.therapist, f.rule) for f in findings}
    assert len(fired) == len(findings)
    assert {rule for _, rule in fired} == set(RULES)


def test_findings_are_sorted_by_severity_then_therapist_then_rule() -> None:
    findings = analyze(busy_journal(), [goal("sleep")], DEFAULT)
    keys = [
        (f.rule != "thoughts-of-self-harm", SEVERITY_ORDER[f.severity], f.therapist or "", f.rule)
        for f in findings
    ]
    assert keys == sorted(keys)
    assert findings[0].rule == "thoughts-of-self-harm" and findings[0].therapist is None
    assert findings[1].severity is Severity.SERIOUS
    assert findings[-1].severity is Severity.POSITIVE


def test_findings_of_the_same_severity_are_ordered_by_therapist_before_rule() -> None:
    """Ana was seen first and her rule sorts first, yet Ben Brook's finding comes first: the
    order is by therapist, then rule, never the order the therapists were seen in."""
    ana = weekly([{"incidents": [incident("dismissive")]}])
    ben = weekly(
        [{"incidents": [incident("felt-unsafe")]}], start=dt.date(2025, 3, 3), therapist=BEN
    )
    findings = analyze(ana + ben, [], DEFAULT)
    assert [(f.therapist, f.rule, f.severity) for f in findings] == [
        (BEN, "felt-unsafe", Severity.WARNING),
        (ANA, "early-warning", Severity.WARNING),
    ]


def test_the_order_of_the_entries_does_not_matter() -> None:
    entries = busy_journal()
    shuffled = entries[:]
    random.Random(7).shuffle(shuffled)
    assert analyze(shuffled, [goal("sleep")], DEFAULT) == analyze(entries, [goal("sleep")], DEFAULT)


def test_every_finding_is_complete_with_evidence_oldest_first() -> None:
    by_id = {e.id: e for e in busy_journal()}
    for finding in analyze(list(by_id.values()), [goal("sleep")], DEFAULT):
        assert finding.evidence, finding.rule
        dates = [(by_id[i].date, by_id[i].sequence) for i in finding.evidence]
        assert dates == sorted(dates) and len(set(finding.evidence)) == len(finding.evidence)
        assert "\n" not in finding.title and finding.title
        assert finding.explanation.endswith(".") and finding.suggestion.endswith(".")
        assert finding.therapist in (ANA, BEN) or finding.rule == "thoughts-of-self-harm"


def test_names_differing_only_in_case_and_spacing_are_one_therapist() -> None:
    entries = weekly([FORGOT, FORGOT], therapist="dr ana  ames") + weekly(
        [FORGOT], therapist=ANA, start=dt.date(2025, 3, 3)
    )
    findings = [f for f in analyze(entries, [], DEFAULT) if f.rule == "recurring-empathic-failure"]
    assert [f.therapist for f in findings] == [ANA]  # spelled as on the latest entry


def test_an_empty_journal_has_no_findings() -> None:
    assert analyze([], [goal("sleep")], DEFAULT) == []


@pytest.mark.perf  # a wall-clock bound: a busy machine fails it without a bug
def test_ten_thousand_entries_are_analysed_well_within_a_second() -> None:
    rng = random.Random(42)
    kinds = ["forgot-details", "jargon", "billing-error", "distracted", "dismissive"]
    statuses = ["attended"] * 8 + ["therapist-cancelled", "client-cancelled", "double-booked"]
    first = dt.date(2025, 1, 1)
    entries = [
        validate(
            Entry,
            {
                "id": f"{first + dt.timedelta(days=i // 16)}"
                + (f"-{i % 16 + 1}" if i % 16 else ""),
                "date": first + dt.timedelta(days=i // 16),
                "therapist": f"Therapist {i % 25}",
                "status": rng.choice(statuses),
                "mood_before": rng.randint(0, 10),
                "mood_after": rng.randint(0, 10),
                "progress": {"sleep": rng.choice(["none", "slight"])},
                "incidents": [incident(rng.choice(kinds))] if rng.random() < 0.2 else [],
                "alliance": {"heard": 9, "goals": 8, "approach": rng.randint(5, 10), "overall": 9},
                "phq9": rng.randint(0, 27),
                "gad7": rng.randint(0, 21),
            },
        )
        for i in range(10_000)
    ]
    assert entries[-1].date < dt.date(2026, 11, 22)
    started = time.process_time()  # CPU time: what the analysis costs, however busy the machine
    findings = analyze(entries, [goal("sleep")], DEFAULT)
    elapsed = time.process_time() - started
    assert findings
    assert elapsed < 1.0, f"analyze took {elapsed:.3f}s for 10,000 entries"


FORBIDDEN = (
    "rich",
    "typer",
    "click",
    "therapylog.journal.storage",
    "therapylog.cli",
    "pathlib",
    "os",
)


def test_the_analyzer_and_report_builder_are_pure() -> None:
    package = Path(analysis_package.__file__).parent
    sources = [*package.glob("*.py"), package.parent / "report" / "build.py"]
    for source in sources:
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.startswith(FORBIDDEN) or name.startswith("therapylog.analysis"), (
                    f"{source.name} imports {name}"
                )
        assert "open(" not in source.read_text(encoding="utf-8"), source.name
