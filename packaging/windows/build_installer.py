#!/usr/bin/env python3
"""Compile the NSIS installer: `python packaging/windows/build_installer.py [--check]`.

Without options it packs dist/hearth (built on Windows) into dist/Hearth-VERSION-setup.exe.
`--check` compiles the script on any OS where makensis is installed (Debian: apt-get install
nsis) against a stub of the bundle, to catch script errors in Linux CI. Standard library only.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

WINDOWS = Path(__file__).resolve().parent
sys.path.insert(0, str(WINDOWS.parent))

import bundle_config as config  # noqa: E402

SCRIPT = WINDOWS / "hearth.nsi"
ICON = config.ROOT / "resources" / "icons" / "hearth.ico"


def makensis_command(
    makensis: str, source_dir: Path, out_file: Path, version: str, target: str | None = None
) -> list[str]:
    # "-" options work on every makensis; "/" ones only on Windows builds of it.
    return [
        makensis,
        "-V2",
        "-WX",  # warnings are errors: an unused define or a missing file fails the check
        # The release builds NSIS's default x86-unicode installer (Windows runs it under WOW64);
        # the Wine check builds amd64-unicode, which Debian's wine64 runs without 32-bit Wine.
        *([f"-XTarget {target}"] if target else []),
        f"-DVERSION={version}",
        f"-DVERSION4={config.numeric_version(version)}",
        f"-DSOURCE_DIR={source_dir}",
        f"-DICON={ICON}",
        f"-DOUT_FILE={out_file}",
        str(SCRIPT),
    ]


def compile_installer(
    source_dir: Path, out_file: Path, makensis: str = "makensis", target: str | None = None
) -> Path:
    out_file.parent.mkdir(parents=True, exist_ok=True)
    command = makensis_command(makensis, source_dir, out_file, config.project_version(), target)
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"makensis failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return out_file


def make_stub_bundle(folder: Path) -> Path:
    """The file layout of a Windows onedir bundle, with placeholder contents."""
    for name in ("Hearth.exe", "hearth-cli.exe", "_internal/python311.dll"):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"MZ placeholder")
    return folder


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compile against a stub bundle")
    parser.add_argument("--bundle", type=Path, default=config.ROOT / "dist" / config.BUNDLE_NAME)
    parser.add_argument("--makensis", default=shutil.which("makensis") or "makensis")
    args = parser.parse_args(argv)
    version = config.project_version()
    if args.check:
        with tempfile.TemporaryDirectory(prefix="hearth-nsis-") as tmp:
            out = compile_installer(
                make_stub_bundle(Path(tmp) / "bundle"),
                Path(tmp) / "Hearth-check-installer.exe",
                args.makensis,
            )
            size_kb = out.stat().st_size / 1e3
            print(f"[nsis] {SCRIPT.name} compiles ({size_kb:.0f} kB with a stub bundle)")
        return 0
    out = compile_installer(
        args.bundle, config.ROOT / "dist" / f"Hearth-{version}-setup.exe", args.makensis
    )
    print(f"[nsis] {out}: {out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
