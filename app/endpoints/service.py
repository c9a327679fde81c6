"""What front ends do with endpoints: add, change, remove, list their models, and turn one into
the RemoteTarget the engine loads."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from pathlib import Path

from app.endpoints.config import (
    DEFAULT_TIMEOUT_S,
    ENV_PREFIX,
    KEYRING_REF,
    Endpoint,
    EndpointConfigError,
    check_env_name,
    check_name,
    check_timeout,
    normalize_base_url,
)
from app.endpoints.repository import EndpointRepository
from app.endpoints.secrets import EndpointSecrets
from app.engine import remote
from app.engine.types import RemoteTarget
from app.storage.database import Database


class EndpointNotFoundError(LookupError):
    def __init__(self, name: str, known: list[str]) -> None:
        listing = ", ".join(known) if known else "none yet (add one with `hearth endpoints add`)"
        super().__init__(f"No endpoint named “{name}”. Endpoints: {listing}.")


@dataclass(frozen=True)
class KeyChoice:
    """How the endpoint gets its API key: none, typed once into the keyring, or a variable."""

    api_key: str | None = None
    api_key_env: str | None = None
    keep_stored: bool = False  # editing: leave the key already in the keyring as it is

    def ref(self) -> str | None:
        if self.api_key and self.api_key_env:
            raise EndpointConfigError("Give the API key or an environment variable, not both.")
        if self.api_key_env:
            return ENV_PREFIX + check_env_name(self.api_key_env)
        if self.api_key or self.keep_stored:
            return KEYRING_REF
        return None


class EndpointService:
    def __init__(self, repository: EndpointRepository, secrets: EndpointSecrets) -> None:
        self.repository = repository
        self.secrets = secrets

    def list(self) -> builtins.list[Endpoint]:
        return self.repository.list()

    def get(self, name: str) -> Endpoint:
        found = self.repository.find(name)
        if found is None:
            raise EndpointNotFoundError(name, [e.name for e in self.repository.list()])
        return found

    def add(
        self,
        name: str,
        url: str,
        *,
        key: KeyChoice | None = None,
        verify_tls: bool = True,
        default_model: str | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> Endpoint:
        key = key or KeyChoice()
        name = check_name(name)
        base_url = normalize_base_url(url)
        ref = key.ref()
        # The key goes to the keyring first: a row that points at a key it never got is worse
        # than no row at all.
        if key.api_key:
            self.secrets.save(name, key.api_key)
        try:
            return self.repository.add(
                name=name,
                base_url=base_url,
                verify_tls=verify_tls,
                api_key_ref=ref,
                default_model=(default_model or "").strip() or None,
                timeout_s=check_timeout(timeout_s),
            )
        except Exception:
            if key.api_key:
                self.secrets.forget(name)
            raise

    def update(
        self,
        name: str,
        url: str,
        *,
        key: KeyChoice,
        verify_tls: bool,
        default_model: str | None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> Endpoint:
        current = self.get(name)
        ref = key.ref()
        if key.keep_stored and current.api_key_ref != KEYRING_REF:
            ref = current.api_key_ref
        base_url = normalize_base_url(url)
        timeout = check_timeout(timeout_s)
        if key.api_key:
            self.secrets.save(name, key.api_key)
        elif ref != KEYRING_REF:
            self.secrets.forget(name)
        return self.repository.update(
            current.id,
            base_url=base_url,
            verify_tls=verify_tls,
            api_key_ref=ref,
            default_model=(default_model or "").strip() or None,
            timeout_s=timeout,
        )

    def remove(self, name: str) -> None:
        endpoint = self.get(name)
        self.repository.remove(endpoint.id)
        self.secrets.forget(endpoint.name)

    def target(self, endpoint: Endpoint, model: str) -> RemoteTarget:
        """What the engine loads. Raises SecretStoreError when the key cannot be found."""
        return RemoteTarget(
            endpoint=endpoint.name,
            base_url=endpoint.base_url,
            model=model,
            verify_tls=endpoint.verify_tls,
            api_key=self.secrets.api_key(endpoint),
            timeout_s=endpoint.timeout_s,
        )

    def list_models(self, endpoint: Endpoint) -> builtins.list[str]:
        """Ask the server (network). Raises RemoteEngineError with a clear message."""
        return remote.list_models(self.target(endpoint, model=""))

    def choose_model(self, endpoint: Endpoint, model: str | None) -> str:
        """The model to use: the one asked for, else the endpoint's default, else the first the
        server lists."""
        if model:
            return model
        if endpoint.default_model:
            return endpoint.default_model
        offered = self.list_models(endpoint)
        if not offered:
            raise EndpointConfigError(f"The endpoint “{endpoint.name}” offers no models.")
        return offered[0]


def open_endpoint_service(database: Database, data_dir: Path) -> EndpointService:
    """The service on this profile's database and keyring entries (what Core should hold)."""
    return EndpointService(EndpointRepository(database), EndpointSecrets(data_dir))
