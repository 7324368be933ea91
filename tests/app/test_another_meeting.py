"""Another meeting with someone already met: the stage stays, the meeting is on Today, in
call mode and in the calendar; held, it records the meeting and asks for a thank-you again."""

import datetime as dt

import pytest
from icalendar import Calendar

from iivboard.app import meetings_query, queries, review
from iivboard.app import stats as app_stats
from iivboard.domain.errors import NotDone
from iivboard.domain.policy import Rules
from iivboard.storage.models import Contact, Event, Meeting
from tests.conftest import MONDAY
from tests.io import exporting as calendar_export

NAIVE = MONDAY.replace(tzinfo=None)
ASKED = MONDAY - dt.timedelta(days=14)
FIRST = MONDAY - dt.timedelta(days=7)  # the first meeting, held a week ago
AGAIN = MONDAY + dt.timedelta(days=3, hours=5)  # Thursday 14:00


@pytest.fixture
def thanked(commands):
    """Ada: asked, met a week ago, thanked the day after."""
    cid = commands.contacts.add_contact("Ada", organization="Acme").contact_id
    commands.pipeline.log(cid, "request", channel="email", at=ASKED)
    commands.pipeline.log(cid, "meeting", at=FIRST)
    commands.pipeline.log(cid, "thank_you", at=FIRST + dt.timedelta(days=1))
    return cid


def today_lines(clock, rules, cid):
    lines = review.today(clock.now.replace(tzinfo=None), rules).items
    return [i for i in lines if i.contact_id == cid]


def test_another_meeting_leaves_the_stage_and_the_request_as_they_were(commands, thanked):
    before = Contact.get_by_id(thanked)
    result = commands.meetings.reschedule(thanked, AGAIN, minutes=30, place="Cafe")
    assert result.label == "Scheduled another meeting with Ada"
    contact = Contact.get_by_id(thanked)
    assert (contact.stage, contact.stage_entered_at) == ("thanked", before.stage_entered_at)
    assert (contact.request_sent_at, contact.met_at) == (before.request_sent_at, before.met_at)
    meeting = meetings_query.open_meeting(thanked)
    assert (meeting.starts_at, meeting.minutes, meeting.place) == (
        AGAIN.replace(tzinfo=None), 30, "Cafe"
    )  # fmt: skip
    # The first meeting was logged as held without one on the board: this is the only row.
    assert Meeting.select().where(Meeting.contact == thanked).count() == 1
    # Agreeing it was an interaction: keep-in-touch counts from now.
    assert contact.last_interaction_at == NAIVE
    # Confirm the day before, as for a first meeting.
    assert (contact.due_kind, contact.due_at) == ("confirm", dt.datetime(2026, 11, 25))
    event = Event.select().where(Event.contact == thanked).order_by(Event.id.desc()).first()
    assert (event.kind, event.from_stage, event.to_stage) == ("another_meeting", None, None)
    assert event.text == "2026-11-26 14:00, 30 min, video, Cafe" and event.meeting_id == meeting.id
    # It is a meeting to come now: reschedule moves it, it is not another one again.
    assert commands.meetings.reschedule(thanked, AGAIN + dt.timedelta(hours=1)).label == (
        "Rescheduled Ada"
    )
    assert Meeting.select().where(Meeting.contact == thanked).count() == 1


def test_the_meeting_is_on_today_then_held_without_a_stage_change(commands, clock, rules, thanked):
    commands.meetings.schedule(thanked, AGAIN)
    assert today_lines(clock, rules, thanked) == []  # Monday: not yet
    clock.advance(days=2)  # Wednesday, the day before
    [line] = today_lines(clock, rules, thanked)
    assert (line.group, line.kind, line.action) == ("meeting", "confirm", "confirm")
    assert "not confirmed, confirm today" in line.why
    review.perform(commands.pipeline, line)
    [line] = today_lines(clock, rules, thanked)
    assert (line.kind, line.action) == ("meeting", "prepare")
    assert "confirmed" in line.why
    clock.advance(days=1, hours=6)  # Thursday 15:00: it has taken place
    [line] = today_lines(clock, rules, thanked)
    assert line.why.endswith("did it happen? log it as held")
    assert line.done_words == "log the meeting as held (they stay in their stage)"
    review.perform(commands.pipeline, line)
    contact = Contact.get_by_id(thanked)
    assert contact.stage == "thanked"
    held = Meeting.get(Meeting.contact == thanked, Meeting.starts_at == AGAIN.replace(tzinfo=None))
    # Held at its agreed end, which is what the thank-you counts from.
    end = AGAIN.replace(tzinfo=None) + dt.timedelta(minutes=20)
    assert held.ended_at == end and contact.met_at == end
    assert contact.last_interaction_at == end
    assert meetings_query.open_meeting(thanked) is None
    # A thank-you is owed again, for this meeting; logging it keeps them in Thanked.
    assert (contact.due_kind, contact.due_at) == ("thank_you", end + dt.timedelta(hours=24))
    [line] = today_lines(clock, rules, thanked)
    assert (line.group, line.action) == ("thank_you", "thank_you")
    assert line.done_words == "log the thank-you as sent"
    review.perform(commands.pipeline, line)
    contact = Contact.get_by_id(thanked)
    assert (contact.stage, contact.due_kind) == ("thanked", "touch")
    assert today_lines(clock, rules, thanked) == []
    # The stats count two meetings held, and still one request.
    figures = app_stats.compute(clock.now, rules)
    assert figures.meetings == 2 and figures.replies.requested == 1


def test_call_mode_picks_the_meeting_and_ending_it_keeps_the_stage(commands, clock, thanked):
    view = queries.call_view(thanked)
    assert view.meeting is None and "R sets another meeting" in view.reason
    commands.meetings.schedule(thanked, MONDAY + dt.timedelta(hours=1))
    view = queries.call_view(thanked)
    assert view.meeting is not None and view.meeting.id == meetings_query.open_meeting(thanked).id
    clock.advance(hours=1)
    commands.meetings.start_call(thanked)
    clock.advance(minutes=25)
    commands.meetings.end_call(thanked, reflection="useful")
    contact = Contact.get_by_id(thanked)
    assert contact.stage == "thanked"
    assert contact.met_at == NAIVE + dt.timedelta(hours=1)
    event = Event.select().where(Event.contact == thanked).order_by(Event.id.desc()).first()
    assert (event.kind, event.text, event.to_stage) == (
        "meeting", "call of 25 min (agreed 20)", None
    )  # fmt: skip


def test_cancelling_another_meeting_keeps_the_stage_and_the_request(commands, clock, thanked):
    commands.meetings.schedule(thanked, AGAIN)
    before = Contact.get_by_id(thanked)
    clock.advance(hours=2)
    assert commands.meetings.cancel_meeting(thanked, note="ill").label == (
        "Cancelled the meeting with Ada"
    )
    contact = Contact.get_by_id(thanked)
    assert (contact.stage, contact.request_sent_at) == ("thanked", before.request_sent_at)
    assert contact.replied_at == before.replied_at and contact.due_kind == "touch"
    assert meetings_query.open_meeting(thanked) is None
    event = Event.select().where(Event.contact == thanked).order_by(Event.id.desc()).first()
    assert (event.kind, event.to_stage) == ("meeting_cancelled", None)
    assert review.today(clock.now.replace(tzinfo=None), Rules(timezone="UTC")).sent_today == 0


def test_the_calendar_has_both_meetings(commands, clock, thanked):
    commands.meetings.schedule(thanked, AGAIN)
    data = calendar_export.to_ics(Rules(timezone="UTC"), clock(), thanked)
    found = list(Calendar.from_ical(data).walk("VEVENT"))
    assert [str(e["STATUS"]) for e in found] == ["TENTATIVE"]
    assert found[0].decoded("DTSTART") == AGAIN


def test_a_thank_you_still_owed_comes_before_the_next_meetings_confirmation(commands, clock):
    cid = commands.contacts.add_contact("Bo").contact_id
    commands.pipeline.log(cid, "meeting", at=MONDAY - dt.timedelta(hours=2))
    commands.meetings.schedule(cid, MONDAY + dt.timedelta(days=7))
    contact = Contact.get_by_id(cid)
    assert contact.stage == "met"
    assert contact.due_kind == "thank_you"  # due tomorrow, before the confirmation
    commands.pipeline.log(cid, "thank_you")
    contact = Contact.get_by_id(cid)
    assert (contact.stage, contact.due_kind) == ("thanked", "confirm")


def test_a_time_already_past_and_a_closed_contact_are_refused(commands, thanked):
    with pytest.raises(NotDone, match="has passed; to record a meeting that took place"):
        commands.meetings.reschedule(thanked, MONDAY - dt.timedelta(days=1))
    commands.pipeline.close(thanked, "no_response")
    with pytest.raises(NotDone, match="closed; reopen them first"):
        commands.meetings.reschedule(thanked, AGAIN)
    assert Meeting.select().where(Meeting.contact == thanked).count() == 0


def test_undo_takes_another_meeting_back(commands, thanked):
    before = Contact.get_by_id(thanked)
    commands.meetings.schedule(thanked, AGAIN)
    assert commands.history.undo().label == "Undid: Scheduled another meeting with Ada"
    assert Meeting.select().where(Meeting.contact == thanked).count() == 0
    assert Contact.get_by_id(thanked).due_kind == before.due_kind


def test_clashes_are_other_contacts_meetings_to_come(facade, commands, clock, thanked):
    bo = commands.contacts.add_contact("Bo Chen").contact_id
    commands.meetings.schedule(bo, AGAIN, minutes=30)
    commands.meetings.schedule(thanked, AGAIN + dt.timedelta(minutes=15))
    assert facade.meeting_clashes(thanked) == (
        "overlaps the meeting with Bo Chen on Thu 26 Nov 14:00-14:30"
    )
    # Bo's own meeting is not a clash for Bo; back to back is none either.
    assert (
        facade.meeting_clashes(bo, AGAIN)
        == "overlaps the meeting with Ada on Thu 26 Nov 14:15-14:35"
    )
    assert facade.meeting_clashes(thanked, AGAIN + dt.timedelta(minutes=30)) == ""
    # The free slot skips both.
    assert facade.free_meeting_time() == dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)
    commands.meetings.schedule(
        commands.contacts.add_contact("Cy").contact_id, MONDAY + dt.timedelta(days=1, hours=1)
    )
    assert facade.free_meeting_time() == dt.datetime(2026, 11, 24, 10, 30, tzinfo=dt.UTC)
    # A cancelled or held meeting frees its time.
    commands.meetings.cancel_meeting(bo)
    assert facade.meeting_clashes(thanked) == ""
