"""`iivboard notify`: the notices due now, sent to the desktop, remembered between runs.

The choice of what to say is the domain's (domain/reminders.py) over the Today list and
the meetings about to start (one indexed query); the sending and the memory file are
io/notifications.py's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from peewee import JOIN

from iivboard.app import review
from iivboard.app.meetings_query import upcoming_meetings
from iivboard.domain import reminders
from iivboard.domain.calendar import utc
from iivboard.domain.policy import Rules
from iivboard.domain.reminders import Notice, SoonMeeting
from iivboard.io import notifications
from iivboard.storage.models import Contact, Meeting, Organization, stored_moment

Sender = Callable[[Sequence[Notice]], bool]


@dataclass(frozen=True)
class Outcome:
    notices: tuple[Notice, ...]  # what was due now, in the order sent
    delivered: bool  # False: no notification service took them; the caller shows them


def coming_meetings(now: dt.datetime, within: dt.timedelta) -> list[SoonMeeting]:
    """Meetings still to come that start between `now` and `now + within` (naive UTC)."""
    rows = (
        upcoming_meetings(
            Contact.id,
            Contact.name,
            Organization.name,
            Meeting.starts_at,
            Meeting.minutes,
            Meeting.format,
            Meeting.place,
        )
        .join(Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id))
        .where(Meeting.starts_at.between(now, now + within))
        .tuples()
    )
    return [
        SoonMeeting(cid, name, org, stored_moment(at), minutes, fmt, place)
        for cid, name, org, at, minutes, fmt, place in rows
    ]


def notify(
    now: dt.datetime,
    rules: Rules,
    db_path: Path,
    *,
    digest_from: dt.time | None = None,
    send: Sender | None = None,
) -> Outcome:
    """Send what is due now (see domain.reminders.choose) and remember it, whether it went
    to the desktop or is to be printed: either way it was said."""
    memory = notifications.state_path(db_path)
    day = review.today(now, rules)
    coming = coming_meetings(utc(now), reminders.SOON)
    notices, announced = reminders.choose(
        day, coming, notifications.load_announced(memory), rules.zone(), digest_from=digest_from
    )
    if not notices:
        return Outcome((), True)
    delivered = (send or notifications.send)(notices)
    notifications.save_announced(memory, announced)
    return Outcome(tuple(notices), delivered)
