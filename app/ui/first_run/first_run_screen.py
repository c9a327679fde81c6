""" "Choose a model": what this computer has, the catalog model that suits it, and other ways in.

Shown at the first start (and while only the starter model exists, until the user keeps it),
and from Help → Choose a model…. The screen asks the window to do what it already knows how to
do (find models of other apps, import a file, open the catalog) through signals; the download
of the recommendation runs in its card.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.library.catalog import CatalogEntry
from app.library.download import DownloadManager
from app.library.machine import Machine, memory_text
from app.library.recommendation import Recommendation
from app.library.speed_estimate import SpeedEstimate, estimate_speed
from app.library.transfer_rate import human_bytes
from app.resources import resource_path
from app.storage.records import ModelRecord
from app.ui.common.i18n import tr, tr_n
from app.ui.first_run.card_texts import CardState
from app.ui.first_run.first_run_card import RecommendationCard
from app.ui.first_run.first_run_style import first_run_style_sheet
from app.ui.first_run.first_run_tiles import TileRow, fact_tile, graphics_text, option_tile, section


@dataclass(frozen=True)
class FirstRunFacts:
    """Everything the screen shows, gathered by the window (see first_run_controller)."""

    machine: Machine
    cpu_bytes_per_s: float  # measured memory throughput, for the speed estimates
    recommendation: Recommendation[CatalogEntry] | None
    choices: tuple[CatalogEntry, ...]  # other catalog models that fit, largest first
    catalog_problem: str | None  # the catalog could not be read
    starter: ModelRecord | None  # the registered starter model
    starter_in_use: bool  # the starter is the default model (or the only one)
    starter_problem: str | None  # why the bundled starter could not be used
    first_start: bool  # "Welcome" at start; "Choose a model" from the Help menu


class FirstRunScreen(QDialog):
    keep_starter = Signal()
    model_chosen = Signal(int)  # downloaded now or already here: make it the model in use
    find_requested = Signal()
    import_requested = Signal()
    catalog_requested = Signal()

    def __init__(
        self, facts: FirstRunFacts, downloads: DownloadManager, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstRun")
        self.setWindowTitle(tr("Choose a model — Hearth"))
        self.setAccessibleName(tr("Choose a model"))
        self._facts = facts
        self._downloads = downloads
        self.card: RecommendationCard | None = None
        self.option_buttons: dict[str, QPushButton] = {}
        self._style_sheet = ""

        page = QWidget()
        page.setObjectName("firstRunPage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(36, 24, 36, 12)
        layout.setSpacing(8)
        layout.addLayout(self._header())
        self.problem_banner = self._problem_banner()
        layout.addWidget(self.problem_banner)
        layout.addSpacing(6)
        layout.addWidget(section(tr("This computer")))
        self.machine_row = self._machine_row()
        layout.addWidget(self.machine_row)
        layout.addSpacing(8)
        layout.addWidget(section(tr("Recommended for this computer")))
        layout.addWidget(self._recommendation_area())
        layout.addSpacing(8)
        layout.addWidget(section(tr("Other ways to start")))
        self.options_row = self._options_row()
        layout.addWidget(self.options_row)
        layout.addStretch(1)

        scroll = QScrollArea()
        # The page is sized here (_fit_page), not by the scroll area: its own sizing takes the
        # layout's minimum height, worked out for the narrowest width, and scrolls a page that
        # fits.
        scroll.setWidgetResizable(False)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.verticalScrollBar().setAccessibleName(tr("Scroll the page"))
        scroll.setWidget(page)
        scroll.viewport().installEventFilter(self)
        page.installEventFilter(self)
        self._scroll = scroll
        self._page, self._page_layout = page, layout
        self.close_button = QPushButton(tr("Not now"))
        self.close_button.setAutoDefault(False)
        self.close_button.setToolTip(
            tr(
                "Close this screen (Esc). It opens again at the next start while only the "
                "starter model is here; Help → Choose a model… opens it any time."
            )
        )
        self.close_button.setAccessibleDescription(self.close_button.toolTip())
        self.close_button.clicked.connect(self.reject)
        footer = QHBoxLayout()
        footer.setContentsMargins(36, 8, 36, 16)
        privacy = QLabel(
            tr(
                "Downloads come from {host} and are checked before use. Nothing you type ever "
                "leaves this computer."
            ).format(host=downloads.endpoint.split("://", 1)[-1])
        )
        privacy.setObjectName("muted")
        privacy.setWordWrap(True)
        footer.addWidget(privacy, 1)
        footer.addWidget(self.close_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(scroll, 1)
        outer.addLayout(footer)
        self._apply_style()
        self._size_to_screen()
        self._focus_primary()

    # ---- sections -------------------------------------------------------------------------

    def _header(self) -> QHBoxLayout:
        icon = QLabel()
        icon.setPixmap(QIcon(str(resource_path("icons", "hearth.svg"))).pixmap(52, 52))
        icon.setFixedSize(56, 56)
        title = QLabel(tr("Welcome to Hearth") if self._facts.first_start else tr("Choose a model"))
        title.setObjectName("title")
        subtitle = QLabel(
            tr(
                "Hearth answers with a language model that runs on this computer. Choose one "
                "that suits it; you can change your choice at any time from the Help menu."
            )
        )
        subtitle.setObjectName("subtitle")
        subtitle.setWordWrap(True)
        text = QVBoxLayout()
        text.setSpacing(4)
        text.addWidget(title)
        text.addWidget(subtitle)
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        return row

    def _problem_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("problem")
        problem = self._facts.starter_problem
        title = QLabel(tr("The built-in starter model cannot be used"))
        title.setObjectName("problemTitle")
        body = QLabel(
            f"{problem or ''} "
            + tr("Download a model below, use one from another app, or import a model file.")
        )
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem_label = body
        column = QVBoxLayout(banner)
        column.setContentsMargins(16, 12, 16, 12)
        column.addWidget(title)
        column.addWidget(body)
        banner.setAccessibleName(tr("Problem: {problem}").format(problem=problem))
        banner.setVisible(problem is not None)
        return banner

    def _machine_row(self) -> TileRow:
        machine = self._facts.machine
        engine = (
            tr("runs models on the processor")
            if machine.backend == "CPU"
            else tr("runs models with {backend}").format(backend=machine.backend)
        )
        return TileRow(
            [
                fact_tile(
                    tr("Memory"),
                    memory_text(machine.total_ram_bytes),
                    tr("{memory} free now").format(memory=memory_text(machine.available_ram_bytes)),
                ),
                fact_tile(tr("Graphics card"), *graphics_text(machine)),
                fact_tile(
                    tr("Processor"),
                    tr_n(machine.cpu_cores, "{n} core", "{n} cores"),
                    tr("memory {speed}/s").format(speed=human_bytes(self._facts.cpu_bytes_per_s)),
                ),
                fact_tile(tr("Engine"), "llama.cpp", engine),
            ]
        )

    def _recommendation_area(self) -> QWidget:
        facts = self._facts
        if facts.recommendation is None:
            return self._no_recommendation()
        card = RecommendationCard(
            facts.recommendation,
            facts.choices,
            self._downloads,
            facts.machine,
            self.speed_for,
        )
        card.model_ready.connect(self.model_chosen)
        card.model_ready.connect(self._on_model_ready)
        card.finished.connect(self.accept)
        card.busy_changed.connect(self._on_busy)
        self.card = card
        return card

    def _no_recommendation(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("option")
        label = QLabel()
        label.setWordWrap(True)
        if self._facts.catalog_problem:
            label.setText(
                tr("The model catalog could not be read: {reason}").format(
                    reason=self._facts.catalog_problem
                )
            )
        else:
            label.setText(
                tr(
                    "No catalog model fits in this computer's {memory} of memory. The starter "
                    "model is the best choice here; a model file of your own can be imported "
                    "below."
                ).format(memory=memory_text(self._facts.machine.total_ram_bytes))
            )
        column = QVBoxLayout(frame)
        column.setContentsMargins(20, 16, 20, 16)
        column.addWidget(label)
        self.no_recommendation_label = label
        return frame

    def _options_row(self) -> TileRow:
        facts = self._facts
        starter = facts.starter
        if starter is None:
            starter_text = tr("The starter model is not on this computer.")
        else:
            starter_text = tr(
                "The small model that came with Hearth is already here: instant, for trying "
                "Hearth out and for short, simple replies."
            )
        keep = tr("Keep the starter") if facts.starter_in_use else tr("Use the starter")
        options = (
            ("starter", tr("Keep the starter model"), starter_text, keep, self._keep_starter),
            (
                "find",
                tr("From other apps"),
                tr(
                    "Use models that LM Studio, Ollama, GPT4All or Jan already downloaded, "
                    "without copying them."
                ),
                tr("Find models…"),
                self._forward(self.find_requested.emit),
            ),
            (
                "import",
                tr("Import a model file"),
                tr("Add a GGUF model file you already have, from any folder or drive."),
                tr("Import a file…"),
                self._forward(self.import_requested.emit),
            ),
            (
                "catalog",
                tr("Browse all models"),
                tr("Every catalog model by size, with its licence and what it is good for."),
                tr("Browse the catalog…"),
                self._forward(self.catalog_requested.emit),
            ),
        )
        tiles = []
        for key, title, body, button_text, slot in options:
            tile, button = option_tile(title, body, button_text)
            button.clicked.connect(slot)
            self.option_buttons[key] = button
            tiles.append(tile)
        self.option_buttons["starter"].setEnabled(starter is not None)
        return TileRow(tiles)

    # ---- behaviour ------------------------------------------------------------------------

    @property
    def facts(self) -> FirstRunFacts:
        return self._facts

    def speed_for(self, entry: CatalogEntry) -> SpeedEstimate:
        return estimate_speed(entry.size_bytes, self._facts.machine, self._facts.cpu_bytes_per_s)

    @property
    def primary_button(self) -> QPushButton:
        """What Enter does: the card's action, or keeping the starter when nothing fits."""
        if self.card is not None:
            return self.card.primary_button
        return self.option_buttons["starter"]

    def _focus_primary(self) -> None:
        button = self.primary_button
        if not button.isEnabled():
            button = self.option_buttons["import"]
        button.setDefault(True)
        button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _keep_starter(self) -> None:
        self.keep_starter.emit()
        self.accept()

    def _forward(self, emit: Callable[[], object]) -> Callable[[], None]:
        def forward() -> None:
            self.close()  # the window's own dialog takes over
            emit()

        return forward

    def _on_model_ready(self, _model_id: int) -> None:
        if self.card is not None and self.card.state == CardState.DOWNLOADED:
            self.accept()  # "Use this model": nothing more to show

    def _on_busy(self, busy: bool) -> None:
        for button in self.option_buttons.values():
            button.setEnabled(not busy)
        if not busy:
            self.option_buttons["starter"].setEnabled(self._facts.starter is not None)

    # ---- look and closing -----------------------------------------------------------------

    def _apply_style(self) -> None:
        # A style sheet changes the palette too: only a new theme builds it again.
        sheet = first_run_style_sheet(QApplication.palette())
        if sheet != self._style_sheet:
            self._style_sheet = sheet
            self.setStyleSheet(sheet)

    def _size_to_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else None
        width, height = 1000, 780
        if area is not None:
            width = min(width, int(area.width() * 0.94))
            height = min(height, int(area.height() * 0.94))
        self.resize(width, height)
        self.setMinimumSize(min(width, 720), min(height, 520))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        viewport_resized = event.type() == QEvent.Type.Resize and watched is self._scroll.viewport()
        page_changed = event.type() == QEvent.Type.LayoutRequest and watched is self._page
        if viewport_resized or page_changed:
            self._fit_page()
        return super().eventFilter(watched, event)

    def _fit_page(self) -> None:
        """The page as wide as the view and as tall as its wrapped text needs at that width (at
        least the view's height): it scrolls only when it does not fit."""
        viewport = self._scroll.viewport()
        width = viewport.width()
        margins = self._page_layout.contentsMargins()
        for row in (self.machine_row, self.options_row):
            row.arrange_for(width - margins.left() - margins.right())
        height = max(viewport.height(), self._page_layout.totalHeightForWidth(width))
        if self._page.size() != QSize(width, height):
            self._page.resize(width, height)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_style()  # the theme was switched while the screen is open
        super().changeEvent(event)

    def done(self, result: int) -> None:
        """Closing pauses a running download (its partial file is kept for later)."""
        if self.card is not None:
            self.card.pause_running()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.card is not None:
            self.card.pause_running()
        super().closeEvent(event)
