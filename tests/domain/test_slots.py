"""Meeting times that do not clash: overlaps, and the next free slot a form offers."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from iivboard.domain.calendar import is_business_day, utc
from iivboard.domain.policy import Rules
from iivboard.domain.slots import Booked, clash_words, next_free, overlapping

UTC = dt.UTC
MONDAY = dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TUESDAY_10 = dt.datetime(2026, 11, 24, 10, 0)


def booked(start: dt.datetime, minutes: int = 30, name: str = "Bo", cid: int = 2) -> Booked:
    return Booked(cid, name, start, minutes)


def test_overlap_is_shared_time_and_back_to_back_is_not():
    bo = booked(TUESDAY_10)
    assert overlapping(TUESDAY_10 + dt.timedelta(minutes=29), 20, [bo]) == [bo]
    assert overlapping(TUESDAY_10 - dt.timedelta(minutes=10), 20, [bo]) == [bo]
    assert overlapping(TUESDAY_10 + dt.timedelta(minutes=30), 20, [bo]) == []
    assert overlapping(TUESDAY_10 - dt.timedelta(minutes=20), 20, [bo]) == []
    # An aware time is compared in UTC.
    paris = dt.timezone(dt.timedelta(hours=1))
    assert overlapping(dt.datetime(2026, 11, 24, 11, 15, tzinfo=paris), 20, [bo]) == [bo]


def test_clash_words_name_the_meetings_in_the_users_zone():
    words = clash_words([booked(TUESDAY_10, name="Bo Chen")], dt.timezone(dt.timedelta(hours=1)))
    assert words == "overlaps the meeting with Bo Chen on Tue 24 Nov 11:00-11:30"
    assert clash_words([], UTC) == ""


def test_next_free_offers_late_morning_the_next_business_day_then_the_next_free_half_hour():
    rules = Rules(timezone="UTC")
    assert next_free(MONDAY, 20, [], rules) == dt.datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    taken = [booked(TUESDAY_10, 30), booked(TUESDAY_10 + dt.timedelta(minutes=30), 45, "Cy", 3)]
    assert next_free(MONDAY, 20, taken, rules) == dt.datetime(2026, 11, 24, 11, 30, tzinfo=UTC)


def test_next_free_skips_weekends_holidays_and_keeps_to_the_working_hours():
    friday = dt.datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
    rules = Rules(timezone="UTC", holidays=frozenset({dt.date(2026, 11, 30)}))
    # Saturday, Sunday and the Monday holiday skipped.
    assert next_free(friday, 20, [], rules) == dt.datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    # A whole working day taken from 10:00: the early morning is offered, then the next day.
    early = Rules(timezone="UTC", work_day_starts=8, work_day_ends=12)
    day = [booked(dt.datetime(2026, 11, 24, 10, 0), 120)]
    assert next_free(MONDAY, 20, day, early) == dt.datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    day.append(booked(dt.datetime(2026, 11, 24, 8, 0), 120, "Cy", 3))
    assert next_free(MONDAY, 20, day, early) == dt.datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    # Working hours that begin after 10: offered from their start.
    late = Rules(timezone="UTC", work_day_starts=13, work_day_ends=18)
    assert next_free(MONDAY, 20, [], late) == dt.datetime(2026, 11, 24, 13, 0, tzinfo=UTC)


meetings = st.lists(
    st.builds(
        lambda day, half_hours, minutes: booked(
            dt.datetime(2026, 11, 24) + dt.timedelta(days=day, minutes=30 * half_hours), minutes
        ),
        st.integers(0, 10),
        st.integers(0, 47),
        st.integers(5, 240),
    ),
    max_size=40,
)


@given(meetings, st.integers(5, 120))
def test_next_free_never_offers_a_taken_time_or_one_outside_working_hours(taken, minutes):
    rules = Rules(timezone="UTC")
    offer = next_free(MONDAY, minutes, taken, rules)
    assert overlapping(offer, minutes, taken) == []
    assert is_business_day(offer.date()) and offer.date() > MONDAY.date()
    assert offer.hour >= 9 and offer + dt.timedelta(minutes=minutes) <= offer.replace(
        hour=17, minute=0
    )
    assert utc(offer) > utc(MONDAY)
