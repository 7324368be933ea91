"""One database watcher: what another process commits shows without a key press."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from iivboard.app.commands import Commands
from iivboard.domain.policy import Rules
from iivboard.io.settings import Settings
from iivboard.storage.models import Contact
from iivboard.tui.app import BoardApp
from iivboard.tui.screens.triage import TriageScreen
from tests.tui_helpers import SIZE, demo_app, screen_text


def cli(db_path, *args: str) -> None:
    """The CLI in a process of its own: its own connection, its own commit."""
    env = dict(os.environ, IIVBOARD_DB=str(db_path))
    done = subprocess.run(
        [sys.executable, "-m", "iivboard", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


async def test_a_contact_added_by_the_cli_appears_on_the_board_untouched(db_path, clock):
    app, _ = demo_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = [card.name for card in app.board.column("identified").cards]
        assert "Zed Watcher" not in before
        cli(db_path, "add", "Zed Watcher", "--org", "Elsewhere Ltd")
        await pilot.pause(1.5)  # no key: the watcher looks once a second
        names = [card.name for card in app.board.column("identified").cards]
        assert sorted(names) == sorted(before + ["Zed Watcher"])
        assert (
            f"{Contact.select().where(Contact.outcome.is_null()).count()} contacts"
            in (screen_text(app).splitlines()[0])
        )


async def test_triage_drops_a_contact_the_cli_closed(db_path, clock):
    rules = Rules(timezone="UTC")
    commands = Commands.build(rules, clock=clock)
    ada = commands.contacts.add_contact("Ada Waiting").contact_id
    commands.pipeline.log(ada, "request", at=clock() - dt.timedelta(days=3))
    commands.pipeline.log(
        commands.contacts.add_contact("Bo Waiting").contact_id,
        "request",
        at=clock() - dt.timedelta(days=2),
    )
    app = BoardApp(Settings(rules=rules), clock=clock, start="triage")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TriageScreen)
        assert [row.name for row in app.screen.rows] == ["Ada Waiting", "Bo Waiting"]
        cli(db_path, "close", str(ada), "no_response")
        await pilot.pause(1.5)
        assert [row.name for row in app.screen.rows] == ["Bo Waiting"]
        assert "Ada Waiting" not in screen_text(app)
        # The board underneath heard it too: Ada is off the Requested column.
        assert [card.name for card in app.board.column("requested").cards] == ["Bo Waiting"]
