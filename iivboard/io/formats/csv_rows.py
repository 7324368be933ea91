"""Reading CSV rows with the line each starts on, shared by LinkedIn's file and spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from iivboard.io.formats.base import fail


def csv_rows(path: Path, text: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells) for each row; blank lines are left out."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        hint = " (is the file cut short?)" if "end of data" in str(exc) else ""
        raise fail(path, f"{exc}{hint}", start) from None


def check_width(path: Path, line: int, cells: list[str], header_line: int, width: int) -> None:
    if len(cells) != width:
        raise fail(
            path,
            f"{len(cells)} fields where the header (line {header_line}) has "
            f"{width}; is the file cut short, or a comma not in quotes?",
            line,
        )
