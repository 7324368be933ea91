"""The peewee models. Every datetime column holds naive UTC; the screen converts to local time."""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import TYPE_CHECKING, Any, TypeVar

from peewee import (
    SQL,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

# Not a database: the stand-in for the Store bound in the current context (storage/bound.py).
from iivboard.storage.bound import database

__all__ = [
    "MODELS",
    "Change",
    "Contact",
    "Event",
    "Meeting",
    "MetaValue",
    "Organization",
    "database",
    "insert",
    "load_json",
    "prep_of",
    "questions_of",
    "stored_moment",
    "stored_time",
]

J = TypeVar("J", list[Any], dict[str, Any])


def stored_time(value: str | dt.datetime | None) -> dt.datetime | None:
    """A timestamp as raw SQL returns it (text) or as peewee does (datetime)."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value)


def stored_moment(value: str | dt.datetime) -> dt.datetime:
    """stored_time for a NOT NULL column: the type says the value is there."""
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


def load_json(text: str | None, default: J) -> J:
    """A JSON column as stored; a hand-damaged value reads as empty rather than crashing."""
    try:
        value = json.loads(text or "")
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


def questions_of(meeting: Any) -> list[dict[str, Any]]:
    """A meeting's prepared questions ({"text", "asked"}), from anything with .questions."""
    items = load_json(meeting.questions, [])
    return [
        {"text": str(q.get("text", "")), "asked": bool(q.get("asked"))}
        for q in items
        if isinstance(q, dict) and str(q.get("text", "")).strip()
    ]


def prep_of(meeting: Any) -> dict[str, Any]:
    empty: dict[str, Any] = {}
    return load_json(meeting.prep, empty)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class BaseModel(Model):
    if TYPE_CHECKING:
        id: Any  # the AutoField peewee adds to every model that names no primary key

    class Meta:
        database = database
        legacy_table_names = False


class Organization(BaseModel):
    name = CharField(unique=True, collation="NOCASE")
    website = CharField(default="")
    notes = TextField(default="")
    rank = IntegerField(null=True)  # position on the user's target list; 1 is the top
    created_at = DateTimeField(default=_now)


class Contact(BaseModel):
    name = CharField()
    organization = ForeignKeyField(
        Organization, null=True, backref="contacts", on_delete="SET NULL"
    )
    role = CharField(default="")
    email = CharField(default="")
    phone = CharField(default="")
    linkedin = CharField(default="")
    location = CharField(default="")
    source = CharField(default="")  # how the name was found
    referred_by = ForeignKeyField("self", null=True, backref="referrals", on_delete="SET NULL")
    if TYPE_CHECKING:
        # The raw ids peewee adds beside each foreign key (no query to read them).
        organization_id: int | None
        referred_by_id: int | None
    common_ground = TextField(default="")
    tags = CharField(default="")  # comma separated, as typed
    notes = TextField(default="")  # why this person, anything not tied to a meeting

    stage = CharField(default="identified")
    stage_entered_at = DateTimeField(default=_now)
    outcome = CharField(null=True)  # None while open; declined / no_response when closed
    outcome_reason = CharField(default="")
    closed_at = DateTimeField(null=True)
    retry_after = DateTimeField(null=True)  # hiring conflict: try again after this

    request_sent_at = DateTimeField(null=True)
    request_channel = CharField(default="")
    followups_sent = IntegerField(default=0)
    last_followup_at = DateTimeField(null=True)
    replied_at = DateTimeField(null=True)
    met_at = DateTimeField(null=True)
    thanked_at = DateTimeField(null=True)
    last_interaction_at = DateTimeField(null=True)
    snoozed_until = DateTimeField(null=True)
    may_recontact = BooleanField(null=True)
    offered_intro = BooleanField(default=False)

    # Denormalised by the service after every change, so the board sorts with an index.
    due_kind = CharField(null=True)
    due_at = DateTimeField(null=True)
    overdue_at = DateTimeField(null=True)

    created_at = DateTimeField(default=_now)
    updated_at = DateTimeField(default=_now)

    class Meta:
        indexes = (
            (("outcome", "stage", "due_at"), False),
            (("organization", "stage"), False),
            (("referred_by",), False),
        )


class Meeting(BaseModel):
    contact = ForeignKeyField(Contact, backref="meetings", on_delete="CASCADE")
    if TYPE_CHECKING:
        contact_id: int
    starts_at = DateTimeField(index=True)
    minutes = IntegerField(default=20)
    format = CharField(default="video")
    place = CharField(default="")  # address, phone number or video link
    confirmed = BooleanField(default=False)
    questions = TextField(default="[]")  # JSON list of {"text": str, "asked": bool}
    prep = TextField(default="{}")  # JSON map of prep step -> done
    notes = TextField(default="")
    reflection = TextField(default="")
    started_at = DateTimeField(null=True)
    ended_at = DateTimeField(null=True)
    created_at = DateTimeField(default=_now)
    # Kept, not deleted: the calendar export tells calendar apps it was cancelled.
    cancelled_at = DateTimeField(null=True)
    # The iCalendar SEQUENCE: one up on each reschedule or cancel, so calendar apps
    # replace the event they have instead of adding another.
    sequence = IntegerField(default=0, constraints=[SQL("DEFAULT 0")])


class Event(BaseModel):
    """One line of history: a move, a request, a follow-up, a note..."""

    contact = ForeignKeyField(Contact, backref="events", on_delete="CASCADE")
    kind = CharField()
    at = DateTimeField()
    channel = CharField(default="")
    text = TextField(default="")
    from_stage = CharField(null=True)
    to_stage = CharField(null=True)
    meeting = ForeignKeyField(Meeting, null=True, backref="events", on_delete="SET NULL")
    if TYPE_CHECKING:
        contact_id: int
        meeting_id: int | None

    class Meta:
        indexes = ((("contact", "at"), False), (("kind", "at"), False))


class Change(BaseModel):
    """The undo journal: the rows one user action touched, before and after (JSON)."""

    label = CharField()
    at = DateTimeField(default=_now)
    undone = BooleanField(default=False)
    rows = TextField()  # JSON list of [table, id, before, after]


class MetaValue(BaseModel):
    """Small facts about the database itself (schema 2), e.g. which rules computed due_at."""

    key = CharField(primary_key=True)
    value = TextField()

    class Meta:
        table_name = "meta"


MODELS = (Organization, Contact, Meeting, Event, Change, MetaValue)


@functools.cache
def _insert_statement(model: type[BaseModel], keep_id: bool) -> tuple[str, list[Any]]:
    fields = [f for f in model._meta.sorted_fields if keep_id or f is not model._meta.primary_key]
    names = ", ".join(f'"{f.column_name}"' for f in fields)
    marks = ", ".join("?" for _ in fields)
    return f'INSERT INTO "{model._meta.table_name}" ({names}) VALUES ({marks})', fields


def insert(instance: BaseModel, keep_id: bool = False) -> None:
    """Insert a new instance with one prepared statement. For thousands of rows at once
    (imports, restores), building each INSERT through peewee costs more than running it."""
    sql, fields = _insert_statement(type(instance), keep_id)
    params = [f.db_value(instance.__data__.get(f.name)) for f in fields]
    cursor = database.execute_sql(sql, params)
    if not keep_id:
        instance.id = cursor.lastrowid
