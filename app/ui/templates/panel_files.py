"""The Documents panel's files: importing, exporting and deleting templates, and exporting or
copying the open document. Owned by TemplatesPanel (see panel.py); the widgets it reports in
are the panel's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.file_names import safe_file_name
from app.templates import (
    Template,
    TemplateDefinitionError,
    TemplateDocumentService,
    TemplateError,
    export_document,
    rich_text_html,
)
from app.ui.common import file_dialogs
from app.ui.common.i18n import tr
from app.ui.templates.document_editor import DocumentEditor
from app.ui.templates.gallery import TemplateGallery
from app.ui.templates.look import ErrorLabel


def export_filters() -> dict[str, str]:
    """The export dialog's file types (in the user's language) and the suffix each adds."""
    return {
        tr("Word document") + " (*.docx)": ".docx",
        "PDF (*.pdf)": ".pdf",
        "Markdown (*.md)": ".md",
        tr("Web page") + " (*.html)": ".html",
    }


def suggested_export_name(title: str) -> str:
    """The name the export dialog offers: the title, valid as a file name on every OS."""
    return safe_file_name(title, ".docx")


class TemplateFiles(QObject):
    def __init__(
        self,
        service: TemplateDocumentService,
        *,
        editor: DocumentEditor,
        gallery: TemplateGallery,
        library_message: ErrorLabel,
        reload: Callable[[str | None], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._panel = parent  # the dialogs' parent
        self.service = service
        self.editor = editor
        self.gallery = gallery
        self.library_message = library_message
        self._reload = reload  # the panel's lists, with this template selected (None: as was)

    # ---- templates ---------------------------------------------------------------------------

    def import_template(self, path: Path) -> Template | None:
        try:
            template = self.service.library.import_file(path)
        except TemplateDefinitionError as exc:
            listed = "\n".join(f"• {p}" for p in exc.problems)
            self.library_message.show_message(
                tr("{source} was not imported:\n{listed}").format(source=exc.source, listed=listed)
            )
            return None
        except TemplateError as exc:
            self.library_message.show_message(tr("Not imported: {exc}").format(exc=exc))
            return None
        self.library_message.show_message("")
        self._reload(template.id)
        return template

    def export_template(self, template_id: str, path: Path) -> bool:
        try:
            self.service.library.export_file(template_id, path)
        except TemplateError as exc:
            self.library_message.show_message(tr("Not exported: {exc}").format(exc=exc))
            return False
        return True

    def delete_template(self, template_id: str) -> bool:
        try:
            self.service.library.delete(template_id)
        except TemplateError as exc:
            self.library_message.show_message(str(exc))
            return False
        self._reload(None)
        return True

    def ask_import(self) -> None:
        path = file_dialogs.open_file(
            self._panel, tr("Import template"), tr("Templates (*.toml *.json)")
        )
        if path is not None:
            self.import_template(path)

    def ask_export_template(self) -> None:
        template_id = self.gallery.current_id()
        if not template_id:
            return
        path, _ = file_dialogs.save_file(
            self._panel,
            tr("Export template"),
            safe_file_name(template_id, ".toml", fallback="template"),
            tr("TOML (*.toml);;JSON (*.json)"),
        )
        if path is not None:
            self.export_template(template_id, path)

    def ask_delete_template(self) -> None:
        template_id = self.gallery.current_id()
        answer = QMessageBox.question(
            self._panel,
            tr("Delete template"),
            tr("Delete the template {template_id!r}?").format(template_id=template_id),
        )
        if template_id and answer == QMessageBox.StandardButton.Yes:
            self.delete_template(template_id)

    # ---- the open document -------------------------------------------------------------------

    def export_to(self, path: Path) -> bool:
        """Write the open document (as shown, edits included) to .docx/.pdf/.md/.html."""
        if self.editor.document is None:
            return False
        try:
            export_document(
                self.editor.markdown(),
                path,
                title=self.editor.title() or self.editor.document.title,
            )
        except TemplateError as exc:
            self.editor.status.setText(tr("Not exported: {exc}").format(exc=exc))
            return False
        self.editor.status.setText(tr("Exported to {path}").format(path=path))
        return True

    def ask_export_document(self) -> None:
        document = self.editor.document
        if document is None:
            return
        title = self.editor.title() or document.title
        filters = export_filters()
        target, chosen = file_dialogs.save_file(
            self._panel,
            tr("Export document"),
            suggested_export_name(title),
            ";;".join(filters),
        )
        if target is None:
            return
        if target.suffix.lower() not in (".docx", ".pdf", ".md", ".html", ".htm", ".markdown"):
            target = target.with_name(target.name + filters.get(chosen, ".docx"))
        self.export_to(target)

    def copy_rich_text(self) -> bool:
        if self.editor.document is None:
            return False
        markdown = self.editor.markdown()
        data = QMimeData()
        data.setHtml(rich_text_html(markdown))
        data.setText(markdown)
        QGuiApplication.clipboard().setMimeData(data)
        self.editor.status.setText(tr("Copied as rich text."))
        return True
