"""Today and Triage, driven with Pilot as a user would; each test checks screen and database."""

from __future__ import annotations

import datetime as dt

from iivboard.app.commands import Commands
from iivboard.domain.policy import Rules
from iivboard.io.settings import Settings
from iivboard.storage.models import Change, Contact, Event, Meeting
from iivboard.tui.app import BoardApp
from iivboard.tui.commands import BOARD_ACTIONS
from iivboard.tui.screens.board import BoardScreen
from iivboard.tui.screens.contact import ContactScreen
from iivboard.tui.screens.prep import PrepScreen
from iivboard.tui.screens.stats import StatsScreen
from iivboard.tui.screens.today import TodayScreen
from iivboard.tui.screens.triage import TriageScreen
from tests.tui_helpers import aligned_text as screen_text
from tests.tui_helpers import cursor_to, demo_app, record_notices

SIZE = (160, 45)


def today_current(app) -> str:
    return app.screen.current.name


async def move_to(pilot, name: str) -> None:
    """Press down until the selected line is `name` (as a user scanning the list)."""
    for _ in range(40):
        if today_current(pilot.app) == name:
            return
        await pilot.press("j")
    raise AssertionError(f"{name} is not on the list")


async def row_to(pilot, name: str) -> None:
    """Press j or k until the selected row is `name`."""
    await cursor_to(pilot, [row.name for row in pilot.app.screen.rows], name)


# ---------------------------------------------------------------- Today


async def test_today_opens_first_with_groups_and_escape_goes_to_the_board(db_path, clock):
    app, _ = demo_app(clock, start="today")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        text = screen_text(app)
        assert "Monday 23 November 2026: 11 to do" in text
        titles = [
            "Meetings today and tomorrow",
            "Thank-yous",
            "Follow-ups (3B7)",
            "Gone quiet: reach out to another person there",
            "Keep in touch",
            "Today's outreach: 0 of 3 requests sent",
        ]
        assert [text.index(t) for t in titles] == sorted(text.index(t) for t in titles)
        assert "! Ximena Cruz (Greenleaf Foods)  met Thu 19 Nov 14:20: thank-you overdue" in text
        assert "Next due Tue 24 Nov: follow up with Kofi Mensah (Northwind Health)." in text
        assert today_current(app) == "Rosa Jimenez"  # the first line, not a group title
        # Rosa's meeting is at 14:00: d prepares for it, it cannot be held yet.
        assert "d: open the prep (it has not started)" in text
        assert "log the meeting as held" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_done_logs_and_advances_and_says_how_much_is_left(db_path, clock):
    app, ids = demo_app(clock, start="today")
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")  # Rosa's meeting is at 14:00: too early to log it as held
        await pilot.pause()
        assert isinstance(app.screen, PrepScreen)  # so d opens what is left to do: the prep
        assert Contact.get_by_id(ids["Rosa Jimenez"]).stage == "scheduled"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen) and today_current(app) == "Rosa Jimenez"
        await pilot.press("j")
        assert today_current(app) == "Sam Taylor"
        assert "d: log the meeting as confirmed" in screen_text(app)
        await pilot.press("d")  # confirm
        await pilot.pause()
        assert Meeting.get(Meeting.contact == ids["Sam Taylor"]).confirmed
        text = screen_text(app)
        assert "Sam Taylor (Civic Data Lab)  tomorrow 14:00, 20 min video: confirmed" in text
        # The confirm line is gone at once: no "not confirmed", and d no longer confirms.
        assert "not confirmed" not in text and "d: log the meeting as confirmed" not in text
        assert "d: open the prep (it has not started)" in text
        assert notices[-1] == "Logged confirm for Sam Taylor. 11 left"
        await move_to(pilot, "Ximena Cruz")
        await pilot.press("d")  # thank-you: met -> thanked
        await pilot.pause()
        assert Contact.get_by_id(ids["Ximena Cruz"]).stage == "thanked"
        text = screen_text(app)
        assert "Ximena Cruz" not in text and "Monday 23 November 2026: 10 to do" in text
        assert notices[-1] == "Logged thank you for Ximena Cruz. 10 left"
        assert today_current(app) == "Wen Li"  # the cursor stays where it was
        await move_to(pilot, "Omar Farouk")
        await pilot.press("d")  # follow-up
        await pilot.pause()
        assert Contact.get_by_id(ids["Omar Farouk"]).followups_sent == 1
        await move_to(pilot, "Emma Wilson")
        await pilot.press("d")  # keep in touch: asks what was sent or said (optional)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert (
            Event.select()
            .where(
                Event.contact == ids["Emma Wilson"],
                Event.kind == "touch",
                Event.at == clock().replace(tzinfo=None),
            )
            .exists()
        )
        await pilot.press("u")
        await pilot.pause()
        assert "Emma Wilson" in screen_text(app)


async def test_confirming_on_today_takes_the_confirm_off_the_card_at_once(db_path, clock):
    app, ids = demo_app(clock, start="today")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await move_to(pilot, "Sam Taylor")
        await pilot.press("d")  # confirm
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        text = screen_text(app)
        assert "meeting tomorrow 14:00" in text and "confirm meeting tomorrow" not in text
        assert Contact.get_by_id(ids["Sam Taylor"]).due_kind == "meeting"


async def test_outreach_done_asks_the_channel_and_counts_the_request(db_path, clock):
    app, ids = demo_app(clock, start="today")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await move_to(pilot, "Gus Lindqvist")
        assert "d: log the request as sent (to Requested)" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        assert "Request sent to Gus Lindqvist" in screen_text(app)
        channel = app.screen.query_one("#f-channel")
        assert channel.value == "email"  # he has an email address
        channel.value = "linkedin"
        await pilot.press("enter")
        await pilot.pause()
        gus = Contact.get_by_id(ids["Gus Lindqvist"])
        assert (gus.stage, gus.request_channel) == ("requested", "linkedin")
        text = screen_text(app)
        assert "Outreach: 1 of 3 requests sent today" in text and "Gus Lindqvist" not in text


async def test_quiet_organization_done_requests_the_suggested_person(db_path, clock):
    app, ids = demo_app(clock, start="today")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await move_to(pilot, "Ines Moreau")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("escape")  # changed my mind: nothing is written
        await pilot.pause()
        assert Contact.get_by_id(ids["Ines Moreau"]).stage == "identified"
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert Contact.get_by_id(ids["Ines Moreau"]).stage == "requested"


async def test_snooze_skip_and_open(db_path, clock):
    app, ids = demo_app(clock, start="today")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await move_to(pilot, "Aiko Tanaka")
        await pilot.press("z")
        await pilot.pause()
        box = app.screen.query_one("#f-until")
        box.value = "someday"
        await pilot.press("enter")
        await pilot.pause()
        assert "could not read 'someday'" in screen_text(app)
        box.value = "+2d"
        await pilot.press("enter")
        await pilot.pause()
        assert Contact.get_by_id(ids["Aiko Tanaka"]).snoozed_until == dt.datetime(2026, 11, 25)
        assert "Aiko Tanaka" not in screen_text(app)
        assert today_current(app) == "Carla Mendes"
        await pilot.press("s")
        await pilot.pause()
        skip = Event.get(Event.kind == "skipped")
        assert (skip.contact_id, skip.text) == (ids["Carla Mendes"], "touch")
        text = screen_text(app)
        assert "Carla Mendes" not in text.split("Outreach:")[0]
        assert "9 to do (1 skipped)" in text
        await pilot.press("k", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.contact_id == ids["Emma Wilson"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_nothing_due_says_so_and_names_the_next_date(db_path, clock):
    rules = Rules(timezone="UTC", daily_request_goal=0)
    commands = Commands.build(rules, clock=clock)
    cid = commands.contacts.add_contact("Ada [bold]x[/]").contact_id
    commands.pipeline.log(cid, "request")
    app = BoardApp(Settings(rules=rules), clock=clock, start="today")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Monday 23 November 2026: nothing due today." in text
        assert "Next due Wed 02 Dec: follow up with Ada [bold]x[/]." in text
        assert "Nothing to act on." in text
        await pilot.press("d", "s", "z", "enter")  # nothing selected: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert Event.select().where(Event.kind == "skipped").count() == 0


HOSTILE = "[red]Mal[/] \x1b[2J"


async def test_user_text_shows_literally_on_both_screens(db_path, clock):
    rules = Rules(timezone="UTC")
    commands = Commands.build(rules, clock=clock)
    cid = commands.contacts.add_contact(HOSTILE, organization="[b]Org[/b]").contact_id
    commands.pipeline.log(cid, "request", at=clock() - dt.timedelta(days=14))
    app = BoardApp(Settings(rules=rules), clock=clock, start="today")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "[red]Mal[/] ␛[2J ([b]Org[/b])" in screen_text(app)
        await pilot.press("escape", "T")
        await pilot.pause()
        assert isinstance(app.screen, TriageScreen)
        text = screen_text(app)
        assert "[red]Mal[/] ␛[2J" in text and "[b]Org[/b]" in text


# ---------------------------------------------------------------- board wiring


async def test_board_keys_and_palette_open_today_triage_and_stats(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, screen in (("t", TodayScreen), ("T", TriageScreen), ("S", StatsScreen)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen), key
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, BoardScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "t Today" in footer and "T Triage" in footer
    actions = {action for _, _, action in BOARD_ACTIONS}
    assert {"app.show_today", "app.show_triage"} <= actions


# ---------------------------------------------------------------- Triage


async def test_triage_lists_oldest_first_and_f_restarts_the_clock(db_path, clock):
    app, ids = demo_app(clock, start="triage")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TriageScreen)
        text = screen_text(app)
        assert "Triage: 8 waiting for a reply, oldest request first" in text
        names = [row.name for row in app.screen.rows]
        assert names[:4] == ["Mateo Rossi", "Omar Farouk", "Kofi Mensah", "Quinn Baker"]
        omar = next(line for line in text.splitlines() if "Omar Farouk" in line)
        assert "7 business days" in omar and "email" in omar
        assert "follow up now (f), once" in omar
        await row_to(pilot, "Omar Farouk")
        await pilot.press("f")
        await pilot.pause()
        assert Contact.get_by_id(ids["Omar Farouk"]).followups_sent == 1
        omar = next(line for line in screen_text(app).splitlines() if "Omar Farouk" in line)
        assert "followed up; move on in 7 business days if still silent" in omar
        assert app.screen.current.name == "Omar Farouk"


async def test_space_marks_rows_for_one_batch_that_one_undo_reverts(db_path, clock):
    app, ids = demo_app(clock, start="triage")
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await row_to(pilot, "Kofi Mensah")
        await pilot.press("space", "space")  # Kofi and Quinn
        await pilot.pause()
        assert "2 marked" in screen_text(app)
        await pilot.press("space")  # Lena marked...
        await pilot.press("k", "space")  # ...and Lena unmarked again
        await pilot.pause()
        assert "2 marked" in screen_text(app)
        journal = Change.select().count()
        await pilot.press("f")
        await pilot.pause()
        text = screen_text(app)
        assert "3B7 says 2 of the 2 should still wait" in text
        assert "Kofi Mensah: follow up in 1 business day" in text
        assert "Quinn Baker: follow up in 3 business days" in text
        assert "Follow up only" not in text  # none of them is due
        await pilot.press("enter")  # follow up all 2
        await pilot.pause()
        followed = {
            name: Contact.get_by_id(ids[name]).followups_sent
            for name in ("Kofi Mensah", "Quinn Baker", "Lena Fischer")
        }
        assert followed == {"Kofi Mensah": 1, "Quinn Baker": 1, "Lena Fischer": 0}
        assert Change.select().count() == journal + 1
        assert notices[-1] == "Logged a follow-up for 2 contacts (u undoes all of them). 8 waiting"
        assert "marked" not in screen_text(app).splitlines()[0]
        await pilot.press("u")
        await pilot.pause()
        assert Contact.get_by_id(ids["Quinn Baker"]).followups_sent == 0
        assert Contact.get_by_id(ids["Kofi Mensah"]).followups_sent == 0


async def test_batch_decline_no_response_and_snooze(db_path, clock):
    app, ids = demo_app(clock, start="triage")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await row_to(pilot, "Lena Fischer")
        await pilot.press("space", "space")  # Lena and Priya
        await pilot.press("d")
        await pilot.pause()
        assert "2 contacts declined: why?" in screen_text(app)
        await pilot.press("down", "down", "enter")  # hiring conflict
        await pilot.pause()
        for name in ("Lena Fischer", "Priya Nair"):
            contact = Contact.get_by_id(ids[name])
            assert (contact.outcome, contact.outcome_reason) == ("declined", "hiring_conflict")
            assert contact.retry_after == dt.datetime(2027, 1, 18, 9, 0)  # 8 weeks on
        assert "Triage: 6 waiting" in screen_text(app)
        await row_to(pilot, "Mateo Rossi")
        await pilot.press("n")  # Mateo: silent after his follow-up
        await pilot.pause()
        assert Contact.get_by_id(ids["Mateo Rossi"]).outcome == "no_response"
        await row_to(pilot, "Luis Ortega")
        await pilot.press("space", "space", "z")
        await pilot.pause()
        app.screen.query_one("#f-until").value = "mon"
        await pilot.press("enter")
        await pilot.pause()
        for name in ("Luis Ortega", "Nadia Rahman"):
            assert Contact.get_by_id(ids[name]).snoozed_until == dt.datetime(2026, 11, 30)
        assert "snoozed until Mon 30 Nov" in screen_text(app)


async def test_single_decline_reason_busy(db_path, clock):
    app, ids = demo_app(clock, start="triage")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await row_to(pilot, "Nadia Rahman")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")  # too busy
        await pilot.pause()
        nadia = Contact.get_by_id(ids["Nadia Rahman"])
        assert (nadia.outcome, nadia.outcome_reason, nadia.retry_after) == (
            "declined",
            "busy",
            None,
        )
        assert "Nadia Rahman" not in screen_text(app)


async def test_replied_asks_for_the_meeting_time_and_schedules(db_path, clock):
    app, ids = demo_app(clock, start="triage")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await row_to(pilot, "Quinn Baker")
        await pilot.press("r")
        await pilot.pause()
        text = screen_text(app)
        assert "Quinn Baker replied" in text
        assert "Replied, still finding a time" in text
        await pilot.press("enter")  # a time is agreed
        await pilot.pause()
        assert "Move Quinn Baker to Scheduled" in screen_text(app)
        assert app.screen.query_one("#f-starts_at").value == "2026-11-24 10:00"
        app.screen.query_one("#f-starts_at").value = "wed 15:30"
        app.screen.query_one("#f-format").value = "phone"
        await pilot.press("enter")
        await pilot.pause()
        quinn = Contact.get_by_id(ids["Quinn Baker"])
        meeting = Meeting.get(Meeting.contact == quinn.id)
        assert quinn.stage == "scheduled"
        assert (meeting.starts_at, meeting.format) == (dt.datetime(2026, 11, 25, 15, 30), "phone")
        assert "Quinn Baker" not in screen_text(app)
        assert "Triage: 7 waiting" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)


async def test_a_long_list_scrolls_with_the_cursor_and_skips_titles(db_path, clock):
    rules = Rules(timezone="UTC", daily_request_goal=0)
    commands = Commands.build(rules, clock=clock)
    for i in range(120):
        cid = commands.contacts.add_contact(f"Person {i:03d}").contact_id
        commands.pipeline.move(cid, "met", at=clock() - dt.timedelta(minutes=120 - i))
    cid = commands.contacts.add_contact("Asked Long Ago").contact_id
    commands.pipeline.log(cid, "request", at=clock() - dt.timedelta(days=20))
    app = BoardApp(Settings(rules=rules), clock=clock, start="today")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert today_current(app) == "Person 000"
        await pilot.press("pagedown")
        assert today_current(app) not in ("Person 000", "Person 001")
        await pilot.press("G")
        await pilot.pause()
        assert today_current(app) == "Asked Long Ago"
        await pilot.press("k")  # over the group title and the blank line above it
        await pilot.pause()
        assert today_current(app) == "Person 119"
        assert "Person 119" in screen_text(app).split("d: log")[0]  # scrolled into view
        await pilot.press("home")
        await pilot.pause()
        assert today_current(app) == "Person 000"
        assert "Thank-yous" in screen_text(app)  # the title above stays in view


async def test_review_keys_can_be_remapped_by_id(db_path, clock):
    rules = Rules(timezone="UTC")
    app, ids = demo_app(clock, rules)
    app.settings = Settings(rules=rules, keys={"today": "y", "today_skip": "x"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("x")
        await pilot.pause()
        assert Event.get(Event.kind == "skipped").contact_id == ids["Rosa Jimenez"]


async def test_call_mode_from_today(db_path, clock):
    from iivboard.tui.screens.call import CallScreen

    app, ids = demo_app(clock, start="today")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert today_current(app) == "Rosa Jimenez"  # a meeting today
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert app.screen.contact_id == ids["Rosa Jimenez"]


async def test_a_reply_with_no_time_agreed_is_on_today_with_the_cards_words(db_path, clock):
    rules = Rules(timezone="UTC", daily_request_goal=0)
    commands = Commands.build(rules, clock=clock)
    cid = commands.contacts.add_contact("Ada Okafor", organization="Acme").contact_id
    commands.pipeline.log(cid, "request", at=clock() - dt.timedelta(days=7))
    commands.pipeline.log(cid, "reply", at=clock() - dt.timedelta(hours=1))
    app = BoardApp(Settings(rules=rules), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "replied: schedule due" in screen_text(app)  # the card on the board
        await pilot.press("t")
        await pilot.pause()
        text = screen_text(app)
        assert "Monday 23 November 2026: 1 to do" in text
        assert "Replied: agree a time" in text
        assert "Ada Okafor (Acme)  replied: schedule due: they replied today, no time" in text
        assert "d: ask for the meeting time and schedule it (to Scheduled)" in text
        await pilot.press("d")
        await pilot.pause()
        assert "Move Ada Okafor to Scheduled" in screen_text(app)
        app.screen.query_one("#f-starts_at").value = "wed 15:30"
        await pilot.press("enter")
        await pilot.pause()
        contact = Contact.get_by_id(cid)
        assert contact.stage == "scheduled" and contact.due_kind == "confirm"
        meeting = Meeting.get(Meeting.contact == cid)
        assert meeting.starts_at == dt.datetime(2026, 11, 25, 15, 30)
        assert "nothing due today" in screen_text(app)


async def test_triage_at_80_columns_keeps_what_3b7_says_readable(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, TriageScreen)
        lines = screen_text(app).splitlines()
        heading = next(line for line in lines if "Name" in line and "Organization" in line)
        assert "3B7 says" in heading and "Channel" not in heading
        omar = next(line for line in lines if "Omar Farouk" in line)
        assert "follow up now (f), once" in omar
        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        heading = next(line for line in screen_text(app).splitlines() if "Organization" in line)
        assert "Channel" in heading and "3B7 says" in heading


async def test_today_lines_up_what_is_due_and_keeps_red_for_late(db_path, clock):
    from tests.tui_helpers import screen_text as raw_text

    app, _ = demo_app(clock)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        lines = raw_text(app).splitlines()
        starts = {
            line.index(words)
            for line, words in (
                (next(x for x in lines if "Ximena Cruz" in x), "met "),
                (next(x for x in lines if "Rosa Jimenez" in x), "today 14:00"),
                (next(x for x in lines if "Omar Farouk" in x), "asked "),
            )
        }
        assert len(starts) == 1  # what is due starts in one column, whoever it is for
        today = app.screen
        overdue = today._line(
            next(i for i, x in enumerate(today.lines) if getattr(x, "name", "") == "Ximena Cruz")
        )
        due = today._line(
            next(i for i, x in enumerate(today.lines) if getattr(x, "name", "") == "Wen Li")
        )
        assert overdue.spans[-1].style.color.name == "red"
        assert due.spans[-1].style.color is None  # due today: plain, not a second warning colour
