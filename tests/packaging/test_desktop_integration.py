"""The Linux desktop files, the macOS Info.plist and the Windows installer script validate."""

from __future__ import annotations

import datetime
import plistlib
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import build_deb
import bundle_config as config
import info_plist
import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"


def require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        # .ci/package installs these with apt-get and runs the same validators unconditionally.
        pytest.skip(f"{tool} is not installed (apt-get install it; .ci/package does)")
    return path


def test_desktop_file_validates() -> None:
    tool = require("desktop-file-validate")
    result = subprocess.run(
        [tool, str(build_deb.DESKTOP_FILE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout


def test_desktop_file_opens_packs_through_the_gui_entry() -> None:
    text = build_deb.DESKTOP_FILE.read_text(encoding="utf-8")
    assert "Exec=hearth --gui %F" in text
    assert f"Icon={config.BUNDLE_ID}" in text
    assert config.PACK_MIME_TYPE in text


def test_metainfo_validates_with_the_release_filled_in(tmp_path: Path) -> None:
    tool = require("appstreamcli")
    staged = tmp_path / build_deb.METAINFO_FILE.name
    staged.write_text(build_deb.metainfo_text("0.1.0", datetime.date(2026, 1, 2)), encoding="utf-8")
    assert 'version="0.1.0" date="2026-01-02"' in staged.read_text(encoding="utf-8")
    result = subprocess.run(
        [tool, "validate", "--no-net", str(staged)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mime_package_maps_hearth_files_to_the_pack_type(tmp_path: Path) -> None:
    tool = require("update-mime-database")
    (tmp_path / "packages").mkdir()
    shutil.copyfile(build_deb.MIME_FILE, tmp_path / "packages" / f"{config.BUNDLE_ID}.xml")
    subprocess.run([tool, str(tmp_path)], check=True, capture_output=True)
    assert f"{config.PACK_MIME_TYPE}:*.hearth" in (tmp_path / "globs2").read_text()


def test_mime_package_is_well_formed_xml() -> None:
    root = ElementTree.parse(build_deb.MIME_FILE).getroot()
    ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
    types = {element.get("type"): element for element in root.iter(f"{ns}mime-type")}
    glob = types[config.PACK_MIME_TYPE].find(f"{ns}glob")
    assert glob is not None and glob.get("pattern") == f"*{config.PACK_EXTENSION}"


def test_staged_deb_tree_has_launcher_icons_and_desktop_files(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "hearth").write_bytes(b"#!/bin/sh\n")
    root = tmp_path / "root"
    build_deb.stage(bundle, root, "0.1.0", datetime.date(2026, 1, 2))
    share = root / "usr" / "share"
    assert (root / "usr" / "bin" / "hearth").readlink() == Path("/opt/hearth/hearth")
    assert (share / "applications" / f"{config.BUNDLE_ID}.desktop").is_file()
    assert (share / "metainfo" / f"{config.BUNDLE_ID}.metainfo.xml").is_file()
    assert (share / "mime" / "packages" / f"{config.BUNDLE_ID}.xml").is_file()
    for size in (16, 32, 48, 128, 256, 512):
        assert (
            share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{config.BUNDLE_ID}.png"
        ).is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{config.BUNDLE_ID}.svg").is_file()


def test_control_file_pins_glibc_and_lists_depends() -> None:
    control = build_deb.control_text("0.1.0", ["libc6", "libxcb1"], 1234)
    assert "Package: hearth\nVersion: 0.1.0\n" in control
    assert "Depends: libc6 (>= " in control and "libxcb1" in control
    assert "Installed-Size: 1234\n" in control


def test_info_plist_declares_the_pack_type_and_the_bundle_id() -> None:
    plist = plistlib.loads(plistlib.dumps(info_plist.info_plist("0.1.0")))
    assert plist["CFBundleIdentifier"] == config.BUNDLE_ID
    assert plist["CFBundleShortVersionString"] == "0.1.0"
    exported = plist["UTExportedTypeDeclarations"][0]
    assert exported["UTTypeTagSpecification"]["public.filename-extension"] == ["hearth"]
    owner = next(d for d in plist["CFBundleDocumentTypes"] if d["LSHandlerRank"] == "Owner")
    assert owner["LSItemContentTypes"] == [exported["UTTypeIdentifier"]]


def test_nsis_script_compiles(tmp_path: Path) -> None:
    makensis = require("makensis")
    import build_installer

    bundle = build_installer.make_stub_bundle(tmp_path / "bundle")
    out = build_installer.compile_installer(bundle, tmp_path / "Hearth-test-setup.exe", makensis)
    assert out.read_bytes()[:2] == b"MZ"


def test_a_broken_nsis_script_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    makensis = require("makensis")
    import build_installer

    broken = tmp_path / "broken.nsi"
    broken.write_text(build_installer.SCRIPT.read_text().replace("SectionEnd", "", 1))
    monkeypatch.setattr(build_installer, "SCRIPT", broken)
    with pytest.raises(SystemExit, match="makensis failed"):
        build_installer.compile_installer(
            build_installer.make_stub_bundle(tmp_path / "b"), tmp_path / "x-setup.exe", makensis
        )


def test_committed_icons_match_the_svg() -> None:
    import render_icons

    assert render_icons.stale_outputs() == []
