"""What the spec collects and prunes, checked without running PyInstaller."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.util import find_spec
from pathlib import Path

import bundle_config as config
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def test_version_comes_from_pyproject() -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        assert config.project_version() == tomllib.load(handle)["project"]["version"]


def test_a_malformed_version_names_the_file(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nversion = "one"\n')
    with pytest.raises(ValueError, match=r"pyproject.toml: project.version 'one'"):
        config.project_version(pyproject)


@pytest.mark.parametrize(
    ("version", "numeric"), [("0.1.0", "0.1.0.0"), ("1.2.3rc1", "1.2.3.0"), ("2.0", "2.0.0.0")]
)
def test_numeric_version_has_four_numbers(version: str, numeric: str) -> None:
    assert config.numeric_version(version) == numeric


@pytest.mark.parametrize(
    "destination",
    [
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/imageformats/libqpdf.so",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6\\opengl32sw.dll",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        # Windows: PyInstaller lays the plugins out under PySide6/plugins, not PySide6/Qt/plugins.
        "PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll",
        "PySide6\\plugins\\imageformats\\qpdf.dll",
        "PySide6/plugins/platforms/qdirect2d.dll",
        "PySide6/plugins/generic/qtuiotouchplugin.dll",
        "PySide6/plugins/tls/qschannelbackend.dll",
        "PySide6/plugins/networkinformation/qnetworklistmanager.dll",
        "PySide6/translations/qtbase_de.qm",
    ],
)
def test_unused_qt_parts_are_pruned(destination: str) -> None:
    assert config.is_pruned(destination)


@pytest.mark.parametrize(
    "destination",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/plugins/platforms/qoffscreen.dll",
        "PySide6/plugins/iconengines/qsvgicon.dll",
        "PySide6/plugins/imageformats/qsvg.dll",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/Qt6Widgets.dll",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/lib/libQt6Svg.so.6",
        "PySide6/Qt/lib/libQt6OpenGL.so.6",
        "PySide6/Qt/lib/libQt6WaylandClient.so.6",
        "llama_cpp/lib/libllama.so",
    ],
)
def test_what_widgets_need_on_every_platform_is_kept(destination: str) -> None:
    assert not config.is_pruned(destination)


def test_resources_are_collected_with_their_tree() -> None:
    datas = {
        Path(source).relative_to(ROOT).as_posix(): dest for source, dest in config.resource_datas()
    }
    assert datas["resources/icons/hearth.svg"] == "resources/icons"
    assert datas["resources/icons/hearth.ico"] == "resources/icons"
    assert datas["resources/catalog.json"] == "resources"
    assert any(path.startswith("resources/templates/") for path in datas)


def third_party_imports() -> set[str]:
    """Top-level modules imported anywhere in app/ that are neither stdlib nor app."""
    found: set[str] = set()
    for path in (ROOT / "app").rglob("*.py"):
        if path.is_relative_to(ROOT / "app" / "training"):
            continue  # the optional training extra: not part of the installers
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    # The OCR component's packages are imported only once it is activated: not in the installers.
    component = set(config.OCR_COMPONENT_MODULES)
    return {
        name
        for name in found
        if name not in sys.stdlib_module_names and name != "app" and name not in component
    }


def has_pyinstaller_hook(module: str) -> bool:
    import _pyinstaller_hooks_contrib
    import PyInstaller

    folders = [
        Path(PyInstaller.__file__).parent / "hooks",
        Path(_pyinstaller_hooks_contrib.__file__).parent / "stdhooks",
        PACKAGING / "hooks",
    ]
    return any((folder / f"hook-{module}.py").exists() for folder in folders)


def ships_data_files(module: str) -> bool:
    spec = find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return False
    package = Path(next(iter(spec.submodule_search_locations)))
    code = {".py", ".pyc", ".pyi", ".so", ".pyd", ".dylib", ".dll", ".typed"}
    return any(
        p.is_file() and p.suffix not in code and "__pycache__" not in p.parts
        for p in package.rglob("*")
    )


def test_every_imported_package_with_data_files_is_collected() -> None:
    # A package that ships data files (templates, certificates, colour profiles) works in a
    # checkout and breaks only when frozen, unless a hook or OPTIONAL_PACKAGES collects them.
    collected = {package.module for package in config.OPTIONAL_PACKAGES if package.data}
    uncollected = sorted(
        module
        for module in third_party_imports()
        if ships_data_files(module) and module not in collected and not has_pyinstaller_hook(module)
    )
    assert uncollected == [], (
        f"add {uncollected} to OPTIONAL_PACKAGES (data=True) in packaging/bundle_config.py"
    )


def test_every_imported_package_is_installed_so_the_analysis_finds_it() -> None:
    missing = sorted(module for module in third_party_imports() if find_spec(module) is None)
    assert missing == [], f"app/ imports {missing}, which are not installed"


def qt_modules_imported() -> set[str]:
    """The PySide6 modules app/ imports ("QtCore", "QtNetwork", ...)."""
    found: set[str] = set()
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6."):
                found.add(str(node.module).split(".")[1])
    return found


def test_every_qt_module_the_app_imports_is_bundled() -> None:
    # QtNetwork was once pruned; the single-instance hand-off (QLocalServer) needs it.
    modules = qt_modules_imported()
    assert "QtNetwork" in modules
    for module in sorted(modules):
        name = module.removeprefix("Qt")
        assert f"PySide6.{module}" not in config.EXCLUDED_MODULES
        for library in (
            f"PySide6/Qt/lib/libQt6{name}.so.6",
            f"PySide6/Qt6{name}.dll",
            f"PySide6/Qt/lib/Qt{name}.framework/Versions/A/Qt{name}",
        ):
            assert not config.is_pruned(library), library


def test_every_executable_runs_in_utf8_mode() -> None:
    """The frozen app's text encoding must not depend on the machine's code page or on the
    environment it is started from (the bootloader ignores PYTHONUTF8)."""
    assert ("X utf8", None, "OPTION") in config.RUNTIME_OPTIONS
    spec = ast.parse((PACKAGING / "hearth.spec").read_text(encoding="utf-8"))
    calls = [
        node
        for node in ast.walk(spec)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "EXE"
    ]
    assert calls, "hearth.spec builds no EXE"
    for call in calls:
        assert ast.unparse(call.args[2]) == "list(config.RUNTIME_OPTIONS)"
