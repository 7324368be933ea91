"""Every change a user can make: one method each, one transaction, one history event, undoable.

The CLI and the board both call these, so they can never disagree about what a move means.
Undo works from a journal (the Change table): each action records the rows it touched as
they were before and after, so undo and redo restore rows exactly, and survive a restart.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

from dateutil.relativedelta import relativedelta

from iivboard.app.matching import ContactIndex, ImportReport, Incoming, RowOutcome, nocase
from iivboard.domain import stages
from iivboard.domain.calendar import local, utc
from iivboard.domain.errors import NotDone, NotFound
from iivboard.domain.facts import ContactFacts, MeetingFacts
from iivboard.domain.policy import Rules
from iivboard.domain.rules import registry
from iivboard.storage.models import (
    Contact,
    Event,
    Meeting,
    MetaValue,
    Organization,
    database,
    insert,
)
from iivboard.storage.unit_of_work import Recorder, UnitOfWork, Written, refusals

# The unit of work's error mapping, by the name the commands below still use.
_refusals = refusals

# The old name of the error root's user errors, kept for its many callers.
ServiceError = NotDone


# What a command returns: the unit of work's record of what it wrote.
Result = Written


def clean_line(value: Any, field_name: str = "value") -> str:
    """One-line text as typed: kept literally, but it must be storable."""
    text = "" if value is None else str(value)
    _check_storable(text, field_name)
    return text.strip()


def clean_text(value: Any, field_name: str = "text") -> str:
    text = "" if value is None else str(value)
    _check_storable(text, field_name)
    return text


def _check_storable(text: str, field_name: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ServiceError(
            f"{field_name} holds a character that is not valid text "
            "(a lone surrogate); nothing was saved"
        ) from None
    if "\x00" in text:
        raise ServiceError(f"{field_name} holds a NUL character; nothing was saved")


def split_tags(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    parts = value.split(",") if isinstance(value, str) else list(value)
    seen: list[str] = []
    for part in parts:
        tag = clean_line(part, "tag")
        if tag and tag.lower() not in (t.lower() for t in seen):
            seen.append(tag)
    return seen


class Service:
    def __init__(
        self, rules: Rules | None = None, clock: Callable[[], dt.datetime] | None = None
    ) -> None:
        self.rules = rules or Rules()
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.uow = UnitOfWork(self.now)

    # ------------------------------------------------------------ plumbing

    def now(self) -> dt.datetime:
        return utc(self._clock())

    def _when(self, at: dt.datetime | None) -> dt.datetime:
        return utc(at) if at is not None else self.now()

    def _run(
        self,
        label: str | Callable[[], str],
        body: Callable[[Recorder], int | None],
        undoable: bool = True,
        dry_run: bool = False,
    ) -> Result:
        return self.uow.run(label, body, undoable=undoable, dry_run=dry_run)

    def many(
        self, label: str, contact_ids: Iterable[int], action: Callable[[int], Result]
    ) -> Result:
        """One action on several contacts (a batch from triage): one transaction and one
        undo step for all. If any contact refuses, nothing changes and the message names them."""
        return self.uow.many(label, contact_ids, action)

    def _contact(self, contact_id: int) -> Contact:
        contact = Contact.get_or_none(Contact.id == contact_id)
        if contact is None:
            raise NotFound(f"no contact with id {contact_id}")
        return contact

    def _event(
        self,
        rec: Recorder,
        contact: Contact,
        kind: str,
        at: dt.datetime,
        text: str = "",
        channel: str = "",
        from_stage: str | None = None,
        to_stage: str | None = None,
        meeting: Meeting | None = None,
    ) -> Event:
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

    def _organization(self, rec: Recorder, name: str | None) -> Organization | None:
        name = clean_line(name, "organization")
        if not name:
            return None
        org = Organization.get_or_none(Organization.name == name)
        if org is None:
            org = Organization.create(name=name)
            rec.created(org)
        return org

    def _save(self, rec: Recorder, contact: Contact) -> None:
        rec.touch(contact)
        contact.updated_at = self.now()
        self._refresh_due(contact)
        contact.save()

    @staticmethod
    def _due_facts(contact: Contact, meeting: Meeting | None) -> ContactFacts:
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
            last_interaction_at=contact.last_interaction_at,
            snoozed_until=contact.snoozed_until,
            retry_after=contact.retry_after,
            meeting=None
            if meeting is None
            else MeetingFacts(starts_at=meeting.starts_at, confirmed=bool(meeting.confirmed)),
        )

    def _refresh_due(self, contact: Contact, meeting: Meeting | type(...) | None = ...) -> None:
        if meeting is ...:
            meeting = None
            if contact.stage == "scheduled":
                meeting = (
                    Meeting.select()
                    .where(Meeting.contact == contact.id, Meeting.ended_at.is_null())
                    .order_by(Meeting.starts_at.desc())
                    .first()
                )
        due = registry.stored_due(self._due_facts(contact, meeting), self.rules)
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
        with _refusals(), database.atomic("IMMEDIATE"):
            meetings = {}
            for meeting in (
                Meeting.select().where(Meeting.ended_at.is_null()).order_by(Meeting.starts_at)
            ):
                meetings[meeting.contact_id] = meeting  # the latest open one wins
            count = 0
            for contact in Contact.select():
                before = (contact.due_kind, contact.due_at, contact.overdue_at)
                self._refresh_due(
                    contact, meetings.get(contact.id) if contact.stage == "scheduled" else None
                )
                if (contact.due_kind, contact.due_at, contact.overdue_at) != before:
                    contact.save(only=[Contact.due_kind, Contact.due_at, Contact.overdue_at])
                    count += 1
            MetaValue.replace(key="due_rules", value=fingerprint).execute()
        return count

    # ------------------------------------------------------------ contacts

    CONTACT_FIELDS = (
        "role",
        "email",
        "phone",
        "linkedin",
        "location",
        "source",
        "common_ground",
        "notes",
    )

    def add_contact(
        self,
        name: str,
        *,
        organization: str | None = None,
        referred_by: int | None = None,
        tags: str | Iterable[str] | None = None,
        stage: str = "identified",
        at: dt.datetime | None = None,
        **fields: str,
    ) -> Result:
        name = clean_line(name, "name")
        if not name:
            raise ServiceError("a contact needs a name")
        unknown = set(fields) - set(self.CONTACT_FIELDS)
        if unknown:
            raise ServiceError(f"unknown field {sorted(unknown)[0]!r}")
        values = {
            k: (clean_text(v, k) if k in ("common_ground", "notes") else clean_line(v, k))
            for k, v in fields.items()
        }
        stage = stages.parse_stage(stage)
        when = self._when(at)

        def body(rec: Recorder) -> int:
            return self._new_contact(
                rec, name, organization, referred_by, tags, stage, when, values
            ).id

        return self._run(f"Added {name}", body)

    def _new_contact(
        self,
        rec: Recorder,
        name: str,
        organization: str | None,
        referred_by: int | None,
        tags: str | Iterable[str] | None,
        stage: str,
        when: dt.datetime,
        values: dict[str, str],
    ) -> Contact:
        referrer = self._contact(referred_by) if referred_by is not None else None
        org = self._organization(rec, organization)
        contact = Contact.create(
            name=name,
            organization=org,
            referred_by=referred_by,
            tags=", ".join(split_tags(tags)),
            stage=stage,
            stage_entered_at=when,
            created_at=when,
            updated_at=when,
            **values,
        )
        rec.created(contact)
        text = f"referred by {referrer.name}" if referrer else ""
        self._event(rec, contact, "added", when, text=text, to_stage=stage)
        self._refresh_due(contact)
        contact.save()
        return contact

    def update_contact(
        self,
        contact_id: int,
        *,
        name: str | None = None,
        organization: str | None = None,
        tags: str | Iterable[str] | None = None,
        referred_by: int | type(...) | None = ...,
        **fields: str,
    ) -> Result:
        unknown = set(fields) - set(self.CONTACT_FIELDS)
        if unknown:
            raise ServiceError(f"unknown field {sorted(unknown)[0]!r}")

        def body(rec: Recorder) -> int:
            contact = self._contact(contact_id)
            rec.touch(contact)
            changed = []

            def set_if_new(attr: str, value: Any, current: Any, word: str) -> None:
                if value != current:
                    setattr(contact, attr, value)
                    changed.append(word)

            if name is not None:
                new_name = clean_line(name, "name")
                if not new_name:
                    raise ServiceError("a contact needs a name")
                set_if_new("name", new_name, contact.name, "name")
            if organization is not None:
                org = self._organization(rec, organization)
                set_if_new(
                    "organization", org.id if org else None, contact.organization_id, "organization"
                )
            if tags is not None:
                set_if_new("tags", ", ".join(split_tags(tags)), contact.tags, "tags")
            if referred_by is not ...:
                if referred_by == contact.id:
                    raise ServiceError("a contact cannot refer themselves")
                if referred_by is not None:
                    self._contact(referred_by)
                set_if_new("referred_by", referred_by, contact.referred_by_id, "referred by")
            for key, value in fields.items():
                value = (
                    clean_text(value, key)
                    if key in ("common_ground", "notes")
                    else clean_line(value, key)
                )
                set_if_new(key, value, getattr(contact, key), key.replace("_", " "))
            if changed:
                self._event(rec, contact, "edited", self.now(), text=", ".join(changed))
                self._save(rec, contact)
            return contact.id

        return self._run(lambda: f"Edited {Contact.get_by_id(contact_id).name}", body)

    def delete_contact(self, contact_id: int) -> Result:
        def body(rec: Recorder) -> int:
            contact = self._contact(contact_id)
            rec.touch(contact)
            # Rows the delete changes by cascade or SET NULL are journalled too, so undo
            # brings back the history and the referral links exactly.
            for event in Event.select(Event.id).where(Event.contact == contact.id):
                rec.touch("event", event.id)
            for meeting in Meeting.select(Meeting.id).where(Meeting.contact == contact.id):
                rec.touch("meeting", meeting.id)
            for other in Contact.select(Contact.id).where(Contact.referred_by == contact.id):
                rec.touch("contact", other.id)
            contact.delete_instance()
            return contact_id

        name = self._contact(contact_id).name
        return self._run(f"Deleted {name}", body)

    # ------------------------------------------------------------ stage changes

    def move(
        self,
        contact_id: int,
        stage: str,
        *,
        at: dt.datetime | None = None,
        channel: str = "",
        meeting: dict | None = None,
        note: str = "",
    ) -> Result:
        """Move to `stage`, filling in what the stage needs (request date, meeting...)."""
        stage = stages.parse_stage(stage)
        when = self._when(at)

        def body(rec: Recorder) -> int:
            contact = self._contact(contact_id)
            moment = self._held_at(contact) if stage == "met" and at is None else when
            self._move_in(rec, contact, stage, moment, channel=channel, meeting=meeting, note=note)
            return contact.id

        return self._run(
            lambda: f"Moved {Contact.get_by_id(contact_id).name} to {stages.STAGE_LABELS[stage]}",
            body,
        )

    def _move_in(
        self,
        rec: Recorder,
        contact: Contact,
        stage: str,
        when: dt.datetime,
        *,
        channel: str = "",
        meeting: dict | None = None,
        note: str = "",
        held: Meeting | None = None,
    ) -> None:
        """The body of a move, for services that move a contact as part of a larger change;
        `held` is the meeting that moving to met is about (else the open one)."""
        stages.check_move(contact.stage, stage, contact.outcome)
        rec.touch(contact)
        source = contact.stage
        meeting_row = None
        if stage == "requested":
            contact.request_sent_at = when
            contact.request_channel = clean_line(channel, "channel") or contact.request_channel
            contact.followups_sent = 0
            contact.last_followup_at = None
            contact.last_interaction_at = when
        elif stage == "scheduled":
            meeting_row = self._upsert_meeting(rec, contact, meeting or {}, when)
            if contact.replied_at is None:
                contact.replied_at = when
            contact.last_interaction_at = when
        elif stage == "met":
            contact.last_interaction_at = when
            meeting_row = self._mark_held(rec, contact, when, held)
        elif stage == "thanked":
            contact.thanked_at = when
            contact.last_interaction_at = when
        elif stage == "in_touch":
            contact.last_interaction_at = when
        contact.stage = stage
        contact.stage_entered_at = when
        contact.snoozed_until = None
        self._event(
            rec,
            contact,
            "move",
            when,
            text=clean_text(note, "note"),
            channel=contact.request_channel if stage == "requested" else "",
            from_stage=source,
            to_stage=stage,
            meeting=meeting_row,
        )
        self._save(rec, contact)

    def _held_at(self, contact: Contact) -> dt.datetime:
        """When a meeting marked as held without a time took place: its agreed end, if that
        has passed, so the thank-you clock runs from the meeting, not from the key press."""
        now = self.now()
        meeting = self._open_meeting(contact)
        if meeting is not None and meeting.starts_at <= now:
            return min(now, meeting.starts_at + relativedelta(minutes=meeting.minutes))
        return now

    def _mark_held(
        self, rec: Recorder, contact: Contact, when: dt.datetime, meeting: Meeting | None = None
    ) -> Meeting | None:
        """The contact met us at `when`; the meeting (by default the open one) is over."""
        contact.met_at = when
        meeting = meeting or self._open_meeting(contact)
        if meeting is not None:
            rec.touch(meeting)
            meeting.ended_at = meeting.ended_at or when
            meeting.save()
        return meeting

    def meeting_held_at(self, contact_id: int) -> dt.datetime:
        """What the "Met" form proposes: see _held_at (naive UTC)."""
        return self._held_at(self._contact(contact_id))

    def _open_meeting(self, contact: Contact) -> Meeting | None:
        return (
            Meeting.select()
            .where(Meeting.contact == contact.id, Meeting.ended_at.is_null())
            .order_by(Meeting.starts_at.desc())
            .first()
        )

    def _upsert_meeting(
        self, rec: Recorder, contact: Contact, details: dict, when: dt.datetime
    ) -> Meeting:
        starts = details.get("starts_at")
        if starts is None:
            raise ServiceError("a scheduled meeting needs a date and time")
        minutes = int(details.get("minutes") or self.rules.meeting_minutes)
        if not 1 <= minutes <= 600:
            raise ServiceError("a meeting lasts between 1 and 600 minutes")
        fmt = details.get("format") or "video"
        if fmt not in stages.FORMATS:
            raise ServiceError(f"format must be one of {', '.join(stages.FORMATS)}")
        meeting = self._open_meeting(contact)
        if meeting is None:
            meeting = Meeting.create(
                contact=contact.id,
                starts_at=utc(starts),
                minutes=minutes,
                format=fmt,
                place=clean_line(details.get("place"), "place"),
                created_at=when,
            )
            rec.created(meeting)
        else:
            rec.touch(meeting)
            moved = utc(starts) != meeting.starts_at
            meeting.starts_at = utc(starts)
            meeting.minutes = minutes
            meeting.format = fmt
            meeting.place = clean_line(details.get("place", meeting.place), "place")
            meeting.confirmed = meeting.confirmed and not moved
            if moved:
                # A call opened before the new date must not count as the meeting's start.
                meeting.started_at = None
            meeting.save()
        return meeting

    def schedule(
        self,
        contact_id: int,
        starts_at: dt.datetime,
        *,
        minutes: int | None = None,
        format: str = "video",
        place: str = "",
        at: dt.datetime | None = None,
    ) -> Result:
        """Set or change the meeting; moves the contact to scheduled if it is not there."""
        details = {"starts_at": starts_at, "minutes": minutes, "format": format, "place": place}
        contact = self._contact(contact_id)
        if contact.stage != "scheduled":
            return self.move(contact_id, "scheduled", at=at, meeting=details)
        when = self._when(at)

        def body(rec: Recorder) -> int:
            contact = self._contact(contact_id)
            meeting = self._upsert_meeting(rec, contact, details, when)
            local_start = local(meeting.starts_at, self.rules.zone())
            self._event(
                rec,
                contact,
                "rescheduled",
                when,
                text=f"{local_start:%Y-%m-%d %H:%M}",
                meeting=meeting,
            )
            self._save(rec, contact)
            return contact.id

        return self._run(f"Rescheduled {contact.name}", body)

    def log(
        self,
        contact_id: int,
        kind: str,
        *,
        note: str = "",
        channel: str = "",
        at: dt.datetime | None = None,
    ) -> Result:
        """Record an interaction; where the kind means a stage change, make it too."""
        if kind not in stages.LOG_KINDS:
            raise ServiceError(f"unknown kind {kind!r}; kinds are: {', '.join(stages.LOG_KINDS)}")
        now = self._when(at)
        note = clean_text(note, "note")
        channel = clean_line(channel, "channel")

        def body(rec: Recorder) -> int:
            contact = self._contact(contact_id)
            when = self._held_at(contact) if kind == "meeting" and at is None else now
            if contact.outcome is not None and kind != "note":
                raise ServiceError(f"{contact.name} is closed; reopen them first")
            rec.touch(contact)
            source = contact.stage
            target = stages.LOG_ADVANCES.get(kind, {}).get(source)
            meeting = None
            if kind == "request":
                contact.request_sent_at = when
                contact.request_channel = channel or contact.request_channel
                contact.followups_sent = 0
                contact.last_followup_at = None
            elif kind == "follow_up":
                if source != "requested":
                    raise ServiceError("a follow-up is for someone who has not replied yet")
                contact.followups_sent += 1
                contact.last_followup_at = when
            elif kind == "reply":
                contact.replied_at = when
            elif kind == "confirm":
                meeting = self._open_meeting(contact)
                if source != "scheduled" or meeting is None:
                    raise ServiceError("only a scheduled meeting can be confirmed")
                rec.touch(meeting)
                meeting.confirmed = True
                meeting.save()
            elif kind == "meeting":
                meeting = self._mark_held(rec, contact, when)
            elif kind == "thank_you":
                contact.thanked_at = when
            if kind != "note":
                contact.last_interaction_at = when
                contact.snoozed_until = None
            if target is not None:
                contact.stage = target
                contact.stage_entered_at = when
            self._event(
                rec,
                contact,
                kind,
                when,
                text=note,
                channel=channel,
                from_stage=source if target else None,
                to_stage=target,
                meeting=meeting,
            )
            self._save(rec, contact)
            return contact.id

        words = kind.replace("_", " ")
        return self._run(lambda: f"Logged {words} for {Contact.get_by_id(contact_id).name}", body)

    def close(
        self,
        contact_id: int,
        outcome: str,
        *,
        reason: str | None = None,
        note: str = "",
        retry_weeks: int | None = None,
        at: dt.datetime | None = None,
    ) -> Result:
        """Declined or no response: off the board, kept on record."""
        when = self._when(at)

        def body(rec: Recorder) -> int:
            contact = self._contact(contact_id)
            stages.check_close(contact.outcome, outcome, reason)
            rec.touch(contact)
            contact.outcome = outcome
            contact.outcome_reason = reason or ""
            contact.closed_at = when
            weeks = retry_weeks
            if weeks is None and reason == "hiring_conflict":
                weeks = self.rules.hiring_retry_weeks
            contact.retry_after = when + relativedelta(weeks=weeks) if weeks else None
            text = " ".join(
                p for p in ((reason or "").replace("_", " "), clean_text(note, "note")) if p
            )
            self._event(rec, contact, outcome, when, text=text, from_stage=contact.stage)
            self._save(rec, contact)
            return contact.id

        words = outcome.replace("_", " ")
        return self._run(lambda: f"Closed {Contact.get_by_id(contact_id).name} ({words})", body)

    def reopen(
        self, contact_id: int, *, at: dt.datetime | None = None, ask_again: bool = False
    ) -> Result:
        """Back on the board in the stage they left, or with `ask_again` (the "try again"
        after a hiring conflict) as someone to ask afresh: a new request, new 3B7 clock."""
        when = self._when(at)

        def body(rec: Recorder) -> int:
            contact = self._contact(contact_id)
            stages.check_reopen(contact.outcome)
            rec.touch(contact)
            was = contact.outcome
            if ask_again:
                contact.stage = "identified"
                contact.request_sent_at = None
                contact.followups_sent = 0
                contact.last_followup_at = None
            contact.outcome = None
            contact.outcome_reason = ""
            contact.closed_at = None
            contact.retry_after = None
            contact.stage_entered_at = when
            self._event(rec, contact, "reopened", when, text=was or "", to_stage=contact.stage)
            self._save(rec, contact)
            return contact.id

        return self._run(lambda: f"Reopened {Contact.get_by_id(contact_id).name}", body)

    def snooze(self, contact_id: int, until: dt.datetime) -> Result:
        until = utc(until)
        if until <= self.now():
            raise ServiceError("snooze until a moment in the future")

        def body(rec: Recorder) -> int:
            contact = self._contact(contact_id)
            rec.touch(contact)
            contact.snoozed_until = until
            local_until = local(until, self.rules.zone())
            self._event(rec, contact, "snoozed", self.now(), text=f"until {local_until:%Y-%m-%d}")
            self._save(rec, contact)
            return contact.id

        return self._run(lambda: f"Snoozed {Contact.get_by_id(contact_id).name}", body)

    def skip(self, contact_id: int, what: str) -> Result:
        """Hide one line of the daily review until local midnight: an Event of kind
        "skipped" (text: which line) that the review reads, so it survives a restart."""
        what = clean_line(what, "what")
        if not what:
            raise ServiceError("say which line to skip")

        def body(rec: Recorder) -> int:
            contact = self._contact(contact_id)
            self._event(rec, contact, "skipped", self.now(), text=what)
            return contact.id

        return self._run(lambda: f"Skipped {Contact.get_by_id(contact_id).name} for today", body)

    # ------------------------------------------------------------ meetings

    MEETING_FIELDS = (
        "minutes",
        "format",
        "place",
        "confirmed",
        "questions",
        "prep",
        "notes",
        "reflection",
        "started_at",
        "ended_at",
    )

    def update_meeting(
        self, meeting_id: int, *, label: str = "", at: dt.datetime | None = None, **fields: Any
    ) -> Result:
        return self._run(
            label or "Edited meeting",
            lambda rec: self.edit_meeting(rec, meeting_id, fields, label=label, at=at),
        )

    def edit_meeting(
        self,
        rec: Recorder,
        meeting_id: int,
        fields: dict[str, Any],
        *,
        label: str = "",
        at: dt.datetime | None = None,
    ) -> int:
        """The body of update_meeting, for a use case that reads the meeting and writes it
        in one unit of work (calls.py); returns the contact's id."""
        unknown = set(fields) - set(self.MEETING_FIELDS)
        if unknown:
            raise ServiceError(f"unknown meeting field {sorted(unknown)[0]!r}")
        fields = dict(fields)
        for key in ("questions", "prep"):
            if key in fields and not isinstance(fields[key], str):
                fields[key] = json.dumps(fields[key])
        for key in ("notes", "reflection", "place"):
            if key in fields:
                fields[key] = clean_text(fields[key], key)
        meeting = Meeting.get_or_none(Meeting.id == meeting_id)
        if meeting is None:
            raise NotFound(f"no meeting with id {meeting_id}")
        rec.touch(meeting)
        for key, value in fields.items():
            setattr(meeting, key, utc(value) if isinstance(value, dt.datetime) else value)
        meeting.save()
        contact = Contact.get_by_id(meeting.contact_id)
        self._event(
            rec,
            contact,
            "meeting_edited",
            self._when(at),
            text=label or ", ".join(sorted(fields)),
            meeting=meeting,
        )
        self._save(rec, contact)
        contact_id: int = contact.id
        return contact_id

    def save_notes(self, meeting_id: int, text: str) -> None:
        """Autosave of notes while typing: no journal entry and no event per keystroke;
        the call's start and end are the events, and undo would fight the typist."""
        text = clean_text(text, "notes")
        saved = self.uow.quietly(
            lambda: Meeting.update(notes=text).where(Meeting.id == meeting_id).execute()
        )
        if not saved:
            raise NotFound("this meeting was deleted; copy your notes elsewhere")

    # ------------------------------------------------------------ calls

    def _call(self, contact_id: int) -> tuple[Contact, Meeting]:
        contact = self._contact(contact_id)
        if contact.outcome is not None:
            raise ServiceError(f"{contact.name} is closed; reopen them first")
        meeting = self._open_meeting(contact)
        if contact.stage != "scheduled" or meeting is None:
            raise ServiceError(f"{contact.name} has no scheduled meeting to hold")
        return contact, meeting

    def start_call(self, contact_id: int, *, at: dt.datetime | None = None) -> Result:
        """The call begins now: its clock runs from here, and met_at will be this moment."""
        when = self._when(at)

        def body(rec: Recorder) -> int:
            contact, meeting = self._call(contact_id)
            if meeting.started_at is not None:
                raise ServiceError(f"the call with {contact.name} has already started")
            rec.touch(meeting)
            meeting.started_at = when
            meeting.save()
            self._event(
                rec,
                contact,
                "call_started",
                when,
                text=f"agreed {meeting.minutes} min",
                meeting=meeting,
            )
            self._save(rec, contact)
            return contact.id

        return self._run(
            lambda: f"Started the call with {Contact.get_by_id(contact_id).name}", body
        )

    def end_call(
        self, contact_id: int, *, reflection: str = "", at: dt.datetime | None = None
    ) -> Result:
        """The call is over: the meeting closes with the reflection, and the contact moves to
        met at the moment the call started, so the thank-you is due from then."""
        when = self._when(at)
        reflection = clean_text(reflection, "reflection")

        def body(rec: Recorder) -> int:
            contact, meeting = self._call(contact_id)
            started = meeting.started_at or when
            rec.touch(meeting)
            meeting.started_at = started
            meeting.ended_at = when
            meeting.reflection = reflection
            meeting.save()
            minutes = max(0, round((when - started).total_seconds() / 60))
            self._move_in(
                rec,
                contact,
                "met",
                started,
                held=meeting,
                note=f"call of {minutes} min (agreed {meeting.minutes})",
            )
            return contact.id

        return self._run(lambda: f"Ended the call with {Contact.get_by_id(contact_id).name}", body)

    def add_referral(
        self,
        referrer_id: int,
        name: str,
        *,
        organization: str | None = None,
        context: str = "",
        at: dt.datetime | None = None,
    ) -> Result:
        """Someone named a person to talk to: a new identified contact referred by them,
        written in both timelines in one change."""
        name = clean_line(name, "name")
        if not name:
            raise ServiceError("a referral needs a name")
        context = clean_line(context, "context")
        when = self._when(at)

        def body(rec: Recorder) -> int:
            referrer = self._contact(referrer_id)
            contact = self._new_contact(
                rec,
                name,
                organization,
                referrer.id,
                None,
                "identified",
                when,
                {"source": "referral", "notes": context},
            )
            text = f"named {contact.name}"
            if contact.organization_id:
                text += f" ({Organization.get_by_id(contact.organization_id).name})"
            if context:
                text += f": {context}"
            # The call being held, else the last one: the referral came out of it.
            meeting = self._open_meeting(referrer) or (
                Meeting.select()
                .where(Meeting.contact == referrer.id)
                .order_by(Meeting.starts_at.desc())
                .first()
            )
            self._event(rec, referrer, "referral", when, text=text, meeting=meeting)
            self._save(rec, referrer)
            return contact.id

        referrer_name = self._contact(referrer_id).name
        return self._run(f"Added {name}, referred by {referrer_name}", body)

    def set_call_flags(
        self,
        contact_id: int,
        *,
        may_recontact: bool | type(...) | None = ...,
        offered_intro: bool | type(...) = ...,
        at: dt.datetime | None = None,
    ) -> Result:
        """What the person said yes to: getting in touch again, introducing you to someone."""
        when = self._when(at)

        def body(rec: Recorder) -> int:
            contact = self._contact(contact_id)
            rec.touch(contact)
            said = []
            if may_recontact is not ...:
                contact.may_recontact = may_recontact
                said.append(
                    "may contact again: "
                    + {True: "yes", False: "no", None: "not asked"}[may_recontact]
                )
            if offered_intro is not ...:
                contact.offered_intro = bool(offered_intro)
                said.append("offered to introduce me: " + ("yes" if offered_intro else "no"))
            if not said:
                raise ServiceError("nothing to note")
            self._event(rec, contact, "noted", when, text="; ".join(said))
            self._save(rec, contact)
            return contact.id

        return self._run(lambda: f"Noted for {Contact.get_by_id(contact_id).name}", body)

    # ------------------------------------------------------------ organizations

    def update_organization(
        self,
        name: str,
        *,
        rank: int | type(...) | None = ...,
        website: str | None = None,
        notes: str | None = None,
    ) -> Result:
        def body(rec: Recorder) -> None:
            org = self._organization(rec, name)
            if org is None:
                raise ServiceError("an organization needs a name")
            rec.touch(org)
            if rank is not ...:
                org.rank = rank
            if website is not None:
                org.website = clean_line(website, "website")
            if notes is not None:
                org.notes = clean_text(notes, "notes")
            org.save()
            return

        return self._run(f"Edited {clean_line(name, 'organization')}", body)

    # ------------------------------------------------------------ imports

    # A newer file knows better where someone works now; but notes and the like are the
    # user's own words, which a file only fills in when they are empty.
    IMPORT_REPLACES = ("name", "role", "email", "phone", "linkedin", "location")
    IMPORT_FILLS = ("source", "common_ground", "notes")

    def import_contacts(
        self,
        rows: list[Incoming],
        *,
        label: str,
        dry_run: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportReport:
        """Add or update everyone in `rows` in one transaction: all of them or none.

        A dry run does the same work and rolls it back, so it reports exactly what the
        import would do. Bad text in a row raises ServiceError naming the row's line.
        """
        report = ImportReport(dry_run=dry_run)
        when = self.now()

        def body(rec: Recorder) -> None:
            index = ContactIndex.load()
            matched_at: dict[int, int] = {}  # contact id -> line of the row that matched it
            for done, row in enumerate(rows, start=1):
                try:
                    outcome = self._import_row(rec, row, index, matched_at, when, label)
                except ServiceError as exc:
                    raise ServiceError(f"line {row.line}: {exc}") from None
                report.rows.append(outcome)
                if progress is not None and (done % 200 == 0 or done == len(rows)):
                    progress(done, len(rows))

        report.change_id = self._run(label, body, dry_run=dry_run).change_id
        return report

    def _import_row(
        self,
        rec: Recorder,
        row: Incoming,
        index: ContactIndex,
        matched_at: dict[int, int],
        when: dt.datetime,
        label: str,
    ) -> RowOutcome:
        name = clean_line(row.name, "name")
        if not name:
            return RowOutcome(row.line, "skipped", "", detail="no name")
        new = {
            key: clean_line(getattr(row, key), key)
            for key in ("role", "email", "phone", "linkedin", "location", "source")
        }
        new.update({key: clean_text(getattr(row, key), key) for key in ("common_ground", "notes")})
        org_name = clean_line(row.organization, "organization")
        tags = split_tags(row.tags)
        contact = index.find(row)
        if contact is not None and contact.id in matched_at:
            return RowOutcome(
                row.line,
                "skipped",
                name,
                contact.id,
                f"same person as line {matched_at[contact.id]}",
            )
        org_id = None
        if org_name:
            org_id = index.organizations.get(nocase(org_name))
            if org_id is None:
                org = Organization(name=org_name, created_at=when)
                insert(org)
                rec.created(org)
                org_id = index.organizations[nocase(org_name)] = org.id

        if contact is None:
            contact = Contact(
                name=name,
                organization=org_id,
                tags=", ".join(tags),
                stage="identified",
                stage_entered_at=when,
                created_at=when,
                updated_at=when,
                **new,
            )
            self._refresh_due(contact)
            insert(contact)
            rec.created(contact)
            self._imported_event(rec, contact, when, label, to_stage="identified")
            index.remember(contact, org_name, row.emails())
            matched_at[contact.id] = row.line
            return RowOutcome(row.line, "added", name, contact.id)

        matched_at[contact.id] = row.line
        changed: list[str] = []
        new["name"] = name
        for key in self.IMPORT_REPLACES:
            current = getattr(contact, key)
            if key == "email" and current.lower() in (e.lower() for e in row.emails()):
                continue
            if new[key] and new[key] != current:
                setattr(contact, key, new[key])
                changed.append(key)
        if org_id is not None and org_id != contact.organization_id:
            contact.organization = org_id
            changed.append("organization")
        for key in self.IMPORT_FILLS:
            if new[key] and not getattr(contact, key):
                setattr(contact, key, new[key])
                changed.append(key)
        merged = split_tags([*split_tags(contact.tags), *tags])
        if len(merged) != len(split_tags(contact.tags)):
            contact.tags = ", ".join(merged)
            changed.append("tags")
        if not changed:
            return RowOutcome(row.line, "unchanged", contact.name, contact.id)
        rec.touch(contact)  # reads the row as stored, before the changes above are saved
        # What an import changes (names, addresses, tags) never moves a due date, so the
        # due columns are left as they are, and only the changed columns are written.
        contact.updated_at = when
        contact.save(only=[*changed, "updated_at"])
        words = ", ".join(key.replace("_", " ") for key in changed)
        self._imported_event(rec, contact, when, f"{label}: {words}")
        return RowOutcome(row.line, "updated", contact.name, contact.id, words)

    def _imported_event(
        self,
        rec: Recorder,
        contact: Contact,
        when: dt.datetime,
        text: str,
        to_stage: str | None = None,
    ) -> None:
        event = Event(contact=contact.id, kind="imported", at=when, text=text, to_stage=to_stage)
        insert(event)  # _event's Event.create costs more than the import row itself
        rec.created(event)

    # ------------------------------------------------------------ undo / redo

    def undo(self) -> Result:
        return self._replay(undo=True)

    def redo(self) -> Result:
        return self._replay(undo=False)

    def _replay(self, undo: bool) -> Result:
        return self.uow.replay(undo)
