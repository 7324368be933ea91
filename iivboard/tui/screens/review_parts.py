"""What the Today and Triage screens share: a base screen, the snooze and request forms,
line colours."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.style import Style
from textual import on
from textual.binding import Binding, BindingType

from iivboard.app.queries import ContactBrief
from iivboard.domain.policy import Rules
from iivboard.domain.when import FORMS
from iivboard.present.text import visible
from iivboard.tui.screens.base import BaseScreen
from iivboard.tui.screens.forms import Field, WhenFormScreen, stage_form
from iivboard.tui.watcher import DatabaseWatcher
from iivboard.tui.widgets.line_list import LineList

LEVEL_STYLES = {
    # Red says late; what is due today is plain text, so the colour means something.
    "overdue": Style(color="red", bold=True),
    "due": Style(),
    "soon": Style(),
    "": Style(dim=True),
}
MUTED = Style(dim=True)

# The screen owns the keys, as the board does: the list never takes focus.
NAVIGATION_BINDINGS: list[BindingType] = [
    Binding("j,down", "cursor(1)", "Down", show=False),
    Binding("k,up", "cursor(-1)", "Up", show=False),
    Binding("pagedown", "page(1)", "Page down", show=False),
    Binding("pageup", "page(-1)", "Page up", show=False),
    Binding("g,home", "to_end(False)", "First", show=False),
    Binding("G,end", "to_end(True)", "Last", show=False),
]


NAVIGATION_ACTIONS = frozenset({"cursor", "page", "to_end"})


def snooze_form(now: dt.datetime, who: str) -> WhenFormScreen:
    """Ask until when: "+2d", "mon", "2026-12-03". A day without a time means its start,
    so the line is back first thing that morning."""
    return WhenFormScreen(
        f"Snooze {visible(who)} until",
        [
            Field("until", "Until", "+1d", placeholder=FORMS),
        ],
        ("until",),
        now,
        default_time=dt.time(0, 0),
        hint="+2d, mon, 2026-12-03   enter: snooze   escape: cancel",
    )


def request_form(
    now: dt.datetime, rules: Rules, contact: ContactBrief | None, name: str
) -> WhenFormScreen:
    """The board's form for a move to Requested, with the channel guessed from what we
    know about the contact (their email first, then LinkedIn, then phone)."""
    form = stage_form("requested", now, rules, name)
    assert isinstance(form, WhenFormScreen)  # a move to Requested always asks when
    form.title_text = f"Request sent to {visible(name)}"
    if contact is not None:
        channel = (
            "email"
            if contact.email
            else "linkedin"
            if contact.linkedin
            else "phone"
            if contact.phone
            else "email"
        )
        for field in form.fields:
            if field.key == "channel":
                field.value = channel
    return form


class ReviewListScreen(BaseScreen[None]):
    """What Today and Triage share: escape back to the board, j and k, and reading the
    list again when the database changes (an action, the contact screen, or the CLI)."""

    BINDINGS: ClassVar[list[BindingType]] = []
    _covered = False

    def reload(self) -> None:
        raise NotImplementedError

    def refresh_view(self) -> None:
        self.reload()

    def list_widget(self) -> LineList:
        raise NotImplementedError

    def action_open(self) -> None:
        raise NotImplementedError

    @on(DatabaseWatcher.Changed)
    def external_change(self) -> None:
        self.reload()

    def on_screen_suspend(self) -> None:
        self._covered = True  # a form or the contact screen may change what we show

    def on_screen_resume(self) -> None:
        if self._covered:  # not on the first showing: on_mount read it
            self._covered = False
            self.reload()

    def on_line_list_chosen(self) -> None:
        self.action_open()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_cursor(self, step: int) -> None:
        self.list_widget().move(step)

    def action_page(self, direction: int) -> None:
        self.list_widget().page(direction)

    def action_to_end(self, last: bool) -> None:
        self.list_widget().to_end(last)
