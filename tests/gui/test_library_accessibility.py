"""The model and adapter windows read well to a screen reader and Tab reaches everything shown:
Models, Get models, Find models on this computer and the adapters panel (issue 23)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.core import Core
from app.library.catalog import load_catalog
from app.library.download import DownloadManager
from app.storage.records import AdapterRecord
from app.ui.library.adapter_panel import AdapterChoice, AdapterPanel
from app.ui.library.catalog_dialog import CatalogDialog
from app.ui.library.discovery_dialog import DiscoveryDialog
from app.ui.library.models_dialog import ModelsDialog

from .accessibility_audit import tab_chain_problems, unnamed_interactive_widgets


@pytest.fixture
def core(hearth_home: Path, starter_model: Path) -> Iterator[Core]:
    opened = Core.open(Paths.resolve())
    opened.library.import_model(starter_model)
    yield opened
    opened.close()


def audit(widget: QWidget, qtbot: QtBot) -> None:
    qtbot.addWidget(widget)
    widget.show()
    assert unnamed_interactive_widgets(widget) == []
    assert tab_chain_problems(widget) == []


def test_models_dialog(core: Core, qtbot: QtBot) -> None:
    dialog = ModelsDialog(core.library, default_id=None, fit_for=lambda _r: ("fits", "room"))
    assert dialog.table.rowCount() == 1
    audit(dialog, qtbot)


def test_get_models_dialog(core: Core, qtbot: QtBot, tmp_path: Path) -> None:
    entry = {
        "id": "tiny-instruct",
        "name": "Tiny Instruct",
        "repo": "tester/Tiny-GGUF",
        "file": "tiny.gguf",
        "revision": "0" * 40,
        "sha256": None,
        "verification": "hub-lfs-sha256",
        "license": "Apache-2.0",
        "commercial_use": "allowed",
        "license_note": "",
        "released": "2025-07",
        "uses": ["chat"],
        "architecture": "llama",
        "quantization": "Q8_0",
        "parameters": 500_000_000,
        "size_bytes": 3_000_000,
        "context_length": 2048,
        "good_for": "Trying the dialog.",
        "recommended_for": ["ram-8"],
    }
    path = tmp_path / "catalog.json"
    path.write_text(
        json.dumps(
            {
                "schema_version": 2,
                "about": "A test catalog.",
                "recommendation_method": "Any.",
                "models": [entry],
            }
        ),
        encoding="utf-8",
    )
    # Nothing is downloaded here, so the endpoint is never contacted.
    downloads = DownloadManager(core.library, endpoint="http://127.0.0.1:9")
    dialog = CatalogDialog(load_catalog(path), downloads, fit_for=lambda _e: "fits")
    dialog.select("tiny-instruct")
    audit(dialog, qtbot)


def test_find_models_dialog(core: Core, qtbot: QtBot, tmp_path: Path) -> None:
    audit(DiscoveryDialog(core.library, home=tmp_path, env={}), qtbot)


def test_adapters_panel(qtbot: QtBot) -> None:
    def adapter(name: str) -> AdapterRecord:
        return AdapterRecord(
            id=1 if name == "legal" else 2,
            name=name,
            path=f"/adapters/{name}.gguf",
            sha256="ab" * 32,
            size_bytes=4_000_000,
            architecture="llama",
            rank=8,
            alpha=16.0,
            tensor_count=60,
            added_at=datetime.now(UTC),
        )

    panel = AdapterPanel()
    panel.set_choices(
        [AdapterChoice(adapter("legal"), None), AdapterChoice(adapter("wide"), "wrong shape")],
        model_loaded=True,
    )
    audit(panel, qtbot)
