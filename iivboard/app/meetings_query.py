"""Which meeting is a contact's "open meeting": defined here once, for the commands, the
call screens, the stored due dates, the Today list and the calendar export.

A contact's open meeting is the latest-starting meeting neither held (no `ended_at`) nor
cancelled (no `cancelled_at`). It is the one a board card, a reminder and call mode are
about while the contact is open and scheduled, or met, thanked or in touch (another
meeting with someone already met: they stay in their stage); a meeting left open when its
contact moved back or was closed was given up without a word (moving on to met holds it). A cancelled meeting is kept for the
history and the calendar export, and is never anybody's open meeting.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from iivboard.domain import stages
from iivboard.domain.slots import Booked
from iivboard.storage.models import Contact, Meeting, database, stored_moment

# Newest first; the id breaks a tie between two meetings set for the same minute.
_NEWEST_FIRST = (Meeting.starts_at.desc(), Meeting.id.desc())
_OLDEST_FIRST = (Meeting.starts_at, Meeting.id)


# The stages in which a contact's open meeting is still to come: the first meeting, while
# scheduled; another meeting with someone already met, who stays where they are.
UPCOMING_STAGES = ("scheduled", *stages.MET_STAGES)


def has_upcoming(stage: str, outcome: str | None = None) -> bool:
    """Whether a contact in `stage` (and `outcome`) can have a meeting still to come."""
    return stage in UPCOMING_STAGES and outcome is None


def is_another(stage: str) -> bool:
    """Whether a meeting set for a contact in `stage` is another one with someone already
    met: it leaves them in their stage, where a first meeting moves them to scheduled."""
    return stage in stages.MET_STAGES


def still_open() -> Any:
    """The condition on Meeting rows: not yet held, and not cancelled."""
    return Meeting.ended_at.is_null() & Meeting.cancelled_at.is_null()


def upcoming() -> Any:
    """The condition on Meeting rows joined to their Contact: the meeting is still to come
    (not held, its contact open and in one of UPCOMING_STAGES)."""
    return still_open() & Contact.stage.in_(UPCOMING_STAGES) & Contact.outcome.is_null()


def open_meeting(contact_id: int) -> Meeting | None:
    """The contact's open meeting, whatever their stage (a move to scheduled reuses it)."""
    meeting: Meeting | None = (
        Meeting.select()
        .where(Meeting.contact == contact_id, still_open())
        .order_by(*_NEWEST_FIRST)
        .first()
    )
    return meeting


def latest_meeting(contact_id: int) -> Meeting | None:
    """The contact's latest meeting, held or not."""
    meeting: Meeting | None = (
        Meeting.select().where(Meeting.contact == contact_id).order_by(*_NEWEST_FIRST).first()
    )
    return meeting


def open_or_latest(contact_id: int) -> Meeting | None:
    """The meeting being held, else the last one: what a referral or a note came out of."""
    return open_meeting(contact_id) or latest_meeting(contact_id)


def upcoming_meetings(*columns: Any) -> Any:
    """Every upcoming meeting (see `upcoming`) (`columns` of Meeting and Contact),
    oldest first: keyed by contact row by row, the last row kept is the open meeting."""
    return (
        Meeting.select(*columns)
        .join(Contact, on=(Meeting.contact == Contact.id))
        .where(upcoming())
        .order_by(*_OLDEST_FIRST)
    )


def booked(start: dt.datetime, end: dt.datetime, *, besides: int | None = None) -> list[Booked]:
    """The meetings to come that may share some time with `start` to `end` (naive UTC;
    slots.overlapping says which do), but those of contact `besides` (the one being
    scheduled): an indexed range on starts_at."""
    query = upcoming_meetings(Meeting.contact, Contact.name, Meeting.starts_at, Meeting.minutes)
    # The longest meeting allowed is 600 minutes: one that starts earlier is over by then.
    query = query.where(
        Meeting.starts_at > start - dt.timedelta(minutes=600), Meeting.starts_at < end
    )
    if besides is not None:
        query = query.where(Meeting.contact != besides)
    return [
        Booked(contact_id, name, stored_moment(starts_at), minutes)
        for contact_id, name, starts_at, minutes in database.execute_sql(*query.sql())
    ]
