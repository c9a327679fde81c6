"""A small live loss plot drawn with QPainter (QtCharts is not in PySide6-Essentials)."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui.common.i18n import tr

SMOOTHING = 0.6  # exponential moving average: per-batch losses jump around


class LossPlot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: list[tuple[int, float]] = []
        self._total_steps = 0
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(tr("Training loss plot"))
        self._describe()

    def sizeHint(self) -> QSize:
        return QSize(420, 200)

    @property
    def points(self) -> list[tuple[int, float]]:
        return list(self._points)

    def reset(self, total_steps: int = 0) -> None:
        self._points = []
        self._total_steps = total_steps
        self._describe()
        self.update()

    def set_total_steps(self, total_steps: int) -> None:
        self._total_steps = total_steps
        self.update()

    def add_point(self, step: int, loss: float) -> None:
        if math.isfinite(loss):
            self._points.append((step, loss))
            self._describe()
            self.update()

    def _describe(self) -> None:
        """What the plot shows, in words, for a screen reader (it cannot read the drawing)."""
        if not self._points:
            self.setAccessibleDescription(tr("No training steps yet."))
            return
        step, loss = self._points[-1]
        smoothed = self.smoothed()[-1][1]
        self.setAccessibleDescription(
            tr("Step {step} of {total}: loss {loss}, smoothed {smoothed}.").format(
                step=step,
                total=max(self._total_steps, step),
                loss=f"{loss:.4f}",
                smoothed=f"{smoothed:.4f}",
            )
        )

    def smoothed(self) -> list[tuple[int, float]]:
        out: list[tuple[int, float]] = []
        average: float | None = None
        for step, loss in self._points:
            average = loss if average is None else SMOOTHING * average + (1 - SMOOTHING) * loss
            out.append((step, average))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        text_color = palette.text().color()
        area = QRectF(self.rect()).adjusted(46, 12, -12, -28)
        grid = QColor(text_color)
        grid.setAlpha(40)
        painter.setPen(QPen(grid, 1))
        painter.drawRect(area)
        if not self._points:
            painter.setPen(text_color)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, tr("The loss appears here"))
            return
        top = max(loss for _, loss in self._points) * 1.05 or 1.0
        last_step = max(self._total_steps, self._points[-1][0], 1)

        def to_point(step: int, loss: float) -> QPointF:
            x = area.left() + area.width() * (step / last_step)
            y = area.bottom() - area.height() * (max(loss, 0.0) / top)
            return QPointF(x, y)

        for fraction in (0.25, 0.5, 0.75):
            y = area.bottom() - area.height() * fraction
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        painter.setPen(text_color)
        painter.drawText(
            QRectF(0, area.top() - 6, 42, 14), Qt.AlignmentFlag.AlignRight, f"{top:.2f}"
        )
        painter.drawText(QRectF(0, area.bottom() - 8, 42, 14), Qt.AlignmentFlag.AlignRight, "0")
        painter.drawText(
            QRectF(area.left(), area.bottom() + 6, area.width(), 16),
            Qt.AlignmentFlag.AlignCenter,
            tr("step {step} of {total}").format(step=self._points[-1][0], total=last_step),
        )
        raw = QColor(palette.highlight().color())
        raw.setAlpha(90)
        self._draw_line(painter, [to_point(s, v) for s, v in self._points], QPen(raw, 1))
        smooth_pen = QPen(palette.highlight().color(), 2)
        self._draw_line(painter, [to_point(s, v) for s, v in self.smoothed()], smooth_pen)

    @staticmethod
    def _draw_line(painter: QPainter, points: list[QPointF], pen: QPen) -> None:
        if not points:
            return
        path = QPainterPath(points[0])
        for point in points[1:]:
            path.lineTo(point)
        painter.setPen(pen)
        painter.drawPath(path)
