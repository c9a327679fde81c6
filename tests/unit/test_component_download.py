"""Downloading a component archive over real HTTP on 127.0.0.1 (the loopback hub, which
redirects to its "CDN" as a release host does), then installing it: what succeeds, what is
refused, and that every refusal or cancel leaves nothing in the data folder."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.components import TRAINING
from app.components.archive import write_component_archive
from app.components.install import InstallCancelled
from app.components.manifest import ComponentError
from app.components.store import components_root, installed_components
from app.library.component_download import DownloadOptions, check_url, download_component
from tests.fixtures.component_archive import FAKE_MODULE, fake_spec, stage_fake_component
from tests.fixtures.hub_server import HubServer, running_hub

REPO = "hearth/releases"
NAME = "hearth-training-1.0.0-cpu.zip"


@pytest.fixture
def hub() -> Iterator[HubServer]:
    with running_hub() as server:
        yield server


def build_archive(folder: Path) -> Path:
    """A valid archive with 1 MB of incompressible bytes, so the download takes many reads."""
    stage = stage_fake_component(folder / "stage", padding_files=0)
    (stage / "site" / FAKE_MODULE / "noise.bin").write_bytes(os.urandom(1_000_000))
    archive = folder / NAME
    write_component_archive(stage, archive, fake_spec())
    return archive


def publish(hub: HubServer, archive: Path, sidecar_text: str | None = None) -> str:
    """Hosts the archive and its .sha256 (the real one, or `sidecar_text`); returns the URL."""
    sidecar = archive.with_name(archive.name + ".sha256")
    if sidecar_text is not None:
        sidecar = archive.with_name("other.sha256")
        sidecar.write_text(sidecar_text)
    hub.add_file(REPO, NAME, archive)
    hub.add_file(REPO, NAME + ".sha256", sidecar)
    return f"{hub.url}/{REPO}/resolve/main/{NAME}"


def assert_nothing_left(data_dir: Path) -> None:
    assert installed_components(data_dir) == []
    root = components_root(data_dir)
    left = sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []
    assert [p for p in left if p != TRAINING] == []


def test_download_installs_the_archive_with_progress(hub: HubServer, tmp_path: Path) -> None:
    url = publish(hub, build_archive(tmp_path))
    seen: list[tuple[str, int, int]] = []
    data_dir = tmp_path / "data"
    options = DownloadOptions(progress=lambda stage, done, total: seen.append((stage, done, total)))
    installed = download_component(url, data_dir, options)
    assert (installed.path / "site" / FAKE_MODULE / "__init__.py").read_text() == "ANSWER = 42\n"
    assert [c.version for c in installed_components(data_dir)] == ["1.0.0+cpu"]
    downloading = [(done, total) for stage, done, total in seen if stage == "downloading"]
    size = (tmp_path / NAME).stat().st_size
    assert downloading[-1] == (size, size) and len(downloading) > 2
    assert {stage for stage, _, _ in seen} == {"downloading", "verifying", "installing"}
    assert not (components_root(data_dir) / ".downloads").exists()  # the archive is not kept


def test_given_sha256_needs_no_sidecar(hub: HubServer, tmp_path: Path) -> None:
    archive = build_archive(tmp_path)
    digest = archive.with_name(NAME + ".sha256").read_text().split()[0]
    hub.add_file(REPO, NAME, archive)  # no .sha256 published
    url = f"{hub.url}/{REPO}/resolve/main/{NAME}"
    installed = download_component(url, tmp_path / "data", DownloadOptions(sha256=digest))
    assert installed.version == "1.0.0+cpu"


def test_wrong_sha256_is_refused_and_nothing_installed(hub: HubServer, tmp_path: Path) -> None:
    url = publish(hub, build_archive(tmp_path), sidecar_text=f"{'ab' * 32}  {NAME}\n")
    with pytest.raises(ComponentError, match="does not match its sha256"):
        download_component(url, tmp_path / "data")
    assert_nothing_left(tmp_path / "data")


def test_missing_archive_or_sidecar_is_a_404(hub: HubServer, tmp_path: Path) -> None:
    missing = f"{hub.url}/{REPO}/resolve/main/nothing-here.zip"
    with pytest.raises(ComponentError, match=r"no sha256 is published at .*HTTP 404"):
        download_component(missing, tmp_path / "data")
    with pytest.raises(ComponentError, match=r"nothing at .*HTTP 404"):
        download_component(missing, tmp_path / "data", DownloadOptions(sha256="cd" * 32))
    assert_nothing_left(tmp_path / "data")


def test_cancel_mid_download_leaves_nothing(hub: HubServer, tmp_path: Path) -> None:
    url = publish(hub, build_archive(tmp_path))
    cancel = threading.Event()
    reached: list[int] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "downloading" and 0 < done < total:
            reached.append(done)
            cancel.set()  # the user pressed Cancel half-way

    options = DownloadOptions(progress=progress, cancel=cancel)
    with pytest.raises(InstallCancelled, match="cancelled; nothing was installed"):
        download_component(url, tmp_path / "data", options)
    assert reached and reached[0] < (tmp_path / NAME).stat().st_size
    assert_nothing_left(tmp_path / "data")


def test_truncated_download_is_refused(hub: HubServer, tmp_path: Path) -> None:
    url = publish(hub, build_archive(tmp_path))
    hub.drop_after = 300_000  # the connection dies a third of the way in
    with pytest.raises(ComponentError, match="cut short"):
        download_component(url, tmp_path / "data")
    assert_nothing_left(tmp_path / "data")


def test_unreachable_host_is_said_plainly(tmp_path: Path) -> None:
    with running_hub() as gone:
        url = f"{gone.url}/{REPO}/resolve/main/{NAME}"
    with pytest.raises(ComponentError, match=r"cannot reach 127\.0\.0\.1:\d+"):
        download_component(url, tmp_path / "data", DownloadOptions(sha256="cd" * 32))
    assert_nothing_left(tmp_path / "data")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://downloads.example.org/hearth-training.zip", "refusing plain http://"),
        ("ftp://127.0.0.1/hearth-training.zip", "not a download address"),
        ("  ", "no download address"),
    ],
)
def test_unsafe_or_empty_urls_are_refused_before_any_connection(
    url: str, reason: str, tmp_path: Path
) -> None:
    with pytest.raises(ComponentError, match=reason):
        download_component(url, tmp_path / "data")
    assert not (tmp_path / "data").exists()


def test_https_and_loopback_http_are_accepted() -> None:
    assert check_url(" https://example.org/a.zip ") == "https://example.org/a.zip"
    assert check_url("http://localhost:8080/a.zip") == "http://localhost:8080/a.zip"
