"""data_dir/encryption.json: how the passphrase becomes the key (salt, scrypt cost, a verifier).

It never holds a key. Losing it loses the data: the salt cannot be recreated, so it is written
atomically and travels with every export.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from app.atomic_write import write_text_atomically
from app.security.keys import SALT_BYTES, MasterKey, ScryptParams, derive_master_key
from app.storage.cipher import WrongPassphraseError

CONFIG_NAME: Final = "encryption.json"
FORMAT: Final = "hearth-encryption"
FORMAT_VERSION: Final = 1


class EncryptionConfigError(Exception):
    """encryption.json is missing or unreadable; `str(error)` names the file and the problem."""


@dataclass(frozen=True)
class EncryptionConfig:
    salt: bytes
    params: ScryptParams
    verifier: bytes
    created_at: str

    @classmethod
    def create(cls, passphrase: str, params: ScryptParams) -> tuple[EncryptionConfig, MasterKey]:
        salt = secrets.token_bytes(SALT_BYTES)
        key = derive_master_key(passphrase, salt, params)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        return cls(salt=salt, params=params, verifier=key.verifier, created_at=stamp), key

    def unlock(self, passphrase: str, path: Path | None = None) -> MasterKey:
        """The master key, or WrongPassphraseError (checked against the verifier)."""
        key = derive_master_key(passphrase, self.salt, self.params)
        if not key.matches(self.verifier):
            raise WrongPassphraseError(path)
        return key

    def to_json(self) -> str:
        payload: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "kdf": {
                "name": "scrypt",
                "salt": self.salt.hex(),
                "n": self.params.n,
                "r": self.params.r,
                "p": self.params.p,
            },
            "verifier": self.verifier.hex(),
            "database_cipher": "sqlcipher4",
            "files_cipher": "aes-256-gcm-chunked-v1",
            "created_at": self.created_at,
        }
        return json.dumps(payload, indent=2)

    @classmethod
    def from_json(cls, text: str, source: Path) -> EncryptionConfig:
        try:
            raw = json.loads(text)
            if raw.get("format") != FORMAT or raw.get("format_version") != FORMAT_VERSION:
                raise EncryptionConfigError(
                    f"{source} is not an encryption settings file this Hearth understands"
                )
            kdf = raw["kdf"]
            if kdf.get("name") != "scrypt":
                raise EncryptionConfigError(f"{source} names an unknown key derivation")
            params = ScryptParams(int(kdf["n"]), int(kdf["r"]), int(kdf["p"])).validated()
            return cls(
                salt=bytes.fromhex(kdf["salt"]),
                params=params,
                verifier=bytes.fromhex(raw["verifier"]),
                created_at=str(raw.get("created_at", "")),
            )
        except EncryptionConfigError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise EncryptionConfigError(f"{source} is damaged ({exc})") from exc


def config_path(data_dir: Path) -> Path:
    return data_dir / CONFIG_NAME


def load_config(data_dir: Path) -> EncryptionConfig:
    path = config_path(data_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EncryptionConfigError(
            f"{path} is missing: without it the encrypted data cannot be unlocked. Restore it "
            "from a backup or an export of this profile."
        ) from None
    except OSError as exc:
        raise EncryptionConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return EncryptionConfig.from_json(text, path)


def save_config(data_dir: Path, config: EncryptionConfig) -> Path:
    path = config_path(data_dir)
    write_text_atomically(path, config.to_json())
    return path
