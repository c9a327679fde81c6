"""The window's translation catalogues: find the phrases, list what is untranslated, add stubs.

Phrases are the string literals passed to `tr` and `tr_n` (app/ui/common/i18n.py) anywhere under
app/. Translations live in Qt's .ts format, one file per area of the window under
app/i18n/<language>/, all in the context "hearth"; Qt's `lrelease` compiles them into the one
.qm file per language the app loads (`build`, run by packaging/devenv.py and the bundle build;
the .qm files are generated, never committed).

    python3 packaging/i18n.py check [--language de]            # untranslated phrases, exit 1 if any
    python3 packaging/i18n.py update --area chat [--language de] # add app/ui/chat's new phrases
    python3 packaging/i18n.py build [--out DIR]                # resources/i18n/hearth_<lang>.qm
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
CATALOGUES = APP / "i18n"
CONTEXT = "hearth"
# Where `build` writes the .qm files: under resources/, so the bundle collects them with the rest
# (packaging/bundle_config.resource_datas) and app.resources finds them frozen or not.
COMPILED = ROOT / "resources" / "i18n"
TRANSLATING_CALLS = {"tr": 2, "tr_n": 3}  # name -> how many leading arguments can be phrases


@dataclass(frozen=True, order=True)
class Phrase:
    source: str
    comment: str = ""


@dataclass(frozen=True)
class Use:
    phrase: Phrase
    path: Path
    line: int


def _called_name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return ""


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def phrases_in(path: Path) -> Iterator[Use]:
    """Every phrase `path` passes to tr/tr_n (a non-literal argument is reported as an error)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _called_name(node) not in TRANSLATING_CALLS:
            continue
        name = _called_name(node)
        if name == "tr":
            texts = node.args[:1]
            comment_node = node.args[1] if len(node.args) > 1 else None
            comment = _literal(comment_node) if comment_node is not None else ""
        else:
            texts = node.args[1:3]
            comment = ""
        for text_node in texts:
            text = _literal(text_node)
            if text is None:
                raise SystemExit(
                    f"{path}:{node.lineno}: {name}() needs string literals, so the catalogue can "
                    "find the phrase (format after translating)"
                )
            yield Use(Phrase(text, comment or ""), path, node.lineno)


def uses_under(folders: Iterable[Path]) -> list[Use]:
    found: list[Use] = []
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            if path.name != "i18n.py":
                found.extend(phrases_in(path))
    return found


def read_catalogue(path: Path) -> dict[Phrase, str]:
    """Phrase -> translation ("" when unfinished) of one .ts file."""
    if not path.exists():
        return {}
    entries: dict[Phrase, str] = {}
    for context in ET.parse(path).getroot().iter("context"):
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            comment = message.findtext("comment") or ""
            translation = message.find("translation")
            finished = translation is not None and translation.get("type") != "unfinished"
            text = (translation.text or "") if translation is not None and finished else ""
            entries[Phrase(source, comment)] = text
    return entries


def write_catalogue(path: Path, language: str, entries: dict[Phrase, str]) -> None:
    root = ET.Element("TS", version="2.1", language=language)
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for phrase in sorted(entries):
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = phrase.source
        if phrase.comment:
            ET.SubElement(message, "comment").text = phrase.comment
        translation = ET.SubElement(message, "translation")
        if entries[phrase]:
            translation.text = entries[phrase]
        else:
            translation.set("type", "unfinished")
    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = ET.tostring(root, encoding="unicode")
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', "utf-8")


def translations(language: str) -> dict[Phrase, str]:
    """Every finished translation for `language`, over all its area files."""
    merged: dict[Phrase, str] = {}
    for path in sorted((CATALOGUES / language).glob("*.ts")):
        for phrase, text in read_catalogue(path).items():
            if text:
                merged.setdefault(phrase, text)
    return merged


def untranslated(language: str, folders: Iterable[Path]) -> list[Use]:
    known = translations(language)
    return [use for use in uses_under(folders) if use.phrase not in known]


def _area_folder(area: str) -> Path:
    folder = APP / "ui" / area
    if not folder.is_dir():
        raise SystemExit(f"no such area of the window: app/ui/{area}")
    return folder


def pyside_folder() -> Path:
    """The installed PySide6 package: this Python's, else the checkout's .venv (python3 runs
    `check` and `update` without Qt; `build` needs Qt's lrelease, which PySide6 ships)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is not None and spec.origin:
        return Path(spec.origin).parent
    for candidate in sorted(ROOT.glob(".venv/lib/python3*/site-packages/PySide6")) + sorted(
        ROOT.glob(".venv/Lib/site-packages/PySide6")
    ):
        return candidate
    raise SystemExit("PySide6 is not installed: run python3 packaging/devenv.py setup first")


def lrelease_binary(pyside: Path) -> Path:
    """PySide6 wheels carry lrelease in the package folder on every platform."""
    binary = pyside / ("lrelease.exe" if sys.platform == "win32" else "lrelease")
    if not binary.is_file():
        raise SystemExit(f"Qt's lrelease is not in {pyside}: reinstall PySide6")
    return binary


def languages() -> list[str]:
    """Every language with at least one catalogue file."""
    return sorted(p.name for p in CATALOGUES.iterdir() if p.is_dir() and any(p.glob("*.ts")))


def build(out: Path = COMPILED) -> list[Path]:
    """Compile each language's area catalogues into out/hearth_<lang>.qm, and copy Qt's own
    qtbase_<lang>.qm beside it (the standard buttons: OK, Cancel, Close…), which the bundle
    otherwise prunes with Qt's other translations."""
    pyside = pyside_folder()
    lrelease = lrelease_binary(pyside)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for language in languages():
        target = out / f"hearth_{language}.qm"
        sources = [str(p) for p in sorted((CATALOGUES / language).glob("*.ts"))]
        subprocess.run(
            [str(lrelease), "-silent", *sources, "-qm", str(target)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        if not target.is_file():
            raise SystemExit(f"lrelease wrote no {target}")
        written.append(target)
        qt_base = pyside / "Qt" / "translations" / f"qtbase_{language}.qm"
        if qt_base.is_file():
            shutil.copyfile(qt_base, out / qt_base.name)
            written.append(out / qt_base.name)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("check", "update", "build"))
    parser.add_argument("--language", default="de")
    parser.add_argument("--area", help="a folder under app/ui (update: required)")
    parser.add_argument("--out", type=Path, default=COMPILED, help="build: where the .qm go")
    args = parser.parse_args(argv)
    if args.command == "build":
        for path in build(args.out):
            print(f"{path} ({path.stat().st_size:,} bytes)")
        return 0
    folders = [_area_folder(args.area)] if args.area else [APP]
    if args.command == "check":
        missing = untranslated(args.language, folders)
        for use in missing:
            print(f"{use.path.relative_to(ROOT)}:{use.line}: {use.phrase.source!r}")
        print(f"{len(missing)} phrase use(s) without a {args.language} translation")
        return 1 if missing else 0
    if not args.area:
        parser.error("update needs --area")
    path = CATALOGUES / args.language / f"{args.area}.ts"
    entries = read_catalogue(path)
    added = 0
    for use in uses_under(folders):
        if use.phrase not in entries:
            entries[use.phrase] = ""
            added += 1
    write_catalogue(path, args.language, entries)
    print(f"{path.relative_to(ROOT)}: {added} new phrase(s) to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
