"""Every row of the tables that hold the user's work, out and back in whole: what the
JSON export writes and `import json` restores. Values are checked against their columns
here, where the columns are known."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any, cast

from peewee import (
    AutoField,
    BooleanField,
    DateTimeField,
    Field,
    ForeignKeyField,
    IntegerField,
    IntegrityError,
)

from iivboard.domain.calendar import utc
from iivboard.domain.errors import BadFile, Refused
from iivboard.storage.models import (
    BaseModel,
    Change,
    Contact,
    Event,
    Meeting,
    Organization,
    database,
    insert,
)

# Parents before children: the order rows are restored in. The undo journal is left out.
TABLES: dict[str, type[BaseModel]] = {
    "organizations": Organization,
    "contacts": Contact,
    "meetings": Meeting,
    "events": Event,
}


class SnapshotError(BadFile):
    """Rows that cannot be restored; the message says which and why."""


class NotEmpty(SnapshotError, Refused):
    """The database already holds rows, which a restore would mix with the file's."""


def dump() -> dict[str, list[dict[str, Any]]]:
    """Each table's rows, column by column as stored (foreign keys as ids), by id."""
    return {
        key: cast(list[dict[str, Any]], list(model.select().order_by(model.id).dicts()))
        for key, model in TABLES.items()
    }


def _restored_value(field: Field, value: object) -> object:
    """A JSON value checked against the column it goes into; ValueError says what is wrong."""
    if value is None:
        if field.null:
            return None
        raise ValueError(f"{field.name} cannot be empty")
    if isinstance(field, DateTimeField):
        try:
            return utc(dt.datetime.fromisoformat(value))  # type: ignore[arg-type]
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


def _instances(key: str, rows: list[dict[str, Any]]) -> list[BaseModel]:
    model = TABLES[key]
    fields = model._meta.fields
    instances = []
    for position, row in enumerate(rows):
        try:
            unknown = sorted(set(row) - set(fields))
            if unknown:
                raise ValueError(f"unknown field {unknown[0]!r}")
            values = {name: _restored_value(fields[name], value) for name, value in row.items()}
        except ValueError as exc:
            raise SnapshotError(f"{key}[{position}] (id {row.get('id')}): {exc}") from None
        instances.append(model(**values))
    return instances


def restore(tables: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """Load rows (ids and all) into an empty database, in one transaction; how many of
    each kind came in. Dates may be ISO text. SnapshotError leaves the database as it was."""
    loaded = {key: _instances(key, tables.get(key, [])) for key in TABLES}
    try:
        with database.atomic("IMMEDIATE"):
            for model in TABLES.values():
                if model.select().exists():
                    raise NotEmpty("the database has data")
            # Referrals point at contacts further down the list: checked at commit.
            database.execute_sql("PRAGMA defer_foreign_keys = ON")
            for instances in loaded.values():
                for instance in instances:
                    insert(instance, keep_id=True)
            Change.delete().execute()  # a journal about other rows would only mislead
    except (IntegrityError, sqlite3.IntegrityError) as exc:
        raise SnapshotError(f"the rows do not fit together ({exc})") from None
    return {key: len(rows) for key, rows in loaded.items()}
