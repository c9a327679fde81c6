"""The first-run screen: what it shows, and its download from a real local hub server.

Screenshots of the screen (light and dark, mid-download, a failed verification, the starter's
problem) are checked here by their pixels; with HEARTH_SHOTS_DIR set they are also saved there
for a person to look at:
    HEARTH_SHOTS_DIR=shots python -m pytest tests/gui/test_first_run_screen.py
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from huggingface_hub import constants
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.core import Core
from app.library.catalog import CatalogEntry
from app.library.download import DownloadManager
from app.library.machine import Machine
from app.library.recommendation import alternatives, recommend
from app.library.speed_estimate import estimate_speed
from app.library.starter import STARTER_SHA256
from app.storage.records import ModelRecord
from app.ui.common.theme import apply_theme
from app.ui.first_run.card_texts import CardState
from app.ui.first_run.first_run_screen import FirstRunFacts, FirstRunScreen
from tests.fixtures.catalog_entries import catalog_entry
from tests.fixtures.hub_server import HostedFile, HubServer, running_hub
from tests.fixtures.tiny_model import write_tiny_model

from .event_wait import wait_until

GIB = 1024**3
GB = 1_000_000_000
REPO = "tester/Tiny-Instruct-GGUF"
FILE = "Tiny-Instruct-Q8_0.gguf"
DOWNLOAD_TIMEOUT_MS = 30_000


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


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_theme(qapp, request.param)
    yield str(request.param)
    apply_theme(qapp, "system")


def laptop(total_gib: float = 15.6) -> Machine:
    return Machine(
        total_ram_bytes=int(total_gib * GIB),
        available_ram_bytes=int(total_gib * 0.62 * GIB),
        gpus=(),
        backend="CPU",
        cpu_cores=8,
    )


def showcase_catalog() -> tuple[CatalogEntry, ...]:
    """Realistic names and sizes, for looking at; nothing here is downloaded."""
    return (
        catalog_entry(
            "compact-4b",
            name="Compact 4B Instruct",
            parameters=4_000_000_000,
            size_bytes=int(2.5 * GB),
            recommended_for=("ram-8",),
            uses=("chat", "writing"),
        ),
        catalog_entry(
            "general-8b",
            name="General 8B Instruct",
            parameters=8_200_000_000,
            size_bytes=int(5.0 * GB),
            recommended_for=("ram-16",),
            uses=("chat", "documents", "writing", "multilingual"),
            good_for="Strong all-rounder: long documents, careful business letters and "
            "reports, and questions in many languages.",
        ),
        catalog_entry(
            "large-14b",
            name="Large 14B Instruct",
            parameters=14_700_000_000,
            size_bytes=int(9.0 * GB),
            recommended_for=("ram-32", "gpu"),
            license="Research licence",
            commercial_use="restricted",
        ),
    )


def hosted_catalog(tiny: HostedFile, **pinned: object) -> tuple[CatalogEntry, ...]:
    """The hosted tiny model is what a 16 GB computer is recommended."""
    return (
        catalog_entry(
            "tiny-instruct",
            name="Tiny Instruct",
            repo=REPO,
            file=FILE,
            quantization="Q8_0",
            parameters=500_000_000,
            size_bytes=tiny.size,
            recommended_for=("ram-16",),
            uses=("chat", "documents", "writing"),
            **pinned,
        ),
        *showcase_catalog()[2:],
    )


def starter_record() -> ModelRecord:
    return ModelRecord(
        id=1,
        name="SmolLM2 135M Instruct",
        path="/models/SmolLM2-135M-Instruct.Q4_1.gguf",
        sha256=STARTER_SHA256,
        size_bytes=98_362_432,
        architecture="llama",
        parameter_count=135_000_000,
        quantization="Q4_1",
        context_length=8192,
        has_chat_template=True,
        license="apache-2.0",
        added_at=datetime.now(UTC),
    )


def facts_for(
    entries: tuple[CatalogEntry, ...],
    machine: Machine | None = None,
    *,
    starter: ModelRecord | None = None,
    problem: str | None = None,
    cpu_bytes_per_s: float = 38e9,  # a laptop's dual-channel memory, as the probe measures it
) -> FirstRunFacts:
    machine = machine or laptop()

    def words_per_s(entry: CatalogEntry) -> float:
        return estimate_speed(entry.size_bytes, machine, cpu_bytes_per_s).words_per_s

    return FirstRunFacts(
        machine=machine,
        cpu_bytes_per_s=cpu_bytes_per_s,
        recommendation=recommend(entries, machine, words_per_s=words_per_s),
        choices=tuple(alternatives(entries, machine)),
        catalog_problem=None,
        starter=starter,
        starter_in_use=True,
        starter_problem=problem,
        first_start=True,
    )


def open_screen(
    qtbot: QtBot, facts: FirstRunFacts, downloads: DownloadManager, size: tuple[int, int]
) -> tuple[FirstRunScreen, list[int]]:
    screen = FirstRunScreen(facts, downloads)
    qtbot.addWidget(screen)
    chosen: list[int] = []
    screen.model_chosen.connect(chosen.append)
    screen.resize(*size)
    screen.show()
    qtbot.waitExposed(screen)
    qtbot.wait(50)  # let the layouts settle
    return screen, chosen


def downloads_for(core: Core, hub: HubServer) -> DownloadManager:
    return DownloadManager(core.library, endpoint=hub.url, retry_wait_s=0.05)


def shot(widget: QWidget, name: str) -> None:
    image = widget.grab().toImage()
    assert not image.isNull()
    folder = os.environ.get("HEARTH_SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        assert image.save(str(Path(folder) / f"{name}.png"))


def pixel_at_centre(screen: QWidget, widget: QWidget) -> QColor:
    image = screen.grab().toImage()
    centre = widget.mapTo(screen, QPoint(widget.width() // 2, 3))
    ratio = image.devicePixelRatio()
    return image.pixelColor(int(centre.x() * ratio), int(centre.y() * ratio))


# ---- what it shows -------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(1000, 780), (860, 640)])
def test_the_screen_shows_this_computer_and_its_recommendation(
    qtbot: QtBot, core: Core, hub: HubServer, theme: str, size: tuple[int, int]
) -> None:
    facts = facts_for(showcase_catalog(), starter=starter_record())
    screen, _ = open_screen(qtbot, facts, downloads_for(core, hub), size)
    card = screen.card
    assert card is not None
    assert card.entry.id == "general-8b"  # the catalog's pick for 16 GB
    assert card.name_label.text() == "General 8B Instruct"
    assert card.badge.text() == "Recommended"
    assert card.uses_label.text().startswith("Good for chat, questions about your documents")
    assert "a second" in card.speed_label.text()
    assert card.speed_caption.text() == "Speed here (an estimate)"
    assert card.size_label.text() == "5.0 GB"
    assert card.primary_button.text() == "Download (5.0 GB)"
    facts_text = " ".join(
        label.text() for label in screen.findChildren(type(card.name_label)) if label.isVisible()
    )
    assert "15.6 GB" in facts_text and "8 cores" in facts_text and "llama.cpp" in facts_text
    assert not screen.problem_banner.isVisible()
    # Enter is the card's download; it is also where the keyboard starts.
    assert card.primary_button.isDefault()
    assert card.primary_button.hasFocus()
    highlight = screen.palette().color(QPalette.ColorRole.Highlight)
    assert pixel_at_centre(screen, card.primary_button) == highlight
    shot(screen, f"first_run_{theme}_{size[0]}x{size[1]}")


def test_each_way_out_has_an_accessible_name(qtbot: QtBot, core: Core, hub: HubServer) -> None:
    facts = facts_for(showcase_catalog(), starter=starter_record())
    screen, _ = open_screen(qtbot, facts, downloads_for(core, hub), (1000, 780))
    assert screen.card is not None
    assert screen.card.primary_button.accessibleName() == "Download General 8B Instruct"
    names = {key: b.accessibleName() for key, b in screen.option_buttons.items()}
    assert names == {
        "starter": "Keep the starter model: Keep the starter",
        "find": "From other apps: Find models",
        "import": "Import a model file: Import a file",
        "catalog": "Browse all models: Browse the catalog",
    }
    assert screen.card.choice_box.accessibleName() == "Model to download"


def test_a_pick_too_slow_here_gives_way_and_another_can_be_picked_in_the_card(
    qtbot: QtBot, core: Core, hub: HubServer
) -> None:
    slow_memory = 20e9
    facts = facts_for(
        showcase_catalog(), laptop(31.5), starter=starter_record(), cpu_bytes_per_s=slow_memory
    )
    screen, _ = open_screen(qtbot, facts, downloads_for(core, hub), (1000, 780))
    card = screen.card
    assert card is not None
    # The 32 GB pick fits, but at 20 GB/s it would write under 2 words a second.
    assert card.entry.id == "general-8b"
    assert "Large 14B Instruct would fit, but would write only" in card.reason_label.text()
    card.select("large-14b")
    assert card.name_label.text() == "Large 14B Instruct"
    assert card.badge.text() == "Your choice"
    assert card.license_label.text() == "Research licence"
    assert card.license_detail.text() == "limits commercial use"
    assert card.reason_label.text().startswith("On this computer: It fits")
    card.select("compact-4b")
    assert card.primary_button.text() == "Download (2.5 GB)"
    assert card.primary_button.accessibleName() == "Download Compact 4B Instruct"


def test_escape_closes_without_dismissing_and_keep_starter_dismisses(
    qtbot: QtBot, core: Core, hub: HubServer
) -> None:
    facts = facts_for(showcase_catalog(), starter=starter_record())
    screen, _ = open_screen(qtbot, facts, downloads_for(core, hub), (1000, 780))
    kept: list[bool] = []
    screen.keep_starter.connect(lambda: kept.append(True))
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert not screen.isVisible() and kept == []

    screen, _ = open_screen(qtbot, facts, downloads_for(core, hub), (1000, 780))
    screen.keep_starter.connect(lambda: kept.append(True))
    screen.option_buttons["starter"].click()
    assert kept == [True] and not screen.isVisible()


@pytest.mark.parametrize("way", ["find", "import", "catalog"])
def test_the_other_ways_hand_over_to_the_window(
    qtbot: QtBot, core: Core, hub: HubServer, way: str
) -> None:
    facts = facts_for(showcase_catalog(), starter=starter_record())
    screen, _ = open_screen(qtbot, facts, downloads_for(core, hub), (1000, 780))
    asked: list[str] = []
    screen.find_requested.connect(lambda: asked.append("find"))
    screen.import_requested.connect(lambda: asked.append("import"))
    screen.catalog_requested.connect(lambda: asked.append("catalog"))
    screen.option_buttons[way].click()
    assert asked == [way]
    assert not screen.isVisible()


def test_the_starters_problem_is_shown_first(
    qtbot: QtBot, core: Core, hub: HubServer, theme: str
) -> None:
    problem = "The bundled starter model is damaged (its sha256 does not match)."
    facts = facts_for(showcase_catalog(), problem=problem)
    screen, _ = open_screen(qtbot, facts, downloads_for(core, hub), (1000, 780))
    assert screen.problem_banner.isVisible()
    assert problem in screen.problem_label.text()
    assert screen.problem_banner.y() < screen.card.y() if screen.card else True
    assert not screen.option_buttons["starter"].isEnabled()  # there is no starter to keep
    shot(screen, f"first_run_starter_problem_{theme}")


def test_when_nothing_fits_enter_keeps_the_starter(
    qtbot: QtBot, core: Core, hub: HubServer
) -> None:
    facts = facts_for(showcase_catalog(), laptop(1.5), starter=starter_record())
    screen, _ = open_screen(qtbot, facts, downloads_for(core, hub), (1000, 780))
    assert screen.card is None
    assert "No catalog model fits" in screen.no_recommendation_label.text()
    kept: list[bool] = []
    screen.keep_starter.connect(lambda: kept.append(True))
    qtbot.keyClick(screen, Qt.Key.Key_Return)
    assert kept == [True]


# ---- the download --------------------------------------------------------------------------


def test_enter_downloads_the_recommendation_with_progress_and_registers_it(
    qtbot: QtBot, core: Core, hub: HubServer, tiny: HostedFile
) -> None:
    hub.delay_per_chunk_s = 0.03  # about 1.5 s for 3 MB: progress has time to show
    facts = facts_for(hosted_catalog(tiny), starter=starter_record())
    screen, chosen = open_screen(qtbot, facts, downloads_for(core, hub), (1000, 780))
    card = screen.card
    assert card is not None and card.entry.id == "tiny-instruct"
    values: list[int] = []
    card.progress_bar.valueChanged.connect(values.append)

    qtbot.keyClick(screen, Qt.Key.Key_Return)
    assert card.state == CardState.DOWNLOADING
    assert card.pause_button.isVisible() and card.cancel_button.isVisible()
    assert not screen.option_buttons["find"].isEnabled()  # one thing at a time
    wait_until(lambda: "MB of 3.0 MB" in card.status_label.text(), timeout_ms=DOWNLOAD_TIMEOUT_MS)
    shot(screen, "first_run_downloading")
    wait_until(lambda: chosen, timeout_ms=DOWNLOAD_TIMEOUT_MS)

    (record,) = core.library.list()
    assert chosen == [record.id]
    assert record.sha256 == tiny.sha256
    assert any(0 < v < card.progress_bar.maximum() for v in values)  # it moved in steps
    assert card.state == CardState.FINISHED
    assert "is ready (its sha256 matches the one the hub published)" in card.status_label.text()
    assert card.primary_button.text() == "Start chatting"
    assert screen.option_buttons["find"].isEnabled()
    shot(screen, "first_run_finished")
    assert card.primary_button.hasFocus()  # the keyboard was on the card: it stays there
    qtbot.keyClick(screen, Qt.Key.Key_Return)  # "Start chatting"
    assert not screen.isVisible()


def test_a_download_whose_sha256_differs_is_refused_with_a_clear_error(
    qtbot: QtBot, core: Core, hub: HubServer, tiny: HostedFile, theme: str
) -> None:
    hub.corrupt = True  # one byte flipped on the wire; the hub's sha256 header stays right
    facts = facts_for(
        hosted_catalog(tiny, sha256=tiny.sha256, verification="sha256"), starter=starter_record()
    )
    screen, chosen = open_screen(qtbot, facts, downloads_for(core, hub), (1000, 780))
    card = screen.card
    assert card is not None
    card.primary_button.click()
    wait_until(lambda: card.state == CardState.FAILED, timeout_ms=DOWNLOAD_TIMEOUT_MS)

    message = card.error_label.text()
    assert card.error_title.isVisible() and card.error_label.isVisible()
    assert card.error_title.text() == "Could not download Tiny Instruct"
    assert "sha256" in message and "deleted" in message
    assert chosen == [] and core.library.list() == []
    assert not (core.paths.models_dir / FILE).exists()
    assert card.primary_button.text() == "Try again"
    shot(screen, f"first_run_hash_mismatch_{theme}")


def test_a_file_that_changed_upstream_from_its_pin_is_not_downloaded(
    qtbot: QtBot, core: Core, hub: HubServer, tiny: HostedFile
) -> None:
    pinned = "0" * 64  # the catalog's pin; the hub now publishes another sha256
    facts = facts_for(
        hosted_catalog(tiny, sha256=pinned, verification="sha256"), starter=starter_record()
    )
    screen, chosen = open_screen(qtbot, facts, downloads_for(core, hub), (1000, 780))
    card = screen.card
    assert card is not None
    card.primary_button.click()
    wait_until(lambda: card.state == CardState.FAILED, timeout_ms=DOWNLOAD_TIMEOUT_MS)
    assert card.error_title.text() == "Could not download Tiny Instruct"
    assert pinned in card.error_label.text() and tiny.sha256 in card.error_label.text()
    assert chosen == [] and core.library.list() == []
    assert hub.cdn_gets() == []  # refused before a byte was fetched


def test_pause_keeps_the_partial_file_and_resume_finishes(
    qtbot: QtBot, core: Core, hub: HubServer, tiny: HostedFile
) -> None:
    hub.delay_per_chunk_s = 0.03
    facts = facts_for(hosted_catalog(tiny), starter=starter_record())
    downloads = downloads_for(core, hub)
    screen, chosen = open_screen(qtbot, facts, downloads, (1000, 780))
    card = screen.card
    assert card is not None
    card.primary_button.click()
    wait_until(lambda: card.progress_bar.value() > 100, timeout_ms=DOWNLOAD_TIMEOUT_MS)
    card.pause_button.click()
    wait_until(lambda: card.state == CardState.PAUSED, timeout_ms=DOWNLOAD_TIMEOUT_MS)
    kept = downloads.partial_bytes(card.entry)
    assert 0 < kept < tiny.size
    assert card.primary_button.text() == "Resume download"
    assert "Resume continues from there" in card.status_label.text()
    shot(screen, "first_run_paused")

    hub.delay_per_chunk_s = 0.0
    card.primary_button.click()
    wait_until(lambda: chosen, timeout_ms=DOWNLOAD_TIMEOUT_MS)
    paused_get, resumed_get = hub.cdn_gets()
    assert paused_get.range is None and resumed_get.range == f"bytes={kept}-"
    assert [r.sha256 for r in core.library.list()] == [tiny.sha256]


def test_closing_the_screen_pauses_a_running_download(
    qtbot: QtBot, core: Core, hub: HubServer, tiny: HostedFile
) -> None:
    hub.delay_per_chunk_s = 0.03
    facts = facts_for(hosted_catalog(tiny), starter=starter_record())
    downloads = downloads_for(core, hub)
    screen, _ = open_screen(qtbot, facts, downloads, (1000, 780))
    assert screen.card is not None
    screen.card.primary_button.click()
    wait_until(lambda: screen.card.progress_bar.value() > 100, timeout_ms=DOWNLOAD_TIMEOUT_MS)
    screen.reject()
    assert 0 < downloads.partial_bytes(screen.card.entry) < tiny.size
    assert core.library.list() == []

    again, _ = open_screen(qtbot, facts, downloads, (1000, 780))
    assert again.card is not None and again.card.state == CardState.PAUSED
    assert again.card.primary_button.text() == "Resume download"
