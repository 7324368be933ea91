"""Search everything written (ctrl+f on the board, or the palette): results as you type.

Each keystroke restarts a short timer; when it runs out the query goes to a thread worker,
so typing never waits for the database, and an answer to an older query is dropped. Up and
down move through the hits, enter opens the contact (at its meetings or its timeline when
the hit is there), escape goes back.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static

from iivboard.domain.search import SearchHit, Snippet, parse_query
from iivboard.present import search_text
from iivboard.present.text import visible
from iivboard.tui.screens.base import BaseScreen
from iivboard.tui.watcher import DatabaseWatcher
from iivboard.tui.widgets.key_bar import KeyBar
from iivboard.tui.widgets.line_list import LineList

# A pause this long in typing runs the query: fast typists send one query per word.
DEBOUNCE_SECONDS = 0.15
LIMIT = 50
MATCH_STYLE = "bold reverse"
# Where the contact screen opens for a hit of each kind.
SECTION = {"meeting": "meetings", "note": "timeline", "event": "timeline"}


def snippet_line(snippet: Snippet) -> Text:
    """The snippet as Text, the matching words styled: user text is never read as markup."""
    line = Text()
    for text, marked in snippet:
        line.append(visible(text), style=MATCH_STYLE if marked else "")
    return line


def _identity(hit: SearchHit) -> tuple[str, int, int | None, int | None]:
    return (hit.kind, hit.contact_id, hit.meeting_id, hit.event_id)


class SearchScreen(BaseScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="search_back"),
        Binding("down", "cursor(1)", "Down", show=False, id="search_down"),
        Binding("up", "cursor(-1)", "Up", show=False, id="search_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="search_page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="search_page_up"),
        # Before the Input's own enter, so the key bar shows it and it opens the hit.
        Binding("enter", "open", "Open", priority=True, id="search_open"),
    ]
    DEFAULT_CSS = """
    SearchScreen #search-query { margin: 0 1; }
    SearchScreen #search-status { height: 1; padding: 0 2; color: $text-muted; }
    SearchScreen #search-results { height: 1fr; padding: 0 1; }
    SearchScreen #search-preview {
        height: auto; max-height: 6; padding: 0 2; border-top: solid $panel-lighten-2;
    }
    """

    class Found(Message):
        """The worker's hits for `query`."""

        def __init__(self, query: str, hits: list[SearchHit]) -> None:
            super().__init__()
            self.query = query
            self.hits = hits

    class Failed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial = query
        self.query_text = query
        self.shown_query = ""  # the query whose hits are on screen
        self.hits: list[SearchHit] = []
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Input(
            self.initial,
            placeholder='Search notes, meetings and contacts: words, "a phrase", hir*',
            id="search-query",
        )
        yield Static(id="search-status")
        yield LineList(self._line, id="search-results")
        yield Static(id="search-preview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._show_status()

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown; coming back from a contact, whose
        # notes may have been edited there, the hits are read again.
        if self.query_text.strip():
            self._search(self.query_text)

    @on(DatabaseWatcher.Changed)
    def _database_changed(self) -> None:
        """The CLI or another window wrote: the hits may have changed."""
        if self.query_text.strip():
            self._search(self.query_text)

    @property
    def results(self) -> LineList:
        return self.query_one("#search-results", LineList)

    # ------------------------------------------------------------ typing

    @on(Input.Changed, "#search-query")
    def _typed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, lambda: self._search(event.value))

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str) -> None:
        self.read_in_worker(
            lambda: self.facade.search(query, LIMIT, as_you_type=True),
            lambda hits: self.Found(query, hits),
            self.Failed,
        )

    @on(Found)
    def _show(self, event: Found) -> None:
        if event.query != self.query_text:
            return  # typed on since: the newer query's answer is coming
        before = self._current()
        self.hits = event.hits
        self.shown_query = event.query
        # The same hit keeps the cursor when the hits are read again.
        keys = [_identity(hit) for hit in self.hits]
        cursor = keys.index(_identity(before)) if before and _identity(before) in keys else 0
        self.results.set_lines([True] * len(self.hits), cursor=cursor)
        self._show_status()
        self._show_preview()

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.query_one("#search-status", Static).update(
            Text(f"Could not search: {event.error}", style="bold red")
        )

    def _show_status(self) -> None:
        query = self.query_text
        if not query.strip():
            words = "Type to search everything written: contacts, meeting notes, reflections, notes"
        elif not parse_query(query):
            words = "Nothing to search for: type a word"
        elif not self.hits:
            words = "Nothing found"
        else:
            count = len(self.hits)
            more = " (the best ones)" if count == LIMIT else ""
            words = f"{count} found{more}"
        self.query_one("#search-status", Static).update(Text(words))

    # ------------------------------------------------------------ the list

    def _line(self, index: int) -> Text:
        hit = self.hits[index]
        # On a narrow terminal who and where take less, so some of the snippet shows.
        who_width = max(16, min(34, self.results.size.width // 4))
        who = search_text.who(hit)
        if len(who) > who_width:
            who = who[: who_width - 1] + "…"
        line = Text(no_wrap=True)
        line.append(who.ljust(who_width), style="bold")
        line.append(" ")
        line.append(search_text.where(hit, self.facade.zone()).ljust(24), style="dim")
        line.append(" ")
        line.append_text(snippet_line(hit.snippet))
        return line

    @on(LineList.Highlighted)
    def _highlighted(self) -> None:
        self._show_preview()

    @on(LineList.Chosen)
    def _chosen(self) -> None:
        self.action_open()

    def _current(self) -> SearchHit | None:
        index = self.results.current
        return self.hits[index] if index is not None and index < len(self.hits) else None

    def _show_preview(self) -> None:
        hit = self._current()
        preview = self.query_one("#search-preview", Static)
        if hit is None:
            preview.update("")
            preview.display = False
            return
        preview.display = True
        text = Text()
        text.append(search_text.who(hit), style="bold")
        text.append(f"  {search_text.where(hit, self.facade.zone())}\n", style="dim")
        text.append_text(snippet_line(hit.snippet))
        preview.update(text)

    # ------------------------------------------------------------ keys

    def action_cursor(self, step: int) -> None:
        self.results.move(step)

    def action_page(self, direction: int) -> None:
        self.results.page(direction)

    def action_open(self) -> None:
        hit = self._current()
        if hit is None:
            return
        self.board_app.open_contact(hit.contact_id, at=SECTION.get(hit.kind))

    def action_back(self) -> None:
        self.app.pop_screen()
