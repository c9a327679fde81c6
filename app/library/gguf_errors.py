"""Why a file is not a usable GGUF file, told in words that name the file and the problem."""

from __future__ import annotations

from pathlib import Path


class GgufError(ValueError):
    """A GGUF file could not be read; `str(error)` starts with the file's path."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class NotGgufError(GgufError):
    """The file does not start with the GGUF magic (or is empty)."""


class UnsupportedGgufVersionError(GgufError):
    """A GGUF version other than 2 or 3."""

    def __init__(self, path: Path, version: int) -> None:
        hint = " (written before August 2023; convert the model again)" if version == 1 else ""
        super().__init__(path, f"unsupported GGUF version {version}{hint}")
        self.version = version


class GgufTruncatedError(GgufError):
    """The file ends before the header (metadata or tensor infos) does."""


class GgufTensorDataError(GgufTruncatedError):
    """The header is complete but a tensor's data lies (partly) past the end of the file."""


class GgufCorruptError(GgufError):
    """The header holds values no valid GGUF file has (absurd sizes, unknown value types...)."""


class UnknownTensorTypeError(GgufCorruptError):
    """A tensor uses a ggml type this scanner does not know (new, retired or garbage)."""

    def __init__(self, path: Path, tensor: str, type_id: int) -> None:
        super().__init__(
            path,
            f"tensor '{tensor}' has unknown ggml type {type_id}: the file is corrupt or needs "
            "a newer Hearth",
        )
        self.tensor = tensor
        self.type_id = type_id
