"""A spreadsheet saved as CSV: read with a column map, and written one row per contact."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any, BinaryIO

from iivboard.domain.imports import Incoming
from iivboard.io.formats.base import ExportOptions, ExportSource, Format, ReadOptions, fail
from iivboard.io.formats.csv_rows import check_width, csv_rows
from iivboard.io.formats.errors import ImportFileError

# What a spreadsheet column can be mapped to with --map column=field.
FIELDS = (
    "name",
    "first_name",
    "last_name",
    "organization",
    "organization_rank",
    "role",
    "email",
    "phone",
    "linkedin",
    "location",
    "source",
    "tags",
    "notes",
    "common_ground",
)

COLUMNS = (
    "id",
    "name",
    "organization",
    "organization_rank",
    "role",
    "email",
    "phone",
    "linkedin",
    "location",
    "source",
    "referred_by",
    "tags",
    "stage",
    "stage_entered_at",
    "outcome",
    "outcome_reason",
    "request_sent_at",
    "request_channel",
    "followups_sent",
    "last_interaction_at",
    "snoozed_until",
    "due_kind",
    "due_at",
    "common_ground",
    "notes",
)

# A spreadsheet runs a cell that starts like a formula; a quote in front makes it text.
# Phone numbers such as +44 20 7946 0000 are left alone.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_LIKE = re.compile(r"[+-]?[\d\s().-]+")
# What reading takes a quote off: text that already starts so gets one more quote on
# writing, or a name like "'=x" would come back as "=x".
UNGUARDED = tuple("'" + start for start in ("=", "+", "-", "@", "'"))


def guard_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER_LIKE.fullmatch(text):
        return "'" + text
    if text.startswith(UNGUARDED):
        return "'" + text
    return text


def _unguard(cell: str) -> str:
    return cell[1:] if cell.startswith(UNGUARDED) else cell


def parse_map(text: str) -> dict[str, str]:
    """'Full Name=name,Firm=organization' -> {column: field}."""
    mapping: dict[str, str] = {}
    for pair in text.split(","):
        if not pair.strip():
            continue
        column, sep, field_name = pair.rpartition("=")
        field_name = field_name.strip().lower()
        if not sep or not column.strip():
            raise ImportFileError(f"--map: {pair.strip()!r} should be column=field")
        if field_name not in FIELDS:
            raise ImportFileError(
                f"--map: unknown field {field_name!r}; fields are: {', '.join(FIELDS)}"
            )
        mapping[column.strip()] = field_name
    return mapping


def _check_names_mapped(mapping: dict[str, str]) -> None:
    fields = set(mapping.values())
    if "name" not in fields and not fields & {"first_name", "last_name"}:
        raise ImportFileError(
            "--map must give a column for name (or first_name and "
            "last_name), e.g. --map 'Full Name=name,Company=organization'"
        )


def read(path: Path, text: str, options: ReadOptions | None = None) -> list[Incoming]:
    """`options.mapping` says which column is which field. Without one, columns named like
    a field (as `export csv` writes them) are taken."""
    mapping = options.mapping if options else None
    first_line = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","  # one column only
    rows = csv_rows(path, text, delimiter)
    header_line, header = next(rows, (1, None))
    if header is None:
        raise fail(path, "the file is empty")
    names = [cell.strip() for cell in header]
    lowered = [n.lower() for n in names]
    if not mapping:
        mapping = {n: n for n in lowered if n in FIELDS}
    _check_names_mapped(mapping)
    columns: dict[str, list[int]] = {}
    for column, field_name in mapping.items():
        if column.lower() not in lowered:
            raise fail(
                path,
                f"the header has no column {column!r}; it has: {', '.join(names)}",
                header_line,
            )
        columns.setdefault(field_name, []).append(lowered.index(column.lower()))
    found = []
    for line, cells in rows:
        check_width(path, line, cells, header_line, len(names))

        def joined(field_name: str, sep: str = " ") -> str:
            parts = (_unguard(cells[i].strip()) for i in columns.get(field_name, []))  # noqa: B023 - called at once
            return sep.join(p for p in parts if p)

        name = joined("name") or f"{joined('first_name')} {joined('last_name')}".strip()
        rank = joined("organization_rank")
        if rank and not (rank.isdigit() and int(rank) >= 1):
            raise fail(path, f"organization_rank {rank!r} is not a rank (1, 2, 3...)", line)
        found.append(
            Incoming(
                line=line,
                name=name,
                organization=joined("organization"),
                role=joined("role"),
                email=joined("email"),
                phone=joined("phone"),
                linkedin=joined("linkedin"),
                location=joined("location"),
                source=joined("source") or "spreadsheet",
                tags=joined("tags", ",").split(","),
                notes=joined("notes", "\n"),
                common_ground=joined("common_ground", "\n"),
                organization_rank=int(rank) if rank else None,
            )
        )
    return found


def csv_line(row: dict[str, Any]) -> list[str]:
    """One contact's summary (the shape `list --json` prints) as the export's cells."""
    cells = dict(row)
    cells["tags"] = ", ".join(cells["tags"])
    due = cells.pop("due") or {}
    cells["due_kind"], cells["due_at"] = due.get("kind"), due.get("at")
    return [guard_cell(cells[column]) for column in COLUMNS]


def write(out: BinaryIO, source: ExportSource, options: ExportOptions) -> str:
    """One row per contact (closed ones too), oldest first."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.writer(text)
        writer.writerow(COLUMNS)
        rows = source.contact_rows()
        for row in rows:
            writer.writerow(csv_line(row))
    finally:
        text.detach()  # the handle is the caller's to close
    return f"{len(rows)} contacts"


FORMAT = Format(
    name="csv",
    label="Spreadsheet (CSV)",
    extensions=(".csv",),
    import_help="a spreadsheet saved as CSV",
    export_help="one row per contact, for spreadsheets",
    read=read,
    write=write,
    takes_map=True,
)
