"""The `.hearth` assistant pack: a zip with a versioned manifest and a sha256 for every member.

Layout (every name below is fixed; nothing else may be in the zip):

    manifest.json            format, version, the model it needs, and each member's kind, size,
                             sha256 (and for knowledge, the original file name)
    signature.json           optional Ed25519 signature of manifest.json's exact bytes
    assistant.json           the assistant profile (app/assistants/codec.py)
    icon.png                 optional icon image
    adapters/<sha256>.gguf   each LoRA adapter, named by its sha256
    templates/<id>.json      each pinned user template (built-ins are referenced by id only)
    knowledge/<n>/<file>     optional documents (original files, or extracted text as .txt)
    model/<file>.gguf        optional base model file
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

FORMAT: Final = "hearth-assistant-pack"
FORMAT_VERSION: Final = 1
SUFFIX: Final = ".hearth"
MANIFEST: Final = "manifest.json"
SIGNATURE: Final = "signature.json"
ASSISTANT: Final = "assistant.json"
ICON: Final = "icon.png"

MemberKind = Literal["assistant", "icon", "adapter", "template", "knowledge", "model"]
KINDS: Final[tuple[MemberKind, ...]] = (
    "assistant",
    "icon",
    "adapter",
    "template",
    "knowledge",
    "model",
)

_KIB: Final = 1024
_MIB: Final = 1024 * _KIB
_GIB: Final = 1024 * _MIB

# The exact shape of each kind's member name: anything else is refused before it is read.
NAME_PATTERNS: Final[dict[MemberKind, re.Pattern[str]]] = {
    "assistant": re.compile(r"assistant\.json"),
    "icon": re.compile(r"icon\.png"),
    "adapter": re.compile(r"adapters/[0-9a-f]{64}\.gguf"),
    "template": re.compile(r"templates/[a-z0-9][a-z0-9-]{1,63}\.json"),
    "knowledge": re.compile(r"knowledge/[0-9]{1,4}/[^/\\:\x00-\x1f]{1,200}"),
    "model": re.compile(r"model/[^/\\:\x00-\x1f]{1,200}\.gguf"),
}


@dataclass(frozen=True)
class PackLimits:
    """What an import accepts. A pack past any limit is refused before anything is written."""

    max_members: int = 1000
    max_manifest_bytes: int = 1 * _MIB
    max_signature_bytes: int = 16 * _KIB
    max_assistant_bytes: int = 1 * _MIB
    max_icon_bytes: int = 512 * _KIB
    max_template_bytes: int = 256 * _KIB
    max_knowledge_bytes: int = 256 * _MIB
    max_adapter_bytes: int = 4 * _GIB
    max_model_bytes: int = 256 * _GIB
    max_total_bytes_without_model: int = 16 * _GIB
    # Unpacked/packed size above which a member is a zip bomb, not a document; checked on
    # members that unpack to more than `ratio_floor_bytes` (small files compress freely).
    max_compression_ratio: float = 200.0
    ratio_floor_bytes: int = 1 * _MIB

    def for_kind(self, kind: MemberKind) -> int:
        return {
            "assistant": self.max_assistant_bytes,
            "icon": self.max_icon_bytes,
            "template": self.max_template_bytes,
            "knowledge": self.max_knowledge_bytes,
            "adapter": self.max_adapter_bytes,
            "model": self.max_model_bytes,
        }[kind]


# Warn before writing a pack this large (a model file is usually what makes it so).
LARGE_PACK_BYTES: Final = 500 * _MIB


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:,.0f} {unit}" if unit == "bytes" else f"{value:,.1f} {unit}"
        value /= 1024
    return f"{value:,.1f} GiB"  # pragma: no cover - the loop always returns


def kind_label(kind: MemberKind) -> str:
    return {
        "assistant": "the assistant",
        "icon": "an icon",
        "template": "a template",
        "knowledge": "a knowledge document",
        "adapter": "an adapter",
        "model": "a model file",
    }[kind]
