"""Encrypting the files Hearth keeps (adapter copies): AES-256-GCM in 1 MiB chunks.

Layout: a 32-byte header (magic, format, key id, nonce prefix, chunk size) and then chunks, each
the ciphertext of up to CHUNK bytes followed by its 16-byte tag. Chunk i's nonce is the file's
random 8-byte prefix plus i; its associated data is the header, i and a "last chunk" flag, so a
reordered, truncated or extended file fails to decrypt instead of yielding altered data.

llama.cpp opens adapters by path, so `decrypted_copy` writes a plain copy into a private temporary
folder (0700) for exactly as long as llama.cpp reads it, then overwrites and removes it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import struct
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import BinaryIO, Final, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.security.keys import MasterKey
from app.security.shred import shred

MAGIC: Final = b"HEARTHE\x00"
FORMAT_VERSION: Final = 1
CHUNK: Final = 1 << 20
TAG_BYTES: Final = 16
_HEADER = struct.Struct(">8sI8s8sI")  # magic, version, key id, nonce prefix, chunk size
HEADER_BYTES: Final = _HEADER.size


class FileCryptoError(Exception):
    """A file could not be encrypted or decrypted; `str(error)` names the file and the problem."""


def is_encrypted_file(path: Path) -> bool:
    try:
        with Path(path).open("rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _aad(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">QB", index, 1 if last else 0)


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


class ByteSource(Protocol):
    def read(self, size: int, /) -> bytes: ...


def encrypt_stream(source: ByteSource, target: BinaryIO, key: MasterKey) -> None:
    prefix = secrets.token_bytes(8)
    header = _HEADER.pack(MAGIC, FORMAT_VERSION, key.key_id, prefix, CHUNK)
    target.write(header)
    aead = AESGCM(key.files_key)
    index = 0
    block = source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        target.write(aead.encrypt(_nonce(prefix, index), block, _aad(header, index, last)))
        if last:
            return
        block, index = following, index + 1
        if index >= 2**32:
            raise FileCryptoError("the file is too large to encrypt")


def decrypt_stream(source: BinaryIO, target: BinaryIO, key: MasterKey, name: str) -> None:
    header = source.read(HEADER_BYTES)
    if len(header) != HEADER_BYTES:
        raise FileCryptoError(f"{name} is not an encrypted Hearth file (too short)")
    magic, version, key_id, prefix, chunk = _HEADER.unpack(header)
    if magic != MAGIC:
        raise FileCryptoError(f"{name} is not an encrypted Hearth file")
    if version != FORMAT_VERSION or not 0 < chunk <= 64 * CHUNK:
        raise FileCryptoError(f"{name} was encrypted in a format this Hearth does not read")
    if key_id != key.key_id:
        raise FileCryptoError(
            f"{name} was encrypted with another passphrase (perhaps before it was changed)"
        )
    aead = AESGCM(key.files_key)
    index = 0
    sealed = source.read(chunk + TAG_BYTES)
    while True:
        following = source.read(chunk + TAG_BYTES)
        last = not following
        try:
            target.write(aead.decrypt(_nonce(prefix, index), sealed, _aad(header, index, last)))
        except InvalidTag:
            raise FileCryptoError(f"{name} is damaged or was altered (chunk {index})") from None
        if last:
            return
        sealed, index = following, index + 1


def _transform(source: Path, target: Path, key: MasterKey, *, encrypt: bool) -> None:
    """Write `target` from `source` via a temporary file in target's folder (atomic replace)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    tmp = Path(tmp_name)
    try:
        with source.open("rb") as src, os.fdopen(fd, "wb") as out:
            if encrypt:
                encrypt_stream(src, out, key)
            else:
                decrypt_stream(src, out, key, source.name)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        shred(tmp)
        raise FileCryptoError(f"could not write {target}: {exc.strerror or exc}") from exc
    except BaseException:
        shred(tmp)  # a half-decrypted copy must not linger
        raise


def encrypt_file(source: Path, target: Path, key: MasterKey) -> None:
    _transform(Path(source), Path(target), key, encrypt=True)


def decrypt_file(source: Path, target: Path, key: MasterKey) -> None:
    _transform(Path(source), Path(target), key, encrypt=False)


def _convert_in_place(path: Path, key: MasterKey, *, encrypt: bool) -> bool:
    """Replace `path` by its encrypted (or decrypted) form. The original stays, renamed, until
    the new file is complete; a plain original is then overwritten. False: nothing to do."""
    path = Path(path)
    if is_encrypted_file(path) == encrypt:
        return False
    converted = path.with_name(f".{path.name}.converting")
    original = path.with_name(f".{path.name}.original")
    _transform(path, converted, key, encrypt=encrypt)
    os.replace(path, original)
    os.replace(converted, path)
    if encrypt:
        shred(original)
    else:
        original.unlink(missing_ok=True)
    return True


def encrypt_in_place(path: Path, key: MasterKey) -> bool:
    return _convert_in_place(path, key, encrypt=True)


def decrypt_in_place(path: Path, key: MasterKey) -> bool:
    return _convert_in_place(path, key, encrypt=False)


def reencrypt_in_place(path: Path, old: MasterKey, new: MasterKey) -> bool:
    """Change the key of an encrypted file (after a passphrase change); False if not encrypted."""
    path = Path(path)
    if not is_encrypted_file(path):
        return False
    with _private_dir() as folder:
        plain = folder / path.name
        decrypt_file(path, plain, old)
        encrypt_file(plain, path.with_name(f".{path.name}.converting"), new)
        shred(plain)
    os.replace(path.with_name(f".{path.name}.converting"), path)
    return True


@contextmanager
def _private_dir(root: Path | None = None) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="hearth-plain-", dir=root))  # mkdtemp: mode 0700
    os.chmod(folder, 0o700)
    try:
        yield folder
    finally:
        for leftover in folder.iterdir():
            shred(leftover)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def decrypted_copy(
    path: Path, key: MasterKey | None, *, root: Path | None = None
) -> Iterator[Path]:
    """A plain copy of an encrypted file, for a reader that needs a path (llama.cpp).

    Yields `path` itself when the file is not encrypted (so callers can always wrap their load).
    The copy lives in a new 0700 folder under `root` (default: the system's temporary folder)
    and is overwritten and removed when the block ends, even on error.
    """
    path = Path(path)
    if not is_encrypted_file(path):
        yield path
        return
    if key is None:
        raise FileCryptoError(f"{path.name} is encrypted: unlock Hearth with its passphrase first")
    with _private_dir(root) as folder:
        plain = folder / path.name
        decrypt_file(path, plain, key)
        os.chmod(plain, 0o600)
        yield plain


def adapter_opener(
    current_key: Callable[[], MasterKey | None],
) -> Callable[[str], AbstractContextManager[str]]:
    """What the engine uses to read an adapter: a plain path, decrypted for the load if needed.

    `current_key` is asked at each load, so enabling encryption while Hearth runs is seen.
    A file that cannot be decrypted comes out as an OSError naming the problem.
    """

    @contextmanager
    def open_adapter(path: str) -> Iterator[str]:
        try:
            with decrypted_copy(Path(path), current_key()) as readable:
                yield str(readable)
        except FileCryptoError as exc:
            raise OSError(str(exc)) from exc

    return open_adapter
