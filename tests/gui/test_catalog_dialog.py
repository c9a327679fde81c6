"""The "Get models" dialog downloads from a real local hub server, off the GUI thread.

Screenshots of the dialog mid-download and paused go to /tmp/shots/ to be looked at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from huggingface_hub import constants
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.core import Core
from app.library.catalog import Catalog, CatalogEntry, load_catalog
from app.library.download import DownloadManager
from app.ui.library.catalog_dialog import CatalogDialog, Column
from tests.fixtures.hub_server import COMMIT, HostedFile, HubServer, running_hub
from tests.fixtures.tiny_model import write_tiny_model

from .event_wait import wait_until

SHOTS = Path("/tmp/shots")
REPO = "tester/Tiny-Instruct-GGUF"
FILE = "Tiny-Instruct-Q8_0.gguf"


@pytest.fixture(autouse=True)
def online(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)


@pytest.fixture
def hub() -> Iterator[HubServer]:
    with running_hub() as server:
        yield server


@pytest.fixture
def tiny(tmp_path: Path, hub: HubServer) -> HostedFile:
    return hub.add_file(REPO, FILE, write_tiny_model(tmp_path / "tiny.gguf", megabytes=3.0))


@pytest.fixture
def core(hearth_home: Path) -> Iterator[Core]:
    opened = Core.open(Paths.resolve())
    yield opened
    opened.close()


def make_catalog(tmp_path: Path, tiny: HostedFile) -> Catalog:
    """Two bands: the hosted tiny model and a 7B entry that is only listed."""
    common = {
        "revision": COMMIT,
        "sha256": None,
        "verification": "hub-lfs-sha256",
        "license": "Apache-2.0",
        "commercial_use": "allowed",
        "license_note": "",
        "released": "2025-07",
        "uses": ["chat"],
        "architecture": "llama",
    }
    models = [
        {
            **common,
            "id": "tiny-instruct",
            "name": "Tiny Instruct",
            "repo": REPO,
            "file": FILE,
            "quantization": "Q8_0",
            "parameters": 500_000_000,
            "size_bytes": tiny.size,
            "context_length": 2048,
            "good_for": "Trying the download dialog.",
            "recommended_for": ["ram-8"],
        },
        {
            **common,
            "id": "big-instruct",
            "name": "Big Instruct",
            "repo": "tester/Big-GGUF",
            "file": "Big-Q4_K_M.gguf",
            "quantization": "Q4_K_M",
            "parameters": 7_600_000_000,
            "size_bytes": 4_680_000_000,
            "context_length": 32768,
            "good_for": "Showing a second size band.",
            "recommended_for": [],
            "commercial_use": "restricted",
            "license": "Research Licence",
            "license_note": "Research and personal use only.",
        },
    ]
    path = tmp_path / "catalog.json"
    catalog = {
        "schema_version": 2,
        "about": "A test catalog.",
        "recommendation_method": "The tiny one fits everywhere.",
        "models": models,
    }
    path.write_text(json.dumps(catalog), encoding="utf-8")
    return load_catalog(path)


def fit_label(entry: CatalogEntry) -> str:
    return "fits" if entry.parameters < 1e9 else "won't fit"


def open_dialog(
    qtbot: QtBot, core: Core, hub: HubServer, catalog: Catalog
) -> tuple[CatalogDialog, list[int]]:
    downloads = DownloadManager(core.library, endpoint=hub.url, retry_wait_s=0.05)
    dialog = CatalogDialog(catalog, downloads, fit_for=fit_label)
    qtbot.addWidget(dialog)
    downloaded: list[int] = []
    dialog.model_downloaded.connect(downloaded.append)
    dialog.show()
    return dialog, downloaded


def shot(dialog: CatalogDialog, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SHOTS / f"{name}.png"))


def test_the_catalog_is_grouped_by_size_band_with_details_and_fit(
    qtbot: QtBot, core: Core, hub: HubServer, tiny: HostedFile, tmp_path: Path
) -> None:
    dialog, _ = open_dialog(qtbot, core, hub, make_catalog(tmp_path, tiny))
    tree = dialog.tree
    bands = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert bands == ["Up to 1B parameters", "7\u20139B parameters"]
    row = dialog.entry_item("tiny-instruct")
    assert row.text(Column.NAME) == "Tiny Instruct  ·  Q8_0"
    assert row.text(Column.SIZE) == "3.0 MB"
    assert row.text(Column.LICENSE) == "Apache-2.0"
    assert row.text(Column.CONTEXT) == "2,048"
    assert row.text(Column.FIT) == "fits"
    assert dialog.entry_item("big-instruct").text(Column.FIT) == "won't fit"
    assert row.text(Column.STATUS) == ""
    assert not dialog.download_button.isEnabled()  # nothing selected yet
    big = dialog.entry_item("big-instruct")
    assert big.text(Column.LICENSE) == "Research Licence (no business use)"
    assert "Research and personal use only." in big.toolTip(Column.LICENSE)
    dialog.select("tiny-instruct")
    assert dialog.download_button.isEnabled()
    assert not tree.isColumnHidden(Column.FIT)
    details = dialog.details_label.text()
    assert "Hearth's pick for 8 GB of memory" in details
    assert f"at commit {COMMIT[:12]}" in details
    assert "Licence: Apache-2.0 (business use allowed)" in details


def test_without_a_fit_estimator_the_fit_column_is_hidden(
    qtbot: QtBot, core: Core, hub: HubServer, tiny: HostedFile, tmp_path: Path
) -> None:
    downloads = DownloadManager(core.library, endpoint=hub.url)
    dialog = CatalogDialog(make_catalog(tmp_path, tiny), downloads)
    qtbot.addWidget(dialog)
    assert dialog.tree.isColumnHidden(Column.FIT)


def test_download_shows_progress_and_announces_the_new_model(
    qtbot: QtBot, core: Core, hub: HubServer, tiny: HostedFile, tmp_path: Path
) -> None:
    hub.delay_per_chunk_s = 0.03  # about 1.5 s for 3 MB: progress has time to show
    dialog, downloaded = open_dialog(qtbot, core, hub, make_catalog(tmp_path, tiny))
    values: list[int] = []
    dialog.progress_bar.valueChanged.connect(values.append)
    dialog.select("tiny-instruct")
    dialog.download_button.click()
    assert not dialog.download_button.isEnabled()
    assert dialog.pause_button.isEnabled() and dialog.cancel_button.isEnabled()

    wait_until(lambda: "MB of 3.0 MB" in dialog.status_label.text(), timeout_ms=20_000)
    shot(dialog, "catalog_dialog_downloading")
    wait_until(lambda: downloaded, timeout_ms=30_000)

    (record,) = core.library.list()
    assert downloaded == [record.id]
    assert record.sha256 == tiny.sha256
    assert any(0 < v < dialog.progress_bar.maximum() for v in values)  # moved in steps
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum()
    assert dialog.entry_item("tiny-instruct").text(Column.STATUS) == "Downloaded"
    assert "is ready (its sha256 matches the one the hub published)" in (dialog.status_label.text())
    assert not dialog.download_button.isEnabled()  # already downloaded
    assert not dialog.error_banner.isVisible()


def test_pause_keeps_the_partial_download_and_resume_finishes_it(
    qtbot: QtBot, core: Core, hub: HubServer, tiny: HostedFile, tmp_path: Path
) -> None:
    hub.delay_per_chunk_s = 0.03
    dialog, downloaded = open_dialog(qtbot, core, hub, make_catalog(tmp_path, tiny))
    dialog.select("tiny-instruct")
    dialog.download_button.click()
    wait_until(lambda: dialog.progress_bar.value() > 100, timeout_ms=20_000)
    dialog.pause_button.click()
    wait_until(lambda: dialog.pause_button.text() == "Resume", timeout_ms=20_000)

    status = dialog.entry_item("tiny-instruct").text(Column.STATUS)
    assert status.startswith("Paused at ")
    assert "Paused Tiny Instruct with" in dialog.status_label.text()
    kept = DownloadManager(core.library, endpoint=hub.url).partial_bytes(
        make_catalog(tmp_path, tiny).get("tiny-instruct")
    )
    assert 0 < kept < tiny.size
    assert dialog.cancel_button.isEnabled() and dialog.pause_button.isEnabled()
    assert not dialog.download_button.isEnabled()  # Resume continues; no second way to start
    shot(dialog, "catalog_dialog_paused")

    hub.delay_per_chunk_s = 0.0
    dialog.pause_button.click()  # "Resume"
    wait_until(lambda: downloaded, timeout_ms=30_000)
    paused_get, resumed_get = hub.cdn_gets()
    assert paused_get.range is None and resumed_get.range == f"bytes={kept}-"
    assert [r.sha256 for r in core.library.list()] == [tiny.sha256]


def test_cancel_removes_the_partial_download(
    qtbot: QtBot, core: Core, hub: HubServer, tiny: HostedFile, tmp_path: Path
) -> None:
    hub.delay_per_chunk_s = 0.03
    catalog = make_catalog(tmp_path, tiny)
    dialog, downloaded = open_dialog(qtbot, core, hub, catalog)
    dialog.select("tiny-instruct")
    dialog.download_button.click()
    wait_until(lambda: dialog.progress_bar.value() > 100, timeout_ms=20_000)
    dialog.cancel_button.click()
    wait_until(lambda: "Cancelled" in dialog.status_label.text(), timeout_ms=20_000)

    downloads = DownloadManager(core.library, endpoint=hub.url)
    assert downloads.partial_bytes(catalog.get("tiny-instruct")) == 0
    assert not any(downloads.partial_dir.iterdir())
    assert downloaded == [] and core.library.list() == []
    assert dialog.download_button.isEnabled() and not dialog.pause_button.isEnabled()


def test_a_corrupted_download_shows_a_clear_error(
    qtbot: QtBot, core: Core, hub: HubServer, tiny: HostedFile, tmp_path: Path
) -> None:
    hub.corrupt = True
    dialog, downloaded = open_dialog(qtbot, core, hub, make_catalog(tmp_path, tiny))
    dialog.select("tiny-instruct")
    dialog.download_button.click()
    wait_until(dialog.error_banner.isVisible, timeout_ms=30_000)
    text = dialog.error_label.text()
    assert text.startswith("Could not download Tiny Instruct:")
    assert "was refused: its sha256 is" in text and "has been deleted" in text
    shot(dialog, "catalog_dialog_error")
    assert dialog.progress_bar.value() == 0
    assert downloaded == [] and core.library.list() == []
    assert dialog.download_button.isEnabled()


def test_closing_the_dialog_pauses_a_running_download(
    qtbot: QtBot, core: Core, hub: HubServer, tiny: HostedFile, tmp_path: Path
) -> None:
    hub.delay_per_chunk_s = 0.03
    catalog = make_catalog(tmp_path, tiny)
    dialog, _ = open_dialog(qtbot, core, hub, catalog)
    dialog.select("tiny-instruct")
    dialog.download_button.click()
    wait_until(lambda: dialog.progress_bar.value() > 100, timeout_ms=20_000)
    dialog.reject()
    downloads = DownloadManager(core.library, endpoint=hub.url)
    assert 0 < downloads.partial_bytes(catalog.get("tiny-instruct")) < tiny.size
    assert core.library.list() == []
