"""What the Today and Triage screens share: a base screen, the snooze and request forms,
line colours."""

from __future__ import annotations

import datetime as dt

from rich.style import Style
from textual.binding import Binding
from textual.screen import Screen

from iivboard.domain import pipeline
from iivboard.storage.store import data_version
from iivboard.storage.models import Contact
from iivboard.present.text import visible
from iivboard.domain.when import FORMS
from iivboard.tui.widgets.line_list import LineList
from iivboard.tui.screens.forms import Field, WhenFormScreen, stage_form

LEVEL_STYLES = {
    "overdue": Style(color="red", bold=True),
    "due": Style(color="yellow"),
    "soon": Style(),
    "": Style(dim=True),
}
MUTED = Style(dim=True)

# The screen owns the keys, as the board does: the list never takes focus.
NAVIGATION_BINDINGS = [
    Binding("j,down", "cursor(1)", "Down", show=False),
    Binding("k,up", "cursor(-1)", "Up", show=False),
    Binding("pagedown", "page(1)", "Page down", show=False),
    Binding("pageup", "page(-1)", "Page up", show=False),
    Binding("g,home", "to_end(False)", "First", show=False),
    Binding("G,end", "to_end(True)", "Last", show=False),
]


def snooze_form(now: dt.datetime, who: str) -> WhenFormScreen:
    """Ask until when: "+2d", "mon", "2026-12-03". A day without a time means its start,
    so the line is back first thing that morning."""
    return WhenFormScreen(f"Snooze {visible(who)} until", [
        Field("until", "Until", "+1d", placeholder=FORMS),
    ], ("until",), now, default_time=dt.time(0, 0),
        hint="+2d, mon, 2026-12-03   enter: snooze   escape: cancel")


def request_form(now: dt.datetime, rules: pipeline.Rules, contact_id: int,
                 name: str) -> WhenFormScreen:
    """The board's form for a move to Requested, with the channel guessed from what we
    know about the contact (their email first, then LinkedIn, then phone)."""
    form = stage_form("requested", now, rules, name)
    form.title_text = f"Request sent to {visible(name)}"
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is not None:
        channel = ("email" if contact.email else "linkedin" if contact.linkedin else
                   "phone" if contact.phone else "email")
        for field in form.fields:
            if field.key == "channel":
                field.value = channel
    return form


class ReviewListScreen(Screen):
    """What Today and Triage share: escape back to the board, j and k, and reading the
    list again when the database changes (an action, the contact screen, or the CLI)."""

    def reload(self) -> None:
        raise NotImplementedError

    def list_widget(self) -> LineList:
        raise NotImplementedError

    def action_open(self) -> None:
        raise NotImplementedError

    def watch_database(self) -> None:
        """Call from on_mount: another program's commits show within two seconds."""
        self.set_interval(2.0, self.check_external_changes)

    def note_version(self) -> None:
        """Call from reload: what is on screen is the database as of now."""
        self._seen_version = data_version()

    def check_external_changes(self) -> None:
        try:
            version = data_version()
        except Exception:  # a locked or vanished file must not crash the timer
            return
        if version != getattr(self, "_seen_version", None):
            self.reload()

    def on_screen_suspend(self) -> None:
        self._covered = True  # a form or the contact screen may change what we show

    def on_screen_resume(self) -> None:
        if getattr(self, "_covered", False):  # not on the first showing: on_mount read it
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
