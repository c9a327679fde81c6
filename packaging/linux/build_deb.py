#!/usr/bin/env python3
"""Package dist/hearth as a .deb (dpkg-deb) and a .tar.gz.

    python3 packaging/linux/build_deb.py [--bundle dist/hearth] [--out dist]

The .deb installs the bundle under /opt/hearth, `hearth` in /usr/bin, the .desktop file,
hicolor icons, AppStream metainfo and the MIME type of .hearth packs. Desktop, icon and MIME
caches are refreshed by the triggers of desktop-file-utils, hicolor-icon-theme and
shared-mime-info, so the package needs no maintainer scripts. Depends is computed from the
system libraries the bundle links (see elf_deps.py); a library that resolves nowhere stops the
build. Standard library only (plus dpkg-deb, ldd and dpkg on PATH).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

LINUX = Path(__file__).resolve().parent
PACKAGING = LINUX.parent
sys.path[:0] = [str(PACKAGING), str(LINUX)]

import bundle_config as config  # noqa: E402
import elf_deps  # noqa: E402

INSTALL_DIR = Path("opt") / config.BUNDLE_NAME
DESKTOP_FILE = LINUX / f"{config.BUNDLE_ID}.desktop"
METAINFO_FILE = LINUX / f"{config.BUNDLE_ID}.metainfo.xml"
MIME_FILE = LINUX / f"{config.BUNDLE_ID}.mime.xml"
ICONS = config.ROOT / "resources" / "icons"
MAINTAINER = "Hearth developers <hearth@localhost>"
DESCRIPTION = """Private, offline domain assistants on your own machine
 Hearth runs large language models (GGUF files, llama.cpp) on your own
 computer: chat, drop documents into the conversation, and generate business
 documents from templates. Nothing leaves the machine unless you explicitly
 download a model."""


def debian_architecture() -> str:
    result = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def metainfo_text(version: str, date: datetime.date) -> str:
    text = METAINFO_FILE.read_text(encoding="utf-8")
    return text.replace("@VERSION@", version).replace("@DATE@", date.isoformat())


def control_text(version: str, depends: list[str], installed_kib: int) -> str:
    glibc = platform.libc_ver()[1]
    pinned = [f"libc6 (>= {glibc})" if d == "libc6" and glibc else d for d in depends]
    return (
        f"Package: {config.BUNDLE_NAME}\n"
        f"Version: {version}\n"
        f"Architecture: {debian_architecture()}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(pinned)}\n"
        "Section: utils\n"
        "Priority: optional\n"
        f"Description: {DESCRIPTION}\n"
    )


def copy_file(source: Path, target: Path, mode: int = 0o644) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(mode)


def stage(bundle: Path, root: Path, version: str, date: datetime.date) -> None:
    """Lay out the package's file tree under `root` (everything but DEBIAN/)."""
    shutil.copytree(bundle, root / INSTALL_DIR, symlinks=True)
    launcher = root / "usr" / "bin" / config.BUNDLE_NAME
    launcher.parent.mkdir(parents=True)
    # PyInstaller's bootloader finds _internal/ next to its real path, so a symlink works.
    launcher.symlink_to(Path("/") / INSTALL_DIR / config.BUNDLE_NAME)
    share = root / "usr" / "share"
    copy_file(DESKTOP_FILE, share / "applications" / DESKTOP_FILE.name)
    meta = share / "metainfo" / METAINFO_FILE.name
    meta.parent.mkdir(parents=True)
    meta.write_text(metainfo_text(version, date), encoding="utf-8")
    copy_file(MIME_FILE, share / "mime" / "packages" / f"{config.BUNDLE_ID}.xml")
    for png in sorted((ICONS / "png").glob("hearth-*.png")):
        size = png.stem.removeprefix("hearth-")
        copy_file(
            png, share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{config.BUNDLE_ID}.png"
        )
    copy_file(
        ICONS / "hearth.svg",
        share / "icons" / "hicolor" / "scalable" / "apps" / f"{config.BUNDLE_ID}.svg",
    )
    copy_file(config.ROOT / "LICENSE", share / "doc" / config.BUNDLE_NAME / "copyright")
    notices = config.ROOT / "THIRD_PARTY_NOTICES.md"
    copy_file(notices, share / "doc" / config.BUNDLE_NAME / notices.name)
    for folder in [root, *root.rglob("*")]:
        if folder.is_dir() and not folder.is_symlink():
            folder.chmod(0o755)


def tree_kib(root: Path) -> int:
    total = sum(p.lstat().st_size for p in root.rglob("*") if not p.is_dir())
    return (total + 1023) // 1024


def build_deb(bundle: Path, out_dir: Path, version: str) -> Path:
    report = elf_deps.scan(bundle)
    if report.missing:
        lines = [
            f"  {lib} (needed by {', '.join(sorted(users)[:3])})"
            for lib, users in sorted(report.missing.items())
        ]
        raise SystemExit(
            "libraries the bundle needs but neither it nor this system has:\n" + "\n".join(lines)
        )
    depends = elf_deps.debian_depends(report)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{config.BUNDLE_NAME}_{version}_{debian_architecture()}.deb"
    with tempfile.TemporaryDirectory(prefix="hearth-deb-") as tmp:
        root = Path(tmp) / "root"
        stage(bundle, root, version, datetime.date.today())
        debian = root / "DEBIAN"
        debian.mkdir(mode=0o755)
        (debian / "control").write_text(control_text(version, depends, tree_kib(root)))
        subprocess.run(
            ["dpkg-deb", "--build", "--root-owner-group", *compression(), str(root), str(target)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return target


def compression() -> list[str]:
    """xz for releases (smallest download); HEARTH_FAST_PACKAGING=1 (CI) takes gzip -1, which
    builds in seconds instead of minutes on a small machine and checks the same contents."""
    if os.environ.get("HEARTH_FAST_PACKAGING") == "1":
        return ["-Zgzip", "-z1"]
    return ["-Zxz", "-z6"]


def fast_level() -> int:
    return 1 if os.environ.get("HEARTH_FAST_PACKAGING") == "1" else 6


def build_tarball(bundle: Path, out_dir: Path, version: str) -> Path:
    """The bundle as `hearth-VERSION-linux-ARCH/`, symlinks and permissions kept."""
    target = out_dir / f"{config.BUNDLE_NAME}-{version}-linux-{platform.machine()}.tar.gz"
    prefix = f"{config.BUNDLE_NAME}-{version}-linux-{platform.machine()}"
    with tarfile.open(target, "w:gz", compresslevel=fast_level()) as archive:
        archive.add(bundle, arcname=prefix)
        extras = (
            DESKTOP_FILE,
            ICONS / "png" / "hearth-256.png",
            config.ROOT / "LICENSE",
            config.ROOT / "THIRD_PARTY_NOTICES.md",
        )
        for extra in extras:
            archive.add(extra, arcname=f"{prefix}/{extra.name}")
    return target


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=config.ROOT / "dist" / config.BUNDLE_NAME)
    parser.add_argument("--out", type=Path, default=config.ROOT / "dist")
    parser.add_argument("--no-tarball", action="store_true")
    args = parser.parse_args(argv)
    if not (args.bundle / config.BUNDLE_NAME).is_file():
        raise SystemExit(
            f"{args.bundle}: no {config.BUNDLE_NAME} executable; build the bundle first"
        )
    version = config.project_version()
    os.umask(0o022)
    deb = build_deb(args.bundle, args.out, version)
    print(f"[deb] {deb}: {deb.stat().st_size / 1e6:.1f} MB", flush=True)
    if fast_level() != 1 and deb.stat().st_size > config.MAX_DEB_BYTES:
        print(f"[deb] WARNING: over the {config.MAX_DEB_BYTES / 1e6:.0f} MB budget", flush=True)
    if not args.no_tarball:
        tarball = build_tarball(args.bundle, args.out, version)
        print(f"[tar] {tarball}: {tarball.stat().st_size / 1e6:.1f} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
