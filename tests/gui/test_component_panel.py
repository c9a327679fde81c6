"""Adapter Studio's Train page in an installed build without the training component: the state,
"Install training component…" with a refused archive (the reason shown, nothing installed) and a
good one (Start training enabled), on real archives in a Task."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.components.store import installed_components
from app.config import Paths, Settings, SettingsStore
from app.ui.studio.train_page import TrainPage
from tests.fixtures.component_archive import build_fake_component, other_platform
from tests.fixtures.hub_server import running_hub
from tests.gui.event_wait import wait_until
from tests.unit.test_component_download import build_archive, publish

SHOTS = Path(os.environ.get("HEARTH_SHOTS", "/tmp/shots"))


def shot(widget: TrainPage, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SHOTS / f"{name}.png"))


def test_install_training_component_from_the_studio(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # as in an installed build
    data_dir = tmp_path / "data"
    page = TrainPage(data_dir=data_dir)
    qtbot.addWidget(page)
    page.resize(900, 620)
    page.show()
    panel = page.component_panel
    assert page.unavailable.isVisible() and panel.isVisible()
    assert "training component" in page.unavailable.text()
    assert "pip" not in page.unavailable.text()
    assert panel.state.text() == "Training component: not installed."
    assert not page.start_button.isEnabled()
    shot(page, "studio-component-missing")

    foreign = build_fake_component(tmp_path / "foreign", platform=other_platform())
    panel.install_file(foreign)
    wait_until(lambda: panel.error.isVisible(), timeout_ms=20_000)
    assert f"is for {other_platform().os}" in panel.error.text()
    assert installed_components(data_dir) == [] and not page.start_button.isEnabled()
    shot(page, "studio-component-refused")

    good = build_fake_component(tmp_path / "good")
    panel.install_file(good)
    wait_until(lambda: page.start_button.isEnabled(), timeout_ms=20_000)
    assert not page.unavailable.isVisible() and not panel.error.isVisible()
    assert panel.state.text().startswith("Training component 1.0.0+cpu installed")
    shot(page, "studio-component-installed")


def test_download_training_component_from_the_studio(
    qtbot: QtBot, tmp_path: Path, hearth_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The "Download…" button: the address from the setting, a 404 said in the dialog, a cancel
    half-way that installs nothing, then a download that enables Start training."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    data_dir = tmp_path / "data"
    with running_hub() as hub:
        url = publish(hub, build_archive(tmp_path))
        paths = Paths.resolve()
        SettingsStore(paths.settings_file).save(Settings(training_component_url=url))
        page = TrainPage(data_dir=data_dir)
        qtbot.addWidget(page)
        page.resize(900, 620)
        page.show()
        panel = page.component_panel
        assert panel.download_button.isVisible() and not page.start_button.isEnabled()

        dialog = panel.open_download()
        assert dialog.url_edit.text() == url and dialog.download_button.isEnabled()
        assert hub.requests == []  # opening the dialog connects to nothing

        dialog.url_edit.setText(url + "-missing")
        dialog.download_button.click()
        wait_until(lambda: dialog.message.isVisible(), timeout_ms=20_000)
        assert "HTTP 404" in dialog.message.text() and dialog.isVisible()
        shot_widget(dialog, "studio-download-404")

        dialog.url_edit.setText(url)
        hub.delay_per_chunk_s = 0.2
        dialog.download_button.click()
        wait_until(lambda: "Downloading" in dialog.progress.format(), timeout_ms=20_000)
        wait_until(lambda: dialog.progress.value() > 100, timeout_ms=20_000)
        shot_widget(dialog, "studio-download-progress")
        dialog.cancel_button.click()
        wait_until(lambda: dialog.message.isVisible(), timeout_ms=20_000)
        assert "cancelled; nothing was installed" in dialog.message.text()
        assert installed_components(data_dir) == [] and not page.start_button.isEnabled()
        assert dialog.cancel_button.text() == "Close"

        hub.delay_per_chunk_s = 0.0
        dialog.download_button.click()
        wait_until(lambda: page.start_button.isEnabled(), timeout_ms=20_000)
    assert panel.download_dialog is None
    assert panel.state.text().startswith("Training component 1.0.0+cpu installed")
    assert [c.version for c in installed_components(data_dir)] == ["1.0.0+cpu"]
    shot(page, "studio-component-downloaded")


def shot_widget(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SHOTS / f"{name}.png"))
