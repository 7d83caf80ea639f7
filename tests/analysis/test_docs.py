"""docs/analysis.md stays true: its settings example loads, its table matches the defaults."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from therapylog.analysis import RULES
from therapylog.data.model import Thresholds
from therapylog.journal.codec import settings_from_toml

DOC = Path(__file__).resolve().parents[2] / "docs" / "analysis.md"


def test_the_settings_example_is_a_valid_settings_file() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"```toml\n(.*?)```", text, re.DOTALL)
    assert block is not None
    settings = settings_from_toml(Path("settings.toml"), block.group(1).encode())
    assert settings.thresholds.empathic_window == 10
    assert settings.thresholds.mood_drop == 1.5
    assert settings.thresholds.worse_count == Thresholds().worse_count


def test_the_threshold_table_lists_every_field_with_its_default() -> None:
    text = DOC.read_text(encoding="utf-8")
    rows = dict(re.findall(r"`(\w+)` \| ([\d.]+)", text))
    defaults = Thresholds()
    assert set(rows) == {item.name for item in dataclasses.fields(Thresholds)}
    for name, value in rows.items():
        assert float(value) == getattr(defaults, name), name


def test_every_rule_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for rule in RULES:
        assert f"`{rule}`" in text, rule


def test_the_number_of_patterns_is_the_number_of_rules() -> None:
    text = DOC.read_text(encoding="utf-8")
    words = {16: "sixteen", 17: "seventeen", 18: "eighteen", 19: "nineteen", 20: "twenty"}
    assert f"looks for {words[len(RULES)]} such patterns" in text


def test_the_ranges_are_the_limits() -> None:
    """Each threshold whose range is not the counts' 1 to 1000 is named with its own range, as
    data/limits.py has it; every other one is such a count."""
    from therapylog.data.limits import THRESHOLD_LIMITS

    text = " ".join(DOC.read_text(encoding="utf-8").split())
    ranges = text[text.index("Each value has a range") : text.index("If the settings file is")]
    assert "are whole numbers from 1 to 1000" in ranges
    for name, (low, high) in THRESHOLD_LIMITS.items():
        if (low, high) == (1, 1000):
            continue
        after = ranges[ranges.index(f"`{name}`") :]
        said = after[after.index(" from ") :]
        assert said.startswith((f" from {low:g} to {high:g}", f" from {low:g}:")), name
        if said.startswith(f" from {low:g}:"):
            assert high == 1000, name  # "(... from 2: a trend needs two sessions)"
