"""LinkedIn's Connections.csv: a few "Notes:" lines, then the header, then people."""

from __future__ import annotations

from pathlib import Path

from iivboard.domain.imports import Incoming
from iivboard.io.formats.base import Format, ReadOptions, fail
from iivboard.io.formats.csv_rows import check_width, csv_rows

COLUMNS = (
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
)
# Older exports had no email column, and the date column is informative only.
REQUIRED = ("First Name", "Last Name", "URL", "Company", "Position")


def read(path: Path, text: str, options: ReadOptions | None = None) -> list[Incoming]:
    from dateutil import parser as dateparser  # only when a file is read

    rows = csv_rows(path, text)
    for header_line, header in rows:  # noqa: B007 - the header line is read after the loop
        names = [cell.strip() for cell in header]
        if "First Name" in names and "Last Name" in names:
            break
    else:
        raise fail(
            path,
            "no header line with First Name and Last Name; is this LinkedIn's Connections.csv?",
        )
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise fail(
            path,
            f"the header has no {', '.join(missing)} column (LinkedIn's has {', '.join(COLUMNS)})",
            header_line,
        )
    col = {name: names.index(name) for name in COLUMNS if name in names}
    found = []
    for line, cells in rows:
        check_width(path, line, cells, header_line, len(names))
        cell = {name: cells[i].strip() for name, i in col.items()}
        source = "LinkedIn"
        connected = cell.get("Connected On", "")
        if connected:
            try:
                day = dateparser.parse(connected, dayfirst=True).date()
            except (ValueError, OverflowError):
                raise fail(path, f"Connected On {connected!r} is not a date", line) from None
            source = f"LinkedIn, connected {day.isoformat()}"
        found.append(
            Incoming(
                line=line,
                name=f"{cell['First Name']} {cell['Last Name']}".strip(),
                organization=cell["Company"],
                role=cell["Position"],
                email=cell.get("Email Address", ""),
                linkedin=cell["URL"],
                source=source,
            )
        )
    return found


def sniff(head: str) -> bool:
    return "First Name" in head and "Last Name" in head


FORMAT = Format(
    name="linkedin",
    label="LinkedIn Connections.csv",
    extensions=(".csv",),
    import_help="LinkedIn's Connections.csv",
    read=read,
    sniff=sniff,
)
