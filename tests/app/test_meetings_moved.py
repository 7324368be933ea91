"""Meetings that move: a reschedule keeps the request's history, a cancel keeps the meeting."""

import datetime as dt

import pytest

from iivboard.app import meetings_query, queries, review
from iivboard.app import stats as app_stats
from iivboard.domain.errors import NotDone
from iivboard.storage.models import Contact, Event, Meeting, database
from tests.conftest import MONDAY

NAIVE = MONDAY.replace(tzinfo=None)
ASKED = MONDAY - dt.timedelta(days=4)  # the Thursday before


def dump() -> dict:
    tables = {}
    for table in ("organization", "contact", "meeting", "event"):
        cursor = database.execute_sql(f'SELECT * FROM "{table}" ORDER BY id')
        tables[table] = cursor.fetchall()
    return tables


@pytest.fixture
def booked(commands, clock):
    """Ada, asked on Thursday by email, followed up once, a confirmed Wednesday meeting."""
    cid = commands.contacts.add_contact("Ada", organization="Acme").contact_id
    commands.pipeline.log(cid, "request", channel="email", at=ASKED)
    commands.pipeline.log(cid, "follow_up", at=ASKED + dt.timedelta(days=3))
    commands.meetings.schedule(
        cid, MONDAY + dt.timedelta(days=2, hours=5), minutes=30, format="in_person", place="Cafe"
    )
    commands.pipeline.log(cid, "confirm")
    return cid


def kinds(cid: int) -> list[str]:
    return [e.kind for e in Event.select().where(Event.contact == cid).order_by(Event.id)]


def test_reschedule_keeps_the_request_and_moves_only_the_meeting(commands, clock, booked):
    before = Contact.get_by_id(booked)
    clock.advance(hours=2)
    result = commands.meetings.reschedule(booked, MONDAY + dt.timedelta(days=3, hours=1))
    assert result.label == "Rescheduled Ada"
    contact = Contact.get_by_id(booked)
    assert contact.stage == "scheduled"
    assert contact.stage_entered_at == before.stage_entered_at
    assert contact.request_sent_at == ASKED.replace(tzinfo=None)
    assert (contact.followups_sent, contact.request_channel) == (1, "email")
    meeting = Meeting.get(Meeting.contact == booked)
    assert meeting.starts_at == dt.datetime(2026, 11, 26, 10, 0)
    # The length, the format and the place stay unless the user changes them.
    assert (meeting.minutes, meeting.format, meeting.place) == (30, "in_person", "Cafe")
    assert meeting.confirmed is False and meeting.sequence == 1
    # A new time must be confirmed: the stored due is the day before the new date.
    assert (contact.due_kind, contact.due_at) == ("confirm", dt.datetime(2026, 11, 25))
    event = Event.select().where(Event.contact == booked).order_by(Event.id.desc()).first()
    assert event.kind == "rescheduled" and event.meeting_id == meeting.id
    assert event.text == "from 2026-11-25 14:00 to 2026-11-26 10:00"
    assert kinds(booked) == [
        "added", "request", "follow_up", "move", "confirm", "rescheduled"
    ]  # fmt: skip


def test_reschedule_can_change_length_format_and_place(commands, booked):
    commands.meetings.reschedule(
        booked, MONDAY + dt.timedelta(days=2, hours=5), minutes=20, format="video", place="https://x.example/a"
    )  # fmt: skip
    meeting = Meeting.get(Meeting.contact == booked)
    assert (meeting.minutes, meeting.format, meeting.place) == (20, "video", "https://x.example/a")
    # Same time: still confirmed, as the person agreed to that time.
    assert meeting.confirmed is True and meeting.sequence == 1
    event = Event.select().where(Event.contact == booked).order_by(Event.id.desc()).first()
    assert event.text == (
        "2026-11-25 14:00, 20 min (was 30 min), video (was in person), "
        "https://x.example/a (was Cafe)"
    )


def test_reschedule_refuses_a_past_time_unless_asked_and_changes_nothing(commands, booked):
    before = dump()
    with pytest.raises(NotDone, match="has passed; to record a meeting that took place"):
        commands.meetings.reschedule(booked, MONDAY - dt.timedelta(hours=1))
    with pytest.raises(NotDone, match="already 2026-11-25 14:00, 30 min, in person, Cafe"):
        commands.meetings.reschedule(booked, MONDAY + dt.timedelta(days=2, hours=5))
    assert dump() == before
    commands.meetings.reschedule(booked, MONDAY - dt.timedelta(hours=1), allow_past=True)
    assert Meeting.get(Meeting.contact == booked).starts_at == NAIVE - dt.timedelta(hours=1)


def test_reschedule_and_cancel_need_an_open_meeting(commands, booked):
    other = commands.contacts.add_contact("Bo").contact_id
    with pytest.raises(NotDone, match="Bo has no open meeting"):
        commands.meetings.reschedule(other, MONDAY + dt.timedelta(days=1))
    with pytest.raises(NotDone, match="Bo has no open meeting"):
        commands.meetings.cancel_meeting(other)
    commands.pipeline.close(booked, "declined", reason="busy")
    with pytest.raises(NotDone, match="closed; reopen them first"):
        commands.meetings.cancel_meeting(booked)


def test_cancel_keeps_the_meeting_and_restarts_3b7_from_the_cancellation(commands, clock, booked):
    clock.advance(days=1)  # Tuesday 09:00
    result = commands.meetings.cancel_meeting(booked, note="she is travelling")
    assert result.label == "Cancelled the meeting with Ada"
    meeting = Meeting.get(Meeting.contact == booked)  # kept, not deleted
    assert meeting.cancelled_at == NAIVE + dt.timedelta(days=1) and meeting.sequence == 1
    assert meeting.ended_at is None
    contact = Contact.get_by_id(booked)
    assert (contact.stage, contact.outcome) == ("requested", None)
    assert contact.stage_entered_at == NAIVE + dt.timedelta(days=1)
    assert (contact.followups_sent, contact.last_followup_at) == (0, None)
    # 3B7's 7: seven business days from Tuesday 24 November (Thanksgiving is not a holiday
    # in these rules) is Thursday 3 December.
    assert contact.due_kind == "follow_up"
    assert contact.due_at == dt.datetime(2026, 12, 3)
    events = list(Event.select().where(Event.contact == booked).order_by(Event.id))
    # The first request keeps its own line, with its date.
    assert [(e.kind, e.at) for e in events if e.kind == "request"] == [
        ("request", ASKED.replace(tzinfo=None))
    ]
    last = events[-1]
    assert (last.kind, last.from_stage, last.to_stage) == (
        "meeting_cancelled",
        "scheduled",
        "requested",
    )
    assert last.text == "meeting of 2026-11-25 14:00 cancelled: she is travelling"
    assert last.meeting_id == meeting.id


def test_a_cancelled_meeting_is_never_the_open_one(commands, clock, booked, rules):
    commands.meetings.cancel_meeting(booked)
    assert meetings_query.open_meeting(booked) is None
    assert list(meetings_query.upcoming_meetings(Meeting)) == []
    call = queries.call_view(booked)
    assert call.meeting is None and "Move them to Scheduled first" in call.reason
    clock.advance(days=2, hours=4)  # the day of the old meeting
    lines = review.today(clock.now.replace(tzinfo=None), rules).items
    assert [i.kind for i in lines if i.contact_id == booked] == []
    # A new time makes a new meeting; the cancelled one stays as it was.
    commands.meetings.schedule(booked, MONDAY + dt.timedelta(days=7))
    rows = list(Meeting.select().where(Meeting.contact == booked).order_by(Meeting.id))
    assert [(m.cancelled_at is not None, m.starts_at.day) for m in rows] == [
        (True, 25),
        (False, 30),
    ]
    assert meetings_query.open_meeting(booked).id == rows[1].id


def test_a_cancellation_is_not_a_request_sent(commands, clock, booked, rules):
    commands.meetings.cancel_meeting(booked)
    assert review.today(clock.now.replace(tzinfo=None), rules).sent_today == 0
    figures = app_stats.compute(clock.now, rules)
    assert figures.replies.requested == 1 and sum(figures.weekly.requests) == 1


def test_undo_and_redo_of_reschedule_and_cancel(commands, clock, booked):
    start = dump()
    commands.meetings.reschedule(booked, MONDAY + dt.timedelta(days=4))
    rescheduled = dump()
    commands.meetings.cancel_meeting(booked)
    assert commands.history.undo().label == "Undid: Cancelled the meeting with Ada"
    assert dump() == rescheduled
    assert commands.history.undo().label == "Undid: Rescheduled Ada"
    assert dump() == start
    assert Meeting.get(Meeting.contact == booked).confirmed is True
    commands.history.redo()
    assert dump() == rescheduled


def test_the_request_keeps_its_date_in_the_detail_after_a_cancel_and_a_move_back(
    commands, clock, booked
):
    clock.advance(days=1)
    commands.meetings.cancel_meeting(booked)
    detail = queries.contact_detail(booked)
    assert detail["request_sent_at"] == "2026-11-24T09:00:00Z"  # 3B7 from the cancellation
    assert detail["request"] == {"sent_at": "2026-11-19T09:00:00Z", "channel": "email",
                                 "followups": 1}  # fmt: skip
    commands.meetings.schedule(booked, MONDAY + dt.timedelta(days=7))
    commands.pipeline.move(booked, "requested")  # back by hand: no request sent
    assert queries.contact_detail(booked)["request"]["sent_at"] == "2026-11-19T09:00:00Z"
    commands.pipeline.log(booked, "request", channel="linkedin")  # sent again: it is one
    again = queries.contact_detail(booked)["request"]
    assert again == {"sent_at": "2026-11-24T09:00:00Z", "channel": "linkedin", "followups": 0}
