"""Qt's own warnings and errors (qWarning, qCritical, qFatal) go to Hearth's rotating log.

By default Qt prints them to stderr, which a windowed build does not have: a failed platform
plugin, a broken style sheet or a fatal Qt error would leave no trace.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

QT_LOGGER = "qt"

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _handle(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    level = _LEVELS.get(kind, logging.WARNING)
    logger = logging.getLogger(QT_LOGGER)
    if not logger.isEnabledFor(level):
        return
    category = context.category if context is not None and context.category else ""
    if category and category != "default":
        logger.log(level, "[%s] %s", category, message)
    else:
        logger.log(level, "%s", message)
    if kind == QtMsgType.QtFatalMsg:
        # Qt aborts right after this returns: make sure the line is on disk first.
        for handler in logging.getLogger().handlers:
            handler.flush()


def route_qt_messages_to_log() -> Callable[[], None]:
    """Install the handler; returns a function that puts back the one it replaced."""
    previous = qInstallMessageHandler(_handle)

    def restore() -> None:
        qInstallMessageHandler(previous)

    return restore
