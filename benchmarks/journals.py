"""Realistic journals of any size, written fast: entry files straight from the codec.

A journal of ``n`` entries covers the ``n`` days up to yesterday (a few days hold two
appointments), with a handful of therapists in turn (one seen again later), moods, goal
progress, incidents with notes, alliance ratings, questionnaire scores, tags and notes of a
few sentences: what a long-time user's folder looks like.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from therapylog.data.model import Entry, Goal
from therapylog.data.validation import validate
from therapylog.journal import codec

THERAPISTS = ("Dr Anna Lee", "Sam Okafor", "Dr Maria Costa", "Jun Park")
GOALS = (
    ("sleep", "Sleep through the night"),
    ("boundaries", "Say no to my family without guilt"),
    ("panic", "Fewer panic attacks at work"),
    ("grief", "Make peace with my father's death"),
)
KINDS = (
    "forgot-details",
    "forgot-last-session",
    "distracted",
    "self-focus",
    "dismissive",
    "judgmental",
    "jargon",
    "no-explanation",
    "pushed-technique",
    "billing-error",
    "ignored-feedback",
)  # no boundary crossing: `export` makes no handout for such a therapist (docs/report.md)
STATUSES = (
    ["attended"] * 16
    + ["therapist-cancelled", "therapist-rescheduled", "client-cancelled", "double-booked"]
    + ["therapist-no-show", "client-no-show"]
)
SENTENCES = (
    "We talked about the argument with my sister and why it still bothers me.",
    "I managed to say what I needed without apologising first.",
    "Work has been overwhelming and I barely slept on Sunday.",
    "She asked about my father again and I cried for the first time in months.",
    "We tried a breathing exercise; it felt awkward but helped a little.",
    "I felt rushed at the end, the clock was clearly on their mind.",
    "Homework: write down three moments in the week when I felt calm.",
    "I noticed I was people-pleasing in the session itself.",
    "The room was cold and I could not settle for the first twenty minutes.",
    "We reviewed the goals and agreed that sleep is still the priority.",
)
TAGS = ("work", "family", "sleep", "homework", "online", "difficult", "breakthrough")


def _therapist(index: int, count: int) -> str:
    """Four therapists in turn over the years; the first is seen again at the end."""
    era = min(index * 5 // max(count, 1), 4)
    return THERAPISTS[era % len(THERAPISTS)]


def entry_document(rng: random.Random, day: dt.date, entry_id: str, therapist: str) -> Entry:
    status = rng.choice(STATUSES)
    fields: dict[str, Any] = {"id": entry_id, "date": day, "therapist": therapist}
    fields["status"] = status
    if status == "attended":
        before = rng.randint(2, 8)
        fields["mood_before"] = before
        fields["mood_after"] = max(0, min(10, before + rng.randint(-3, 3)))
        if rng.random() < 0.2:
            fields["felt"] = rng.choice(["worse", "same", "better"])
        goals = rng.sample([goal_id for goal_id, _ in GOALS[:3]], rng.randint(0, 2))
        fields["progress"] = {
            goal_id: rng.choice(["none", "none", "slight", "clear", "major"]) for goal_id in goals
        }
        if rng.random() < 0.6:
            fields["alliance"] = {
                "heard": rng.randint(5, 10),
                "goals": rng.randint(5, 10),
                "approach": rng.randint(4, 10),
                "overall": rng.randint(5, 10),
            }
        if rng.random() < 0.25:
            fields["phq9"] = rng.randint(3, 20)
            fields["gad7"] = rng.randint(2, 16)
    if status != "client-no-show" and rng.random() < 0.15:
        fields["incidents"] = [
            {
                "kind": rng.choice(KINDS),
                "note": rng.choice(SENTENCES) if rng.random() < 0.6 else None,
                "repaired": rng.random() < 0.3,
            }
            for _ in range(rng.randint(1, 2))
        ]
    if rng.random() < 0.4:
        fields["tags"] = rng.sample(TAGS, rng.randint(1, 3))
    if rng.random() < 0.8:
        fields["notes"] = " ".join(rng.sample(SENTENCES, rng.randint(1, 4)))
    return validate(Entry, fields)


def build_journal(
    root: Path, count: int, *, seed: int = 2026, today: dt.date | None = None
) -> None:
    """Write a journal of ``count`` entries into ``root`` (which should not exist yet)."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    entries_dir = root / "entries"
    entries_dir.mkdir(parents=True, mode=0o700)
    root.chmod(0o700)
    slots: list[tuple[dt.date, int]] = []  # (day, appointment number), newest first
    day = today
    while len(slots) < count:
        day -= dt.timedelta(days=1)
        per_day = 2 if rng.random() < 0.05 else 1
        slots.extend((day, number) for number in range(per_day, 0, -1))
    slots = slots[:count][::-1]
    for index, (day, number) in enumerate(slots):
        entry_id = day.isoformat() + (f"-{number}" if number > 1 else "")
        entry = entry_document(rng, day, entry_id, _therapist(index, count))
        (entries_dir / f"{entry_id}.toml").write_bytes(codec.entry_to_toml(entry))
    first = slots[0][0] if slots else today
    goals = [
        validate(
            Goal,
            {
                "id": goal_id,
                "title": title,
                "created": first,
                "status": "dropped" if goal_id == "grief" else "active",
            },
        )
        for goal_id, title in GOALS
    ]
    (root / "goals.toml").write_bytes(codec.goals_to_toml(goals))
