"""A status-bar badge that says plainly when replies do not come from this computer."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.engine.types import LoadedModel
from app.ui.common.i18n import tr


class RemoteIndicator(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("remoteIndicator")
        self.setProperty("role", "notice")  # "take note", not an error
        self.set_model(None)

    def set_model(self, model: LoadedModel | None) -> None:
        """Shown only while a remote model is loaded; hidden for local models and none."""
        if model is None or model.endpoint is None:
            self.setText("")
            self.setToolTip("")
            self.hide()
            return
        self.setText(tr("Not running locally: {endpoint}").format(endpoint=model.endpoint))
        self.setToolTip(
            tr(
                "Your messages are sent to {url} ({model}) and answered there, not on this "
                "computer."
            ).format(url=model.path, model=model.remote_model)
        )
        self.show()
