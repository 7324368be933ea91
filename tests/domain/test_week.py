"""The week view from stored dues and open meetings alone: no database, a fixed moment."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from iivboard.domain.calendar import Calendar, Now
from iivboard.domain.policy import Rules
from iivboard.domain.week import Slot, StoredDue, week

MONDAY = dt.datetime(2026, 11, 23, 9, 0)  # UTC


def now(rules: Rules | None = None, at: dt.datetime = MONDAY) -> Now:
    return Now(Calendar(rules or Rules(timezone="UTC")), at)


def due(cid: int, kind: str, at: dt.datetime, overdue: dt.timedelta = dt.timedelta(days=1)):
    return StoredDue(cid, f"P{cid}", "Acme", kind, at, at + overdue)


def test_days_in_order_with_meetings_at_their_times_and_what_is_owed_on_today():
    dues = [
        due(1, "thank_you", dt.datetime(2026, 11, 20, 14, 0)),  # overdue since Friday
        due(2, "follow_up", dt.datetime(2026, 11, 24)),  # tomorrow
        due(3, "meeting", dt.datetime(2026, 11, 25, 15, 0), dt.timedelta()),  # confirmed
        due(4, "touch", dt.datetime(2026, 11, 30)),  # the 8th day: not in this week
        due(5, "confirm", dt.datetime(2026, 11, 28), dt.timedelta(days=1, hours=10)),
    ]
    meetings = [
        Slot(3, "P3", "Acme", dt.datetime(2026, 11, 25, 15, 0), 20, "in_person", True),
        Slot(5, "P5", None, dt.datetime(2026, 11, 29, 10, 0), 30, "video", False),
    ]
    wk = week(dues, meetings, now())
    assert [d.day for d in wk.days] == [
        dt.date(2026, 11, 23) + dt.timedelta(days=i) for i in range(7)
    ]
    assert wk.text_lines() == [
        "The week ahead, Mon 23 Nov to Sun 29 Nov 2026: 5 things on 5 of 7 days",
        "",
        "Mon 23 Nov (today)",
        " !        #1 P1 (Acme): thank-you overdue (since Fri 20 Nov)",
        "",
        "Tue 24 Nov (tomorrow)",
        "          #2 P2 (Acme): follow up due",
        "",
        "Wed 25 Nov",
        "   15:00  #3 P3 (Acme): meeting, 20 min in person, confirmed",
        "",
        "Thu 26 Nov",
        "          nothing due",
        "",
        "Fri 27 Nov",
        "          nothing due",
        "",
        "Sat 28 Nov",
        "          #5 P5 (Acme): confirm meeting due",
        "",
        "Sun 29 Nov",
        "   10:00  #5 P5: meeting, 30 min video, not confirmed",
    ]


def test_a_meeting_that_has_started_asks_whether_it_happened():
    slot = Slot(3, "P3", None, dt.datetime(2026, 11, 23, 8, 30), 20, "phone", True)
    (entry,) = week([], [slot], now()).days[0].entries
    assert entry.words == "meeting, 20 min phone, confirmed: did it happen? log it as held"
    assert (entry.time, entry.level) == ("08:30", "due")


def test_days_are_the_users_days_where_the_utc_date_differs():
    # 23:30 UTC on Monday is already Tuesday in Auckland (UTC+13 in November).
    rules = Rules(timezone="Pacific/Auckland")
    at = dt.datetime(2026, 11, 22, 20, 0)  # Monday 09:00 in Auckland
    slot = Slot(1, "P1", None, dt.datetime(2026, 11, 23, 23, 30), 20, "video", True)
    wk = week([], [slot], now(rules, at))
    assert wk.today == dt.date(2026, 11, 23)
    tuesday = wk.days[1]
    assert tuesday.day == dt.date(2026, 11, 24)
    assert [(e.time, e.contact_id) for e in tuesday.entries] == [("12:30", 1)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(-20 * 24, 10 * 24), max_size=12),
    st.sampled_from(["follow_up", "move_on", "thank_you", "touch", "retry", "confirm", "schedule"]),
)
def test_every_due_before_the_windows_end_is_shown_once_on_its_day(hours, kind):
    dues = [due(i, kind, MONDAY + dt.timedelta(hours=h)) for i, h in enumerate(hours)]
    wk = week(dues, [], now())
    shown = {e.contact_id: d.day for d in wk.days for e in d.entries}
    assert sum(len(d.entries) for d in wk.days) == len(shown)
    end = dt.datetime(2026, 11, 30)
    for d in dues:
        if d.at >= end:
            assert d.contact_id not in shown
        elif d.at < dt.datetime(2026, 11, 23):
            assert shown[d.contact_id] == wk.today  # owed already: today's row
        else:
            assert shown[d.contact_id] == d.at.date()


def test_a_quiet_organization_is_on_the_day_its_line_joins_today():
    from iivboard.domain.facts import ContactFacts

    asked = dt.datetime(2026, 11, 20, 10, 0)  # Friday: 3 business days on Wednesday
    ada = ContactFacts(
        "requested", asked, id=1, name="Ada", org_id=1, org="Acme", request_sent_at=asked
    )
    bo = ContactFacts("identified", asked, id=2, name="Bo", org_id=1, org="Acme")
    wk = week([], [], now(), [ada])
    assert [(d.day.day, e.line()) for d in wk.days for e in d.entries] == [
        (25, "#1 Ada (Acme): no reply: find another person there")
    ]
    wk = week([], [], now(), [ada, bo])
    assert [(d.day.day, e.line()) for d in wk.days for e in d.entries] == [
        (25, "#2 Bo (Acme): ask this person next: no reply from the others asked there")
    ]
