"""A meeting's notes after the call (key n on the contact screen): edited as text, saved as typed."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from iivboard.domain import pipeline
from iivboard.storage.models import Contact, Meeting
from iivboard.present.text import visible
from iivboard.tui.widgets.notes import AutosaveNotes, SaveStatus


class NotesScreen(Screen):
    BINDINGS = [Binding("escape", "back", "Back (notes are saved)", id="notes_back")]
    DEFAULT_CSS = """
    NotesScreen #notes-head { height: auto; padding: 0 1; background: $panel; }
    NotesScreen #notes { height: 1fr; }
    """

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id

    def compose(self) -> ComposeResult:
        meeting = Meeting.get_by_id(self.meeting_id)
        contact = Contact.get_by_id(meeting.contact_id)
        start = pipeline.local(meeting.starts_at, self.app.rules.zone())
        head = Text("Notes: ", style="bold")
        head.append(visible(contact.name), style="bold")
        head.append(f"  ·  meeting of {start:%a %d %b %Y %H:%M}")
        yield Static(head, id="notes-head")
        yield AutosaveNotes(meeting.notes, self._save, id="notes")
        yield SaveStatus(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(AutosaveNotes).focus()

    def _save(self, text: str) -> None:
        self.app.service.save_notes(self.meeting_id, text)

    @on(AutosaveNotes.Saved)
    def saved(self, event: AutosaveNotes.Saved) -> None:
        self.query_one(SaveStatus).show(event, self.app.local_now())

    def action_back(self) -> None:
        if self.query_one(AutosaveNotes).flush():
            self.app.pop_screen()
        else:
            self.app.say("The notes could not be saved yet; staying here", severity="error")
