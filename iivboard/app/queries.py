"""Read-only queries for the board, the contact screen and the CLI; one query per list.

The daily review and the triage live in review.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeAlias, cast

from peewee import JOIN, ModelSelect, fn

from iivboard.app.calls import INTRO_KEY, PrepStep, call_meeting, prep_steps
from iivboard.app.meetings_query import latest_meeting
from iivboard.domain.calendar import from_iso, iso
from iivboard.domain.policy import Rules
from iivboard.domain.rules import registry
from iivboard.domain.stats import HistoryLine, last_request
from iivboard.storage.models import (
    Contact,
    Event,
    Meeting,
    Organization,
    database,
    prep_of,
    questions_of,
    stored_time,
)

# The JSON shapes of README's "JSON output": values of any JSON kind, keyed by name.
Json: TypeAlias = dict[str, Any]


class Card(NamedTuple):
    id: int
    name: str
    organization: str | None
    role: str
    stage: str
    outcome: str | None
    due_kind: str | None
    due_at: dt.datetime | None
    overdue_at: dt.datetime | None
    tags: str
    org_rank: int | None


_CARD_COLUMNS = (
    Contact.id,
    Contact.name,
    Organization.name,
    Contact.role,
    Contact.stage,
    Contact.outcome,
    Contact.due_kind,
    Contact.due_at,
    Contact.overdue_at,
    Contact.tags,
    Organization.rank,
)


def _card_query() -> ModelSelect[Contact]:
    return (
        Contact.select(*_CARD_COLUMNS)
        .join(Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id))
        .order_by(Contact.due_at.is_null(), Contact.due_at, fn.lower(Contact.name))
    )


def _fetch_cards(query: ModelSelect[Contact]) -> list[Card]:
    # Peewee's per-value conversion doubled the time to load 10,000 cards; the SQL is still
    # peewee's, only the two timestamps are parsed here (stored_time: the C fromisoformat).
    return [
        Card(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            stored_time(r[7]),
            stored_time(r[8]),
            r[9],
            r[10],
        )
        for r in database.execute_sql(*query.sql()).fetchall()
    ]


def cards(include_closed: bool = False, stage: str | None = None) -> list[Card]:
    """Every card, soonest due first: one query however many contacts there are."""
    query = _card_query()
    if not include_closed:
        query = query.where(Contact.outcome.is_null())
    if stage is not None:
        query = query.where(Contact.stage == stage)
    return _fetch_cards(query)


def cards_by_id(ids: set[int] | list[int]) -> dict[int, Card]:
    ids = list(ids)
    found: dict[int, Card] = {}
    for start in range(0, len(ids), 500):
        rows = _fetch_cards(_card_query().where(Contact.id.in_(ids[start : start + 500])))
        found.update((card.id, card) for card in rows)
    return found


def contact_names(ids: list[int | None]) -> dict[int, str]:
    """Names by id, in one query (ids may hold None)."""
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = Contact.select(Contact.id, Contact.name).where(Contact.id.in_(wanted)).tuples()
    return dict(cast(Iterable[tuple[int, str]], rows))


def organization_names() -> list[str]:
    rows = Organization.select(Organization.name).order_by(fn.lower(Organization.name)).tuples()
    return [name for (name,) in cast(Iterable[tuple[str]], rows)]


def due_words(summary: Json, now: dt.datetime, rules: Rules) -> tuple[str, str]:
    """The card words and level ("", soon, due, overdue) of a contact_summary's due."""
    due = summary["due"]
    if due is None:
        return "", ""
    return registry.describe(
        due["kind"], from_iso(due["at"]), from_iso(due["overdue_at"]), now, rules
    )


def contact_summary(contact: Contact) -> Json:
    """The stable JSON shape of a contact (see README: "JSON output")."""
    org = contact.organization
    return {
        "id": contact.id,
        "name": contact.name,
        "organization": org.name if org else None,
        "organization_rank": org.rank if org else None,
        "role": contact.role,
        "email": contact.email,
        "phone": contact.phone,
        "linkedin": contact.linkedin,
        "location": contact.location,
        "source": contact.source,
        "referred_by": contact.referred_by_id,
        "common_ground": contact.common_ground,
        "tags": [t.strip() for t in contact.tags.split(",") if t.strip()],
        "notes": contact.notes,
        "stage": contact.stage,
        "stage_entered_at": iso(contact.stage_entered_at),
        "outcome": contact.outcome,
        "outcome_reason": contact.outcome_reason or None,
        "request_sent_at": iso(contact.request_sent_at),
        "request_channel": contact.request_channel or None,
        "followups_sent": contact.followups_sent,
        "last_interaction_at": iso(contact.last_interaction_at),
        "snoozed_until": iso(contact.snoozed_until),
        "due": None
        if contact.due_kind is None
        else {
            "kind": contact.due_kind,
            "at": iso(contact.due_at),
            "overdue_at": iso(contact.overdue_at),
        },
    }


def meeting_dict(meeting: Meeting) -> Json:
    return {
        "id": meeting.id,
        "starts_at": iso(meeting.starts_at),
        "minutes": meeting.minutes,
        "format": meeting.format,
        "place": meeting.place,
        "confirmed": meeting.confirmed,
        "questions": questions_of(meeting),
        "prep": prep_of(meeting),
        "notes": meeting.notes,
        "reflection": meeting.reflection,
        "started_at": iso(meeting.started_at),
        "ended_at": iso(meeting.ended_at),
        "cancelled_at": iso(meeting.cancelled_at),
    }


def event_dict(event: Event) -> Json:
    return {
        "kind": event.kind,
        "at": iso(event.at),
        "channel": event.channel or None,
        "text": event.text,
        "from_stage": event.from_stage,
        "to_stage": event.to_stage,
    }


def contact_detail(contact_id: int) -> Json | None:
    contact = (
        Contact.select(Contact, Organization)
        .join(Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id))
        .where(Contact.id == contact_id)
        .first()
    )
    if contact is None:
        return None
    detail = contact_summary(contact)
    detail["meetings"] = [
        meeting_dict(m)
        for m in Meeting.select().where(Meeting.contact == contact_id).order_by(Meeting.starts_at)
    ]
    events = list(Event.select().where(Event.contact == contact_id).order_by(Event.at, Event.id))
    detail["events"] = [event_dict(e) for e in events]
    sent = last_request(
        HistoryLine(contact_id, e.kind, e.at, e.to_stage, e.from_stage) for e in events
    )
    detail["request"] = None
    if sent is not None:
        request = events[sent[0]]
        detail["request"] = {
            "sent_at": iso(request.at),
            "channel": request.channel or None,
            "followups": sent[1],
        }
    referrals = (
        Contact.select(Contact.id)
        .where(Contact.referred_by == contact_id)
        .order_by(Contact.id)
        .tuples()
    )
    detail["referrals"] = [cid for (cid,) in cast(Iterable[tuple[int]], referrals)]
    return detail


def list_contacts(
    stage: str | None = None, due_by: dt.datetime | None = None, include_closed: bool = False
) -> list[Json]:
    query = (
        Contact.select(Contact, Organization)
        .join(Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id))
        .order_by(Contact.due_at.is_null(), Contact.due_at, Contact.id)
    )
    if stage is not None:
        query = query.where(Contact.stage == stage)
    if not include_closed:
        query = query.where(Contact.outcome.is_null())
    if due_by is not None:
        query = query.where(Contact.due_at <= due_by)
    return [contact_summary(c) for c in query]


# ---------------------------------------------------------------- views for the screens
# What a screen shows of one contact or one meeting, as frozen values: a screen never holds
# a storage row, so it cannot read a stale one or write behind the commands' back.


@dataclass(frozen=True)
class ContactBrief:
    id: int
    name: str
    organization: str
    role: str
    stage: str
    outcome: str | None
    email: str
    phone: str
    linkedin: str
    may_recontact: bool | None
    offered_intro: bool
    due_at: dt.datetime | None


@dataclass(frozen=True)
class Question:
    text: str
    asked: bool


@dataclass(frozen=True)
class MeetingView:
    id: int
    contact_id: int
    starts_at: dt.datetime
    minutes: int
    format: str
    place: str
    confirmed: bool
    notes: str
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    questions: tuple[Question, ...]
    intro: str
    steps: tuple[PrepStep, ...]


@dataclass(frozen=True)
class CallView:
    """What call mode or prep can open for a contact: both, or a reason it cannot."""

    contact: ContactBrief | None
    meeting: MeetingView | None
    reason: str


def _brief(contact: Contact) -> ContactBrief:
    org = contact.organization  # joined, or None without a query when there is none
    return ContactBrief(
        id=contact.id,
        name=contact.name,
        organization=org.name if org is not None else "",
        role=contact.role,
        stage=contact.stage,
        outcome=contact.outcome,
        email=contact.email,
        phone=contact.phone,
        linkedin=contact.linkedin,
        may_recontact=contact.may_recontact,
        offered_intro=bool(contact.offered_intro),
        due_at=contact.due_at,
    )


def _meeting_view(meeting: Meeting) -> MeetingView:
    return MeetingView(
        id=meeting.id,
        contact_id=meeting.contact_id,
        starts_at=meeting.starts_at,
        minutes=meeting.minutes,
        format=meeting.format,
        place=meeting.place,
        confirmed=bool(meeting.confirmed),
        notes=meeting.notes,
        started_at=meeting.started_at,
        ended_at=meeting.ended_at,
        questions=tuple(Question(q["text"], q["asked"]) for q in questions_of(meeting)),
        intro=str(prep_of(meeting).get(INTRO_KEY, "")),
        steps=tuple(prep_steps(meeting)),
    )


def contact_brief(contact_id: int) -> ContactBrief | None:
    contact = (
        Contact.select(Contact, Organization)
        .join(Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id))
        .where(Contact.id == contact_id)
        .first()
    )
    return None if contact is None else _brief(contact)


def meeting_view(meeting_id: int) -> MeetingView | None:
    meeting = Meeting.get_or_none(Meeting.id == meeting_id)
    return None if meeting is None else _meeting_view(meeting)


def latest_meeting_view(contact_id: int) -> MeetingView | None:
    meeting = latest_meeting(contact_id)
    return None if meeting is None else _meeting_view(meeting)


def call_view(contact_id: int, what: str = "Call mode") -> CallView:
    contact, meeting, reason = call_meeting(contact_id, what)
    return CallView(
        None if contact is None else _brief(contact),
        None if meeting is None else _meeting_view(meeting),
        reason,
    )
