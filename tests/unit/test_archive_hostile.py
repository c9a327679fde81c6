"""Hostile manifest zips, for both archives that share app/archive's reader: assistant packs and
data exports. Each is refused with its own clear reason, and nothing of it is extracted."""

from __future__ import annotations

import hashlib
import json
import stat
import struct
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.archive import MANIFEST
from app.assistants.model import AssistantError
from app.assistants.pack_format import FORMAT, FORMAT_VERSION
from app.assistants.pack_reader import (
    PackChecksumError,
    PackFormatError,
    PackPathError,
    PackSizeError,
    read_pack,
)
from app.config import Paths
from app.core import Core
from app.data_archive import ArchiveError, export_all, restore

Member = tuple[zipfile.ZipInfo | str, bytes]


def _rewrite(good: Path, out: Path, *, add: list[Member], listed: bool = True) -> Path:
    """`good` with the members in `add` appended; the manifest lists them when `listed` (so the
    refusal below is about the member itself, not about a manifest that does not know it)."""
    with zipfile.ZipFile(good) as src:
        manifest = json.loads(src.read(MANIFEST))
        kept = [(info, src.read(info)) for info in src.infolist() if info.filename != MANIFEST]
    for info, data in add:
        name = info.filename if isinstance(info, zipfile.ZipInfo) else info
        if listed:
            entry = {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            manifest["members"].append(entry | _extra_fields(manifest, name))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate names on purpose
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
            for info, data in [*kept, *add]:
                dst.writestr(info, data)
            dst.writestr(MANIFEST, json.dumps(manifest))
    return out


def _extra_fields(manifest: dict[str, object], name: str) -> dict[str, str]:
    if manifest.get("format") != FORMAT:
        return {}
    kind = "icon" if name == "icon.png" else "knowledge"
    return {"kind": kind}


def _symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


@dataclass
class Front:
    """One archive type: a good archive, its member names, and how it reads one."""

    name: str
    good: Path
    inner: str  # a member name this archive may hold, with a small limit
    inner_limit: int
    bulk: str  # a member name checked against the compression ratio
    bulk_bytes: int
    folder: str  # the words of its zip-slip refusal
    read: Callable[[Path], None]
    nothing_extracted: Callable[[], None]
    errors: dict[str, type[Exception]]


@pytest.fixture
def pack_front(tmp_path: Path) -> Front:
    assistant = b'{"name": "Helper"}'
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "model": {"sha256": "a" * 64, "name": "tiny", "included": False},
        "members": [
            {
                "name": "assistant.json",
                "kind": "assistant",
                "size": len(assistant),
                "sha256": hashlib.sha256(assistant).hexdigest(),
            }
        ],
    }
    good = tmp_path / "good.hearth"
    with zipfile.ZipFile(good, "w") as zf:
        zf.writestr("assistant.json", assistant)
        zf.writestr(MANIFEST, json.dumps(manifest))
    staging = tmp_path / "staging"
    staging.mkdir()

    def read(pack: Path) -> None:
        read_pack(pack, staging)

    def nothing_extracted() -> None:
        assert list(staging.iterdir()) == []

    read(good)  # the good pack reads: the refusals below are about what was added
    for staged in staging.iterdir():
        staged.unlink()
    return Front(
        "pack",
        good,
        "icon.png",
        512 * 1024,
        "knowledge/9/zeros.txt",
        20 << 20,
        "the pack's folder",
        read,
        nothing_extracted,
        {
            "path": PackPathError,
            "size": PackSizeError,
            "format": PackFormatError,
            "checksum": PackChecksumError,
        },
    )


@pytest.fixture
def data_front(hearth_home: Path, tmp_path: Path) -> Front:
    paths = Paths.resolve().ensure()
    core = Core.open(paths)
    try:
        chat = core.chats.new_conversation()
        core.chats.conversations.rename(chat.id, "Quarterly numbers")
    finally:
        core.close()
    paths.adapters_dir.mkdir(parents=True, exist_ok=True)
    (paths.adapters_dir / "legal.gguf").write_bytes(b"GGUF adapter bytes" * 100)
    good = export_all(paths, tmp_path / "good.zip").path
    database_before = paths.database.read_bytes()

    def snapshot() -> set[Path]:
        return {p for p in hearth_home.rglob("*") if p.is_file()}

    files_before = snapshot()

    def read(archive: Path) -> None:
        restore(paths, archive)

    def nothing_extracted() -> None:
        assert paths.database.read_bytes() == database_before
        assert snapshot() == files_before  # no member, staging folder or backup left behind

    return Front(
        "data",
        good,
        "security/encryption.json",
        1 << 20,
        "adapters/zeros.gguf",
        65 << 20,
        "Hearth's folders",
        read,
        nothing_extracted,
        dict.fromkeys(("path", "size", "format", "checksum"), ArchiveError),
    )


@pytest.fixture(params=["pack", "data"])
def front(request: pytest.FixtureRequest) -> Front:
    chosen: Front = request.getfixturevalue(f"{request.param}_front")
    return chosen


def _refused(front: Front, archive: Path, error: str, message: str) -> None:
    with pytest.raises(front.errors[error], match=message) as caught:
        front.read(archive)
    if front.name == "pack":
        assert isinstance(caught.value, AssistantError)  # the pack front's one error family
    front.nothing_extracted()


def test_zip_slip_and_absolute_names_are_refused(front: Front, tmp_path: Path) -> None:
    for number, name in enumerate(["../../evil.sh", "/tmp/evil.sh", "C:/evil.sh"]):
        slip = _rewrite(front.good, tmp_path / f"slip{number}.zip", add=[(name, b"boom")])
        _refused(front, slip, "path", f"leaves {front.folder}")
    assert not (tmp_path.parent / "evil.sh").exists()


def test_an_unknown_member_or_a_symbolic_link_is_refused(front: Front, tmp_path: Path) -> None:
    stray = _rewrite(front.good, tmp_path / "stray.zip", add=[("scripts/run.sh", b"rm -rf /")])
    _refused(front, stray, "path", "'scripts/run.sh' is not a file")
    link = _rewrite(front.good, tmp_path / "link.zip", add=[(_symlink(front.inner), b"/etc")])
    _refused(front, link, "path", "is a symbolic link")


def test_an_oversized_member_is_refused_before_it_is_inflated(front: Front, tmp_path: Path) -> None:
    big = _rewrite(
        front.good, tmp_path / "big.zip", add=[(front.inner, b"\0" * (front.inner_limit + 1))]
    )
    _refused(front, big, "size", f"{front.inner} is .*, more than the .* allowed for")


def test_a_compression_bomb_is_refused(front: Front, tmp_path: Path) -> None:
    bomb = _rewrite(front.good, tmp_path / "bomb.zip", add=[(front.bulk, b"\0" * front.bulk_bytes)])
    _refused(front, bomb, "size", "refused as a zip bomb")


def test_duplicate_names_are_refused(front: Front, tmp_path: Path) -> None:
    with zipfile.ZipFile(front.good) as zf:
        first = next(n for n in zf.namelist() if n != MANIFEST)
    twice = _rewrite(front.good, tmp_path / "twice.zip", add=[(first, b"other")], listed=False)
    _refused(front, twice, "format", f"'{first}' appears twice in the zip")


def test_an_unlisted_member_is_refused(front: Front, tmp_path: Path) -> None:
    extra = _rewrite(front.good, tmp_path / "extra.zip", add=[(front.inner, b"{}")], listed=False)
    _refused(front, extra, "checksum", f"{front.inner} is in it but not in its manifest")


def test_a_corrupt_zip_is_refused(front: Front, tmp_path: Path) -> None:
    data = front.good.read_bytes()
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(data[: len(data) // 2])
    _refused(front, truncated, "format", "not a readable zip")

    # Same sizes, same directory: only a member's compressed bytes are damaged.
    with zipfile.ZipFile(front.good) as zf:
        info = next(i for i in zf.infolist() if i.filename != MANIFEST)
    damaged = bytearray(data)
    # The local header's own name and extra-field lengths (they may differ from the directory's).
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    for offset in range(start, start + max(1, info.compress_size)):
        damaged[offset] ^= 0x5A
    corrupt = tmp_path / "corrupt.zip"
    corrupt.write_bytes(bytes(damaged))
    _refused(
        front, corrupt, "checksum", f"{info.filename} (is damaged|does not match its checksum)"
    )
