"""recurring-empathic-failure and rupture-repaired: the pattern versus the repaired rupture."""

from __future__ import annotations

from therapylog.analysis.findings import Severity
from therapylog.data.model import Thresholds

from .factories import ANA, BEN, entry, ids, incident, one, series, weekly

RECURRING = "recurring-empathic-failure"
REPAIRED = "rupture-repaired"
FORGOT = {"incidents": [incident("forgot-details")]}


def with_failures(count: int, positions: list[int], **extra: object) -> list[dict[str, object]]:
    """``count`` appointments, an empathic failure at each of ``positions``."""
    return [dict(FORGOT, **extra) if i in positions else {} for i in range(count)]


def test_two_failures_in_eight_appointments_is_not_a_pattern() -> None:
    assert one(weekly(with_failures(8, [0, 7])), RECURRING) is None


def test_three_failures_in_eight_appointments_is_a_warning() -> None:
    entries = weekly(with_failures(8, [0, 3, 7]))
    finding = one(entries, RECURRING)
    assert finding is not None
    assert finding.severity is Severity.WARNING
    assert finding.therapist == ANA
    assert finding.evidence == ids([entries[0], entries[3], entries[7]])
    assert "3 or more in any 8 consecutive appointments" in finding.explanation
    assert "5 or more serious" in finding.explanation
    assert (
        finding.title == "A recurring pattern of empathic failure, in 3 of your last 8 appointments"
    )


def test_four_failures_is_still_a_warning_five_is_serious() -> None:
    four = one(weekly(with_failures(8, [0, 2, 4, 6])), RECURRING)
    five = one(weekly(with_failures(8, [0, 2, 4, 6, 7])), RECURRING)
    assert four is not None and four.severity is Severity.WARNING
    assert five is not None and five.severity is Severity.SERIOUS
    assert "leave" in five.suggestion


def test_failures_spread_over_nine_appointments_never_share_a_window() -> None:
    assert one(weekly(with_failures(9, [0, 4, 8])), RECURRING) is None


def test_failures_are_counted_per_incident_not_per_entry() -> None:
    three_in_one = {
        "incidents": [incident("forgot-details"), incident("distracted"), incident("dismissive")]
    }
    entries = weekly([{}, three_in_one, {}])
    finding = one(entries, RECURRING)
    assert finding is not None
    assert finding.evidence == [entries[1].id]
    assert "forgetting details of your life (once)" in finding.explanation
    # counted as a person counts: one appointment, three slips
    assert finding.title.endswith("in 1 of your 3 appointments so far (3 slips in all)")


def test_forgotten_appointments_count_but_cancellations_do_not() -> None:
    forgot = weekly([{"status": "therapist-no-show"}, {"status": "double-booked"}, FORGOT, {}, {}])
    finding = one(forgot, RECURRING)
    assert finding is not None
    assert "not turning up (once)" in finding.explanation
    cancelled = weekly([{"status": "therapist-cancelled"}, {"status": "double-booked"}, FORGOT])
    assert one(cancelled, RECURRING) is None


def test_a_forgotten_appointment_with_incidents_is_named_among_the_slips() -> None:
    """A double-booking on an entry that also holds incidents is one more slip, by its name."""
    both = {
        "status": "double-booked",
        "incidents": [incident("forgot-details"), incident("distracted")],
    }
    finding = one(weekly([both, {}]), RECURRING)
    assert finding is not None
    assert finding.title.endswith("in 1 of your 2 appointments so far (3 slips in all)")
    assert finding.explanation.startswith(
        f"With {ANA}, in 1 of your 2 appointments so far, you recorded moments when your "
        "therapist was not attuned to you (3 slips in all): forgetting details of your life (once), seeming distracted "
        "(once) and double-booking your appointment (once). "
    )


def test_fewer_appointments_than_the_window_are_one_window() -> None:
    entries = weekly([FORGOT, FORGOT, FORGOT])
    finding = one(entries, RECURRING)
    assert finding is not None
    assert "With Dr Ana Ames, in each of your 3 appointments so far," in finding.explanation


def test_the_latest_window_is_named_as_your_last_appointments() -> None:
    finding = one(weekly(with_failures(10, [5, 7, 9])), RECURRING)
    assert finding is not None
    assert finding.explanation.startswith("With Dr Ana Ames, in 3 of your last 8 appointments")


def test_client_cancellations_neither_count_nor_take_a_place_in_the_window() -> None:
    rows = with_failures(8, [0, 3, 7])
    # Five of the client's own cancellations, with incidents, between appointments 3 and 7.
    client = [dict(FORGOT, status="client-cancelled")] * 5
    entries = weekly(rows[:4] + client + rows[4:])
    finding = one(entries, RECURRING)
    assert finding is not None
    assert len(finding.evidence) == 3
    only_client = weekly([{}, *client[:3], FORGOT])
    assert one(only_client, RECURRING) is None


def test_the_worst_severity_wins_and_its_latest_window_is_the_evidence() -> None:
    # A serious burst early on, then a quieter warning-level run much later.
    rows = with_failures(30, [0, 1, 2, 3, 4, 20, 24, 27])
    entries = weekly(rows)
    finding = one(entries, RECURRING)
    assert finding is not None
    assert finding.severity is Severity.SERIOUS
    assert finding.evidence == ids(entries[:5])
    assert "in 5 of 8 appointments in a row, between" in finding.explanation
    assert finding.title == (
        "A recurring pattern of empathic failure, in 5 of 8 appointments in a row, between "
        "6 January 2025 and 24 February 2025"
    )


def test_repaired_failures_still_make_a_pattern_and_the_text_says_so() -> None:
    repaired = {"incidents": [incident("forgot-last-session", repaired=True)]}
    entries = weekly([repaired, {}, repaired, FORGOT])
    finding = one(entries, RECURRING)
    assert finding is not None
    assert "2 of these were acknowledged and repaired" in finding.explanation
    assert "even when each slip is repaired" in finding.explanation
    assert one(entries, REPAIRED) is None


def test_each_therapist_is_counted_separately() -> None:
    ana = weekly(with_failures(4, [0, 1]))
    ben = weekly(with_failures(4, [0]), therapist=BEN, start=ana[-1].date)
    assert one(ana + ben, RECURRING) is None


def test_a_therapist_seen_again_continues_their_own_history() -> None:
    first = weekly(with_failures(3, [0, 2]))
    ben = series(6, start=first[-1].date.replace(day=first[-1].date.day + 1), therapist=BEN)
    again = [entry("2025-06-02", **FORGOT)]
    finding = one(first + ben + again, RECURRING)
    assert finding is not None
    assert finding.therapist == ANA
    assert finding.evidence == [first[0].id, first[2].id, "2025-06-02"]


def test_custom_thresholds_move_the_rule_and_its_text() -> None:
    thresholds = Thresholds(empathic_window=4, empathic_warning=2, empathic_serious=4)
    entries = weekly(with_failures(4, [1, 3]))
    finding = one(entries, RECURRING, thresholds=thresholds)
    assert finding is not None
    assert "2 or more in any 4 consecutive appointments" in finding.explanation
    assert "4 or more serious" in finding.explanation
    assert one(weekly(with_failures(5, [0, 4])), RECURRING, thresholds=thresholds) is None


def test_no_appointments_no_finding() -> None:
    assert one([], RECURRING) is None
    assert one(series(3, status="client-cancelled", **FORGOT), RECURRING) is None


# --- rupture-repaired -------------------------------------------------------------------------


def test_one_repaired_rupture_is_good_news() -> None:
    entries = weekly([{}, {"incidents": [incident("dismissive", repaired=True)]}, {}])
    finding = one(entries, REPAIRED)
    assert finding is not None
    assert finding.severity is Severity.POSITIVE
    assert finding.evidence == [entries[1].id]
    assert finding.title == "A rupture that was repaired"
    assert "no recurring pattern (3 or more empathic failures in 8" in finding.explanation


def test_an_unrepaired_failure_is_not_a_repair() -> None:
    assert one(weekly([FORGOT, {}]), REPAIRED) is None


def test_two_failures_one_repaired_still_reports_the_repair() -> None:
    entries = weekly([FORGOT, {"incidents": [incident("distracted", repaired=True)]}])
    finding = one(entries, REPAIRED)
    assert finding is not None and finding.evidence == [entries[1].id]
    assert one(entries, RECURRING) is None


def test_a_repaired_non_empathic_incident_is_not_a_rupture_repair() -> None:
    assert one(weekly([{"incidents": [incident("jargon", repaired=True)]}]), REPAIRED) is None


def test_a_repair_on_a_client_cancelled_day_does_not_count() -> None:
    rows = [{"status": "client-cancelled", "incidents": [incident("distracted", repaired=True)]}]
    assert one(weekly(rows), REPAIRED) is None


def test_repairs_are_judged_per_therapist() -> None:
    ana = weekly([FORGOT, FORGOT, {"incidents": [incident("distracted", repaired=True)]}])
    ben = weekly([{"incidents": [incident("distracted", repaired=True)]}], therapist=BEN)
    finding = one(ana + ben, REPAIRED)
    assert finding is not None and finding.therapist == BEN
    assert one(ana + ben, RECURRING) is not None


def test_custom_window_keeps_the_repair_when_the_pattern_no_longer_fires() -> None:
    rows = [FORGOT, FORGOT, {"incidents": [incident("distracted", repaired=True)]}]
    entries = weekly(rows)
    assert one(entries, REPAIRED) is None
    relaxed = Thresholds(empathic_warning=4, empathic_serious=6)
    finding = one(entries, REPAIRED, thresholds=relaxed)
    assert finding is not None
    assert "(4 or more empathic failures in 8 consecutive appointments)" in finding.explanation
