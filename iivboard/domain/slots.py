"""Meeting times that do not clash: which booked meetings overlap a proposed time, and the
next free slot to offer for a new one (a business day, within the working hours).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from iivboard.domain.calendar import add_business_days, local, utc
from iivboard.domain.policy import Rules

STEP = dt.timedelta(minutes=30)  # offered times are on the hour or the half hour
FIRST_OFFER = dt.time(10, 0)  # a late morning leaves time to prepare and confirm
SEARCH_DAYS = 60  # business days looked at before giving up on finding a free slot


@dataclass(frozen=True)
class Booked:
    """A meeting to come with someone: who, and when (naive UTC)."""

    contact_id: int
    name: str
    starts_at: dt.datetime
    minutes: int

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.minutes)


def overlapping(start: dt.datetime, minutes: int, booked: Iterable[Booked]) -> list[Booked]:
    """The booked meetings that share some time with `minutes` from `start` (back to back
    is not an overlap), earliest first."""
    begin = utc(start)
    end = begin + dt.timedelta(minutes=minutes)
    return sorted(
        (b for b in booked if b.starts_at < end and begin < b.ends_at),
        key=lambda b: (b.starts_at, b.name),
    )


def next_free(
    now: dt.datetime, minutes: int, booked: Iterable[Booked], rules: Rules
) -> dt.datetime:
    """The first time from the next business day on where a meeting of `minutes` fits in
    the working hours without overlapping a booked one: late morning first, then every half
    hour to the end of the day, then the early morning. `now` is the user's local time
    (aware), and so is the answer."""
    taken = list(booked)
    length = dt.timedelta(minutes=minutes)
    day = add_business_days(now.date(), 1, rules.holidays)
    first_offer = None
    for _ in range(SEARCH_DAYS):
        for moment in _offers(day, now.tzinfo, length, rules):
            first_offer = first_offer or moment
            if not overlapping(moment, minutes, taken):
                return moment
        day = add_business_days(day, 1, rules.holidays)
    # Every slot taken for months (or a day too short for the meeting): the first offer.
    return first_offer or dt.datetime.combine(day, FIRST_OFFER, tzinfo=now.tzinfo)


def _offers(
    day: dt.date, zone: dt.tzinfo | None, length: dt.timedelta, rules: Rules
) -> list[dt.datetime]:
    midnight = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    opens = midnight + dt.timedelta(hours=rules.work_day_starts)
    closes = midnight + dt.timedelta(hours=rules.work_day_ends)
    late_morning = min(max(dt.datetime.combine(day, FIRST_OFFER, tzinfo=zone), opens), closes)
    times = []
    moment = opens
    while moment + length <= closes:
        times.append(moment)
        moment += STEP
    return [t for t in times if t >= late_morning] + [t for t in times if t < late_morning]


def clash_words(clashes: list[Booked], zone: dt.tzinfo) -> str:
    """'' when nothing clashes, else what a proposed time overlaps, in the user's zone."""
    if not clashes:
        return ""
    said = []
    for b in clashes[:3]:
        start, end = local(b.starts_at, zone), local(b.ends_at, zone)
        said.append(f"{b.name} on {start:%a %d %b %H:%M}-{end:%H:%M}")
    more = f" and {len(clashes) - 3} more" if len(clashes) > 3 else ""
    return "overlaps the meeting with " + "; with ".join(said) + more
