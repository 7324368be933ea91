"""What a reminder outside the app says, and when: pure, time comes in as an argument.

Two kinds of notice. The day's digest: today's meetings with their local time, the
thank-yous overdue, and how many other lines the Today list has; none when the list is
empty. And one notice per meeting about to start (within `SOON` of now), said once: the
memory of what was announced comes in and goes out with the notices, for the caller to
keep between runs (a timer runs `iivboard notify` every few minutes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from iivboard.domain.calendar import local
from iivboard.domain.review import Review
from iivboard.domain.rules.groups import MEETINGS, THANK_YOUS
from iivboard.domain.wording import plural

SOON = dt.timedelta(minutes=15)
# A meeting's key stays remembered this long after it started, then is forgotten.
_REMEMBER = dt.timedelta(days=2)


@dataclass(frozen=True)
class Notice:
    key: str  # "digest" or "meeting:<contact id>@<start>"
    title: str
    body: str
    urgent: bool = False  # a meeting about to start: the server may keep it on screen


@dataclass(frozen=True)
class SoonMeeting:
    """A meeting still to come, as a notice needs it."""

    contact_id: int
    name: str
    organization: str | None
    starts_at: dt.datetime  # naive UTC
    minutes: int
    format: str
    place: str

    @property
    def key(self) -> str:
        # The start is part of the key: a meeting moved to a new time is announced again.
        return f"meeting:{self.contact_id}@{self.starts_at:%Y-%m-%dT%H:%M}"


@dataclass(frozen=True)
class Announced:
    """What earlier runs said: the local day of the last digest sent, and the meetings
    announced (key -> start, naive UTC, so old keys can be forgotten)."""

    digest_day: dt.date | None = None
    meetings: dict[str, dt.datetime] = field(default_factory=dict)


def _named(name: str, organization: str | None) -> str:
    return f"{name} ({organization})" if organization else name


def digest(review: Review, zone: dt.tzinfo) -> Notice | None:
    """The day in one notice, or None when nothing is due."""
    if not review.items:
        return None
    meetings = [
        i
        for i in review.items
        if i.group == MEETINGS.key and local(i.at, zone).date() == review.today
    ]
    meetings.sort(key=lambda i: i.at)
    thanks = [i for i in review.items if i.group == THANK_YOUS.key and i.level == "overdue"]
    lines = [
        f"{local(i.at, zone):%H:%M} meeting with {_named(i.name, i.organization)}" for i in meetings
    ]
    lines += [f"Thank-you overdue: {_named(i.name, i.organization)}" for i in thanks]
    rest = len(review.items) - len(meetings) - len(thanks)
    if rest:
        more = "more " if lines else ""
        lines.append(f"{plural(rest, more + 'line')} on the Today list")
    return Notice("digest", f"{review.left} to do today", "\n".join(lines))


def meeting_notice(meeting: SoonMeeting, now: dt.datetime, zone: dt.tzinfo) -> Notice:
    start = local(meeting.starts_at, zone)
    left = max(0, round((meeting.starts_at - now).total_seconds() / 60))
    when = "now" if left == 0 else f"in {plural(left, 'minute')}"
    details = [f"{meeting.minutes} min {meeting.format.replace('_', ' ')}"]
    if meeting.place:
        details.append(meeting.place)
    return Notice(
        meeting.key,
        f"{start:%H:%M} meeting with {_named(meeting.name, meeting.organization)}, {when}",
        " · ".join(details),
        urgent=True,
    )


def choose(
    review: Review,
    coming: list[SoonMeeting],
    announced: Announced,
    zone: dt.tzinfo,
    *,
    digest_from: dt.time | None = None,
) -> tuple[list[Notice], Announced]:
    """The notices to send now, and the memory once they are sent.

    Every meeting starting within SOON (and not started) gets its own notice, once. The
    digest goes out on every call when `digest_from` is None (a run by hand), else once a
    local day, on the first call from that time on: a timer every five minutes then
    sends one digest a day. `review.now` is the moment (naive UTC)."""
    now = review.now
    notices: list[Notice] = []
    remembered = {k: at for k, at in announced.meetings.items() if at > now - _REMEMBER}
    for meeting in sorted(coming, key=lambda m: (m.starts_at, m.name)):
        if now <= meeting.starts_at <= now + SOON and meeting.key not in remembered:
            notices.append(meeting_notice(meeting, now, zone))
            remembered[meeting.key] = meeting.starts_at
    digest_day = announced.digest_day
    local_now = local(now, zone)
    wanted = digest_from is None or (
        local_now.time() >= digest_from and digest_day != local_now.date()
    )
    day = digest(review, zone) if wanted else None
    if day is not None:
        notices.append(day)
        digest_day = local_now.date()
    return notices, Announced(digest_day, remembered)
