"""What the base screen gives every screen: undo and redo, the notice after a change, and
"Not done" for a refusal only (a bug is a traceback, not a notice)."""

from __future__ import annotations

import pytest

from iivboard.app.commands import Commands
from iivboard.domain.policy import Rules
from iivboard.io.settings import Settings
from iivboard.storage.models import Contact
from iivboard.tui.app import BoardApp
from iivboard.tui.screens.contact import ContactScreen
from tests.tui_helpers import SIZE, record_notices, screen_text


async def open_contact(pilot, app: BoardApp, contact_id: int) -> ContactScreen:
    app.open_contact(contact_id)
    await pilot.pause()
    assert isinstance(app.screen, ContactScreen)
    return app.screen


async def test_undo_and_redo_on_the_contact_screen(db_path, clock):
    rules = Rules(timezone="UTC")
    commands = Commands.build(rules, clock=clock)
    ada = commands.contacts.add_contact("Ada Closed", organization="Acme").contact_id
    commands.pipeline.log(ada, "request")
    commands.pipeline.close(ada, "declined", reason="busy")
    app = BoardApp(Settings(rules=rules), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notices(app)
        await open_contact(pilot, app, ada)
        assert "(closed: declined: too busy)" in screen_text(app)

        await pilot.press("r")  # reopen
        assert Contact.get_by_id(ada).outcome is None
        assert "closed:" not in screen_text(app)
        assert [c.name for c in app.board.column("identified").cards] == ["Ada Closed"]

        await pilot.press("u")
        assert Contact.get_by_id(ada).outcome == "declined"
        assert "(closed: declined: too busy)" in screen_text(app)
        assert notices[-1].startswith("Undid: ")
        assert app.board.column("identified").cards == []  # the board redrew under us

        await pilot.press("ctrl+r")
        assert Contact.get_by_id(ada).outcome is None
        assert "closed:" not in screen_text(app)
        assert notices[-1].startswith("Redid: ")
        assert [c.name for c in app.board.column("identified").cards] == ["Ada Closed"]


async def test_a_refusal_is_a_notice_and_changes_nothing(db_path, clock):
    rules = Rules(timezone="UTC")
    ada = Commands.build(rules, clock=clock).contacts.add_contact("Ada").contact_id
    app = BoardApp(Settings(rules=rules), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_contact(pilot, app, ada)
        await pilot.press("ctrl+r")  # nothing was undone: nothing to redo
        await pilot.pause()
        shown = [(n.title, n.message) for n in app._notifications]
        assert ("Not done", "nothing to redo") in shown
        assert isinstance(app.screen, ContactScreen)
        assert Contact.get_by_id(ada).name == "Ada"


async def test_a_bug_in_a_command_is_not_turned_into_a_notice(db_path, clock):
    rules = Rules(timezone="UTC")
    ada = Commands.build(rules, clock=clock).contacts.add_contact("Ada").contact_id
    app = BoardApp(Settings(rules=rules), clock=clock)

    def broken() -> None:
        raise ValueError("a programming error")

    app.facade.undo = broken  # type: ignore[method-assign]
    with pytest.raises(ValueError, match="a programming error"):
        async with app.run_test(size=SIZE) as pilot:
            await open_contact(pilot, app, ada)
            await pilot.press("u")
            await pilot.pause()
    assert not any(n.title == "Not done" for n in app._notifications)
