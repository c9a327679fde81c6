#!/usr/bin/env python3
"""Render resources/icons/hearth.svg (the one icon source) to PNG sizes, .ico and .icns.

    .venv/bin/python packaging/render_icons.py [--check]

The outputs are committed, so a build needs neither this script nor Pillow. `--check` re-renders
into memory and exits 1 when a committed PNG no longer matches the SVG (tests call
`render_png`). Qt's SVG renderer draws the PNGs; Pillow packs them into .ico and .icns, whose
writers it has on every OS (no iconutil or ImageMagick needed).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "hearth.svg"
PNG_DIR = ICONS / "png"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)  # hicolor theme sizes; 512 for AppStream
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # Windows shell sizes
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)  # 1024: the retina 512@2x slot


def png_path(size: int) -> Path:
    return PNG_DIR / f"hearth-{size}.png"


def render_png(size: int, source: Path = SOURCE) -> bytes:
    """The SVG drawn at size x size on a transparent background, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(["render_icons", "-platform", "offscreen"])
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"{source}: not a valid SVG file")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stub wants bytes; Qt wants str
    buffer.close()
    return bytes(data.data())


def write_all() -> None:
    from PIL import Image

    PNG_DIR.mkdir(parents=True, exist_ok=True)
    rendered = {size: render_png(size) for size in sorted({*PNG_SIZES, *ICO_SIZES, *ICNS_SIZES})}
    for size in PNG_SIZES:
        png_path(size).write_bytes(rendered[size])
    images = {size: Image.open(io.BytesIO(data)).convert("RGBA") for size, data in rendered.items()}
    largest_ico = images[max(ICO_SIZES)]
    largest_ico.save(
        ICONS / "hearth.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES],
    )
    images[max(ICNS_SIZES)].save(
        ICONS / "hearth.icns",
        format="ICNS",
        append_images=[images[s] for s in ICNS_SIZES if s != max(ICNS_SIZES)],
    )
    print(f"wrote {len(PNG_SIZES)} PNGs, hearth.ico and hearth.icns under {ICONS}")


def stale_outputs() -> list[str]:
    """Committed outputs that are missing or differ from a fresh render of the SVG."""
    from PySide6.QtGui import QImage

    stale = []
    for size in PNG_SIZES:
        path = png_path(size)
        fresh = QImage.fromData(render_png(size))
        committed = QImage(str(path))
        if committed.isNull() or committed.size() != fresh.size():
            stale.append(str(path))
            continue
        committed = committed.convertToFormat(fresh.format())
        if committed != fresh:
            stale.append(str(path))
    stale += [
        str(ICONS / name) for name in ("hearth.ico", "hearth.icns") if not (ICONS / name).exists()
    ]
    return stale


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the committed files")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_outputs()
        for path in stale:
            print(f"out of date: {path} (run packaging/render_icons.py)", file=sys.stderr)
        return 1 if stale else 0
    write_all()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
