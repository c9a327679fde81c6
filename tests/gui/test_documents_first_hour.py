"""The Documents mode in a new user's first hour, without a model: Save keeps the user's line
breaks, the export dialog opens in Documents with a name every OS accepts, and the "Cut off"
bar says which sections stopped at the token limit (light and dark theme).

With HEARTH_SHOTS_DIR set, the bar's screenshots are saved there for a person to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.core import Core
from app.engine.types import SamplingParams
from app.templates import (
    GeneratedDocument,
    GeneratedSection,
    ModelUse,
    Recipe,
    TemplateDocumentService,
)
from app.ui.common import file_dialogs
from app.ui.common.engine_bridge import EngineBridge
from app.ui.common.theme import apply_theme
from app.ui.templates import TemplatesPanel
from app.ui.templates.cut_off_bar import CutOffBar

LETTER = (
    "Subject: Invoice INV-2025-0417\n"
    "\n"
    "Dear Ms Lee,\n"
    "I hope you are well. Invoice INV-2025-0417 for EUR 2,480.00 was due on 31 May 2025 and is "
    "still open. I have attached a copy for you.\n"
    "Please transfer the amount by 20 June.\n"
    "\n"
    "Sincerely,\n"
    "Eva Jansen\n"
)


def _shots_dir() -> Path | None:
    configured = os.environ.get("HEARTH_SHOTS_DIR")
    return Path(configured) if configured else None


def save_shot(widget: QWidget, name: str) -> None:
    shots = _shots_dir()
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(shots / f"{name}.png"))


class NoModel:
    loaded_model = None
    active_adapters = ()


@pytest.fixture
def core(hearth_home: Path) -> Iterator[Core]:
    opened = Core.open(Paths.resolve())
    yield opened
    opened.close()


@pytest.fixture
def service(core: Core) -> TemplateDocumentService:
    return TemplateDocumentService.open(core.database)


@pytest.fixture
def panel(core: Core, service: TemplateDocumentService, qtbot: QtBot) -> TemplatesPanel:
    widget = TemplatesPanel(service, EngineBridge(), NoModel(), lambda: core.settings)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    return widget


@pytest.fixture
def user_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A home folder of our own (with no XDG folder settings), and no folder remembered."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    file_dialogs.forget()
    yield home
    file_dialogs.forget()


def letter_document(service: TemplateDocumentService, text: str = LETTER) -> GeneratedDocument:
    values = service.library.get("payment-reminder").example_values()
    plan = service.plan("payment-reminder", {**values, "client_name": "Acme Ltd"})
    recipe = Recipe(plan, ModelUse("ab" * 32, "Test model"), SamplingParams(seed=5))
    return service.documents.add(recipe, (GeneratedSection("", "", text.strip()),))


def test_save_keeps_the_users_line_breaks_and_never_rewraps(
    core: Core, panel: TemplatesPanel, service: TemplateDocumentService, qtbot: QtBot
) -> None:
    stored = letter_document(service)
    assert panel.open_document(stored.id)
    editor = panel.editor.editor
    assert editor.toPlainText().splitlines()[1:3] == [
        "Dear Ms Lee,",
        "I hope you are well. Invoice INV-2025-0417 for EUR 2,480.00 was due on 31 May 2025 "
        "and is still open. I have attached a copy for you.",
    ]
    # The user adds a line break of their own after "Please transfer the amount by 20 June."
    # and types a line; the long line, far beyond 80 characters, is left as it is.
    assert editor.find("20 June.")
    cursor = editor.textCursor()
    cursor.clearSelection()  # the cursor stays after the found text
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(editor, "Bank: NL91 ABNA 0417 1643 00")
    shown = editor.toPlainText()
    assert panel.save()

    saved = service.documents.get(stored.id).content
    assert saved == LETTER.replace("by 20 June.\n", "by 20 June.\nBank: NL91 ABNA 0417 1643 00\n")
    assert "\nI have\n" not in saved and "\nattached" not in saved
    reopened = TemplatesPanel(service, EngineBridge(), NoModel(), lambda: core.settings)
    qtbot.addWidget(reopened)
    assert reopened.open_document(stored.id)
    assert reopened.editor.editor.toPlainText() == shown
    reopened.resize(1300, 700)
    reopened.show()
    save_shot(reopened, "documents-letter-saved")
    # Saving again without a change writes the same text: nothing drifts.
    reopened.editor.editor.document().setModified(True)
    assert reopened.save()
    assert service.documents.get(stored.id).content == saved


def test_a_cut_off_letter_opens_with_the_badge(
    panel: TemplatesPanel, service: TemplateDocumentService
) -> None:
    cut = LETTER.split("Sincerely")[0] + "Sincerely"
    stored = letter_document(service, cut)
    service.documents.replace_sections(
        stored.id, (replace(stored.sections[0], finish_reason="length"),), stored.content
    )
    assert panel.open_document(stored.id)
    bar = panel.editor.cut_off_bar
    assert bar.isVisible() and bar.target == 0
    assert bar.message.text().startswith("The text stopped at the token limit")
    assert panel.editor.sections.count() == 0  # no sections: the bar is the only sign
    save_shot(panel, "documents-letter-cut-off")


def test_export_dialog_opens_in_documents_with_a_valid_name(
    panel: TemplatesPanel,
    service: TemplateDocumentService,
    user_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = user_home / "Documents"
    documents.mkdir()
    asked: list[str] = []
    chosen = user_home / "letters" / "reminder.docx"
    chosen.parent.mkdir()

    def fake_dialog(_parent: QWidget, _caption: str, start: str, _filters: str) -> tuple[str, str]:
        asked.append(start)
        return str(chosen), "Word document (*.docx)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    stored = letter_document(service)
    assert stored.title == "Payment reminder: Acme Ltd"
    assert panel.open_document(stored.id)
    panel.editor.export_button.click()
    assert asked == [str(documents / "Payment reminder - Acme Ltd.docx")]
    paragraphs = [p.text for p in docx.Document(str(chosen)).paragraphs]
    assert paragraphs[-2:] == ["Sincerely,", "Eva Jansen"]
    # The next dialog opens where the user saved last (for this session).
    panel.editor.export_button.click()
    assert asked[1] == str(chosen.parent / "Payment reminder - Acme Ltd.docx")


def test_every_dialog_starts_in_documents_or_home(
    user_home: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    starts: list[str] = []

    def record_open(_parent: QWidget, _caption: str, start: str, _filters: str) -> tuple[str, str]:
        starts.append(start)
        return "", ""

    def record_folder(_parent: QWidget, _caption: str, start: str) -> str:
        starts.append(start)
        return str(user_home)

    monkeypatch.setattr(QFileDialog, "getOpenFileName", record_open)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", record_open)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", record_folder)
    # No Documents folder on this system: the home folder.
    assert file_dialogs.open_file(None, "Import", "*.gguf") is None
    assert starts == [str(user_home)]
    (user_home / "Documents").mkdir()
    assert file_dialogs.open_files(None, "Attach", "*") == []
    assert starts[-1] == str(user_home / "Documents")
    assert file_dialogs.choose_folder(None, "Watch") == user_home
    file_dialogs.open_file(None, "Import", "*")
    assert starts[-1] == str(user_home)  # the folder chosen last


def test_no_dialog_in_the_app_bypasses_the_helper() -> None:
    """Every QFileDialog call goes through app.ui.common.file_dialogs, so none opens in the folder
    Hearth happened to be started from."""
    app_dir = Path(__file__).resolve().parents[2] / "app"
    callers = [
        path.relative_to(app_dir).as_posix()
        for path in app_dir.rglob("*.py")
        if "QFileDialog" in path.read_text(encoding="utf-8")
    ]
    assert callers == ["ui/common/file_dialogs.py"]


# ---- the "Cut off" bar ----------------------------------------------------------------------


def sections(*finishes: str) -> tuple[GeneratedSection, ...]:
    titles = ["Summary", "Budget", "Risks"]
    return tuple(
        GeneratedSection(titles[n], "", f"Text {n}", finish)  # type: ignore[arg-type]
        for n, finish in enumerate(finishes)
    )


def test_bar_names_the_cut_off_section_and_continue_goes_on_with_it(qtbot: QtBot) -> None:
    bar = CutOffBar()
    qtbot.addWidget(bar)
    requested: list[int] = []
    bar.continue_requested.connect(requested.append)

    bar.show_for(sections("stop", "stop"))
    assert bar.isHidden() and bar.target is None
    bar.show_for((GeneratedSection("", "", "Dear Ms Lee, I am writ", "length"),))
    assert not bar.isHidden()
    assert bar.message.text() == "The text stopped at the token limit: it may end mid-sentence."
    bar.show_for(sections("stop", "length", "length"), selected=2)
    assert "Sections 2, 3 stopped" in bar.message.text() and "section 3, “Risks”" in (
        bar.message.text()
    )
    bar.continue_button.click()
    bar.show_for(sections("stop", "length", "length"), selected=0)  # not cut off: the first
    bar.continue_button.click()
    assert requested == [2, 1]
    bar.show_for(sections("length"), enabled=False)
    assert not bar.continue_button.isEnabled()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_bar_is_readable_in_both_themes(theme: str, qapp: QApplication, qtbot: QtBot) -> None:
    apply_theme(qapp, theme)
    try:
        bar = CutOffBar()
        qtbot.addWidget(bar)
        bar.resize(720, 48)
        bar.show_for(sections("stop", "length"))
        qtbot.waitExposed(bar)
        image: QImage = bar.grab().toImage()
        shots = _shots_dir()
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)
            image.save(str(shots / f"cut-off-bar-{theme}.png"))
        background = image.pixelColor(image.width() // 2, 2)
        window = qapp.palette().window().color()
        # Amber, clearly set off from the window, and its text contrasts with it.
        assert background.red() > background.blue() + 30
        assert background != window
        text = QColor(bar.message.palette().windowText().color())
        assert abs(text.lightness() - background.lightness()) > 100
    finally:
        apply_theme(qapp, "system")
