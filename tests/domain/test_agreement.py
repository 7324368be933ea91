"""The board and Today read one rule registry, so they agree: for generated histories and
every day of a 120-day sweep, a contact is on Today exactly when its stored due (what the
board sorts by and `list --due` filters on) has come, with the same kind and card words.

The documented exceptions, and only those:
- heads-up: a meeting is on Today from the day before it (to prepare and confirm), a
  thank-you from the meeting on (the 24 hours start then);
- a snoozed contact is off Today until the snooze ends, to the minute;
- a line skipped for today is off Today until the next local midnight.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from iivboard.domain import review
from iivboard.domain.calendar import Calendar, Now
from iivboard.domain.facts import ContactFacts, MeetingFacts
from iivboard.domain.policy import Rules
from iivboard.domain.rules import registry

KINDS = (
    "request",
    "follow_up",
    "reply",
    "schedule",
    "confirm",
    "held",
    "thank_you",
    "touch",
    "decline",
    "no_response",
    "reopen",
    "snooze",
)
SWEEP_DAYS = 120


def natural_next(c: ContactFacts) -> str:
    """The step a contact usually takes next, so generated histories reach every stage."""
    if c.outcome is not None:
        return "reopen"
    if c.stage == "requested":
        return "schedule" if c.replied_at is not None else "reply"
    if c.stage == "scheduled":
        return "held" if c.meeting is not None and c.meeting.confirmed else "confirm"
    return {"identified": "request", "met": "thank_you"}.get(c.stage, "touch")


def apply(c: ContactFacts, kind: str, at: dt.datetime, hours: int) -> ContactFacts:
    """What one logged interaction or move does to the facts (as the commands record it);
    one that does not fit the stage is refused, as the commands refuse it."""
    r = dataclasses.replace
    if kind == "next":
        kind = natural_next(c)
    is_open = c.outcome is None
    if kind == "request" and is_open and c.stage == "identified":
        return r(c, stage="requested", stage_entered_at=at, request_sent_at=at,
                 request_channel="email", followups_sent=0, last_followup_at=None,
                 last_interaction_at=at)  # fmt: skip
    if kind == "follow_up" and c.waiting:
        return r(c, followups_sent=c.followups_sent + 1, last_followup_at=at,
                 last_interaction_at=at)  # fmt: skip
    if kind == "reply" and is_open and c.stage == "requested":
        return r(c, replied_at=at, last_interaction_at=at)
    if kind == "schedule" and is_open and c.stage in ("identified", "requested"):
        starts = at + dt.timedelta(hours=hours)
        return r(c, stage="scheduled", stage_entered_at=at, meeting=MeetingFacts(starts))
    if kind == "confirm" and is_open and c.meeting is not None:
        return r(c, meeting=dataclasses.replace(c.meeting, confirmed=True))
    if kind == "held" and is_open and c.meeting is not None and c.meeting.starts_at <= at:
        return r(c, stage="met", stage_entered_at=at, met_at=at, meeting=None,
                 last_interaction_at=at)  # fmt: skip
    if kind == "thank_you" and is_open and c.stage == "met":
        return r(c, stage="thanked", stage_entered_at=at, last_interaction_at=at)
    if kind == "touch" and is_open and c.stage in ("thanked", "in_touch"):
        return r(c, stage="in_touch", stage_entered_at=at, last_interaction_at=at)
    if kind == "decline" and is_open:
        return r(c, outcome="declined", outcome_reason="hiring_conflict", closed_at=at,
                 retry_after=at + dt.timedelta(weeks=8), meeting=None)  # fmt: skip
    if kind == "no_response" and is_open and c.stage == "requested":
        return r(c, outcome="no_response", closed_at=at, meeting=None)
    if kind == "reopen" and not is_open:
        return r(c, outcome=None, outcome_reason="", retry_after=None, closed_at=None,
                 stage="identified", stage_entered_at=at)  # fmt: skip
    if kind == "snooze":
        return r(c, snoozed_until=at + dt.timedelta(hours=hours))
    return c


def heads_up(c: ContactFacts, due: registry.Due, cal: Calendar) -> dt.datetime | None:
    """The documented heads-up of a kind: when it is on Today before its due day."""
    if due.kind == "thank_you":
        return c.met_at or c.stage_entered_at
    if due.kind in ("meeting", "confirm") and c.meeting is not None:
        return cal.midnight(cal.day(c.meeting.starts_at) - dt.timedelta(days=1))
    return None


histories = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=SWEEP_DAYS * 24),  # hours into the sweep
        st.sampled_from((*KINDS, *("next",) * len(KINDS))),
        st.integers(min_value=1, max_value=24 * 12),  # meeting lead or snooze length, hours
    ),
    max_size=16,
)


@settings(max_examples=120, deadline=None)
@given(
    history=histories,
    start=st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 6, 1)),
    minute=st.integers(min_value=0, max_value=24 * 60 - 1),  # when each day is looked at
    skips=st.sets(st.integers(min_value=0, max_value=SWEEP_DAYS - 1), max_size=6),
    zone=st.sampled_from(["UTC", "America/New_York", "Asia/Tokyo", "Australia/Lord_Howe"]),
    holidays=st.sets(
        st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2027, 12, 31)), max_size=6
    ),
    cadence=st.integers(min_value=3, max_value=40),
)
def test_board_due_and_today_agree_every_day(
    history, start, minute, skips, zone, holidays, cadence
):
    rules = Rules(
        timezone=zone,
        holidays=frozenset(holidays),
        keep_in_touch_days=cadence,
        daily_request_goal=0,
    )
    cal = Calendar(rules)
    first_day = cal.day(start)
    events = sorted((start + dt.timedelta(hours=h), kind, hours) for h, kind, hours in history)
    contact = ContactFacts("identified", start, id=1, name="Ada")
    applied = 0
    for day_index in range(SWEEP_DAYS):
        day = first_day + dt.timedelta(days=day_index)
        t = cal.midnight(day) + dt.timedelta(minutes=minute)
        if cal.day(t) != day:  # a minute that does not exist that day (a clock change)
            t = cal.midnight(day)
        while applied < len(events) and events[applied][0] <= t:
            at, kind, hours = events[applied]
            contact = apply(contact, kind, at, hours)
            applied += 1

        now = Now(cal, t)
        stored = registry.stored_due(contact, cal)
        skipped = day_index in skips and stored is not None
        skip_set = (
            frozenset({(1, registry.BY_KIND[stored.kind].skip_key)}) if skipped else frozenset()
        )
        shown = [i for i in review.today([contact], now, skip_set, 0).items if i.contact_id == 1]

        if stored is None:
            assert shown == [], (day, contact)
            continue
        came = cal.day_start(stored.at) <= t
        early = heads_up(contact, stored, cal)
        came = came or (early is not None and early <= t)
        snoozed = contact.snoozed_until is not None and contact.snoozed_until > t
        expected = came and not snoozed and not skipped
        assert bool(shown) == expected, (day, t, stored, contact)
        if shown:
            (item,) = shown
            words, _ = registry.describe(stored.kind, stored.at, stored.overdue_at, t, rules)
            assert (item.kind, item.card_words) == (stored.kind, words)
            assert item.group == registry.BY_KIND[stored.kind].group.key
