"""The Today list and the triage assembled from facts alone: no database, a fixed moment."""

from __future__ import annotations

import datetime as dt

from iivboard.domain import review, triage
from iivboard.domain.calendar import Calendar, Now
from iivboard.domain.facts import ContactFacts, MeetingFacts
from iivboard.domain.policy import Rules
from iivboard.domain.rules import registry

RULES = Rules(timezone="UTC", daily_request_goal=0)
MONDAY = dt.datetime(2026, 11, 23, 9, 0)


def now(moment: dt.datetime = MONDAY) -> Now:
    return Now(Calendar(RULES), moment)


def replied(replied_at: dt.datetime) -> ContactFacts:
    return ContactFacts(
        "requested",
        dt.datetime(2026, 11, 16, 9, 0),
        id=7,
        name="Ada",
        org_id=1,
        org="Acme",
        request_sent_at=dt.datetime(2026, 11, 16, 9, 0),
        request_channel="email",
        replied_at=replied_at,
    )


def test_a_reply_with_no_time_agreed_is_due_with_the_cards_words():
    ada = replied(dt.datetime(2026, 11, 19, 12, 0))  # Thursday: overdue from Monday
    stored = registry.stored_due(ada, RULES)
    assert stored is not None and stored.kind == "schedule"
    card, level = registry.describe(stored.kind, stored.at, stored.overdue_at, MONDAY, RULES)
    assert (card, level) == ("replied: schedule overdue", "overdue")
    rv = review.today([ada], now(), frozenset(), 0)
    assert [(i.group, i.kind, i.action, i.level) for i in rv.items] == [
        ("schedule", "schedule", "schedule", "overdue")
    ]
    assert rv.items[0].line() == (
        "#7 Ada (Acme): replied: schedule overdue: they replied Thu 19 Nov, no time agreed yet"
    )
    assert rv.group_title("schedule") == "Replied: agree a time"
    assert rv.items[0].short() == "agree a time with Ada (Acme)"
    (row,) = triage.triage([ada], now())
    assert (row.kind, row.suggestion, row.level) == (
        "schedule",
        "replied Thu 19 Nov: r to schedule the meeting",
        "overdue",
    )


def test_a_reply_is_listed_from_the_start_of_its_day_and_skip_hides_it_until_midnight():
    ada = replied(dt.datetime(2026, 11, 23, 15, 0))  # later today
    rv = review.today([ada], now(), frozenset(), 0)
    assert [i.kind for i in rv.items] == ["schedule"]  # the stored due's day has come
    rv = review.today([ada], now(), frozenset({(7, "schedule")}), 0)
    assert rv.items == [] and rv.skipped == 1
    assert rv.next_at == dt.datetime(2026, 11, 24)


def test_one_rule_per_kind_and_every_group_in_the_registry_order():
    kinds = [r.kind for r in registry.RULES]
    assert len(kinds) == len(set(kinds))
    assert [g.key for g in registry.GROUPS] == [
        "meeting",
        "thank_you",
        "schedule",
        "follow_up",
        "quiet",
        "touch",
        "retry",
        "outreach",
    ]


def test_the_header_counts_what_the_card_colours_say():
    # A confirmed meeting later today: the card is "meeting today 14:00" in the due colour,
    # and the header counts it as due.
    start = MONDAY + dt.timedelta(hours=5)
    sam = ContactFacts("scheduled", MONDAY, meeting=MeetingFacts(start, confirmed=True))
    stored = registry.stored_due(sam, RULES)
    assert stored is not None
    assert registry.describe(stored.kind, stored.at, stored.overdue_at, MONDAY, RULES) == (
        "meeting today 14:00",
        "due",
    )
    assert registry.urgent(stored.kind, stored.at, stored.overdue_at, MONDAY, RULES) == "due"
    sunday = MONDAY - dt.timedelta(days=1)  # the day before: not counted yet
    assert registry.urgent(stored.kind, stored.at, stored.overdue_at, sunday, RULES) is None
