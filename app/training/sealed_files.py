"""A training run's confidential files on an encrypted profile: sealed with the files key.

On an encrypted profile the examples (train.jsonl), the checkpoint, the PEFT folder and the
exported adapter GGUF of a run are stored in the AES-GCM format of `app.security.file_crypto`,
written from memory (or from a private temporary folder where a library insists on a path), so
no plain copy is left in the run folder. On a plain profile nothing here is used: the files are
written as before.

Readers tell a sealed file by its header, not by a flag in job.json, so a run folder converted
when encryption is switched on, off or re-keyed (`app.security.profile_encryption`) reads either
way. The key reaches the worker on its stdin pipe as one line (`key_line`), never in its argv,
environment or a file.

The crypto libraries are imported inside the functions: a plain profile never loads them.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Final

from app.training.errors import TrainingError

if TYPE_CHECKING:
    from app.security.keys import MasterKey

KEY_LINE_PREFIX: Final = "key "


def key_line(key: MasterKey) -> str:
    """The first line the app writes to an encrypted run's worker (hex of the master key)."""
    return f"{KEY_LINE_PREFIX}{key.material.hex()}\n"


def key_from_line(line: str) -> MasterKey:
    """The key of `key_line`'s output; TrainingError for anything else (without echoing it)."""
    from app.security.keys import KEY_BYTES, MasterKey

    text = line.strip()
    if not text.startswith(KEY_LINE_PREFIX):
        raise TrainingError("the training process did not receive the profile's key")
    try:
        material = bytes.fromhex(text.removeprefix(KEY_LINE_PREFIX))
    except ValueError:
        raise TrainingError("the training process received a malformed key") from None
    if len(material) != KEY_BYTES:
        raise TrainingError("the training process received a malformed key")
    return MasterKey(material)


def is_sealed(path: Path) -> bool:
    from app.security.file_crypto import is_encrypted_file

    return is_encrypted_file(Path(path))


def read_bytes(path: Path, key: MasterKey | None) -> bytes:
    """The plain content of `path`, decrypted in memory when it is sealed."""
    from app.security.file_crypto import FileCryptoError, decrypt_stream

    path = Path(path)
    if not is_sealed(path):
        try:
            return path.read_bytes()
        except OSError as exc:
            raise TrainingError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if key is None:
        raise TrainingError(
            f"{path.name} is encrypted: the training needs the unlocked profile's key"
        )
    plain = io.BytesIO()
    try:
        with path.open("rb") as source:
            decrypt_stream(source, plain, key, path.name)
    except FileCryptoError as exc:
        raise TrainingError(str(exc)) from exc
    except OSError as exc:
        raise TrainingError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return plain.getvalue()


def write_sealed(path: Path, content: BinaryIO, key: MasterKey) -> Path:
    """Encrypt `content` (read from its current position) into `path`, atomically: a reader,
    or a process killed half way, sees the old file or the new one, never a torn one."""
    from app.security.file_crypto import encrypt_stream

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as out:
            encrypt_stream(content, out, key)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)  # ciphertext only: no need to overwrite it
        raise
    return path


def seal_file(source: Path, target: Path, key: MasterKey) -> Path:
    with Path(source).open("rb") as content:
        return write_sealed(target, content, key)


def seal_folder(source: Path, target: Path, key: MasterKey) -> Path:
    """Every file of `source` (a PEFT save) sealed into `target`, same relative names."""
    for file in sorted(Path(source).rglob("*")):
        if file.is_file():
            seal_file(file, Path(target) / file.relative_to(source), key)
    return Path(target)


@contextmanager
def private_folder() -> Iterator[Path]:
    """A new 0700 temporary folder for what a library can only write to a path (the PEFT save,
    the GGUF export); its files are overwritten and removed when the block ends, even on error."""
    from app.security.shred import shred

    folder = Path(tempfile.mkdtemp(prefix="hearth-train-"))  # mkdtemp: mode 0700
    try:
        yield folder
    finally:
        for leftover in sorted(folder.rglob("*"), reverse=True):
            if leftover.is_file():
                shred(leftover)
        shutil.rmtree(folder, ignore_errors=True)
