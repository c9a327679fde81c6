"""Every window and dialog of the app, rendered to PNG files for people to look at.

Each combination of theme (light, dark), scale (100%, 200%) and language (English, German) runs
in a process of its own, because Qt reads the scale factor once at start-up. The windows are the
real ones over a throwaway profile that holds the starter model and one chat; every command of
the main window that opens a dialog ("…" in its name) is triggered, and whatever it opens is
photographed and closed again.

    .venv/bin/python packaging/window_gallery.py --out DIR [--only dark-200-de]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / ".cache" / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"
THEMES = ("light", "dark")
SCALES = ("1", "2")
LANGUAGES = ("en", "de")
# Commands that open the operating system's file chooser or change the profile, not a window of
# the app's own.
SKIPPED_COMMANDS = re.compile(
    r"import model|import adapter|import assistant pack|export all data|restore|quit",
    re.IGNORECASE,
)
SAMPLE_TITLE = "Listing files"
SAMPLE_QUESTION = "How do I list the files in a folder, biggest first?"
SAMPLE_REPLY = (
    "Use `ls` with two options:\n\n"
    "```bash\nls -lS /path/to/folder\n# -l: one file per line, -S: biggest first\n```\n\n"
    "- `-h` shows sizes as 1.2K, 3.4M\n- `-r` reverses the order"
)


def prepare_profile(home: Path) -> None:
    """A profile with the starter model and one chat, shared by every combination."""
    os.environ["HEARTH_HOME"] = str(home)
    sys.path.insert(0, str(ROOT))
    from app.config import Paths
    from app.core import Core

    core = Core.open(Paths.resolve())
    try:
        if STARTER.is_file():
            core.library.import_model(STARTER)
        conversation = core.chats.conversations.create(SAMPLE_TITLE)
        core.chats.messages.add(conversation.id, "user", SAMPLE_QUESTION)
        core.chats.messages.add(conversation.id, "assistant", SAMPLE_REPLY)
    finally:
        core.close()


def file_name(title: str) -> str:
    # "Über Hearth" -> "uber-hearth": accents dropped, so every name is plain ASCII.
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "window"


def view_actions(window: Any) -> list[Any]:
    """The modes and panels: the menu that holds the first checkable command (View), and every
    checkable command, whatever the language calls them."""
    from PySide6.QtWidgets import QMenu

    checkable = [action for action in window.actions() if action.isCheckable()]
    chosen = list(checkable)
    for menu in window.menuBar().findChildren(QMenu):
        if checkable and checkable[0] in menu.actions():
            chosen += [a for a in menu.actions() if not a.isSeparator() and a not in chosen]
    return chosen


def photograph_one(out: Path, theme: str, language: str) -> int:
    """In this process: open the window as the app does and photograph everything it opens."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

    from app.bootstrap import make_application, open_window
    from app.config import Paths
    from app.core import Core
    from app.ui.common.translations import install_translations

    app = make_application([])
    core = Core.open(Paths.resolve())
    changes: dict[str, Any] = {"theme": theme, "language": language}
    core.save_settings(replace(core.settings, **changes))
    install_translations(app, language)  # as the app does before its first window
    window, bridge = open_window(app, core)
    out.mkdir(parents=True, exist_ok=True)
    taken: list[str] = []

    def settle(ms: int = 400) -> None:
        loop_end = QTimer()
        loop_end.setSingleShot(True)
        loop_end.start(ms)
        while loop_end.isActive():
            app.processEvents()

    def save(widget: QWidget, name: str) -> None:
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        taken.append(path.name)

    def photograph_new_windows(before: set[int], name: str) -> None:
        for widget in app.topLevelWidgets():
            if id(widget) in before or not widget.isVisible() or widget is window:
                continue
            if isinstance(widget, QFileDialog):
                widget.reject()
                continue
            save(widget, f"{name}-{file_name(widget.windowTitle())}")
            if isinstance(widget, QDialog):
                widget.reject()
            else:
                widget.close()

    try:
        window.resize(1440, 900)
        window.show()
        settle(1500)
        save(window, "main-window-empty-chat")
        for chat in core.chats.conversations.list():
            if chat.title == SAMPLE_TITLE:
                window.chat_list.panel.select(chat.id, notify=True)
                settle(800)
        save(window, "main-window")
        for action in view_actions(window):
            text = action.text().replace("&", "")
            if action.isEnabled() and not text.endswith("…"):
                action.trigger()  # a mode or a panel
                settle()
                save(window, f"main-{file_name(text)}")
                action.trigger()  # a panel closes again; an exclusive mode stays
        for action in window.actions():
            text = action.text().replace("&", "")
            opens_window = text.endswith("…") or action.menuRole() == QAction.MenuRole.AboutRole
            if not opens_window or SKIPPED_COMMANDS.search(text) or not action.isEnabled():
                continue
            before = {id(widget) for widget in app.topLevelWidgets() if widget.isVisible()}
            name = file_name(text)
            # A modal dialog runs its own event loop inside trigger(): photograph it from there.
            QTimer.singleShot(
                900, lambda before=before, name=name: photograph_new_windows(before, name)
            )
            action.trigger()
            settle(1100)
            photograph_new_windows(before, name)
    finally:
        window.close()
        bridge.shutdown()
        core.close()
    print(f"{out.name}: {len(taken)} pictures", flush=True)
    # Tearing down Qt objects the closed windows still share can crash on exit; the pictures
    # are written, so leave without it.
    os._exit(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--only", help="one combination, e.g. dark-200-de")
    parser.add_argument("--one", nargs=2, metavar=("THEME", "LANGUAGE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        return photograph_one(args.out, *args.one)
    # The German pictures need the compiled catalogues, as the app does.
    subprocess.run([sys.executable, str(ROOT / "packaging" / "i18n.py"), "build"], check=True)
    home = Path(tempfile.mkdtemp(prefix="hearth-gallery-"))
    try:
        prepare_profile(home)
        failures = 0
        for theme in THEMES:
            for scale in SCALES:
                for language in LANGUAGES:
                    combination = f"{theme}-{int(scale) * 100}-{language}"
                    if args.only and args.only != combination:
                        continue
                    env = dict(os.environ, HEARTH_HOME=str(home), QT_SCALE_FACTOR=scale)
                    env.setdefault("QT_QPA_PLATFORM", "offscreen")
                    command = [sys.executable, __file__, "--out", str(args.out / combination)]
                    result = subprocess.run([*command, "--one", theme, language], env=env)
                    failures += result.returncode != 0
        return 1 if failures else 0
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
