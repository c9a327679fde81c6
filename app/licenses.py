"""The licences of everything Hearth ships: what Help > About lists and the installers carry.

One list of components, each with its licence texts, made in two places from the same rules:
- at bundle time (packaging/bundle_licenses.py) from the Python packages PyInstaller collected;
  the texts are copied into the bundle's `licenses/` folder with an `index.json` that lists them;
- in a checkout, from the installed distributions that Hearth depends on, texts read in place.

A frozen Hearth reads `licenses/index.json` from its bundle. Texts a package does not carry
itself (llama.cpp compiled into llama-cpp-python, SQLCipher and OpenSSL linked into sqlcipher3,
Qt's LGPL notice) live in the repository's `licenses/` folder.
"""

from __future__ import annotations

import json
import platform
import re
import sys
import sysconfig
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from app import __version__

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTICES = REPO_ROOT / "licenses"  # the committed texts (see licenses/README.md)
INDEX_NAME = "index.json"
# File names that are licence texts in a .dist-info folder (PEP 639 puts them under licenses/).
_LICENSE_NAME = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)

QT_TEXTS = ("Qt-LGPL-notice.txt", "LGPL-3.0.txt", "GPL-3.0.txt")
# Packages whose wheel carries no licence file: the committed texts that stand in for it.
SUPPLIED_TEXTS: dict[str, tuple[str, ...]] = {
    "pyside6-essentials": QT_TEXTS,
    "shiboken6": QT_TEXTS,
    "odfpy": ("odfpy-notice.txt", "Apache-2.0.txt"),
}
HEARTH = "Hearth"
PYTHON = "Python"
LLAMA_CPP = "llama.cpp and ggml"
QT = "Qt 6 (LGPL)"
SQLCIPHER = "SQLCipher"
OPENSSL = "OpenSSL"
WORD_LIST = "Common-word list (from wordfreq's data)"
LUCIDE = "Lucide icons"


@dataclass(frozen=True)
class LicenseFile:
    source: Path  # where the text is now
    target: str  # its path inside the bundle's licenses/ folder (forward slashes)


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    license: str  # an SPDX expression, or the package's own words
    files: tuple[LicenseFile, ...]
    note: str = ""


@dataclass(frozen=True)
class _Notice:
    """A component inside a package that its own licence files do not cover."""

    name: str
    inside: str  # the distribution it is compiled or linked into
    license: str
    texts: tuple[str, ...]  # under licenses/
    note: str
    versioned_as_package: bool = False  # the package's version is the component's (Qt)


_NOTICES: tuple[_Notice, ...] = (
    _Notice(
        LLAMA_CPP,
        "llama-cpp-python",
        "MIT",
        ("llama.cpp-LICENSE.txt",),
        "The inference engine: compiled into llama-cpp-python's libllama and libggml.",
    ),
    _Notice(
        QT,
        "pyside6-essentials",
        "LGPL-3.0-only",
        QT_TEXTS,
        "Qt's libraries are replaceable; the notice says where to get their source code.",
        versioned_as_package=True,
    ),
    _Notice(
        SQLCIPHER,
        "sqlcipher3",
        "BSD-3-Clause",
        ("SQLCipher-LICENSE.md",),
        "Encryption at rest: statically linked into sqlcipher3, with SQLite (public domain).",
    ),
    _Notice(
        OPENSSL,
        "sqlcipher3",
        "Apache-2.0",
        ("Apache-2.0.txt",),
        "libcrypto, statically linked into sqlcipher3 as SQLCipher's cryptography provider.",
    ),
)
REQUIRED = (HEARTH, PYTHON, WORD_LIST, LLAMA_CPP, QT, SQLCIPHER, OPENSSL)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def notice_file(name: str) -> LicenseFile:
    return LicenseFile(NOTICES / name, f"texts/{name}")


def declared_license(dist: metadata.Distribution) -> str:
    """The licence a package declares: its SPDX expression, else its own words or classifier."""
    meta = dist.metadata
    expression = meta.get_all("License-Expression") or []
    if expression:
        return str(expression[0])
    words = str((meta.get_all("License") or [""])[0]).strip().splitlines()
    if words and len(words[0]) <= 60:  # not a whole licence text pasted into the field
        return words[0]
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if "License" in c]
    return " / ".join(classifiers) or "see the licence text"


def distribution_files(dist: metadata.Distribution) -> list[LicenseFile]:
    """The licence texts inside a package's .dist-info (LICENSE*, COPYING*, NOTICE*, licenses/)."""
    folder = f"{normalise(dist.metadata['Name'])}-{dist.version}"
    found = []
    for entry in dist.files or []:
        parts = entry.parts
        if not parts or not parts[0].endswith(".dist-info") or len(parts) < 2:
            continue
        inside = parts[1:]
        if inside[0] == "licenses" or _LICENSE_NAME.match(entry.name):
            source = Path(str(dist.locate_file(entry)))
            found.append(LicenseFile(source, "packages/" + "/".join((folder, *inside))))
    return sorted(found, key=lambda item: item.target)


def package_component(dist: metadata.Distribution) -> Component:
    files = distribution_files(dist)
    name = str(dist.metadata["Name"])
    if not files:
        files = [notice_file(text) for text in SUPPLIED_TEXTS.get(normalise(name), ())]
    return Component(name, dist.version, declared_license(dist), tuple(files))


def python_license() -> Path | None:
    """The licence of the Python that runs this (and that PyInstaller bundles)."""
    candidates = (
        Path(sysconfig.get_path("stdlib")) / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE.txt",  # Windows installs
    )
    return next((path for path in candidates if path.is_file()), None)


def own_components(root: Path = REPO_ROOT) -> list[Component]:
    """Hearth itself and the Python it runs on."""
    hearth = (
        LicenseFile(root / "LICENSE", "hearth/LICENSE"),
        LicenseFile(root / "THIRD_PARTY_NOTICES.md", "hearth/THIRD_PARTY_NOTICES.md"),
    )
    components = [Component(HEARTH, __version__, "Apache-2.0", hearth)]
    python_text = python_license()
    python_files = () if python_text is None else (LicenseFile(python_text, "python/LICENSE.txt"),)
    components.append(Component(PYTHON, platform.python_version(), "PSF-2.0", python_files))
    # The output checker's word list is data derived from wordfreq's, under its own licence.
    words = LicenseFile(
        root / "resources" / "checking" / "common_words.LICENSE.txt",
        "checking/common_words.LICENSE.txt",
    )
    components.append(
        Component(
            WORD_LIST,
            "3.1.1",
            "CC-BY-SA-4.0",
            (words,),
            "Tells ordinary words from names when Hearth checks generated text.",
        )
    )
    # The window's icons: Lucide's SVG files, copied into resources/icons/lucide/.
    icons = LicenseFile(
        root / "resources" / "icons" / "lucide" / "LICENSE.txt", "icons/lucide-LICENSE.txt"
    )
    components.append(
        Component(LUCIDE, "", "ISC", (icons,), "The icons of the window's modes and actions.")
    )
    return components


def plan(distributions: Iterable[metadata.Distribution], root: Path = REPO_ROOT) -> list[Component]:
    """Every component to list: Hearth, Python, the notices, then the packages by name."""
    packages = {normalise(str(d.metadata["Name"])): d for d in distributions}
    packages.pop("hearth", None)
    components = own_components(root)
    for notice in _NOTICES:
        inside = packages.get(notice.inside)
        if inside is not None:
            files = tuple(notice_file(text) for text in notice.texts)
            # llama.cpp, SQLCipher and OpenSSL have their own versions, which the package's
            # metadata does not give: name the package they ship in instead.
            version = inside.version if notice.versioned_as_package else ""
            note = f"{notice.note} Ships in {inside.metadata['Name']} {inside.version}."
            components.append(Component(notice.name, version, notice.license, files, note))
    for key in sorted(packages):
        components.append(package_component(packages[key]))
    return components


def runtime_distributions(top: str = "hearth") -> list[metadata.Distribution]:
    """The installed distributions Hearth needs to run (its dependencies, recursively)."""
    found: dict[str, metadata.Distribution] = {}
    pending = [top]
    while pending:
        name = pending.pop()
        if normalise(name) in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found[normalise(name)] = dist
        for requirement in dist.requires or []:
            # Optional extras are not Hearth's; another OS's requirement is not installed here,
            # so distribution() skips it.
            if "extra ==" not in requirement:
                pending.append(re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0])
    return list(found.values())


def write_index(components: Iterable[Component], folder: Path) -> None:
    records = [
        {
            "name": c.name,
            "version": c.version,
            "license": c.license,
            "note": c.note,
            "files": [item.target for item in c.files],
        }
        for c in components
    ]
    text = json.dumps({"schema_version": 1, "components": records}, indent=1)
    (folder / INDEX_NAME).write_text(text + "\n", encoding="utf-8")


def read_index(folder: Path) -> list[Component]:
    """The components a bundle lists, with each text's path inside `folder`."""
    data = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))
    return [
        Component(
            record["name"],
            record["version"],
            record["license"],
            tuple(LicenseFile(folder / target, target) for target in record["files"]),
            record.get("note", ""),
        )
        for record in data["components"]
    ]


def bundle_folder() -> Path | None:
    """The frozen bundle's licenses/ folder; None in a checkout."""
    bundle = getattr(sys, "_MEIPASS", None)
    return None if bundle is None else Path(bundle) / "licenses"


def shipped_components() -> list[Component]:
    """What Help > About lists: the bundle's index when frozen, else the installed packages."""
    folder = bundle_folder()
    if folder is not None:
        return read_index(folder)
    return plan(runtime_distributions())
