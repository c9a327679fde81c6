"""AES-GCM encryption of the files Hearth keeps, and the short-lived plain copy for llama.cpp."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.security.file_crypto import (
    CHUNK,
    HEADER_BYTES,
    FileCryptoError,
    decrypt_file,
    decrypted_copy,
    encrypt_file,
    encrypt_in_place,
    is_encrypted_file,
)
from app.security.keys import MasterKey

KEY = MasterKey(bytes(range(32)))
OTHER = MasterKey(bytes(32))


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17])
def test_encrypt_then_decrypt_gives_back_every_byte(tmp_path: Path, size: int) -> None:
    plain = tmp_path / "plain.bin"
    plain.write_bytes(os.urandom(size))
    sealed = tmp_path / "sealed.bin"
    encrypt_file(plain, sealed, KEY)
    assert is_encrypted_file(sealed)
    back = tmp_path / "back.bin"
    decrypt_file(sealed, back, KEY)
    assert back.read_bytes() == plain.read_bytes()


def test_the_encrypted_file_holds_no_plaintext(tmp_path: Path) -> None:
    plain = tmp_path / "a.gguf"
    plain.write_bytes(b"GGUF" + b"secret adapter XYZZY-4711 " * 50_000)
    assert encrypt_in_place(plain, KEY)
    data = plain.read_bytes()
    assert b"XYZZY-4711" not in data and b"GGUF" not in data
    assert not encrypt_in_place(plain, KEY)  # already encrypted: nothing to do
    assert [p.name for p in tmp_path.iterdir()] == ["a.gguf"]  # no plain leftovers


def _sealed(tmp_path: Path, size: int = 2 * CHUNK + 5) -> Path:
    plain = tmp_path / "p.bin"
    plain.write_bytes(os.urandom(size))
    sealed = tmp_path / "s.bin"
    encrypt_file(plain, sealed, KEY)
    return sealed


def test_a_flipped_byte_is_detected_and_no_plain_output_is_left(tmp_path: Path) -> None:
    sealed = _sealed(tmp_path)
    data = bytearray(sealed.read_bytes())
    data[HEADER_BYTES + CHUNK + 100] ^= 1
    sealed.write_bytes(bytes(data))
    out = tmp_path / "out.bin"
    with pytest.raises(FileCryptoError, match="damaged or was altered"):
        decrypt_file(sealed, out, KEY)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.bin", "s.bin"]


def test_a_truncated_file_is_detected(tmp_path: Path) -> None:
    sealed = _sealed(tmp_path)
    data = sealed.read_bytes()
    sealed.write_bytes(data[: HEADER_BYTES + CHUNK + 16])  # drop the last chunks cleanly
    with pytest.raises(FileCryptoError, match="damaged or was altered"):
        decrypt_file(sealed, tmp_path / "out.bin", KEY)


def test_another_key_is_named_as_another_passphrase(tmp_path: Path) -> None:
    sealed = _sealed(tmp_path, size=10)
    with pytest.raises(FileCryptoError, match="another passphrase"):
        decrypt_file(sealed, tmp_path / "out.bin", OTHER)


def test_a_plain_file_is_not_taken_for_an_encrypted_one(tmp_path: Path) -> None:
    plain = tmp_path / "p.bin"
    plain.write_bytes(b"GGUF plain")
    with pytest.raises(FileCryptoError, match="not an encrypted Hearth file"):
        decrypt_file(plain, tmp_path / "out.bin", KEY)


def test_decrypted_copy_is_private_and_removed_afterwards(tmp_path: Path) -> None:
    sealed = _sealed(tmp_path, size=1000)
    plain = (tmp_path / "p.bin").read_bytes()
    with decrypted_copy(sealed, KEY, root=tmp_path) as copy:
        assert copy.read_bytes() == plain
        assert copy.name == sealed.name
        assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        folder = copy.parent
    assert not copy.exists() and not folder.exists()


def test_decrypted_copy_is_removed_when_the_reader_fails(tmp_path: Path) -> None:
    sealed = _sealed(tmp_path, size=1000)
    with pytest.raises(RuntimeError), decrypted_copy(sealed, KEY, root=tmp_path) as copy:
        raise RuntimeError("llama.cpp refused it")
    assert not copy.parent.exists()


def test_decrypted_copy_of_a_plain_file_is_the_file_itself(tmp_path: Path) -> None:
    plain = tmp_path / "p.gguf"
    plain.write_bytes(b"GGUF")
    with decrypted_copy(plain, None) as same:
        assert same == plain
    assert plain.exists()


def test_decrypted_copy_without_a_key_says_to_unlock(tmp_path: Path) -> None:
    sealed = _sealed(tmp_path, size=10)
    with pytest.raises(FileCryptoError, match="unlock Hearth"), decrypted_copy(sealed, None):
        pass
