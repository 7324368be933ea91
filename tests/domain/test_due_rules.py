"""The stored due dates the board sorts by, and the words its cards show."""

import datetime as dt

from iivboard.domain.calendar import local
from iivboard.domain.facts import ContactFacts, MeetingFacts
from iivboard.domain.policy import Rules
from iivboard.domain.rules import registry
from iivboard.domain.rules.base import Due

ENTERED = dt.datetime(2026, 1, 1)


def DueInputs(
    stage: str,
    next_meeting_at: dt.datetime | None = None,
    next_meeting_confirmed: bool = False,
    stage_entered_at: dt.datetime = ENTERED,
    **facts: object,
) -> ContactFacts:
    """The facts of one contact, as the old pipeline tests spelled them."""
    meeting = (
        None
        if next_meeting_at is None
        else MeetingFacts(next_meeting_at, confirmed=next_meeting_confirmed)
    )
    return ContactFacts(stage, stage_entered_at, meeting=meeting, **facts)  # type: ignore[arg-type]


def compute_due(facts: ContactFacts, rules: Rules) -> Due | None:
    return registry.stored_due(facts, rules)


describe_due = registry.describe


UTC_RULES = Rules(timezone="UTC")


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
    local_day = local(due.at, tokyo.zone())
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
