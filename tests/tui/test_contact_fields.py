"""The add and edit forms' "referred by" (completing from the contacts) and "why this
person", and a touch's note on Today and the board: screen and database, with Pilot."""

from __future__ import annotations

from textual.widgets import Input

from iivboard.storage.models import Contact, Event
from iivboard.tui.screens.contact import ContactScreen
from iivboard.tui.screens.forms import ContactForm
from tests.tui.test_review_screens import move_to
from tests.tui_helpers import SIZE, col, demo_app, screen_text


async def type_into(pilot, key: str, text: str) -> None:
    box = pilot.app.screen.query_one(f"#f-{key}", Input)
    box.focus()
    await pilot.pause()
    box.value = ""
    await pilot.press(*text)
    await pilot.app.workers.wait_for_complete()  # completion asks in a thread
    await pilot.pause()


async def test_add_completes_referred_by_from_the_contacts_and_stores_the_link(db_path, clock):
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        text = screen_text(app)
        assert "Referred by" in text
        assert "Why this person (common ground: same school, same first job...)" in text
        await pilot.press(*"Zed Quist")
        await type_into(pilot, "referred_by", "sam t")
        assert "sam taylor (Civic Data Lab)" in screen_text(app).replace("Sam", "sam")
        await pilot.press("right")  # accept the completion
        assert app.screen.query_one("#f-referred_by", Input).value == (
            "Sam Taylor (Civic Data Lab)"
        )
        await type_into(pilot, "common_ground", "same bootcamp")
        await pilot.press("enter")
        await pilot.pause()
        zed = Contact.get(Contact.name == "Zed Quist")
        assert zed.referred_by_id == ids["Sam Taylor"]
        assert zed.common_ground == "same bootcamp"
        added = Event.get(Event.contact == zed.id, Event.kind == "added")
        assert added.text == "referred by Sam Taylor"
        assert col(app, "identified").current.id == zed.id


async def test_a_referrer_that_names_nobody_keeps_the_form_open(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        count = Contact.select().count()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Zed Quist")
        await type_into(pilot, "referred_by", "Nobody Known")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)
        assert "Referred by: no contact called 'Nobody Known'" in screen_text(app)
        assert Contact.select().count() == count
        await type_into(pilot, "referred_by", "")
        await pilot.press("enter")
        await pilot.pause()
        assert Contact.get(Contact.name == "Zed Quist").referred_by_id is None


async def test_edit_shows_changes_and_clears_the_referrer(db_path, clock):
    app, ids = demo_app(clock)
    luis = ids["Luis Ortega"]  # referred by Carla Mendes in the demo
    async with app.run_test(size=SIZE) as pilot:
        app.open_contact(luis)
        await pilot.pause()
        text = screen_text(app)
        assert "Referred by" in text and "Carla Mendes" in text
        await pilot.press("e")
        await pilot.pause()
        box = app.screen.query_one("#f-referred_by", Input)
        assert box.value == "Carla Mendes (Northwind Health)"
        await type_into(pilot, "referred_by", "luis")  # himself: not offered
        assert "Luis Ortega" not in str(box._suggestion)
        await type_into(pilot, "referred_by", "ben")
        await pilot.press("right", "enter")  # type_into waited for the completion
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        assert Contact.get_by_id(luis).referred_by_id == ids["Ben Carter"]
        assert "Ben Carter" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        await type_into(pilot, "referred_by", "")
        await type_into(pilot, "common_ground", "both moved from teaching")
        await pilot.press("enter")
        await pilot.pause()
        luis_row = Contact.get_by_id(luis)
        assert luis_row.referred_by_id is None
        assert luis_row.common_ground == "both moved from teaching"
        text = screen_text(app)
        assert "Why this person" in text and "both moved from teaching" in text
        edit = Event.select().where(Event.contact == luis, Event.kind == "edited")
        assert [e.text for e in edit.order_by(Event.id)] == [
            "referred by",
            "referred by, common ground",
        ]
        await pilot.press("u")
        await pilot.pause()
        assert Contact.get_by_id(luis).referred_by_id == ids["Ben Carter"]


async def test_a_touch_on_today_asks_what_was_sent_or_said(db_path, clock):
    app, ids = demo_app(clock, start="today")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        touch = next(i for i in app.screen.review.items if i.action == "touch")
        await move_to(pilot, touch.name)
        await pilot.press("d")
        await pilot.pause()
        assert f"Kept in touch with {touch.name}" in screen_text(app)
        assert "What did you send or say? (optional)" in screen_text(app)
        await pilot.press(*"sent the [b]transit[/b] report")
        await pilot.press("enter")
        await pilot.pause()
        event = Event.select().where(Event.contact == touch.contact_id).order_by(Event.id.desc())
        assert (event.get().kind, event.get().text) == ("touch", "sent the [b]transit[/b] report")
        assert touch.name not in [i.name for i in app.screen.review.items]


async def test_the_form_scrolls_to_each_field_on_a_small_terminal(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        text = screen_text(app)
        assert "Add a contact" in text and "Referred by" not in text
        await pilot.press(*"Zed Quist", *["tab"] * 8)  # to "referred by"
        await pilot.pause()
        assert "Referred by" in screen_text(app)
        await pilot.press(*"ben")
        await app.workers.wait_for_complete()  # completion asks in a thread
        await pilot.pause()
        await pilot.press("right", "enter")
        await pilot.pause()
        assert Contact.get(Contact.name == "Zed Quist").referred_by.name == "Ben Carter"
