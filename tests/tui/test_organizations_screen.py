"""The Organizations screen (O on the board), driven with Pilot: what it shows, what the
keys store in the database, undo, and enter back to the board showing one organization."""

from __future__ import annotations

from iivboard.storage.models import Organization
from iivboard.tui.commands import BOARD_ACTIONS
from iivboard.tui.screens.board import BoardScreen
from iivboard.tui.screens.forms import FormScreen
from iivboard.tui.screens.organizations import OrganizationsScreen
from tests.tui_helpers import SIZE, col, cursor_to, demo_app, record_notices, screen_text


def ranks() -> dict[str, int | None]:
    return {o.name: o.rank for o in Organization.select()}


def ranked_names() -> list[str]:
    return [
        o.name
        for o in Organization.select()
        .where(Organization.rank.is_null(False))
        .order_by(Organization.rank)
    ]


async def open_list(pilot) -> OrganizationsScreen:
    await pilot.press("O")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, OrganizationsScreen)
    return screen


async def select(pilot, name: str) -> None:
    await cursor_to(pilot, [v.name for v in pilot.app.screen.views], name)


async def test_the_list_shows_ranks_counts_and_who_waits(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot)
        text = screen_text(app)
        assert "Organizations: 8, 6 ranked on your target list, top first" in text
        lines = text.splitlines()
        first = next(line for line in lines if "Northwind Health" in line)
        assert first.split()[:9] == ["#1", "Northwind", "Health", "2", "2", "1", "1", "·", "1"]
        atlas = next(line for line in lines if "Atlas Robotics" in line)
        assert atlas.rstrip().endswith("Omar Farouk")  # asked long ago, never followed up
        unranked = [line.split()[1] for line in lines if line.strip().startswith("—")]
        assert unranked == ["City", "Museo"]  # after the ranked ones, by name


async def test_shift_k_and_j_move_the_selected_one_and_undo_restores(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot)
        notices = record_notices(app)
        before = ranked_names()
        await select(pilot, "Harbor Books")
        await pilot.press("K")
        await pilot.pause()
        assert ranks()["Harbor Books"] == 3 and ranks()["Civic Data Lab"] == 4
        assert screen.current.name == "Harbor Books"  # the cursor goes with it
        assert notices[-1] == "Ranked Harbor Books #3"
        await pilot.press("J", "J")
        await pilot.pause()
        assert ranked_names()[:5] == [
            "Northwind Health",
            "Lumen Energy",
            "Civic Data Lab",
            "Atlas Robotics",
            "Harbor Books",
        ]
        assert "   #5  Harbor Books" in screen_text(app)
        await pilot.press("u", "u", "u")
        await pilot.pause()
        assert ranked_names() == before
        assert notices[-1] == "Undid: Ranked Harbor Books #3"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert ranks()["Harbor Books"] == 3


async def test_moving_past_the_ends_is_a_notice_that_changes_nothing(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot)
        notices = record_notices(app)
        before = ranks()
        await pilot.press("K")  # Northwind is #1
        await pilot.pause()
        assert notices[-1] == "Northwind Health is already at the top of the target list"
        await select(pilot, "Museo Digital")
        await pilot.press("J")
        await pilot.pause()
        assert "not on the target list" in notices[-1]
        assert ranks() == before
        await pilot.press("K")  # up from unranked: onto the list, at the bottom
        await pilot.pause()
        assert ranks()["Museo Digital"] == 7


async def test_r_puts_it_at_a_rank_by_number(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot)
        await select(pilot, "City Transit")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "7 the bottom" in screen_text(app)
        await pilot.press("ctrl+u", "x", "enter")  # not a number: said, and the form stays
        await pilot.pause()
        assert "a whole number" in screen_text(app) and ranks()["City Transit"] is None
        await pilot.press("ctrl+u", "2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, OrganizationsScreen)
        assert ranked_names()[:3] == ["Northwind Health", "City Transit", "Lumen Energy"]
        assert sorted(r for r in ranks().values() if r) == list(range(1, 8))
        await pilot.press("r", "ctrl+u", "0", "enter")  # 0 takes it off the list
        await pilot.pause()
        assert ranks()["City Transit"] is None and ranks()["Lumen Energy"] == 2


async def test_e_edits_website_and_notes_shown_literally(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"https://nw.example", "tab", *"[b]hiring[/b] in spring", "enter")
        await pilot.pause()
        org = Organization.get(Organization.name == "Northwind Health")
        assert (org.website, org.notes) == ("https://nw.example", "[b]hiring[/b] in spring")
        text = screen_text(app)
        assert "website: https://nw.example" in text and "notes: [b]hiring[/b] in spring" in text
        await pilot.press("u")
        await pilot.pause()
        org = Organization.get(Organization.name == "Northwind Health")
        assert (org.website, org.notes) == ("", "")
        assert "notes: —" in screen_text(app)


async def test_enter_shows_the_board_with_only_its_contacts_and_escape_shows_all(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot)
        await select(pilot, "Harbor Books")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert "organization: Harbor Books (escape shows all)" in screen_text(app)
        orgs = {app.screen.all_cards[cid].organization for cid in app.screen.where}
        assert orgs == {"Harbor Books"}
        assert len(app.screen.where) == 4  # open contacts there: 1 + 1 + 1 + 1
        assert app.screen.current is not None
        await pilot.press("escape")
        await pilot.pause()
        assert "organization:" not in screen_text(app)
        assert len(col(app, "identified").cards) == 14


async def test_the_palette_and_the_key_open_it_and_escape_goes_back(db_path, clock):
    assert ("Organizations: the target list, ranked", "O", "app.show_organizations") in (
        BOARD_ACTIONS
    )
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        app.run_board_action("app.show_organizations")
        await pilot.pause()
        assert isinstance(app.screen, OrganizationsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_a_change_from_the_cli_shows_within_two_seconds(db_path, clock):
    from tests.tui.test_watcher import cli

    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot)
        cli(db_path, "org", "rank", "Museo", "1")
        await pilot.pause(1.5)
        assert screen.views[0].name == "Museo Digital"


async def test_b_opens_the_brief_on_the_selected_organization(db_path, clock):
    from iivboard.tui.screens.brief import BriefScreen

    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot)
        await select(pilot, "Atlas Robotics")
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)
        shown = screen_text(app)
        assert "Brief on Atlas Robotics" in shown
        assert "Team of 6; hiring freeze until spring." in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OrganizationsScreen)
