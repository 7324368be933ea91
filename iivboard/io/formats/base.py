"""What a format is, and what it is given: the types every format module shares.

A format reads a file into plain domain values (`Incoming` rows, or a `Snapshot` for the
full restore) and writes from an `ExportSource` the app provides. Nothing here reads the
database: the app passes in what a writer needs.
"""

from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from iivboard.domain.imports import Incoming
from iivboard.domain.policy import Rules
from iivboard.io.formats.errors import ImportFileError


@dataclass(frozen=True)
class ReadOptions:
    """What the user said about a file beyond its path."""

    mapping: dict[str, str] | None = None  # column -> field, for spreadsheets
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Snapshot:
    """Every table's rows as plain values (dates as ISO text), parents first, with the
    settings file's text: what `export json` writes and `import json` restores."""

    tables: dict[str, list[dict[str, Any]]]
    settings_toml: str | None = None
    exported_at: dt.datetime | None = None


@dataclass(frozen=True)
class CalendarMeeting:
    """One meeting and the contact details its calendar event shows."""

    id: int
    created_at: dt.datetime  # naive UTC, as stored
    starts_at: dt.datetime  # naive UTC
    minutes: int
    format: str
    place: str
    confirmed: bool
    held: bool
    questions: tuple[str, ...]
    contact_name: str
    role: str = ""
    organization: str = ""
    email: str = ""
    phone: str = ""
    cancelled: bool = False
    sequence: int = 0  # one up per reschedule or cancel: the iCalendar SEQUENCE


class ExportSource(Protocol):
    """The data writers draw on, provided by the app (iivboard.app.exports)."""

    rules: Rules

    def now(self) -> dt.datetime: ...

    def contact_rows(self) -> list[dict[str, Any]]: ...

    def snapshot(self) -> Snapshot: ...

    def calendar_meetings(self, contact_id: int | None) -> list[CalendarMeeting]: ...


@dataclass(frozen=True)
class ExportOptions:
    contact_id: int | None = None  # one contact's part only, where a format has parts


ContactReader = Callable[[Path, str, ReadOptions], list[Incoming]]
SnapshotReader = Callable[[Path, str], Snapshot]
# Writes to a binary handle and says what it wrote ("12 contacts").
Writer = Callable[[BinaryIO, ExportSource, ExportOptions], str]
# Whether the first few kilobytes of a file look like this format.
Sniffer = Callable[[str], bool]


@dataclass(frozen=True)
class Format:
    """One registry entry. `read` makes it importable as contacts, `restore` as a full
    restore, `write` exportable."""

    name: str  # the word on the command line
    label: str  # what the import screen lists
    extensions: tuple[str, ...] = ()
    import_help: str = ""
    export_help: str = ""
    read: ContactReader | None = None
    restore: SnapshotReader | None = None
    write: Writer | None = None
    sniff: Sniffer | None = None
    takes_map: bool = False  # columns can be mapped to fields (--map)
    by_contact: bool = False  # the export can be limited to one contact (--id)

    @property
    def can_import(self) -> bool:
        return self.read is not None or self.restore is not None

    @property
    def can_export(self) -> bool:
        return self.write is not None


def fail(path: Path, message: str, line: int | None = None) -> ImportFileError:
    where = f"{path.name} line {line}" if line is not None else path.name
    return ImportFileError(f"{where}: {message}; nothing was imported")


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """The file as text. A UTF-8 byte-order mark is dropped; bytes that are not valid in
    the encoding stop the import with the line they are on."""
    try:
        data = Path(path).read_bytes()
        codecs.lookup(encoding)
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror}") from None
    except LookupError:
        raise ImportFileError(f"unknown encoding {encoding!r}") from None
    if data.startswith(codecs.BOM_UTF8) and codecs.lookup(encoding).name == "utf-8":
        data = data[3:]  # the byte-order mark Excel writes
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise fail(
            path,
            f"byte 0x{data[exc.start]:02x} is not {encoding} text (save the "
            "file as UTF-8, or give its encoding, e.g. --encoding latin-1)",
            line,
        ) from None
