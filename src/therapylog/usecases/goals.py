"""Goals: adding them and changing their status (library side of ``therapylog goals``)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from therapylog.data.catalogue import GoalStatus
from therapylog.data.errors import InputError
from therapylog.data.model import Goal
from therapylog.data.schemas import validate_goal_id
from therapylog.data.validation import validated
from therapylog.journal.storage import Journal


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    slug = "-".join(words)[:40].strip("-")
    return slug or "goal"


def add_goal(journal: Journal, title: str, *, goal_id: str | None, today: dt.date) -> Goal:
    if goal_id is not None:
        try:
            validate_goal_id(goal_id)
        except ValueError as error:
            raise InputError(f"--id: {error}") from None
    created: list[Goal] = []

    def change(goals: list[Goal]) -> list[Goal]:
        taken = {goal.id for goal in goals}
        if goal_id is not None and goal_id in taken:
            raise InputError(f"--id: a goal {goal_id!r} exists already; choose another id")
        new_id = goal_id or _unique(slugify(title), taken)
        goal = validated(Goal, {"id": new_id, "title": title, "created": today})
        created.append(goal)
        return [*goals, goal]

    journal.save_goals(change)
    return created[0]


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = base[: 40 - len(suffix)] + suffix
    return candidate


def set_goal_status(journal: Journal, goal_id: str, status: GoalStatus) -> Goal:
    changed: list[Goal] = []

    def change(goals: list[Goal]) -> list[Goal]:
        ids = [goal.id for goal in goals]
        if goal_id not in ids:
            listed = ", ".join(ids) if ids else "none yet"
            raise InputError(f"no goal {goal_id!r}; goals: {listed}")
        updated = []
        for goal in goals:
            if goal.id == goal_id:
                goal = goal.replace(status=status)
                changed.append(goal)
            updated.append(goal)
        return updated

    journal.save_goals(change)
    return changed[0]
