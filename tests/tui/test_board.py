"""The board, driven with Pilot the way a user drives it; each test checks screen and database."""

from __future__ import annotations

import datetime as dt
import sqlite3

from iivboard.app.commands import Commands
from iivboard.domain.policy import Rules
from iivboard.io.settings import Settings
from iivboard.storage.models import Contact, Meeting
from iivboard.tui.app import BoardApp
from iivboard.tui.widgets.card_column import CardColumn
from tests.tui_helpers import SIZE, col, demo_app, screen_text, text_of


def focused_stage(app) -> str:
    return app.screen.active_stage


async def test_board_shows_six_columns_with_counts(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [str(c.border_title) for c in app.screen.query(CardColumn)]
        open_by_stage = {
            s: Contact.select().where(Contact.stage == s, Contact.outcome.is_null()).count()
            for s in ("identified", "requested", "scheduled", "met", "thanked", "in_touch")
        }
        assert titles == [
            f"Identified {open_by_stage['identified']}",
            f"Requested {open_by_stage['requested']}",
            f"Scheduled {open_by_stage['scheduled']}",
            f"Met {open_by_stage['met']}",
            f"Thanked {open_by_stage['thanked']}",
            f"In touch {open_by_stage['in_touch']}",
        ]
        requested = text_of(col(app, "requested"))
        # Soonest due first: Omar asked 7 business days ago, so his follow-up is due today.
        assert requested.splitlines()[0].startswith("╭─ Requested")
        assert requested.splitlines()[1].strip("│ ") == "Omar Farouk"
        assert "follow up due" in requested
        assert "thank-you overdue" in text_of(col(app, "met"))
        top = text_of(app.screen.query_one("#topbar"))
        assert "overdue" in top and "contacts" in top


async def test_cursor_keys(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        assert focused_stage(app) == "identified"
        await pilot.press("l")
        assert focused_stage(app) == "requested"
        await pilot.press("right", "h")
        assert focused_stage(app) == "requested"
        column = col(app, "requested")
        await pilot.press("j", "j", "down")
        assert column.cursor == 3
        await pilot.press("k", "up")
        assert column.cursor == 1
        await pilot.press("G")
        assert column.cursor == len(column.cards) - 1
        await pilot.press("g")
        assert column.cursor == 0
        await pilot.press("pagedown")
        assert column.cursor > 0


async def test_move_forward_asks_for_request_details_then_writes(db_path, clock):
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        first = col(app, "identified").current
        await pilot.press("L")
        await pilot.pause()
        assert "Move" in screen_text(app) and "Channel" in screen_text(app)
        await pilot.press("enter")  # the prefilled values are accepted as they are
        await pilot.pause()
        contact = Contact.get_by_id(first.id)
        assert contact.stage == "requested" and contact.request_channel == "email"
        assert focused_stage(app) == "requested"
        assert col(app, "requested").current.id == first.id
        assert first.id not in [c.id for c in col(app, "identified").cards]
        assert first.name in text_of(col(app, "requested"))
        await pilot.press("H")
        await pilot.pause()
        assert Contact.get_by_id(first.id).stage == "identified"


async def test_move_to_scheduled_validates_the_meeting_time(db_path, clock):
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        card = col(app, "requested").current
        await pilot.press("L")
        await pilot.pause()
        box = app.screen.query_one("#f-starts_at")
        box.value = "2026-02-30 10:00"
        await pilot.press("enter")
        await pilot.pause()
        assert "not a real date" in screen_text(app)
        assert Contact.get_by_id(card.id).stage == "requested"
        box.value = "wed 15:00"
        app.screen.query_one("#f-minutes").value = "30"
        await pilot.press("enter")
        await pilot.pause()
        meeting = Meeting.get(Meeting.contact == card.id)
        assert Contact.get_by_id(card.id).stage == "scheduled"
        assert meeting.minutes == 30 and meeting.starts_at.hour == 15
        assert meeting.starts_at.weekday() == 2


async def test_add_contact_with_name_required(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "Name is required" in screen_text(app)
        await pilot.press(*"Zed Quist")
        await pilot.press("tab", *"Northw")
        await pilot.press("right")  # accept the organization suggestion
        await pilot.press("enter")
        await pilot.pause()
        contact = Contact.get(Contact.name == "Zed Quist")
        assert contact.organization.name == "Northwind Health"
        assert col(app, "identified").current.id == contact.id


async def test_filter_as_you_type_and_escape_clears(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        total = sum(len(c.cards) for c in app.screen.query(CardColumn))
        await pilot.press("slash", *"harbor")
        await pilot.pause()
        shown = [card for c in app.screen.query(CardColumn) for card in c.cards]
        assert shown and all(card.organization == "Harbor Books" for card in shown)
        await pilot.press("escape")
        await pilot.pause()
        assert sum(len(c.cards) for c in app.screen.query(CardColumn)) == total


async def test_close_hide_show_and_undo_redo(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        card = col(app, "requested").current
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # declined: hiring conflict
        await pilot.pause()
        contact = Contact.get_by_id(card.id)
        assert (contact.outcome, contact.outcome_reason) == ("declined", "hiring_conflict")
        assert contact.retry_after is not None
        assert card.id not in [c.id for c in col(app, "requested").cards]
        await pilot.press("o")
        await pilot.pause()
        assert card.id in [c.id for c in col(app, "requested").cards]
        await pilot.press("o", "u")
        await pilot.pause()
        assert Contact.get_by_id(card.id).outcome is None
        undone = f"Undid: Closed {card.name} (declined: hiring for a role I may apply to)"
        assert any(n.message == undone for n in app._notifications)
        assert card.id in [c.id for c in col(app, "requested").cards]
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert Contact.get_by_id(card.id).outcome == "declined"


async def test_delete_asks_first_and_undo_brings_back(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        card = col(app, "identified").current
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert Contact.get_or_none(Contact.id == card.id) is not None
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert Contact.get_or_none(Contact.id == card.id) is None
        await pilot.press("u")
        await pilot.pause()
        assert Contact.get_by_id(card.id).name == card.name
        assert card.id in [c.id for c in col(app, "identified").cards]


async def test_contact_screen_and_edit_with_validation(db_path, clock):
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "l", "l")  # Met
        card = col(app, "met").current
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert card.name in text and "Timeline" in text and "thank-you" in text
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#f-email").value = "not an address"
        await pilot.press("enter")
        await pilot.pause()
        assert "does not look like an address" in screen_text(app)
        app.screen.query_one("#f-email").value = "new@example.org"
        app.screen.query_one("#f-role").value = "Staff Engineer"
        await pilot.press("enter")
        await pilot.pause()
        contact = Contact.get_by_id(card.id)
        assert (contact.email, contact.role) == ("new@example.org", "Staff Engineer")
        assert "Staff Engineer" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "Greenleaf Foods · Staf" in text_of(col(app, "met"))


HOSTILE = [
    "[bold]Ada[/]",
    "x [/",
    "[link=x]click[/link]",
    "\x1b[31mred\x1b[0m",
    "tab\there\x07",
    "🎉 Zoë 🎉",
    "\u202eevil\u202c שלום",
    "W" * 10_000,
]


async def test_hostile_names_show_literally_everywhere(db_path, clock):
    rules = Rules(timezone="UTC")
    commands = Commands.build(rules, clock=clock)
    ids = [
        commands.contacts.add_contact(name, organization=f"{name}-org", role="[/]").contact_id
        for name in HOSTILE
    ]
    app = BoardApp(Settings(rules=rules), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        text = text_of(col(app, "identified"))
        assert "[bold]Ada[/]" in text and "x [/" in text and "[link=x]click[/link]" in text
        assert "␛[31mred␛[0m" in text and "\x1b" not in text
        assert "🎉 Zoë 🎉" in text
        await pilot.press("slash", *"link")
        await pilot.pause()
        assert [c.name for c in col(app, "identified").cards] == ["[link=x]click[/link]"]
        await pilot.press("escape")
        for name, contact_id in zip(HOSTILE, ids):
            app.open_contact(contact_id)
            await pilot.pause()
            # The 10,000-character name wraps over the whole screen; the rest fit.
            assert ("W" * 150 if len(name) > 1000 else "Role            [/]") in screen_text(app)
            await pilot.press("escape")
        app.open_contact(ids[0])
        await pilot.pause()
        assert "[bold]Ada[/]" in screen_text(app)


async def test_small_terminal_still_works(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("l", "l", "l", "l", "l")
        assert focused_stage(app) == "in_touch"
        column = col(app, "in_touch")
        assert column.region.x >= 0 and column.region.right <= 40  # scrolled into view
        assert text_of(column).strip()


async def test_changes_from_another_process_show_within_two_seconds(db_path, clock):
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        selected = col(app, "identified").current.id
        other = sqlite3.connect(db_path)
        other.execute(
            "UPDATE contact SET name = 'Renamed Elsewhere' WHERE id = ?", (ids["Ada Okafor"],)
        )
        other.commit()
        other.close()
        await pilot.pause(2.0)
        names = [c.name for c in col(app, "identified").cards]
        assert "Renamed Elsewhere" in names and "Ada Okafor" not in names
        assert col(app, "identified").current.id == selected


async def test_help_lists_keys(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for words in (
            "Move →",
            "Filter",
            "Undo",
            "command palette",
            "Show/hide closed",
            "move_forward",
            "toggle_closed",
        ):
            assert words in text
        assert text.count("ctrl+q") == 1
        await pilot.press("escape")


async def test_keys_can_be_remapped(db_path, clock):
    rules = Rules(timezone="UTC")
    app, _ = demo_app(clock, rules)
    app.settings = Settings(rules=rules, keys={"add": "n"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert "Add a contact" in screen_text(app)


async def test_unknown_key_names_in_settings_are_reported(db_path, clock):
    rules = Rules(timezone="UTC")
    app, _ = demo_app(clock, rules)
    app.settings = Settings(rules=rules, keys={"add": "n", "fly_away": "f"})
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause(0.3)
        text = screen_text(app)  # the notice may wrap inside its toast
        assert "no key is called" in text and "fly_away" in text


async def test_palette_jumps_to_a_contact_and_runs_actions(db_path, clock):
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Jump to Victor")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.board.active_stage == "met"
        assert app.board.current.id == ids["Victor Huang"]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Add a contact")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert "Add a contact" in screen_text(app)


async def test_import_key_brings_new_contacts_onto_the_board(db_path, clock, tmp_path):
    from tests.samples import person, write_linkedin
    from tests.tui.test_import_screen import finish

    path = write_linkedin(
        tmp_path / "Connections.csv", [person(i, company="Northwind Health") for i in range(3)]
    )
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        before = len(col(app, "identified").cards)
        await pilot.press("I")
        await pilot.pause()
        app.screen.query_one("#path").value = str(path)
        await pilot.press("ctrl+r")
        await finish(pilot)
        await pilot.press("escape")
        await pilot.pause()
        names = [c.name for c in col(app, "identified").cards]
        assert len(names) == before + 3 and "First1 Last1" in names
        assert Contact.get(Contact.name == "First2 Last2").organization.name == "Northwind Health"


def test_every_screen_key_can_be_named_in_settings():
    from iivboard.tui.app import binding_ids

    ids = binding_ids()
    for name in (
        "move_forward",
        "today_done",
        "triage_mark",
        "call_end",
        "prep_do",
        "contact_edit",
        "quit",
    ):
        assert name in ids


async def test_bracket_channel_and_palette_names_are_literal(db_path, clock):
    rules = Rules(timezone="UTC")
    commands = Commands.build(rules, clock=clock)
    evil = commands.contacts.add_contact("Plain [/] Name", organization="[red]Org").contact_id
    commands.pipeline.log(evil, "request", channel="[/bold]x")
    app = BoardApp(Settings(rules=rules), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.open_contact(evil)
        await pilot.pause()
        assert "by [/bold]x" in screen_text(app)
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"plain")
        await pilot.pause(0.5)
        assert "Jump to Plain [/] Name ([red]Org)" in screen_text(app)


async def test_opening_a_contact_deleted_elsewhere_keeps_the_board(db_path, clock):
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        Commands.build(Rules(timezone="UTC"), clock=clock).contacts.delete_contact(
            ids["Ada Okafor"]
        )
        app.open_contact(ids["Ada Okafor"])
        await pilot.pause()
        assert app.screen is app.board
        assert any("no longer exists" in str(n.message) for n in app._notifications)


async def test_edit_form_keeps_what_another_program_changed(db_path, clock):
    app, ids = demo_app(clock)
    ada = ids["Ada Okafor"]
    async with app.run_test(size=SIZE) as pilot:
        app.open_contact(ada)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        # While the form is open, another program changes the phone.
        Contact.update(phone="+1 555 0100").where(Contact.id == ada).execute()
        app.screen.query_one("#f-role").value = "Head of Product"
        await pilot.press("enter")
        await pilot.pause()
    contact = Contact.get_by_id(ada)
    assert (contact.role, contact.phone) == ("Head of Product", "+1 555 0100")


async def test_met_form_proposes_the_end_of_a_meeting_that_has_passed(db_path, clock):
    rules = Rules(timezone="UTC")
    commands = Commands.build(rules, clock=clock)
    cid = commands.contacts.add_contact("Ada").contact_id
    commands.meetings.schedule(cid, dt.datetime(2026, 11, 20, 14, 0, tzinfo=dt.UTC))
    app = BoardApp(Settings(rules=rules), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "l", "L")
        await pilot.pause()
        assert app.screen.query_one("#f-at").value == "2026-11-20 14:20"
        await pilot.press("enter")
        await pilot.pause()
    assert Contact.get_by_id(cid).met_at == dt.datetime(2026, 11, 20, 14, 20)


async def test_contact_screen_names_who_referred_whom(db_path, clock):
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        app.open_contact(ids["Kira Novak"])
        await pilot.pause()
        line = next(row for row in screen_text(app).splitlines() if "Referred by" in row)
        assert line.split("Referred by")[-1].strip() == "Victor Huang"
        await pilot.press("escape")
        app.open_contact(ids["Victor Huang"])
        await pilot.pause()
        line = next(row for row in screen_text(app).splitlines() if "Referred you to" in row)
        assert line.split("Referred you to")[-1].strip() == "Kira Novak"


async def test_filter_matches_words_and_selects_the_best_match(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"lumen")
        await pilot.pause()
        shown = [card for c in app.screen.query(CardColumn) for card in c.cards]
        # Ada Okafor's tag "alumni" holds l-u-m-n in order; she is not at Lumen Energy.
        assert shown and all(card.organization == "Lumen Energy" for card in shown)
        for _ in "lumen":
            await pilot.press("backspace")
        await pilot.press(*"tomas", "enter")
        await pilot.pause()
        # Typed without the accent; Enter selects him wherever his column is, and the
        # board has the keys again.
        assert app.screen.current.name == "Tomás Alves"
        assert app.screen.active_stage == "scheduled"
        await pilot.press("l")
        assert app.screen.active_stage == "met"


async def test_screenshot_without_downloads_goes_to_a_private_folder(db_path, clock, tmp_path):
    import os
    import stat

    from iivboard.io.screenshots import screenshot_folder

    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        assert not (tmp_path / "home" / "Downloads").exists()
        app.deliver_screenshot()
        await pilot.pause()
        folder = screenshot_folder()
        [shot] = list(folder.glob("*.svg"))
        assert stat.S_IMODE(os.stat(shot).st_mode) == 0o600
        assert "Omar Farouk" in shot.read_text(encoding="utf-8").replace("&#160;", " ")
        assert any(str(shot) in n.message for n in app._notifications)


async def test_a_narrow_board_has_stage_tabs_and_keeps_the_selection_on_screen(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        board = app.screen
        shown = [c.stage for c in board.query(CardColumn) if c.display]
        assert len(shown) == 3
        tabs = text_of(board.query_one("#tabs"))
        for label in ("Identified", "Requested", "Scheduled", "Met", "Thanked", "In touch"):
            assert label in tabs
        # It opens on the column that needs action most: a thank-you overdue, not the
        # people still to ask.
        assert board.active_stage == "met"
        assert "thank-you overdue" in text_of(col(app, "met")).splitlines()[3]
        assert "Met 3!" in tabs  # the overdue mark
        await pilot.press("l", "l", "l")  # past the right edge of the window
        assert board.active_stage == "in_touch" and col(app, "in_touch").display
        for size in ((60, 20), (40, 20), (160, 45)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert col(app, "in_touch").display  # the selected column never slides away
            assert col(app, "in_touch").region.right <= size[0]
        assert all(c.display for c in board.query(CardColumn))
        assert not board.query_one("#tabs").display


async def test_the_key_bar_at_80_columns_names_the_screens_and_help(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = screen_text(app).splitlines()[-1]
        for words in ("t Today", "T Triage", "S Stats", "? Help", "^p palette"):
            assert words in bar
        # Every key of the board is still there, if only as its letter.
        for key in ("L", "H", "a", "/", "d", "x", "m", "c", "p", "u"):
            assert f" {key} " in f" {bar} "
