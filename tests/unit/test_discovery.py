"""Finding models on disk: a scanned folder, and fake LM Studio, Ollama, GPT4All, Jan and Hugging
Face layouts under tmp_path (small valid GGUF files written by llama.cpp's `gguf` writer)."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

import pytest

from app.library.discovery import (
    FOLDER,
    GPT4ALL,
    HUGGING_FACE,
    JAN,
    LM_STUDIO,
    OLLAMA,
    FoundModel,
    ScanCancelled,
    discover_other_apps,
    scan_folder,
)
from app.library.gguf_probe import probe_gguf
from tests.unit.test_gguf_header import write_tiny_model

NO_ENV: dict[str, str] = {}


def _model(path: Path, **kwargs: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_tiny_model(path, **kwargs)  # type: ignore[arg-type]


def _by_name(found: list[FoundModel]) -> dict[str, FoundModel]:
    return {f.name: f for f in found}


def _ollama_blob(models: Path, source: Path) -> str:
    data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    blobs = models / "blobs"
    blobs.mkdir(parents=True, exist_ok=True)
    (blobs / f"sha256-{digest}").write_bytes(data)
    return f"sha256:{digest}"


def _ollama_manifest(
    models: Path, namespace: str, model: str, tag: str, layers: list[dict]
) -> None:
    manifest = models / "manifests" / "registry.example" / namespace / model / tag
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps({"schemaVersion": 2, "layers": layers}))


def _text_blob(models: Path, text: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()
    (models / "blobs").mkdir(parents=True, exist_ok=True)
    (models / "blobs" / f"sha256-{digest}").write_text(text)
    return f"sha256:{digest}"


# ---- the quick probe ---------------------------------------------------------------------------


def test_probe_tells_models_from_adapters_and_other_files(tmp_path: Path) -> None:
    model = _model(tmp_path / "m.gguf")
    adapter = _model(tmp_path / "a.gguf", general_type="adapter")
    projector = _model(tmp_path / "mmproj.gguf", arch="clip")
    text = tmp_path / "notes.gguf"
    text.write_text("not a model")
    assert probe_gguf(model) is not None and probe_gguf(model).is_model  # type: ignore[union-attr]
    assert probe_gguf(adapter).kind == "adapter"  # type: ignore[union-attr]
    assert not probe_gguf(adapter).is_model  # type: ignore[union-attr]
    assert not probe_gguf(projector).is_model  # type: ignore[union-attr]
    assert probe_gguf(text) is None
    assert probe_gguf(tmp_path / "missing.gguf") is None


# ---- scanning a folder -------------------------------------------------------------------------


def test_scan_folder_finds_models_only(tmp_path: Path, starter_model: Path) -> None:
    root = tmp_path / "stuff"
    _model(root / "top-Q4_K_M.gguf")
    _model(root / "deep" / "er" / "inner.GGUF")
    _model(root / "lora.gguf", general_type="adapter")
    _model(root / "mmproj-f16.gguf", arch="clip")
    (root / "renamed.gguf").write_bytes(b"%PDF-1.7" * 100)
    (root / "readme.txt").write_text("hello")
    # An extensionless big file with the magic (how Ollama stores blobs) is found too.
    (root / "sha256-0123").symlink_to(starter_model)

    found = scan_folder(root)

    names = _by_name(found)
    assert set(names) == {"top-Q4_K_M", "inner", "sha256-0123"}
    assert all(f.source == FOLDER for f in found)
    top = names["top-Q4_K_M"]
    assert top.path == (root / "top-Q4_K_M.gguf").resolve()
    assert top.size_bytes == (root / "top-Q4_K_M.gguf").stat().st_size
    assert names["sha256-0123"].path == starter_model.resolve()
    assert names["sha256-0123"].size_bytes == starter_model.stat().st_size


def test_scan_folder_not_recursive_and_known_paths_are_skipped(tmp_path: Path) -> None:
    root = tmp_path / "models"
    first = _model(root / "a.gguf")
    _model(root / "b.gguf")
    _model(root / "sub" / "c.gguf")
    assert {f.name for f in scan_folder(root, recursive=False)} == {"a", "b"}
    # Known paths are compared by real path: a link to a registered file is still known.
    link = tmp_path / "link-to-a.gguf"
    link.symlink_to(first)
    assert {f.name for f in scan_folder(root, known=[str(link)])} == {"b", "c"}


def test_split_models_are_offered_once_by_their_first_part(tmp_path: Path) -> None:
    root = tmp_path / "split"
    _model(root / "big-model-Q8_0-00001-of-00002.gguf")
    _model(root / "big-model-Q8_0-00002-of-00002.gguf")
    found = scan_folder(root)
    assert [(f.name, f.path.name) for f in found] == [
        ("big-model-Q8_0", "big-model-Q8_0-00001-of-00002.gguf")
    ]


def test_symlink_loops_end_and_duplicates_are_listed_once(tmp_path: Path) -> None:
    root = tmp_path / "loopy"
    model = _model(root / "sub" / "m.gguf")
    (root / "sub" / "back-to-root").symlink_to(root, target_is_directory=True)
    (root / "self").symlink_to(root / "self")  # a link to itself
    (root / "alias.gguf").symlink_to(model)

    found = scan_folder(root)

    assert [f.path for f in found] == [model.resolve()]


def test_scan_folder_cancel_and_bad_folder(tmp_path: Path) -> None:
    root = tmp_path / "models"
    _model(root / "a.gguf")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ScanCancelled):
        scan_folder(root, cancel=cancel)
    with pytest.raises(NotADirectoryError, match=r"a\.gguf is not a folder"):
        scan_folder(root / "a.gguf")


# ---- other apps --------------------------------------------------------------------------------


def test_lm_studio_gpt4all_and_jan_layouts(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _model(home / ".lmstudio/models/lmstudio-community/Qwen-GGUF/Qwen-0.5B-Q4_K_M.gguf")
    _model(home / ".lmstudio/models/lmstudio-community/Qwen-GGUF/mmproj-Qwen-f16.gguf", arch="clip")
    _model(home / ".cache/lm-studio/models/TheBloke/old-GGUF/old.Q4_0.gguf")
    _model(home / ".local/share/nomic.ai/GPT4All/Meta-Llama-3-8B-Instruct.Q4_0.gguf")
    _model(home / "jan/models/tinyllama-1.1b/model.gguf")
    _model(home / ".local/share/Jan/data/llamacpp/models/qwen3-4b/model.gguf")

    found = discover_other_apps(home, NO_ENV)

    assert {(f.name, f.source) for f in found} == {
        ("Qwen-0.5B-Q4_K_M", LM_STUDIO),
        ("old.Q4_0", LM_STUDIO),
        ("Meta-Llama-3-8B-Instruct.Q4_0", GPT4ALL),
        ("tinyllama-1.1b", JAN),
        ("qwen3-4b", JAN),
    }


def test_moved_model_folders_from_app_settings_and_windows_locations(tmp_path: Path) -> None:
    home = tmp_path / "home"
    elsewhere = tmp_path / "D-drive"
    _model(elsewhere / "lms/pub/repo/moved.gguf")
    (home / ".lmstudio").mkdir(parents=True)
    (home / ".lmstudio/settings.json").write_text(
        json.dumps({"downloadsFolder": str(elsewhere / "lms")})
    )
    _model(elsewhere / "gpt4all/custom.gguf")
    (home / ".config/nomic.ai").mkdir(parents=True)
    (home / ".config/nomic.ai/GPT4All.ini").write_text(
        f"[General]\nmodelPath={elsewhere / 'gpt4all'}\n"
    )
    local = tmp_path / "AppData-Local"
    _model(local / "nomic.ai/GPT4All/windows.gguf")
    roaming = tmp_path / "AppData-Roaming"
    _model(roaming / "Jan/data/models/mistral-7b/model.gguf")

    env = {"LOCALAPPDATA": str(local), "APPDATA": str(roaming)}
    found = discover_other_apps(home, env)

    assert {(f.name, f.source) for f in found} == {
        ("moved", LM_STUDIO),
        ("custom", GPT4ALL),
        ("windows", GPT4ALL),
        ("mistral-7b", JAN),
    }


def test_ollama_manifests_name_their_blobs(tmp_path: Path) -> None:
    home = tmp_path / "home"
    models = home / ".ollama" / "models"
    weights = _ollama_blob(models, _model(tmp_path / "w1.gguf"))
    other = _ollama_blob(models, _model(tmp_path / "w2.gguf", tokens=["a", "b", "c"]))
    adapter = _ollama_blob(models, _model(tmp_path / "ad.gguf", general_type="adapter"))
    template = _text_blob(models, "{{ .Prompt }}")
    model_layer = "application/vnd.ollama.image.model"
    _ollama_manifest(
        models,
        "library",
        "smollm2",
        "135m",
        [
            {"mediaType": model_layer, "digest": weights, "size": 1},
            {"mediaType": "application/vnd.ollama.image.template", "digest": template},
        ],
    )
    # A second tag of the same weights is listed once.
    _ollama_manifest(
        models, "library", "smollm2", "latest", [{"mediaType": model_layer, "digest": weights}]
    )
    _ollama_manifest(models, "alice", "coder", "7b", [{"mediaType": model_layer, "digest": other}])
    _ollama_manifest(
        models,
        "library",
        "with-adapter",
        "1",
        [{"mediaType": "application/vnd.ollama.image.adapter", "digest": adapter}],
    )
    _ollama_manifest(
        models, "library", "gone", "1", [{"mediaType": model_layer, "digest": "sha256:" + "0" * 64}]
    )
    broken = models / "manifests" / "registry.example" / "library" / "broken" / "1"
    broken.parent.mkdir(parents=True)
    broken.write_text("{not json")

    found = discover_other_apps(home, NO_ENV)

    assert all(f.source == OLLAMA for f in found)
    names = _by_name(found)
    assert set(names) == {"smollm2:135m", "alice/coder:7b"}
    assert names["smollm2:135m"].path == models / "blobs" / weights.replace(":", "-")
    assert names["alice/coder:7b"].path == models / "blobs" / other.replace(":", "-")


def test_ollama_models_env_overrides_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    custom = tmp_path / "ollama-store"
    digest = _ollama_blob(custom, _model(tmp_path / "w.gguf"))
    _ollama_manifest(
        custom,
        "library",
        "tiny",
        "latest",
        [{"mediaType": "application/vnd.ollama.image.model", "digest": digest}],
    )
    assert discover_other_apps(home, NO_ENV) == []
    assert [f.name for f in discover_other_apps(home, {"OLLAMA_MODELS": str(custom)})] == [
        "tiny:latest"
    ]


def _hf_repo(hub: Path, repo_id: str, files: dict[str, Path], revisions: tuple[str, ...]) -> None:
    repo = hub / ("models--" + repo_id.replace("/", "--"))
    blobs = repo / "blobs"
    blobs.mkdir(parents=True, exist_ok=True)
    for name, source in files.items():
        data = source.read_bytes()
        blob = blobs / hashlib.sha256(data).hexdigest()
        blob.write_bytes(data)
        for revision in revisions:
            link = repo / "snapshots" / revision / name
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(os.path.relpath(blob, link.parent))


def test_hugging_face_cache_resolves_snapshot_links_to_blobs(tmp_path: Path) -> None:
    home = tmp_path / "home"
    hub = tmp_path / "hf-home" / "hub"
    model = _model(tmp_path / "src" / "Llama-3.2-1B-Q4_K_M.gguf")
    adapter = _model(tmp_path / "src" / "lora.gguf", general_type="adapter")
    _hf_repo(
        hub,
        "bartowski/Llama-3.2-1B-GGUF",
        {"Llama-3.2-1B-Q4_K_M.gguf": model, "lora.gguf": adapter},
        revisions=("a" * 40, "b" * 40),
    )

    found = discover_other_apps(home, {"HF_HOME": str(tmp_path / "hf-home")})

    assert len(found) == 1  # two revisions link the same blob
    (entry,) = found
    assert (entry.name, entry.source, entry.origin) == (
        "Llama-3.2-1B-Q4_K_M",
        HUGGING_FACE,
        "bartowski/Llama-3.2-1B-GGUF",
    )
    assert entry.path.parent.name == "blobs" and not entry.path.is_symlink()
    # HF_HUB_CACHE wins over HF_HOME; the default is ~/.cache/huggingface/hub.
    assert discover_other_apps(home, {"HF_HUB_CACHE": str(tmp_path / "nowhere")}) == []
    (home / ".cache").mkdir(parents=True)
    (home / ".cache" / "huggingface").symlink_to(tmp_path / "hf-home")
    assert [f.name for f in discover_other_apps(home, NO_ENV)] == ["Llama-3.2-1B-Q4_K_M"]


def test_known_models_and_cross_app_duplicates_are_skipped(tmp_path: Path) -> None:
    home = tmp_path / "home"
    shared = _model(home / ".lmstudio/models/pub/repo/shared.gguf")
    registered = _model(home / ".lmstudio/models/pub/repo/registered.gguf")
    # GPT4All's folder links the same file LM Studio has.
    gpt4all = home / ".local/share/nomic.ai/GPT4All"
    gpt4all.mkdir(parents=True)
    (gpt4all / "shared-link.gguf").symlink_to(shared)

    found = discover_other_apps(home, NO_ENV, known=[registered])

    assert [(f.name, f.source) for f in found] == [("shared", LM_STUDIO)]


def test_empty_home_finds_nothing_and_cancel_stops(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    assert discover_other_apps(home, NO_ENV) == []
    _model(home / ".lmstudio/models/p/r/m.gguf")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ScanCancelled):
        discover_other_apps(home, NO_ENV, cancel=cancel)
