"""resolve_period: the --month / --since / --until / --all options of report and export."""

from __future__ import annotations

import datetime as dt

import pytest

from therapylog.data.errors import InputError
from therapylog.report.period import resolve_period

TODAY = dt.date(2026, 11, 22)
FIRST = dt.date(2025, 3, 4)


def resolve(
    *,
    month: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    all_entries: bool = False,
    first_entry: dt.date | None = FIRST,
):
    return resolve_period(
        month=month,
        since=since,
        until=until,
        all_entries=all_entries,
        first_entry=first_entry,
        today=TODAY,
    )


def test_the_default_is_the_current_calendar_month() -> None:
    period = resolve()
    assert (period.start, period.end, period.label) == (
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 30),
        "November 2026",
    )


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026-10", dt.date(2026, 10, 1), dt.date(2026, 10, 31), "October 2026"),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "February 2024"),
        ("2025-12", dt.date(2025, 12, 1), dt.date(2025, 12, 31), "December 2025"),
        ("2026-11", dt.date(2026, 11, 1), dt.date(2026, 11, 30), "November 2026"),
        (" 2026-01 ", dt.date(2026, 1, 1), dt.date(2026, 1, 31), "January 2026"),
    ],
)
def test_a_month(text: str, start: dt.date, end: dt.date, label: str) -> None:
    period = resolve(month=text)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize(
    "text", ["2026-13", "2026-00", "2026-1", "26-11", "November", "", "2026-11-01"]
)
def test_a_bad_month_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="is not a month; use YYYY-MM"):
        resolve(month=text)


def test_a_future_month_is_refused() -> None:
    with pytest.raises(InputError, match="2026-12 is in the future"):
        resolve(month="2026-12")


def test_all_runs_from_the_first_entry_to_today() -> None:
    period = resolve(all_entries=True)
    assert (period.start, period.end, period.label) == (FIRST, TODAY, "all entries")


def test_all_reaches_a_stored_entry_dated_after_today() -> None:
    """Synced from a timezone where it is already tomorrow: `--all` still holds it."""
    ahead = TODAY + dt.timedelta(days=1)
    period = resolve_period(
        month=None, since=None, until=None, all_entries=True,
        first_entry=FIRST, last_entry=ahead, today=TODAY,
    )  # fmt: skip
    assert (period.start, period.end) == (FIRST, ahead)
    earlier = resolve_period(
        month=None, since=None, until=None, all_entries=True,
        first_entry=FIRST, last_entry=FIRST, today=TODAY,
    )  # fmt: skip
    assert earlier.end == TODAY


def test_all_in_an_empty_journal_is_today() -> None:
    period = resolve(all_entries=True, first_entry=None)
    assert (period.start, period.end) == (TODAY, TODAY)


def test_since_and_until() -> None:
    period = resolve(since=dt.date(2026, 9, 1), until=dt.date(2026, 10, 15))
    assert (period.start, period.end) == (dt.date(2026, 9, 1), dt.date(2026, 10, 15))
    assert period.label == "2026-09-01 to 2026-10-15"


def test_since_alone_runs_to_today() -> None:
    period = resolve(since=dt.date(2026, 9, 1))
    assert (period.start, period.end, period.label) == (
        dt.date(2026, 9, 1),
        TODAY,
        "2026-09-01 to 2026-11-22",
    )


def test_until_alone_runs_from_the_first_entry() -> None:
    period = resolve(until=dt.date(2026, 1, 31))
    assert (period.start, period.end) == (FIRST, dt.date(2026, 1, 31))
    empty = resolve(until=dt.date(2026, 1, 31), first_entry=None)
    assert (empty.start, empty.end) == (dt.date(2026, 1, 31), dt.date(2026, 1, 31))


def test_a_single_day_is_a_period() -> None:
    day = dt.date(2026, 5, 5)
    period = resolve(since=day, until=day)
    assert period.contains(day) and not period.contains(dt.date(2026, 5, 6))


def test_since_after_until_is_refused() -> None:
    with pytest.raises(InputError, match="--since 2026-10-02 is after --until 2026-10-01"):
        resolve(since=dt.date(2026, 10, 2), until=dt.date(2026, 10, 1))


def test_since_in_the_future_is_refused() -> None:
    with pytest.raises(InputError, match="in the future"):
        resolve(since=dt.date(2026, 11, 23))


@pytest.mark.parametrize(
    "options",
    [
        {"month": "2026-10", "since": dt.date(2026, 9, 1)},
        {"month": "2026-10", "until": dt.date(2026, 9, 1)},
        {"month": "2026-10", "all_entries": True},
        {"since": dt.date(2026, 9, 1), "all_entries": True},
        {"until": dt.date(2026, 9, 1), "all_entries": True},
    ],
)
def test_combining_period_options_is_refused_naming_the_valid_forms(options: dict) -> None:
    with pytest.raises(InputError) as caught:
        resolve(**options)
    message = str(caught.value)
    assert "cannot be combined" in message
    assert "--month YYYY-MM, --since/--until YYYY-MM-DD, or --all" in message
    assert "\n" not in message
    assert caught.value.exit_code == 2
