"""Business days and the user's zone."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from iivboard.domain.calendar import (
    BusinessDayCounter,
    Calendar,
    add_business_days,
    business_days_between,
    local,
)
from iivboard.domain.policy import Rules

NY = "America/New_York"

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1))


@given(dates, st.integers(min_value=0, max_value=60), st.sets(dates, max_size=20))
def test_business_days_never_land_on_weekend_or_holiday(start, days, holidays):
    due = add_business_days(start, days, holidays)
    if days:
        assert due.weekday() < 5
        assert due not in holidays
        assert due > start
        assert business_days_between(start, due, holidays) == days


@given(dates, dates)
def test_business_days_between_counts_weekdays(a, b):
    counted = business_days_between(a, b)
    expected = (
        sum(1 for i in range(1, (b - a).days + 1) if (a + dt.timedelta(days=i)).weekday() < 5)
        if b > a
        else 0
    )
    assert counted == expected


def test_3b7_skips_weekend_and_holiday():
    friday = dt.date(2026, 11, 20)
    assert add_business_days(friday, 3) == dt.date(2026, 11, 25)
    assert add_business_days(friday, 3, {dt.date(2026, 11, 24)}) == dt.date(2026, 11, 26)
    assert add_business_days(friday, 7) == dt.date(2026, 12, 1)


near = st.dates(min_value=dt.date(2025, 12, 1), max_value=dt.date(2027, 1, 31))


@given(st.lists(st.tuples(near, near), max_size=30), st.sets(near, max_size=10))
def test_business_day_counter_agrees_with_the_rule(pairs, holidays):
    counter = BusinessDayCounter(holidays)
    for start, end in pairs:
        assert counter.between(start, end) == business_days_between(start, end, holidays)


@settings(max_examples=200, deadline=None)
@given(
    moment=st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)),
    zone=st.sampled_from([NY, "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]),
)
def test_the_calendars_clock_reading_matches_the_zone_on_transition_days_too(moment, zone):
    # The calendar converts each UTC day once; days with a daylight-saving change convert
    # every moment. Either way the wall-clock time must be the zone's own.
    cal = Calendar(Rules(timezone=zone))
    assert cal.local(moment) == local(moment, cal.zone).replace(tzinfo=None)
