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
    tools.json               optional MCP server configurations (app/assistants/pack_tools.py)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from app.archive.kinds import GIB, KIB, MIB, ReadLimits

FORMAT: Final = "hearth-assistant-pack"
FORMAT_VERSION: Final = 1
SUFFIX: Final = ".hearth"
MANIFEST: Final = "manifest.json"
SIGNATURE: Final = "signature.json"
ASSISTANT: Final = "assistant.json"
ICON: Final = "icon.png"

MemberKind = Literal["assistant", "icon", "adapter", "template", "knowledge", "model", "tools"]
KINDS: Final[tuple[MemberKind, ...]] = (
    "assistant",
    "icon",
    "adapter",
    "template",
    "knowledge",
    "model",
    "tools",
)


# The exact shape of each kind's member name: anything else is refused before it is read.
NAME_PATTERNS: Final[dict[MemberKind, re.Pattern[str]]] = {
    "assistant": re.compile(r"assistant\.json"),
    "icon": re.compile(r"icon\.png"),
    "adapter": re.compile(r"adapters/[0-9a-f]{64}\.gguf"),
    "template": re.compile(r"templates/[a-z0-9][a-z0-9-]{1,63}\.json"),
    "knowledge": re.compile(r"knowledge/[0-9]{1,4}/[^/\\:\x00-\x1f]{1,200}"),
    "model": re.compile(r"model/[^/\\:\x00-\x1f]{1,200}\.gguf"),
    "tools": re.compile(r"tools\.json"),
}


@dataclass(frozen=True)
class PackLimits:
    """What an import accepts. A pack past any limit is refused before anything is written."""

    max_members: int = 1000
    max_manifest_bytes: int = 1 * MIB
    max_signature_bytes: int = 16 * KIB
    max_assistant_bytes: int = 1 * MIB
    max_icon_bytes: int = 512 * KIB
    max_template_bytes: int = 256 * KIB
    max_tools_bytes: int = 64 * KIB
    max_knowledge_bytes: int = 256 * MIB
    max_adapter_bytes: int = 4 * GIB
    max_model_bytes: int = 256 * GIB
    max_total_bytes_without_model: int = 16 * GIB
    # Unpacked/packed size above which a member is a zip bomb, not a document; checked on
    # members that unpack to more than `ratio_floor_bytes` (small files compress freely).
    max_compression_ratio: float = 200.0
    ratio_floor_bytes: int = 1 * MIB

    def for_kind(self, kind: MemberKind) -> int:
        return {
            "assistant": self.max_assistant_bytes,
            "icon": self.max_icon_bytes,
            "template": self.max_template_bytes,
            "knowledge": self.max_knowledge_bytes,
            "adapter": self.max_adapter_bytes,
            "model": self.max_model_bytes,
            "tools": self.max_tools_bytes,
        }[kind]

    def read_limits(self) -> ReadLimits:
        """The limits the shared zip reader applies to the whole pack."""
        return ReadLimits(
            max_members=self.max_members,
            max_manifest_bytes=self.max_manifest_bytes,
            max_total_bytes=self.max_total_bytes_without_model,
            max_compression_ratio=self.max_compression_ratio,
            ratio_floor_bytes=self.ratio_floor_bytes,
        )


# Warn before writing a pack this large (a model file is usually what makes it so).
LARGE_PACK_BYTES: Final = 500 * MIB


def kind_label(kind: MemberKind) -> str:
    return {
        "assistant": "the assistant",
        "icon": "an icon",
        "template": "a template",
        "knowledge": "a knowledge document",
        "adapter": "an adapter",
        "model": "a model file",
        "tools": "the tool servers",
    }[kind]
