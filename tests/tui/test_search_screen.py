"""The search screen: ctrl+f on the board, results as you type, enter opens the contact."""

from __future__ import annotations

from iivboard.tui.commands import BOARD_ACTIONS
from iivboard.tui.screens.contact import ContactScreen
from iivboard.tui.screens.search import SearchScreen
from tests.tui_helpers import SIZE, demo_app, screen_text, searched, text_of


async def search_for(pilot, text: str) -> SearchScreen:
    """ctrl+f on the board, `text` typed, its hits shown."""
    await pilot.press("ctrl+f", *text)
    await searched(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def test_typing_shows_the_hits_and_enter_opens_the_contact(db_path, clock):
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        assert "Type to search everything written" in screen_text(app)
        await pilot.press(*"hiring fr")  # the last word as it is being typed
        await searched(pilot)
        results = text_of(app.screen.query_one("#search-results"))
        assert "Victor Huang (Atlas Robotics)" in results
        assert "Team of 6; hiring freeze until spring." in results
        assert "Grace Kim" not in results  # "hiring conflict" has no word starting "fr"
        assert "1 found" in screen_text(app)
        preview = text_of(app.screen.query_one("#search-preview"))
        assert "Victor Huang (Atlas Robotics)  meeting " in preview
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.contact_id == ids["Victor Huang"]
        await pilot.press("escape")  # back to the hits as they were
        assert isinstance(app.screen, SearchScreen)
        assert "Victor Huang" in text_of(app.screen.query_one("#search-results"))
        await pilot.press("escape")
        assert app.screen is app.board


async def test_up_and_down_choose_the_hit_enter_opens(db_path, clock):
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search_for(pilot, "lumen")
        assert len(screen.hits) >= 4 and {h.organization for h in screen.hits} == {"Lumen Energy"}
        await pilot.press("down", "down", "up")
        chosen = screen.hits[1]
        assert chosen.name in text_of(screen.query_one("#search-preview"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.contact_id == chosen.contact_id


async def test_a_meeting_hit_opens_the_contact_at_its_meetings(clock, commands):
    app, ids = demo_app(clock)
    # A long history, so the meetings are below the first screenful.
    for n in range(40):
        commands.pipeline.log(ids["Wen Li"], "note", note=f"line {n}")
    commands.contacts.update_contact(ids["Wen Li"], notes="\n".join(["padding"] * 30))
    async with app.run_test(size=(100, 24)) as pilot:
        await search_for(pilot, "dashboards")
        assert [h.kind for h in app.screen.hits] == ["meeting"]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        shown = screen_text(app)
        assert "Meetings" in shown and "dashboards for clinicians" in shown
        assert "Organization" not in shown  # scrolled past the fields


async def test_hostile_text_is_shown_literally_and_never_breaks_the_screen(clock, commands):
    app, ids = demo_app(clock)
    commands.pipeline.log(ids["Wen Li"], "note", note="[bold red]zebra[/] \x1b[2J stripes")
    async with app.run_test(size=SIZE) as pilot:
        await search_for(pilot, "zebra")
        results = text_of(app.screen.query_one("#search-results"))
        assert "[bold red]zebra[/] ␛[2J stripes" in results
        for hostile in ['"', "NEAR(", "*", "[/]", "a OR (b"]:
            app.screen.query_one("#search-query").value = hostile
            await searched(pilot)
            assert isinstance(app.screen, SearchScreen)
        app.screen.query_one("#search-query").value = "* :"
        await searched(pilot)
        assert "Nothing to search for" in screen_text(app)
        app.screen.query_one("#search-query").value = "qwertyuiop"
        await searched(pilot)
        assert "Nothing found" in screen_text(app)
        await pilot.press("enter")  # no hit: nothing to open
        assert isinstance(app.screen, SearchScreen)


async def test_typing_fast_runs_one_query_not_one_per_key(db_path, clock, monkeypatch):
    app, _ids = demo_app(clock)
    calls: list[str] = []
    search = app.facade.search

    def counting(query, *args, **kwargs):
        calls.append(query)
        return search(query, *args, **kwargs)

    monkeypatch.setattr(app.facade, "search", counting)
    async with app.run_test(size=SIZE) as pilot:
        await search_for(pilot, "clinicians")
        assert calls[-1] == "clinicians" and len(calls) < len("clinicians")


async def test_the_palette_offers_search():
    assert (
        "Search everything written: notes, meetings, contacts",
        "ctrl+f",
        "app.show_search",
    ) in (BOARD_ACTIONS)


async def test_hits_follow_writes_from_elsewhere_and_keep_the_cursor(db_path, clock):
    import sqlite3

    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search_for(pilot, "lumen")
        await pilot.press("down")
        chosen = screen.hits[1]
        other = sqlite3.connect(db_path)  # the CLI, say
        other.execute(
            "UPDATE contact SET name = 'Wen Lumen' WHERE id = ?",  # a name ranks first
            (ids["Wen Li"],),
        )
        other.commit()
        other.close()
        app.watcher.check()
        await pilot.pause(0.1)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.hits[0].name == "Wen Lumen"
        now_on = screen.hits[screen.results.current]  # still on the same hit (its score moved)
        assert (now_on.contact_id, now_on.kind) == (chosen.contact_id, chosen.kind)
