"""Meetings and calls: scheduling, editing a meeting and its prep, the call's start and
end, and what the person said during it (referrals, may we recontact, an intro offered)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from types import EllipsisType

from iivboard.app import calls, meetings_query
from iivboard.app.commands.base import (
    CommandArea,
    Context,
    Recorder,
    Result,
    contact_name,
    load_contact,
    write_event,
)
from iivboard.app.commands.cleaning import clean_line, clean_text
from iivboard.app.commands.contacts import ContactCommands
from iivboard.app.commands.pipeline import PipelineCommands
from iivboard.app.commands.stage_entry import (
    enter,
    held_at,
    later,
    stage_effects,
    upsert_meeting,
)
from iivboard.domain import stages
from iivboard.domain.calendar import local, utc
from iivboard.domain.errors import NotFound, Refused
from iivboard.storage.models import Contact, Meeting, Organization, prep_of, questions_of

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


def _terms(meeting: Meeting, zone: dt.tzinfo) -> dict[str, str]:
    """A meeting's time and terms, as its history lines say them."""
    return {
        "time": f"{local(meeting.starts_at, zone):%Y-%m-%d %H:%M}",
        "minutes": f"{meeting.minutes} min",
        "format": meeting.format.replace("_", " "),
        "place": meeting.place or "no place",
    }


def _moved_text(old: dict[str, str], new: dict[str, str]) -> str:
    """What a reschedule changed: the time from and to, then any other term that changed."""
    said = [f"from {old['time']} to {new['time']}" if old["time"] != new["time"] else new["time"]]
    said += [
        f"{new[key]} (was {old[key]})"
        for key in ("minutes", "format", "place")
        if old[key] != new[key]
    ]
    return ", ".join(said)


def _meeting(meeting_id: int) -> Meeting:
    meeting: Meeting | None = Meeting.get_or_none(Meeting.id == meeting_id)
    if meeting is None:
        raise NotFound(f"no meeting with id {meeting_id}")
    return meeting


def _call(contact_id: int) -> tuple[Contact, Meeting]:
    """The contact and the meeting a call is held in, or why there is none."""
    contact = load_contact(contact_id)
    if contact.outcome is not None:
        raise Refused(f"{contact.name} is closed; reopen them first")
    meeting = meetings_query.open_meeting(contact_id)
    if not meetings_query.has_upcoming(contact.stage) or meeting is None:
        raise Refused(f"{contact.name} has no scheduled meeting to hold")
    return contact, meeting


def _wants_another(contact: Contact) -> bool:
    """Someone already met, open, with no meeting to come: a time set is another meeting."""
    return (
        contact.outcome is None
        and meetings_query.is_another(contact.stage)
        and meetings_query.open_meeting(contact.id) is None
    )


class MeetingCommands(CommandArea):
    def __init__(
        self, context: Context, contacts: ContactCommands, pipeline: PipelineCommands
    ) -> None:
        super().__init__(context)
        self._contacts = contacts
        self._pipeline = pipeline

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
        """Set or change the meeting; moves the contact to scheduled if it is not there,
        unless they were met already: then it is another meeting, and they stay put."""
        details = {"starts_at": starts_at, "minutes": minutes, "format": format, "place": place}
        contact = load_contact(contact_id)
        when = self.context.when(at)
        if _wants_another(contact):
            return self.context.run(
                f"Scheduled another meeting with {contact.name}",
                lambda rec: self._another_in(rec, contact_id, details, when),
            )
        if contact.stage not in meetings_query.UPCOMING_STAGES:
            return self._pipeline.move(contact_id, "scheduled", at=at, meeting=details)

        def body(rec: Recorder) -> int:
            self._reschedule_in(rec, contact_id, details, when, strict=False)
            return contact_id

        return self.context.run(f"Rescheduled {contact.name}", body)

    def reschedule(
        self,
        contact_id: int,
        at: dt.datetime,
        *,
        minutes: int | None = None,
        format: str | None = None,
        place: str | None = None,
        allow_past: bool = False,
    ) -> Result:
        """Move the open meeting to `at` (and change its length, format or place): the
        contact stays scheduled, the request and its follow-ups stay as they were, and a new
        time must be confirmed again. A time already past is refused unless `allow_past`
        (correcting the record); a meeting that took place is logged as held instead.

        With someone already met (met, thanked, in touch) and no meeting to come, `at` sets
        another meeting instead, and they stay in their stage."""
        now = self.now()
        if not allow_past and utc(at) < now:
            raise Refused(
                f"{local(utc(at), self.rules.zone()):%Y-%m-%d %H:%M} has passed; "
                "to record a meeting that took place, log it as held"
            )
        said = ["Rescheduled {name}"]

        def body(rec: Recorder) -> int:
            if _wants_another(load_contact(contact_id)):
                said[0] = "Scheduled another meeting with {name}"
                details = {"starts_at": at, "minutes": minutes, "format": format, "place": place}
                return self._another_in(rec, contact_id, details, now)
            meeting = self._reschedulable(contact_id)
            details = {
                "starts_at": at,
                "minutes": minutes or meeting.minutes,
                "format": format or meeting.format,
                "place": meeting.place if place is None else place,
            }
            self._reschedule_in(rec, contact_id, details, now, strict=True)
            return contact_id

        return self.context.run(lambda: said[0].format(name=contact_name(contact_id)), body)

    def cancel_meeting(
        self, contact_id: int, *, note: str = "", at: dt.datetime | None = None
    ) -> Result:
        """Call the open meeting off: it is kept, marked cancelled (the calendar export says
        so), and the contact goes back to requested waiting for a new time, 3B7 counting
        from the cancellation. The original request stays in the history. Another meeting
        with someone already met is called off the same way, and they stay where they are."""
        when = self.context.when(at)
        note = clean_text(note, "note")

        def body(rec: Recorder) -> int:
            meeting = self._reschedulable(contact_id)
            contact = load_contact(contact_id)
            rec.touch(meeting)
            meeting.cancelled_at = when
            meeting.sequence += 1
            meeting.save()
            rec.touch(contact)
            start = local(meeting.starts_at, self.rules.zone())
            text = f"meeting of {start:%Y-%m-%d %H:%M} cancelled" + (f": {note}" if note else "")
            if meetings_query.is_another(contact.stage):
                contact.last_interaction_at = later(contact.last_interaction_at, when)
                write_event(
                    rec, contact, stages.MEETING_CANCELLED, when, text=text, meeting=meeting
                )
                self.context.save(rec, contact)
                return contact_id
            # The follow-up clock restarts from the cancellation: the row's request date is
            # what 3B7 counts from; the first request keeps its own line in the history.
            contact.request_sent_at = when
            # Waiting for a new time, not "replied, no time agreed": their answer was about
            # the old meeting, and its line stays in the history.
            contact.replied_at = None
            contact.followups_sent = 0
            contact.last_followup_at = None
            contact.last_interaction_at = max(when, contact.last_interaction_at or when)
            enter(contact, "requested", when)
            write_event(
                rec,
                contact,
                stages.MEETING_CANCELLED,
                when,
                text=text,
                from_stage="scheduled",
                to_stage="requested",
                meeting=meeting,
            )
            self.context.save(rec, contact)
            return contact_id

        return self.context.run(
            lambda: f"Cancelled the meeting with {contact_name(contact_id)}", body
        )

    def _reschedulable(self, contact_id: int) -> Meeting:
        """The open meeting of an open contact (scheduled, or met again), or why there is
        none."""
        contact = load_contact(contact_id)
        if contact.outcome is not None:
            raise Refused(f"{contact.name} is closed; reopen them first")
        meeting = meetings_query.open_meeting(contact_id)
        if not meetings_query.has_upcoming(contact.stage) or meeting is None:
            raise Refused(f"{contact.name} has no open meeting")
        return meeting

    def _another_in(
        self, rec: Recorder, contact_id: int, details: Mapping[str, object], when: dt.datetime
    ) -> int:
        """Another meeting with someone already met: a new meeting, the stage unchanged.
        Agreeing it is an interaction (the keep-in-touch clock restarts) and ends a snooze."""
        contact = load_contact(contact_id)
        rec.touch(contact)
        meeting = upsert_meeting(self.context, rec, contact, details, when)
        contact.last_interaction_at = later(contact.last_interaction_at, when)
        contact.snoozed_until = None
        text = ", ".join(_terms(meeting, self.rules.zone()).values())
        write_event(rec, contact, stages.ANOTHER_MEETING, when, text=text, meeting=meeting)
        self.context.save(rec, contact)
        return contact_id

    def _reschedule_in(
        self,
        rec: Recorder,
        contact_id: int,
        details: Mapping[str, object],
        when: dt.datetime,
        *,
        strict: bool,
    ) -> None:
        """Set the open meeting from `details` and write what changed in the history;
        `strict` refuses a change that changes nothing."""
        contact = load_contact(contact_id)
        before = meetings_query.open_meeting(contact_id)
        old = None if before is None else _terms(before, self.rules.zone())
        meeting = upsert_meeting(self.context, rec, contact, details, when)
        new = _terms(meeting, self.rules.zone())
        if old == new and strict:
            raise Refused(f"the meeting with {contact.name} is already {', '.join(new.values())}")
        text = new["time"] if old is None else _moved_text(old, new)
        write_event(rec, contact, "rescheduled", when, text=text, meeting=meeting)
        self.context.save(rec, contact)

    def meeting_held_at(self, contact_id: int) -> dt.datetime:
        """What the "Met" form proposes (naive UTC): see stage_entry.held_at."""
        return held_at(self.context, load_contact(contact_id))

    def update_meeting(
        self, meeting_id: int, *, label: str = "", at: dt.datetime | None = None, **fields: object
    ) -> Result:
        return self.context.run(
            label or "Edited meeting",
            lambda rec: self.edit_meeting(rec, meeting_id, fields, label=label, at=at),
        )

    def edit_meeting(
        self,
        rec: Recorder,
        meeting_id: int,
        fields: Mapping[str, object],
        *,
        label: str = "",
        at: dt.datetime | None = None,
    ) -> int:
        """The body of update_meeting, for a command that reads the meeting and writes it
        in one unit of work (the prep below); returns the contact's id."""
        unknown = set(fields) - set(MEETING_FIELDS)
        if unknown:
            raise Refused(f"unknown meeting field {sorted(unknown)[0]!r}")
        values = dict(fields)
        for key in ("questions", "prep"):
            if key in values and not isinstance(values[key], str):
                values[key] = json.dumps(values[key])
        for key in ("notes", "reflection", "place"):
            if key in values:
                values[key] = clean_text(values[key], key)
        meeting = _meeting(meeting_id)
        rec.touch(meeting)
        for key, value in values.items():
            setattr(meeting, key, utc(value) if isinstance(value, dt.datetime) else value)
        meeting.save()
        contact = Contact.get_by_id(meeting.contact_id)
        text = label or ", ".join(sorted(values))
        write_event(
            rec, contact, "meeting_edited", self.context.when(at), text=text, meeting=meeting
        )
        self.context.save(rec, contact)
        contact_id: int = contact.id
        return contact_id

    def save_notes(self, meeting_id: int, text: str) -> None:
        """Autosave of notes while typing: no journal entry and no event per keystroke;
        the call's start and end are the events, and undo would fight the typist."""
        text = clean_text(text, "notes")
        saved = self.context.uow.quietly(
            lambda: int(Meeting.update(notes=text).where(Meeting.id == meeting_id).execute())
        )
        if not saved:
            raise NotFound("this meeting was deleted; copy your notes elsewhere")

    # ------------------------------------------------------------ the prep, read and written
    # in one unit of work, so two windows ticking at once cannot lose each other's tick.

    def _edit_prep(
        self,
        label: Callable[[], str],
        meeting_id: int,
        change: Callable[[Meeting], dict[str, object]],
    ) -> Result:
        return self.context.run(
            label,
            lambda rec: self.edit_meeting(
                rec, meeting_id, change(_meeting(meeting_id)), label=label()
            ),
        )

    def set_prep_step(self, meeting_id: int, key: str, done: bool) -> Result:
        if key not in calls.TICKED_STEPS:
            raise Refused(f"{key!r} is not a step you tick by hand")
        step = dict(calls.PREP_STEPS)[key] + (": done" if done else ": not done")
        label = f"Prep: {step.lower()}"
        return self._edit_prep(
            lambda: label, meeting_id, lambda m: {"prep": {**prep_of(m), key: bool(done)}}
        )

    def set_intro(self, meeting_id: int, text: str) -> Result:
        intro = clean_text(text, "introduction").strip()
        return self._edit_prep(
            lambda: "Prep: 30-second introduction",
            meeting_id,
            lambda m: {"prep": {**prep_of(m), calls.INTRO_KEY: intro}},
        )

    def set_questions(self, meeting_id: int, texts: list[str]) -> Result:
        said: list[str] = []

        def change(meeting: Meeting) -> dict[str, object]:
            chosen = calls.choose_questions(questions_of(meeting), texts)
            if len(chosen) > calls.MAX_QUESTIONS:
                raise Refused(
                    f"{len(chosen)} questions is too many for a short call; "
                    f"keep {calls.MAX_QUESTIONS} at most"
                )
            said.append(f"Prep: chose {len(chosen)} questions")
            return {"questions": chosen}

        return self._edit_prep(lambda: said[0], meeting_id, change)

    def tick_question(self, meeting_id: int, index: int) -> Result:
        """Mark question `index` (from 0) as asked, or not asked again."""
        said: list[str] = []

        def change(meeting: Meeting) -> dict[str, object]:
            questions = questions_of(meeting)
            if not 0 <= index < len(questions):
                raise Refused(f"there is no question {index + 1}")
            questions = calls.tick_question(questions, index)
            word = "Asked" if questions[index]["asked"] else "Not asked"
            said.append(f"{word}: {questions[index]['text']}")
            return {"questions": questions}

        return self._edit_prep(lambda: said[0], meeting_id, change)

    # ------------------------------------------------------------ the call

    def start_call(self, contact_id: int, *, at: dt.datetime | None = None) -> Result:
        """The call begins now: its clock runs from here, and met_at will be this moment."""
        when = self.context.when(at)

        def body(rec: Recorder) -> int:
            contact, meeting = _call(contact_id)
            if meeting.started_at is not None:
                raise Refused(f"the call with {contact.name} has already started")
            rec.touch(meeting)
            meeting.started_at = when
            meeting.save()
            text = f"agreed {meeting.minutes} min"
            write_event(rec, contact, "call_started", when, text=text, meeting=meeting)
            self.context.save(rec, contact)
            return contact_id

        return self.context.run(lambda: f"Started the call with {contact_name(contact_id)}", body)

    def end_call(
        self, contact_id: int, *, reflection: str = "", at: dt.datetime | None = None
    ) -> Result:
        """The call is over: the meeting closes with the reflection, and the contact moves to
        met at the moment the call started, so the thank-you is due from then."""
        when = self.context.when(at)
        reflection = clean_text(reflection, "reflection")

        def body(rec: Recorder) -> int:
            contact, meeting = _call(contact_id)
            started: dt.datetime = meeting.started_at or when
            rec.touch(meeting)
            meeting.started_at = started
            meeting.ended_at = when
            meeting.reflection = reflection
            meeting.save()
            minutes = max(0, round((when - started).total_seconds() / 60))
            note = f"call of {minutes} min (agreed {meeting.minutes})"
            if meetings_query.is_another(contact.stage):
                # Another meeting with someone already met: held, as a logged meeting is.
                rec.touch(contact)
                stage_effects(self.context, rec, contact, "met", started, held=meeting, logged=True)
                write_event(rec, contact, "meeting", started, text=note, meeting=meeting)
                self.context.save(rec, contact)
            else:
                self._pipeline.move_in(rec, contact, "met", started, held=meeting, note=note)
            return contact_id

        return self.context.run(lambda: f"Ended the call with {contact_name(contact_id)}", body)

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
            raise Refused("a referral needs a name")
        context = clean_line(context, "context")
        when = self.context.when(at)

        def body(rec: Recorder) -> int:
            referrer = load_contact(referrer_id)
            values = {"source": "referral", "notes": context}
            contact = self._contacts.new_contact(
                rec, name, organization, referrer.id, None, "identified", when, values
            )
            text = f"named {contact.name}"
            if contact.organization_id:
                text += f" ({Organization.get_by_id(contact.organization_id).name})"
            if context:
                text += f": {context}"
            # The referral came out of the call being held, else the last one.
            meeting = meetings_query.open_or_latest(referrer.id)
            write_event(rec, referrer, "referral", when, text=text, meeting=meeting)
            self.context.save(rec, referrer)
            added: int = contact.id
            return added

        referrer_name = load_contact(referrer_id).name
        return self.context.run(f"Added {name}, referred by {referrer_name}", body)

    def set_call_flags(
        self,
        contact_id: int,
        *,
        may_recontact: bool | EllipsisType | None = ...,
        offered_intro: bool | EllipsisType = ...,
        at: dt.datetime | None = None,
    ) -> Result:
        """What the person said yes to: getting in touch again, introducing you to someone."""
        when = self.context.when(at)
        answers = {True: "yes", False: "no", None: "not asked"}

        def body(rec: Recorder) -> int:
            contact = load_contact(contact_id)
            rec.touch(contact)
            said = []
            if not isinstance(may_recontact, EllipsisType):
                contact.may_recontact = may_recontact
                said.append("may contact again: " + answers[may_recontact])
            if not isinstance(offered_intro, EllipsisType):
                contact.offered_intro = bool(offered_intro)
                said.append("offered to introduce me: " + ("yes" if offered_intro else "no"))
            if not said:
                raise Refused("nothing to note")
            write_event(rec, contact, "noted", when, text="; ".join(said))
            self.context.save(rec, contact)
            return contact_id

        return self.context.run(lambda: f"Noted for {contact_name(contact_id)}", body)
