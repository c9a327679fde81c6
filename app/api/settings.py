"""The local API server's settings: off by default. Kept in their own small file beside the
app's settings, readable by the user only (the token is in it)."""

from __future__ import annotations

import json
import logging
import os
import secrets
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Final

from app.api.runner import DEFAULT_PORT
from app.atomic_write import write_text_atomically

FILE_NAME: Final = "local_api.json"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ApiServerSettings:
    enabled: bool = False
    port: int = DEFAULT_PORT
    token: str | None = None  # None: no authentication (loopback only either way)
    embedding_model: str | None = None  # a GGUF path for /v1/embeddings
    # Host header names accepted besides 127.0.0.1/localhost (a name in the hosts file, a
    # reverse proxy's), and web origins allowed to call the API (CORS); none by default.
    allowed_hosts: tuple[str, ...] = ()
    cors_origins: tuple[str, ...] = ()

    def validated(self) -> ApiServerSettings:
        port = self.port if isinstance(self.port, int) and 1024 <= self.port <= 65535 else None
        token = self.token.strip() if isinstance(self.token, str) and self.token.strip() else None
        model = self.embedding_model if isinstance(self.embedding_model, str) else None
        return replace(
            self,
            enabled=bool(self.enabled),
            port=port or DEFAULT_PORT,
            token=token,
            embedding_model=model or None,
            allowed_hosts=_names(self.allowed_hosts),
            cors_origins=_names(self.cors_origins),
        )


def _names(values: object) -> tuple[str, ...]:
    """A list of non-empty strings, from JSON that may hold anything."""
    if not isinstance(values, (list, tuple)):
        return ()
    return tuple(v.strip() for v in values if isinstance(v, str) and v.strip())


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ApiSettingsStore:
    def __init__(self, config_dir: Path) -> None:
        self.path = Path(config_dir) / FILE_NAME

    def load(self) -> ApiServerSettings:
        """The saved settings; defaults (off) when the file is missing or unreadable."""
        try:
            raw: Any = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return ApiServerSettings()
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable %s: %s", self.path, exc)
            return ApiServerSettings()
        if not isinstance(raw, dict):
            return ApiServerSettings()
        known = {k: v for k, v in raw.items() if k in ApiServerSettings.__dataclass_fields__}
        try:
            return ApiServerSettings(**known).validated()
        except TypeError:
            return ApiServerSettings()

    def save(self, settings: ApiServerSettings) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(self.path, json.dumps(asdict(settings.validated()), indent=2))
        os.chmod(self.path, 0o600)
