"""The Textual app: one factory used by the CLI, the tests and the benchmark."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from textual.app import App
from textual.binding import Binding

from iivboard.io.settings import Settings
from iivboard.domain import pipeline
from iivboard.storage.store import open_database
from iivboard.app.service import Result, Service, ServiceError
from iivboard.present.text import visible
from iivboard.tui.commands import BoardCommands
from iivboard.tui.screens.board import BoardScreen
from iivboard.tui.screens.contact import ContactScreen
from iivboard.tui.screens.help import NAVIGATION, HelpScreen

Clock = Callable[[], dt.datetime]


def _system_clock() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class BoardApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "iivboard"
    COMMANDS = App.COMMANDS | {BoardCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
    ]

    def __init__(self, settings: Settings, clock: Clock | None = None,
                 start: str = "board") -> None:
        super().__init__()
        self.settings = settings
        self.rules: pipeline.Rules = settings.rules
        self._clock = clock or _system_clock
        self.service = Service(self.rules, clock=self._clock)
        self.start = start

    def on_mount(self) -> None:
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        self.board = BoardScreen()
        self.push_screen(self.board)
        if self.start == "today":
            self.action_show_today()
        elif self.start == "triage":
            self.action_show_triage()

    def check_keymap(self) -> None:
        """Called by the board once it is up: a notice raised before is never drawn."""
        if not self.settings.keys:
            return
        unknown = sorted(set(self.settings.keys) - binding_ids())
        if unknown:
            self.say(f"settings.toml [keys]: no key is called {', '.join(unknown)}; "
                     f"see the README for the names", severity="warning", timeout=10)

    # ------------------------------------------------------------ shared helpers

    def now(self) -> dt.datetime:
        return self._clock()

    def local_now(self) -> dt.datetime:
        return self._clock().astimezone(self.rules.zone())

    def attempt(self, method: Callable[..., Result], *args: Any, **kwargs: Any) -> Result | None:
        """Run one service call; a refusal becomes a notice and changes nothing."""
        try:
            return method(*args, **kwargs)
        except ServiceError as exc:
            self.say(str(exc), title="Not done", severity="error", timeout=6)
            return None

    def perform(self, method: Callable[..., Result], *args: Any, **kwargs: Any) -> Result | None:
        """attempt() for screens other than the board: the board redraws what changed, and a
        notice says what was done."""
        result = self.attempt(method, *args, **kwargs)
        if result is not None:
            self.announce(result)
        return result

    def announce(self, result: Result) -> None:
        """The board redraws what changed, and a notice says what was done."""
        self.changed(result)
        self.say(result.label)

    def say(self, message: str, *, title: str = "", severity: str = "information",
            timeout: float = 3) -> None:
        """A notice whose text may hold user data: shown literally, never as markup."""
        self.notify(visible(message), title=title, severity=severity, timeout=timeout,
                    markup=False)

    def changed(self, result: Result) -> None:
        """A screen other than the board changed contacts: the board redraws just those."""
        self.board.apply(result)

    def open_contact(self, contact_id: int) -> None:
        self.push_screen(ContactScreen(contact_id))

    def jump_to_contact(self, contact_id: int) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        board = self.board
        if board.filter_text:
            board.action_clear_filter()
        if contact_id not in board.where:
            board.show_closed = True  # a closed contact is only on the board with these
        board.reload(keep_id=contact_id)

    def write_message(self, contact_id: int) -> None:
        """m: pick a template, check it, copy/mail/edit it, log it as sent."""
        from iivboard.tui.screens.message import MessageScreen

        def done(result: Result | None) -> None:
            if result is not None:
                self.announce(result)

        self.push_screen(MessageScreen(self.service, contact_id, self.settings), done)

    def export_calendar(self, contact_id: int) -> None:
        """i: the contact's meetings as an .ics file a calendar app can import."""
        from iivboard.io.calendar_export import ExportError, export_contact

        try:
            path = export_contact(contact_id, self.rules, self.service.now())
        except (ExportError, OSError) as exc:
            self.say(str(exc), title="No calendar file", severity="error", timeout=6)
            return
        self.say(f"Calendar file written: {path}", timeout=6)

    def open_call(self, contact_id: int) -> None:
        """c: call mode, for a scheduled contact; any other gets a notice saying why not."""
        self._open_for_meeting(contact_id, "call")

    def open_prep(self, contact_id: int) -> None:
        """p: the prep checklist before a call."""
        self._open_for_meeting(contact_id, "prep")

    def _open_for_meeting(self, contact_id: int, which: str) -> None:
        from iivboard.app.calls import call_meeting
        from iivboard.tui.screens.call import CallScreen
        from iivboard.tui.screens.prep import PrepScreen

        _, meeting, reason = call_meeting(contact_id, "Call mode" if which == "call" else "Prep")
        if meeting is None:
            self.say(reason, severity="warning", timeout=5)
            return
        self.push_screen(CallScreen(contact_id) if which == "call" else PrepScreen(contact_id))

    def action_import(self) -> None:
        """I: a LinkedIn, vCard or spreadsheet file, with a progress bar and a summary."""
        from iivboard.tui.screens.import_file import ImportScreen

        def done(report) -> None:
            if report is not None:
                # An import can touch thousands of contacts: one reload beats per-card redraws.
                self.board.reload()

        self.push_screen(ImportScreen(self.service), done)

    def action_show_stats(self) -> None:
        """S: the funnel and the weekly rhythm."""
        from iivboard.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen(self.service))

    def action_show_today(self) -> None:
        """t: the daily review; escape goes back to the board."""
        from iivboard.tui.screens.today import TodayScreen

        self.push_screen(TodayScreen())

    def action_show_triage(self) -> None:
        """T: everyone waiting for a reply."""
        from iivboard.tui.screens.triage import TriageScreen

        self.push_screen(TriageScreen())

    def run_board_action(self, action: str) -> None:
        self.call_later(self.board.run_action, action)

    def action_help(self) -> None:
        rows: list[tuple[str, str, str]] = []
        keymap = self._keymap if hasattr(self, "_keymap") else {}
        for binding in list(self.screen.BINDINGS) + list(self.BINDINGS):
            # Keys hidden from the bottom line to keep it short are listed here all the same;
            # the cursor keys are described once, in NAVIGATION.
            if (isinstance(binding, Binding) and binding.description
                    and not (binding.id or "").startswith(NAVIGATION_IDS)):
                keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
                rows.append((_pretty_keys(keys), binding.description, binding.id or ""))
        self.push_screen(HelpScreen(rows, NAVIGATION if self.screen is self.board else []))


NAVIGATION_IDS = ("column_", "cursor_", "page_", "clear_filter")


def binding_ids() -> set[str]:
    """Every remappable key name: the ids of the bindings of the app and all its screens."""
    import importlib
    import pkgutil

    from textual.screen import Screen

    from iivboard.tui import screens

    for module in pkgutil.iter_modules(screens.__path__):  # so every screen class exists
        importlib.import_module(f"{screens.__name__}.{module.name}")
    found = {b.id for b in BoardApp.BINDINGS if b.id}
    classes = list(Screen.__subclasses__())
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        if cls.__module__.startswith(__package__):
            found |= {b.id for b in cls.BINDINGS if isinstance(b, Binding) and b.id}
    return found


def _pretty_keys(keys: str) -> str:
    names = {"greater_than_sign": ">", "less_than_sign": "<", "slash": "/",
             "question_mark": "?", "enter": "enter", "escape": "esc"}
    return " / ".join(names.get(k.strip(), k.strip()) for k in keys.split(","))


def make_app(db_path: Path | str, settings: Settings, clock: Clock | None = None,
             start: str = "board") -> BoardApp:
    open_database(db_path)
    app = BoardApp(settings, clock=clock, start=start)
    app.service.ensure_due_current()
    return app


def run_board(db_path: Path | str, settings: Settings, start: str = "board",
              clock: Clock | None = None) -> int:
    app = make_app(db_path, settings, clock=clock, start=start)
    app.run()
    return app.return_code or 0
