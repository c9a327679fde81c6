#!/usr/bin/env python3
"""Read scans with the frozen bundle and the OCR component, as a user of an installer would:
`.venv/bin/python packaging/check_ocr_component.py --hearth dist/hearth/hearth --archive ZIP`.

On a fresh profile (HEARTH_HOME), with no network where `unshare -n` is allowed:
1. before the component is installed, `hearth docs add` of an image-only PDF is refused with a
   message that says to install the OCR component (the installers carry no OCR runtime);
2. the frozen CLI refuses the archive with a wrong --sha256 and installs nothing;
   and lists it as failed;
3. `hearth components install ZIP` installs it; `components list --json` shows it;
4. the refused scan, added again, is read; `hearth docs add` of a three-page scan at 300 dpi
   (A4, business text) reads every page with
   OCR in the frozen extraction child: `ocr_pages` 3, `source` "ocr" with its confidence, and
   `docs search` finds each page's labelled phrase first, with where on the page it stands.
Prints the figures (install seconds, OCR pages per second through the frozen CLI, start-up
included) and exits non-zero on any failure.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "packaging"), str(ROOT / "bench"), str(ROOT)]

from bench_ocr import page_lines, render  # noqa: E402
from check_component import Frozen, offline_prefix  # noqa: E402

PAGES = 3
DPI = 300


def write_scan(path: Path, pages: int, seed: int) -> list[str]:
    """An image-only PDF of `pages` A4 pages; returns each page's labelled phrase."""
    from fpdf import FPDF

    rng = random.Random(seed)
    pdf = FPDF(format="A4")
    phrases: list[str] = []
    for number in range(pages):
        lines, phrase = page_lines(rng, seed * 10 + number)
        picture = path.with_name(f"{path.stem}-{number}.png")
        render(lines, DPI).save(picture)
        pdf.add_page()
        pdf.image(str(picture), x=0, y=0, w=210, h=297)
        phrases.append(phrase)
    pdf.output(str(path))
    return phrases


def say(message: str) -> None:
    print(f"[ocr-component-check] {message}", flush=True)


def fail(message: str) -> None:
    raise SystemExit(f"[ocr-component-check] FAIL: {message}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hearth", required=True, help="the frozen executable (or a command)")
    parser.add_argument("--archive", type=Path, required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hearth-ocr-check-") as scratch_name:
        scratch = Path(scratch_name)
        home = scratch / "home"
        home.mkdir()
        hearth = Frozen(args.hearth.split(), home, offline_prefix(), None)

        unread = scratch / "before.pdf"
        write_scan(unread, 1, seed=1)
        before = hearth.run("docs", "add", str(unread), "--json")
        failed = json.loads(before.stdout)["failed"] if before.stdout.strip() else []
        if before.returncode != 1 or not failed or "Install the OCR component" not in str(failed):
            fail(f"a scan added before the OCR component was installed: {before.stdout}")
        say(f"without the component the scan is refused: {failed[0]['error'][-120:]}")
        listed = hearth.ok_json("docs", "list")["documents"]
        if [(d["file_name"], d["status"]) for d in listed] != [("before.pdf", "failed")]:
            fail(f"the refused scan is not listed as failed, to retry: {listed}")

        hearth.refused(
            "does not match", "components", "install", str(args.archive), "--sha256", "0" * 64
        )
        started = time.perf_counter()
        installed = hearth.ok_json("components", "install", str(args.archive))
        install_s = time.perf_counter() - started
        listed = hearth.ok_json("components", "list")
        if installed.get("name") != "ocr" or "ocr" not in str(listed):
            fail(f"the OCR component was not installed: {installed} / {listed}")

        scan = scratch / "invoices.pdf"
        phrases = write_scan(scan, PAGES, seed=2)
        started = time.perf_counter()
        added = hearth.ok_json("docs", "add", str(scan), timeout=900)["documents"][0]
        read_s = time.perf_counter() - started
        if added["ocr_pages"] != PAGES or added["source"] != "ocr":
            fail(f"the scan was not read with OCR: {added}")
        if not added["ocr_confidence"] or added["ocr_confidence"] < 0.9:
            fail(f"the scan was read at low confidence: {added}")
        retried = hearth.ok_json("docs", "add", str(unread))["documents"][0]
        if retried["ocr_pages"] != 1:
            fail(f"the scan refused before the install was not read when added again: {retried}")
        listed = hearth.ok_json("docs", "list")["documents"]
        sources = {d["file_name"]: (d["source"], d["status"]) for d in listed}
        if sources != {"invoices.pdf": ("ocr", "indexed"), "before.pdf": ("ocr", "indexed")}:
            fail(f"docs list does not say the text came from OCR: {sources}")
        for page, phrase in enumerate(phrases, start=1):
            top = hearth.ok_json("docs", "search", phrase)["results"][0]
            if (top["file"], top["page"]) != ("invoices.pdf", page) or top.get("box") is None:
                fail(f"{phrase!r} was not found first on page {page} with its place: {top}")
        say(f"{PAGES} scanned pages read, confidence {added['ocr_confidence']:.3f}")
        say(
            f"figures: OCR component installed in {install_s:.1f} s; "
            f"frozen docs add of {PAGES} pages at {DPI} dpi in {read_s:.1f} s "
            f"({PAGES / read_s:.2f} pages/s, process start and model load included)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
