"""Adapter Studio's Train page in an installed build without the training component: the state,
"Install training component…" with a refused archive (the reason shown, nothing installed) and a
good one (Start training enabled), on real archives in a Task."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.components.store import installed_components
from app.ui.studio.train_page import TrainPage
from tests.fixtures.component_archive import build_fake_component, other_platform
from tests.gui.event_wait import wait_until

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
