"""Reading the dates users type: ISO dates and times, and short forms like +3d, mon, tomorrow 15:00."""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as date_parser
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from iivboard.domain.errors import Refused

FORMS = "2026-12-03, 2026-12-03 15:00, +3d, +2w, -1d, mon, today, tomorrow 15:00"

WEEKDAYS = {"mon": MO, "tue": TU, "wed": WE, "thu": TH, "fri": FR, "sat": SA, "sun": SU}


def _step(unit: str, amount: int) -> relativedelta:
    """`amount` of a unit named in UNITS, as a calendar step (a month is a month)."""
    steps = {
        "minutes": relativedelta(minutes=amount),
        "hours": relativedelta(hours=amount),
        "days": relativedelta(days=amount),
        "weeks": relativedelta(weeks=amount),
        "months": relativedelta(months=amount),
        "years": relativedelta(years=amount),
    }
    return steps[unit]


UNITS = {
    "m": "minutes",
    "min": "minutes",
    "h": "hours",
    "d": "days",
    "w": "weeks",
    "mo": "months",
    "y": "years",
}
_RELATIVE = re.compile(r"^([+-])\s*(\d{1,4})\s*(min|mo|m|h|d|w|y)$")
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")


class WhenError(Refused, ValueError):
    """A date or time as typed that cannot be read; the message says why."""


def _time_of(text: str) -> dt.time:
    match = _TIME.match(text)
    if not match:
        raise WhenError(f"could not read {text!r} as a time of day (try 15:00 or 3pm)")
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half:
        if not 1 <= hour <= 12:
            raise WhenError(f"{text!r}: with am/pm the hour is 1 to 12")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise WhenError(f"{text!r} is not a time of day")
    return dt.time(hour, minute)


def parse_when(text: str, now: dt.datetime, default_time: dt.time | None = None) -> dt.datetime:
    """A moment in `now`'s time zone (see _parse); WhenError for anything unusable."""
    if now.tzinfo is None:
        raise TypeError("now must carry a time zone")
    try:
        moment = _parse(text, now, default_time)
        moment.astimezone(dt.UTC)  # must be storable (naive UTC) too
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, WhenError):
            raise
        raise WhenError(f"{text.strip()!r} is too far away to be a date") from None
    return moment


def _parse(text: str, now: dt.datetime, default_time: dt.time | None = None) -> dt.datetime:
    """A moment in `now`'s time zone. `now` must be aware (the user's local time).

    A form without a time of day takes `default_time`, or the time of `now` when None.
    """
    raw = text
    text = " ".join(text.strip().lower().split())
    if not text:
        raise WhenError("no date given")
    keep = default_time or now.time().replace(second=0, microsecond=0)

    def on(day: dt.date, time: dt.time | None) -> dt.datetime:
        return dt.datetime.combine(day, time or keep, tzinfo=now.tzinfo)

    if text == "now":
        return now
    match = _RELATIVE.match(text)
    if match:
        amount = int(match[2]) * (-1 if match[1] == "-" else 1)
        unit = UNITS[match[3]]
        moved = now + _step(unit, amount)
        if unit in ("minutes", "hours"):
            return moved
        return on(moved.date(), None)

    words = text.split(" ")
    head, rest = words[0], " ".join(words[1:])
    time = _time_of(rest) if rest else None
    if head in ("today", "tomorrow", "yesterday"):
        shift = {"today": 0, "tomorrow": 1, "yesterday": -1}[head]
        return on(now.date() + relativedelta(days=shift), time)
    day_key = head[:3]
    if day_key in WEEKDAYS and head in (day_key, _full_day(day_key)):
        # Always the next such day: "mon" on a Monday means a week from now.
        day = now.date() + relativedelta(days=1, weekday=WEEKDAYS[day_key](+1))
        return on(day, time)
    if _TIME.match(text):
        return on(now.date(), _time_of(text))
    try:
        parsed = date_parser.isoparse(text.replace(" ", "T", 1))
    except (ValueError, OverflowError) as exc:
        reason = str(exc)
        if "out of range" in reason or "must be in" in reason:
            raise WhenError(f"{raw.strip()!r} is not a real date ({reason})") from None
        raise WhenError(f"could not read {raw.strip()!r} as a date; try {FORMS}") from None
    has_time = "t" in text.replace(" ", "t", 1) and len(text) > 10
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=now.tzinfo)
    if not has_time:
        parsed = dt.datetime.combine(
            parsed.date(), default_time or dt.time(0, 0), tzinfo=parsed.tzinfo
        )
    return parsed


def _full_day(key: str) -> str:
    return {
        "mon": "monday",
        "tue": "tuesday",
        "wed": "wednesday",
        "thu": "thursday",
        "fri": "friday",
        "sat": "saturday",
        "sun": "sunday",
    }[key]
