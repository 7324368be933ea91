"""Reschedule (R) and cancel (X) a meeting on the board and the contact screen."""

from __future__ import annotations

import datetime as dt

from iivboard.app.commands import Commands
from iivboard.domain.policy import Rules
from iivboard.io.settings import Settings
from iivboard.storage.models import Contact, Event, Meeting
from iivboard.tui.app import BoardApp
from tests.tui_helpers import SIZE, col, lines_of, record_notices, screen_text, text_of

START = dt.datetime(2026, 11, 25, 14, 0, tzinfo=dt.UTC)  # the Wednesday after MONDAY


def booked_app(clock) -> tuple[BoardApp, int]:
    rules = Rules(timezone="UTC")
    commands = Commands.build(rules, clock=clock)
    cid = commands.contacts.add_contact("Ada Okafor").contact_id
    commands.pipeline.log(cid, "request", at=clock.now - dt.timedelta(days=4))
    commands.meetings.schedule(cid, START, minutes=30, format="phone", place="+1 555 0100")
    return BoardApp(Settings(rules=rules), clock=clock), cid


async def test_board_reschedule_form_is_prefilled_and_moves_the_meeting(db_path, clock):
    app, cid = booked_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notices(app)
        await pilot.press("l", "l", "R")
        await pilot.pause()
        form = app.screen
        assert "Reschedule the meeting with Ada Okafor" in screen_text(app)
        values = {
            k: form.query_one(f"#f-{k}").value for k in ("starts_at", "minutes", "format", "place")
        }
        assert values == {
            "starts_at": "2026-11-25 14:00",
            "minutes": "30",
            "format": "phone",
            "place": "+1 555 0100",
        }
        form.query_one("#f-starts_at").value = "2026-11-20 10:00"  # in the past
        await pilot.press("enter")
        await pilot.pause()
        assert "That time has passed" in screen_text(app)
        form.query_one("#f-starts_at").value = "2026-11-26 16:00"
        await pilot.press("enter")
        await pilot.pause()
        assert notices[-1] == "Rescheduled Ada Okafor"
        assert "Ada Okafor" in text_of(col(app, "scheduled"))
    meeting = Meeting.get(Meeting.contact == cid)
    assert (meeting.starts_at, meeting.minutes, meeting.format) == (
        dt.datetime(2026, 11, 26, 16, 0), 30, "phone"
    )  # fmt: skip
    assert Contact.get_by_id(cid).stage == "scheduled"


async def test_contact_screen_cancel_asks_then_undo_brings_the_meeting_back(db_path, clock):
    app, cid = booked_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notices(app)
        app.open_contact(cid)
        await pilot.pause()
        assert "R Reschedule" in screen_text(app) and "X Cancel meeting" in screen_text(app)
        await pilot.press("X")
        await pilot.pause()
        assert "Cancel the meeting with Ada Okafor on Wed 25 Nov 14:00?" in screen_text(app)
        await pilot.press("escape")  # kept
        await pilot.pause()
        assert Meeting.get(Meeting.contact == cid).cancelled_at is None
        await pilot.press("X")
        await pilot.pause()
        app.screen.query_one("#f-note").value = "she is ill"
        await pilot.press("enter")
        await pilot.pause()
        assert notices[-1] == "Cancelled the meeting with Ada Okafor: back in Requested (u to undo)"
        text = screen_text(app)
        assert "Requested" in text and "cancelled Mon 23 Nov 2026 09:00" in text
        assert "meeting of 2026-11-25 14:00 cancelled: she is ill" in text
        assert "X Cancel meeting" not in text  # nothing left to cancel
        assert Contact.get_by_id(cid).stage == "requested"
        await pilot.press("u")
        await pilot.pause()
        assert notices[-1] == "Undid: Cancelled the meeting with Ada Okafor"
        assert "not confirmed" in screen_text(app)
    assert Meeting.get(Meeting.contact == cid).cancelled_at is None
    assert Contact.get_by_id(cid).stage == "scheduled"
    assert not Event.select().where(Event.kind == "meeting_cancelled").exists()


async def test_reschedule_on_a_card_with_no_meeting_says_why(db_path, clock):
    app, _ = booked_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notices(app)
        Commands.build(Rules(timezone="UTC"), clock=clock).contacts.add_contact("Bo")
        app.screen.reload()
        await pilot.press("R")
        await pilot.pause()
        assert notices[-1].startswith(
            "Rescheduling is for a scheduled meeting; Bo is in Identified"
        )


def thanked_app(clock) -> tuple[BoardApp, int]:
    rules = Rules(timezone="UTC")
    commands = Commands.build(rules, clock=clock)
    cid = commands.contacts.add_contact("Ada Okafor").contact_id
    commands.pipeline.log(cid, "request", at=clock.now - dt.timedelta(days=14))
    commands.pipeline.log(cid, "meeting", at=clock.now - dt.timedelta(days=7))
    commands.pipeline.log(cid, "thank_you", at=clock.now - dt.timedelta(days=6))
    return BoardApp(Settings(rules=rules), clock=clock), cid


async def test_contact_screen_offers_another_meeting_and_the_stage_stays(db_path, clock):
    app, cid = thanked_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notices(app)
        app.open_contact(cid)
        await pilot.pause()
        text = screen_text(app)
        assert "R Another meeting" in text and "X Cancel meeting" not in text
        await pilot.press("R")
        await pilot.pause()
        assert "Another meeting with Ada Okafor (stays in Thanked)" in screen_text(app)
        form = app.screen
        assert form.query_one("#f-starts_at").value == "2026-11-24 10:00"
        form.query_one("#f-starts_at").value = "2026-11-26 15:00"
        form.query_one("#f-place").value = "Cafe"
        await pilot.press("enter")
        await pilot.pause()
        assert notices[-1] == "Scheduled another meeting with Ada Okafor"
        text = screen_text(app)
        assert "Thanked" in text and "R Reschedule" in text and "X Cancel meeting" in text
        assert "another meeting" in text
        await pilot.press("X")
        await pilot.pause()
        assert "cancel it (they stay in Thanked)" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
    contact = Contact.get_by_id(cid)
    assert (contact.stage, contact.due_kind) == ("thanked", "confirm")
    meeting = Meeting.get(Meeting.contact == cid)
    assert (meeting.starts_at, meeting.place) == (dt.datetime(2026, 11, 26, 15, 0), "Cafe")


async def test_board_r_on_a_thanked_card_opens_another_meeting_and_c_then_calls(db_path, clock):
    app, cid = thanked_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notices(app)
        await pilot.press(*["l"] * 4, "c")  # to the Thanked column: no meeting to call
        await pilot.pause()
        assert "R sets another meeting" in notices[-1]
        await pilot.press("R")
        await pilot.pause()
        app.screen.query_one("#f-starts_at").value = "2026-11-23 09:30"
        await pilot.press("enter")
        await pilot.pause()
        assert notices[-1] == "Scheduled another meeting with Ada Okafor"
        assert "Ada Okafor" in text_of(col(app, "thanked"))
        await pilot.press("c")
        await pilot.pause()
        assert type(app.screen).__name__ == "CallScreen"


async def submit(pilot, form, starts_at: str) -> None:
    form.query_one("#f-starts_at").value = starts_at
    await pilot.press("enter")
    await pilot.pause()


def shown_error(form) -> str:
    """The line under a form, as the terminal shows it (wrapped lines joined)."""
    return " ".join(" ".join(lines_of(form.query_one("#form-error"))).split())


async def test_the_schedule_form_offers_a_free_time_and_warns_before_an_overlap(db_path, clock):
    rules = Rules(timezone="UTC")
    commands = Commands.build(rules, clock=clock)
    bo = commands.contacts.add_contact("Bo Chen").contact_id
    commands.meetings.schedule(bo, dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC), minutes=30)
    ada = commands.contacts.add_contact("Ada Okafor").contact_id
    commands.pipeline.log(ada, "request")
    app = BoardApp(Settings(rules=rules), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "L")  # Ada, in Requested, forward
        await pilot.pause()
        form = app.screen
        # Tuesday 10:00 is Bo's: the next free half hour is offered.
        assert form.query_one("#f-starts_at").value == "2026-11-24 10:30"
        await submit(pilot, form, "2026-11-24 10:15")
        text = shown_error(form)
        assert text == (
            "Warning: this time overlaps the meeting with Bo Chen on Tue 24 Nov 10:00-10:30. "
            "Enter again to keep it, or change the time."
        )
        assert app.screen is form and Contact.get_by_id(ada).stage == "requested"
        await pilot.press("enter")  # the second confirm
        await pilot.pause()
        assert app.screen is not form
    assert Contact.get_by_id(ada).stage == "scheduled"
    assert Meeting.get(Meeting.contact == ada).starts_at == dt.datetime(2026, 11, 24, 10, 15)


async def test_a_changed_time_that_still_overlaps_warns_again(db_path, clock):
    app, cid = booked_app(clock)  # Ada on Wednesday 14:00, 30 min
    Commands.build(Rules(timezone="UTC"), clock=clock).meetings.schedule(
        Commands.build(Rules(timezone="UTC"), clock=clock).contacts.add_contact("Bo").contact_id,
        dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC),
    )
    async with app.run_test(size=SIZE) as pilot:
        app.open_contact(cid)
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        form = app.screen
        await submit(pilot, form, "2026-11-26 09:00")
        assert "overlaps the meeting with Bo on Thu 26 Nov 09:00-09:20" in shown_error(form)
        await submit(pilot, form, "2026-11-26 09:10")
        assert app.screen is form  # a new time: warned again, not saved
        assert "Thu 26 Nov 09:00-09:20" in shown_error(form)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not form
    assert Meeting.get(Meeting.contact == cid).starts_at == dt.datetime(2026, 11, 26, 9, 10)


async def test_after_a_cancel_the_contact_screen_keeps_the_request_date(db_path, clock):
    rules = Rules(timezone="UTC")
    commands = Commands.build(rules, clock=clock)
    cid = commands.contacts.add_contact("Ada Okafor").contact_id
    commands.pipeline.log(cid, "request", channel="email", at=clock.now - dt.timedelta(days=4))
    commands.pipeline.log(cid, "follow_up", at=clock.now - dt.timedelta(days=1))
    commands.meetings.schedule(cid, START)
    clock.advance(hours=2)
    commands.meetings.cancel_meeting(cid)
    app = BoardApp(Settings(rules=rules), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.open_contact(cid)
        await pilot.pause()
        text = screen_text(app)
        assert (
            "Request sent    Thu 19 Nov 2026 09:00 by email; 1 follow-up(s); "
            "3B7 counts from Mon 23 Nov 2026 11:00" in text
        )
