"""A meeting's notes after the call (key n on the contact screen): edited as text, saved as typed."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from iivboard.domain.calendar import local
from iivboard.present.text import visible
from iivboard.tui.screens.base import BaseScreen
from iivboard.tui.widgets.key_bar import KeyBar
from iivboard.tui.widgets.notes import AutosaveNotes, SaveStatus


class NotesScreen(BaseScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back (notes are saved)", id="notes_back")
    ]
    DEFAULT_CSS = """
    NotesScreen #notes-head { height: auto; padding: 0 1; background: $panel; }
    NotesScreen #notes { height: 1fr; }
    """

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id

    def compose(self) -> ComposeResult:
        meeting = self.facade.meeting(self.meeting_id)
        contact = self.facade.contact(meeting.contact_id) if meeting else None
        head = Text("Notes: ", style="bold")
        if meeting is None or contact is None:
            head.append("this meeting no longer exists")
        else:
            start = local(meeting.starts_at, self.facade.zone())
            head.append(visible(contact.name), style="bold")
            head.append(f"  ·  meeting of {start:%a %d %b %Y %H:%M}")
        yield Static(head, id="notes-head")
        yield AutosaveNotes(meeting.notes if meeting else "", self._save, id="notes")
        yield SaveStatus(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(AutosaveNotes).focus()

    def _save(self, text: str) -> None:
        self.facade.save_notes(self.meeting_id, text)

    @on(AutosaveNotes.Saved)
    def saved(self, event: AutosaveNotes.Saved) -> None:
        self.query_one(SaveStatus).show(event, self.facade.local_now())

    def action_back(self) -> None:
        if self.query_one(AutosaveNotes).flush():
            self.app.pop_screen()
        else:
            self.say("The notes could not be saved yet; staying here", severity="error")
