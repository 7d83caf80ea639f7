"""Hypothesis strategies for valid journal data, shared by the property tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from therapylog.data.catalogue import KINDS_BY_SLUG, Felt, ProgressLevel, Status
from therapylog.data.model import Entry
from therapylog.data.validation import validate

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
_name = _text.map(lambda s: " ".join(s.split())).filter(lambda s: 0 < len(s) <= 120)
_goal_id = st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True)
_score = st.integers(0, 10)


def _maybe_repaired_later(
    draw: st.DrawFn, incident: dict[str, object], day: dt.date
) -> dict[str, object]:
    """Some repaired incidents were put right in a later session (``add --repairs``)."""
    if incident["repaired"] and draw(st.booleans()):
        later = draw(st.integers(0, 60))
        return {**incident, "repaired_on": day + dt.timedelta(days=later)}
    return incident


@st.composite
def entries(draw: st.DrawFn, *, day: dt.date | None = None) -> Entry:
    date = day or draw(st.dates(dt.date(2020, 1, 1), dt.date(2026, 11, 22)))
    sequence = draw(st.integers(1, 4))
    phq9_items = draw(st.none() | st.lists(st.integers(0, 3), min_size=9, max_size=9))
    gad7_items = draw(st.none() | st.lists(st.integers(0, 3), min_size=7, max_size=7))
    return validate(
        Entry,
        {
            "id": date.isoformat() if sequence == 1 else f"{date.isoformat()}-{sequence}",
            "date": date,
            "therapist": draw(_name),
            "status": draw(st.sampled_from(list(Status))),
            "mood_before": draw(st.none() | _score),
            "mood_after": draw(st.none() | _score),
            "felt": draw(st.none() | st.sampled_from(list(Felt))),
            "progress": draw(
                st.dictionaries(_goal_id, st.sampled_from(list(ProgressLevel)), max_size=3)
            ),
            "incidents": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "kind": st.sampled_from(sorted(KINDS_BY_SLUG)),
                            "note": st.none() | _text.map(str.strip).filter(bool),
                            "repaired": st.booleans(),
                        }
                    ).map(lambda incident: _maybe_repaired_later(draw, incident, date)),
                    max_size=3,
                )
            ),
            "alliance": draw(
                st.none()
                | st.fixed_dictionaries(
                    {"heard": _score, "goals": _score, "approach": _score, "overall": _score}
                )
            ),
            # (with items, the total is theirs: given or left for validation to fill in)
            "phq9": sum(phq9_items) if phq9_items else draw(st.none() | st.integers(0, 27)),
            "gad7": None if gad7_items else draw(st.none() | st.integers(0, 21)),
            "phq9_items": phq9_items,
            "gad7_items": gad7_items,
            "tags": draw(st.lists(_text.map(str.strip).filter(bool), max_size=3, unique=True)),
            "notes": draw(_text),
        },
    )
