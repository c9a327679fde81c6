"""The settings dialog shows the given Settings and returns what the user changed."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.config import Settings
from app.ui.shell.settings_dialog import SettingsDialog
from tests.gui.accessibility_audit import tab_chain_problems, unnamed_interactive_widgets

CUSTOM = Settings(
    n_threads=6,
    n_ctx=8192,
    gpu_layers=20,
    temperature=0.3,
    top_p=0.9,
    top_k=64,
    min_p=0.1,
    repeat_penalty=1.15,
    max_tokens=1024,
    seed=3_000_000_000,  # above 2**31: a plain QSpinBox could not hold it
    system_prompt="You write quarterly reports.",
    theme="dark",
    language="de",
    default_model_id=4,
)


def make(qtbot: QtBot, settings: Settings) -> SettingsDialog:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    return dialog


def test_unchanged_dialog_returns_the_same_settings(qtbot: QtBot) -> None:
    assert make(qtbot, CUSTOM).settings() == CUSTOM
    assert make(qtbot, Settings()).settings() == Settings()


def test_fields_show_the_given_values(qtbot: QtBot) -> None:
    dialog = make(qtbot, CUSTOM)
    assert dialog.threads.value() == 6
    assert dialog.gpu_mode.currentData() == "custom"
    assert dialog.gpu_layers.isEnabled() and dialog.gpu_layers.value() == 20
    assert not dialog.random_seed.isChecked()
    assert dialog.theme.currentData() == "dark"
    assert dialog.language.currentData() == "de"
    assert dialog.threads.specialValueText() == "Automatic"


def test_changed_values_round_trip(qtbot: QtBot) -> None:
    dialog = make(qtbot, Settings(default_model_id=9))
    dialog.threads.setValue(4)
    dialog.context_size.setValue(16384)
    dialog.gpu_mode.setCurrentIndex(dialog.gpu_mode.findData("all"))
    dialog.temperature.setValue(1.25)
    dialog.top_p.setValue(0.8)
    dialog.top_k.setValue(0)
    dialog.min_p.setValue(0.0)
    dialog.repeat_penalty.setValue(1.3)
    dialog.max_tokens.setValue(2000)
    dialog.random_seed.setChecked(False)
    dialog.seed.setValue(123)
    dialog.system_prompt.setPlainText("Be brief.")
    dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
    dialog.document_retries.setValue(0)
    assert dialog.settings() == Settings(
        n_threads=4,
        n_ctx=16384,
        gpu_layers="all",
        temperature=1.25,
        top_p=0.8,
        top_k=0,
        min_p=0.0,
        repeat_penalty=1.3,
        max_tokens=2000,
        seed=123,
        system_prompt="Be brief.",
        theme="light",
        template_max_retries=0,
        default_model_id=9,  # not on the dialog: kept as given
    )


def test_gpu_modes_and_random_seed(qtbot: QtBot) -> None:
    dialog = make(qtbot, CUSTOM)
    dialog.gpu_mode.setCurrentIndex(dialog.gpu_mode.findData("none"))
    assert not dialog.gpu_layers.isEnabled()
    dialog.random_seed.setChecked(True)
    assert not dialog.seed.isEnabled()
    result = dialog.settings()
    assert result.gpu_layers == "none"
    assert result.seed is None


def test_restore_defaults_keeps_the_default_model(qtbot: QtBot) -> None:
    dialog = make(qtbot, CUSTOM)
    dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert dialog.settings() == replace(Settings(), default_model_id=4)


def test_ok_accepts_and_cancel_rejects(qtbot: QtBot) -> None:
    dialog = make(qtbot, CUSTOM)
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    dialog = make(qtbot, CUSTOM)
    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()


def test_reply_length_is_automatic_until_the_user_picks_one(qtbot: QtBot) -> None:
    dialog = make(qtbot, Settings())
    assert dialog.max_tokens.value() == 0
    assert dialog.max_tokens.text() == "Automatic"
    assert "model's size" in dialog.max_tokens.toolTip()
    assert dialog.settings().max_tokens is None
    dialog.max_tokens.setValue(768)
    assert dialog.settings().max_tokens == 768
    dialog.max_tokens.setValue(0)
    assert dialog.settings().max_tokens is None


def test_language_is_chosen_here_and_kept(qtbot: QtBot) -> None:
    dialog = make(qtbot, Settings())
    assert dialog.language.currentData() == "system"  # the OS's language, else English
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    assert dialog.settings().language == "de"
    assert Settings(language="xx").validated().language == "system"  # type: ignore[arg-type]


def test_settings_dialog_is_accessible(qtbot: QtBot) -> None:
    dialog = make(qtbot, CUSTOM)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert unnamed_interactive_widgets(dialog) == []
    assert tab_chain_problems(dialog) == []


def test_lock_when_idle_shows_only_for_an_encrypted_profile(qtbot: QtBot) -> None:
    settings = replace(CUSTOM, idle_lock_minutes=15)
    plain = make(qtbot, settings)
    plain.show()
    assert not plain.idle_lock.isVisible()
    assert plain.settings().idle_lock_minutes == 15  # kept for when encryption is turned on
    encrypted = SettingsDialog(settings, encrypted=True)
    qtbot.addWidget(encrypted)
    encrypted.show()
    assert encrypted.idle_lock.isVisible()


def test_replies_at_once_default_range_and_round_trip(qtbot: QtBot) -> None:
    dialog = make(qtbot, Settings())
    box = dialog.parallel_replies
    assert box.value() == Settings().parallel_replies == 4
    assert (box.minimum(), box.maximum()) == (1, 8)
    assert "memory" in box.toolTip()
    box.setValue(1)  # one reply at a time
    assert dialog.settings() == Settings(parallel_replies=1)
    box.setValue(8)
    assert dialog.settings().parallel_replies == 8
    dialog.restore_defaults()
    assert box.value() == 4


def test_replies_at_once_keeps_a_hand_edited_count_above_the_dialogs_range(
    qtbot: QtBot,
) -> None:
    edited = Settings(parallel_replies=12)  # settings.json allows up to 16
    dialog = make(qtbot, edited)
    assert dialog.parallel_replies.value() == 12
    assert dialog.settings() == edited
