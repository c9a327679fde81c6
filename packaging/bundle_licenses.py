"""The bundle's `licenses/` folder: every shipped component's licence texts and an index.

hearth.spec calls `datas(a, workpath)` after its Analysis: the installed distributions whose
top-level packages PyInstaller collected (plus PyInstaller itself, whose bootloader starts every
executable) get their .dist-info licence files copied, with Hearth's LICENSE and
THIRD_PARTY_NOTICES.md, Python's licence and the repository's licenses/ texts (llama.cpp, Qt's
LGPL notice, SQLCipher, OpenSSL). app/licenses.py decides what goes in and writes the index that
Help > About reads; `verify(folder)` is run by build_bundle.py on the finished bundle.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from app import licenses

FOLDER = "licenses"
# In the executables (the bootloader), not in any collected package.
ALWAYS = ("pyinstaller",)


def bundled_distributions(names: Iterable[str]) -> list[metadata.Distribution]:
    """Installed distributions owning any of these module names or bundle paths."""
    owners = metadata.packages_distributions()
    tops = {name.replace("\\", "/").split("/")[0].split(".")[0] for name in names}
    wanted = {owner for top in tops for owner in owners.get(top, [])} | set(ALWAYS)
    found: dict[str, metadata.Distribution] = {}
    for name in sorted(wanted):
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found.setdefault(licenses.normalise(str(dist.metadata["Name"])), dist)
    return list(found.values())


def stage(components: Sequence[licenses.Component], folder: Path) -> list[str]:
    """Copy every text into `folder` and write its index; returns what is missing."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    problems = []
    for component in components:
        if not component.files:
            problems.append(f"{component.name} {component.version}: no licence text found")
        for item in component.files:
            if not item.source.is_file():
                problems.append(f"{component.name}: {item.source} does not exist")
                continue
            target = folder / item.target
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(item.source, target)
    licenses.write_index(components, folder)
    return problems


def datas(analysis: Any, workpath: Path) -> list[tuple[str, str, str]]:
    """TOC entries (destination, source, "DATA") of the staged licenses/ folder."""
    tocs = (analysis.pure, analysis.binaries, analysis.datas)
    names = [entry[0] for toc in tocs for entry in toc]
    components = licenses.plan(bundled_distributions(names))
    staged = workpath / FOLDER
    problems = stage(components, staged)
    if problems:
        raise SystemExit("[bundle] licences: " + "; ".join(problems))
    return [
        (f"{FOLDER}/{path.relative_to(staged).as_posix()}", str(path), "DATA")
        for path in sorted(staged.rglob("*"))
        if path.is_file()
    ]


def verify(folder: Path, bundled_tops: Iterable[str] = ()) -> list[str]:
    """Problems with a bundle's licenses/ folder; `bundled_tops`: its top-level folder names."""
    if not (folder / licenses.INDEX_NAME).is_file():
        return [f"{FOLDER}/{licenses.INDEX_NAME} is missing"]
    components = licenses.read_index(folder)
    problems = []
    names = {component.name for component in components}
    missing = [name for name in licenses.REQUIRED if name not in names]
    problems += [f"{FOLDER}: no entry for {name}" for name in missing]
    for component in components:
        if not component.files:
            problems.append(f"{FOLDER}: {component.name} has no licence text")
        for item in component.files:
            if not item.source.is_file() or item.source.stat().st_size == 0:
                problems.append(f"{FOLDER}/{item.target} is missing or empty")
    listed = {licenses.normalise(component.name) for component in components}
    owners = metadata.packages_distributions()
    for top in bundled_tops:
        for owner in owners.get(top, []):
            if licenses.normalise(owner) not in listed:
                problems.append(f"{FOLDER}: {top}/ is bundled but {owner} is not listed")
    return problems
