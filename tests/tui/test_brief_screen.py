"""b on the contact screen: the brief on the contact's organization, saved with s."""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path

import pytest
from textual.pilot import Pilot

from iivboard.tui.screens.brief import BriefScreen
from tests.tui_helpers import SIZE, demo_app, record_notices, screen_text

SIZES = {"wide": (160, 45), "small": (80, 24)}


async def test_b_opens_the_brief_and_s_saves_it_as_markdown(db_path, clock, tmp_path):
    app, ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notices(app)
        app.open_contact(ids["Victor Huang"])
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)
        shown = screen_text(app)
        assert "Brief on Atlas Robotics" in shown
        assert "Victor Huang, Team Lead: Met; thank-you today 14:20" in shown
        assert "Team of 6; hiring freeze until spring." in shown
        await pilot.press("G")  # the end of a long brief scrolls into view
        await pilot.pause()
        assert "Open items" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        field = app.screen.query_one("#f-path")
        assert field.value == str(Path.home() / "brief-atlas-robotics.md")  # no Documents here
        field.value = str(tmp_path)  # a folder takes the name offered
        await pilot.press("enter")
        await pilot.pause()
        target = tmp_path / "brief-atlas-robotics.md"
        assert notices[-1] == f"Brief saved: {target}"
        assert target.read_text(encoding="utf-8").startswith("# Atlas Robotics\n")
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#f-path").value = str(tmp_path / "missing" / "x.md")
        await pilot.press("enter")
        await pilot.pause()
        assert "cannot write" in notices[-1]
        assert isinstance(app.screen, BriefScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert "Brief on" not in screen_text(app)


async def test_the_palette_opens_the_brief_on_an_organization_by_name(db_path, clock):
    app, _ids = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Brief on Lumen")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)
        assert "Brief on Lumen Energy" in screen_text(app)
        assert "Yusuf Kaya, Policy Advisor: Thanked" in screen_text(app)


async def test_user_text_is_shown_literally_never_as_markup(db_path, clock, commands):
    app, ids = demo_app(clock)
    commands.contacts.update_contact(ids["Victor Huang"], role="[bold red]Lead[/] \x1b[31m")
    async with app.run_test(size=SIZE) as pilot:
        app.open_contact(ids["Victor Huang"])
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert "Victor Huang, [bold red]Lead[/] ␛[31m: Met" in screen_text(app)


async def test_a_contact_without_an_organization_gets_a_notice(db_path, clock, commands):
    app, _ids = demo_app(clock)
    cid = commands.contacts.add_contact("Solo Person").contact_id
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notices(app)
        app.open_contact(cid)
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert notices[-1] == "Solo Person has no organization to brief on"
        assert not isinstance(app.screen, BriefScreen)


@pytest.mark.parametrize("size", SIZES)
def test_brief_snapshot(snap_compare, db_path, clock, monkeypatch, size: str) -> None:
    monkeypatch.setenv("HOME", str(Path(tempfile.gettempdir()) / "iivboard-snapshot-home"))
    app, ids = demo_app(clock)

    async def run_before(pilot: Pilot) -> None:
        app.open_contact(ids["Rosa Jimenez"])
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)
