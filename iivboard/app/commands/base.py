"""What every command shares: the clock, the unit of work, loading a contact, writing an
event, and the stored due date kept current after each change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from iivboard.app import meetings_query
from iivboard.app.commands.cleaning import clean_line
from iivboard.domain.calendar import local, utc
from iivboard.domain.errors import NotFound, Refused
from iivboard.domain.facts import ContactFacts, MeetingFacts
from iivboard.domain.policy import Rules
from iivboard.domain.rules import registry
from iivboard.storage.models import Contact, Event, Meeting, MetaValue, Organization
from iivboard.storage.unit_of_work import Label, Recorder, UnitOfWork, Written

__all__ = ["Clock", "CommandArea", "Context", "Recorder", "Result", "load_contact"]

Clock = Callable[[], dt.datetime]

# What a command returns: the unit of work's record of what it wrote.
Result = Written


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Context:
    """The rules, the clock and the unit of work that the command areas share."""

    def __init__(self, rules: Rules | None = None, clock: Clock | None = None) -> None:
        self.rules = rules or Rules()
        self._clock = clock or system_clock
        self.uow = UnitOfWork(self.now)

    def now(self) -> dt.datetime:
        """The clock in naive UTC, the form the database stores."""
        return utc(self._clock())

    def when(self, at: dt.datetime | None) -> dt.datetime:
        """`at` as stored, or now when the user gave no time."""
        return utc(at) if at is not None else self.now()

    def happened(self, at: dt.datetime | None) -> dt.datetime:
        """`at` for something the user says has happened: the past (a minute's grace for
        clocks that differ), never a plan. A meeting to come is scheduled, not logged."""
        when = self.when(at)
        if when > self.now() + dt.timedelta(minutes=1):
            raise Refused(
                f"{local(when, self.rules.zone()):%a %d %b %H:%M} is in the future;"
                " log what has happened"
                " (a meeting to come is scheduled: move ID scheduled --meeting WHEN)"
            )
        return when

    def run(
        self,
        label: Label,
        body: Callable[[Recorder], int | None],
        *,
        undoable: bool = True,
        dry_run: bool = False,
    ) -> Result:
        return self.uow.run(label, body, undoable=undoable, dry_run=dry_run)

    def save(self, rec: Recorder, contact: Contact) -> None:
        """Write a changed contact back, its due date recomputed from what changed."""
        rec.touch(contact)
        contact.updated_at = self.now()
        self.refresh_due(contact)
        contact.save()

    def refresh_due(self, contact: Contact) -> None:
        """Set the contact's stored due from the rules, reading its open meeting if needed."""
        meeting = None
        if meetings_query.has_upcoming(contact.stage, contact.outcome):
            meeting = meetings_query.open_meeting(contact.id)
        self.set_due(contact, meeting)

    def set_due(self, contact: Contact, meeting: Meeting | None) -> None:
        """Set the contact's stored due, `meeting` being its open meeting (read already)."""
        due = registry.stored_due(due_facts(contact, meeting), self.rules)
        contact.due_kind = due.kind if due else None
        contact.due_at = due.at if due else None
        contact.overdue_at = due.overdue_at if due else None

    def ensure_due_current(self) -> int:
        """Each contact stores its next due date, computed with the rules of the day. When
        the rules in settings.toml change (cadences, holidays, time zone), recompute them all
        once, so the board agrees with the Today list. Returns how many were recomputed."""
        fingerprint = self.rules.fingerprint()
        stored = MetaValue.get_or_none(MetaValue.key == "due_rules")
        if stored is not None and stored.value == fingerprint:
            return 0

        def body() -> int:
            meetings = {m.contact_id: m for m in meetings_query.upcoming_meetings(Meeting)}
            count = 0
            for contact in Contact.select():
                before = (contact.due_kind, contact.due_at, contact.overdue_at)
                self.set_due(contact, meetings.get(contact.id))
                if (contact.due_kind, contact.due_at, contact.overdue_at) != before:
                    contact.save(only=[Contact.due_kind, Contact.due_at, Contact.overdue_at])
                    count += 1
            MetaValue.insert(key="due_rules", value=fingerprint).on_conflict_replace().execute()
            return count

        return self.uow.quietly(body)


def due_facts(contact: Contact, meeting: Meeting | None) -> ContactFacts:
    """What the due rules read of one contact row and its open meeting."""
    return ContactFacts(
        stage=contact.stage,
        stage_entered_at=contact.stage_entered_at,
        outcome=contact.outcome,
        request_sent_at=contact.request_sent_at,
        replied_at=contact.replied_at,
        followups_sent=contact.followups_sent,
        last_followup_at=contact.last_followup_at,
        met_at=contact.met_at,
        thanked_at=contact.thanked_at,
        last_interaction_at=contact.last_interaction_at,
        snoozed_until=contact.snoozed_until,
        retry_after=contact.retry_after,
        meeting=None
        if meeting is None
        else MeetingFacts(starts_at=meeting.starts_at, confirmed=bool(meeting.confirmed)),
    )


def load_contact(contact_id: int) -> Contact:
    contact: Contact | None = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise NotFound(f"no contact with id {contact_id}")
    return contact


def contact_name(contact_id: int) -> str:
    """For a label read after the body ran (the name it may have set)."""
    name: str = Contact.get_by_id(contact_id).name
    return name


def write_event(
    rec: Recorder,
    contact: Contact,
    kind: str,
    at: dt.datetime,
    *,
    text: str = "",
    channel: str = "",
    from_stage: str | None = None,
    to_stage: str | None = None,
    meeting: Meeting | None = None,
) -> Event:
    """One line of the contact's history, journalled with the change."""
    event = Event.create(
        contact=contact.id,
        kind=kind,
        at=at,
        text=text,
        channel=channel,
        from_stage=from_stage,
        to_stage=to_stage,
        meeting=meeting.id if meeting else None,
    )
    rec.created(event)
    return event


def find_organization(rec: Recorder, name: str | None) -> Organization | None:
    """The organization named, made if it is new; None for no name."""
    name = clean_line(name, "organization")
    if not name:
        return None
    org: Organization | None = Organization.get_or_none(Organization.name == name)
    if org is None:
        org = Organization.create(name=name)
        rec.created(org)
    return org


class CommandArea:
    """One area's commands (contacts, pipeline, meetings...) over a shared Context."""

    def __init__(self, context: Context) -> None:
        self.context = context

    @property
    def rules(self) -> Rules:
        return self.context.rules

    def now(self) -> dt.datetime:
        return self.context.now()
