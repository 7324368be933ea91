"""Triage's f, r, d and redo, and closing from the board and the contact screen: what the
screen shows and what the database holds, driven with Pilot as a user would."""

from __future__ import annotations

from iivboard.storage.models import Contact, Event
from iivboard.tui.screens.contact import ContactScreen
from tests.tui.test_review_screens import row_to
from tests.tui_helpers import SIZE, col, demo_app, record_notices
from tests.tui_helpers import aligned_text as screen_text


def last_event(cid: int) -> Event:
    return Event.select().where(Event.contact == cid).order_by(Event.id.desc()).get()


async def test_a_batch_follow_up_names_who_should_wait_and_can_do_only_the_due(db_path, clock):
    app, ids = demo_app(clock, start="triage")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await row_to(pilot, "Omar Farouk")
        await pilot.press("space", "space")  # Omar (due) and Kofi (not yet)
        await pilot.press("f")
        await pilot.pause()
        text = screen_text(app)
        assert "3B7 says 1 of the 2 should still wait" in text
        assert "Kofi Mensah: follow up in 1 business day" in text
        assert "Follow up only the 1 row due" in text and "Follow up all 2" in text
        await pilot.press("enter")  # only the due one
        await pilot.pause()
        assert Contact.get_by_id(ids["Omar Farouk"]).followups_sent == 1
        assert Contact.get_by_id(ids["Kofi Mensah"]).followups_sent == 0
        # One row that should wait: asked first, escape changes nothing.
        await row_to(pilot, "Lena Fischer")
        await pilot.press("f")
        await pilot.pause()
        assert "3B7 says it should still wait" in screen_text(app)
        assert "Follow up anyway" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert Contact.get_by_id(ids["Lena Fischer"]).followups_sent == 0


async def test_replied_still_finding_a_time_logs_the_reply_and_keeps_the_row(db_path, clock):
    app, ids = demo_app(clock, start="triage")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await row_to(pilot, "Kofi Mensah")
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("down", "enter")  # replied, still finding a time
        await pilot.pause()
        kofi = Contact.get_by_id(ids["Kofi Mensah"])
        assert (kofi.stage, kofi.due_kind) == ("requested", "schedule")
        assert last_event(kofi.id).kind == "reply"
        line = next(ln for ln in screen_text(app).splitlines() if "Kofi Mensah" in ln)
        assert "replied today: r to schedule the meeting" in line
        await pilot.press("r")  # the reply is known: straight to the meeting time
        await pilot.pause()
        assert "Move Kofi Mensah to Scheduled" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("escape")  # back to the board: the reply's Today line
        await pilot.press("t")
        await pilot.pause()
        assert "Kofi Mensah (Northwind Health)  replied: schedule due" in screen_text(app)


async def test_a_hiring_conflict_says_the_retry_date_and_whom_to_ask(db_path, clock):
    app, ids = demo_app(clock, start="triage")
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await row_to(pilot, "Lena Fischer")
        await pilot.press("d")
        await pilot.pause()
        text = screen_text(app)
        for words in ("Declined: too busy", "Declined: not interested", "(say which)"):
            assert words in text
        assert "Declined: hiring for a role I may apply to, retry Mon 18 Jan" in text
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        lena = Contact.get_by_id(ids["Lena Fischer"])
        assert (lena.outcome, lena.outcome_reason) == ("declined", "hiring_conflict")
        assert notices[-1] == (
            "Closed Lena Fischer (declined: hiring for a role I may apply to). 7 waiting. "
            "Try Lena Fischer again from Mon 18 Jan; "
            "meanwhile ask someone else on the team: Noah Levi"
        )


async def test_another_reason_asks_what_and_keeps_it(db_path, clock):
    app, ids = demo_app(clock, start="triage")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await row_to(pilot, "Nadia Rahman")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # another reason
        await pilot.pause()
        assert "What did they say? (optional, kept in the history)" in screen_text(app)
        await pilot.press(*"on leave [until] May")
        await pilot.press("enter")
        await pilot.pause()
        nadia = Contact.get_by_id(ids["Nadia Rahman"])
        assert (nadia.outcome, nadia.outcome_reason) == ("declined", "other")
        assert last_event(nadia.id).text == "other on leave [until] May"


async def test_undo_and_redo_on_the_triage(db_path, clock):
    app, ids = demo_app(clock, start="triage")
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await row_to(pilot, "Omar Farouk")
        await pilot.press("n")
        await pilot.pause()
        assert Contact.get_by_id(ids["Omar Farouk"]).outcome == "no_response"
        assert "Triage: 7 waiting" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert Contact.get_by_id(ids["Omar Farouk"]).outcome is None
        assert "Triage: 8 waiting" in screen_text(app)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert Contact.get_by_id(ids["Omar Farouk"]).outcome == "no_response"
        assert "Triage: 7 waiting" in screen_text(app)
        assert notices[-1] == "Redid: Closed Omar Farouk (no response)"


async def test_the_board_offers_only_not_pursuing_for_someone_never_asked(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        card = col(app, "identified").current
        await pilot.press("d")
        await pilot.pause()
        text = screen_text(app)
        assert "Not pursuing: I will not ask them after all" in text
        assert "Declined" not in text and "No response" not in text
        await pilot.press("enter")
        await pilot.pause()
        assert Contact.get_by_id(card.id).outcome == "not_pursuing"
        assert card.id not in [c.id for c in col(app, "identified").cards]


async def test_the_contact_screen_closes_with_the_same_reasons(db_path, clock):
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_contact(ids["Priya Nair"])
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("d")
        await pilot.pause()
        text = screen_text(app)
        assert "Close Priya Nair" in text
        assert "Declined: too busy" in text and "No response: move on" in text
        await pilot.press("down", "enter")  # not interested
        await pilot.pause()
        assert "(closed: declined: not interested)" in screen_text(app)
        priya = Contact.get_by_id(ids["Priya Nair"])
        assert (priya.outcome, priya.outcome_reason) == ("declined", "not_interested")
        await pilot.press("r")  # reopened as someone to ask
        await pilot.pause()
        priya = Contact.get_by_id(ids["Priya Nair"])
        assert (priya.stage, priya.request_sent_at, priya.outcome) == ("identified", None, None)
        assert "Identified" in screen_text(app)
