"""Moving contacts through the pipeline: moves, logged interactions, closing and reopening,
snoozes, the skipped lines of the daily review, and batches of these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

from iivboard.app import meetings_query
from iivboard.app.commands.base import (
    CommandArea,
    Recorder,
    Result,
    contact_name,
    load_contact,
    write_event,
)
from iivboard.app.commands.cleaning import clean_line, clean_text
from iivboard.app.commands.stage_entry import KIND_STAGE, enter, held_at, later, stage_effects
from iivboard.domain import stages
from iivboard.domain.calendar import local, utc
from iivboard.domain.errors import Refused
from iivboard.domain.rules.retry import retry_after
from iivboard.storage.models import Contact, Meeting


class PipelineCommands(CommandArea):
    def many(
        self, label: str, contact_ids: Iterable[int], action: Callable[[int], Result]
    ) -> Result:
        """One action on several contacts (a batch from triage): one transaction and one
        undo step for all. If any contact refuses, nothing changes and the message names them."""
        return self.context.uow.many(label, contact_ids, action)

    def move(
        self,
        contact_id: int,
        stage: str,
        *,
        at: dt.datetime | None = None,
        channel: str = "",
        meeting: Mapping[str, object] | None = None,
        note: str = "",
    ) -> Result:
        """Move to `stage`, filling in what the stage needs (request date, meeting...)."""
        stage = stages.parse_stage(stage)
        when = self.context.happened(at)

        def body(rec: Recorder) -> int:
            contact = load_contact(contact_id)
            moment = held_at(self.context, contact) if stage == "met" and at is None else when
            self.move_in(rec, contact, stage, moment, channel=channel, meeting=meeting, note=note)
            return contact_id

        return self.context.run(
            lambda: f"Moved {contact_name(contact_id)} to {stages.STAGE_LABELS[stage]}", body
        )

    def move_in(
        self,
        rec: Recorder,
        contact: Contact,
        stage: str,
        when: dt.datetime,
        *,
        channel: str = "",
        meeting: Mapping[str, object] | None = None,
        note: str = "",
        held: Meeting | None = None,
    ) -> None:
        """The body of a move, for commands that move a contact as part of a larger change
        (the end of a call); `held` is the meeting that moving to met is about."""
        stages.check_move(contact.stage, stage, contact.outcome)
        rec.touch(contact)
        source = contact.stage
        meeting_row = stage_effects(
            self.context, rec, contact, stage, when, channel=channel, meeting=meeting, held=held
        )
        enter(contact, stage, when)
        write_event(
            rec,
            contact,
            "move",
            when,
            text=clean_text(note, "note"),
            # The channel said, as a logged interaction records it; a request moved without
            # one went by the channel it is stored with.
            channel=clean_line(channel, "channel")
            or (contact.request_channel if stage == "requested" else ""),
            from_stage=source,
            to_stage=stage,
            meeting=meeting_row,
        )
        self.context.save(rec, contact)

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
            raise Refused(f"unknown kind {kind!r}; kinds are: {', '.join(stages.LOG_KINDS)}")
        now = self.context.happened(at)
        note = clean_text(note, "note")
        channel = clean_line(channel, "channel")

        def body(rec: Recorder) -> int:
            contact = load_contact(contact_id)
            when = held_at(self.context, contact) if kind == "meeting" and at is None else now
            if contact.outcome is not None and kind != "note":
                raise Refused(f"{contact.name} is closed; reopen them first")
            rec.touch(contact)
            source = contact.stage
            target = stages.LOG_ADVANCES.get(kind, {}).get(source)
            meeting = None
            met = contact.met_at is not None or stages.stage_index(source) >= stages.stage_index(
                "met"
            )
            if kind == "thank_you" and not met:
                raise Refused(
                    f"a thank-you follows a meeting: log the meeting with {contact.name} first"
                )
            if kind in KIND_STAGE:
                meeting = stage_effects(
                    self.context, rec, contact, KIND_STAGE[kind], when, channel=channel, logged=True
                )
            elif kind == "follow_up":
                if source != "requested":
                    raise Refused("a follow-up is for someone who has not replied yet")
                contact.followups_sent += 1
                contact.last_followup_at = later(contact.last_followup_at, when)
            elif kind == "reply":
                contact.replied_at = later(contact.replied_at, when)
            elif kind == "confirm":
                meeting = meetings_query.open_meeting(contact.id)
                if not meetings_query.has_upcoming(source) or meeting is None:
                    raise Refused("only a scheduled meeting can be confirmed")
                rec.touch(meeting)
                meeting.confirmed = True
                meeting.save()
            if kind != "note":
                contact.last_interaction_at = later(contact.last_interaction_at, when)
                contact.snoozed_until = None
            if target is not None:
                enter(contact, target, when)
            write_event(
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
            self.context.save(rec, contact)
            return contact_id

        words = kind.replace("_", " ")
        return self.context.run(lambda: f"Logged {words} for {contact_name(contact_id)}", body)

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
        """Declined, no response or not pursuing: off the board, kept on record."""
        when = self.context.happened(at)

        def body(rec: Recorder) -> int:
            contact = load_contact(contact_id)
            stages.check_close(contact.outcome, outcome, reason, contact.stage)
            rec.touch(contact)
            contact.outcome = outcome
            contact.outcome_reason = reason or ""
            contact.closed_at = when
            weeks = retry_weeks
            if weeks is None and reason == "hiring_conflict":
                weeks = self.rules.hiring_retry_weeks
            contact.retry_after = retry_after(when, weeks) if weeks else None
            text = " ".join(
                p for p in ((reason or "").replace("_", " "), clean_text(note, "note")) if p
            )
            write_event(rec, contact, outcome, when, text=text, from_stage=contact.stage)
            self.context.save(rec, contact)
            return contact_id

        words = stages.outcome_words(outcome, reason)
        return self.context.run(lambda: f"Closed {contact_name(contact_id)} ({words})", body)

    def reopen(
        self, contact_id: int, *, at: dt.datetime | None = None, ask_again: bool | None = None
    ) -> Result:
        """Back on the board. Someone who declined gave an answer, so (and whenever
        `ask_again` says so) they come back as someone to ask afresh: Identified, with no
        request, follow-up or reply on the clock. Otherwise back in the stage they left."""
        when = self.context.happened(at)

        def body(rec: Recorder) -> int:
            contact = load_contact(contact_id)
            stages.check_reopen(contact.outcome)
            rec.touch(contact)
            was = contact.outcome
            afresh = ask_again if ask_again is not None else was == "declined"
            if afresh:
                contact.stage = "identified"
                contact.request_sent_at = None
                contact.followups_sent = 0
                contact.last_followup_at = None
                contact.replied_at = None
                contact.snoozed_until = None
            contact.outcome = None
            contact.outcome_reason = ""
            contact.closed_at = None
            contact.retry_after = None
            contact.stage_entered_at = when
            write_event(rec, contact, "reopened", when, text=was or "", to_stage=contact.stage)
            self.context.save(rec, contact)
            return contact_id

        def label() -> str:
            contact = load_contact(contact_id)
            afresh = " as someone to ask" if contact.stage == "identified" else ""
            return f"Reopened {contact.name}{afresh}"

        return self.context.run(label, body)

    def snooze(self, contact_id: int, until: dt.datetime) -> Result:
        until = utc(until)
        if until <= self.now():
            raise Refused("snooze until a moment in the future")

        def body(rec: Recorder) -> int:
            contact = load_contact(contact_id)
            rec.touch(contact)
            contact.snoozed_until = until
            local_until = local(until, self.rules.zone())
            write_event(rec, contact, "snoozed", self.now(), text=f"until {local_until:%Y-%m-%d}")
            self.context.save(rec, contact)
            return contact_id

        return self.context.run(lambda: f"Snoozed {contact_name(contact_id)}", body)

    def skip(self, contact_id: int, what: str) -> Result:
        """Hide one line of the daily review until local midnight: an Event of kind
        "skipped" (text: which line) that the review reads, so it survives a restart."""
        what = clean_line(what, "what")
        if not what:
            raise Refused("say which line to skip")

        def body(rec: Recorder) -> int:
            contact = load_contact(contact_id)
            write_event(rec, contact, "skipped", self.now(), text=what)
            return contact_id

        return self.context.run(lambda: f"Skipped {contact_name(contact_id)} for today", body)
