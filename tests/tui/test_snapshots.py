"""One snapshot per screen, on the demo data with a fixed clock, at 160x45 and 80x24.

A failing snapshot means the screen now looks different: look at the report's picture
before accepting it with --snapshot-update.
"""

from __future__ import annotations

import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui_helpers import demo_app, searched

SIZES = {"wide": (160, 45), "small": (80, 24)}

Steps = Callable[[Pilot, dict[str, int]], Awaitable[None]]


async def _keys(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def board(pilot: Pilot, ids: dict[str, int]) -> None:
    await pilot.pause()


async def board_filtered(pilot: Pilot, ids: dict[str, int]) -> None:
    await _keys(pilot, "slash", *"north", "enter")


async def contact(pilot: Pilot, ids: dict[str, int]) -> None:
    pilot.app.open_contact(ids["Rosa Jimenez"])  # type: ignore[attr-defined]
    await pilot.pause()


async def notes(pilot: Pilot, ids: dict[str, int]) -> None:
    await contact(pilot, ids)
    await _keys(pilot, "n")


async def today(pilot: Pilot, ids: dict[str, int]) -> None:
    await _keys(pilot, "t")


async def today_week(pilot: Pilot, ids: dict[str, int]) -> None:
    await _keys(pilot, "t", "w")


async def message_thank_you(pilot: Pilot, ids: dict[str, int]) -> None:
    # A met contact: the draft asks for the one thing, the notes are beside it.
    pilot.app.write_message(ids["Victor Huang"], "thank-you")  # type: ignore[attr-defined]
    await pilot.pause()


async def triage(pilot: Pilot, ids: dict[str, int]) -> None:
    await _keys(pilot, "T")


async def organizations(pilot: Pilot, ids: dict[str, int]) -> None:
    await _keys(pilot, "O", "j", "j", "j", "j")  # Atlas Robotics: someone waits there


async def stats(pilot: Pilot, ids: dict[str, int]) -> None:
    await _keys(pilot, "S")
    await pilot.pause(0.3)  # the figures come from a worker


async def help_screen(pilot: Pilot, ids: dict[str, int]) -> None:
    await _keys(pilot, "question_mark")


async def call(pilot: Pilot, ids: dict[str, int]) -> None:
    pilot.app.open_call(ids["Rosa Jimenez"])  # type: ignore[attr-defined]
    await pilot.pause()


async def prep(pilot: Pilot, ids: dict[str, int]) -> None:
    pilot.app.open_prep(ids["Rosa Jimenez"])  # type: ignore[attr-defined]
    await pilot.pause()


async def message(pilot: Pilot, ids: dict[str, int]) -> None:
    pilot.app.write_message(ids["Kofi Mensah"])  # type: ignore[attr-defined]
    await pilot.pause()


async def import_file(pilot: Pilot, ids: dict[str, int]) -> None:
    await _keys(pilot, "I")


async def add_form(pilot: Pilot, ids: dict[str, int]) -> None:
    await _keys(pilot, "a")


async def close_choice(pilot: Pilot, ids: dict[str, int]) -> None:
    # A requested card: every decline reason (someone never asked gets "not pursuing" only).
    await _keys(pilot, "l", "d")


async def move_form(pilot: Pilot, ids: dict[str, int]) -> None:
    await _keys(pilot, "L")  # identified -> requested asks how the request went out


async def search(pilot: Pilot, ids: dict[str, int]) -> None:
    await _keys(pilot, "ctrl+f")
    pilot.app.screen.query_one("#search-query").cursor_blink = False  # the same every time
    await _keys(pilot, *"hiring")
    await searched(pilot)  # the debounce, then the worker


async def another_meeting_clash(pilot: Pilot, ids: dict[str, int]) -> None:
    """R on someone already thanked, a time over Rosa's meeting: the warning, not saved."""
    pilot.app.open_contact(ids["Aiko Tanaka"])  # type: ignore[attr-defined]
    await _keys(pilot, "R")
    pilot.app.screen.query_one("#f-starts_at", Input).value = "2026-11-23 14:10"
    await _keys(pilot, "enter")


SCREENS: dict[str, Steps] = {
    "board": board,
    "board_filtered": board_filtered,
    "contact": contact,
    "notes": notes,
    "today": today,
    "today_week": today_week,
    "triage": triage,
    "organizations": organizations,
    "stats": stats,
    "help": help_screen,
    "call": call,
    "prep": prep,
    "message": message,
    "message_thank_you": message_thank_you,
    "import": import_file,
    "add_form": add_form,
    "close_choice": close_choice,
    "move_form": move_form,
    "search": search,
    "another_meeting_clash": another_meeting_clash,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen_snapshot(snap_compare, db_path, clock, monkeypatch, screen: str, size: str) -> None:
    # The import screen shows the home folder: a fixed one keeps the picture stable.
    home = Path(tempfile.gettempdir()) / "iivboard-snapshot-home"
    (home / "Downloads").mkdir(parents=True, exist_ok=True)
    (home / "Downloads" / "Connections.csv").touch()
    monkeypatch.setenv("HOME", str(home))
    app, ids = demo_app(clock)
    steps = SCREENS[screen]

    async def run_before(pilot: Pilot) -> None:
        await steps(pilot, ids)
        # A blinking cursor is drawn or not depending on when the picture is taken: on a
        # busy machine that made the same screen differ. A steady cursor is always drawn.
        for field in pilot.app.screen.query("Input, TextArea"):
            field.cursor_blink = False  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)
