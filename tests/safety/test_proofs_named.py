"""docs/data-safety.md names a test for each promise: each test it names exists, in the file it
is named with, and each module and file it names is there. A renamed or moved test fails here
instead of leaving a promise without its proof."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "data-safety.md").read_text(encoding="utf-8")
TEST_FILES = sorted((ROOT / "tests").rglob("test_*.py"))
#: Each test file by its path from the repository's root and by its name alone (names are unique).
BY_NAME = {path.name: path for path in TEST_FILES} | {
    str(path.relative_to(ROOT)): path for path in TEST_FILES
}
DEFINED = {
    path: set(re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), re.M))
    for path in TEST_FILES
}
#: `tests/safety/test_x.py`, `test_x.py`, either with `::test_name`.
FILE_TOKEN = re.compile(r"((?:tests/(?:\w+/)*)?(test_\w+\.py))(?:::(test_\w+))?")


def proofs() -> list[str]:
    """Each "*Proof:*" paragraph of the page."""
    return [
        part
        for part in re.split(r"\n(?=- \*Proof:\*)|\n#{2,3} ", DOC)
        if part.startswith("- *Proof:*")
    ]


def test_a_file_named_alone_is_one_file() -> None:
    """The page names most test files by their name alone: that must say which file."""
    alone = {named[2] for named in map(FILE_TOKEN.fullmatch, re.findall(r"`([^`]+)`", DOC))
             if named and not named[1].startswith("tests/")}  # fmt: skip
    assert alone
    assert sorted(name for name in alone if [p.name for p in TEST_FILES].count(name) != 1) == []


def test_every_named_test_exists_in_the_file_it_is_named_with() -> None:
    """A bare test name belongs to the last file named before it in its proof."""
    assert len(proofs()) >= 17
    wrong = []
    for proof in proofs():
        current: Path | None = None
        for token in re.findall(r"`([^`]+)`", proof):
            named = FILE_TOKEN.fullmatch(token)
            if named:
                current = BY_NAME.get(named[1]) or BY_NAME.get(named[2])
                assert current is not None, f"no test file {token}"
                if named[3] and named[3] not in DEFINED[current]:
                    wrong.append(token)
            elif re.fullmatch(r"test_\w+", token) and (
                current is None or token not in DEFINED[current]
            ):
                wrong.append(f"{token} (in {current})")
    assert wrong == []


def test_every_named_test_anywhere_on_the_page_exists() -> None:
    everywhere = set().union(*DEFINED.values())
    named = set(re.findall(r"`(test_\w+)`", DOC)) | set(re.findall(r"::(test_\w+)`", DOC))
    assert sorted(named - everywhere) == []


def test_every_named_module_and_file_exists() -> None:
    paths = set(re.findall(r"`((?:src|tests)/[\w/.]+?)(?:::\w+)?`", DOC))
    assert paths, "the page names the code it describes"
    assert sorted(path for path in paths if not (ROOT / path).exists()) == []
    for dotted in set(re.findall(r"`(therapylog(?:\.\w+)+)`", DOC)):
        module, _, name = dotted.rpartition(".")
        try:
            found = hasattr(importlib.import_module(module), name)
        except ImportError:
            found = importlib.util.find_spec(dotted) is not None
        assert found, dotted
