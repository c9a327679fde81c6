"""The installers' licenses/ folder (packaging/bundle_licenses.py), made from the real packages."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import build_bundle
import bundle_licenses
import pytest

from app import licenses

ROOT = Path(__file__).resolve().parents[2]
# Names as PyInstaller's Analysis lists them: modules (pure), bundle paths (binaries, datas).
ANALYSIS = SimpleNamespace(
    pure=[("numpy._core", "", "PYMODULE"), ("odf.opendocument", "", "PYMODULE")],
    binaries=[
        ("PySide6/QtCore.abi3.so", "", "EXTENSION"),
        ("shiboken6/libshiboken6.abi3.so.6.11", "", "BINARY"),
        ("llama_cpp/lib/libllama.so", "", "BINARY"),
        ("sqlcipher3/_sqlite3.so", "", "EXTENSION"),
        ("lib-dynload/_ssl.so", "", "EXTENSION"),
    ],
    datas=[("certifi/cacert.pem", "", "DATA"), ("resources/catalog.json", "", "DATA")],
)


@pytest.fixture
def staged(tmp_path: Path) -> Path:
    """A bundle's _internal folder holding only the staged licenses/."""
    workpath = tmp_path / "work"
    workpath.mkdir()
    bundle = tmp_path / "_internal"
    for destination, source, _kind in bundle_licenses.datas(ANALYSIS, workpath):
        target = bundle / destination
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(Path(source).read_bytes())
    return bundle


def test_the_staged_folder_passes_verify(staged: Path) -> None:
    folder = staged / "licenses"
    assert bundle_licenses.verify(folder, ["PySide6", "numpy", "llama_cpp", "sqlcipher3"]) == []
    names = {component.name for component in licenses.read_index(folder)}
    assert set(licenses.REQUIRED) <= names
    assert {"numpy", "odfpy", "shiboken6", "llama_cpp_python", "certifi", "pyinstaller"} <= {
        licenses.normalise(name).replace("-", "_") for name in names
    }
    assert (folder / "hearth" / "LICENSE").read_bytes() == (ROOT / "LICENSE").read_bytes()
    assert (folder / "hearth" / "THIRD_PARTY_NOTICES.md").is_file()


def test_a_frozen_hearth_lists_the_bundles_index(
    staged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(staged), raising=False)
    components = licenses.shipped_components()
    assert components[0].name == licenses.HEARTH
    sources = [item.source for component in components for item in component.files]
    assert sources and all(path.is_relative_to(staged) and path.is_file() for path in sources)
    qt = next(component for component in components if component.name == licenses.QT)
    notice = qt.files[0].source.read_text(encoding="utf-8")
    assert "download.qt.io" in notice and "LGPL-3.0.txt" in notice


def test_packages_without_licence_files_get_the_supplied_texts(staged: Path) -> None:
    components = {c.name: c for c in licenses.read_index(staged / "licenses")}
    odfpy = components["odfpy"]
    targets = [item.target for item in odfpy.files]
    assert targets == ["texts/odfpy-notice.txt", "texts/Apache-2.0.txt"]
    pyside = next(c for name, c in components.items() if name.lower().startswith("pyside6"))
    assert "texts/LGPL-3.0.txt" in [item.target for item in pyside.files]


def test_verify_names_a_missing_text(staged: Path) -> None:
    folder = staged / "licenses"
    (folder / "texts" / "SQLCipher-LICENSE.md").unlink()
    problem = "licenses/texts/SQLCipher-LICENSE.md is missing or empty"
    assert bundle_licenses.verify(folder) == [problem]


def test_verify_names_a_missing_required_entry(staged: Path) -> None:
    index = staged / "licenses" / licenses.INDEX_NAME
    data = json.loads(index.read_text(encoding="utf-8"))
    data["components"] = [c for c in data["components"] if c["name"] != licenses.OPENSSL]
    index.write_text(json.dumps(data), encoding="utf-8")
    assert bundle_licenses.verify(staged / "licenses") == ["licenses: no entry for OpenSSL"]


def test_verify_names_a_bundled_package_that_is_not_listed(staged: Path) -> None:
    problems = bundle_licenses.verify(staged / "licenses", ["PySide6", "yaml"])
    assert problems == ["licenses: yaml/ is bundled but PyYAML is not listed"]


def test_a_package_with_no_licence_text_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(licenses.SUPPLIED_TEXTS, "odfpy")
    with pytest.raises(SystemExit, match=r"odfpy 1\.4\.1: no licence text found"):
        bundle_licenses.datas(ANALYSIS, tmp_path)


def test_build_bundle_verify_checks_the_licences(tmp_path: Path) -> None:
    problems = build_bundle.verify(tmp_path / "hearth")
    assert "licenses/index.json is missing" in problems


def test_the_spec_adds_the_licences_after_pruning() -> None:
    spec = (ROOT / "packaging" / "hearth.spec").read_text(encoding="utf-8")
    pruned = spec.index("a.datas = [entry for entry in a.datas if not config.is_pruned")
    assert spec.index("a.datas += bundle_licenses.datas(a, Path(workpath))") > pruned


def test_every_runtime_dependency_has_a_licence_text() -> None:
    """A new dependency whose wheel has no licence file fails here, before any bundle build."""
    components = licenses.plan(licenses.runtime_distributions())
    assert not [c.name for c in components if not c.files]
    assert all(item.source.is_file() for c in components for item in c.files)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("llama.cpp-LICENSE.txt", ["MIT License", "The ggml authors"]),
        ("SQLCipher-LICENSE.md", ["ZETETIC LLC", "Redistributions in binary form"]),
        ("LGPL-3.0.txt", ["GNU LESSER GENERAL PUBLIC LICENSE", "Version 3, 29 June 2007"]),
        ("GPL-3.0.txt", ["GNU GENERAL PUBLIC LICENSE", "Version 3, 29 June 2007"]),
        ("Apache-2.0.txt", ["Apache License", "Version 2.0, January 2004"]),
    ],
)
def test_the_committed_texts_are_the_licences_they_claim(name: str, words: list[str]) -> None:
    text = (licenses.NOTICES / name).read_text(encoding="utf-8")
    for word in words:
        assert word in text
