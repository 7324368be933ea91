"""Small charts made of Unicode block characters, shared by the CLI and the board."""

from __future__ import annotations

from collections.abc import Sequence

# Eighths of a cell, left to right: a bar can end part-way through a character.
_EIGHTHS = " ▏▎▍▌▋▊▉"
_FULL = "█"
# Heights for a sparkline; the lowest is kept for zero so an empty week looks empty.
_HEIGHTS = "▁▂▃▄▅▆▇█"


def bar(value: float, maximum: float, width: int) -> str:
    """A horizontal bar `width` cells wide at most, padded with spaces to exactly `width`."""
    if width <= 0:
        return ""
    if maximum <= 0 or value <= 0:
        return " " * width
    eighths = round(min(value, maximum) / maximum * width * 8)
    # A value above zero always shows at least a sliver.
    eighths = max(eighths, 1)
    full, rest = divmod(eighths, 8)
    text = _FULL * full + (_EIGHTHS[rest] if rest else "")
    return text.ljust(width)


def sparkline(values: Sequence[float]) -> str:
    """One character per value; zero is the lowest block, any count above zero is higher."""
    top = max(values, default=0)
    if top <= 0:
        return _HEIGHTS[0] * len(values)
    steps = len(_HEIGHTS) - 1
    return "".join(
        _HEIGHTS[0] if v <= 0 else _HEIGHTS[max(1, round(v / top * steps))] for v in values
    )


def columns(values: Sequence[int], height: int, width: int = 2, gap: int = 1) -> list[str]:
    """Vertical bars, top row first: `height` lines, each bar `width` cells wide."""
    top = max(values, default=0)
    lines = []
    for row in range(height, 0, -1):
        cells = []
        for value in values:
            eighths = 0 if top <= 0 else round(value / top * height * 8)
            if value > 0:
                eighths = max(eighths, 1)
            filled = eighths - (row - 1) * 8
            char = _FULL if filled >= 8 else (_HEIGHTS[filled - 1] if filled > 0 else " ")
            cells.append(char * width)
        lines.append((" " * gap).join(cells).rstrip())
    return lines
