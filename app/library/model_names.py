"""The name a person sees for a model: the catalog's name, else a tidied file name.

A GGUF file's own `general.name` is whatever its converter wrote ("Smollm2 135M 8k Lc100K Mix1
Ep2"), so Hearth never shows it. A model that matches a catalog entry (by the catalog id it was
downloaded as, by sha256, else by file name) gets the catalog's name; any other model gets its
file name without separators and with the quantization in brackets:
"Qwen3-4B-Instruct-2507-Q4_K_M.gguf" -> "Qwen3 4B Instruct 2507 (Q4_K_M)".
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import PurePath
from typing import Final

from app.library.catalog import Catalog, CatalogEntry, CatalogError, load_catalog
from app.storage.records import ModelRecord

log = logging.getLogger(__name__)

# llama.cpp's quantization names as they appear in file names: Q4_0, Q4_K_M, IQ4_XS, TQ1_0,
# BF16, MXFP4..., in any case, with unsloth's "UD-" prefix. After the bits only a 0/1 variant
# has digits, so the "-2" of a second copy is not taken for part of it.
_QUANT: Final = re.compile(
    r"(?:UD[-_])?(?:T?I?Q[1-8](?:_[01])?(?:_[A-Z]{1,3}){0,2}|BF16|F16|F32|FP16|FP32|MXFP4)",
    re.IGNORECASE,
)
_SHARD: Final = re.compile(r"[-_.]\d{5}-of-\d{5}$", re.IGNORECASE)
_COPY: Final = re.compile(r"\d{1,3}")  # the "2" of "name-2.gguf", a second copy
_SIZE: Final = re.compile(r"\d+(?:\.\d+)?[bmk]", re.IGNORECASE)
# Words a lowercase file name spells in lowercase that read better in capitals.
_UPPER_WORDS: Final = frozenset({"it", "gguf", "moe", "vl", "r1", "qat", "gpt"})


def clean_file_name(file_name: str) -> str:
    """A readable name from a GGUF file name: separators become spaces, the quantization goes
    into brackets, an all-lowercase name gets capitals ("qwen2.5-0.5b-instruct-q4_k_m.gguf" ->
    "Qwen2.5 0.5B Instruct (Q4_K_M)")."""
    stem = PurePath(file_name).name
    if stem.lower().endswith(".gguf"):
        stem = stem[: -len(".gguf")]
    stem = _SHARD.sub("", stem)
    # Split on "-", "_", spaces and on dots that are not a version number's ("Qwen2.5" stays).
    words = [w for w in re.split(r"[-_\s]+|\.(?!\d)|(?<!\d)\.", stem) if w]
    quant = _take_quantization(words)
    if quant is None and len(words) > 2 and _COPY.fullmatch(words[-1]):
        # "Model-Q4_K_M-2.gguf": a second copy Hearth saved beside the first.
        head = words[:-1]
        quant = _take_quantization(head)
        if quant is not None:
            words = head
    if not words:
        return stem or file_name
    lowercase = all(w == w.lower() for w in words)
    name = " ".join(_word(w, lowercase) for w in words)
    return f"{name} ({quant})" if quant else name


def _take_quantization(words: list[str]) -> str | None:
    """Remove the quantization from the end of `words` and return it ("Q4_K_M"); at least one
    word is left for the name."""
    # The quantization was split at "_" like everything else: rebuild it from the tail.
    for start in range(max(1, len(words) - 4), len(words)):
        candidate = "_".join(words[start:])
        if _QUANT.fullmatch(candidate):
            del words[start:]
            return candidate.upper().replace("UD_", "UD-")
    return None


def _word(word: str, lowercase: bool) -> str:
    if not lowercase:
        return word
    if word in _UPPER_WORDS:
        return word.upper()
    if _SIZE.fullmatch(word):
        return word[:-1] + word[-1].upper()
    return word[:1].upper() + word[1:]


def catalog_entry_for(
    catalog: Catalog | None,
    *,
    catalog_id: str | None = None,
    sha256: str | None = None,
    file_name: str | None = None,
) -> CatalogEntry | None:
    """The catalog entry a model is: the one it was downloaded as, else by sha256, else by the
    file name (a file downloaded before Hearth recorded where it came from)."""
    if catalog is None:
        return None
    if catalog_id:
        for entry in catalog:
            if entry.id == catalog_id:
                return entry
    return catalog.find(sha256=sha256, file_name=PurePath(file_name).name if file_name else None)


def readable_model_name(
    file_name: str,
    *,
    sha256: str | None = None,
    catalog_id: str | None = None,
    catalog: Catalog | None = None,
) -> str:
    """The catalog's name for this model, else its cleaned file name."""
    entry = catalog_entry_for(catalog, catalog_id=catalog_id, sha256=sha256, file_name=file_name)
    return entry.name if entry is not None else clean_file_name(file_name)


def model_display_name(record: ModelRecord, catalog: Catalog | None = None) -> str:
    """What the window, its dialogs and the CLI call a registered model. `catalog` defaults to
    the built-in one (read once)."""
    return readable_model_name(
        record.path,
        sha256=record.sha256,
        catalog_id=record.catalog_id,
        catalog=catalog if catalog is not None else builtin_catalog(),
    )


@functools.cache
def builtin_catalog() -> Catalog | None:
    """The shipped catalog, or None (logged) when it cannot be read: names then come from file
    names, which is worse but never breaks a window."""
    try:
        return load_catalog()
    except CatalogError as exc:
        log.warning("model names without the catalog: %s", exc)
        return None
