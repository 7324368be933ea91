"""The Textual app: one factory used by the CLI, the tests and the benchmark."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from iivboard.app.facade import Clock, Facade, Result
from iivboard.domain.imports import ImportReport
from iivboard.io.settings import Settings
from iivboard.tui.commands import BoardCommands
from iivboard.tui.screens.base import say
from iivboard.tui.screens.board import BoardScreen
from iivboard.tui.screens.contact import ContactScreen
from iivboard.tui.screens.help import NAVIGATION, HelpScreen
from iivboard.tui.watcher import DatabaseWatcher


class BoardApp(App[None]):
    """Holds the facade (the screens reach it through BaseScreen.facade), the navigation
    between screens and the one database watcher."""

    CSS_PATH = "app.tcss"
    TITLE = "iivboard"
    COMMANDS = App.COMMANDS | {BoardCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
    ]

    def __init__(
        self,
        settings: Settings,
        clock: Clock | None = None,
        start: str = "board",
        facade: Facade | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.facade = facade or Facade(settings, clock)
        self.start = start
        self.demo = False  # sample data in a throwaway folder: the board says so
        self.watcher = DatabaseWatcher(self, self.facade.data_version)
        self.board = BoardScreen()

    def on_mount(self) -> None:
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        self.push_screen(self.board)
        self.watcher.start()
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
            say(
                self,
                f"settings.toml [keys]: no key is called {', '.join(unknown)}; "
                "see the README for the names",
                severity="warning",
                timeout=10,
            )

    # ------------------------------------------------------------ shared helpers

    def now(self) -> dt.datetime:
        return self.facade.now()

    def changed(self, result: Result) -> None:
        """A screen other than the board changed contacts: the board redraws just those."""
        self.board.apply(result)

    def open_contact(self, contact_id: int, at: str | None = None) -> None:
        """The contact screen; `at` a section to open at ("meetings", "timeline")."""
        self.push_screen(ContactScreen(contact_id, at))

    def jump_to_contact(self, contact_id: int) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        board = self.board
        if board.filter_text or board.organization is not None:
            board.action_clear_filter()
        if contact_id not in board.where:
            board.show_closed = True  # a closed contact is only on the board with these
        board.reload(keep_id=contact_id)

    def open_brief(self, organization: str) -> None:
        """The brief on an organization (b on the contact screen, the palette)."""
        from iivboard.app.facade import NotDone
        from iivboard.tui.screens.brief import BriefScreen

        try:
            view = self.facade.organization_brief(organization)
        except NotDone as exc:
            say(self, str(exc), title="Not done", severity="error", timeout=6)
            return
        self.push_screen(BriefScreen(view))

    def write_message(
        self,
        contact_id: int,
        template: str | None = None,
        after: Callable[[Result], None] | None = None,
    ) -> None:
        """m: pick a template, check it, copy/mail/edit it, log it as sent. `after` shows
        the change instead of the plain notice (Today says how many lines are left)."""
        from iivboard.tui.screens.message import MessageScreen

        def done(result: Result | None) -> None:
            if result is None:
                return
            if after is not None:
                after(result)
                return
            self.changed(result)
            say(self, result.label)

        self.push_screen(
            MessageScreen(self.facade, contact_id, template=template, announce=False), done
        )

    def open_call(self, contact_id: int) -> None:
        """c: call mode, for a scheduled contact; any other gets a notice saying why not."""
        self._open_for_meeting(contact_id, "call")

    def open_prep(self, contact_id: int) -> None:
        """p: the prep checklist before a call."""
        self._open_for_meeting(contact_id, "prep")

    def _open_for_meeting(self, contact_id: int, which: str) -> None:
        from iivboard.tui.screens.call import CallScreen
        from iivboard.tui.screens.prep import PrepScreen

        view = self.facade.call(contact_id, "Call mode" if which == "call" else "Prep")
        if view.meeting is None:
            say(self, view.reason, severity="warning", timeout=5)
            return
        self.push_screen(CallScreen(contact_id) if which == "call" else PrepScreen(contact_id))

    def action_import(self) -> None:
        """I: a LinkedIn, vCard or spreadsheet file, with a progress bar and a summary."""
        from iivboard.tui.screens.import_file import ImportScreen

        def done(report: ImportReport | None) -> None:
            if report is not None:
                # An import can touch thousands of contacts: one reload beats per-card redraws.
                self.board.reload()

        self.push_screen(ImportScreen(self.facade), done)

    def action_show_stats(self) -> None:
        """S: the funnel and the weekly rhythm."""
        from iivboard.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen(self.facade))

    def action_show_search(self) -> None:
        """ctrl+f: search everything written, results as you type."""
        from iivboard.tui.screens.search import SearchScreen

        self.push_screen(SearchScreen())

    def action_show_today(self) -> None:
        """t: the daily review; escape goes back to the board."""
        from iivboard.tui.screens.today import TodayScreen

        self.push_screen(TodayScreen())

    def action_show_triage(self) -> None:
        """T: everyone waiting for a reply."""
        from iivboard.tui.screens.triage import TriageScreen

        self.push_screen(TriageScreen())

    def action_show_organizations(self) -> None:
        """O: the target list, ranked with keys."""
        from iivboard.tui.screens.organizations import OrganizationsScreen

        self.push_screen(OrganizationsScreen())

    def show_organization_on_board(self, name: str) -> None:
        """Back to the board, showing only this organization's contacts."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.board.show_organization(name)

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """The palette's Screenshot: a 0600 file in Downloads, or iivboard's own folder when
        there is no Downloads (Textual's own fails there and writes 0644)."""
        from iivboard.io.screenshots import save_screenshot

        try:
            saved = save_screenshot(
                self.export_screenshot(),
                self.facade.now().astimezone(),
                Path(path) if path else None,
            )
        except OSError as error:
            say(self, f"Screenshot not saved: {error.strerror or error}", severity="error")
            return None
        say(self, f"Screenshot saved to {saved}")
        return str(saved)

    def run_board_action(self, action: str) -> None:
        self.call_later(self.board.run_action, action)

    def action_help(self) -> None:
        rows: list[tuple[str, str, str]] = []
        keymap: dict[str, str] = dict(getattr(self, "_keymap", {}))
        for binding in list(self.screen.BINDINGS) + list(self.BINDINGS):
            # Keys hidden from the bottom line to keep it short are listed here all the same;
            # the cursor keys are described once, in NAVIGATION.
            if (
                isinstance(binding, Binding)
                and binding.description
                and not (binding.id or "").startswith(NAVIGATION_IDS)
            ):
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
    found = {b.id for b in BoardApp.BINDINGS if isinstance(b, Binding) and b.id}
    classes = list(Screen.__subclasses__())
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        if cls.__module__.startswith(__package__):
            found |= {b.id for b in cls.BINDINGS if isinstance(b, Binding) and b.id}
    return found


def _pretty_keys(keys: str) -> str:
    names = {
        "greater_than_sign": ">",
        "less_than_sign": "<",
        "slash": "/",
        "question_mark": "?",
        "enter": "enter",
        "escape": "esc",
    }
    return " / ".join(names.get(k.strip(), k.strip()) for k in keys.split(","))


def make_app(
    db_path: Path | str, settings: Settings, clock: Clock | None = None, start: str = "board"
) -> BoardApp:
    return BoardApp(settings, start=start, facade=Facade.open(db_path, settings, clock))


def run_board(
    db_path: Path | str,
    settings: Settings,
    start: str = "board",
    clock: Clock | None = None,
    demo: bool = False,
) -> int:
    app = make_app(db_path, settings, clock=clock, start=start)
    app.demo = demo
    app.run()
    return app.return_code or 0
