"""Downloading catalog models from a real HTTP server on 127.0.0.1 that speaks the hub's protocol.

The server (tests/fixtures/hub_server.py) redirects HEAD /resolve to a "CDN" on another port and
serves the bytes with Range support, like the real hub. Files are small real GGUF models, so the
library registers them for real; the CLI test downloads the real starter model.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from huggingface_hub import constants

from app.config import Paths
from app.core import Core
from app.library.catalog import CatalogEntry, load_catalog
from app.library.download import (
    DownloadCancelled,
    DownloadControl,
    DownloadError,
    DownloadManager,
    DownloadPaused,
)
from app.library.starter import STARTER_SHA256
from tests.fixtures.hub_server import COMMIT, HostedFile, HubServer, running_hub
from tests.fixtures.tiny_model import write_tiny_model

REPO = "tester/Tiny-Instruct-GGUF"
FILE = "Tiny-Instruct-Q4_K_M.gguf"


@pytest.fixture(autouse=True)
def online(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests decide offline mode themselves, whatever the developer's shell says."""
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)


@pytest.fixture
def hub() -> Iterator[HubServer]:
    with running_hub() as server:
        yield server


@pytest.fixture
def tiny(tmp_path: Path, hub: HubServer) -> HostedFile:
    return hub.add_file(REPO, FILE, write_tiny_model(tmp_path / "tiny.gguf", megabytes=2.0))


@pytest.fixture
def core(hearth_home: Path) -> Iterator[Core]:
    opened = Core.open(Paths.resolve())
    yield opened
    opened.close()


def entry_for(hosted: HostedFile, *, sha256: str | None = None) -> CatalogEntry:
    """A catalog entry pinned to the test hub's commit; with `sha256`, also to that digest."""
    return CatalogEntry(
        id="tiny-instruct",
        name="Tiny Instruct",
        repo=hosted.repo,
        file=hosted.filename,
        revision=COMMIT,
        quantization="F32",
        parameters=500_000,
        size_bytes=hosted.size,
        sha256=sha256,
        verification="sha256" if sha256 else "hub-lfs-sha256",
        license="Apache-2.0",
        commercial_use="allowed",
        license_note="",
        context_length=2048,
        good_for="tests",
        released="2025-01",
        uses=("chat",),
        recommended_for=(),
        architecture="llama",
    )


def manager(core: Core, hub: HubServer, **kwargs: Any) -> DownloadManager:
    return DownloadManager(core.library, endpoint=hub.url, retry_wait_s=0.05, **kwargs)


def leftovers(core: Core) -> list[str]:
    """Every file in the models folder, partial downloads included."""
    return sorted(
        str(p.relative_to(core.paths.models_dir))
        for p in core.paths.models_dir.rglob("*")
        if p.is_file()
    )


def test_a_download_is_verified_registered_and_not_repeated(
    core: Core, hub: HubServer, tiny: HostedFile
) -> None:
    downloads = manager(core, hub)
    entry = entry_for(tiny)
    progress: list[tuple[int, int]] = []
    phases: list[str] = []

    result = downloads.download(
        entry, progress=lambda d, t: progress.append((d, t)), on_phase=phases.append
    )

    assert result.sha256 == tiny.sha256
    assert result.verified_by == "hub-lfs-sha256"  # the entry has no sha256: the hub's LFS one
    assert (result.resumed_from, result.bytes_fetched) == (0, tiny.size)
    assert phases == ["checking", "downloading", "verifying", "registering"]
    assert (tiny.size, tiny.size) in progress
    assert [r.path for r in core.library.list()] == [str(core.paths.models_dir / FILE)]
    (record,) = core.library.list()
    # The hash it got, which catalog entry it is and how it was checked stay with the record.
    assert (record.sha256, record.catalog_id, record.verified_by) == (
        tiny.sha256,
        "tiny-instruct",
        "hub-lfs-sha256",
    )
    assert record.name == "Tiny Instruct"  # the catalog's name, not the GGUF's general.name
    assert leftovers(core) == [FILE]  # no partial file or note left behind
    assert downloads.downloaded_record(entry) == result.record

    requests_before = len(hub.requests)
    again = downloads.download(entry)
    assert again.already_present and again.record == result.record
    assert len(hub.requests) == requests_before  # answered from the library, no network


def test_an_interrupted_download_resumes_in_a_new_process_with_only_the_missing_bytes(
    hearth_home: Path, hub: HubServer, tiny: HostedFile
) -> None:
    entry = entry_for(tiny)
    cut = 700_000
    hub.drop_after = cut
    hub.fail_after_drop = True  # the network stays down: the reconnect fails too
    first = Core.open(Paths.resolve())
    try:
        with pytest.raises(
            DownloadError,
            match=(
                r"stopped: 127\.0\.0\.1:\d+ answered HTTP 503 Service Unavailable\. "
                r"700 KB of 2\.0 MB are kept; download it again to resume"
            ),
        ):
            manager(first, hub).download(entry)
        assert first.library.list() == []
    finally:
        first.close()

    hub.reset_failures()
    hub.requests.clear()
    restarted = Core.open(Paths.resolve())  # a new process: new database handle, new manager
    try:
        downloads = manager(restarted, hub)
        assert downloads.partial_bytes(entry) == cut
        result = downloads.download(entry)
        gets = hub.cdn_gets()
        assert len(gets) == 1, [(g.range, g.status, g.body_bytes) for g in gets]
        (get,) = gets
        assert get.range == f"bytes={cut}-" and get.status == 206
        assert get.body_bytes == tiny.size - cut
        assert (result.resumed_from, result.bytes_fetched) == (cut, tiny.size - cut)
        assert result.sha256 == tiny.sha256
        assert [r.sha256 for r in restarted.library.list()] == [tiny.sha256]
    finally:
        restarted.close()


def test_a_dropped_connection_is_resumed_within_the_same_download(
    core: Core, hub: HubServer, tiny: HostedFile
) -> None:
    hub.drop_after = 300_000
    result = manager(core, hub).download(entry_for(tiny))
    first, second = hub.cdn_gets()
    assert (first.range, first.body_bytes) == (None, 300_000)
    assert (second.range, second.body_bytes) == ("bytes=300000-", tiny.size - 300_000)
    assert result.sha256 == tiny.sha256


def test_pause_keeps_the_partial_file_and_a_new_manager_resumes_it(
    core: Core, hub: HubServer, tiny: HostedFile
) -> None:
    entry = entry_for(tiny)
    control = DownloadControl()

    def pause_midway(done: int, total: int) -> None:
        if done >= 500_000:
            control.pause()

    with pytest.raises(DownloadPaused) as paused:
        manager(core, hub).download(entry, progress=pause_midway, control=control)
    kept = paused.value.bytes_kept
    assert 500_000 <= kept < tiny.size
    assert manager(core, hub).partial_bytes(entry) == kept
    assert core.library.list() == []

    hub.requests.clear()
    result = manager(core, hub).download(entry)
    (get,) = hub.cdn_gets()
    assert get.range == f"bytes={kept}-"
    assert result.resumed_from == kept and result.sha256 == tiny.sha256


def test_a_corrupted_download_is_rejected_and_removed(
    core: Core, hub: HubServer, tiny: HostedFile
) -> None:
    hub.corrupt = True  # headers announce the right sha256; one byte on the wire is wrong
    with pytest.raises(
        DownloadError,
        match=f"{FILE} was refused: its sha256 is [0-9a-f]{{64}}, but the hub pins "
        f"{tiny.sha256}.*deleted",
    ):
        manager(core, hub).download(entry_for(tiny))
    assert core.library.list() == []
    assert leftovers(core) == []


def test_a_file_that_differs_from_the_catalog_pin_is_refused_and_deleted(
    core: Core, hub: HubServer, tiny: HostedFile
) -> None:
    hub.publish_sha256 = False  # the hub cannot contradict the pin up front: the bytes must
    downloads = manager(core, hub)
    # A partial file of an earlier attempt is there too; it must not survive the refusal.
    downloads.partial_dir.mkdir(parents=True)
    entry = entry_for(tiny, sha256="0" * 64)
    (downloads.partial_dir / f"{entry.id}.gguf.part").write_bytes(b"x" * 1000)

    with pytest.raises(
        DownloadError,
        match=f"{FILE} was refused: its sha256 is {tiny.sha256}, but Hearth's catalog pins "
        f"{'0' * 64}.*deleted",
    ):
        downloads.download(entry)
    assert hub.body_bytes_served() == tiny.size  # it was downloaded, then refused
    assert core.library.list() == []
    assert leftovers(core) == []  # neither the file nor a .part or note is left


def test_a_catalog_digest_that_the_hub_contradicts_stops_before_downloading(
    core: Core, hub: HubServer, tiny: HostedFile
) -> None:
    entry = entry_for(tiny, sha256="0" * 64)
    downloads = manager(core, hub)
    downloads.partial_dir.mkdir(parents=True)
    (downloads.partial_dir / f"{entry.id}.gguf.part").write_bytes(b"x" * 1000)
    with pytest.raises(DownloadError, match=f"has sha256 {tiny.sha256}.*catalog pins 0{{64}}"):
        downloads.download(entry)
    assert hub.cdn_gets() == []
    assert leftovers(core) == []


def test_a_pinned_digest_that_matches_is_recorded_as_the_catalogs(
    core: Core, hub: HubServer, tiny: HostedFile
) -> None:
    hub.publish_sha256 = False
    result = manager(core, hub).download(entry_for(tiny, sha256=tiny.sha256))
    assert (result.sha256, result.verified_by) == (tiny.sha256, "sha256")
    assert (result.record.catalog_id, result.record.verified_by) == ("tiny-instruct", "sha256")


def test_an_entry_verified_by_the_hub_is_refused_when_the_hub_publishes_no_digest(
    core: Core, hub: HubServer, tiny: HostedFile
) -> None:
    hub.publish_sha256 = False
    with pytest.raises(DownloadError, match=r"published no sha256 .* could not be verified"):
        manager(core, hub).download(entry_for(tiny))
    assert hub.cdn_gets() == []
    assert leftovers(core) == []


def test_a_hub_answering_from_another_commit_is_refused(
    core: Core, hub: HubServer, tiny: HostedFile
) -> None:
    hub.commit = "f" * 40
    with pytest.raises(
        DownloadError, match=f"with commit f{{40}}, not the commit .* pins \\({COMMIT}\\)"
    ):
        manager(core, hub).download(entry_for(tiny, sha256=tiny.sha256))
    assert hub.cdn_gets() == []
    assert core.library.list() == []


def test_cancel_removes_the_partial_file(core: Core, hub: HubServer, tiny: HostedFile) -> None:
    entry = entry_for(tiny)
    control = DownloadControl()

    def cancel_midway(done: int, total: int) -> None:
        if done >= 400_000:
            control.cancel()

    with pytest.raises(DownloadCancelled):
        manager(core, hub).download(entry, progress=cancel_midway, control=control)
    assert leftovers(core) == []
    assert manager(core, hub).partial_bytes(entry) == 0


def test_not_enough_disk_space_is_reported_before_any_byte(
    core: Core, hub: HubServer, tiny: HostedFile
) -> None:
    free = shutil.disk_usage(core.paths.models_dir).free
    with pytest.raises(
        DownloadError,
        match=r"not enough free disk space to download .* it needs 2\.0 MB .* is free in",
    ):
        manager(core, hub, reserve_bytes=free).download(entry_for(tiny))
    assert hub.cdn_gets() == []
    assert leftovers(core) == []


def test_offline_mode_is_a_clear_error_without_any_request(
    core: Core, hub: HubServer, tiny: HostedFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(DownloadError, match="offline mode is on"):
        manager(core, hub).download(entry_for(tiny))
    assert hub.requests == []


def test_a_file_missing_on_the_hub_is_named(core: Core, hub: HubServer, tiny: HostedFile) -> None:
    entry = entry_for(tiny)
    missing = CatalogEntry(**{**entry.__dict__, "file": "Other-Q8_0.gguf"})
    with pytest.raises(DownloadError, match=f"Other-Q8_0.gguf was not found in {REPO} at {COMMIT}"):
        manager(core, hub).download(missing)


def test_a_partial_file_of_another_version_is_discarded(
    core: Core, hub: HubServer, tiny: HostedFile
) -> None:
    entry = entry_for(tiny)
    downloads = manager(core, hub)
    downloads.partial_dir.mkdir(parents=True)
    (downloads.partial_dir / f"{entry.id}.gguf.part").write_bytes(b"x" * 1000)
    (downloads.partial_dir / f"{entry.id}.json").write_text(
        json.dumps({"format": 1, "repo": REPO, "file": FILE, "etag": "f" * 64, "size": tiny.size})
    )
    result = downloads.download(entry)
    (get,) = hub.cdn_gets()
    assert get.range is None  # started again from byte 0
    assert result.resumed_from == 0 and result.sha256 == tiny.sha256


def test_the_endpoint_comes_from_hf_endpoint(
    core: Core, hub: HubServer, tiny: HostedFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", hub.url + "/")
    downloads = DownloadManager(core.library)
    assert downloads.endpoint == hub.url
    assert downloads.download(entry_for(tiny)).sha256 == tiny.sha256


def test_an_unusable_download_folder_is_named(core: Core, hub: HubServer, tiny: HostedFile) -> None:
    downloads = manager(core, hub)
    downloads.partial_dir.write_text("a file where the folder should be")
    with pytest.raises(DownloadError, match=f"cannot use the folder {downloads.partial_dir}"):
        downloads.download(entry_for(tiny))
    assert hub.cdn_gets() == []


# -- the CLI, as a real subprocess ----------------------------------------------------------


def hearth(home: Path, hub: HubServer, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HEARTH_HOME": str(home), "HF_ENDPOINT": hub.url}
    env.pop("HF_HUB_OFFLINE", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def test_cli_downloads_the_starter_model_resuming_after_a_failed_run(
    hearth_home: Path, hub: HubServer, starter_model: Path
) -> None:
    starter = load_catalog().get("smollm2-135m-instruct")
    hub.add_file(starter.repo, starter.file, starter_model)
    cut = 40_000_000
    hub.drop_after = cut
    hub.fail_after_drop = True

    failed = hearth(hearth_home, hub, "models", "download", starter.id, "--json")
    assert failed.returncode == 1, failed.stderr
    assert "download it again to resume" in json.loads(failed.stdout)["error"]
    last_line = failed.stderr.strip().splitlines()[-1]
    assert last_line.startswith("hearth: the download of") and last_line.endswith("to resume")
    assert "signed=1" not in failed.stderr  # no noisy URLs for people

    hub.reset_failures()
    hub.requests.clear()
    done = hearth(hearth_home, hub, "models", "download", starter.id, "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["model"]["sha256"] == STARTER_SHA256
    assert payload["download"]["resumed_from"] == cut
    assert payload["download"]["verified_by"] == "sha256"  # the catalog's pinned digest
    assert payload["download"]["revision"] == starter.revision
    assert payload["model"]["catalog_id"] == starter.id
    assert payload["model"]["display_name"] == "SmolLM2 135M Instruct"
    (get,) = hub.cdn_gets()
    assert get.range == f"bytes={cut}-"
    assert "Downloading SmolLM2 135M Instruct" in done.stderr  # progress for people, on stderr

    listed = json.loads(hearth(hearth_home, hub, "models", "list", "--json").stdout)
    assert [m["sha256"] for m in listed["models"]] == [STARTER_SHA256]
    assert listed["models"][0]["default"] is True


def test_cli_names_the_known_ids_for_an_unknown_one(hearth_home: Path, hub: HubServer) -> None:
    run = hearth(hearth_home, hub, "models", "download", "gpt-17", "--json")
    assert run.returncode == 1
    error = json.loads(run.stdout)["error"]
    assert "no model 'gpt-17' in the catalog" in error and "qwen3-4b-instruct-2507" in error
    assert hub.requests == []
