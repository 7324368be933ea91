"""Every file format iivboard knows, in the order menus list them.

The CLI's `import` and `export` choices and help, and the import screen's list, are made
from this list. Adding a format is one module with a `FORMAT` and one line here.
"""

from __future__ import annotations

from pathlib import Path

from iivboard.io.formats import ics, json_snapshot, linkedin, spreadsheet, vcard
from iivboard.io.formats.base import Format
from iivboard.io.formats.errors import ImportFileError

FORMATS: list[Format] = [
    linkedin.FORMAT,
    vcard.FORMAT,
    spreadsheet.FORMAT,
    json_snapshot.FORMAT,
    ics.FORMAT,
]


def get(name: str) -> Format:
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    kinds = ", ".join(f.name for f in FORMATS)
    raise ImportFileError(f"unknown kind {name!r}; kinds are: {kinds}")


def importable() -> list[Format]:
    return [f for f in FORMATS if f.can_import]


def contact_importers() -> list[Format]:
    """The formats that bring in contacts row by row (not the full restore)."""
    return [f for f in FORMATS if f.read is not None]


def exportable() -> list[Format]:
    return [f for f in FORMATS if f.can_export]


def guess(path: Path) -> str | None:
    """What a file probably is, from its name and first lines; None when unsure. Only
    the row-by-row importers are guessed: a restore is never chosen for the user."""
    path = Path(path)
    suffix = path.suffix.lower()
    candidates = [f for f in contact_importers() if suffix in f.extensions]
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0].name
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    # A format that recognises its own first lines wins over the plain one.
    for fmt in candidates:
        if fmt.sniff is not None and fmt.sniff(head):
            return fmt.name
    plain = [f for f in candidates if f.sniff is None]
    return plain[0].name if plain else None
