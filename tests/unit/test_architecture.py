"""The layering rules of docs/architecture.md, read from the source: a change that breaks one fails.

Each rule names the modules allowed to do something; everything else in `app/` must not. Imports
are read with `ast`, so an import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"
MAX_MODULE_LINES = 450
MAX_UI_TOP_LEVEL_FILES = 8
GUI_ROOTS = {"bootstrap.py"}
COMPOSITION_ROOTS = {"core.py", "bootstrap.py"}


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(APP.rglob("*.py")):
        yield path.relative_to(APP).as_posix(), path


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _offenders(packages: set[str], allowed: tuple[str, ...]) -> list[str]:
    return [
        name
        for name, path in _modules()
        if not name.startswith(allowed) and _imported_packages(path) & packages
    ]


def test_qt_is_imported_only_by_the_ui_and_the_gui_entry() -> None:
    assert _offenders({"PySide6", "shiboken6"}, ("ui/", *GUI_ROOTS)) == []


def test_llama_cpp_is_imported_only_by_the_engine() -> None:
    assert _offenders({"llama_cpp"}, ("engine/",)) == []


def test_torch_and_its_libraries_are_imported_only_by_training() -> None:
    assert _offenders({"torch", "transformers", "peft"}, ("training/",)) == []


def test_only_the_engine_and_the_composition_roots_construct_a_llama_engine() -> None:
    construct = re.compile(r"\bLlamaEngine\(")
    offenders = [
        name
        for name, path in _modules()
        if not name.startswith("engine/")
        and name not in COMPOSITION_ROOTS
        and construct.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_ui_package_is_laid_out_by_feature() -> None:
    top_level = sorted(p.name for p in (APP / "ui").glob("*.py"))
    assert len(top_level) <= MAX_UI_TOP_LEVEL_FILES, top_level


@pytest.mark.parametrize("suffix", ["Actions", "Parts", "Mixin"])
def test_no_ui_class_is_assembled_from_mixins(suffix: str) -> None:
    offenders = []
    for name, path in _modules():
        if not name.startswith("ui/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = [ast.unparse(base) for base in node.bases]
                offenders += [f"{name}:{node.name}({b})" for b in bases if b.endswith(suffix)]
    assert offenders == []


def test_no_module_is_over_the_size_limit() -> None:
    too_long = {
        name: count
        for name, path in _modules()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}


def test_the_rules_see_a_violation(tmp_path: Path) -> None:
    """The import reader finds an import hidden inside a function (so the rules above can fail)."""
    module = tmp_path / "sneaky.py"
    module.write_text("def later():\n    from llama_cpp import Llama\n    import PySide6.QtCore\n")
    assert _imported_packages(module) == {"llama_cpp", "PySide6"}


def _app_imports(path: Path) -> set[str]:
    """The `app.<package>` names a module imports (relative imports stay inside its package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            parts = node.module.split(".")
            if parts[0] == "app" and len(parts) > 1:
                found.add(parts[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "app" and len(parts) > 1:
                    found.add(parts[1])
    return found


@pytest.mark.parametrize("leaf", ["checking", "components"])
def test_leaf_packages_import_nothing_else_from_the_app(leaf: str) -> None:
    """The checker and the component installer sit below everything that uses them."""
    reaching_out = {
        name: sorted(_app_imports(path) - {leaf})
        for name, path in _modules()
        if name.startswith(f"{leaf}/") and _app_imports(path) - {leaf}
    }
    assert reaching_out == {}
