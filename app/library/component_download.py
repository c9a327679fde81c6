"""Download a component archive the user asked for, then install it with the checked installer.

Qt-free and blocking: the Studio runs `download_component` in a Task, the CLI in its own thread.
Nothing here opens a connection on its own: it runs only when the user starts a download (the
URL comes from them, or from the `training_component_url` setting they can fill in).

The hash comes first: `<url>.sha256`, published beside every archive by the release build, or
the one the user gives. Then the archive is streamed, through the same HTTP code as model
downloads (`HubClient.stream_to_file`: the hub library's session, proxies and error types), into
`<data>/components/.downloads/<random>/`, and `app.components.install` checks its sha256 and
manifest before anything is unpacked. That folder is removed whatever happens (installed,
refused, failed, cancelled, Ctrl+C), so a download leaves either an installed component or
nothing. There is no resume: an archive is a few hundred MB, fetched once per Hearth version.
"""

from __future__ import annotations

import contextlib
import shutil
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from urllib.parse import unquote, urlparse

import httpx2

from app.components.install import (
    DISK_MARGIN_BYTES,
    InstallCancelled,
    InstallOptions,
    Progress,
    expected_sha256,
    install_component,
)
from app.components.manifest import ComponentError
from app.components.store import InstalledComponent, components_root
from app.library.download_control import DownloadCancelled, DownloadControl, DownloadError
from app.library.hub_transfer import (
    HubClient,
    HubFile,
    LengthCheck,
    offline_mode,
    transport_reason,
)
from app.library.hub_transfer import Progress as ByteProgress

DOWNLOADS_DIR_NAME: Final = ".downloads"
SIDECAR_MAX_BYTES: Final = 4096  # "<64 hex>  <name>\n"; anything bigger is not a sidecar
LOOPBACK_HOSTS: Final = frozenset({"127.0.0.1", "localhost", "::1"})
DEFAULT_ARCHIVE_NAME: Final = "hearth-component.zip"


@dataclass(frozen=True)
class DownloadOptions:
    sha256: str | None = None  # None: fetch `<url>.sha256`
    progress: Progress | None = None  # ("downloading", done, total), then the install's stages
    cancel: threading.Event | None = None


def check_url(url: str) -> str:
    """The URL, stripped, when Hearth may fetch it: https anywhere, plain http only on this
    machine (a test server, a local mirror), since the hash it came with must not be alterable
    on the way."""
    url = url.strip()
    parsed = urlparse(url)
    if not url:
        raise ComponentError("no download address: paste the training component's URL")
    if parsed.scheme not in ("https", "http") or not parsed.hostname:
        raise ComponentError(f"not a download address (https://…): {url!r}")
    if parsed.scheme == "http" and parsed.hostname not in LOOPBACK_HOSTS:
        raise ComponentError(
            f"refusing plain http:// from {parsed.hostname}: use the https:// address (http is "
            "accepted only from this machine, 127.0.0.1 or localhost)"
        )
    return url


def archive_name(url: str) -> str:
    """The file name the URL ends in (what the installer's messages name)."""
    name = Path(unquote(urlparse(url).path)).name
    return name if name and name not in (".", "..") else DEFAULT_ARCHIVE_NAME


def download_component(
    url: str, data_dir: Path, options: DownloadOptions = DownloadOptions()
) -> InstalledComponent:
    """Fetches the archive at `url` and installs it; ComponentError says why it was not."""
    url = check_url(url)
    if options.sha256 is not None:
        expected_sha256(Path(archive_name(url)), options.sha256)  # a bad --sha256 fails first
    if offline_mode():
        raise ComponentError(
            "offline mode is on (HF_HUB_OFFLINE is set), so Hearth will not download; unset "
            "it, or install the archive from a file"
        )
    control = DownloadControl(options.cancel)
    clear_abandoned_downloads(data_dir)
    folder = components_root(data_dir) / DOWNLOADS_DIR_NAME / uuid.uuid4().hex
    folder.mkdir(parents=True)
    try:
        archive = folder / archive_name(url)
        sha256 = options.sha256 or _fetch_sidecar(url, folder, control)
        _fetch_archive(url, archive, control, options.progress)
        install = InstallOptions(sha256=sha256, progress=options.progress, cancel=options.cancel)
        return install_component(archive, data_dir, install)
    except DownloadCancelled:
        raise InstallCancelled("download cancelled; nothing was installed") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        _remove_if_empty(folder.parent)


def clear_abandoned_downloads(data_dir: Path) -> None:
    """What a killed download left (the archive is never resumed, so it is of no use)."""
    shutil.rmtree(components_root(data_dir) / DOWNLOADS_DIR_NAME, ignore_errors=True)


def _fetch_sidecar(url: str, folder: Path, control: DownloadControl) -> str:
    sidecar_url = url + ".sha256"
    sidecar = folder / (archive_name(url) + ".sha256")

    def refuse_big(length: int | None) -> None:
        if length is not None and length > SIDECAR_MAX_BYTES:
            raise ComponentError(f"{sidecar_url} is not a .sha256 file ({length} bytes)")

    def watch(done: int, _total: int) -> None:
        refuse_big(done)

    missing = (
        f"no sha256 is published at {sidecar_url} (HTTP 404 Not Found): check the address; "
        "nothing was installed (on the command line, --sha256 HEX can give the hash instead)"
    )
    _stream(sidecar_url, sidecar, control, watch, refuse_big, not_found=missing)
    return expected_sha256(folder / archive_name(url), None)


def _fetch_archive(
    url: str, archive: Path, control: DownloadControl, progress: Progress | None
) -> None:
    expected: list[int | None] = []

    def check_room(length: int | None) -> None:
        expected.append(length)
        if length is None:
            return  # the installer checks the room it needs before unpacking
        free = shutil.disk_usage(archive.parent).free
        if free < length + DISK_MARGIN_BYTES:
            raise ComponentError(
                f"not enough disk space in {archive.parent} to download {archive.name}: it is "
                f"{length / 1e6:.0f} MB (plus {DISK_MARGIN_BYTES / 1e6:.0f} MB kept free), "
                f"{free / 1e6:.0f} MB are free; nothing was installed"
            )

    def report(done: int, total: int) -> None:
        if progress is not None:
            progress("downloading", done, total)

    missing = f"nothing at {url} (HTTP 404 Not Found): check the address; nothing was installed"
    _stream(url, archive, control, report, check_room, not_found=missing)
    received = archive.stat().st_size if archive.exists() else 0
    length = expected[0] if expected else None
    if length is not None and received != length:
        raise ComponentError(
            f"the download of {archive.name} was cut short ({received} of {length} bytes): "
            "nothing was installed; try again"
        )


def _stream(
    url: str,
    target: Path,
    control: DownloadControl,
    progress: ByteProgress,
    check_length: LengthCheck,
    *,
    not_found: str | None = None,
) -> None:
    host = urlparse(url).netloc
    # token=False: a Hugging Face token the user may have stays with the hub, never sent here.
    client = HubClient(token=False)
    source = HubFile(url=url, etag="", commit=None, size=None)
    try:
        client.stream_to_file(
            source, target, offset=0, progress=progress, control=control, check_length=check_length
        )
    except DownloadError as exc:
        if not_found is not None and _http_status(exc) == 404:
            raise ComponentError(not_found) from exc
        raise ComponentError(f"{exc} for {url}; nothing was installed") from exc
    except httpx2.HTTPError as exc:
        reason = transport_reason(exc)
        if target.exists() and target.stat().st_size:
            raise ComponentError(
                f"the download from {host} was cut short: {reason}; nothing was installed, "
                "try again"
            ) from exc
        raise ComponentError(
            f"cannot reach {host}: {reason}. Check the address and the network connection; "
            "nothing was installed"
        ) from exc


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # another download is running, or it is gone already
        folder.rmdir()


def _http_status(exc: DownloadError) -> int | None:
    """The HTTP status behind a refusal `stream_to_file` reported (None: not an HTTP answer)."""
    status = getattr(getattr(exc.__cause__, "response", None), "status_code", None)
    return status if isinstance(status, int) else None
