"""Reading what the TUI shows, for Pilot tests."""

from __future__ import annotations

import sys

from textual.widget import Widget

from iivboard.app.commands import Commands
from iivboard.app.demo import seed_demo
from iivboard.domain.policy import Rules
from iivboard.io.settings import Settings
from iivboard.tui.app import BoardApp
from iivboard.tui.widgets.card_column import CardColumn

SIZE = (160, 45)  # the terminal size most Pilot tests run at


def lines_of(widget: Widget) -> list[str]:
    """What the terminal shows inside a widget's region, line by line."""
    region = widget.region
    strips = widget.app.screen._compositor.render_strips()
    return [
        "".join(segment.text for segment in strip.crop(region.x, region.right))
        for strip in strips[region.y : region.bottom]
    ]


def col(app, stage: str) -> CardColumn:
    """The board's column for one stage."""
    return app.screen.query_one(f"#col-{stage}", CardColumn)


def text_of(widget: Widget) -> str:
    return "\n".join(lines_of(widget))


def screen_text(app) -> str:
    """The whole terminal as the user sees it, one line per row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def cursor_to(pilot, names: list[str], name: str) -> None:
    """Press j or k until the list screen's selected row is `name` (rows named `names`)."""
    screen = pilot.app.screen
    target = names.index(name)
    cursor = screen.list_widget().cursor
    await pilot.press(*["j" if target > cursor else "k"] * abs(target - cursor))
    assert screen.current.name == name


def aligned_text(app) -> str:
    """screen_text with each run of spaces that lines up a column read as two: tests of
    what a line says, not of where its columns start."""
    import re

    return re.sub(r" {2,}", "  ", screen_text(app))


def demo_app(clock, rules: Rules | None = None, **kwargs) -> tuple[BoardApp, dict[str, int]]:
    rules = rules or Rules(timezone="UTC")
    ids = seed_demo(Commands.build(rules, clock=clock), clock())
    return BoardApp(Settings(rules=rules), clock=clock, **kwargs), ids


def fake_editor(tmp_path, monkeypatch, edit: str):
    """Set $EDITOR to a small script that rewrites the file it is given, like a user would:
    `edit` is Python that changes `text` (the file's content)."""
    script = tmp_path / "fake-editor"
    body = "\n".join(
        [
            "#!" + sys.executable,
            "import os, stat, sys",
            "path = sys.argv[1]",
            "text = open(path, encoding='utf-8').read()",
            edit,
            "open(path, 'w', encoding='utf-8').write(text)",
            "",
        ]
    )
    script.write_text(body)
    script.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    return script


def record_notices(app) -> list[str]:
    """Every notice the app shows from now on (they are toasts, drawn on their own layer)."""
    seen: list[str] = []
    show = app.notify

    def notify(message, **kwargs):
        seen.append(str(message))
        return show(message, **kwargs)

    app.notify = notify
    return seen


def demo_database(path, now) -> None:
    """A database file with the demo data as of `now`, closed, for a CLI subprocess."""
    from iivboard.app.facade import Facade

    facade = Facade.open(path, Settings(rules=Rules(timezone="UTC")), lambda: now)
    facade.seed_demo()
    facade.store.close()


async def searched(pilot) -> None:
    """Wait until the search screen shows the hits of what is typed (after the debounce
    timer and the worker), however busy the machine is."""

    screen = pilot.app.screen
    for _ in range(200):
        await pilot.pause(0.05)
        if screen.shown_query == screen.query_text:
            break
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
