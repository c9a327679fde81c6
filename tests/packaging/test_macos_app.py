"""Hearth.app's Info.plist: written by PyInstaller's own BUNDLE code (run here with macOS faked)
and checked by build_bundle.verify() against Mach-O binaries built byte by byte."""

from __future__ import annotations

import plistlib
import types
from pathlib import Path

import build_bundle
import bundle_config as config
import info_plist
import macho
import pytest

from tests.packaging.binaries import CPU_ARM64, CPU_X86_64, fat_binary, macho_image


def pyinstaller_info_plist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Run PyInstaller's BUNDLE with hearth.spec's options on a one-executable TOC.

    BUNDLE is a no-op off macOS, so `is_darwin` is patched and code signing stubbed out; the
    console flag is what the spec's COLLECT hands on (its last executable, hearth-cli, is a
    console program), which is also BUNDLE's default for a plain TOC."""
    osx = pytest.importorskip("PyInstaller.building.osx")
    from PyInstaller.config import CONF  # type: ignore[import-untyped]

    for key in ("workpath", "distpath", "specpath"):
        folder = tmp_path / key
        folder.mkdir()
        monkeypatch.setitem(CONF, key, str(folder))
    monkeypatch.setattr(osx, "is_darwin", True)
    signing = types.SimpleNamespace(sign_binary=lambda *args, **kwargs: None)
    monkeypatch.setattr(osx, "osxutils", signing, raising=False)
    executable = tmp_path / "Hearth"
    executable.write_bytes(macho_image())
    osx.BUNDLE([("Hearth", str(executable), "EXECUTABLE")], **info_plist.bundle_options("1.2.3"))
    written = Path(CONF["distpath"]) / "Hearth.app" / "Contents" / "Info.plist"
    return dict(plistlib.loads(written.read_bytes()))


def test_the_final_info_plist_makes_a_foreground_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plist = pyinstaller_info_plist(tmp_path, monkeypatch)
    assert plist["LSBackgroundOnly"] is False  # a Dock icon and a menu bar
    assert plist["CFBundleExecutable"] == "Hearth"
    assert plist["CFBundleIdentifier"] == config.BUNDLE_ID
    assert plist["LSMinimumSystemVersion"] == info_plist.MINIMUM_MACOS


def make_app(
    tmp_path: Path,
    *,
    stated: str,
    libraries: dict[str, bytes],
    executable: bytes | None = None,
    background: bool = False,
) -> Path:
    """A Hearth.app laid out as PyInstaller 6 does: binaries under Contents/Frameworks."""
    app = tmp_path / "Hearth.app"
    contents = app / "Contents"
    (contents / "MacOS").mkdir(parents=True)
    (contents / "MacOS" / "Hearth").write_bytes(executable or macho_image(minos=(11, 0)))
    for relative, data in libraries.items():
        path = contents / "Frameworks" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    info = info_plist.info_plist("1.2.3") | {
        "CFBundleExecutable": "Hearth",
        "LSMinimumSystemVersion": stated,
        "LSBackgroundOnly": background,
    }
    (contents / "Info.plist").write_bytes(plistlib.dumps(info))
    return app


def minimum_problems(app: Path) -> list[str]:
    frameworks = app / "Contents" / "Frameworks"
    frameworks.mkdir(exist_ok=True)
    return [line for line in build_bundle.verify(frameworks) if "Info.plist" in line]


def test_a_binary_that_needs_a_newer_macos_than_stated_fails_the_build(tmp_path: Path) -> None:
    app = make_app(
        tmp_path,
        stated="12.0",
        libraries={
            "numpy/_core.so": macho_image(minos=(14, 0)),
            "PySide6/QtGui.abi3.so": macho_image(minos=(15, 0)),
            "libold.dylib": macho_image(minos=(10, 9), old_style=True),
        },
    )
    [problem] = minimum_problems(app)
    assert "says macOS 12.0 is enough" in problem
    assert "Contents/Frameworks/PySide6/QtGui.abi3.so (arm64) needs macOS 15.0" in problem


def test_a_minimum_at_or_above_every_binary_passes(tmp_path: Path) -> None:
    app = make_app(
        tmp_path,
        stated=info_plist.MINIMUM_MACOS,
        libraries={"PySide6/QtGui.abi3.so": macho_image(minos=(15, 0))},
    )
    assert minimum_problems(app) == []


def test_only_the_apps_own_architecture_counts(tmp_path: Path) -> None:
    """A universal library's x86_64 slice may need more than its arm64 one; an arm64 app only
    loads the arm64 slice."""
    universal = fat_binary(
        (CPU_X86_64, macho_image(arch=CPU_X86_64, minos=(15, 4))),
        (CPU_ARM64, macho_image(arch=CPU_ARM64, minos=(13, 0))),
    )
    app = make_app(tmp_path, stated="14.0", libraries={"Qt/lib/QtCore": universal})
    assert minimum_problems(app) == []
    intel = make_app(
        tmp_path / "intel",
        stated="14.0",
        libraries={"Qt/lib/QtCore": universal},
        executable=macho_image(arch=CPU_X86_64, minos=(11, 0)),
    )
    [problem] = minimum_problems(intel)
    assert "(x86_64) needs macOS 15.4" in problem


def test_a_background_only_plist_is_a_problem(tmp_path: Path) -> None:
    app = make_app(tmp_path, stated=info_plist.MINIMUM_MACOS, libraries={}, background=True)
    assert any("LSBackgroundOnly" in line for line in minimum_problems(app))


def test_the_stated_minimum_is_the_one_the_readme_gives() -> None:
    readme = (config.ROOT / "README.md").read_text(encoding="utf-8")
    packaging_readme = (config.ROOT / "packaging" / "README.md").read_text(encoding="utf-8")
    stated = f"macOS {info_plist.MINIMUM_MACOS}"
    assert stated in readme and stated in packaging_readme
    assert macho.parse_version(info_plist.MINIMUM_MACOS) >= (15, 0, 0)
