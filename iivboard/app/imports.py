"""Importing a file: the format module reads it whole into plain rows, then the import
command adds and updates everyone in one transaction. A bad line stops the import before anything
is written, with a message naming it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from iivboard.app.commands import ImportCommands
from iivboard.domain.errors import NotDone
from iivboard.domain.imports import ImportReport, Incoming
from iivboard.io.formats import registry
from iivboard.io.formats.base import ReadOptions, read_text
from iivboard.io.formats.base import fail as _fail
from iivboard.io.formats.errors import ImportFileError
from iivboard.io.formats.spreadsheet import parse_map
from iivboard.storage import snapshot

__all__ = ["ImportFileError", "guess_kind", "import_file", "parse_map", "read_file", "restore"]

guess_kind = registry.guess


def read_file(
    kind: str, path: Path, *, mapping: dict[str, str] | None = None, encoding: str = "utf-8"
) -> list[Incoming]:
    """The people in a file of a row-by-row format, read whole; nothing is written."""
    path = Path(path)
    fmt = registry.get(kind)
    if fmt.read is None:
        kinds = ", ".join(f.name for f in registry.contact_importers())
        raise ImportFileError(f"unknown kind {kind!r}; kinds are: {kinds}")
    text = read_text(path, encoding)
    return fmt.read(path, text, ReadOptions(mapping=mapping, encoding=encoding))


def import_file(
    commands: ImportCommands,
    kind: str,
    path: Path,
    *,
    mapping: dict[str, str] | None = None,
    encoding: str = "utf-8",
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Read the whole file, then add and update everyone in one transaction."""
    path = Path(path)
    rows = read_file(kind, path, mapping=mapping, encoding=encoding)
    try:
        return commands.import_contacts(
            rows, label=f"Imported {path.name}", dry_run=dry_run, progress=progress
        )
    except NotDone as exc:
        raise ImportFileError(f"{path.name} {exc}") from None


def restore(path: Path, kind: str = "json") -> tuple[dict[str, int], str | None]:
    """Load an `export json` file into an empty database, ids and all, in one transaction.
    Returns how many rows of each kind came in, and the settings file's text it carried."""
    path = Path(path)
    fmt = registry.get(kind)
    if fmt.restore is None:
        raise ImportFileError(f"{kind} files are imported row by row, not restored")
    data = fmt.restore(path, read_text(path))
    try:
        counts = snapshot.restore(data.tables)
    except snapshot.NotEmpty:
        raise ImportFileError(
            "import json restores into an empty database only, and this one "
            "has data; use --db with a new file, or `iivboard restore` for a "
            "backup file; nothing was imported"
        ) from None
    except snapshot.SnapshotError as exc:
        raise _fail(path, str(exc)) from None
    return counts, data.settings_toml
