"""Inline SVG charts for the HTML report: no scripts, no external files, every label escaped.

Colours come from CSS classes (`sev-error`, `bar`...) defined by the page's style sheet, so
the charts follow the page's palette and print well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

ROW_HEIGHT = 22
LABEL_WIDTH = 190
BAR_WIDTH = 360
COLUMN_WIDTH = 46
COLUMN_HEIGHT = 140


@dataclass(frozen=True)
class Segment:
    """One coloured part of a bar: its value, CSS class and hover text."""

    value: float
    css_class: str
    title: str


@dataclass(frozen=True)
class Bar:
    """One bar (a row of a horizontal chart or a column of a vertical one)."""

    label: str
    segments: tuple[Segment, ...]

    @property
    def total(self) -> float:
        return sum(segment.value for segment in self.segments)


def _number(value: float) -> str:
    # Fixed precision keeps the generated report byte-for-byte reproducible.
    return f"{value:.1f}".rstrip("0").rstrip(".")


def horizontal_bars(bars: Sequence[Bar], *, title: str) -> Markup:
    """Return a stacked horizontal bar chart, one labelled row per bar with its total at the end."""
    scale = max((bar.total for bar in bars), default=0) or 1
    height = ROW_HEIGHT * max(len(bars), 1) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 50
    parts = [_open(width, height, title)]
    for row, bar in enumerate(bars):
        y = 4 + row * ROW_HEIGHT
        parts.append(
            f'<text class="label" x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{escape(bar.label)}</text>'
        )
        x = float(LABEL_WIDTH)
        for segment in bar.segments:
            if segment.value <= 0:
                continue
            w = BAR_WIDTH * segment.value / scale
            parts.append(
                f'<rect class="{escape(segment.css_class)}" x="{_number(x)}" y="{y + 2}" width="{_number(w)}" '
                f'height="{ROW_HEIGHT - 6}"><title>{escape(segment.title)}</title></rect>'
            )
            x += w
        parts.append(f'<text class="value" x="{_number(x + 5)}" y="{y + 15}">{_number(bar.total)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(bars: Sequence[Bar], *, title: str, reference: float | None = None, reference_label: str = "") -> Markup:
    """Return a vertical column chart with labels under the columns and an optional reference line."""
    top = max([bar.total for bar in bars] + ([reference] if reference is not None else []), default=0) or 1
    width = max(len(bars), 1) * COLUMN_WIDTH + 40
    height = COLUMN_HEIGHT + 56
    base = COLUMN_HEIGHT + 22  # room above the tallest column for its value
    parts = [_open(width, height, title)]
    parts.append(f'<line class="axis" x1="20" y1="{base}" x2="{width - 10}" y2="{base}"/>')
    for index, bar in enumerate(bars):
        x = 24 + index * COLUMN_WIDTH
        y = float(base)
        for segment in bar.segments:
            if segment.value <= 0:
                continue
            h = COLUMN_HEIGHT * segment.value / top
            y -= h
            parts.append(
                f'<rect class="{escape(segment.css_class)}" x="{x}" y="{_number(y)}" width="{COLUMN_WIDTH - 8}" '
                f'height="{_number(h)}"><title>{escape(segment.title)}</title></rect>'
            )
        if bar.total:
            parts.append(f'<text class="value" x="{x + (COLUMN_WIDTH - 8) / 2}" y="{_number(y - 4)}" text-anchor="middle">{_number(bar.total)}</text>')
        parts.append(
            f'<text class="label" x="{x + (COLUMN_WIDTH - 8) / 2}" y="{base + 16}" text-anchor="middle">{escape(bar.label)}</text>'
        )
    if reference is not None:
        y = base - COLUMN_HEIGHT * reference / top
        parts.append(f'<line class="reference" x1="20" y1="{_number(y)}" x2="{width - 10}" y2="{_number(y)}"/>')
        parts.append(f'<text class="reference-label" x="{width - 10}" y="{_number(y - 4)}" text-anchor="end">{escape(reference_label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _open(width: int, height: int, title: str) -> str:
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    )
