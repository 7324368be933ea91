"""History that never lies: moving a card back, or logging something late for an old date,
never rewrites when things happened. Checked on what the user sees: the contact's record,
its card's due, the Today list and the stats."""

from __future__ import annotations

import datetime as dt

import pytest

from iivboard.app import meetings_query, review, stats
from iivboard.domain.calendar import utc
from iivboard.domain.errors import NotDone
from iivboard.storage.models import Contact, Event
from tests.conftest import MONDAY

DAY = dt.timedelta(days=1)
# Mon 9 Nov 2026, two weeks before the clock's Monday.
ASKED = MONDAY - 14 * DAY


def asked(commands, name: str = "Ada") -> int:
    cid = commands.contacts.add_contact(name, organization="Acme", at=ASKED - DAY).contact_id
    commands.pipeline.log(cid, "request", channel="linkedin", at=ASKED)
    return cid


def row(cid: int) -> Contact:
    return Contact.get_by_id(cid)


def test_moving_back_to_requested_keeps_the_request_and_its_follow_ups(commands):
    cid = asked(commands)
    commands.pipeline.log(cid, "follow_up", at=ASKED + 9 * DAY)
    commands.pipeline.move(
        cid, "scheduled", at=MONDAY - 2 * DAY, meeting={"starts_at": MONDAY + 2 * DAY}
    )
    commands.pipeline.move(cid, "requested", at=MONDAY - DAY)

    contact = row(cid)
    assert contact.stage == "requested"
    assert contact.request_sent_at == utc(ASKED)
    assert contact.request_channel == "linkedin"
    assert contact.followups_sent == 1 and contact.last_followup_at == utc(ASKED + 9 * DAY)
    # They replied (a time was agreed once): the card asks for a new time, not a follow-up.
    assert contact.due_kind == "schedule"
    assert [(e.kind, e.to_stage) for e in Event.select().where(Event.contact == cid)] == [
        ("added", "identified"),
        ("request", "requested"),
        ("follow_up", None),
        ("move", "scheduled"),
        ("move", "requested"),
    ]


def test_after_a_move_back_3b7_counts_from_the_first_request(commands, rules):
    # Moved to Met by hand (they were met by chance, no reply logged), then back.
    cid = asked(commands)
    commands.pipeline.move(cid, "met", at=MONDAY - 3 * DAY)
    commands.pipeline.move(cid, "requested", at=MONDAY - DAY)

    # Asked Mon 9 Nov: 7 business days later is Wed 18 Nov, long past on Mon 23 Nov.
    contact = row(cid)
    assert contact.due_kind == "follow_up"
    assert contact.due_at == dt.datetime(2026, 11, 18)  # the start of that day, UTC
    line = next(i for i in review.today(utc(MONDAY), rules).items if i.contact_id == cid)
    assert line.action == "follow_up"
    assert "asked Mon 09 Nov by linkedin, no reply in 10 business days" in line.why


def test_a_move_back_is_no_request_sent_today(commands, clock, rules):
    clock.now = MONDAY + dt.timedelta(hours=1)
    bo = asked(commands, "Bo")
    commands.pipeline.move(bo, "scheduled", at=MONDAY, meeting={"starts_at": MONDAY + 2 * DAY})
    commands.pipeline.move(bo, "requested")
    cy = commands.contacts.add_contact("Cy", organization="Globex", at=ASKED).contact_id
    rv = review.today(utc(clock.now), rules)
    assert rv.group_title("outreach") == "Today's outreach: 0 of 3 requests sent"

    commands.pipeline.move(cy, "requested", channel="email")
    rv = review.today(utc(clock.now), rules)
    assert rv.group_title("outreach") == "Today's outreach: 1 of 3 requests sent"
    # A request sent again to someone already asked asks nobody new either.
    commands.pipeline.log(cy, "request", channel="phone")
    rv = review.today(utc(clock.now), rules)
    assert rv.group_title("outreach") == "Today's outreach: 1 of 3 requests sent"

    weekly = stats.compute(clock.now, rules).weekly
    # Bo on Mon 9 Nov, Cy today; Bo's move back and Cy's second request are no new requests.
    assert weekly.requests[-3:] == (1, 0, 1)


def test_a_request_logged_again_restarts_3b7(commands):
    cid = asked(commands)
    commands.pipeline.log(cid, "follow_up", at=ASKED + 9 * DAY)
    commands.pipeline.log(cid, "request", channel="email", at=MONDAY - DAY)
    contact = row(cid)
    assert contact.request_sent_at == utc(MONDAY - DAY) and contact.request_channel == "email"
    assert contact.followups_sent == 0 and contact.due_kind == "follow_up"


@pytest.mark.parametrize("kind", ["reply", "touch", "note", "follow_up", "request", "confirm"])
def test_an_entry_logged_late_never_makes_the_last_contact_older(commands, kind):
    cid = asked(commands)
    if kind == "confirm":
        commands.pipeline.move(
            cid, "scheduled", at=MONDAY - DAY, meeting={"starts_at": MONDAY + DAY}
        )
    else:
        commands.pipeline.log(cid, "reply", at=MONDAY - DAY)
    before = row(cid)

    # Logged for a day before the request: even a request is history only then.
    commands.pipeline.log(cid, kind, at=ASKED - 3 * DAY, note="logged late")

    after = row(cid)
    assert after.last_interaction_at == before.last_interaction_at == utc(MONDAY - DAY)
    assert after.replied_at == before.replied_at == utc(MONDAY - DAY)
    assert after.request_sent_at == utc(ASKED)
    if kind != "confirm":  # a confirmation is news whenever it came: the meeting stands
        assert after.due_kind == before.due_kind
    # The entry itself keeps its true time in the history.
    late = Event.select().where(Event.contact == cid, Event.text == "logged late").get()
    assert late.at == utc(ASKED - 3 * DAY)


def test_keep_in_touch_runs_from_the_newest_interaction(commands, rules):
    cid = commands.contacts.add_contact("Ada", at=MONDAY - 200 * DAY).contact_id
    commands.pipeline.move(cid, "met", at=MONDAY - 100 * DAY)
    commands.pipeline.log(cid, "thank_you", at=MONDAY - 99 * DAY)
    commands.pipeline.log(cid, "touch", at=MONDAY - 10 * DAY)
    # A reply to an old message, logged today for its date 95 days ago.
    commands.pipeline.log(cid, "reply", at=MONDAY - 95 * DAY)
    commands.pipeline.log(cid, "thank_you", at=MONDAY - 98 * DAY)

    contact = row(cid)
    assert contact.last_interaction_at == utc(MONDAY - 10 * DAY)
    assert contact.thanked_at == utc(MONDAY - 98 * DAY)  # after the first one, so later
    assert contact.due_kind == "touch" and contact.due_at == utc(MONDAY + 80 * DAY)
    assert all(i.contact_id != cid for i in review.today(utc(MONDAY), rules).items)


def test_a_meeting_logged_late_never_moves_met_back(commands):
    cid = commands.contacts.add_contact("Ada", at=MONDAY - 30 * DAY).contact_id
    commands.pipeline.move(
        cid, "scheduled", at=MONDAY - 20 * DAY, meeting={"starts_at": MONDAY - 2 * DAY}
    )
    commands.pipeline.log(cid, "meeting", at=MONDAY - 2 * DAY + dt.timedelta(minutes=20))
    commands.pipeline.move(
        cid, "scheduled", at=MONDAY - DAY, meeting={"starts_at": MONDAY - dt.timedelta(hours=2)}
    )
    commands.pipeline.log(cid, "meeting", at=MONDAY - dt.timedelta(hours=1))
    held = utc(MONDAY - dt.timedelta(hours=1))
    # The first meeting's entry, logged again for its old date, is history only.
    commands.pipeline.log(cid, "note", at=MONDAY - 2 * DAY, note="notes from the first call")
    commands.pipeline.log(cid, "thank_you", at=MONDAY - 2 * DAY + dt.timedelta(hours=1))
    contact = row(cid)
    assert contact.met_at == held and contact.last_interaction_at == held


@pytest.mark.parametrize("kind", ["reply", "meeting", "follow_up", "touch"])
def test_nothing_is_logged_as_having_happened_in_the_future(commands, kind):
    cid = asked(commands)
    before = row(cid).__data__.copy()
    events = Event.select().where(Event.contact == cid).count()
    with pytest.raises(NotDone, match="in the future; log what has happened"):
        commands.pipeline.log(cid, kind, at=MONDAY + 6 * DAY)
    with pytest.raises(NotDone, match="in the future"):
        commands.pipeline.move(cid, "met", at=MONDAY + DAY)
    assert row(cid).__data__ == before
    assert Event.select().where(Event.contact == cid).count() == events


def test_a_meeting_logged_without_one_scheduled_is_a_meeting_held(commands):
    """A call that just happened (they rang back): the contact is met, not left waiting."""
    cid = asked(commands)
    commands.pipeline.log(cid, "meeting", at=MONDAY - DAY, note="they rang back")
    contact = row(cid)
    assert contact.stage == "met" and contact.met_at == utc(MONDAY - DAY)
    assert contact.due_kind == "thank_you"


def test_a_thank_you_needs_a_meeting_first(commands):
    cid = asked(commands)
    with pytest.raises(NotDone, match="a thank-you follows a meeting"):
        commands.pipeline.log(cid, "thank_you")
    assert row(cid).stage == "requested" and row(cid).thanked_at is None


def test_moving_back_past_met_or_thanked_keeps_when_they_happened(commands):
    cid = asked(commands)
    met, thanked, touched = MONDAY - 9 * DAY, MONDAY - 8 * DAY, MONDAY - 2 * DAY
    commands.pipeline.log(cid, "meeting", at=met)
    commands.pipeline.log(cid, "thank_you", at=thanked)
    commands.pipeline.log(cid, "touch", at=touched)
    commands.pipeline.move(cid, "thanked")  # back from In touch, now
    contact = row(cid)
    assert (contact.thanked_at, contact.last_interaction_at) == (utc(thanked), utc(touched))
    commands.pipeline.move(cid, "met")  # back from Thanked, now
    contact = row(cid)
    assert (contact.met_at, contact.thanked_at) == (utc(met), utc(thanked))
    # A move back is no interaction: keep-in-touch still runs from the touch.
    assert contact.last_interaction_at == utc(touched)
    # In Met again, the thank-you is owed from the meeting (long overdue), not from now.
    assert contact.due_kind == "thank_you" and contact.due_at == utc(met) + DAY


def test_moving_back_from_thanked_does_not_hold_another_meeting(commands):
    cid = asked(commands)
    commands.pipeline.log(cid, "meeting", at=MONDAY - 9 * DAY)
    commands.pipeline.log(cid, "thank_you", at=MONDAY - 8 * DAY)
    commands.meetings.schedule(cid, MONDAY + 3 * DAY)
    commands.pipeline.move(cid, "met")
    contact = row(cid)
    assert contact.met_at == utc(MONDAY - 9 * DAY)
    meeting = meetings_query.open_meeting(cid)  # still to come, not held by the move
    assert meeting is not None and meeting.ended_at is None


def test_only_a_first_request_counts_for_the_outreach_goal(commands, clock, rules):
    clock.now = MONDAY + dt.timedelta(hours=1)
    bo = asked(commands, "Bo")  # asked two weeks ago
    commands.pipeline.move(bo, "identified")  # back, by hand
    commands.pipeline.move(bo, "requested")  # forward again: Bo was asked already
    assert row(bo).request_sent_at == utc(clock.now)  # a request sent, 3B7 restarts
    rv = review.today(utc(clock.now), rules)
    assert rv.group_title("outreach") == "Today's outreach: 0 of 3 requests sent"
    # Someone who declined (hiring) and is tried again is asked afresh: that counts.
    cy = asked(commands, "Cy")
    commands.pipeline.close(cy, "declined", reason="hiring_conflict", at=ASKED + DAY)
    commands.pipeline.reopen(cy, ask_again=True)
    commands.pipeline.log(cy, "request", channel="email")
    rv = review.today(utc(clock.now), rules)
    assert rv.group_title("outreach") == "Today's outreach: 1 of 3 requests sent"
