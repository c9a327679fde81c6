"""Talk to a Hugging Face hub (or a mirror at HF_ENDPOINT) through huggingface_hub's own client.

Two operations: `fetch_metadata` (HEAD on /{repo}/resolve/{revision}/{file}: size, ETag, the LFS
sha256 in X-Linked-Etag, the commit in X-Repo-Commit, the CDN location) and `stream_to_file`
(GET with `Range: bytes=N-` that appends to a partial file). `stream_to_file` also fetches the
training component from the address the user gives (`app.library.component_download`).

Why not `hf_hub_download`: in huggingface_hub 2.x it downloads into a temporary file with a
random per-process name and deletes it on any failure (huggingface_hub PR #4228), so nothing
survives a pause, a crash or a restart; and `http_get` reads in fixed 10 MiB chunks, which makes
pause and progress coarse on a slow line. The helpers used here are still the hub's: its
session (offline mode, proxies, user agent, token), its URL builder and its error types.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from urllib.parse import urlparse

import httpx2
from huggingface_hub import constants, get_hf_file_metadata, hf_hub_url, hf_raise_for_status
from huggingface_hub.errors import (
    GatedRepoError,
    HfHubHTTPError,
    OfflineModeIsEnabled,
    RemoteEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)

# Public as huggingface_hub.utils.build_hf_headers / .http_stream_backoff; imported from their
# modules because the package re-exports them lazily, which mypy cannot see.
from huggingface_hub.utils._headers import build_hf_headers
from huggingface_hub.utils._http import http_stream_backoff

from app import __version__
from app.library.download_control import DownloadControl, DownloadError

OFFLINE_MESSAGE: Final = (
    "offline mode is on (HF_HUB_OFFLINE is set), so Hearth will not download models; unset "
    "HF_HUB_OFFLINE to download, or import a GGUF file you already have"
)
_TRUE_VALUES: Final = {"1", "ON", "YES", "TRUE"}

Progress = Callable[[int, int], None]
LengthCheck = Callable[[int | None], None]  # the body's Content-Length, before any byte is kept


def offline_mode() -> bool:
    """huggingface_hub reads HF_HUB_OFFLINE once, at import; read it again, it may have changed."""
    value = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or ""
    return constants.is_offline_mode() or value.strip().upper() in _TRUE_VALUES


def hub_endpoint(explicit: str | None = None) -> str:
    """`explicit`, else HF_ENDPOINT as it is now, else the hub huggingface_hub knows."""
    chosen = explicit or os.environ.get("HF_ENDPOINT") or constants.ENDPOINT
    return chosen.rstrip("/")


@dataclass(frozen=True)
class HubFile:
    """What the hub says about one file at one revision."""

    url: str  # where to GET it (the CDN location when the hub redirects)
    etag: str  # the LFS sha256 for large files, else a git blob id
    commit: str | None
    size: int | None


class HubClient:
    """The two requests a model download needs, with errors turned into plain sentences."""

    def __init__(
        self,
        *,
        endpoint: str | None = None,
        token: str | bool | None = None,
        timeout_s: float | None = None,
    ) -> None:
        self.endpoint = hub_endpoint(endpoint)
        self._token = token
        self._timeout_s = timeout_s if timeout_s is not None else constants.HF_HUB_DOWNLOAD_TIMEOUT

    def _headers(self) -> dict[str, str]:
        headers = build_hf_headers(
            token=self._token, library_name="hearth", library_version=__version__
        )
        headers["Accept-Encoding"] = "identity"  # sizes and ranges must count file bytes
        return headers

    def fetch_metadata(self, repo: str, file: str, revision: str) -> HubFile:
        if offline_mode():
            raise DownloadError(OFFLINE_MESSAGE)
        url = hf_hub_url(repo, file, revision=revision, endpoint=self.endpoint)
        where = f"{repo}/{file} at {revision}"
        try:
            meta = get_hf_file_metadata(
                url, timeout=self._timeout_s, headers=self._headers(), endpoint=self.endpoint
            )
        except OfflineModeIsEnabled:
            raise DownloadError(OFFLINE_MESSAGE) from None
        except GatedRepoError:
            raise DownloadError(
                f"{repo} is gated on {self.endpoint}: accept its licence on the hub's web page "
                "and log in (`hf auth login`) first"
            ) from None
        except RepositoryNotFoundError:
            raise DownloadError(
                f"the repository {repo} was not found on {self.endpoint} (or it is private)"
            ) from None
        except RevisionNotFoundError:
            raise DownloadError(f"{repo} has no revision {revision!r} on {self.endpoint}") from None
        except RemoteEntryNotFoundError:
            raise DownloadError(f"{file} was not found in {repo} at {revision}") from None
        except HfHubHTTPError as exc:
            raise DownloadError(f"{self.endpoint} refused {where}: {_http_reason(exc)}") from exc
        except httpx2.HTTPError as exc:
            raise DownloadError(
                f"cannot reach {self.endpoint} to download {file}: {transport_reason(exc)}. "
                "Check the network connection (and HF_ENDPOINT if you use a mirror)"
            ) from exc
        if not meta.etag:
            raise DownloadError(
                f"{self.endpoint} sent no ETag for {where}: it does not look like a Hugging Face "
                "hub (check HF_ENDPOINT)"
            )
        return HubFile(url=meta.location, etag=meta.etag, commit=meta.commit_hash, size=meta.size)

    def stream_to_file(
        self,
        hub: HubFile,
        part: Path,
        *,
        offset: int,
        progress: Progress,
        control: DownloadControl,
        check_length: LengthCheck | None = None,
    ) -> None:
        """GET the file from byte `offset` and write it into `part` from that position.

        `check_length` sees the answer's Content-Length (None when not sent) before anything is
        written, and may raise to refuse it (a size the disk cannot hold).

        Raises `httpx2.TransportError` (connection lost: the bytes written so far are on disk),
        `DownloadError` for an HTTP refusal, and `DownloadPaused`/`DownloadCancelled` between
        reads when `control` asks for it.
        """
        if offline_mode():
            raise DownloadError(OFFLINE_MESSAGE)
        headers = self._headers()
        if not _same_host(hub.url, self.endpoint):
            headers.pop("authorization", None)  # a signed CDN URL: the token stays on the hub
        if offset:
            headers["Range"] = f"bytes={offset}-"
        try:
            with http_stream_backoff(
                "GET", hub.url, headers=headers, timeout=self._timeout_s, max_retries=0
            ) as response:
                hf_raise_for_status(response)
                if offset and response.status_code != 206:
                    offset = 0  # the server ignored the Range header: start again from byte 0
                elif offset:
                    _check_content_range(response, offset, hub.url)
                length = content_length(response)
                if check_length is not None:
                    check_length(length)
                total = hub.size or (offset + length if length is not None else 0)
                with part.open("r+b" if part.exists() else "wb") as out:
                    out.seek(offset)
                    out.truncate()
                    progress(offset, total)
                    for chunk in response.iter_bytes():
                        control.check(bytes_kept=offset)
                        out.write(chunk)
                        offset += len(chunk)
                        progress(offset, max(total, offset))
        except OfflineModeIsEnabled:
            raise DownloadError(OFFLINE_MESSAGE) from None
        except HfHubHTTPError as exc:
            raise DownloadError(f"{urlparse(hub.url).netloc} answered {_http_reason(exc)}") from exc


def _check_content_range(response: httpx2.Response, offset: int, url: str) -> None:
    content_range = response.headers.get("Content-Range", "")
    if not content_range.startswith(f"bytes {offset}-"):
        raise DownloadError(
            f"{urlparse(url).netloc} answered a request for bytes {offset}- with "
            f"{content_range or 'no Content-Range'}; cannot resume safely"
        )


def content_length(response: httpx2.Response) -> int | None:
    value = response.headers.get("Content-Length", "")
    return int(value) if value.isdigit() else None


def _same_host(url: str, endpoint: str) -> bool:
    return urlparse(url).netloc == urlparse(endpoint).netloc


def _http_reason(exc: HfHubHTTPError) -> str:
    """ "HTTP 503 Service Unavailable": the status, without the (long, signed) URL."""
    response = exc.response
    if response is None:
        return type(exc).__name__
    return f"HTTP {response.status_code} {response.reason_phrase}".strip()


def transport_reason(exc: BaseException) -> str:
    """A short reason for a lost or refused connection."""
    if isinstance(exc, httpx2.TimeoutException):
        return "the server stopped answering (timed out)"
    if isinstance(exc, httpx2.RemoteProtocolError):
        return "the connection was closed before the file was complete"
    if isinstance(exc, httpx2.ConnectError):
        return f"could not connect ({exc})"
    return str(exc) or type(exc).__name__
