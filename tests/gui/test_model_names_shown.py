"""The window names a model the way people know it: the starter is "SmolLM2 135M Instruct" in
the model picker, the status bar and the title, also when an older Hearth stored the GGUF's own
general.name ("Smollm2 135M 8k Lc100K Mix1 Ep2") in the database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.bootstrap import start_engine
from app.config import Paths
from app.core import Core
from app.library.gguf_header import read_gguf_header
from app.storage.records import NewModel
from app.ui.shell.main_window import MainWindow

from .event_wait import wait_until

SHOTS = Path("/tmp/shots")
STARTER_NAME = "SmolLM2 135M Instruct"


@pytest.fixture
def legacy_core(hearth_home: Path, starter_model: Path) -> Iterator[Core]:
    """A profile whose model record carries the GGUF general.name, as Hearth stored it before."""
    core = Core.open(Paths.resolve())
    header = read_gguf_header(starter_model)
    assert header.name == "Smollm2 135M 8k Lc100K Mix1 Ep2"  # what must never be shown
    core.models.add(
        NewModel(
            name=header.name,
            path=str(starter_model.resolve()),
            sha256=core.library.sha256(starter_model),
            size_bytes=header.file_size,
            architecture=header.architecture or "llama",
            quantization=header.quantization,
            context_length=header.context_length,
            has_chat_template=header.has_chat_template,
        )
    )
    yield core
    core.close()


def test_the_picker_status_bar_and_title_show_the_catalog_name(
    legacy_core: Core, qtbot: QtBot
) -> None:
    bridge, _worker = start_engine()
    window = MainWindow(legacy_core, bridge)
    qtbot.addWidget(window)
    window.show()
    try:
        picker = window.model_picker
        labels = [picker.itemText(i) for i in range(picker.count())]
        assert labels[0] == f"{STARTER_NAME} · Q4_1"
        assert not any("Smollm2" in label for label in labels)

        window.library.load_default_model()
        wait_until(lambda: window.controller.loaded_model is not None, timeout_ms=30_000)
        loaded = window.controller.loaded_model
        assert loaded is not None and loaded.name == STARTER_NAME
        assert window.status.model_label.text() == STARTER_NAME
        assert window.windowTitle() == f"Hearth — {STARTER_NAME}"
        SHOTS.mkdir(exist_ok=True)
        window.grab().save(str(SHOTS / "model-names-main-window.png"))

        dialog = window.library.open_models()
        assert dialog.table.item(0, 0).text().startswith(STARTER_NAME)
        dialog.close()
    finally:
        window.close()
        bridge.shutdown()
