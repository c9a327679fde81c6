"""The documents list without the OCR component: a scan that could not be read shows "Install OCR
component…", which downloads the component from the loopback hub in the Studio's dialog (OCR's
wording) and then says to add the scans again; no restart."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.components import OCR
from app.components.archive import write_component_archive
from app.components.store import installed_components
from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.knowledge_base import KnowledgeBase
from app.storage import Database
from app.ui.knowledge.documents_view import DocumentsView
from tests.fixtures.component_archive import fake_spec, stage_fake_component
from tests.fixtures.hub_server import running_hub
from tests.fixtures.scans import write_scan_only_pdf, write_text_picture
from tests.gui.accessibility_audit import tab_chain_problems, unnamed_interactive_widgets
from tests.gui.event_wait import wait_until
from tests.unit.test_component_download import publish

SHOTS = Path(os.environ.get("HEARTH_SHOTS", "/tmp/shots"))


def test_a_scan_left_unread_offers_to_install_ocr(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "rapidocr", None)  # as in an installer without OCR
    scan = write_scan_only_pdf(tmp_path / "delivery.pdf", ["Delivery note 5512"])
    memo = write_text_picture(tmp_path / "memo.png", ["Total 1,250.00 EUR"])
    data_dir = tmp_path / "data"
    stage = stage_fake_component(tmp_path / "stage", padding_files=0)
    archive = tmp_path / "hearth-training-1.0.0-cpu.zip"  # the loopback hub's one file name
    write_component_archive(stage, archive, fake_spec(component=OCR))
    with Database.open(tmp_path / "hearth.sqlite3", backups_dir=tmp_path / "backups") as db:
        kb = KnowledgeBase(db, extractor=extract_document)
        view = DocumentsView(kb)
        view.ocr_row.use_data_dir(data_dir)
        qtbot.addWidget(view)
        view.resize(760, 420)
        view.show()
        assert not view.ocr_row.isVisible()  # nothing needs OCR yet

        kb.add_files([scan, memo])
        view.reload()
        row = view.ocr_row
        assert row.isVisible() and row.install_button.isVisible()
        assert "OCR component" in row.message.text()
        assert unnamed_interactive_widgets(row) == [] and tab_chain_problems(row) == []
        SHOTS.mkdir(parents=True, exist_ok=True)
        view.grab().save(str(SHOTS / "documents-needs-ocr.png"))

        with running_hub() as hub:
            url = publish(hub, archive)
            dialog = row.open_download()
            assert dialog.windowTitle() == "Download OCR component"
            assert "hearth-ocr" in dialog.url_edit.placeholderText()
            assert unnamed_interactive_widgets(dialog) == []
            dialog.url_edit.setText(url)
            dialog.grab().save(str(SHOTS / "ocr-download-dialog.png"))
            dialog.download_button.click()
            wait_until(lambda: not row.install_button.isVisible(), timeout_ms=20_000)
        assert [c.name for c in installed_components(data_dir)] == [OCR]
        assert "add the scanned files again" in row.message.text()
        view.reload()  # still listed as unread, now with the installed component
        assert row.isVisible() and not row.install_button.isVisible()
        view.grab().save(str(SHOTS / "documents-ocr-installed.png"))
