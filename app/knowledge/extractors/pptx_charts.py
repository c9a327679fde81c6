"""The text a PPTX chart carries: its title, axis titles, categories, series names and values.

Decks often put their figures only in charts; without this a slide of charts is "empty".
Values are written out only while short, so a chart with thousands of points does not flood
the index with numbers nobody searches for.
"""

from __future__ import annotations

from typing import Any

_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
# Beyond this many points a series' values are summarised by its name alone.
MAX_VALUES_PER_SERIES = 50


def chart_text(chart: Any) -> str:
    """One block of lines for a python-pptx `Chart`; "" when it carries no text at all."""
    lines: list[str] = []
    title = _title_text(chart)
    if title:
        lines.append(f"Chart: {title}")
    for axis_name in ("category_axis", "value_axis"):
        axis_title = _axis_title(chart, axis_name)
        if axis_title:
            lines.append(f"Axis: {axis_title}")
    # The series are read from the chart XML: python-pptx has no series class for several chart
    # types (3-D area, surface...), and the XML is the same for all of them.
    plot_area = chart._chartSpace.find(f"{_C}chart/{_C}plotArea")
    if plot_area is not None:
        for plot in plot_area:
            if str(plot.tag).endswith("Chart"):
                lines.extend(_plot_lines(plot))
    return "\n".join(line for line in lines if line)


def _title_text(chart: Any) -> str:
    if not chart.has_title:
        return ""
    title = chart.chart_title
    if not title.has_text_frame:
        return ""
    return " ".join(title.text_frame.text.split())


def _axis_title(chart: Any, axis_name: str) -> str:
    try:
        axis = getattr(chart, axis_name)
    except (ValueError, AttributeError, NotImplementedError):  # pie charts have no axes
        return ""
    if not axis.has_title or not axis.axis_title.has_text_frame:
        return ""
    return " ".join(axis.axis_title.text_frame.text.split())


def _plot_lines(plot: Any) -> list[str]:
    lines: list[str] = []
    series = plot.findall(f"{_C}ser")
    categories = _points(series[0], ("cat", "xVal")) if series else {}
    if any(categories.values()):
        lines.append("Categories: " + ", ".join(c for c in categories.values() if c))
    for ser in series:
        name = " ".join(" ".join(v.text or "" for v in ser.iterfind(f"{_C}tx//{_C}v")).split())
        values = _points(ser, ("val", "yVal"))
        lines.append(_series_line(name, values, categories))
    return lines


def _points(ser: Any, tags: tuple[str, ...]) -> dict[int, str]:
    """Point index -> text, from the first of `tags` the series has (c:cat/c:val, or the
    c:xVal/c:yVal of scatter charts)."""
    for tag in tags:
        holder = ser.find(f"{_C}{tag}")
        if holder is None:
            continue
        points: dict[int, str] = {}
        for point in holder.iter(f"{_C}pt"):
            value = point.find(f"{_C}v")
            index = point.get("idx") or ""
            if value is not None and index.isdigit():
                points[int(index)] = _number(" ".join((value.text or "").split()))
        return points
    return {}


def _series_line(name: str, values: dict[int, str], categories: dict[int, str]) -> str:
    if not values or len(values) > MAX_VALUES_PER_SERIES:
        return f"Series: {name}" if name else ""
    pairs = ", ".join(
        f"{categories[i]} {v}" if categories.get(i) else v for i, v in sorted(values.items()) if v
    )
    return f"{name}: {pairs}" if name else pairs


def _number(text: str) -> str:
    """ "30.0" -> "30"; other text as it is."""
    try:
        value = float(text)
    except ValueError:
        return text
    return str(int(value)) if value.is_integer() and "e" not in text.lower() else text
