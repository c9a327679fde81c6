"""Assistant packs end to end, as real `hearth` subprocesses on the real starter model.

Export in one HEARTH_HOME, import into a fresh one: the assistant is the same, and the same
prompt and seed give the same reply in both. Broken packs are refused with their own message
and leave the importing library exactly as it was.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from app.config import Paths
from app.core import Core
from tests.fixtures.make_lora import write_lora
from tests.integration.test_cli import hearth, ok_json, one_json_object
from tests.unit.test_assistants_packs import library_state, png_bytes, rewrite_pack

PROMPT = "What should a good contract say?"
SEED_ARGS = ("--seed", "7", "--max-tokens", "24")


@pytest.fixture(scope="module")
def author_home(tmp_path_factory: pytest.TempPathFactory, starter_model: Path) -> Path:
    home = tmp_path_factory.mktemp("author")
    ok_json(home, "models", "import", str(starter_model))
    lora = write_lora(home / "legal-lora.gguf", starter_model, seed=5, strength=0.4)
    adapter = ok_json(home, "adapters", "import", str(lora))["adapter"]
    ok_json(
        home,
        "assistants",
        "create",
        "Legal helper",
        "--adapter",
        f"{adapter['id']}:0.8",
        "--instructions",
        "You are a careful contracts assistant. Answer in one sentence.",
        "--template",
        "proposal",
        "--starter",
        "What is an NDA?",
        "--temperature",
        "0.4",
    )
    return home


@pytest.fixture(scope="module")
def signed_pack(author_home: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("pack")
    key = ok_json(author_home, "assistants", "keygen", "--out", str(folder / "author.pem"))
    out = ok_json(
        author_home,
        "assistants",
        "export",
        "Legal helper",
        "--out",
        str(folder / "legal.hearth"),
        "--sign",
        key["private_key"],
    )
    assert out["signed_by"] == key["fingerprint"]
    return Path(out["path"]), key["fingerprint"]


def _fresh_home(tmp_path: Path, starter_model: Path) -> Path:
    home = tmp_path / "fresh"
    home.mkdir()
    ok_json(home, "models", "import", str(starter_model))
    return home


def _state(home: Path) -> dict[str, Any]:
    core = Core.open(Paths.resolve(home))
    try:
        return library_state(core)
    finally:
        core.close()


def test_export_import_reproduces_the_assistant_and_its_replies(
    author_home: Path, signed_pack: tuple[Path, str], tmp_path: Path, starter_model: Path
) -> None:
    pack, fingerprint = signed_pack
    home = _fresh_home(tmp_path, starter_model)
    dry = ok_json(home, "assistants", "import", str(pack), "--dry-run")
    assert dry["signature_label"] == f"signed by {fingerprint}"
    assert any("Adapter:" in line and "(new)" in line for line in dry["would_add"])
    assert ok_json(home, "adapters", "list")["adapters"] == []  # a dry run changes nothing

    imported = ok_json(home, "assistants", "import", str(pack))
    assert imported["signed_by"] == fingerprint
    original = ok_json(author_home, "assistants", "show", "Legal helper")["assistant"]
    copy = imported["assistant"]
    for key in ("name", "instructions", "sampling", "pinned_templates", "starter_prompts"):
        assert copy[key] == original[key], key
    assert copy["model"]["sha256"] == original["model"]["sha256"]
    assert copy["adapters"] == original["adapters"]
    assert copy["ready"] is True

    there = ok_json(
        author_home, "chat", "--assistant", "Legal helper", "--prompt", PROMPT, *SEED_ARGS
    )
    here = ok_json(home, "chat", "--assistant", "legal helper", "--prompt", PROMPT, *SEED_ARGS)
    assert here["text"] == there["text"] and here["text"].strip()
    assert (
        here["adapters"]
        == there["adapters"]
        == [
            {
                "name": original["adapters"][0]["name"],
                "sha256": original["adapters"][0]["sha256"],
                "scale": 0.8,
            }
        ]
    )
    assert here["assistant"]["name"] == "Legal helper"
    plain = ok_json(home, "chat", "--prompt", PROMPT, *SEED_ARGS)
    assert plain["text"] != here["text"]  # the assistant's adapter and instructions matter

    # Explicit flags override the assistant's choices.
    (adapter,) = ok_json(home, "adapters", "list")["adapters"]
    overridden = ok_json(
        home,
        "chat",
        "--assistant",
        "Legal helper",
        "--adapter",
        f"{adapter['id']}:0",
        "--prompt",
        PROMPT,
        *SEED_ARGS,
    )
    assert overridden["adapters"][0]["scale"] == 0.0


def _refuse(home: Path, pack: Path, message: str) -> None:
    before = _state(home)
    run = hearth(home, "assistants", "import", str(pack), "--json")
    assert run.returncode == 1, run.describe()
    error = one_json_object(run)["error"]
    assert message in error, error
    assert _state(home) == before


def test_broken_packs_are_refused_with_their_own_message(
    author_home: Path, signed_pack: tuple[Path, str], tmp_path: Path, starter_model: Path
) -> None:
    pack, _ = signed_pack
    home = _fresh_home(tmp_path, starter_model)
    with zipfile.ZipFile(pack) as zf:
        adapter_name = next(n for n in zf.namelist() if n.startswith("adapters/"))
        altered = bytearray(zf.read(adapter_name))
    altered[len(altered) // 2] ^= 0x01
    _refuse(
        home,
        rewrite_pack(
            pack,
            tmp_path / "t.hearth",
            replace_members={adapter_name: bytes(altered)},
            update_manifest=False,
            keep_signature=True,
        ),
        f"{adapter_name} does not match its checksum in the manifest",
    )

    def retitle(manifest: dict[str, Any]) -> None:
        manifest["assistant"]["name"] = "Someone else"

    _refuse(
        home,
        rewrite_pack(
            pack,
            tmp_path / "s.hearth",
            update_manifest=False,
            edit_manifest=retitle,
            keep_signature=True,
        ),
        "the signature does not verify",
    )
    _refuse(
        home,
        rewrite_pack(pack, tmp_path / "z.hearth", raw_names={"../outside.txt": b"x"}),
        "refused the member '../outside.txt': its path leaves the pack's folder",
    )
    _refuse(
        home,
        rewrite_pack(
            pack,
            tmp_path / "o.hearth",
            add_members={"icon.png": (png_bytes() + bytes(700_000), "icon")},
        ),
        "more than the 512.0 KiB allowed for an icon",
    )

    wide = write_lora(tmp_path / "wide.gguf", starter_model, wrong_shape=True)
    adapter = ok_json(author_home, "adapters", "import", str(wide))["adapter"]
    ok_json(author_home, "assistants", "create", "Wide helper", "--adapter", str(adapter["id"]))
    wrong = ok_json(
        author_home, "assistants", "export", "Wide helper", "--out", str(tmp_path / "w.hearth")
    )
    _refuse(home, Path(wrong["path"]), "does not fit the base model")

    not_a_pack = tmp_path / "notes.hearth"
    not_a_pack.write_text(json.dumps({"hello": 1}))
    _refuse(home, not_a_pack, "is not an assistant pack")


def test_a_missing_model_names_the_catalog_download(
    signed_pack: tuple[Path, str], tmp_path: Path
) -> None:
    home = tmp_path / "empty"
    home.mkdir()
    _refuse(home, signed_pack[0], "hearth models download smollm2-135m-instruct")
    run = hearth(home, "chat", "--assistant", "Business writer", "--prompt", "hi", "--json")
    assert run.returncode == 1
    assert "hearth models download smollm2-135m-instruct" in one_json_object(run)["error"]
