"""Ed25519 signatures for assistant packs: key files, fingerprints, sign and verify.

The author signs the exact bytes of the pack's manifest, which lists the sha256 of every other
member, so one signature covers the whole pack. A key file is either a PEM private key (what
`hearth assistants keygen` writes) or the raw 32-byte seed.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

ALGORITHM: Final = "ed25519"
SEED_BYTES: Final = 32
MAX_KEY_FILE_BYTES: Final = 16 * 1024


class SigningError(Exception):
    """A key file cannot be used, or a signature block is malformed; the message says why."""


def fingerprint(public_key: bytes) -> str:
    """A short, readable name for a public key: the first 16 bytes of its sha256, in hex pairs
    of four (like "3f2a:9c01:…"). Compare it with the one the author published."""
    digest = hashlib.sha256(public_key).hexdigest()[:32]
    return ":".join(digest[i : i + 4] for i in range(0, 32, 4))


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def load_private_key(path: Path) -> Ed25519PrivateKey:
    path = Path(path).expanduser()
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_KEY_FILE_BYTES + 1)
    except FileNotFoundError:
        raise SigningError(f"key file not found: {path}") from None
    except OSError as exc:
        raise SigningError(f"cannot read the key file {path}: {exc.strerror or exc}") from exc
    if len(data) == SEED_BYTES:
        return Ed25519PrivateKey.from_private_bytes(data)
    if len(data) > MAX_KEY_FILE_BYTES or b"-----BEGIN" not in data:
        raise SigningError(
            f"{path.name} is not an Ed25519 key file (a PEM private key, or a raw 32-byte seed)"
        )
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise SigningError(
            f"{path.name} is protected by a password; Hearth needs it unprotected"
        ) from None
    except ValueError as exc:
        raise SigningError(f"{path.name} is not a readable PEM private key ({exc})") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningError(f"{path.name} holds a {type(key).__name__}, not an Ed25519 key")
    return key


@dataclass(frozen=True)
class KeyPair:
    private_key_file: Path
    public_key_file: Path
    fingerprint: str


def generate_key_file(path: Path) -> KeyPair:
    """Write a new private key (PEM, readable only by the user) and its public key beside it
    (`<path>.pub`). An existing file is never overwritten."""
    path = Path(path).expanduser()
    public_path = path.with_name(path.name + ".pub")
    for existing in (path, public_path):
        if existing.exists():
            raise SigningError(f"{existing} already exists; choose another file name")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(private_pem)
        public_path.write_bytes(public_pem)
    except OSError as exc:
        raise SigningError(f"could not write {path}: {exc.strerror or exc}") from exc
    return KeyPair(path, public_path, fingerprint(_raw_public(key.public_key())))


def throwaway_key() -> Ed25519PrivateKey:
    """A key that signs only to measure: its signature block is as big as any other's."""
    return Ed25519PrivateKey.generate()


def sign(manifest: bytes, key: Ed25519PrivateKey) -> dict[str, str]:
    """The pack's signature block (signature.json)."""
    return {
        "algorithm": ALGORITHM,
        "public_key": base64.b64encode(_raw_public(key.public_key())).decode("ascii"),
        "signature": base64.b64encode(key.sign(manifest)).decode("ascii"),
    }


@dataclass(frozen=True)
class SignatureCheck:
    fingerprint: str  # of the key the block names (the claimed signer)
    valid: bool  # the signature over the manifest verifies with that key


def verify(manifest: bytes, block: object) -> SignatureCheck:
    """Check `block` (signature.json) against the manifest bytes.

    SigningError when the block is not a signature block at all (a damaged pack)."""
    if not isinstance(block, dict) or block.get("algorithm") != ALGORITHM:
        raise SigningError("the signature block is not an Ed25519 signature")
    try:
        public = base64.b64decode(str(block.get("public_key")), validate=True)
        signature = base64.b64decode(str(block.get("signature")), validate=True)
    except ValueError as exc:
        raise SigningError(f"the signature block is damaged ({exc})") from exc
    if len(public) != 32 or len(signature) != 64:
        raise SigningError("the signature block holds a key or signature of the wrong length")
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, manifest)
    except InvalidSignature:
        return SignatureCheck(fingerprint(public), valid=False)
    return SignatureCheck(fingerprint(public), valid=True)


def public_fingerprint_of(key: Ed25519PrivateKey) -> str:
    return fingerprint(_raw_public(key.public_key()))
