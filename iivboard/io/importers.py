"""Reading contacts from files people already have: LinkedIn's Connections.csv, vCards,
a hand-kept spreadsheet (CSV), and iivboard's own JSON export.

Parsing reads the whole file before anything is written, so a bad line stops the import
with a message naming it and the database is untouched. Formats are read with the csv
module, vobject and json; nothing here parses a format by hand.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

# vobject: the vCard reader CardDAV servers such as Radicale rely on; it reads 2.1
# (quoted-printable), 3.0 and 4.0, unfolds lines and reports the line of a bad one.
import vobject
from dateutil import parser as dateparser
from peewee import (
    AutoField,
    BooleanField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    IntegrityError,
)

from iivboard.app.matching import ImportReport, Incoming
from iivboard.app.service import Service, ServiceError
from iivboard.domain.calendar import utc
from iivboard.io.exporters import FORMAT, FORMAT_VERSION, SNAPSHOT, UNGUARDED
from iivboard.storage.models import Change, database, insert

KINDS = ("linkedin", "vcard", "csv")

LINKEDIN_COLUMNS = (
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
)
# Older exports had no email column, and the date column is informative only.
LINKEDIN_REQUIRED = ("First Name", "Last Name", "URL", "Company", "Position")

# What a spreadsheet column can be mapped to with --map column=field.
CSV_FIELDS = (
    "name",
    "first_name",
    "last_name",
    "organization",
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


class ImportFileError(ServiceError):
    """A file that cannot be imported; the message names the file and, where it can, the line."""


def _fail(path: Path, message: str, line: int | None = None) -> ImportFileError:
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
        raise _fail(
            path,
            f"byte 0x{data[exc.start]:02x} is not {encoding} text (save the "
            "file as UTF-8, or give its encoding, e.g. --encoding latin-1)",
            line,
        ) from None


def _csv_rows(path: Path, text: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
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
        raise _fail(path, f"{exc}{hint}", start) from None


def _check_width(path: Path, line: int, cells: list[str], header_line: int, width: int) -> None:
    if len(cells) != width:
        raise _fail(
            path,
            f"{len(cells)} fields where the header (line {header_line}) has "
            f"{width}; is the file cut short, or a comma not in quotes?",
            line,
        )


# ---------------------------------------------------------------- LinkedIn


def read_linkedin(path: Path, text: str) -> list[Incoming]:
    """LinkedIn's Connections.csv: a few "Notes:" lines, then the header, then people."""
    rows = _csv_rows(path, text)
    for header_line, header in rows:  # noqa: B007 - the header line is read after the loop
        names = [cell.strip() for cell in header]
        if "First Name" in names and "Last Name" in names:
            break
    else:
        raise _fail(
            path,
            "no header line with First Name and Last Name; is this LinkedIn's Connections.csv?",
        )
    missing = [c for c in LINKEDIN_REQUIRED if c not in names]
    if missing:
        raise _fail(
            path,
            f"the header has no {', '.join(missing)} column "
            f"(LinkedIn's has {', '.join(LINKEDIN_COLUMNS)})",
            header_line,
        )
    col = {name: names.index(name) for name in LINKEDIN_COLUMNS if name in names}
    found = []
    for line, cells in rows:
        _check_width(path, line, cells, header_line, len(names))
        cell = {name: cells[i].strip() for name, i in col.items()}
        source = "LinkedIn"
        connected = cell.get("Connected On", "")
        if connected:
            try:
                day = dateparser.parse(connected, dayfirst=True).date()
            except (ValueError, OverflowError):
                raise _fail(path, f"Connected On {connected!r} is not a date", line) from None
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


# ---------------------------------------------------------------- vCard


def _values(card, key: str) -> list:
    return [item for item in card.contents.get(key, []) if item.value]


def _preferred_first(items: list) -> list[str]:
    """vCard 3.0 marks the preferred one TYPE=pref, 4.0 PREF=1."""

    def rank(item) -> int:
        types = [t.lower() for t in item.params.get("TYPE", [])]
        return 0 if "pref" in types or item.params.get("PREF") else 1

    seen: list[str] = []
    for item in sorted(items, key=rank):
        value = str(item.value).strip()
        if value.lower().startswith("tel:"):  # vCard 4.0 writes phones as tel: URIs
            value = value[4:]
        if value and value not in seen:
            seen.append(value)
    return seen


def _text(value) -> str:
    """ORG, N and CATEGORIES come as lists of parts; the rest as plain text."""
    if isinstance(value, (list, tuple)):
        return " ".join(str(v).strip() for v in value if str(v).strip())
    return str(value).strip()


def _card_row(card, line: int) -> Incoming:
    name = _text(card.fn.value) if "fn" in card.contents else ""
    if not name and "n" in card.contents:
        n = card.n.value
        name = " ".join(
            p
            for p in (
                _text(n.prefix),
                _text(n.given),
                _text(n.additional),
                _text(n.family),
                _text(n.suffix),
            )
            if p
        )
    org = card.org.value if "org" in card.contents else ""
    organization = (org[0] if isinstance(org, (list, tuple)) and org else _text(org)).strip()
    role = (
        _text(card.title.value)
        if "title" in card.contents
        else (_text(card.role.value) if "role" in card.contents else "")
    )
    emails = _preferred_first(_values(card, "email"))
    phones = _preferred_first(_values(card, "tel"))
    urls = [str(u.value).strip() for u in _values(card, "url")]
    urls += [str(u.value).strip() for u in _values(card, "x-socialprofile")]
    linkedin = next((u for u in urls if "linkedin.com" in u.lower()), "")
    location = ""
    for adr in _values(card, "adr"):
        parts = [_text(getattr(adr.value, k, "")) for k in ("city", "region", "country")]
        location = ", ".join(p for p in parts if p)
        if location:
            break
    notes = [text for text in (_text(n.value) for n in _values(card, "note")) if text]
    if emails[1:]:
        notes.append("Other emails: " + ", ".join(emails[1:]))
    if phones[1:]:
        notes.append("Other phones: " + ", ".join(phones[1:]))
    tags: list[str] = []
    for cat in _values(card, "categories"):
        tags += [str(t) for t in (cat.value if isinstance(cat.value, list) else [cat.value])]
    return Incoming(
        line=line,
        name=name,
        organization=organization,
        role=role,
        email=emails[0] if emails else "",
        phone=phones[0] if phones else "",
        linkedin=linkedin,
        location=location,
        source="vCard",
        tags=tags,
        notes="\n".join(notes),
        other_emails=emails[1:],
    )


def read_vcard(path: Path, text: str) -> list[Incoming]:
    """One or many cards, vCard 2.1 to 4.0 (folded lines, quoted-printable, several
    emails and phones)."""
    found = []
    next_card = 1  # where the card being read begins, as near as vobject lets us know
    try:
        # allowQP also counts lines exactly (the other reader's numbers drift).
        for card in vobject.readComponents(text, allowQP=True):
            lines = [
                item.lineNumber
                for items in card.contents.values()
                for item in items
                if getattr(item, "lineNumber", None)
            ]
            line = max(min(lines, default=next_card + 1) - 1, 1)
            next_card = max(lines, default=line) + 2  # after its END line
            if card.name != "VCARD":
                raise _fail(path, f"a {card.name} where a vCard (BEGIN:VCARD) was expected", line)
            found.append(_card_row(card, line))
    except vobject.base.VObjectError as exc:
        # vobject numbers the very first line 0.
        line = max(getattr(exc, "lineNumber", None) or 1, 1)
        message = getattr(exc, "msg", str(exc))
        hint = " (is the file cut short?)" if "never closed" in message else ""
        raise _fail(path, f"not a valid vCard: {message}{hint}", line) from None
    except (ValueError, LookupError) as exc:
        # Bad base64 or an unknown charset: vobject says what, but not where.
        raise _fail(path, f"the card that begins here cannot be read: {exc}", next_card) from None
    if not found:
        raise _fail(path, "no vCard found (a card starts with BEGIN:VCARD)")
    return found


# ---------------------------------------------------------------- spreadsheet CSV


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
        if field_name not in CSV_FIELDS:
            raise ImportFileError(
                f"--map: unknown field {field_name!r}; fields are: {', '.join(CSV_FIELDS)}"
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


def _unguard(cell: str) -> str:
    """iivboard's CSV export puts a quote before cells a spreadsheet would run as a
    formula; reading them back takes it off."""
    return cell[1:] if cell.startswith(UNGUARDED) else cell


def read_csv(path: Path, text: str, mapping: dict[str, str] | None = None) -> list[Incoming]:
    """A spreadsheet; `mapping` says which column is which field. Without one, columns
    named like a field (as `export csv` writes them) are taken."""
    first_line = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","  # one column only
    rows = _csv_rows(path, text, delimiter)
    header_line, header = next(rows, (1, None))
    if header is None:
        raise _fail(path, "the file is empty")
    names = [cell.strip() for cell in header]
    lowered = [n.lower() for n in names]
    if not mapping:
        mapping = {n: n for n in lowered if n in CSV_FIELDS}
    _check_names_mapped(mapping)
    columns: dict[str, list[int]] = {}
    for column, field_name in mapping.items():
        if column.lower() not in lowered:
            raise _fail(
                path,
                f"the header has no column {column!r}; it has: {', '.join(names)}",
                header_line,
            )
        columns.setdefault(field_name, []).append(lowered.index(column.lower()))
    found = []
    for line, cells in rows:
        _check_width(path, line, cells, header_line, len(names))

        def joined(field_name: str, sep: str = " ") -> str:
            parts = (_unguard(cells[i].strip()) for i in columns.get(field_name, []))  # noqa: B023 - called at once
            return sep.join(p for p in parts if p)

        name = joined("name") or f"{joined('first_name')} {joined('last_name')}".strip()
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
            )
        )
    return found


# ---------------------------------------------------------------- JSON restore


def _restored_value(field, value):
    """A JSON value checked against the column it goes into; ValueError says what is wrong."""
    if value is None:
        if field.null:
            return None
        raise ValueError(f"{field.name} cannot be empty")
    if isinstance(field, DateTimeField):
        try:
            return utc(dt.datetime.fromisoformat(value))
        except (TypeError, ValueError):
            raise ValueError(f"{field.name} is not a date and time: {value!r}") from None
    if isinstance(field, BooleanField):
        ok = isinstance(value, bool)
    elif isinstance(field, (IntegerField, AutoField, ForeignKeyField)):
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, str) and "\x00" not in value
    if not ok:
        raise ValueError(f"{field.name} has the wrong kind of value: {value!r}")
    return value


def _restored_rows(path: Path, data: dict, key: str, model) -> list:
    rows = data.get(key, [])
    if not isinstance(rows, list):
        raise _fail(path, f"{key!r} should be a list")
    fields = model._meta.fields
    instances = []
    for position, row in enumerate(rows):
        where = f"{key}[{position}]"
        if not isinstance(row, dict) or not isinstance(row.get("id"), int):
            raise _fail(path, f"{where} should be an object with an id")
        try:
            unknown = sorted(set(row) - set(fields))
            if unknown:
                raise ValueError(f"unknown field {unknown[0]!r}")
            values = {name: _restored_value(fields[name], value) for name, value in row.items()}
        except ValueError as exc:
            raise _fail(path, f"{where} (id {row['id']}): {exc}") from None
        instances.append(model(**values))
    return instances


def restore_json(path: Path) -> tuple[dict[str, int], str | None]:
    """Load an `export json` file into an empty database, ids and all, in one transaction.
    Returns how many rows of each kind came in, and the settings file's text it carried."""
    path = Path(path)
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(path, f"not valid JSON: {exc.msg}", exc.lineno) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _fail(path, "not an iivboard export (made by `iivboard export json`)")
    version = data.get("version")
    if not isinstance(version, int) or not 1 <= version <= FORMAT_VERSION:
        raise _fail(
            path,
            f"export format {version!r}; this iivboard reads up to "
            f"{FORMAT_VERSION}, upgrade it to read this file",
        )
    tables = {key: _restored_rows(path, data, key, model) for key, model in SNAPSHOT.items()}
    settings = data.get("settings_toml")
    if settings is not None and not isinstance(settings, str):
        raise _fail(path, "settings_toml should be text")
    try:
        with database.atomic("IMMEDIATE"):
            for model in SNAPSHOT.values():
                if model.select().exists():
                    raise ImportFileError(
                        "import json restores into an empty database only, and this one "
                        "has data; use --db with a new file, or `iivboard restore` for a "
                        "backup file; nothing was imported"
                    )
            # Referrals point at contacts further down the list: checked at commit.
            database.execute_sql("PRAGMA defer_foreign_keys = ON")
            for instances in tables.values():
                for instance in instances:
                    insert(instance, keep_id=True)
            Change.delete().execute()  # a journal about other rows would only mislead
    except (IntegrityError, sqlite3.IntegrityError) as exc:
        raise _fail(path, f"the rows do not fit together ({exc})") from None
    return {key: len(rows) for key, rows in tables.items()}, settings


# ---------------------------------------------------------------- entry points


def read_file(
    kind: str, path: Path, *, mapping: dict[str, str] | None = None, encoding: str = "utf-8"
) -> list[Incoming]:
    path = Path(path)
    if kind not in KINDS:
        raise ImportFileError(f"unknown kind {kind!r}; kinds are: {', '.join(KINDS)}")
    text = read_text(path, encoding)
    if kind == "linkedin":
        return read_linkedin(path, text)
    if kind == "vcard":
        return read_vcard(path, text)
    return read_csv(path, text, mapping)


def import_file(
    service: Service,
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
        return service.import_contacts(
            rows, label=f"Imported {path.name}", dry_run=dry_run, progress=progress
        )
    except ImportFileError:
        raise
    except ServiceError as exc:
        raise ImportFileError(f"{path.name} {exc}") from None


def guess_kind(path: Path) -> str | None:
    """What a file probably is, from its name and first lines; None when unsure."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".vcf", ".vcard"):
        return "vcard"
    if suffix == ".csv":
        try:
            with open(path, encoding="utf-8-sig", errors="replace") as handle:
                head = handle.read(4096)
        except OSError:
            return None
        return "linkedin" if "First Name" in head and "Last Name" in head else "csv"
    return None
