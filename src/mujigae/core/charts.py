"""Charts, drawn on the server as vector graphics: the same drawing goes into a
page (inline SVG, no script, nothing from the internet) and into a PDF
(reportlab draws it as vectors). Every chart on a page has an accessible table
beside it (`{% include "core/_chart.html" %}` renders both: the SVG is
`role="img"` with the title as its name, the table holds the figures).

    from mujigae.core import charts

    drawing = charts.bars([("로봇", 12), ("용접", -3)], title="부족 인원")
    charts.svg(drawing)            # SafeString for a template
    charts.lines({"안산": [(2023, 61.2), (2024, 64.0)], "전국": [...]}, title="취업률")
    charts.sparkline([55.0, 58.1, 61.2])   # a small inline SVG (tables of districts)

Korean text: the PDF embeds NanumGothic (from the koreanize-matplotlib package,
installed from PyPI; `charts.font_path()`); the SVG names the font family and
falls back to the reader's sans-serif.
"""

from __future__ import annotations

import importlib.util
import itertools
import re
from collections.abc import Mapping, Sequence
from functools import cache
from html import escape
from pathlib import Path

from django.utils.safestring import SafeString, mark_safe

FONT = "NanumGothic"
FONT_BOLD = "NanumGothicBold"
# Colours with at least 3:1 contrast on white (WCAG non-text contrast)
PALETTE = ("#1f5fa8", "#b4441c", "#2f7d32", "#7a4ea3", "#8a5300", "#00727a", "#5b5b5b")
NEGATIVE = "#b4441c"
POSITIVE = "#1f5fa8"
GRID = "#c8c8c8"
_FAMILY = "NanumGothic, 'Noto Sans KR', 'Malgun Gothic', sans-serif"
_ids = itertools.count(1)


@cache
def font_path(bold: bool = False) -> Path:
    """The NanumGothic TTF shipped inside the koreanize-matplotlib wheel (found
    without importing the package, which would import matplotlib)."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("koreanize-matplotlib is not installed: `make install`")
    folder = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    return folder / ("NanumGothicBold.ttf" if bold else "NanumGothic.ttf")


@cache
def register_fonts() -> str:
    """Register the Korean fonts with reportlab (once per process)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT, str(font_path())))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(font_path(bold=True))))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD)
    return FONT


def _label(value: object, limit: int = 14) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bars(
    items: Sequence[tuple[object, float | int | None]],
    *,
    title: str = "",
    width: float = 460,
    bar_height: float = 16,
    unit: str = "",
):
    """A ranked horizontal bar chart (largest first as given): one bar per
    (label, value); negative values extend left of the zero line in the
    warning colour. Height grows with the number of bars."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String

    register_fonts()
    rows = [(str(label), float(value)) for label, value in items if value is not None]
    label_w, pad, top = 120.0, 6.0, 22.0 if title else 6.0
    height = top + len(rows) * (bar_height + pad) + 18
    drawing = Drawing(width, height)
    if title:
        drawing.add(String(0, height - 14, title, fontName=FONT_BOLD, fontSize=11))
    lo = min([0.0, *[v for _, v in rows]])
    hi = max([0.0, *[v for _, v in rows]])
    span = (hi - lo) or 1.0
    plot_w = width - label_w - 60
    zero_x = label_w + (0 - lo) / span * plot_w
    y = height - top - bar_height
    for label, value in rows:
        x0 = zero_x if value >= 0 else zero_x + value / span * plot_w
        w = abs(value) / span * plot_w
        drawing.add(
            String(label_w - 6, y + 4, _label(label), fontName=FONT, fontSize=9, textAnchor="end")
        )
        drawing.add(
            Rect(
                x0,
                y,
                max(w, 0.5),
                bar_height,
                fillColor=_colour(NEGATIVE if value < 0 else POSITIVE),
                strokeColor=None,
            )
        )
        text = f"{_number(value)}{unit}"
        # the figure beside the bar's end, right of the zero line for a negative one
        drawing.add(
            String((x0 + w if value >= 0 else zero_x) + 4, y + 4, text, fontName=FONT, fontSize=9)
        )
        y -= bar_height + pad
    drawing.add(
        Line(zero_x, 12, zero_x, height - top + 2, strokeColor=_colour("#333333"), strokeWidth=0.8)
    )
    return drawing


def lines(
    series: Mapping[str, Sequence[tuple[object, float | int | None]]],
    *,
    title: str = "",
    width: float = 460,
    height: float = 220,
    unit: str = "",
    dashed: Sequence[str] = (),
):
    """Lines over a shared x axis (years, months): {name: [(x, y), …]}; a None
    y leaves a gap. Names in `dashed` are drawn dashed (a target, the national
    figure, a straight plan line). A legend under the plot."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String

    register_fonts()
    xs: list[object] = []
    for points in series.values():
        for x, _ in points:
            if x not in xs:
                xs.append(x)
    values = [float(y) for points in series.values() for _, y in points if y is not None]
    drawing = Drawing(width, height)
    top = 24.0 if title else 8.0
    legend_h = 16.0 * ((len(series) + 2) // 3)
    left, right, bottom = 48.0, 16.0, 26.0 + legend_h
    if title:
        drawing.add(String(0, height - 14, title, fontName=FONT_BOLD, fontSize=11))
    plot_w, plot_h = width - left - right, height - top - bottom
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    lo = min(lo, 0.0) if lo >= 0 and hi > 0 and lo < hi * 0.5 else lo
    if hi == lo:
        hi, lo = hi + 1, lo - 1 if lo > 0 else lo
    ticks = _ticks(lo, hi)
    lo, hi = ticks[0], ticks[-1]

    def px(i: int) -> float:
        return left + (plot_w * i / (len(xs) - 1) if len(xs) > 1 else plot_w / 2)

    def py(v: float) -> float:
        return bottom + (v - lo) / ((hi - lo) or 1) * plot_h

    for t in ticks:
        drawing.add(
            Line(left, py(t), left + plot_w, py(t), strokeColor=_colour(GRID), strokeWidth=0.5)
        )
        drawing.add(
            String(
                left - 4,
                py(t) - 3,
                f"{_number(t)}{unit}",
                fontName=FONT,
                fontSize=8,
                textAnchor="end",
            )
        )
    step = max(1, len(xs) // 12)
    for i, x in enumerate(xs):
        if i % step == 0 or i == len(xs) - 1:
            drawing.add(
                String(
                    px(i), bottom - 12, _label(x, 8), fontName=FONT, fontSize=8, textAnchor="middle"
                )
            )
    for n, (name, points) in enumerate(series.items()):
        colour = _colour(PALETTE[n % len(PALETTE)])
        dash = [4, 3] if name in dashed else None
        segment: list[float] = []
        by_x = dict(points)
        for i, x in enumerate(xs):
            y = by_x.get(x)
            if y is None:
                if len(segment) >= 4:
                    drawing.add(
                        PolyLine(segment, strokeColor=colour, strokeWidth=1.8, strokeDashArray=dash)
                    )
                segment = []
                continue
            segment += [px(i), py(float(y))]
            if len(xs) <= 24:
                drawing.add(Circle(px(i), py(float(y)), 2.2, fillColor=colour, strokeColor=None))
        if len(segment) >= 4:
            drawing.add(
                PolyLine(segment, strokeColor=colour, strokeWidth=1.8, strokeDashArray=dash)
            )
        lx = left + (n % 3) * (plot_w / 3)
        ly = 4 + 16 * (legend_h / 16 - 1 - n // 3)
        drawing.add(
            Line(
                lx, ly + 4, lx + 16, ly + 4, strokeColor=colour, strokeWidth=2, strokeDashArray=dash
            )
        )
        drawing.add(String(lx + 20, ly, _label(name, 18), fontName=FONT, fontSize=8))
    return drawing


def histogram(
    values: Sequence[float],
    *,
    title: str = "",
    bins: int = 8,
    width: float = 460,
    unit: str = "",
    mark: float | None = None,
):
    """The distribution of one figure across districts: counts per bin, and a
    marker line at `mark` (one district's value, or the median)."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String

    register_fonts()
    height = 170.0
    drawing = Drawing(width, height)
    if title:
        drawing.add(String(0, height - 14, title, fontName=FONT_BOLD, fontSize=11))
    data = [float(v) for v in values if v is not None]
    if not data:
        return drawing
    lo, hi = min(data), max(data)
    if hi == lo:
        hi = lo + 1
    width_bin = (hi - lo) / bins
    counts = [0] * bins
    for v in data:
        counts[min(bins - 1, int((v - lo) / width_bin))] += 1
    left, bottom, plot_w, plot_h = 30.0, 30.0, width - 50, height - 60
    peak = max(counts) or 1
    for i, c in enumerate(counts):
        x = left + i * plot_w / bins
        h = c / peak * plot_h
        drawing.add(
            Rect(x + 1, bottom, plot_w / bins - 2, h, fillColor=_colour(POSITIVE), strokeColor=None)
        )
        if c:
            drawing.add(
                String(
                    x + plot_w / bins / 2,
                    bottom + h + 3,
                    str(c),
                    fontName=FONT,
                    fontSize=8,
                    textAnchor="middle",
                )
            )
    for i in range(bins + 1):
        if i % 2 == 0 or i == bins:
            x = left + i * plot_w / bins
            drawing.add(
                String(
                    x,
                    bottom - 12,
                    f"{_number(lo + i * width_bin)}{unit}",
                    fontName=FONT,
                    fontSize=8,
                    textAnchor="middle",
                )
            )
    if mark is not None:
        x = left + (float(mark) - lo) / (hi - lo) * plot_w
        drawing.add(
            Line(
                x,
                bottom,
                x,
                bottom + plot_h + 6,
                strokeColor=_colour(NEGATIVE),
                strokeWidth=1.5,
                strokeDashArray=[3, 2],
            )
        )
    return drawing


def svg(drawing, *, title: str = "", description: str = "") -> SafeString:
    """The drawing as inline SVG for a page: no XML prolog, `role="img"` and an
    accessible name (`title`) and, if given, a description (how to read the
    lines); scales to its container."""
    from reportlab.graphics import renderSVG

    text = renderSVG.drawToString(drawing)
    text = re.sub(r"^<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?", "", text)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    name = escape(title or "chart")
    text = re.sub(
        r"<svg\b",
        f'<svg role="img" aria-label="{name}" class="chart"',
        text,
        count=1,
    )
    text = re.sub(r'(<svg[^>]*?)\swidth="[^"]*"\s+height="[^"]*"', r"\1", text, count=1)
    desc = f"<desc>{escape(description)}</desc>" if description else ""
    text = text.replace("<title>...</title>", f"<title>{name}</title>", 1).replace(
        "<desc>...</desc>", desc, 1
    )
    # ids are per page: each chart its own clip path
    clip = f"chart-clip-{next(_ids)}"
    text = text.replace('id="clip"', f'id="{clip}"').replace("url(#clip)", f"url(#{clip})")
    text = text.replace(f"font-family: {FONT_BOLD};", f"font-family: {_FAMILY}; font-weight: bold;")
    text = text.replace(f"font-family: {FONT};", f"font-family: {_FAMILY};")
    return mark_safe(text)  # noqa: S308 — generated by reportlab from escaped strings


def sparkline(
    values: Sequence[float | int | None], *, width: int = 80, height: int = 20, label: str = ""
) -> SafeString:
    """A tiny line for a table cell (the last years of one figure), with a dot
    on the last value. Cheap: no reportlab, a polyline."""
    points = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    name = escape(label)
    if len(points) < 2:
        empty = f'<svg class="spark" width="{width}" height="{height}" role="img" aria-label="{name}"></svg>'
        return mark_safe(empty)  # noqa: S308 — an escaped label only
    lo = min(v for _, v in points)
    hi = max(v for _, v in points)
    span = (hi - lo) or 1.0
    n = max(len(values) - 1, 1)
    coords = [
        (2 + i / n * (width - 4), height - 2 - (v - lo) / span * (height - 4)) for i, v in points
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    lx, ly = coords[-1]
    return mark_safe(  # noqa: S308 — numbers and an escaped label only
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{name}"><polyline fill="none" stroke="{POSITIVE}" stroke-width="1.5" points="{path}"/>'
        f'<circle cx="{lx:.1f}" cy="{ly:.1f}" r="2" fill="{POSITIVE}"/></svg>'
    )


def _colour(hex_: str):
    from reportlab.lib.colors import HexColor

    return HexColor(hex_)


def _number(value: float) -> str:
    if abs(value - round(value)) < 1e-9:
        return f"{int(round(value)):,}"
    return f"{value:,.1f}"


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    import math

    span = hi - lo
    raw = span / max(n - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    t = start
    while t < hi + step * 0.999:
        ticks.append(round(t, 10))
        t += step
    return ticks if len(ticks) >= 2 else [lo, hi]
