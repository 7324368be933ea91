import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iivboard.domain import pipeline
from iivboard.domain.pipeline import (
    DueInputs,
    RuleError,
    Rules,
    add_business_days,
    business_days_between,
    compute_due,
    describe_due,
)

UTC_RULES = Rules(timezone="UTC")
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


@given(
    st.sampled_from(pipeline.STAGES),
    st.text(max_size=12),
    st.sampled_from([None, "declined", "no_response"]),
)
def test_no_illegal_move_is_accepted(current, target, outcome):
    legal = outcome is None and target in pipeline.STAGES and target != current
    if legal:
        pipeline.check_move(current, target, outcome)
    else:
        with pytest.raises(RuleError):
            pipeline.check_move(current, target, outcome)


def test_follow_up_due_seven_business_days_after_request():
    sent = dt.datetime(2026, 11, 20, 15, 0)  # a Friday afternoon
    due = compute_due(DueInputs(stage="requested", request_sent_at=sent), UTC_RULES)
    assert due.kind == "follow_up"
    assert due.at == dt.datetime(2026, 12, 1)
    after = compute_due(
        DueInputs(
            stage="requested",
            request_sent_at=sent,
            followups_sent=1,
            last_followup_at=dt.datetime(2026, 12, 1, 10),
        ),
        UTC_RULES,
    )
    assert after.kind == "move_on"
    assert after.at == dt.datetime(2026, 12, 10)


def test_thank_you_due_after_24h_and_overdue_after_48h():
    met = dt.datetime(2026, 11, 23, 14, 0)
    due = compute_due(DueInputs(stage="met", met_at=met), UTC_RULES)
    assert (due.kind, due.at, due.overdue_at) == (
        "thank_you",
        met + dt.timedelta(hours=24),
        met + dt.timedelta(hours=48),
    )
    words = [
        describe_due(due.kind, due.at, due.overdue_at, met + dt.timedelta(hours=h), UTC_RULES)[1]
        for h in (1, 30, 50)
    ]
    assert words == ["soon", "due", "overdue"]


def test_keep_in_touch_counts_from_the_last_interaction():
    last = dt.datetime(2026, 9, 1, 12, 0)
    due = compute_due(DueInputs(stage="in_touch", last_interaction_at=last), UTC_RULES)
    assert due.kind == "touch" and due.at == last + dt.timedelta(days=90)
    custom = compute_due(
        DueInputs(stage="in_touch", last_interaction_at=last),
        Rules(timezone="UTC", keep_in_touch_days=30),
    )
    assert custom.at == last + dt.timedelta(days=30)


def test_unconfirmed_meeting_asks_for_confirmation_the_day_before():
    meeting = dt.datetime(2026, 11, 26, 0, 0)  # midnight at the start of Thursday
    due = compute_due(DueInputs(stage="scheduled", next_meeting_at=meeting), UTC_RULES)
    assert due.kind == "confirm" and due.at == dt.datetime(2026, 11, 25)
    confirmed = compute_due(
        DueInputs(stage="scheduled", next_meeting_at=meeting, next_meeting_confirmed=True),
        UTC_RULES,
    )
    assert confirmed.kind == "meeting" and confirmed.at == meeting


def test_due_dates_follow_the_users_time_zone():
    # 23:30 UTC on Friday is already Saturday in Tokyo: the clock starts from Saturday.
    sent = dt.datetime(2026, 11, 20, 23, 30)
    tokyo = Rules(timezone="Asia/Tokyo")
    due = compute_due(DueInputs(stage="requested", request_sent_at=sent), tokyo)
    local_day = pipeline.local(due.at, tokyo.zone())
    assert local_day.date() == dt.date(2026, 12, 1) and local_day.hour == 0


def test_snooze_hides_until_it_ends():
    met = dt.datetime(2026, 11, 23, 14, 0)
    until = dt.datetime(2026, 11, 30)
    due = compute_due(DueInputs(stage="met", met_at=met, snoozed_until=until), UTC_RULES)
    assert due.at == until


def test_closed_contacts_have_nothing_due_unless_retry():
    assert (
        compute_due(
            DueInputs(
                stage="requested", outcome="no_response", request_sent_at=dt.datetime(2026, 1, 1)
            ),
            UTC_RULES,
        )
        is None
    )
    retry = compute_due(
        DueInputs(stage="requested", outcome="declined", retry_after=dt.datetime(2027, 1, 1)),
        UTC_RULES,
    )
    assert retry.kind == "retry"


def test_card_words():
    now = dt.datetime(2026, 11, 23, 9, 0)
    due = compute_due(
        DueInputs(stage="requested", request_sent_at=dt.datetime(2026, 11, 20)), UTC_RULES
    )
    assert (
        describe_due(due.kind, due.at, due.overdue_at, now, UTC_RULES)[0]
        == "follow up in 6 business days"
    )


def test_a_reply_ends_the_3b7_reminders():
    sent = dt.datetime(2026, 11, 2, 9, 0)
    replied = dt.datetime(2026, 11, 16, 12, 0)
    due = compute_due(
        DueInputs(stage="requested", request_sent_at=sent, replied_at=replied), UTC_RULES
    )
    assert due.kind == "schedule" and due.at == replied
    assert due.overdue_at == dt.datetime(2026, 11, 18)  # two business days on
    # A reply to an earlier request does not silence a new one.
    again = compute_due(
        DueInputs(
            stage="requested", request_sent_at=replied + dt.timedelta(days=1), replied_at=replied
        ),
        UTC_RULES,
    )
    assert again.kind == "follow_up"
    words = describe_due(
        due.kind, due.at, due.overdue_at, replied + dt.timedelta(hours=1), UTC_RULES
    )
    assert words == ("replied: schedule due", "due")


near = st.dates(min_value=dt.date(2025, 12, 1), max_value=dt.date(2027, 1, 31))


@given(st.lists(st.tuples(near, near), max_size=30), st.sets(near, max_size=10))
def test_business_day_counter_agrees_with_the_rule(pairs, holidays):
    counter = pipeline.BusinessDayCounter(holidays)
    for start, end in pairs:
        assert counter.between(start, end) == business_days_between(start, end, holidays)
