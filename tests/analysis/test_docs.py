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
