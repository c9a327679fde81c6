"""The generated document: streamed in section by section, then edited as rich text and saved.

The stored form of a document is Markdown. While the model writes, the Markdown of the sections
so far is rendered incrementally (StreamingDocument); afterwards the user edits rich text, and
Save turns it back into Markdown (editor_markdown: the user's line breaks kept, nothing
re-wrapped) only if it was changed, so an unedited document keeps the model's exact text.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.templates import GeneratedDocument, GeneratedSection
from app.templates.recipe import assemble_markdown
from app.templates.section_checks import SectionFlags, check_document
from app.ui.chat.streaming_document import StreamingDocument
from app.ui.common.check_badge import CheckBadge
from app.ui.common.flag_marks import locate_flags, underline_flags
from app.ui.common.i18n import tr
from app.ui.common.markdown_html import render_markdown
from app.ui.common.rich_text_css import document_css
from app.ui.common.theme import error_color
from app.ui.templates.cut_off_bar import CutOffBar, section_label
from app.ui.templates.editor_markdown import document_markdown
from app.ui.templates.look import chain_tab_order, muted_label
from app.ui.templates.section_finish import finish_mark, finish_tip
from app.ui.templates.sections_side import SectionsSide

RENDER_INTERVAL_MS = 60  # streamed text is shown at most this often (the worker batches ~40 ms)


class DocumentEditor(QWidget):
    save_requested = Signal()
    regenerate_requested = Signal()  # the whole document, with the same recipe
    regenerate_section_requested = Signal(int)
    continue_requested = Signal(int)  # a section cut off at the token limit (0: the text)
    export_requested = Signal()
    copy_requested = Signal()
    revert_requested = Signal()
    stop_requested = Signal()
    accept_issues_requested = Signal()  # keep the flagged document as it is (recorded)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: GeneratedDocument | None = None
        self._streaming = False
        self._busy = False
        self._title = ""
        self._section_titles: list[str] = []
        self._section_texts: list[str] = []
        self._section_done: list[GeneratedSection | None] = []
        self._outlined = False

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(tr("Document title"))
        self.title_edit.setAccessibleName(tr("Document title"))
        self.save_button = QPushButton(tr("Save"))
        self.save_button.setToolTip(tr("Save your edits (Ctrl+S)"))
        self.regenerate_button = QPushButton(tr("Regenerate"))
        self.regenerate_button.setToolTip(
            tr(
                "Generate again with the same recipe: the same prompts, settings and seed give the "
                "same text on the same model"
            )
        )
        self.export_button = QPushButton(tr("Export…"))
        self.export_button.setToolTip(tr("Save as .docx, .pdf, .md or .html"))
        self.copy_button = QToolButton()
        self.copy_button.setText(tr("Copy"))
        self.copy_button.setToolTip(tr("Copy as rich text (with the Markdown as plain text)"))
        self.stop_button = QPushButton(tr("Stop"))
        self.stop_button.setToolTip(tr("Stop generating (Esc)"))
        top = QHBoxLayout()
        top.addWidget(self.title_edit, 1)
        for button in (
            self.stop_button,
            self.save_button,
            self.regenerate_button,
            self.export_button,
            self.copy_button,
        ):
            top.addWidget(button)

        self.editor = QTextEdit()
        # Tab moves on, as everywhere else in the window: keyboard users must be able to leave.
        self.editor.setTabChangesFocus(True)
        self.editor.setAcceptRichText(True)
        self.editor.setAccessibleName(tr("Document"))
        self.editor.setPlaceholderText(tr("Your document appears here, ready to edit."))
        self._stream = StreamingDocument(self.editor.document())
        self.cut_off_bar = CutOffBar()
        self.check_badge = CheckBadge(regenerate_tip=tr("Write the flagged section again"))
        self._flags: tuple[SectionFlags, ...] = ()

        side = SectionsSide()
        self.sections = side.sections
        self.section_button = side.section_button
        self.revert_button = side.revert_button

        text_side = QWidget()
        text_layout = QVBoxLayout(text_side)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self.cut_off_bar)
        text_layout.addWidget(self.check_badge)
        text_layout.addWidget(self.editor, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(text_side)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([600, 220])

        self.status = muted_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)
        # Tab follows the layout (top row, the bars above the text, the text, the sections),
        # not the order the widgets were made in.
        chain_tab_order(
            [
                self.title_edit,
                self.stop_button,
                self.save_button,
                self.regenerate_button,
                self.export_button,
                self.copy_button,
                self.cut_off_bar.continue_button,
                self.check_badge.regenerate_button,
                self.check_badge.accept_button,
                self.editor,
                self.sections,
                self.section_button,
                self.revert_button,
            ]
        )

        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(RENDER_INTERVAL_MS)
        self._render_timer.timeout.connect(self._render_stream)

        self.save_button.clicked.connect(self.save_requested)
        self.regenerate_button.clicked.connect(self.regenerate_requested)
        self.export_button.clicked.connect(self.export_requested)
        self.copy_button.clicked.connect(self.copy_requested)
        self.revert_button.clicked.connect(self.revert_requested)
        self.stop_button.clicked.connect(self.stop_requested)
        self.section_button.clicked.connect(self._on_section_button)
        self.cut_off_bar.continue_requested.connect(self.continue_requested)
        self.check_badge.regenerate_clicked.connect(self._regenerate_flagged)
        self.check_badge.accept_clicked.connect(self.accept_issues_requested)
        self.sections.currentRowChanged.connect(lambda _row: self._update_actions())
        self.sections.itemActivated.connect(self._scroll_to_section)
        self.editor.document().modificationChanged.connect(lambda _m: self._update_actions())
        self.title_edit.textEdited.connect(lambda _t: self._update_actions())
        self._apply_css()
        self._update_actions()

    # ---- streaming ---------------------------------------------------------------------------

    def begin_stream(
        self, title: str, section_titles: list[str], *, keep: GeneratedDocument | None = None
    ) -> None:
        """A generation starts: the whole document, or (with `keep`) one section of it, the
        others shown as they are."""
        self._streaming = True
        self._flags = ()
        self.check_badge.show_count(0)
        self._title = title
        self.title_edit.setText(title)
        self._outlined = bool(section_titles)
        self._section_titles = list(section_titles) or [""]
        if keep is not None:
            self._section_texts = [s.text for s in keep.sections]
            self._section_done = list(keep.sections)
        else:
            self.document = None
            self._section_texts = []
            self._section_done = []
        self._stream.reset()
        self.editor.clear()
        self.editor.setReadOnly(True)
        self._fill_sections(current=None)
        self.status.setText(tr("Writing…"))
        self._update_actions()

    def begin_continue(self, document: GeneratedDocument, index: int) -> None:
        """Continue starts: the document as it is, the section's new text streaming onto its
        end (stream_text)."""
        outlined = document.recipe.plan.outlined
        titles = [s.title for s in document.sections] if outlined else []
        self.begin_stream(document.title, titles, keep=document)
        self._section_done[index] = None
        self._fill_sections(current=index)
        self._schedule_render()
        self.status.setText(
            tr("Continuing {name}…").format(name=section_label(document.sections[index], index))
        )

    def stream_section(self, index: int, title: str) -> None:
        while len(self._section_texts) <= index:
            self._section_texts.append("")
            self._section_done.append(None)
        self._section_texts[index] = ""
        self._section_done[index] = None
        self._fill_sections(current=index)
        if self._outlined:
            self.status.setText(
                tr("Writing section {number} of {count}: {title}").format(
                    number=index + 1, count=len(self._section_titles), title=title
                )
            )
        self._schedule_render()

    def stream_text(self, index: int, text: str) -> None:
        if not self._streaming or index >= len(self._section_texts):
            return
        self._section_texts[index] += text
        self._schedule_render()

    def streamed_markdown(self) -> str:
        """What the editor shows while streaming (the sections reached so far)."""
        if not self._outlined:
            return self._section_texts[0] if self._section_texts else ""
        reached = [
            GeneratedSection(title, "", text)
            for title, text in zip(self._section_titles, self._section_texts, strict=False)
        ]
        return assemble_markdown(self._title, tuple(reached)) if reached else f"# {self._title}\n"

    def _schedule_render(self) -> None:
        if not self._render_timer.isActive():
            self._render_timer.start()

    def _render_stream(self) -> None:
        if self._streaming:
            self._stream.update(self.streamed_markdown())

    # ---- a stored document -------------------------------------------------------------------

    def show_document(self, document: GeneratedDocument) -> None:
        """Show a stored document (after generation, or reopened): its content, ready to edit."""
        self._render_timer.stop()
        self._streaming = False
        self.document = document
        self._title = document.title
        self.title_edit.setText(document.title)
        self._outlined = document.recipe.plan.outlined
        self._section_titles = [s.title for s in document.sections]
        self._section_texts = [s.text for s in document.sections]
        self._section_done = list(document.sections)
        self._flags = check_document(document)
        self._render_full(document.content)
        self.editor.setReadOnly(False)
        self._fill_sections(current=None)
        recipe = document.recipe
        adapters = ", ".join(
            tr("{name} at {scale}").format(name=a.name, scale=f"{a.scale:g}")
            for a in recipe.model.adapters
        )
        self.status.setText(
            tr("{model} · seed {seed} · template {template} v{version}").format(
                model=recipe.model.name + (" + " + adapters if adapters else ""),
                seed=recipe.seed,
                template=recipe.plan.template_id,
                version=recipe.plan.template_version,
            )
            + (" · " + tr("edited") if document.edited else "")
        )
        self._update_actions()

    def end_stream(self, message: str) -> None:
        """A generation ended without a stored result (it failed): show what arrived."""
        self._render_timer.stop()
        if self._streaming:
            self._streaming = False
            if self.document is not None:
                self.show_document(self.document)
            else:
                self._render_full(self.streamed_markdown())
        self.editor.setReadOnly(self.document is None)
        self.status.setText(message)
        self._update_actions()

    def clear(self) -> None:
        self.document = None
        self._flags = ()
        self.check_badge.show_count(0)
        self._streaming = False
        self._section_titles, self._section_texts, self._section_done = [], [], []
        self.title_edit.clear()
        self.editor.clear()
        self.sections.clear()
        self.status.clear()
        self._update_actions()

    def _render_full(self, markdown: str) -> None:
        self._stream.reset()
        self._apply_css()
        self.editor.setHtml(render_markdown(markdown).html)
        self.editor.document().setModified(False)
        self._underline_flags()

    # ---- what the checker flagged ------------------------------------------------------------

    def flags(self) -> tuple[SectionFlags, ...]:
        return self._flags

    def _underline_flags(self) -> None:
        """Underline each flagged section's spans in the editor, and show the badge."""
        document = self.document
        shown = self.editor.toPlainText()
        ranges = []
        for flags in self._flags:
            # Each section's spans are found after its heading, so the same figure in
            # another section is not the one underlined.
            after = shown.find(flags.title) if flags.title else 0
            found = locate_flags(shown[max(after, 0) :], flags.text, flags.issues)
            ranges += [replace(r, start=r.start + max(after, 0), end=r.end + max(after, 0))
                       for r in found]  # fmt: skip
        underline_flags(self.editor.document(), ranges, error_color(self.palette()))
        count = sum(len(f.issues) for f in self._flags)
        accepted = document is not None and document.issues_accepted
        self.check_badge.show_count(count if document is not None else 0, accepted=accepted)
        first = self._flags[0] if self._flags else None
        if first is not None:
            name = (
                tr("Regenerate section {number}").format(number=first.index + 1)
                if first.title
                else tr("Regenerate")
            )
            self.check_badge.regenerate_button.setText(name)

    def _regenerate_flagged(self) -> None:
        if self._flags:
            self.regenerate_section_requested.emit(self._flags[0].index)

    # ---- reading -----------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        if self.document is None or self._streaming:
            return False
        return self.editor.document().isModified() or self.title() != self.document.title

    def title(self) -> str:
        return self.title_edit.text().strip()

    def markdown(self) -> str:
        """The document as Markdown: the stored text unless the user changed it here."""
        if self.document is not None and not self.editor.document().isModified():
            return self.document.content
        return document_markdown(self.editor.document())

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        if not busy and self._streaming:
            self._streaming = False
        self._update_actions()

    @property
    def streaming(self) -> bool:
        return self._streaming

    # ---- internals ---------------------------------------------------------------------------

    def _fill_sections(self, current: int | None) -> None:
        selected = self.sections.currentRow()
        self.sections.clear()
        if not self._outlined:
            return
        for index, title in enumerate(self._section_titles):
            done = self._section_done[index] if index < len(self._section_done) else None
            if index == current:
                mark = tr("writing…")
            elif done is not None:
                mark = finish_mark(done.finish_reason)
            else:
                mark = ""
            item = QListWidgetItem(f"{index + 1}. {title}" + (f"  {mark}" if mark else ""))
            tip = finish_tip(done.finish_reason) if done is not None else ""
            item.setToolTip(f"{title}: {tip}" if tip else title)
            self.sections.addItem(item)
        if 0 <= selected < self.sections.count():
            self.sections.setCurrentRow(selected)

    def _on_section_button(self) -> None:
        row = self.sections.currentRow()
        if row >= 0:
            self.regenerate_section_requested.emit(row)

    def _scroll_to_section(self, item: QListWidgetItem) -> None:
        row = self.sections.row(item)
        if 0 <= row < len(self._section_titles) and not self._streaming:
            self.editor.moveCursor(self.editor.textCursor().MoveOperation.Start)
            self.editor.find(self._section_titles[row])
            self.editor.ensureCursorVisible()

    def _update_actions(self) -> None:
        idle = not self._busy and not self._streaming
        stored = self.document is not None
        self.stop_button.setVisible(self._busy)
        self.save_button.setEnabled(idle and stored and self.has_unsaved_changes())
        self.regenerate_button.setEnabled(idle and stored)
        self.export_button.setEnabled(idle and stored)
        self.copy_button.setEnabled(idle and stored)
        self.section_button.setEnabled(
            idle and stored and self._outlined and self.sections.currentRow() >= 0
        )
        self.revert_button.setEnabled(
            idle
            and stored
            and self.document is not None
            and (self.document.edited or self.has_unsaved_changes())
        )
        if self.document is None or self._streaming:
            self.cut_off_bar.show_for(())
        else:
            self.cut_off_bar.show_for(
                self.document.sections, selected=self.sections.currentRow(), enabled=idle
            )

    def _apply_css(self) -> None:
        # This widget's palette: on a theme switch it hears of the change before its children.
        self.editor.document().setDefaultStyleSheet(document_css(self.palette()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and not self._streaming:
            # The style sheet is applied while parsing: show the same text with the new colours.
            modified = self.editor.document().isModified()
            markdown = self.markdown() if self.document is not None else ""
            if self.document is not None:
                self._render_full(markdown)
                self.editor.document().setModified(modified)
        super().changeEvent(event)
