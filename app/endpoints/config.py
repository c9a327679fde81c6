"""An endpoint's settings, and the checks that keep bad names and URLs out of the database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from urllib.parse import urlsplit, urlunsplit

KEYRING_REF: Final = "keyring"
ENV_PREFIX: Final = "env:"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
DEFAULT_TIMEOUT_S: Final = 60.0


class EndpointConfigError(ValueError):
    """A name, URL or key reference that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Endpoint:
    id: int
    name: str
    base_url: str  # normalised: scheme://host[:port]/path ending in /v1 (or the user's path)
    verify_tls: bool
    # Where the API key lives, never the key: "keyring", "env:VARIABLE", or None (no key).
    api_key_ref: str | None
    default_model: str | None
    timeout_s: float
    created_at: datetime

    @property
    def is_loopback(self) -> bool:
        host = urlsplit(self.base_url).hostname or ""
        return host in ("127.0.0.1", "::1", "localhost")

    @property
    def api_key_env(self) -> str | None:
        ref = self.api_key_ref or ""
        return ref[len(ENV_PREFIX) :] if ref.startswith(ENV_PREFIX) else None


def check_name(name: str) -> str:
    name = name.strip()
    if not _NAME.match(name):
        raise EndpointConfigError(
            f"“{name}” is not a usable endpoint name: use 1-64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit."
        )
    return name


def check_env_name(variable: str) -> str:
    if not _ENV_NAME.match(variable):
        raise EndpointConfigError(f"“{variable}” is not an environment variable name.")
    return variable


def normalize_base_url(url: str) -> str:
    """`http(s)://host[:port][/path]` with /v1 added when there is no path.

    "http://10.0.0.5:8080" -> "http://10.0.0.5:8080/v1"; "https://gpu.lan/v1/" -> ".../v1".
    """
    raw = url.strip()
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https"):
        raise EndpointConfigError(
            f"“{raw}” is not an http:// or https:// URL (e.g. http://192.168.1.20:8080/v1)."
        )
    if not parts.hostname:
        raise EndpointConfigError(f"“{raw}” has no host name.")
    try:
        parts.port  # noqa: B018  # raises ValueError for a port out of range
    except ValueError:
        raise EndpointConfigError(f"“{raw}” has an invalid port.") from None
    if parts.username or parts.password:
        raise EndpointConfigError(
            "Put the API key in the key field, not in the URL: a URL is stored as plain text."
        )
    if parts.query or parts.fragment:
        raise EndpointConfigError(f"“{raw}” should not have a query (?...) or fragment (#...).")
    path = parts.path.rstrip("/") or "/v1"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def check_timeout(timeout_s: float) -> float:
    if not 1 <= timeout_s <= 3600:
        raise EndpointConfigError("The timeout must be between 1 and 3600 seconds.")
    return float(timeout_s)
