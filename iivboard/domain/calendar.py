"""Business days, the user's zone and day, and the date sums the rules repeat.

Stored moments are naive UTC; the user's day is decided in their zone. `Calendar` caches
what thousands of contacts share (a few hundred request dates); `Now` is one moment seen
from that calendar: today, its bounds, and moments said the way people say them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from dateutil import rrule
from dateutil.relativedelta import relativedelta

from iivboard.domain.policy import Rules

ONE_DAY = dt.timedelta(days=1)


def utc(moment: dt.datetime) -> dt.datetime:
    """Naive UTC, the form stored in the database."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def iso(moment: dt.datetime | None) -> str | None:
    """A stored (naive UTC) moment as the text the CLI's JSON and the exports show."""
    return None if moment is None else moment.replace(microsecond=0).isoformat() + "Z"


def from_iso(text: str | None) -> dt.datetime | None:
    """The inverse of iso(): naive UTC again."""
    return None if text is None else dt.datetime.fromisoformat(text.removesuffix("Z"))


def local(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """A stored naive-UTC moment in the user's zone."""
    return moment.replace(tzinfo=dt.UTC).astimezone(zone)


def local_midnight_utc(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    return utc(dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone))


def _business_rule(
    start: dt.date, holidays: Iterable[dt.date], until: dt.date | None = None
) -> rrule.rruleset:
    rules = rrule.rruleset()
    rules.rrule(
        rrule.rrule(
            rrule.DAILY,
            dtstart=dt.datetime.combine(start, dt.time()),
            byweekday=(rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR),
            until=dt.datetime.combine(until, dt.time()) if until else None,
        )
    )
    for day in holidays:
        rules.exdate(dt.datetime.combine(day, dt.time()))
    return rules


def is_business_day(day: dt.date, holidays: Iterable[dt.date] = ()) -> bool:
    return day.weekday() < 5 and day not in set(holidays)


def add_business_days(start: dt.date, days: int, holidays: Iterable[dt.date] = ()) -> dt.date:
    """The date `days` business days after `start` (weekends and holidays skipped)."""
    if days < 0:
        raise ValueError("days must not be negative")
    if days == 0:
        return start
    days_iter = iter(_business_rule(start + relativedelta(days=1), holidays))
    found = start
    for _ in range(days):
        found = next(days_iter).date()
    return found


def business_days_between(start: dt.date, end: dt.date, holidays: Iterable[dt.date] = ()) -> int:
    """Business days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    return len(list(_business_rule(start + relativedelta(days=1), holidays, until=end)))


class BusinessDayCounter:
    """business_days_between for many pairs of dates (the daily review and the stats ask it
    thousands of times): a running count per day, grown one day at a time as needed."""

    def __init__(self, holidays: Iterable[dt.date] = ()) -> None:
        self.holidays = frozenset(holidays)
        self._count: dict[dt.date, int] = {}  # business days after the first day asked, to day
        self._low: dt.date | None = None
        self._high: dt.date | None = None

    def _running(self, day: dt.date) -> int:
        if self._low is None or self._high is None:
            self._low = self._high = day
            self._count[day] = 0
        while day > self._high:
            after = self._high + ONE_DAY
            self._count[after] = self._count[self._high] + self._counts(after)
            self._high = after
        while day < self._low:
            before = self._low - ONE_DAY
            self._count[before] = self._count[self._low] - self._counts(self._low)
            self._low = before
        return self._count[day]

    def _counts(self, day: dt.date) -> int:
        return int(day.weekday() < 5 and day not in self.holidays)

    def between(self, start: dt.date, end: dt.date) -> int:
        """Business days after `start` up to and including `end` (0 when end <= start)."""
        return self._running(end) - self._running(start) if end > start else 0


class Calendar:
    """The rules' date sums in the user's zone, remembered: a review of 10,000 contacts
    asks the same few hundred dates over and over."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.zone = rules.zone()
        self.business = BusinessDayCounter(rules.holidays)
        self._offsets: dict[dt.date, dt.timedelta | None] = {}
        self._midnights: dict[dt.date, dt.datetime] = {}
        self._added: dict[tuple[dt.date, int], dt.date] = {}

    def local(self, moment: dt.datetime) -> dt.datetime:
        """Wall-clock time in the user's zone (naive). Converting costs microseconds, and a
        zone's offset stays the same all day except on its few transition days, so each
        UTC day is converted once and only transition days convert every moment."""
        day = moment.date()
        if day not in self._offsets:
            start = dt.datetime.combine(day, dt.time())
            before = local(start, self.zone).utcoffset()
            after = local(start + ONE_DAY, self.zone).utcoffset()
            self._offsets[day] = before if before == after else None
        offset = self._offsets[day]
        if offset is None:
            return local(moment, self.zone).replace(tzinfo=None)
        return moment + offset

    def day(self, moment: dt.datetime) -> dt.date:
        return self.local(moment).date()

    def midnight(self, day: dt.date) -> dt.datetime:
        """Naive UTC of the local midnight that starts `day`."""
        found = self._midnights.get(day)
        if found is None:
            found = self._midnights[day] = local_midnight_utc(day, self.zone)
        return found

    def day_start(self, moment: dt.datetime) -> dt.datetime:
        """Naive UTC of the local midnight that starts `moment`'s day."""
        return self.midnight(self.day(moment))

    def add(self, day: dt.date, days: int) -> dt.date:
        key = (day, days)
        found = self._added.get(key)
        if found is None:
            found = self._added[key] = add_business_days(day, days, self.rules.holidays)
        return found

    def business_due(self, moment: dt.datetime, days: int) -> dt.datetime:
        """Local midnight starting the day `days` business days after `moment`."""
        return self.midnight(self.add(self.day(moment), days))

    def at(self, now: dt.datetime) -> Now:
        return Now(self, now)


@functools.lru_cache(maxsize=8)
def calendar_for(rules: Rules) -> Calendar:
    """One calendar per set of rules, shared by every card the board draws."""
    return Calendar(rules)


class Now:
    """One moment (the clock's, passed in) seen from a calendar: today and its bounds."""

    def __init__(self, cal: Calendar, now: dt.datetime) -> None:
        self.cal = cal
        self.rules = cal.rules
        self.now = utc(now)
        self.today = cal.day(self.now)
        self.start = cal.midnight(self.today)
        self.end = cal.midnight(self.today + ONE_DAY)

    def waited(self, moment: dt.datetime) -> int:
        """Business days from `moment`'s day up to today."""
        return self.cal.business.between(self.cal.day(moment), self.today)

    def until(self, day: dt.date) -> int:
        """Business days after today up to `day`."""
        return self.cal.business.between(self.today, day)

    def when(self, moment: dt.datetime) -> str:
        """A moment as people say it: 'today 14:00', 'tomorrow 10:00', 'Mon 30 Nov 09:00'."""
        return f"{self.date(moment)} {self.cal.local(moment):%H:%M}"

    def date(self, moment: dt.datetime) -> str:
        day = self.cal.day(moment)
        days = (day - self.today).days
        return {0: "today", 1: "tomorrow", -1: "yesterday"}.get(days, f"{day:%a %d %b}")
