"""From a passphrase to keys: scrypt once, then HKDF for each purpose.

The passphrase gives a 32-byte master key (scrypt, salt and cost stored in encryption.json). Each
use gets its own key derived from the master key with HKDF, so the database key, the file key and
the verifier stored on disk reveal nothing about each other.
"""

from __future__ import annotations

import hmac
import unicodedata
from dataclasses import dataclass, field
from typing import Final

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

KEY_BYTES: Final = 32
SALT_BYTES: Final = 16
MIN_PASSPHRASE_CHARS: Final = 8


@dataclass(frozen=True)
class ScryptParams:
    """scrypt's cost. The default needs 128 MiB and 0.5-2 s (1.7 s on a 2-core test VM): slow
    enough to make guessing expensive, bearable once per unlock."""

    n: int = 2**17
    r: int = 8
    p: int = 1

    def validated(self) -> ScryptParams:
        if self.n < 2 or self.n & (self.n - 1) or not 1 <= self.r <= 64 or not 1 <= self.p <= 16:
            raise ValueError(f"unusable scrypt parameters n={self.n}, r={self.r}, p={self.p}")
        return self


@dataclass(frozen=True)
class MasterKey:
    """The key a passphrase unlocks. Never written to disk (only to the OS keyring, on request)."""

    material: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.material) != KEY_BYTES:
            raise ValueError(f"a master key is {KEY_BYTES} bytes")

    def _derive(self, purpose: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose).derive(
            self.material
        )

    @property
    def database_key(self) -> bytes:
        """The raw SQLCipher key."""
        return self._derive(b"hearth/database/v1")

    @property
    def files_key(self) -> bytes:
        """The AES-256-GCM key of the files Hearth keeps (adapter copies)."""
        return self._derive(b"hearth/files/v1")

    @property
    def verifier(self) -> bytes:
        """Stored in encryption.json to tell a wrong passphrase before any file is touched."""
        return self._derive(b"hearth/verifier/v1")

    @property
    def key_id(self) -> bytes:
        """8 bytes naming this key in encrypted file headers (to say "another passphrase")."""
        return self._derive(b"hearth/key-id/v1")[:8]

    def matches(self, verifier: bytes) -> bool:
        return hmac.compare_digest(self.verifier, verifier)


def normalized(passphrase: str) -> bytes:
    """The bytes a passphrase stands for: NFC, so the same text typed on any OS gives one key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive_master_key(passphrase: str, salt: bytes, params: ScryptParams) -> MasterKey:
    params = params.validated()
    kdf = Scrypt(salt=salt, length=KEY_BYTES, n=params.n, r=params.r, p=params.p)
    return MasterKey(kdf.derive(normalized(passphrase)))


def passphrase_problem(passphrase: str) -> str | None:
    """Why a new passphrase is refused, or None."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        return f"The passphrase must have at least {MIN_PASSPHRASE_CHARS} characters."
    if passphrase.strip() != passphrase:
        return "The passphrase must not begin or end with a space (they are easy to mistype)."
    return None
