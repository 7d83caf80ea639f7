"""The shape of the package, as docs/architecture.md draws it, checked on every run.

The rules are read from the source with ``ast`` (nothing is imported), so a broken rule
names the file and line that broke it. There is no list of exceptions: a module that needs
one belongs in another layer.
"""

from __future__ import annotations

import ast
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "therapylog"

#: Each layer, and the layers it may import (itself included). Read from the bottom up.
MAY_IMPORT: dict[str, frozenset[str]] = {
    "data": frozenset({"data"}),
    "journal": frozenset({"data", "journal"}),
    "analysis": frozenset({"data", "analysis"}),
    "report": frozenset({"data", "analysis", "report"}),
    "usecases": frozenset({"data", "journal", "analysis", "report", "usecases"}),
    "cli": frozenset({"data", "journal", "analysis", "report", "usecases", "cli", "package"}),
    "package": frozenset({"cli", "package"}),  # __init__ (the version) and __main__
}

#: Standard-library modules that reach the file system, the process or the terminal.
INPUT_OUTPUT = frozenset(
    {"os", "io", "sys", "pathlib", "shutil", "subprocess", "tempfile", "socket", "fcntl"}
)
TERMINAL = frozenset({"typer", "click", "rich", "pexpect"})
LONGEST_MODULE = 350


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, e.g. "therapylog.journal.storage"
    target: str  # the imported module, e.g. "therapylog.data.model" or "os"
    line: int
    typing_only: bool  # inside ``if TYPE_CHECKING:``

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line} imports {self.target}"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in MAY_IMPORT) else "package"


def _typing_only_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports_of(module: str, path: Path, known: dict[str, Path]) -> Iterator[Import]:
    tree = ast.parse(path.read_text(), filename=str(path))
    typing_only = _typing_only_lines(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from therapylog.journal import storage`` imports the module storage
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        else:
            continue
        for target in dict.fromkeys(targets):
            yield Import(module, target, node.lineno, node.lineno in typing_only)


def all_imports() -> list[Import]:
    known = modules()
    return [found for module, path in known.items() for found in imports_of(module, path, known)]


def internal(found: Import) -> bool:
    return found.target == "therapylog" or found.target.startswith("therapylog.")


def test_every_module_lives_in_a_layer() -> None:
    loose = [name for name in modules() if layer(name) == "package"]
    assert sorted(loose) == ["therapylog", "therapylog.__main__"]


def test_lower_layers_never_import_higher_ones() -> None:
    broken = [
        found.where
        for found in all_imports()
        if internal(found)
        and found.target not in {"therapylog"}
        and layer(found.target) not in MAY_IMPORT[layer(found.source)]
    ]
    assert broken == []


def test_only_the_cli_knows_the_terminal() -> None:
    broken = [
        found.where
        for found in all_imports()
        if found.target.split(".")[0] in TERMINAL
        and layer(found.source) not in {"cli", "package"}
        # the terminal renderer builds Rich renderables; it never prints them
        and not (
            found.source.startswith("therapylog.report.renderers.terminal")
            and found.target.startswith("rich")
        )
    ]
    assert broken == []


@pytest.mark.parametrize("pure", ["analysis", "report"])
def test_analysis_and_report_do_no_input_or_output(pure: str) -> None:
    broken = [
        found.where
        for found in all_imports()
        if layer(found.source) == pure
        and not found.typing_only
        and found.target.split(".")[0] in INPUT_OUTPUT
    ]
    calls = [
        f"{name}:{node.lineno} calls {node.func.id}()"
        for name, path in modules().items()
        if layer(name) == pure
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"open", "print", "input"}
    ]
    assert broken + calls == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_there_are_no_import_circles() -> None:
    """Function-level imports count: hiding a circle inside a function does not remove it.

    Imports made only for type checking are left out, and so is a package's ``__init__``
    (importing ``therapylog.x.y`` runs ``therapylog.x`` first without importing anything
    from it).
    """
    known = modules()
    graph: dict[str, set[str]] = {name: set() for name in known}
    for found in all_imports():
        if internal(found) and not found.typing_only and found.target in known:
            graph[found.source].add(found.target)
    assert _cycles(graph) == []


def test_no_module_is_longer_than_a_newcomer_can_read() -> None:
    long = {
        name: lines
        for name, path in modules().items()
        if (lines := len(path.read_text().splitlines())) > LONGEST_MODULE
    }
    assert long == {}


def test_the_project_cites_its_own_docs_not_an_outside_spec() -> None:
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    citing = [
        name
        for name in tracked
        if name.endswith((".py", ".md", ".toml", ".txt"))
        and name != "tests/test_architecture.py"
        and (ROOT / name).is_file()
        and "SPEC" in (ROOT / name).read_text(errors="replace")
    ]
    assert citing == []


def test_the_map_names_every_module() -> None:
    """docs/architecture.md is where a newcomer finds where a rule lives: every module is on it
    (a folder such as ``report/renderers/`` stands for the modules in it)."""
    text = (ROOT / "docs" / "architecture.md").read_text()
    missing = [
        relative
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "__init__.py"
        and path.parent != PACKAGE
        and (relative := path.relative_to(PACKAGE).as_posix()) not in text
        and f"{path.parent.relative_to(PACKAGE).as_posix()}/`" not in text
    ]
    assert missing == []
