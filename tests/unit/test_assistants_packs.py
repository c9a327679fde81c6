"""`.hearth` packs through the Python API: export, review, import, and every refusal.

Helpers here (`make_author`, `rewrite_pack`, `library_state`) are shared with the integration
and GUI tests.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from app.assistants.model import AdapterSetting, Assistant, AssistantProfile, ModelRef
from app.assistants.pack_format import PackLimits
from app.assistants.pack_import import MissingModelError, PackCompatibilityError
from app.assistants.pack_reader import (
    PackChecksumError,
    PackError,
    PackFormatError,
    PackPathError,
    PackSignatureError,
    PackSizeError,
)
from app.assistants.signing import SigningError, generate_key_file, load_private_key
from app.config import Paths
from app.core import Core
from app.knowledge.knowledge_base import Attach
from tests.fixtures.make_lora import write_lora


def png_bytes(width: int = 4, height: int = 4) -> bytes:
    """A valid little RGB PNG, written without Qt."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + b"\xcc\x55\x22" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@dataclass
class Author:
    core: Core
    assistant: Assistant
    lora: Path


def make_author(home: Path, starter_model: Path, files: Path, *, knowledge: bool = True) -> Author:
    """A profile with the starter model, an adapter, a user template, a collection with one
    document, and an assistant using all of them (with an icon image)."""
    core = Core.open(Paths.resolve(home))
    model = core.library.import_model(starter_model)
    files.mkdir(parents=True, exist_ok=True)
    lora = write_lora(files / "legal-lora.gguf", starter_model, seed=3, strength=0.3)
    adapter = core.adapters.import_adapter(lora)
    template = core.templates.library.duplicate("proposal", name="Legal proposal")
    collections: tuple[str, ...] = ()
    if knowledge:
        document = files / "pricing policy.md"
        document.write_text("# Pricing\n\nOur hourly rate for contract review is 180 euros.\n")
        core.knowledge.add_files([document], attach_to=Attach.to_collection("Legal library"))
        collections = ("Legal library",)
    service = core.assistants
    assistant = service.create(
        AssistantProfile(
            name="Legal helper",
            model=ModelRef(model.sha256, model.name, "smollm2-135m-instruct"),
            icon="⚖️",
            icon_image=png_bytes(),
            description="Reviews contracts.",
            adapters=(AdapterSetting(adapter.sha256, adapter.name, 0.7),),
            instructions="You are a careful contracts assistant.",
            knowledge_collections=collections,
            pinned_templates=(template.id, "proposal"),
            starter_prompts=("What is an NDA?",),
        )
    )
    return Author(core, assistant, lora)


def library_state(core: Core) -> dict[str, Any]:
    """Everything an import may add, to compare before and after a refused one."""
    return {
        "models": [(m.id, m.sha256, m.path) for m in core.models.list()],
        "adapters": [(a.id, a.sha256, a.path) for a in core.adapters.list()],
        "templates": [t.id for t in core.templates.library.list()],
        "assistants": [(a.id, a.name) for a in core.assistants.list()],
        "collections": [(c.name, c.document_count) for c in core.knowledge.collections()],
        "documents": [d.path for d in core.knowledge.documents()],
        "data_files": sorted(
            str(p.relative_to(core.paths.data_dir))
            for p in core.paths.data_dir.rglob("*")
            if p.is_file() and "backups" not in p.parts and not p.name.startswith("hearth.sqlite3")
        ),
    }


def rewrite_pack(
    source: Path,
    target: Path,
    *,
    replace_members: dict[str, bytes] | None = None,
    add_members: dict[str, tuple[bytes, str]] | None = None,
    update_manifest: bool = True,
    edit_manifest: Any = None,
    keep_signature: bool = False,
    raw_names: dict[str, bytes] | None = None,
) -> Path:
    """Copy a pack with changes. `update_manifest`: list the changed members with their true
    sizes and checksums (so only the change under test is wrong)."""
    with zipfile.ZipFile(source) as zf:
        members = {info.filename: zf.read(info) for info in zf.infolist()}
    manifest = json.loads(members["manifest.json"])
    for name, data in (replace_members or {}).items():
        members[name] = data
    for name, (data, kind) in (add_members or {}).items():
        members[name] = data
        manifest["members"].append({"name": name, "kind": kind, "size": 0, "sha256": ""})
    if update_manifest:
        for entry in manifest["members"]:
            data = members[entry["name"]]
            entry["size"], entry["sha256"] = len(data), hashlib.sha256(data).hexdigest()
    if edit_manifest is not None:
        edit_manifest(manifest)
    if update_manifest or edit_manifest is not None:
        members["manifest.json"] = json.dumps(manifest, indent=2, sort_keys=True).encode()
    if not keep_signature:
        members.pop("signature.json", None)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in {**members, **(raw_names or {})}.items():
            zf.writestr(name, data)
    return target


@pytest.fixture
def author(tmp_path: Path, starter_model: Path) -> Iterator[Author]:
    made = make_author(tmp_path / "author", starter_model, tmp_path / "files")
    yield made
    made.core.close()


@pytest.fixture
def target(tmp_path: Path, starter_model: Path) -> Iterator[Core]:
    core = Core.open(Paths.resolve(tmp_path / "target"))
    core.library.import_model(starter_model)
    yield core
    core.close()


@pytest.fixture
def pack(author: Author, tmp_path: Path) -> Path:
    key = generate_key_file(tmp_path / "keys" / "author.pem")
    assert key.public_key_file.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    return (
        author.core.pack_exporter()
        .export(
            author.assistant,
            tmp_path / "legal.hearth",
            include_knowledge=True,
            signing_key_file=key.private_key_file,
        )
        .path
    )


def test_export_then_import_reproduces_the_assistant(
    author: Author, target: Core, tmp_path: Path
) -> None:
    key = generate_key_file(tmp_path / "k.pem")
    summary = author.core.pack_exporter().export(
        author.assistant,
        tmp_path / "out.hearth",
        include_knowledge=True,
        signing_key_file=key.private_key_file,
    )
    assert summary.signed_by == key.fingerprint
    with zipfile.ZipFile(summary.path) as zf:
        names = set(zf.namelist())
    assert {"manifest.json", "signature.json", "assistant.json", "icon.png"} <= names
    assert "templates/legal-proposal.json" in names  # the user's template travels
    assert "templates/proposal.json" not in names  # a built-in is referenced only
    assert any(n.startswith("knowledge/1/pricing policy") for n in names)

    importer = target.pack_importer()
    with importer.review(summary.path) as review:
        assert review.signature.label() == f"signed by {key.fingerprint}"
        assert review.model_in_library is not None and review.can_apply
        result = importer.apply(review)
    imported = result.assistant.profile
    original = author.assistant.profile
    assert replace(imported, knowledge_collections=()) == replace(
        original, knowledge_collections=()
    )
    assert imported.knowledge_collections == ("Legal helper",)  # named after the assistant
    (document,) = target.knowledge.documents(collection="Legal helper")
    assert "180 euros" in target.knowledge.text_of(document.id)
    assert target.templates.library.find("legal-proposal") is not None
    (adapter,) = target.adapters.list()
    assert adapter.sha256 == original.adapters[0].sha256
    assert Path(adapter.path).is_relative_to(target.paths.adapters_dir)  # copied in
    assert target.assistants.plan(result.assistant).ready
    assert not list(target.paths.data_dir.glob(".pack-import-*"))  # staging removed

    # Importing again keeps both: the second gets a free name and reuses the adapter.
    with importer.review(summary.path) as review:
        again = importer.apply(review)
    assert again.assistant.name == "Legal helper (2)"
    assert len(target.adapters.list()) == 1


def test_a_raw_seed_key_signs_and_an_unsigned_pack_says_so(
    author: Author, target: Core, tmp_path: Path
) -> None:
    seed = tmp_path / "seed.key"
    seed.write_bytes(bytes(range(32)))
    signed = author.core.pack_exporter().export(
        author.assistant, tmp_path / "a.hearth", signing_key_file=seed
    )
    assert signed.signed_by is not None
    plain = author.core.pack_exporter().export(author.assistant, tmp_path / "b.hearth")
    importer = target.pack_importer()
    with importer.review(signed.path) as review:
        assert review.signature.fingerprint == signed.signed_by
    with importer.review(plain.path) as review:
        assert review.signature.label() == "unsigned"
    with pytest.raises(PackSignatureError, match="unsigned, and a signed pack was required"):
        importer.review(plain.path, require_signature=True)
    for content, message in ((b"short", "not an Ed25519 key file"), (b"-----BEGIN x", "PEM")):
        seed.write_bytes(content)
        with pytest.raises(SigningError, match=message):
            load_private_key(seed)


def test_model_size_warning_and_an_included_model(
    author: Author, tmp_path: Path, starter_model: Path
) -> None:
    exporter = author.core.pack_exporter()
    small = exporter.estimate(author.assistant, include_knowledge=False, include_model=False)
    assert small.warning is None and small.model_bytes == 0
    big = exporter.estimate(author.assistant, include_knowledge=False, include_model=True)
    assert big.model_bytes == starter_model.stat().st_size
    with_model = exporter.export(author.assistant, tmp_path / "m.hearth", include_model=True)

    empty = Core.open(Paths.resolve(tmp_path / "empty"))
    try:
        importer = empty.pack_importer()
        with importer.review(with_model.path) as review:
            assert review.model_included and review.model_in_library is None
            importer.apply(review)
        (model,) = empty.models.list()
        assert model.sha256 == author.assistant.profile.model.sha256
        assert Path(model.path).parent == empty.paths.models_dir
    finally:
        empty.close()


def test_a_missing_model_is_named_with_its_catalog_entry(author: Author, tmp_path: Path) -> None:
    pack = author.core.pack_exporter().export(author.assistant, tmp_path / "p.hearth")
    empty = Core.open(Paths.resolve(tmp_path / "empty"))
    try:
        before = library_state(empty)
        importer = empty.pack_importer()
        with importer.review(pack.path) as review:
            assert review.missing_model is not None and not review.can_apply
            assert review.missing_model.catalog_entry is not None
            with pytest.raises(MissingModelError, match="hearth models download smollm2-135m"):
                importer.apply(review)
        assert library_state(empty) == before
    finally:
        empty.close()


def _refused(target: Core, pack: Path, error: type[PackError], message: str) -> None:
    before = library_state(target)
    with pytest.raises(error, match=message):
        target.pack_importer().review(pack)
    assert library_state(target) == before
    assert not list(target.paths.data_dir.glob(".pack-import-*"))


def test_every_broken_pack_is_refused_with_its_own_reason(
    author: Author, pack: Path, target: Core, tmp_path: Path, starter_model: Path
) -> None:
    with zipfile.ZipFile(pack) as zf:
        adapter_name = next(n for n in zf.namelist() if n.startswith("adapters/"))
        altered = bytearray(zf.read(adapter_name))
    altered[-1] ^= 0xFF  # one bit of one weight: same size, different content
    tampered = rewrite_pack(
        pack,
        tmp_path / "t.hearth",
        replace_members={adapter_name: bytes(altered)},
        update_manifest=False,
        keep_signature=True,
    )
    _refused(target, tampered, PackChecksumError, "does not match its checksum")

    def retitle(manifest: dict[str, Any]) -> None:
        manifest["assistant"]["description"] = "Now with extra powers"

    forged = rewrite_pack(
        pack,
        tmp_path / "f.hearth",
        update_manifest=False,
        edit_manifest=retitle,
        keep_signature=True,
    )
    _refused(target, forged, PackSignatureError, "signature does not verify")

    slip = rewrite_pack(pack, tmp_path / "s.hearth", raw_names={"../../evil.txt": b"x"})
    _refused(target, slip, PackPathError, "leaves the pack's folder")
    absolute = rewrite_pack(pack, tmp_path / "a.hearth", raw_names={"/etc/evil": b"x"})
    _refused(target, absolute, PackPathError, "zip-slip")

    big_icon = rewrite_pack(
        pack, tmp_path / "o.hearth", replace_members={"icon.png": png_bytes() + b"\0" * 600_000}
    )
    _refused(target, big_icon, PackSizeError, "icon.png is 586.0 KiB, more than the 512.0 KiB")

    bomb = rewrite_pack(
        pack,
        tmp_path / "b.hearth",
        add_members={"knowledge/9/zeros.txt": (b"\0" * (20 << 20), "knowledge")},
    )
    _refused(target, bomb, PackSizeError, "refused as a zip bomb")

    _refused(
        target,
        wrong_base_pack(author, tmp_path, starter_model),
        PackCompatibilityError,
        "does not fit the base model.*blk.0.attn_q.weight",
    )


def wrong_base_pack(author: Author, folder: Path, starter_model: Path) -> Path:
    """A pack whose adapter was made for a wider model than the one it names."""
    wide = write_lora(folder / "wide.gguf", starter_model, wrong_shape=True)
    adapter = author.core.adapters.import_adapter(wide)
    service = author.core.assistants
    profile = replace(
        author.assistant.profile,
        name="Wide helper",
        adapters=(AdapterSetting(adapter.sha256, adapter.name, 1.0),),
        knowledge_collections=(),
    )
    return author.core.pack_exporter().export(service.create(profile), folder / "wide.hearth").path


def test_structural_refusals(pack: Path, target: Core, tmp_path: Path) -> None:
    not_zip = tmp_path / "n.hearth"
    not_zip.write_text("hello")
    _refused(target, not_zip, PackFormatError, "not a readable zip")

    def newer(manifest: dict[str, Any]) -> None:
        manifest["format_version"] = 9

    _refused(
        target,
        rewrite_pack(pack, tmp_path / "v.hearth", edit_manifest=newer),
        PackFormatError,
        "newer Hearth \\(pack format 9\\)",
    )

    def other(manifest: dict[str, Any]) -> None:
        manifest["format"] = "something-else"

    _refused(
        target,
        rewrite_pack(pack, tmp_path / "x.hearth", edit_manifest=other),
        PackFormatError,
        "not a Hearth assistant pack",
    )
    extra = rewrite_pack(
        pack,
        tmp_path / "e.hearth",
        update_manifest=False,
        raw_names={"templates/sneaky.json": b"{}"},
    )
    _refused(target, extra, PackChecksumError, "not in its manifest")
    many = rewrite_pack(
        pack, tmp_path / "m.hearth", raw_names={f"knowledge/{i}/a.txt": b"a" for i in range(1, 40)}
    )
    before = library_state(target)
    with pytest.raises(PackSizeError, match=r"holds 4\d files; a pack may hold at most 30"):
        importer = target.pack_importer()
        importer.limits = PackLimits(max_members=30)
        importer.review(many)
    assert library_state(target) == before
    stray = rewrite_pack(pack, tmp_path / "y.hearth", raw_names={"scripts/run.sh": b"rm -rf /"})
    _refused(target, stray, PackPathError, "not a file an assistant pack may hold")


def test_a_failure_while_applying_undoes_everything(
    pack: Path, target: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = library_state(target)
    importer = target.pack_importer()

    def broken(_profile: AssistantProfile) -> Assistant:
        raise OSError("disk full")

    monkeypatch.setattr(importer.service, "create", broken)
    with (
        importer.review(pack) as review,
        pytest.raises(PackError, match="nothing was kept: disk full"),
    ):
        importer.apply(review)
    assert library_state(target) == before
