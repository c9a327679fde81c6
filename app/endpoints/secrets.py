"""Endpoint API keys: in the OS keyring, or read from an environment variable at use.

The database only says where a key is; the key itself never reaches a file Hearth writes.
Each profile (data folder) has its own keyring entries, like the database key.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Final

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import fail

from app.endpoints.config import KEYRING_REF, Endpoint

SERVICE: Final = "Hearth"
log = logging.getLogger(__name__)


class SecretStoreError(Exception):
    """The key could not be kept or read; the message says why in words for the user."""


class EndpointSecrets:
    def __init__(self, data_dir: Path, backend: KeyringBackend | None = None) -> None:
        self._prefix = f"endpoint-api-key:{Path(data_dir).expanduser().resolve()}:"
        self._backend = backend

    def _keyring(self) -> KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def unavailable_reason(self) -> str | None:
        backend = self._keyring()
        if isinstance(backend, fail.Keyring) or backend.priority <= 0:
            return (
                "No password keyring is available on this computer, so an API key cannot be "
                "stored. Give the key in an environment variable instead (--api-key-env)."
            )
        return None

    def save(self, endpoint_name: str, api_key: str) -> None:
        reason = self.unavailable_reason()
        if reason is not None:
            raise SecretStoreError(reason)
        try:
            self._keyring().set_password(SERVICE, self._prefix + endpoint_name, api_key)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(f"The keyring refused to store the API key: {exc}") from exc

    def forget(self, endpoint_name: str) -> None:
        if self.unavailable_reason() is not None:
            return
        try:
            if self._keyring().get_password(SERVICE, self._prefix + endpoint_name) is not None:
                self._keyring().delete_password(SERVICE, self._prefix + endpoint_name)
        except keyring.errors.KeyringError:
            log.warning("could not delete an endpoint's keyring entry", exc_info=True)

    def api_key(self, endpoint: Endpoint) -> str | None:
        """The key to send, or None when the endpoint has none. Raises SecretStoreError when
        the endpoint has one but it cannot be found (missing variable, keyring gone)."""
        ref = endpoint.api_key_ref
        if ref is None:
            return None
        variable = endpoint.api_key_env
        if variable is not None:
            value = os.environ.get(variable)
            if not value:
                raise SecretStoreError(
                    f"The endpoint “{endpoint.name}” takes its API key from the environment "
                    f"variable {variable}, which is not set."
                )
            return value
        if ref != KEYRING_REF:
            raise SecretStoreError(f"The endpoint “{endpoint.name}” has an unknown key source.")
        reason = self.unavailable_reason()
        if reason is not None:
            raise SecretStoreError(reason)
        try:
            value = self._keyring().get_password(SERVICE, self._prefix + endpoint.name)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(f"Could not read the API key from the keyring: {exc}") from exc
        if not value:
            raise SecretStoreError(
                f"The API key of the endpoint “{endpoint.name}” is not in the keyring any more; "
                "enter it again in the endpoint's settings."
            )
        return value
