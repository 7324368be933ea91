"""Stages, legal moves and the due-date rules of an informational-interview pipeline.

Pure functions over plain values: no database and no clock of their own, so every
rule can be tested exactly with a fixed `now`.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from dateutil import rrule, tz
from dateutil.relativedelta import relativedelta

from iivboard.domain.errors import Refused

STAGES: tuple[str, ...] = ("identified", "requested", "scheduled", "met", "thanked", "in_touch")
STAGE_LABELS = {
    "identified": "Identified",
    "requested": "Requested",
    "scheduled": "Scheduled",
    "met": "Met",
    "thanked": "Thanked",
    "in_touch": "In touch",
}
OUTCOMES: tuple[str, ...] = ("declined", "no_response")
DECLINE_REASONS: tuple[str, ...] = ("busy", "not_interested", "hiring_conflict", "other")
CHANNELS: tuple[str, ...] = ("email", "linkedin", "phone", "in_person", "other")
FORMATS: tuple[str, ...] = ("video", "phone", "in_person")

# What a logged interaction means for the stage: logging a request from "identified"
# is what moving to "requested" means, and so on. Kinds missing here never move.
LOG_KINDS: tuple[str, ...] = (
    "request",
    "follow_up",
    "reply",
    "confirm",
    "meeting",
    "thank_you",
    "touch",
    "note",
)
LOG_ADVANCES: dict[str, dict[str, str]] = {
    "request": {"identified": "requested"},
    "meeting": {"scheduled": "met"},
    "thank_you": {"met": "thanked"},
    "touch": {"thanked": "in_touch"},
}


class RuleError(Refused, ValueError):
    """A move or a value the pipeline does not allow; the message is for the user."""


def parse_stage(text: str) -> str:
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    if key not in STAGES:
        raise RuleError(f"unknown stage {text!r}; stages are: {', '.join(STAGES)}")
    return key


def stage_index(stage: str) -> int:
    return STAGES.index(stage)


def check_move(current: str, target: str, outcome: str | None) -> None:
    """Raise RuleError unless an open contact in `current` may move to `target`.

    Any open stage may go to any other: people meet at a conference without a request,
    and a cancelled meeting goes back to requested. A closed contact must be reopened first.
    """
    if outcome is not None:
        raise RuleError(f"this contact is closed ({outcome.replace('_', ' ')}); reopen it first")
    if target not in STAGES:
        raise RuleError(f"unknown stage {target!r}")
    if current == target:
        raise RuleError(f"already in {STAGE_LABELS[target]}")


def check_close(outcome_now: str | None, outcome: str, reason: str | None) -> None:
    if outcome_now is not None:
        raise RuleError("already closed")
    if outcome not in OUTCOMES:
        raise RuleError(f"unknown outcome {outcome!r}; use declined or no_response")
    if outcome == "declined" and reason is not None and reason not in DECLINE_REASONS:
        raise RuleError(f"unknown reason {reason!r}; use {', '.join(DECLINE_REASONS)}")


def check_reopen(outcome_now: str | None) -> None:
    if outcome_now is None:
        raise RuleError("this contact is not closed")


@dataclass(frozen=True)
class Rules:
    """The rules of thumb from DOMAIN.md; every number can be changed in the settings."""

    reach_other_business_days: int = 3  # 3B7: the "3"
    follow_up_business_days: int = 7  # 3B7: the "7"
    move_on_business_days: int = 7  # silence after the follow-up: move on
    thank_you_due_hours: int = 24
    thank_you_overdue_hours: int = 48
    keep_in_touch_days: int = 90
    meeting_minutes: int = 20
    meeting_warning_minutes: int = 2
    confirm_days_before: int = 1
    daily_request_goal: int = 3
    hiring_retry_weeks: int = 8
    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    timezone: str = ""  # empty: the machine's local zone

    def fingerprint(self) -> str:
        """The rules as stable text: stored due dates are valid while this is unchanged."""
        values = {f: getattr(self, f) for f in self.__dataclass_fields__}
        values["holidays"] = sorted(day.isoformat() for day in self.holidays)
        # An empty zone means the machine's: a move to another zone changes the dates too.
        values["timezone"] = self.timezone or "local:" + "/".join(time.tzname)
        return json.dumps(values, sort_keys=True)

    def zone(self) -> dt.tzinfo:
        if self.timezone:
            zone = tz.gettz(self.timezone)
            if zone is None:
                raise RuleError(f"unknown time zone {self.timezone!r}")
            return zone
        return tz.tzlocal()


# ---------------------------------------------------------------- time helpers


def utc(moment: dt.datetime) -> dt.datetime:
    """Naive UTC, the form stored in the database."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def local(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """A stored naive-UTC moment in the user's zone."""
    return moment.replace(tzinfo=dt.UTC).astimezone(zone)


def local_midnight_utc(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    return utc(dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone))


def _business_rule(start: dt.date, holidays: Iterable[dt.date], until: dt.date | None = None):
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
        self._low = self._high = None

    def _running(self, day: dt.date) -> int:
        if self._low is None:
            self._low = self._high = day
            self._count[day] = 0
        one = dt.timedelta(days=1)
        while day > self._high:
            after = self._high + one
            self._count[after] = self._count[self._high] + self._counts(after)
            self._high = after
        while day < self._low:
            before = self._low - one
            self._count[before] = self._count[self._low] - self._counts(self._low)
            self._low = before
        return self._count[day]

    def _counts(self, day: dt.date) -> int:
        return day.weekday() < 5 and day not in self.holidays

    def between(self, start: dt.date, end: dt.date) -> int:
        """Business days after `start` up to and including `end` (0 when end <= start)."""
        return self._running(end) - self._running(start) if end > start else 0


# ---------------------------------------------------------------- due rules


@dataclass(frozen=True)
class Due:
    kind: str  # follow_up, move_on, confirm, meeting, thank_you, touch, retry, snoozed
    at: dt.datetime  # naive UTC: when it becomes due
    overdue_at: dt.datetime  # naive UTC: when it turns red


@dataclass(frozen=True)
class DueInputs:
    """The facts about one contact that the due rules read (all datetimes naive UTC)."""

    stage: str
    outcome: str | None = None
    stage_entered_at: dt.datetime | None = None
    request_sent_at: dt.datetime | None = None
    replied_at: dt.datetime | None = None
    followups_sent: int = 0
    last_followup_at: dt.datetime | None = None
    met_at: dt.datetime | None = None
    last_interaction_at: dt.datetime | None = None
    snoozed_until: dt.datetime | None = None
    retry_after: dt.datetime | None = None
    next_meeting_at: dt.datetime | None = None
    next_meeting_confirmed: bool = False


def _business_due(sent: dt.datetime, days: int, rules: Rules, zone: dt.tzinfo) -> dt.datetime:
    day = add_business_days(local(sent, zone).date(), days, rules.holidays)
    return local_midnight_utc(day, zone)


def compute_due(facts: DueInputs, rules: Rules) -> Due | None:
    """What is due next for a contact, or None. Snoozing hides it until the snooze ends."""
    zone = rules.zone()
    due = _raw_due(facts, rules, zone)
    if due is not None and facts.snoozed_until is not None and facts.snoozed_until > due.at:
        return Due(due.kind, facts.snoozed_until, max(due.overdue_at, facts.snoozed_until))
    return due


def _raw_due(facts: DueInputs, rules: Rules, zone: dt.tzinfo) -> Due | None:
    if facts.outcome is not None:
        if facts.retry_after is not None:
            return Due("retry", facts.retry_after, facts.retry_after + relativedelta(days=7))
        return None
    stage = facts.stage
    if stage == "requested" and facts.request_sent_at is not None:
        if facts.replied_at is not None and facts.replied_at >= facts.request_sent_at:
            # They answered: no more 3B7 reminders; what is due is agreeing a time.
            at = facts.replied_at
            return Due("schedule", at, _business_due(at, 2, rules, zone))
        if facts.followups_sent == 0:
            at = _business_due(facts.request_sent_at, rules.follow_up_business_days, rules, zone)
            return Due("follow_up", at, at + relativedelta(days=1))
        base = facts.last_followup_at or facts.request_sent_at
        at = _business_due(base, rules.move_on_business_days, rules, zone)
        return Due("move_on", at, at + relativedelta(days=1))
    if stage == "scheduled" and facts.next_meeting_at is not None:
        meeting_local = local(facts.next_meeting_at, zone)
        if not facts.next_meeting_confirmed:
            confirm_day = meeting_local.date() - relativedelta(days=rules.confirm_days_before)
            at = local_midnight_utc(confirm_day, zone)
            return Due("confirm", at, facts.next_meeting_at)
        return Due("meeting", facts.next_meeting_at, facts.next_meeting_at)
    if stage == "met" and facts.met_at is not None:
        return Due(
            "thank_you",
            facts.met_at + relativedelta(hours=rules.thank_you_due_hours),
            facts.met_at + relativedelta(hours=rules.thank_you_overdue_hours),
        )
    if stage in ("thanked", "in_touch"):
        last = facts.last_interaction_at or facts.stage_entered_at
        if last is None:
            return None
        at = last + relativedelta(days=rules.keep_in_touch_days)
        return Due("touch", at, at + relativedelta(days=7))
    return None


DUE_WORDS = {
    "follow_up": "follow up",
    "move_on": "move on?",
    "confirm": "confirm meeting",
    "meeting": "meeting",
    "thank_you": "thank-you",
    "touch": "touch",
    "retry": "try again",
    "schedule": "replied: schedule",
}


def describe_due(
    kind: str | None,
    at: dt.datetime | None,
    overdue_at: dt.datetime | None,
    now: dt.datetime,
    rules: Rules,
) -> tuple[str, str]:
    """Words for a card ("follow up in 2 business days") and a level: '', 'soon', 'due', 'overdue'."""
    if kind is None or at is None:
        return "", ""
    zone = rules.zone()
    now = utc(now)
    when_local = local(at, zone)
    today = local(now, zone).date()
    if kind == "meeting":
        level = "due" if when_local.date() == today else ("overdue" if at < now else "soon")
        if when_local.date() == today:
            return f"meeting today {when_local:%H:%M}", level
        if when_local.date() == today + dt.timedelta(days=1):
            return f"meeting tomorrow {when_local:%H:%M}", level
        return f"meeting {when_local:%a %d %b %H:%M}", level
    word = DUE_WORDS.get(kind, kind)
    if overdue_at is not None and now >= overdue_at:
        return f"{word} overdue", "overdue"
    if now >= at:
        return f"{word} due", "due"
    if kind in ("follow_up", "move_on"):
        left = business_days_between(today, when_local.date(), rules.holidays)
        unit = "business day" if left == 1 else "business days"
        return f"{word} in {left} {unit}", "soon" if left <= 1 else ""
    delta = when_local.date() - today
    if delta.days == 0:
        return f"{word} today {when_local:%H:%M}", "soon"
    if delta.days == 1:
        return f"{word} tomorrow", "soon"
    if delta.days < 14:
        return f"{word} in {delta.days} days", ""
    return f"{word} {when_local:%d %b}", ""
