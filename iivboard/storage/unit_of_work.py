"""Where every change is written: one BEGIN IMMEDIATE transaction, the rows it touched
journalled as one undo step, and what the database refuses turned into NotSaved.

A command hands `run` a body that does its writes with a Recorder; `many` runs several
commands as one transaction and one undo step (a batch from triage); a dry run does all
the work and rolls it back. A NotDone raised in a body rolls the transaction back and
reaches the caller as it is; any other exception is a bug and propagates unchanged.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from peewee import DatabaseError, IntegrityError, OperationalError

from iivboard.domain.errors import NotDone, NotSaved, Refused
from iivboard.storage import journal
from iivboard.storage.journal import Recorder
from iivboard.storage.models import Contact, database

__all__ = ["Recorder", "UnitOfWork", "Written", "refusals", "storage_message"]


@dataclass
class Written:
    """What one unit of work wrote: its label, the contacts it touched, the contact its
    body returned (the one a command is about) and its journal entry (None: nothing to undo)."""

    label: str
    contact_ids: set[int] = field(default_factory=set)
    contact_id: int | None = None
    change_id: int | None = None


class _DryRun(Exception):
    """Raised at the end of a dry run so the transaction rolls back."""


def storage_message(exc: BaseException) -> str:
    # On a full disk or an I/O error SQLite rolls the transaction back itself; peewee's
    # own ROLLBACK then fails with "no transaction is active", hiding the real cause.
    while "no transaction is active" in str(exc) and exc.__context__ is not None:
        exc = exc.__context__
    text = str(exc)
    if "locked" in text or "busy" in text:
        return "the database is busy in another program; nothing was changed, try again"
    if "readonly" in text or "read-only" in text:
        return "the database file is read-only; nothing was changed"
    if "disk" in text and "full" in text:
        return "the disk is full; nothing was changed"
    return f"the database refused the change: {text}"


@contextmanager
def refusals() -> Iterator[None]:
    """Turn what the database refuses into NotSaved for the user. The rules' refusals are
    NotDone already; anything else (a ValueError too) is a bug and propagates."""
    try:
        yield
    except IntegrityError as exc:
        raise NotSaved(f"not saved: {exc}") from exc
    except (OperationalError, sqlite3.OperationalError) as exc:
        raise NotSaved(storage_message(exc)) from exc
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        raise NotSaved(f"the database refused the change: {exc}") from exc


Label = str | Callable[[], str]


class UnitOfWork:
    """Writes to the Store bound in the current context; `now` stamps journal entries."""

    def __init__(self, now: Callable[[], dt.datetime]) -> None:
        self._now = now
        self._batch: Recorder | None = None  # set while many() runs

    def run(
        self,
        label: Label,
        body: Callable[[Recorder], int | None],
        *,
        undoable: bool = True,
        dry_run: bool = False,
    ) -> Written:
        """`body` in one transaction, journalled as one undo step unless `undoable` is
        False. A label given as a function is read after the body ran (a name it set)."""
        if self._batch is not None:
            if dry_run:
                raise Refused("a dry run cannot be part of a batch")
            # Inside many(): the batch owns the transaction and the single journal entry.
            with refusals(), database.atomic():
                value = body(self._batch)
            return Written(_text(label), set(), value, None)
        recorder = Recorder()
        try:
            with refusals(), database.atomic("IMMEDIATE"):
                value = body(recorder)
                text = _text(label)
                if dry_run:
                    # Rolled back: reading every row's after-state for a journal entry that
                    # is never written would cost a query per row of a large import.
                    raise _DryRun
                rows = recorder.rows()
                change_id = journal.record(text, rows, self._now()) if undoable else None
        except _DryRun:
            return Written(text, recorder.contact_ids(), value, None)
        return Written(text, journal.contact_ids(rows), value, change_id)

    def quietly(self, body: Callable[[], int]) -> int:
        """A write that is not a user's action (autosave, recomputed due dates): one
        transaction, no journal entry."""
        with refusals(), database.atomic("IMMEDIATE"):
            return body()

    def many(self, label: str, ids: Iterable[int], action: Callable[[int], object]) -> Written:
        """`action` on each contact as one transaction and one undo step. If any contact
        refuses, nothing changes and the message names them."""
        chosen = list(dict.fromkeys(ids))
        if not chosen:
            raise Refused("no contacts chosen")
        if self._batch is not None:
            raise Refused("a batch cannot run inside another batch")
        recorder = Recorder()
        self._batch = recorder
        try:
            with refusals(), database.atomic("IMMEDIATE"):
                for contact_id in chosen:
                    try:
                        action(contact_id)
                    except NotDone as exc:
                        who = Contact.get_or_none(Contact.id == contact_id)
                        name = who.name if who else f"#{contact_id}"
                        raise type(exc)(f"{name}: {exc}; nothing was changed") from None
                rows = recorder.rows()
                change_id = journal.record(label, rows, self._now())
        finally:
            self._batch = None
        return Written(label, journal.contact_ids(rows), None, change_id)

    def replay(self, undo: bool) -> Written:
        """Undo the latest action, or redo the last one undone."""
        with refusals(), database.atomic("IMMEDIATE"):
            label, rows, change_id = journal.replay(undo)
        verb = "Undid" if undo else "Redid"
        return Written(f"{verb}: {label}", journal.contact_ids(rows), None, change_id)


def _text(label: Label) -> str:
    return label() if callable(label) else label
