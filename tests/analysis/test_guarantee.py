"""The healthy-course guarantee (docs/analysis.md) as a property over generated journals, and
its converse: the classic vignette's pattern always fires recurring-empathic-failure.

A healthy journal here: several therapists, 1 to 40 appointments each, where for every
therapist at most 2 of any 6 sessions that say how they felt left the client worse; the mood
before sessions never falls, and after 12 sessions the last 3 are 1 or more above the first 3
or at 7 or more; every alliance rating is 8 or more; no PHQ-9 item 9 above 0; at most one
cancellation, no-show, double-booking or move in any 90 days; at most one empathic failure or
other incident in any 8 appointments (a forgotten appointment is one), none of the boundary or
safety kinds, each repaired; every 6 sessions that answered progress include an answer above
none; PHQ-9 and GAD-7 never rise reliably. Answers are left out at random throughout: a missing
answer must never read as bad news.

How many examples run is the profile's (tests/conftest.py): "ci" under CI, fewer locally.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from therapylog.analysis import analyze
from therapylog.analysis.findings import Severity
from therapylog.data.catalogue import INCIDENT_KINDS, Category, Felt, Status
from therapylog.data.model import Entry, Goal
from therapylog.data.validation import validate

from .factories import DEFAULT

GOALS = [
    validate(Goal, {"id": "sleep", "title": "Sleep better", "created": "2015-01-01"}),
    validate(Goal, {"id": "work", "title": "Speak up at work", "created": "2015-01-01"}),
]
#: Incident kinds a healthy course may hold (repaired): every kind but boundary and safety.
HEALTHY_KINDS = sorted(
    kind.slug
    for kind in INCIDENT_KINDS
    if kind.category not in (Category.BOUNDARY, Category.SAFETY)
)
FORGOTTEN = (Status.THERAPIST_NO_SHOW, Status.DOUBLE_BOOKED)
OTHER_RELIABILITY = (Status.THERAPIST_CANCELLED, Status.THERAPIST_RESCHEDULED)
WORSE = {Felt.WORSE, Felt.MUCH_WORSE}
#: Change of mood (after - before) that derives each felt.
FELT_CHANGE = {
    Felt.MUCH_WORSE: -3,
    Felt.WORSE: -1,
    Felt.SAME: 0,
    Felt.BETTER: 1,
    Felt.MUCH_BETTER: 3,
}


def _maybe(draw: st.DrawFn, value: Any, chance: float = 0.7) -> Any:
    """``value``, or None now and then: answers are skipped in real journals."""
    return value if draw(st.floats(0, 1)) < chance else None


def _moods(draw: st.DrawFn, count: int) -> list[int | None]:
    """Moods before sessions that never fall; after 12 sessions the last 3 are 1 or more above
    the first 3, or at 7 or more (the healthy course's own words)."""
    level = draw(st.integers(0, 10))
    moods: list[int | None] = []
    for _ in range(count):
        level = min(10, level + draw(st.sampled_from([0, 0, 0, 1])))
        moods.append(_maybe(draw, level, 0.8))
    given_moods = [m for m in moods if m is not None]
    if len(given_moods) >= 6:
        first = sum(given_moods[:3]) / 3
        last = sum(given_moods[-3:]) / 3
        if last - first < 1 and last < 7:
            # lift the last three recorded moods to 7 (never lower than before: still rising)
            lifted = 0
            for index in reversed(range(len(moods))):
                if moods[index] is not None and lifted < 3:
                    moods[index] = max(7, moods[index] or 0)
                    lifted += 1
    return moods


def _felts(draw: st.DrawFn, count: int) -> list[Felt | None]:
    """How sessions left the client: among those that say, at most 2 of any 6 worse."""
    felts: list[Felt | None] = []
    said: list[Felt] = []
    for _ in range(count):
        felt = _maybe(draw, draw(st.sampled_from(list(Felt))), 0.8)
        if felt is not None:
            if felt in WORSE and sum(f in WORSE for f in said[-5:]) >= 2:
                felt = Felt.SAME
            said.append(felt)
        felts.append(felt)
    return felts


def _progress(draw: st.DrawFn, count: int) -> list[dict[str, str]]:
    """Progress answers, often skipped; no 6 answered sessions in a row all ``none``."""
    rows: list[dict[str, str]] = []
    nones = 0
    for _ in range(count):
        answer = {
            goal: level
            for goal in ("sleep", "work")
            if (level := _maybe(draw, draw(st.sampled_from(["none", "slight", "clear"])), 0.4))
        }
        if answer:
            if all(level == "none" for level in answer.values()):
                nones += 1
                if nones >= 6:
                    answer["sleep"], nones = "slight", 0
            else:
                nones = 0
        rows.append(answer)
    return rows


def _scores(draw: st.DrawFn, count: int) -> list[dict[str, Any]]:
    """PHQ-9 and GAD-7 now and then, never reliably above the first; item 9 always 0."""
    first_phq9 = draw(st.integers(0, 24))
    first_gad7 = draw(st.integers(0, 21))
    rows: list[dict[str, Any]] = []
    for index in range(count):
        row: dict[str, Any] = {}
        if draw(st.floats(0, 1)) < 0.3 or index == 0:
            phq9 = first_phq9 if index == 0 else draw(st.integers(0, min(24, first_phq9 + 5)))
            if draw(st.booleans()):
                items = [0] * 9
                for position in range(phq9):
                    items[position % 8] += 1  # spread over items 1-8; item 9 stays 0
                row["phq9_items"] = items
            else:
                row["phq9"] = phq9
        if draw(st.floats(0, 1)) < 0.3 or index == 0:
            row["gad7"] = (
                first_gad7 if index == 0 else draw(st.integers(0, min(21, first_gad7 + 3)))
            )
        rows.append(row)
    return rows


@st.composite
def healthy_course(draw: st.DrawFn) -> list[dict[str, Any]]:
    """One therapist's healthy course, as rows in order (dates are given later)."""
    count = draw(st.integers(1, 40))
    gaps = [draw(st.integers(7, 14)) for _ in range(count)]
    days = [sum(gaps[: index + 1]) for index in range(count)]
    # First the therapist's events (at most one in any 90 days) and the failures among them
    # and the incidents (at most one in any 8 appointments, a forgotten appointment included).
    statuses: list[str | None] = [None] * count
    incidents: list[str | None] = [None] * count
    failures: list[int] = []
    last_event: int | None = None
    for index in range(count):
        far_from_failures = all(abs(index - other) >= 8 for other in failures)
        if (last_event is None or days[index] - last_event > 90) and draw(st.floats(0, 1)) < 0.15:
            last_event = days[index]
            if far_from_failures and draw(st.booleans()):
                statuses[index] = draw(st.sampled_from(FORGOTTEN)).value
                failures.append(index)
            else:
                statuses[index] = draw(st.sampled_from(OTHER_RELIABILITY)).value
        elif far_from_failures and draw(st.floats(0, 1)) < 0.2:
            incidents[index] = draw(st.sampled_from(HEALTHY_KINDS))
            failures.append(index)
    # Then the sessions themselves: the healthy course's rules hold over the sessions.
    sessions = [index for index in range(count) if statuses[index] is None]
    moods, felts = _moods(draw, len(sessions)), _felts(draw, len(sessions))
    progress = _progress(draw, len(sessions))
    scores = _scores(draw, count)
    rows: list[dict[str, Any]] = [
        {"gap": gaps[index], "status": statuses[index], **scores[index]} for index in range(count)
    ]
    for number, index in enumerate(sessions):
        row = rows[index]
        if incidents[index] is not None:
            row["incidents"] = [{"kind": incidents[index], "repaired": True}]
        mood, felt = moods[number], felts[number]
        row["mood_before"] = mood
        if felt is not None and mood is not None and 0 <= mood + FELT_CHANGE[felt] <= 10:
            row["mood_after"] = mood + FELT_CHANGE[felt]  # felt derived from the moods
        else:
            row["felt"] = felt and felt.value
        if draw(st.floats(0, 1)) < 0.5:
            row["alliance"] = {
                name: draw(st.integers(8, 10)) for name in ("heard", "goals", "approach", "overall")
            }
        row["progress"] = progress[number]
    # the client's own cancellations never count against the therapist
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(rows)))
        status = draw(st.sampled_from(["client-cancelled", "client-no-show"]))
        rows.insert(at, {"gap": 7, "status": status})
    return rows


#: The vignette of the empathic-failure article: the therapist falls asleep, double-books
#: twice, forgets the client's history and does not show up.
VIGNETTE: list[dict[str, Any]] = [
    {"gap": 7, "incidents": [{"kind": "fell-asleep"}]},
    {"gap": 7, "status": "double-booked"},
    {"gap": 7, "status": "double-booked"},
    {"gap": 7, "incidents": [{"kind": "forgot-details"}]},
    {"gap": 7, "status": "therapist-no-show"},
]


def journal(courses: list[list[dict[str, Any]]], starts: list[int]) -> list[Entry]:
    """Entries for each therapist's rows, dated from its start (days after 2015-01-05)."""
    entries: list[Entry] = []
    taken: Counter[dt.date] = Counter()
    for number, (rows, start) in enumerate(zip(courses, starts, strict=True)):
        day = dt.date(2015, 1, 5) + dt.timedelta(days=start)
        for row in rows:
            fields = {
                key: value for key, value in row.items() if key != "gap" and value is not None
            }
            day += dt.timedelta(days=row["gap"])
            taken[day] += 1
            entry_id = day.isoformat() + (f"-{taken[day]}" if taken[day] > 1 else "")
            entries.append(
                validate(
                    Entry,
                    {"id": entry_id, "date": day, "therapist": f"Therapist {number}", **fields},
                )
            )
    return entries


journals = st.integers(1, 4).flatmap(
    lambda count: st.tuples(
        st.lists(healthy_course(), min_size=count, max_size=count),
        st.lists(st.integers(0, 2000), min_size=count, max_size=count),
    )
)


@given(journals)
def test_a_healthy_course_raises_no_warning_and_nothing_serious(
    drawn: tuple[list[list[dict[str, Any]]], list[int]],
) -> None:
    courses, starts = drawn
    findings = analyze(journal(courses, starts), GOALS, DEFAULT)
    alarms = [f for f in findings if f.severity in (Severity.WARNING, Severity.SERIOUS)]
    assert alarms == []


@given(journals, st.data())
def test_the_vignette_inserted_anywhere_always_fires_recurring_empathic_failure(
    drawn: tuple[list[list[dict[str, Any]]], list[int]], data: st.DataObject
) -> None:
    courses, starts = drawn
    which = data.draw(st.integers(0, len(courses) - 1))
    at = data.draw(st.integers(0, len(courses[which])))
    courses[which] = courses[which][:at] + VIGNETTE + courses[which][at:]
    findings = analyze(journal(courses, starts), GOALS, DEFAULT)
    recurring = [
        f
        for f in findings
        if f.rule == "recurring-empathic-failure" and f.therapist == f"Therapist {which}"
    ]
    assert len(recurring) == 1
    assert recurring[0].severity is Severity.SERIOUS  # five failures in five appointments
