"""Keeping the master key in the OS keyring ("remember on this computer"), when there is one.

The keyring is optional: on a system without a usable backend (a headless Linux box, say) Hearth
says so plainly and asks for the passphrase instead. Each profile (data folder) has its own entry,
so a HEARTH_HOME profile never reads the real one's key.
"""

from __future__ import annotations

import base64
import binascii
import logging
from pathlib import Path
from typing import Final

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import fail

from app.security.keys import KEY_BYTES, MasterKey

SERVICE: Final = "Hearth"
log = logging.getLogger(__name__)


class KeyringUnavailableError(Exception):
    """No usable OS keyring; `str(error)` says so in words for the user."""


def _username(data_dir: Path) -> str:
    return f"database-key:{Path(data_dir).expanduser().resolve()}"


class KeyStore:
    """The keyring entry of one profile. `backend` None means the OS's default keyring."""

    def __init__(self, data_dir: Path, backend: KeyringBackend | None = None) -> None:
        self._username = _username(data_dir)
        self._backend = backend

    def _keyring(self) -> KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def unavailable_reason(self) -> str | None:
        """None when a keyring can be used, else why not (one sentence)."""
        backend = self._keyring()
        if isinstance(backend, fail.Keyring) or backend.priority <= 0:
            return (
                "No password keyring is available on this computer (no Secret Service, "
                "Keychain or Credential Manager was found), so the passphrase cannot be "
                "remembered and will be asked for each time."
            )
        return None

    def save(self, key: MasterKey) -> None:
        reason = self.unavailable_reason()
        if reason is not None:
            raise KeyringUnavailableError(reason)
        encoded = base64.b64encode(key.material).decode("ascii")
        try:
            self._keyring().set_password(SERVICE, self._username, encoded)
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailableError(
                f"The keyring refused to store the key ({exc}); the passphrase will be asked "
                "for each time."
            ) from exc

    def load(self) -> MasterKey | None:
        """The remembered key, or None (nothing stored, no keyring, or an unreadable entry)."""
        if self.unavailable_reason() is not None:
            return None
        try:
            encoded = self._keyring().get_password(SERVICE, self._username)
        except keyring.errors.KeyringError:
            log.warning("could not read the keyring", exc_info=True)
            return None
        if not encoded:
            return None
        try:
            material = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            return None
        return MasterKey(material) if len(material) == KEY_BYTES else None

    def forget(self) -> bool:
        """Delete the entry; True when one was deleted."""
        if self.unavailable_reason() is not None:
            return False
        try:
            if self._keyring().get_password(SERVICE, self._username) is None:
                return False
            self._keyring().delete_password(SERVICE, self._username)
        except keyring.errors.KeyringError:
            log.warning("could not delete the keyring entry", exc_info=True)
            return False
        return True
