"""The undo journal: each action's rows as they were before and after, in the Change table.

Undo writes every row back to its before-state, redo to its after-state, so both restore
rows exactly and survive a restart. A row that changed since (another action, the CLI)
makes undo refuse rather than overwrite it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Protocol

from iivboard.domain.errors import Conflict, Refused
from iivboard.storage.models import Change, database

JOURNAL_LIMIT = 500
# Children before parents when deleting; the reverse when restoring.
TABLE_ORDER = ("event", "meeting", "contact", "organization")

RowState = dict[str, Any]
# [table, id, before, after]: JSON as stored in Change.rows.
JournalRow = list[Any]


class _Stored(Protocol):
    """A model instance: its table name (through _meta) and its id."""

    id: int
    _meta: Any


def read_row(table: str, row_id: int) -> RowState | None:
    cursor = database.execute_sql(f'SELECT * FROM "{table}" WHERE id = ?', (row_id,))
    values = cursor.fetchone()
    if values is None:
        return None
    return dict(zip((d[0] for d in cursor.description), values))


def write_row(table: str, row_id: int, state: RowState | None) -> None:
    current = read_row(table, row_id)
    if state is None:
        if current is not None:
            database.execute_sql(f'DELETE FROM "{table}" WHERE id = ?', (row_id,))
        return
    columns = list(state)
    if current is None:
        marks = ", ".join("?" for _ in columns)
        names = ", ".join(f'"{c}"' for c in columns)
        database.execute_sql(
            f'INSERT INTO "{table}" ({names}) VALUES ({marks})', [state[c] for c in columns]
        )
    else:
        sets = ", ".join(f'"{c}" = ?' for c in columns if c != "id")
        database.execute_sql(
            f'UPDATE "{table}" SET {sets} WHERE id = ?',
            [state[c] for c in columns if c != "id"] + [row_id],
        )


class Recorder:
    """Collects the before-state of each row an action touches; call `touch` before the
    change is written, `created` after an insert."""

    def __init__(self) -> None:
        self.before: dict[tuple[str, int], RowState | None] = {}

    def touch(self, instance_or_table: _Stored | str, row_id: int | None = None) -> None:
        if isinstance(instance_or_table, str):
            if row_id is None:
                raise TypeError("touch(table, row_id) needs the row id")
            table = instance_or_table
        else:
            table, row_id = instance_or_table._meta.table_name, instance_or_table.id
        key = (table, row_id)
        if key not in self.before:
            self.before[key] = read_row(table, row_id)

    def created(self, instance: _Stored) -> None:
        self.before.setdefault((instance._meta.table_name, instance.id), None)

    def contact_ids(self) -> set[int]:
        """The contacts touched so far, without reading any row."""
        return {row_id for table, row_id in self.before if table == "contact"}

    def rows(self) -> list[JournalRow]:
        return [
            [table, row_id, before, read_row(table, row_id)]
            for (table, row_id), before in self.before.items()
        ]


def contact_ids(rows: list[JournalRow]) -> set[int]:
    """The contacts a journal entry touched: what a screen redraws."""
    return {row[1] for row in rows if row[0] == "contact"}


def order(rows: list[JournalRow], deleting: bool) -> list[JournalRow]:
    tables = TABLE_ORDER if deleting else tuple(reversed(TABLE_ORDER))
    return sorted(rows, key=lambda r: tables.index(r[0]))


def record(label: str, rows: list[JournalRow], at: dt.datetime) -> int | None:
    """Journal one action (inside its transaction); returns the entry's id, None if the
    action touched no row."""
    if not rows:
        return None
    # A new action forgets what was undone: redo only follows undo.
    Change.delete().where(Change.undone == True).execute()  # noqa: E712
    change_id: int = Change.create(label=label, at=at, rows=json.dumps(rows)).id
    stale = Change.select(Change.id).order_by(Change.id.desc()).offset(JOURNAL_LIMIT)
    Change.delete().where(Change.id.in_(stale)).execute()
    return change_id


def replay(undo: bool) -> tuple[str, list[JournalRow], int]:
    """Undo the latest action (or redo the earliest undone one), inside the caller's
    transaction. Returns its label, rows and id; Refused when there is nothing to do,
    Conflict when a row changed since."""
    if undo:
        change = (
            Change.select()
            .where(Change.undone == False)  # noqa: E712
            .order_by(Change.id.desc())
            .first()
        )
    else:
        change = Change.select().where(Change.undone == True).order_by(Change.id).first()  # noqa: E712
    if change is None:
        raise Refused("nothing to undo" if undo else "nothing to redo")
    rows: list[JournalRow] = json.loads(change.rows)
    expect, apply = (3, 2) if undo else (2, 3)
    for row in rows:
        if read_row(row[0], row[1]) != row[expect]:
            raise Conflict(f"cannot {'undo' if undo else 'redo'} “{change.label}”: changed since")
    # Rows come back in table order, but a contact may refer to one restored after it.
    database.execute_sql("PRAGMA defer_foreign_keys = ON")
    for row in order([r for r in rows if r[apply] is None], deleting=True):
        write_row(row[0], row[1], None)
    for row in order([r for r in rows if r[apply] is not None], deleting=False):
        write_row(row[0], row[1], row[apply])
    change.undone = undo
    change.save()
    return str(change.label), rows, int(change.id)
