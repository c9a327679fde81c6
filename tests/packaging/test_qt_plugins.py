"""Qt plugins whose Qt library was pruned: build_bundle.verify() flags them in the layouts of
all three OSes, and the pruning rules leave none in this machine's PySide6."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import build_bundle
import bundle_config as config
import pytest
from bundle_checks import is_qt_plugin, orphaned_qt_plugins, qt_library_name
from linked_libraries import linked_libraries

from tests.packaging.binaries import elf_shared_object, macho_image, pe_dll


def place(root: Path, relative: str, data: bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("recorded", "name"),
    [
        ("libQt6Network.so.6", "libQt6Network.so.6"),
        ("Qt6Network.dll", "Qt6Network.dll"),
        ("@rpath/QtNetwork.framework/Versions/A/QtNetwork", "QtNetwork"),
        ("libc.so.6", None),
        ("KERNEL32.dll", None),
        ("/System/Library/Frameworks/AppKit.framework/Versions/C/AppKit", None),
    ],
)
def test_qt_libraries_are_recognised_in_every_format(recorded: str, name: str | None) -> None:
    assert qt_library_name(recorded) == name


def test_plugins_are_found_in_both_layouts() -> None:
    assert is_qt_plugin(Path("PySide6/Qt/plugins/tls/libqopensslbackend.so"))
    assert is_qt_plugin(Path("PySide6/plugins/tls/qschannelbackend.dll"))
    assert not is_qt_plugin(Path("PySide6/Qt/lib/libQt6Core.so.6"))
    assert not is_qt_plugin(Path("other/plugins/x.so"))


def test_windows_layout(tmp_path: Path) -> None:
    internal = tmp_path / "hearth" / "_internal"
    place(internal, "PySide6/Qt6Core.dll", pe_dll(("KERNEL32.dll",)))
    place(internal, "PySide6/Qt6Gui.dll", pe_dll(("Qt6Core.dll",)))
    place(internal, "PySide6/plugins/imageformats/qsvg.dll", pe_dll(("Qt6Gui.dll", "Qt6Core.dll")))
    place(
        internal, "PySide6/plugins/imageformats/qpdf.dll", pe_dll(("Qt6Core.dll",), ("Qt6Pdf.dll",))
    )
    problems = orphaned_qt_plugins(internal)
    assert problems == [
        "orphaned Qt plugin PySide6/plugins/imageformats/qpdf.dll: it needs Qt6Pdf.dll, which "
        "was pruned; prune the plugin too (bundle_config.PRUNED_QT)"
    ]


def test_linux_layout_flags_every_missing_qt_library(tmp_path: Path) -> None:
    internal = tmp_path / "_internal"
    place(internal, "PySide6/Qt/lib/libQt6Core.so.6", elf_shared_object(("libc.so.6",)))
    place(
        internal,
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        elf_shared_object(("libQt6Network.so.6", "libQt6Core.so.6", "libssl.so.3")),
    )
    place(
        internal,
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        elf_shared_object(("libQt6VirtualKeyboard.so.6", "libQt6Quick.so.6")),
    )
    problems = orphaned_qt_plugins(internal)
    assert len(problems) == 2
    assert (
        "libqtvirtualkeyboardplugin.so: it needs libQt6Quick.so.6, libQt6VirtualKeyboard"
        in (problems[0])
    )
    assert "libqopensslbackend.so: it needs libQt6Network.so.6," in problems[1]


def test_macos_layout_and_verify(tmp_path: Path) -> None:
    frameworks = tmp_path / "Hearth.app" / "Contents" / "Frameworks"
    place(frameworks, "PySide6/Qt/lib/QtCore.framework/Versions/A/QtCore", macho_image())
    core = "@rpath/QtCore.framework/Versions/A/QtCore"
    network = "@rpath/QtNetwork.framework/Versions/A/QtNetwork"
    place(
        frameworks,
        "PySide6/Qt/plugins/tls/libqsecuretransportbackend.dylib",
        macho_image(libraries=(network, core)),
    )
    place(
        frameworks, "PySide6/Qt/plugins/platforms/libqcocoa.dylib", macho_image(libraries=(core,))
    )
    problems = [line for line in build_bundle.verify(frameworks) if "orphaned" in line]
    assert len(problems) == 1
    assert "tls/libqsecuretransportbackend.dylib: it needs QtNetwork," in problems[0]


def installed_pyside6() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent


def test_a_real_plugin_without_its_library_is_flagged(tmp_path: Path) -> None:
    plugins = installed_pyside6() / "Qt" / "plugins"
    real = sorted(plugins.glob("imageformats/*qpdf*"))
    if not real:
        pytest.skip("this PySide6 has no PDF image-format plugin")
    internal = tmp_path / "_internal"
    target = internal / "PySide6" / "Qt" / "plugins" / "imageformats" / real[0].name
    target.parent.mkdir(parents=True)
    shutil.copyfile(real[0], target)
    for library in linked_libraries(real[0]):
        if qt_library_name(library) and "Pdf" not in library:
            place(internal, f"PySide6/Qt/lib/{library}", b"")
    [problem] = orphaned_qt_plugins(internal)
    assert "needs libQt6Pdf" in problem or "needs Qt6Pdf" in problem or "needs QtPdf" in problem


def bundled_path(pyside: Path, file: Path) -> str:
    """Where PyInstaller puts an installed PySide6 file: the same path below PySide6/."""
    return "PySide6/" + file.relative_to(pyside).as_posix()


def collected_plugin_folders() -> set[str]:
    """The plugin folders PyInstaller collects for the Qt modules app/ imports (its own table)."""
    modules_info = pytest.importorskip("PyInstaller.utils.hooks.qt._modules_info")
    imported = {
        module
        for path in (config.ROOT / "app").rglob("*.py")
        for module in re.findall(r"PySide6\.(Qt[A-Za-z]+)", path.read_text(encoding="utf-8"))
    }
    imported -= {name.split(".", 1)[1] for name in config.EXCLUDED_MODULES if "." in name}
    return {
        folder
        for definition in modules_info.QT_MODULES_INFO
        if definition.module in imported
        for folder in definition.plugins
    }


def test_no_collected_plugin_of_this_pyside6_needs_a_pruned_qt_library() -> None:
    """The pruning rules checked against the real plugins and libraries of this machine's
    PySide6, before any bundle is built (verify() checks the built one)."""
    pyside = installed_pyside6()
    folders = collected_plugin_folders()
    assert {"platforms", "imageformats", "iconengines", "styles"} <= folders
    by_name = {path.name.lower(): path for path in pyside.rglob("*") if path.is_file()}
    orphans = []
    plugins = next(
        path for path in (pyside / "Qt" / "plugins", pyside / "plugins") if path.is_dir()
    )
    for folder in sorted(folders):
        for plugin in sorted((plugins / folder).glob("*")):
            relative = bundled_path(pyside, plugin)
            if plugin.suffix not in (".so", ".dll", ".dylib") or config.is_pruned(relative):
                continue
            for library in linked_libraries(plugin):
                name = qt_library_name(library)
                found = by_name.get(name.lower()) if name else None
                if found is not None and config.is_pruned(bundled_path(pyside, found)):
                    orphans.append(f"{relative} needs {bundled_path(pyside, found)}")
    assert orphans == [], "prune these plugins too (bundle_config.PRUNED_QT_PLUGINS)"
