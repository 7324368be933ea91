"""iivboard's own JSON file: every row of every table that holds the user's work, and the
settings file's text, so nobody is locked in. `import json` restores it exactly."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any, BinaryIO

from iivboard.domain.calendar import utc
from iivboard.io.formats.base import ExportOptions, ExportSource, Format, Snapshot, fail

FORMAT_NAME = "iivboard"
FORMAT_VERSION = 1
# Parents before children: the order rows are restored in.
TABLES = ("organizations", "contacts", "meetings", "events")


def _json_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.isoformat() + "Z"  # stored as naive UTC
    return value


def to_data(snapshot: Snapshot, now: dt.datetime) -> dict[str, Any]:
    """The file's content: rows column by column as stored (foreign keys as ids)."""
    data: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": _json_value(utc(now)),
    }
    for key in TABLES:
        data[key] = [
            {name: _json_value(value) for name, value in row.items()}
            for row in snapshot.tables.get(key, [])
        ]
    data["settings_toml"] = snapshot.settings_toml
    return data


def write(out: BinaryIO, source: ExportSource, options: ExportOptions) -> str:
    data = to_data(source.snapshot(), source.now())
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        json.dump(data, text, ensure_ascii=False, indent=1)
        text.write("\n")
    finally:
        text.detach()
    return f"{len(data['contacts'])} contacts"


def read(path: Path, text: str) -> Snapshot:
    """The file's tables as plain values, checked for shape; the app checks each value
    against its column when it restores them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(path, f"not valid JSON: {exc.msg}", exc.lineno) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise fail(path, "not an iivboard export (made by `iivboard export json`)")
    version = data.get("version")
    if not isinstance(version, int) or not 1 <= version <= FORMAT_VERSION:
        raise fail(
            path,
            f"export format {version!r}; this iivboard reads up to "
            f"{FORMAT_VERSION}, upgrade it to read this file",
        )
    tables: dict[str, list[dict[str, Any]]] = {}
    for key in TABLES:
        rows = data.get(key, [])
        if not isinstance(rows, list):
            raise fail(path, f"{key!r} should be a list")
        for position, row in enumerate(rows):
            if not isinstance(row, dict) or not isinstance(row.get("id"), int):
                raise fail(path, f"{key}[{position}] should be an object with an id")
        tables[key] = rows
    settings = data.get("settings_toml")
    if settings is not None and not isinstance(settings, str):
        raise fail(path, "settings_toml should be text")
    return Snapshot(tables, settings)


FORMAT = Format(
    name="json",
    label="iivboard JSON export",
    extensions=(".json",),
    import_help="restore an `export json` file into an empty database",
    export_help="everything, for `import json`",
    restore=read,
    write=write,
)
