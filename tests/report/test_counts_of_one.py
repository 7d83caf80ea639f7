"""A count of one reads as one: "1 session", never "1 sessions" (issue 11, "also seen")."""

from __future__ import annotations

from tests.conftest import Cli
from tests.report.conftest import entry, report_of
from therapylog.data.identity import Identity
from therapylog.data.model import Thresholds
from therapylog.report.renderers.svg import mood_chart
from therapylog.usecases.course import course_summary


def test_the_mood_chart_describes_one_session_as_one() -> None:
    chart = mood_chart(report_of([entry("2026-11-02", mood_before=3, mood_after=5)]))
    assert chart is not None
    assert "<desc>1 session on 2 Nov 2026. Mood rose during 1 and fell during 0.</desc>" in chart
    two = mood_chart(
        report_of(
            [
                entry("2026-11-02", mood_before=3, mood_after=5),
                entry("2026-11-09", mood_before=5, mood_after=4),
            ]
        )
    )
    assert two is not None and "2 sessions between 2 Nov 2026 and 9 Nov 2026" in two
    before_only = mood_chart(
        report_of([entry("2026-11-02", mood_before=3), entry("2026-11-09", mood_before=4)])
    )
    assert before_only is not None
    assert "<desc>2 sessions between 2 Nov 2026 and 9 Nov 2026.</desc>" in before_only


def test_a_course_with_one_rated_session_says_so() -> None:
    lines = course_summary(
        "Dr Ana Ames",
        [entry("2026-11-02", felt="better"), entry("2026-11-09")],
        [],
        Thresholds(),
        Identity(),
    )
    assert any("the one session you rated left you feeling better" in line for line in lines)
    assert not any("1 of 1 sessions" in line for line in lines)


def test_the_record_counts_two_entries_on_one_day_as_two(cli: Cli) -> None:
    for _ in range(2):
        assert cli("add", "--no-input", "--therapist", "Dr. Lee").exit_code == 0
    record = cli("export", "--for", "consultation")
    assert record.exit_code == 0, record.stderr
    assert "2 entries in this period, both on 22 Nov 2026." in record.stdout
    assert "One entry in this period" not in record.stdout
