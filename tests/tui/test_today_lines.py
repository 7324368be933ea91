"""Today's lines do what they say: a meeting is never logged as held before it starts, a
confirmation takes its line off at once, `m` writes the message a line asks for."""

from __future__ import annotations

import datetime as dt

from iivboard.storage.models import Contact, Event, Meeting
from iivboard.tui.screens.prep import PrepScreen
from iivboard.tui.screens.today import TodayScreen
from tests.tui_helpers import aligned_text as screen_text
from tests.tui_helpers import demo_app, record_notices

SIZE = (160, 45)


async def move_to(pilot, name: str) -> None:
    for _ in range(40):
        current = pilot.app.screen.current
        if current is not None and current.name == name:
            return
        await pilot.press("j")
    raise AssertionError(f"{name} is not on the list")


async def look_again(pilot, name: str) -> str:
    """What Today says of `name` once it reads the list again (it does each minute)."""
    pilot.app.screen.reload()
    await pilot.pause()
    await pilot.press("g")
    await move_to(pilot, name)
    return screen_text(pilot.app)


async def test_a_meeting_is_held_only_once_it_has_started(db_path, clock):
    # Rosa's confirmed meeting is at 14:00 on the demo's Monday (seeded at 09:00).
    app, ids = demo_app(clock, start="today")
    clock.advance(hours=4, minutes=59)  # 13:59
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await move_to(pilot, "Rosa Jimenez")
        text = screen_text(app)
        assert "today 14:00, 20 min phone: confirmed" in text
        assert "d: open the prep (it has not started)" in text
        assert "held" not in text
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, PrepScreen)
        assert Contact.get_by_id(ids["Rosa Jimenez"]).stage == "scheduled"
        await pilot.press("escape")
        await pilot.pause()
        clock.advance(minutes=2)  # 14:01: it has started
        text = await look_again(pilot, "Rosa Jimenez")
        assert "today 14:00, 20 min phone: did it happen? log it as held" in text
        assert "d: log the meeting as held (to Met)" in text
        await pilot.press("d")
        await pilot.pause()
        assert Contact.get_by_id(ids["Rosa Jimenez"]).stage == "met"
        assert Event.get(Event.contact == ids["Rosa Jimenez"], Event.kind == "meeting")


async def test_an_unconfirmed_meeting_offers_confirm_before_and_held_after(db_path, clock):
    # Sam's meeting is unconfirmed, tomorrow at 14:00.
    app, ids = demo_app(clock, start="today")
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await move_to(pilot, "Sam Taylor")
        assert "d: log the meeting as confirmed" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        assert Meeting.get(Meeting.contact == ids["Sam Taylor"]).confirmed
        text = screen_text(app)
        # Gone at once, not at the next minute's reload.
        assert "not confirmed" not in text
        assert "log the meeting as held" not in text
        assert notices[-1].startswith("Logged confirm for Sam Taylor.")
        assert isinstance(app.screen, TodayScreen)
        clock.advance(days=1, hours=4, minutes=59)  # tomorrow 13:59: confirmed, still to come
        assert "d: open the prep (it has not started)" in await look_again(pilot, "Sam Taylor")
        clock.advance(minutes=5)
        assert "d: log the meeting as held (to Met)" in await look_again(pilot, "Sam Taylor")


async def test_the_line_turns_to_held_at_the_start_minute(db_path, clock):
    app, ids = demo_app(clock, start="today")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        facade = app.facade
        rosa = next(i for i in facade.today().items if i.name == "Rosa Jimenez")
        assert rosa.action == "prepare" and rosa.at > clock().replace(tzinfo=None)
        clock.now = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)
        rosa = next(i for i in facade.today().items if i.name == "Rosa Jimenez")
        assert rosa.action == "meeting"


async def test_m_writes_the_lines_message_and_logging_it_does_the_line(db_path, clock):
    from iivboard.tui.screens.message import MessageScreen

    app, ids = demo_app(clock, start="today")
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await move_to(pilot, "Ximena Cruz")
        assert "m: write the thank-you message" in screen_text(app)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MessageScreen) and app.screen.template == "thank-you"
        assert "Subject: Thank you, Ximena" in screen_text(app)
        await pilot.press("l")  # gaps ({my_name} at least): a second press is needed
        await pilot.pause()
        assert isinstance(app.screen, MessageScreen)
        assert Contact.get_by_id(ids["Ximena Cruz"]).stage == "met"
        assert "Press l again to log it as sent anyway" in notices[-1]
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        ximena = Contact.get_by_id(ids["Ximena Cruz"])
        assert ximena.stage == "thanked"
        assert Event.get(Event.contact == ximena.id, Event.kind == "thank_you").text.startswith(
            "sent: Thank you, Ximena"
        )
        text = screen_text(app)
        assert "Ximena Cruz" not in text and "10 to do" in text
        assert notices[-1] == "Logged thank you for Ximena Cruz. 10 left"


async def test_m_picks_the_template_each_line_asks_for(db_path, clock):
    from iivboard.tui.screens.message import MessageScreen

    app, _ = demo_app(clock, start="today")
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for name, template in (
            ("Omar Farouk", "follow-up"),
            ("Ines Moreau", "request"),  # gone quiet: ask her next
            ("Emma Wilson", "keep-in-touch"),
            ("Gus Lindqvist", "request"),  # today's outreach
        ):
            await move_to(pilot, name)
            await pilot.press("m")
            await pilot.pause()
            assert isinstance(app.screen, MessageScreen) and app.screen.template == template
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, TodayScreen)
        await pilot.press("g")
        await move_to(pilot, "Sam Taylor")  # a confirmation: no message to write
        assert "m: write" not in screen_text(app)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert notices[-1] == "This line asks for no message: d will log the meeting as confirmed."


async def test_find_another_person_there_and_a_opens_the_add_form_with_the_organization(
    db_path, clock
):
    from iivboard.app.commands import Commands
    from iivboard.domain.policy import Rules
    from iivboard.io.settings import Settings
    from iivboard.tui.app import BoardApp

    rules = Rules(timezone="UTC", daily_request_goal=0)
    commands = Commands.build(rules, clock=clock)
    ada = commands.contacts.add_contact("Ada Okafor", organization="Acme").contact_id
    commands.pipeline.log(ada, "request", at=clock() - dt.timedelta(days=6))  # Tuesday
    app = BoardApp(Settings(rules=rules), clock=clock, start="today")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Gone quiet: reach out to another person there" in text
        assert (
            "Ada Okafor (Acme)  no reply from Ada Okafor at Acme in 4 business days: "
            "find another person there" in text
        )
        assert "d: add another person there (the add form, with the organization filled in)" in (
            text
        )
        await pilot.press("a")
        await pilot.pause()
        assert "Add another person at Acme" in screen_text(app)
        assert app.screen.query_one("#f-organization").value == "Acme"
        app.screen.query_one("#f-name").value = "Bo Chen"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        bo = Contact.get(Contact.name == "Bo Chen")
        assert (bo.stage, bo.organization.name) == ("identified", "Acme")
        text = screen_text(app)
        assert "find another person there" not in text
        assert "Bo Chen (Acme)  no reply from Ada Okafor in 4 business days: ask this" in text
        await pilot.press("u")  # undo the add: the line is back
        await pilot.pause()
        assert "find another person there" in screen_text(app)
        await pilot.press("d")  # d does the same as a
        await pilot.pause()
        assert app.screen.query_one("#f-organization").value == "Acme"


async def test_w_shows_the_week_by_day_and_back(db_path, clock):
    from iivboard.tui.screens.contact import ContactScreen

    app, ids = demo_app(clock, start="today")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        text = screen_text(app)
        assert "The week ahead, Mon 23 Nov to Sun 29 Nov 2026: 19 things on 5 of 7 days" in text
        days = [f"\n {d}" for d in ("Mon 23 Nov (today)", "Tue 24", "Wed 25", "Sun 29 Nov")]
        assert [text.index(d) for d in days] == sorted(text.index(d) for d in days)
        assert "14:00  Sam Taylor (Civic Data Lab)  meeting, 20 min video, not confirmed" in text
        assert "Ximena Cruz (Greenleaf Foods)  thank-you overdue (since Fri 20 Nov)" in text
        assert "d Done" not in text and "w Week" in text  # planning, not doing
        assert app.screen.selected.name == "Emma Wilson"
        await pilot.press("d", "z", "s")  # nothing happens in the week view
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen) and app.screen.week_mode
        assert Contact.get_by_id(ids["Emma Wilson"]).due_kind == "touch"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.contact_id == ids["Emma Wilson"]
        await pilot.press("escape")
        await pilot.pause()
        assert "The week ahead" in screen_text(app)  # still the week
        await pilot.press("w")
        await pilot.pause()
        text = screen_text(app)
        assert "Monday 23 November 2026: 11 to do" in text and "d Done" in text
