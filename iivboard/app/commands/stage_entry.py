"""What arriving in a stage means for a contact, coded once.

A move to a stage, the interaction logged that advances to it (a request, the meeting, the
thank-you, a touch) and the end of a call all apply `stage_effects`, so the timestamps,
the follow-up count and the meeting held cannot differ by the way the stage was reached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from dateutil.relativedelta import relativedelta

from iivboard.app import meetings_query
from iivboard.app.commands.base import Context, Recorder
from iivboard.app.commands.cleaning import clean_line
from iivboard.domain import stages
from iivboard.domain.calendar import utc
from iivboard.domain.errors import Refused
from iivboard.storage.models import Contact, Meeting

# The stage whose meaning each logged kind carries, whether or not it moves the contact
# there (a request sent again restarts the follow-up clock from requested too).
KIND_STAGE: dict[str, str] = {
    kind: target for kind, moves in stages.LOG_ADVANCES.items() for target in set(moves.values())
}


def stage_effects(
    context: Context,
    rec: Recorder,
    contact: Contact,
    stage: str,
    when: dt.datetime,
    *,
    channel: str = "",
    meeting: Mapping[str, object] | None = None,
    held: Meeting | None = None,
    logged: bool = False,
) -> Meeting | None:
    """Fill in what `stage` records (request date, meeting, met...) as of `when`, without
    changing the contact's stage; returns the meeting it is about, if any. `meeting` gives
    the details of the meeting a move to scheduled sets; `held` the meeting that moving to
    met is about (else the open one); `logged` says the interaction itself was logged (a
    request logged is always a request sent, a move back to requested never is).

    A move back (to an earlier stage) records nothing: met, thanked and the last
    interaction keep their times, the meeting to come stays to come. Only a move back to
    scheduled sets the meeting it needs (a met contact whose meeting is on again)."""
    back = not logged and stages.stage_index(stage) < stages.stage_index(contact.stage)
    if back and stage != "scheduled":
        return None
    meeting_row = None
    if stage == "requested":
        if logged or contact.stage == "identified":
            send_request(contact, when, channel)
    elif stage == "scheduled":
        meeting_row = upsert_meeting(context, rec, contact, meeting or {}, when)
        if contact.replied_at is None:
            contact.replied_at = when
    elif stage == "met":
        meeting_row = mark_held(rec, contact, when, held)
    elif stage == "thanked":
        contact.thanked_at = later(contact.thanked_at, when)
    if stage != "identified" and not back:
        contact.last_interaction_at = later(contact.last_interaction_at, when)
    return meeting_row


def later(clock: dt.datetime | None, when: dt.datetime) -> dt.datetime:
    """A clock moved to `when`, never backwards: an entry logged late for an old date stays
    in the history at its true time but never makes the last contact older than it was."""
    return when if clock is None or when > clock else clock


def send_request(contact: Contact, when: dt.datetime, channel: str) -> None:
    """A request went out at `when`: 3B7 starts again from it. One logged for a date before
    the request already on record is history only; the newer request's clock stands."""
    if contact.request_sent_at is not None and when < contact.request_sent_at:
        return
    contact.request_sent_at = when
    contact.request_channel = clean_line(channel, "channel") or contact.request_channel
    contact.followups_sent = 0
    contact.last_followup_at = None


def enter(contact: Contact, stage: str, when: dt.datetime) -> None:
    """The contact is in `stage` from `when`; a snooze ends with the move."""
    contact.stage = stage
    contact.stage_entered_at = when
    contact.snoozed_until = None


def held_at(context: Context, contact: Contact) -> dt.datetime:
    """When a meeting marked as held without a time took place: its agreed end, if that
    has passed, so the thank-you clock runs from the meeting, not from the key press."""
    now = context.now()
    meeting = meetings_query.open_meeting(contact.id)
    if meeting is not None and meeting.starts_at <= now:
        end: dt.datetime = meeting.starts_at + relativedelta(minutes=meeting.minutes)
        return min(now, end)
    return now


def mark_held(
    rec: Recorder, contact: Contact, when: dt.datetime, meeting: Meeting | None = None
) -> Meeting | None:
    """The contact met us at `when`; the meeting (by default the open one) is over."""
    contact.met_at = later(contact.met_at, when)
    meeting = meeting or meetings_query.open_meeting(contact.id)
    if meeting is not None:
        rec.touch(meeting)
        meeting.ended_at = meeting.ended_at or when
        meeting.save()
    return meeting


def upsert_meeting(
    context: Context,
    rec: Recorder,
    contact: Contact,
    details: Mapping[str, object],
    when: dt.datetime,
) -> Meeting:
    """Set the open meeting from `details` (starts_at, minutes, format, place), making it
    if there is none."""
    starts = details.get("starts_at")
    if not isinstance(starts, dt.datetime):
        raise Refused("a scheduled meeting needs a date and time")
    given = details.get("minutes") or context.rules.meeting_minutes
    if not isinstance(given, int | float | str):
        raise Refused("a meeting's length is a number of minutes")
    minutes = int(given)
    if not 1 <= minutes <= 600:
        raise Refused("a meeting lasts between 1 and 600 minutes")
    fmt = details.get("format") or "video"
    if fmt not in stages.FORMATS:
        raise Refused(f"format must be one of {', '.join(stages.FORMATS)}")
    meeting = meetings_query.open_meeting(contact.id)
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
        return meeting
    rec.touch(meeting)
    terms = (utc(starts), minutes, fmt, clean_line(details.get("place", meeting.place), "place"))
    before = (meeting.starts_at, meeting.minutes, meeting.format, meeting.place)
    moved = terms[0] != meeting.starts_at
    # The calendar export's SEQUENCE: one more for each new version of the event, so a
    # calendar app updates the event it has (same UID) instead of adding a second one. A
    # meeting left behind by a move back and taken up again is a new version even at the
    # same terms: it was out of the export in between.
    if terms != before or not meetings_query.has_upcoming(contact.stage):
        meeting.sequence += 1
    meeting.starts_at, meeting.minutes, meeting.format, meeting.place = terms
    meeting.confirmed = meeting.confirmed and not moved
    if moved:
        # A call opened before the new date must not count as the meeting's start.
        meeting.started_at = None
    meeting.save()
    return meeting
