"""OCR accuracy and speed on scanned business pages the bench draws itself (issue 19).

Pages of invoice, delivery-note and contract text are rendered with Pillow at 150 and 300 dpi,
clean, slightly rotated, and noisy (rotation, blur, speckles, JPEG at quality 55), then read by
Hearth's page reader (its OCR engines side by side, as when a scanned file is indexed). It
prints, per variant: character accuracy against the known text (1 - edit distance / length,
whitespace collapsed) and pages per second.
Then the noisy 300 dpi pages are wrapped as image-only PDFs, indexed through the real
extraction path into a fresh KnowledgeBase, and each page's labelled phrase is searched: the
share found in the top 3 is the retrieval figure. Finally the installed size of the OCR
packages (what the OCR component holds before pruning; the installers hold none of it).

    flock /tmp/hearth-heavy.lock .venv/bin/python bench/bench_ocr.py [--pages 6]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.knowledge.limits import Deadline, ExtractionLimits
from app.knowledge.ocr.engine import shared_engines
from app.knowledge.ocr.reader import read_pages

A4_INCHES = (8.27, 11.69)
FONT_POINTS = 11
_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)
_SUPPLIERS = (
    "Harrow Supplies",
    "Brightwater Logistics",
    "Kestrel Office Furniture",
    "Northfield Paper Mill",
    "Quayside Catering",
    "Altmark Freight",
)
_ITEMS = (
    "A4 copier paper, 80 g/m2",
    "Pallet delivery, zone 3",
    "Desk chair, grey mesh",
    "Catering for 40 guests",
    "Toner cartridge, black",
    "Storage boxes, archive size",
    "Forklift rental, per day",
    "Printed brochures, 500 copies",
)


def page_lines(rng: random.Random, number: int) -> tuple[list[str], str]:
    """A page of business text, and its labelled phrase (unique to the page)."""
    supplier = _SUPPLIERS[number % len(_SUPPLIERS)]
    invoice = f"INV-{20400 + number * 17}"
    phrase = f"invoice {invoice} from {supplier}"
    lines = [
        f"{supplier} Ltd, {rng.randint(2, 180)} Station Road, Leeds LS{rng.randint(1, 28)}",
        f"Supplier invoice {invoice} dated {rng.randint(1, 28)} March 2026",
        f"Customer account {rng.randint(10000, 99999)}, "
        f"purchase order PO-{rng.randint(1000, 9999)}",
        "",
    ]
    total = 0.0
    for _ in range(12):
        item = rng.choice(_ITEMS)
        quantity = rng.randint(1, 40)
        price = rng.randint(150, 95000) / 100
        total += quantity * price
        lines.append(f"{quantity} x {item} at {price:,.2f} EUR = {quantity * price:,.2f} EUR")
    lines += [
        "",
        f"Total due {total:,.2f} EUR, payable within {rng.choice((14, 30, 45))} days.",
        f"Please quote {invoice} on every payment to account DE{rng.randint(10**9, 10**10 - 1)}.",
        "Goods remain our property until paid in full. Late payments incur 8% interest a year.",
        f"Delivery note DN-{rng.randint(100000, 999999)} signed by the receiving clerk.",
    ]
    return lines, phrase


def font(dpi: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    size = round(FONT_POINTS / 72 * dpi)
    for path in _FONTS:
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def render(lines: list[str], dpi: int) -> Image.Image:
    width, height = (round(side * dpi) for side in A4_INCHES)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    face = font(dpi)
    step = round(FONT_POINTS * 1.6 / 72 * dpi)
    for index, line in enumerate(lines):
        draw.text((dpi, dpi + index * step), line, fill=0, font=face)
    return page


def rotated(page: Image.Image, degrees: float) -> Image.Image:
    return page.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)


def noisy(page: Image.Image, rng: random.Random, folder: Path, name: str) -> Image.Image:
    page = rotated(page, rng.choice((-1.0, 1.0)) * 0.8).filter(ImageFilter.GaussianBlur(0.7))
    pixels = page.load()
    assert pixels is not None
    for _ in range(page.width * page.height // 400):  # speckles, light and dark
        x, y = rng.randrange(page.width), rng.randrange(page.height)
        pixels[x, y] = rng.choice((0, 90, 200))
    path = folder / f"{name}.jpg"
    page.save(path, quality=55)
    return Image.open(path).convert("L")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, Myers' bit-parallel algorithm (fast enough for whole pages)."""
    if not a:
        return len(b)
    m = len(a)
    full = (1 << m) - 1
    last = 1 << (m - 1)
    peq: dict[str, int] = {}
    for index, char in enumerate(a):
        peq[char] = peq.get(char, 0) | (1 << index)
    pv, mv, score = full, 0, m
    for char in b:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = (mv | ~(xh | pv)) & full
        mh = pv & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = (mh | ~(xv | ph)) & full
        mv = ph & xv
    return score


def accuracy(truth: str, read: str) -> float:
    want, got = " ".join(truth.split()), " ".join(read.split())
    return max(0.0, 1 - edit_distance(want, got) / max(1, len(want)))


def measure(pages: list[tuple[Image.Image, str]]) -> tuple[float, float]:
    """Accuracy and pages/s through Hearth's page reader (every OCR engine, pages side by
    side, no cache): what indexing a scanned file of these pages costs."""
    started = time.perf_counter()
    run = read_pages(
        ((number, lambda image=image: image) for number, (image, _) in enumerate(pages, 1)),
        len(pages),
        Deadline(Path("bench"), 600.0),
        ExtractionLimits(),
        label=str,
    )
    elapsed = time.perf_counter() - started
    read = {section.page: section.text for section in run.sections}
    scores = [accuracy(truth, read.get(number, "")) for number, (_, truth) in enumerate(pages, 1)]
    return sum(scores) / len(scores), len(pages) / elapsed


def retrieval(folder: Path, pages: list[tuple[Image.Image, str]], phrases: list[str]) -> float:
    from fpdf import FPDF

    from app.knowledge.extractors.dispatch import extract_document
    from app.knowledge.knowledge_base import KnowledgeBase
    from app.storage import Database

    files: list[Path] = []
    for number, (image, _) in enumerate(pages, start=1):
        picture = folder / f"scan-{number}.png"
        image.save(picture)
        pdf = FPDF(format="A4")
        pdf.add_page()
        pdf.image(str(picture), x=0, y=0, w=210, h=297)
        path = folder / f"scan-{number}.pdf"
        pdf.output(str(path))
        files.append(path)
    with Database.open(folder / "hearth.sqlite3", backups_dir=folder / "backups") as db:
        kb = KnowledgeBase(db, extractor=extract_document)
        report = kb.add_files(files)
        failed = [o.error for o in report.outcomes if not o.ok]
        if failed:
            print("  indexing failures:", failed)
        found = 0
        for number, phrase in enumerate(phrases, start=1):
            top = kb.search(phrase, limit=3)
            found += any(p.file_name == f"scan-{number}.pdf" for p in top)
    return found / len(phrases)


def package_sizes() -> dict[str, float]:
    import importlib.util

    sizes: dict[str, float] = {}
    for module in ("onnxruntime", "rapidocr", "cv2", "shapely", "pyclipper", "omegaconf"):
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.submodule_search_locations:
            continue
        root = Path(next(iter(spec.submodule_search_locations)))
        folders = [
            root,
            *root.parent.glob(f"{root.name.replace('cv2', 'opencv_python_headless')}.libs"),
        ]
        if module == "shapely":
            folders += list(root.parent.glob("shapely.libs"))
        total = sum(f.stat().st_size for d in folders for f in d.rglob("*") if f.is_file())
        sizes[module] = total / 1e6
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=6)
    args = parser.parse_args()
    rng = random.Random(19)
    texts = [page_lines(rng, number) for number in range(args.pages)]
    engines = shared_engines()
    started = time.perf_counter()
    # One page of other text each: the first pages an engine reads are slower (its buffers
    # grow to a page's sizes), and the figures below are for a reader past its first file.
    warm_up = render(page_lines(random.Random(7), 99)[0], 150)
    for engine in engines:
        engine.read(warm_up)
    print(f"OCR engines: {len(engines)}, load + first page: {time.perf_counter() - started:.1f} s")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        noisy_300: list[tuple[Image.Image, str]] = []
        for dpi in (150, 300):
            clean = [(render(lines, dpi), "\n".join(lines)) for lines, _ in texts]
            tilted = [(rotated(image, 1.5), truth) for image, truth in clean]
            rough = [
                (noisy(image, rng, folder, f"p{dpi}-{i}"), truth)
                for i, (image, truth) in enumerate(clean)
            ]
            if dpi == 300:
                noisy_300 = rough
            for name, pages in (("clean", clean), ("rotated 1.5°", tilted), ("noisy", rough)):
                score, speed = measure(pages)
                print(f"{dpi} dpi {name:13s} accuracy {score:6.2%}  {speed:5.2f} pages/s")
        found = retrieval(folder, noisy_300, [phrase for _, phrase in texts])
        print(
            f"retrieval: labelled phrase in the top 3 for {found:.0%} of {len(texts)} noisy scans"
        )
    sizes = package_sizes()
    print("installed size (MB): " + ", ".join(f"{k} {v:.0f}" for k, v in sizes.items()))
    print(f"the OCR component's packages: {sum(sizes.values()):.0f} MB unpacked")


if __name__ == "__main__":
    main()
