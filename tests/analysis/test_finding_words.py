"""Findings' sentences read word for word, where a changed word went unnoticed before.

Each test here was written against a mutant that the rest of the suite let through (a mutation
run, docs/testing.md): a sentence of a finding that no test read whole.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from therapylog.analysis import analyze
from therapylog.data.catalogue import (
    INCIDENT_KINDS,
    KINDS_BY_SLUG,
    RELIABILITY_STATUSES,
    WHAT_HAPPENED,
    Category,
)
from therapylog.data.model import Thresholds

from .factories import ANA, DEFAULT, goal, incident, one, weekly

NINE = {"heard": 9, "goals": 9, "approach": 9, "overall": 9}
DIP = "These are not low ratings, and nothing here is an alarm: "


def test_an_alliance_dip_from_the_usual_says_by_how_much_and_when() -> None:
    lower = {"heard": 8, "goals": 7, "approach": 7, "overall": 8}
    finding = one(weekly([{"alliance": NINE}] * 5 + [{"alliance": lower}]), "alliance-dip")
    assert finding is not None
    assert finding.title == "Your latest alliance rating was lower than usual for you (30 of 40)"
    assert finding.explanation == (
        f"On 10 February 2025 your ratings added up to 30 of 40, 6 points below your usual 36 "
        f"with {ANA} (the middle of your earlier ratings). {DIP}a dip from your usual is simply "
        "a moment worth noticing while it is easy to talk about."
    )
    assert finding.suggestion == (
        f"If something was missing, a short word with {ANA} at the start of your next session "
        "can help: say what would have made it a 10 for you."
    )


def test_an_alliance_dip_under_the_cutoff_names_the_totals() -> None:
    under = {"heard": 9, "goals": 8, "approach": 8, "overall": 8}
    finding = one(weekly([{"alliance": NINE}] + [{"alliance": under}] * 2), "alliance-dip")
    assert finding is not None
    assert (
        finding.title
        == "Your alliance ratings were a little below 36 in 2 of your last 3 rated sessions"
    )
    assert finding.explanation == (
        f"In 2 of your last 3 rated sessions with {ANA}, your four ratings added up to 33 and "
        "33 of 40: below 36, where the Session Rating Scale suggests a word about what could be "
        f"better. {DIP}ratings a little under the cut-off are simply a prompt to say what could "
        "make sessions more useful, while it is easy to talk about."
    )


def test_a_repaired_rupture_is_told_in_the_singular_or_the_plural() -> None:
    tail = (
        "An occasional rupture that is owned and repaired is a normal part of therapy, and can "
        "even strengthen it: it shows the relationship can hold a difficulty. There is no "
        "recurring pattern (3 or more empathic failures in 8 consecutive appointments) in your "
        f"appointments with {ANA}."
    )
    single = one(
        weekly([{"incidents": [incident("forgot-details", repaired=True)]}]), "rupture-repaired"
    )
    assert single is not None
    assert single.title == "A rupture that was repaired"
    assert single.explanation == (
        f"You recorded a mistake (forgetting details of your life) on 6 January 2025, and that {ANA} "
        f"acknowledged it and made it right. {tail}"
    )
    assert single.suggestion == (
        f"Nothing you need to do. If you like, let {ANA} know that you noticed: saying what "
        "works is feedback too."
    )
    two = one(
        weekly(
            [
                {"incidents": [incident("forgot-details", repaired=True)]},
                {},
                {"incidents": [incident("dismissive", repaired=True)]},
            ]
        ),
        "rupture-repaired",
    )
    assert two is not None
    assert two.title == "Ruptures that were repaired"
    assert two.explanation == (
        "You recorded mistakes (forgetting details of your life and dismissing your concerns) "
        "between 6 January 2025 and "
        f"20 January 2025, and that {ANA} acknowledged them and made them right. {tail}"
    )


def test_progress_unrecorded_says_it_or_they_for_one_goal_or_several() -> None:
    end = (
        "That is fine, and therapylog does not read a blank as 'no progress'. A quick note, even "
        "'none' or 'slight', is what lets it show you when a goal is moving, and when it is stuck."
    )
    single = one(weekly([{}] * 6), "progress-unrecorded", goals=[goal("sleep")])
    assert single is not None
    assert single.title == "You haven't noted goal progress in your last 6 sessions"
    assert single.explanation == (
        f'You have an active goal ("Sleep"), and in your last 6 sessions with {ANA} (between '
        f"6 January 2025 and 10 February 2025) you did not record how it was moving. {end}"
    )
    assert single.suggestion == (
        "When you next record a session, add a word on each goal (in the interview, or with "
        "--progress GOAL=LEVEL). If a goal no longer fits, you can mark it reached with "
        "`therapylog goals done` or let it go with `therapylog goals drop`."
    )
    several = one(weekly([{}] * 6), "progress-unrecorded", goals=[goal("sleep"), goal("work")])
    assert several is not None
    assert several.explanation == (
        f'You have active goals ("Sleep" and "Work"), and in your last 6 sessions with {ANA} '
        "(between 6 January 2025 and 10 February 2025) you did not record how they were "
        f"moving. {end}"
    )


def test_a_boundary_violation_is_said_word_for_word() -> None:
    entries = weekly(
        [
            {"incidents": [incident("inappropriate-touch")]},
            {},
            {"incidents": [incident("inappropriate-touch"), incident("dual-relationship")]},
        ]
    )
    finding = one(entries, "boundary-violation")
    assert finding is not None
    assert finding.title == "Boundaries were crossed in 2 sessions (3 incidents in all)"
    assert finding.explanation == (
        f"You recorded inappropriate touch (twice) and mixing therapy with another relationship (once) with {ANA} on "
        "6 January 2025 and 20 January 2025. Professional boundaries exist to keep you safe. "
        "Crossing them is never a normal part of therapy, even once, and it is never your "
        "fault, even if it was presented as care or friendship."
    )
    assert finding.suggestion == (
        f"You do not owe {ANA} a conversation about this, and you are free to stop seeing them "
        "at once. Talk it over with someone you trust, or with another professional: a "
        "consultation with another therapist, or your doctor. Reporting it to the therapist's "
        "licensing board or professional body is an option, whenever you are ready; your dated "
        "record can help. If you are in danger now, call your local emergency number."
    )


def test_feeling_unsafe_points_to_someone_other_than_that_therapist() -> None:
    finding = one(weekly([{"incidents": [incident("felt-unsafe")]}]), "felt-unsafe")
    assert finding is not None
    assert finding.title == f"You felt unsafe with {ANA} in a session"
    assert finding.suggestion == (
        "Trust that feeling: it is a reason to stop, and you need no one's agreement to do so. "
        f"If you want to talk it through, turn to someone other than {ANA}: someone you trust, "
        "or another professional (a consultation with another therapist, or your doctor). If "
        "something happened that crossed a line, reporting it to the therapist's licensing "
        "board or professional body is an option, whenever you are ready; your dated record "
        "can help. If you are in danger now, call your local emergency number."
    )


EARLY_END = (
    "not put right at the time. The first few sessions are when you find out whether a "
    "therapist is right for you, and red flags this early are worth taking seriously."
)


def test_early_red_flags_are_said_word_for_word() -> None:
    red_flag = {"incidents": [incident("dismissive")]}
    only = one(weekly([red_flag]), "early-warning")
    assert only is not None
    assert only.title == f"Early red flags with {ANA}, in your first session"
    assert only.explanation == (
        f"On 6 January 2025, within your first 3 sessions with {ANA}, you recorded dismissing your concerns "
        f"(once), {EARLY_END}"
    )
    assert only.suggestion == (
        f"Tell {ANA} what happened and how it was for you: a good therapist welcomes that "
        "feedback and adjusts. If talking does not change things, a consultation with another "
        "therapist can give you a second opinion; it is fine to compare before you commit."
    )
    two = {"incidents": [incident("dismissive"), incident("forgot-details")]}
    first_of_two = one(weekly([two, {}]), "early-warning")
    assert first_of_two is not None
    assert first_of_two.title == (
        f"Early red flags with {ANA}, in 1 of your first 2 sessions (2 red flags in all)"
    )
    assert first_of_two.explanation == (
        f"On 6 January 2025, within your first 3 sessions with {ANA}, you recorded dismissing your concerns "
        f"(once) and forgetting details of your life (once), {EARLY_END}"
    )
    watched_one = one(
        weekly([red_flag]), "early-warning", thresholds=replace(DEFAULT, early_sessions=1)
    )
    assert watched_one is not None
    assert watched_one.explanation == (
        f"On 6 January 2025, within your first session with {ANA}, you recorded dismissing your concerns "
        f"(once), {EARLY_END}"
    )


def test_feeling_unsafe_is_said_word_for_word_once_and_when_serious() -> None:
    trust = (
        "That feeling is worth trusting: therapy asks you to be open, and it can only help "
        "where you feel safe. You do not have to explain or justify it, and it is not your fault."
    )
    once = one(weekly([{"incidents": [incident("felt-unsafe")]}]), "felt-unsafe")
    assert once is not None
    assert once.explanation == (
        f"You recorded feeling uncomfortable or unsafe with {ANA} on 6 January 2025. {trust}"
    )
    unsafe = {"incidents": [incident("felt-unsafe")]}
    twice_then_once = {"incidents": [incident("felt-unsafe"), incident("felt-unsafe")]}
    serious = one(weekly([twice_then_once, unsafe]), "felt-unsafe")
    assert serious is not None
    assert serious.title == f"You felt unsafe with {ANA} in 2 sessions (3 times in all)"
    assert serious.explanation == (
        f"You recorded feeling uncomfortable or unsafe with {ANA} on 6 January 2025 and "
        f"13 January 2025. {trust} therapylog treats feeling unsafe twice or more with the same "
        "therapist as serious."
    )


def test_a_single_session_is_your_last_or_your_only_one() -> None:
    """A window of one session, at the lowest thresholds: ``your last session`` where later
    sessions will move the window on, ``your only appointment so far`` where there is no more."""
    worse = one(
        weekly([{"felt": "worse"}]), "feeling-worse", thresholds=replace(DEFAULT, worse_count=1)
    )
    assert worse is not None
    assert worse.title == "Your last session left you feeling worse"
    pattern = one(
        weekly([{"incidents": [incident("dismissive")]}]),
        "recurring-empathic-failure",
        thresholds=replace(DEFAULT, empathic_warning=1, empathic_serious=2),
    )
    assert pattern is not None
    assert pattern.title == (
        "A recurring pattern of empathic failure, in your only appointment so far"
    )


def test_a_change_of_one_point_is_one_point() -> None:
    finding = one(
        weekly([{"phq9": 5}, {"phq9": 6}]),
        "reliable-deterioration",
        thresholds=replace(DEFAULT, phq9_reliable_change=1),
    )
    assert finding is not None
    assert (
        "your PHQ-9 (depression) score went from 5 on 6 January 2025 to 6 on 13 January 2025 "
        "(up 1 point)." in finding.explanation
    )


PATTERN = (
    "therapylog counts forgotten details and sessions, distraction, dismissiveness and the "
    "like, and appointments the therapist forgot (no-shows, double-booking). It calls {warning} "
    "or more in any {window} consecutive appointments a pattern, and {serious} or more serious. "
    "Every therapist slips now and then; what matters is when it keeps happening. If you grew "
    "up around people who were rarely tuned in to you, this can feel normal, which is exactly "
    "why a dated record helps."
)
REPAIRS = (
    " of these {was} acknowledged and repaired, and that is good to see; but a pattern that "
    "keeps coming back deserves attention even when each slip is repaired."
)


def test_a_recurring_pattern_says_how_many_of_its_slips_were_repaired() -> None:
    forgot = {"incidents": [incident("forgot-details")]}
    mended = {"incidents": [incident("forgot-last-session", repaired=True)]}
    rule = PATTERN.format(warning=3, window=8, serious=5)
    once = one(weekly([mended, {}, forgot, forgot]), "recurring-empathic-failure")
    assert once is not None
    assert once.explanation == (
        f"With {ANA}, in 3 of your 4 appointments so far, you recorded moments when your "
        "therapist was not attuned to you: forgetting details of your life (twice) and forgetting what you talked about "
        f"the time before (once). {rule} One{REPAIRS.format(was='was')}"
    )
    twice = one(weekly([mended, {}, mended, forgot]), "recurring-empathic-failure")
    assert twice is not None
    assert twice.explanation == (
        f"With {ANA}, in 3 of your 4 appointments so far, you recorded moments when your "
        "therapist was not attuned to you: forgetting what you talked about the time before (twice) and forgetting details "
        f"of your life (once). {rule} 2{REPAIRS.format(was='were')}"
    )


def test_two_slips_are_moments_and_one_is_a_moment() -> None:
    """With thresholds low enough for a pattern of one or two slips, the words still count."""
    forgot = {"incidents": [incident("forgot-details")]}
    pair = Thresholds(empathic_window=4, empathic_warning=2, empathic_serious=4)
    two = one(weekly([{}, forgot, {}, forgot]), "recurring-empathic-failure", thresholds=pair)
    assert two is not None
    assert two.explanation == (
        f"With {ANA}, in 2 of your last 4 appointments, you recorded moments when your "
        "therapist was not attuned to you: forgetting details of your life (twice). "
        + PATTERN.format(warning=2, window=4, serious=4)
    )
    single = Thresholds(empathic_window=4, empathic_warning=1, empathic_serious=4)
    first = one(weekly([{}, forgot, {}, {}]), "recurring-empathic-failure", thresholds=single)
    assert first is not None
    assert first.explanation == (
        f"With {ANA}, in 1 of your last 4 appointments, you recorded a moment when your "
        "therapist was not attuned to you: forgetting details of your life (once). "
        + PATTERN.format(warning=1, window=4, serious=4)
    )


def test_a_falling_mood_is_said_word_for_word() -> None:
    finding = one(weekly([{"mood_before": m} for m in (8, 7, 6, 5, 4, 3)]), "mood-decline")
    assert finding is not None
    assert finding.title == "Your mood before sessions has been falling, from 7 to 4"
    assert finding.explanation == (
        f"Over your last 6 sessions with {ANA}, your mood before the session went from an "
        "average of 7 (the first 3) to 4 (the last 3), and the trend across all of them is "
        "downward. therapylog flags a falling trend over the last 8 sessions when the last 3 "
        "average at least 2 points below the first 3. A slide like this is easy to miss from "
        "one week to the next."
    )
    assert finding.suggestion == (
        f"Show these numbers to {ANA} and ask whether the plan should change. If talking does "
        "not change things, a consultation with another therapist can give you a second "
        "opinion. If you are struggling between sessions, ask what support is available; if "
        "you feel unsafe, contact your doctor, a crisis line or emergency services now."
    )


def test_goal_stagnation_names_your_one_active_goal_or_any_of_them() -> None:
    rule = (
        "Sessions where you left progress blank are not counted: a blank is not a 'none'. "
        "therapylog looks once you have had 8 sessions and needs 6 answers. Progress is rarely "
        "a straight line, but no movement for this long is worth talking about."
    )
    rows = [{"progress": {"sleep": "none"}}] * 8
    single = one(weekly(rows), "goal-stagnation", goals=[goal("sleep")])
    assert single is not None
    assert single.title == "No progress on your goals the last 6 times you recorded it"
    assert single.explanation == (
        f"You have had 8 sessions with {ANA}. The last 6 times you recorded progress (between "
        "20 January 2025 and 24 February 2025), you recorded none on your active goal: "
        f'"Sleep". {rule}'
    )
    several = one(weekly(rows), "goal-stagnation", goals=[goal("sleep"), goal("work")])
    assert several is not None
    assert several.explanation == (
        f"You have had 8 sessions with {ANA}. The last 6 times you recorded progress (between "
        "20 January 2025 and 24 February 2025), you recorded none on any of your active "
        f'goals: "Sleep" and "Work". {rule}'
    )
    assert single.suggestion == (
        f"Review your goals with {ANA}: are they still the right ones, and is the way of "
        "working helping you reach them? Ask how they see your progress and what might change. "
        "If talking does not change things, a consultation with another therapist can give you "
        "a second opinion."
    )


def test_a_reliable_deterioration_is_said_word_for_word_even_at_one_point() -> None:
    """A reliable change set as low as 1 point: a rise of 1 is "up 1 point", never "down"."""
    finding = one(
        weekly([{"phq9": 10}, {}, {"phq9": 11}]),
        "reliable-deterioration",
        thresholds=Thresholds(phq9_reliable_change=1),
    )
    assert finding is not None
    assert finding.title == "Your PHQ-9 score has reliably worsened"
    assert finding.explanation == (
        f"Since you started with {ANA}, your PHQ-9 (depression) score went from 10 on "
        "6 January 2025 to 11 on 20 January 2025 (up 1 point). A change of 1 point or more on "
        "PHQ-9, or 4 or more on GAD-7, is larger than the everyday ups and downs of the "
        "questionnaire: NHS Talking Therapies calls it reliable change. Therapists predict very "
        "few of their clients' deteriorations, so your own record may be the first clear sign."
    )
    assert finding.suggestion == (
        f"Show these scores to {ANA} at your next session and ask what they think is happening "
        "and what could change. A second opinion from another therapist is reasonable if "
        "things do not turn around. If you feel unsafe, contact your doctor, a crisis line or "
        "emergency services now."
    )


def test_low_alliance_totals_with_no_low_scale_name_every_scale_to_talk_about() -> None:
    sevens = {"heard": 7, "goals": 7, "approach": 7, "overall": 7}  # 28 of 40, none 5 or less
    entries = weekly([{"alliance": NINE}, {"alliance": sevens}, {"alliance": sevens}])
    finding = one(entries, "alliance-low")
    assert finding is not None
    assert finding.explanation.startswith(
        f"With {ANA}: on 13 January 2025, your ratings added up to 28 of 40; on 20 January "
        "2025, your ratings added up to 28 of 40. "
    )
    assert finding.suggestion == (
        f"Tell {ANA} what felt off: feeling heard, working on what you wanted, or the way of "
        "working. Good therapists ask for this feedback and adjust to it. If talking does not "
        "change things, a consultation with another therapist can give you a second opinion; "
        "sometimes it is simply a question of fit."
    )


def test_an_alliance_dip_both_under_the_cutoff_and_from_the_usual_says_both() -> None:
    under = {"heard": 9, "goals": 8, "approach": 8, "overall": 8}  # 33
    lower = {"heard": 8, "goals": 8, "approach": 7, "overall": 7}  # 30: 6 below the usual 36
    entries = weekly([{"alliance": NINE}] * 5 + [{"alliance": under}, {"alliance": lower}])
    finding = one(entries, "alliance-dip")
    assert finding is not None
    assert (
        finding.title
        == "Your alliance ratings were a little below 36 in 2 of your last 3 rated sessions"
    )
    assert finding.explanation == (
        f"In 2 of your last 3 rated sessions with {ANA}, your four ratings added up to 33 and "
        "30 of 40: below 36, where the Session Rating Scale suggests a word about what could be "
        "better. On 17 February 2025 your ratings added up to 30 of 40, 6 points below your "
        f"usual 36 with {ANA} (the middle of your earlier ratings). {DIP}a dip from your usual "
        "is simply a moment worth noticing while it is easy to talk about."
    )
    assert finding.evidence == [entries[5].id, entries[6].id]


def test_a_window_of_one_session_is_your_last_session_never_your_last_1_sessions() -> None:
    """A client may set a window of one: every sentence then counts one, in the singular."""
    ones = replace(DEFAULT, stagnation_sessions=1, stagnation_window=1, unrecorded_sessions=1)
    stuck = one(
        weekly([{"progress": {"sleep": "none"}}]),
        "goal-stagnation",
        goals=[goal()],
        thresholds=ones,
    )
    assert stuck is not None
    assert stuck.title == "No progress on your goals the last time you recorded it"
    assert stuck.explanation.startswith(
        f"You have had 1 session with {ANA}. The last time you recorded progress (on 6 January "
        "2025), you recorded none on your active goal"
    )
    blank = one(weekly([{}]), "progress-unrecorded", goals=[goal()], thresholds=ones)
    assert blank is not None
    assert blank.title == "You haven't noted goal progress in your last session"
    assert blank.explanation.startswith(
        f'You have an active goal ("Sleep"), and in your last session with {ANA} (on 6 '
        "January 2025) you did not record how it was moving."
    )
    worse = one(
        weekly([{"felt": "worse"}]),
        "feeling-worse",
        thresholds=replace(DEFAULT, worse_window=1, worse_count=1),
    )
    assert worse is not None
    assert worse.explanation.startswith(
        f"Of your last session with {ANA} where you noted how you felt afterwards (or gave your "
        "mood before and after), 1 left you worse or much worse: 6 January 2025."
    )


def test_a_threshold_is_said_as_the_client_set_it_never_rounded() -> None:
    """A drop of 2.05 set in settings.toml is "2.05 points": a rounded "2" would name a line
    the rule does not use (a fall of exactly 2 does not fire)."""
    fine = replace(DEFAULT, mood_drop=2.05, improvement_gain=1.25, improvement_well=7.25)
    falling = one(
        weekly([{"mood_before": m} for m in (8, 7, 6, 5, 4, 3)]), "mood-decline", thresholds=fine
    )
    assert falling is not None
    assert "when the last 3 average at least 2.05 points below the first 3." in falling.explanation
    rising = [{"mood_before": 4}] * 3 + [{}] * 6 + [{"mood_before": 5}] * 3
    flat = one(weekly(rising), "no-improvement", thresholds=fine)
    assert flat is not None
    assert (
        "averages 5 in the last 3, against 4 in the first 3: less than 1.25 points better"
        in flat.explanation
    )
    assert ", and below 7.25. therapylog looks once you have had 12 sessions." in flat.explanation


@pytest.mark.parametrize("kind", [kind.slug for kind in INCIDENT_KINDS])
def test_what_happened_is_told_in_plain_words_never_by_its_slug(kind: str) -> None:
    """A client reads "falling asleep (once)", never "fell-asleep (once)": each incident kind
    recorded three times, unrepaired, in the first sessions, is named in plain words by every
    finding that counts it."""
    found = analyze(weekly([{"incidents": [incident(kind)]}] * 3), [], DEFAULT)
    told = " ".join(f"{f.title} {f.explanation} {f.suggestion}" for f in found)
    if KINDS_BY_SLUG[kind].category is not Category.PRACTICAL:  # (no rule counts those)
        assert WHAT_HAPPENED[kind] in told
    unsaid = told.replace(WHAT_HAPPENED[kind], "")  # ("seeming distracted (once)")
    assert f"{kind} (" not in unsaid and f"({kind}" not in unsaid


@pytest.mark.parametrize("status", sorted(RELIABILITY_STATUSES))
def test_an_appointment_that_did_not_go_ahead_is_told_in_plain_words(status: str) -> None:
    found = analyze(weekly([{"status": status}] * 3), [], DEFAULT)
    told = " ".join(f.explanation for f in found)
    assert f"{WHAT_HAPPENED[status]} (3 times)" in told
    assert f"{status} (" not in told
