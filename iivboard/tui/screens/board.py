"""The board: six stage columns, a filter, and every key that changes a card."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Static

from iivboard.app.facade import Result
from iivboard.app.queries import Card
from iivboard.domain.calendar import local, utc
from iivboard.domain.filtering import Filter, card_words
from iivboard.domain.rules import registry
from iivboard.domain.stages import STAGE_LABELS, STAGES, stage_index
from iivboard.present.text import visible
from iivboard.tui.screens import closing, meeting_moves
from iivboard.tui.screens.base import BaseScreen
from iivboard.tui.screens.forms import (
    ConfirmScreen,
    ContactForm,
    contact_fields,
    stage_form,
)
from iivboard.tui.watcher import DatabaseWatcher
from iivboard.tui.widgets.card_column import CardColumn
from iivboard.tui.widgets.key_bar import KeyBar


class BoardScreen(BaseScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h,left", "column(-1)", "Column", show=False, id="column_left"),
        Binding("l,right", "column(1)", "Column", show=False, id="column_right"),
        Binding("j,down", "cursor(1)", "Down", show=False, id="cursor_down"),
        Binding("k,up", "cursor(-1)", "Up", show=False, id="cursor_up"),
        Binding("g,home", "cursor_to(0)", "First", show=False, id="cursor_first"),
        Binding("G,end", "cursor_to(-1)", "Last", show=False, id="cursor_last"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="page_down"),
        Binding("L,greater_than_sign", "move(1)", "Move →", id="move_forward"),
        Binding("H,less_than_sign", "move(-1)", "Move ←", id="move_back"),
        Binding("enter", "open_contact", "Open", id="open"),
        Binding("a", "add", "Add", id="add"),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("ctrl+f", "app.show_search", "Search", show=False, id="search"),
        Binding("d", "close_card", "Close", id="close"),
        Binding("o", "toggle_closed", "Show/hide closed", show=False, id="toggle_closed"),
        Binding("x", "delete", "Delete", id="delete"),
        Binding("m", "message", "Message", id="message"),
        Binding("c", "call", "Call", id="call"),
        Binding("p", "prep", "Prep", id="prep"),
        Binding("i", "calendar", "Calendar file", show=False, id="calendar"),
        Binding("R", "reschedule", "Reschedule", show=False, id="reschedule"),
        Binding("X", "cancel_meeting", "Cancel meeting", show=False, id="cancel_meeting"),
        Binding("S", "app.show_stats", "Stats", id="stats"),
        Binding("I", "app.import", "Import", show=False, id="import"),
        Binding("t", "app.show_today", "Today", id="today"),
        Binding("T", "app.show_triage", "Triage", id="triage"),
        Binding("O", "app.show_organizations", "Organizations", show=False, id="organizations"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="redo"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="clear_filter"),
    ]
    DEFAULT_CSS = """
    BoardScreen #topbar { height: 1; padding: 0 1; background: $panel; }
    BoardScreen #columns { height: 1fr; }
    BoardScreen #tabs { height: 1; padding: 0 1; display: none; }
    BoardScreen #tabs.shown { display: block; }
    BoardScreen #filter { dock: bottom; display: none; margin-bottom: 1; }
    BoardScreen #filter.shown { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.show_closed = False
        self.filter_text = ""
        # Only this organization's contacts (enter on the Organizations screen); None: all.
        self.organization: str | None = None
        self.organization_label = ""
        self.best_match: int | None = None
        self._words: dict[int, tuple[Card, tuple[tuple[str, ...], ...]]] = {}
        self.where: dict[int, str] = {}  # contact id -> stage column holding it
        self.all_cards: dict[int, Card] = {}
        self.counts = {"due": 0, "overdue": 0}
        self._count_now = dt.datetime.min  # the moment the due counts were taken
        self.active_stage = STAGES[0]
        # The columns shown: all six when they fit, else a window that follows the
        # selection, with a line of tabs for all six above it.
        self.fit = len(STAGES)
        self.window_start = 0
        self.overdue_by_stage: dict[str, int] = dict.fromkeys(STAGES, 0)

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static(id="topbar")
        yield Static(id="tabs")
        with Horizontal(id="columns"):
            for stage in STAGES:
                yield CardColumn(stage, self.facade.now, self.facade.rules, id=f"col-{stage}")
        yield KeyBar(first_words=("today", "triage", "stats", "open", "undo"))

    def on_mount(self) -> None:
        self.column(self.active_stage).set_active(True)
        self.reload()
        self.fit = columns_that_fit(self.app.size.width)
        if self.fit < len(STAGES):
            # One column of six at a time: the one to land on is the one needing action.
            self.activate(self.most_urgent_stage())
        self.lay_out()
        self.call_after_refresh(self.board_app.check_keymap)
        self.set_interval(60.0, self.tick)

    @property
    def columns(self) -> list[CardColumn]:
        return list(self.query(CardColumn))

    def column(self, stage: str) -> CardColumn:
        return self.query_one(f"#col-{stage}", CardColumn)

    @property
    def active_column(self) -> CardColumn:
        return self.column(self.active_stage)

    @property
    def current(self) -> Card | None:
        return self.active_column.current

    def activate(self, stage: str) -> None:
        if stage != self.active_stage:
            self.active_column.set_active(False)
            self.active_stage = stage
            self.active_column.set_active(True)
            self.lay_out()

    # ------------------------------------------------------------ sizes

    def on_resize(self, event: events.Resize) -> None:
        self.fit = columns_that_fit(event.size.width)
        self.lay_out()

    def lay_out(self) -> None:
        """Show the window of columns that holds the selected one; the rest are hidden, so
        the selected card can never be off screen while keys act on it."""
        active = stage_index(self.active_stage)
        start = min(self.window_start, active)
        start = max(start, active - self.fit + 1)
        self.window_start = max(0, min(start, len(STAGES) - self.fit))
        shown = range(self.window_start, self.window_start + self.fit)
        for index, column in enumerate(self.columns):
            column.display = index in shown
        self.update_tabs()

    def update_tabs(self) -> None:
        tabs = self.query_one("#tabs", Static)
        narrow = self.fit < len(STAGES)
        tabs.set_class(narrow, "shown")
        if narrow:
            tabs.update(
                stage_tabs(
                    [(stage, len(self.column(stage).cards)) for stage in STAGES],
                    self.overdue_by_stage,
                    self.active_stage,
                    range(self.window_start, self.window_start + self.fit),
                    self.app.size.width - 2,
                )
            )

    def most_urgent_stage(self) -> str:
        """The column whose first card needs action most: overdue before due, then by the
        rules' order of urgency (a meeting, a thank-you, a reply, a follow-up...)."""
        best: tuple[int, int, dt.datetime] | None = None
        stage = STAGES[0]
        for column in self.columns:
            card = column.cards[0] if column.cards else None
            level = self._level(card) if card is not None else None
            if card is None or level is None or card.due_at is None:
                continue
            rank = registry.PRECEDENCE.get(card.due_kind or "", len(registry.PRECEDENCE))
            key = (0 if level == "overdue" else 1, rank, card.due_at)
            if best is None or key < best:
                best, stage = key, column.stage
        return stage

    # ------------------------------------------------------------ data

    def reload(self, keep_id: int | None = None) -> None:
        """Everything from the database, in one query; keeps the selected contact."""
        if keep_id is None and self.current is not None:
            keep_id = self.current.id
        cards = self.facade.cards(include_closed=self.show_closed)
        self.all_cards = {card.id: card for card in cards}
        self._recount()
        self._distribute(keep_id)

    def _distribute(self, keep_id: int | None) -> None:
        groups: dict[str, list[Card]] = {stage: [] for stage in STAGES}
        matcher = Filter(self.filter_text)
        self.where = {}
        scores: dict[int, int] = {}
        for card in self.all_cards.values():
            score = self._score(matcher, card)
            if score:
                groups[card.stage].append(card)
                self.where[card.id] = card.stage
                scores[card.id] = score
        for stage, cards in groups.items():
            column = self.column(stage)
            column.empty_text = "no match" if self.filter_text else "no contacts"
            keep = keep_id if keep_id is not None and self.where.get(keep_id) == stage else None
            column.set_cards(cards, keep)
        # Among equal matches the first shown wins: the leftmost column, the soonest due.
        shown = (card.id for column in self.columns for card in column.cards)
        self.best_match = max(shown, key=lambda i: scores[i], default=None) if matcher else None
        if keep_id in self.where:
            self.activate(self.where[keep_id])
        self.update_topbar()

    def _score(self, matcher: Filter, card: Card) -> int:
        if self.organization is not None and (
            card.organization is None or card.organization.casefold() != self.organization
        ):
            return 0
        if not matcher:
            return 1
        # Folding every card's words again on each key typed would cost the whole board.
        cached = self._words.get(card.id)
        if cached is None or cached[0] is not card:
            cached = (card, card_words((card.name, card.organization, card.role, card.tags)))
            self._words[card.id] = cached
        return matcher.score_words(cached[1])

    def apply(self, result: Result, select_id: int | None = None) -> None:
        """Redraw only the contacts a change touched: no re-query of the whole board."""
        fresh = self.facade.cards_by_id(result.contact_ids)
        matcher = Filter(self.filter_text)
        # A change made on another screen keeps the selected card selected.
        if select_id is None and self.current is not None:
            select_id = self.current.id if self.current.id in result.contact_ids else None
        for contact_id in result.contact_ids:
            stage = self.where.pop(contact_id, None)
            old = self.all_cards.pop(contact_id, None)
            if stage is not None:
                self.column(stage).remove_card(contact_id, known=old)
            self._count(old, -1)
            card = fresh.get(contact_id)
            if card is None or (card.outcome and not self.show_closed):
                continue
            self.all_cards[contact_id] = card
            self._count(card, +1)
            if not self._score(matcher, card):
                continue
            column = self.column(card.stage)
            column.insert(card, select=contact_id == select_id)
            self.where[contact_id] = card.stage
        if select_id in self.where:
            self.activate(self.where[select_id])
        self.update_topbar()

    def redraw_after(self, result: Result) -> None:
        # After undo or redo the card it brought back (or moved) is the one selected.
        self.apply(result, select_id=next(iter(result.contact_ids), None))

    @on(DatabaseWatcher.Changed)
    def external_change(self) -> None:
        """Another process (the CLI) committed: show it, keeping the selection."""
        self.reload()

    def tick(self) -> None:
        for column in self.columns:
            column.refresh_clock()
        self._recount()
        self.update_topbar()

    def _level(self, card: Card) -> str | None:
        if card.outcome:
            return None
        # The rule behind the card's words decides, so the count and the colours agree.
        return registry.urgent(
            card.due_kind, card.due_at, card.overdue_at, self._count_now, self.facade.rules
        )

    def _recount(self) -> None:
        """Due and overdue counts for the top bar; kept up to date per change by _count."""
        self._count_now = utc(self.facade.now())
        self.counts = {"due": 0, "overdue": 0}
        self.overdue_by_stage = dict.fromkeys(STAGES, 0)
        for card in self.all_cards.values():
            self._count(card, +1)

    def _count(self, card: Card | None, sign: int) -> None:
        level = self._level(card) if card is not None else None
        if card is not None and level is not None:
            self.counts[level] += sign
            if level == "overdue":
                self.overdue_by_stage[card.stage] += sign

    def update_topbar(self) -> None:
        due, overdue = self.counts["due"], self.counts["overdue"]
        bar = Text()
        bar.append("iivboard", style="bold")
        if self.board_app.demo:
            bar.append(" demo: discarded on quit ", style="reverse")
        if self.organization is not None:
            # First, so a narrow terminal still shows that the board shows one organization.
            bar.append(f"   {len(self.where)} of {len(self.all_cards)} contacts, at ")
            bar.append(visible(self.organization_label), style="bold")
            bar.append(" (escape: all)   ", style="italic")
        else:
            bar.append(f"   {len(self.all_cards)} contacts   ")
        bar.append(f"{due} due", style="bold yellow" if due else "")
        bar.append("   ")
        bar.append(f"{overdue} overdue", style="bold red" if overdue else "")
        if self.show_closed:
            bar.append("   showing closed", style="italic")
        if self.filter_text:
            bar.append("   filter: ")
            bar.append(visible(self.filter_text), style="bold")
        self.query_one("#topbar", Static).update(bar)
        if self.fit < len(STAGES):
            self.update_tabs()

    # ------------------------------------------------------------ navigation

    def action_column(self, step: int) -> None:
        index = stage_index(self.active_stage) + step
        self.activate(STAGES[max(0, min(len(STAGES) - 1, index))])

    def action_cursor(self, step: int) -> None:
        self.active_column.action_cursor(step)

    def action_cursor_to(self, index: int) -> None:
        self.active_column.action_cursor_to(index)

    def action_page(self, direction: int) -> None:
        self.active_column.action_page(direction)

    @on(CardColumn.Clicked)
    def clicked(self, event: CardColumn.Clicked) -> None:
        self.activate(event.column.stage)
        event.column.cursor = event.index

    def action_open_contact(self) -> None:
        card = self.current
        if card is not None:
            self.board_app.open_contact(card.id)

    def action_message(self) -> None:
        if self.current is not None:
            self.board_app.write_message(self.current.id)

    def action_calendar(self) -> None:
        if self.current is not None:
            self.export_calendar(self.current.id)

    def action_call(self) -> None:
        if self.current is not None:
            self.board_app.open_call(self.current.id)

    def action_prep(self) -> None:
        if self.current is not None:
            self.board_app.open_prep(self.current.id)

    def action_reschedule(self) -> None:
        if self.current is not None:
            meeting_moves.reschedule(self, self.current.id)

    def action_cancel_meeting(self) -> None:
        if self.current is not None:
            meeting_moves.cancel(self, self.current.id)

    # ------------------------------------------------------------ changes

    def action_move(self, step: int) -> None:
        card = self.current
        if card is None:
            return
        if card.outcome:
            self.notify(
                "Closed contacts stay put; reopen from the contact screen (r).", severity="warning"
            )
            return
        index = stage_index(card.stage) + step
        if not 0 <= index < len(STAGES):
            return
        target = STAGES[index]
        held = None
        if target == "met":  # proposed: when the meeting ended, if it has
            held = local(self.facade.meeting_held_at(card.id), self.facade.zone())
        if target == "scheduled":
            form = meeting_moves.first_meeting_form(self.facade, card.id, card.name)
        else:
            form = stage_form(
                target, self.facade.local_now(), self.facade.rules, card.name, held_at=held
            )
        if form is None:
            self._do_move(card, target, {})
            return

        def done(values: dict[str, Any] | None) -> None:
            if values is not None:
                self._do_move(card, target, values)

        self.app.push_screen(form, done)

    def _do_move(self, card: Card, target: str, values: dict[str, Any]) -> None:
        if target == "scheduled":
            meeting = {
                "starts_at": values["starts_at"],
                "minutes": values["minutes"],
                "format": values["format"],
                "place": values.get("place", ""),
            }
            result = self.attempt(self.facade.move, card.id, target, meeting=meeting)
        else:
            result = self.attempt(
                self.facade.move,
                card.id,
                target,
                at=values.get("at"),
                channel=values.get("channel", ""),
                note=values.get("note", "").strip(),
            )
        if result is not None:
            # No notice: the card visibly moves and stays selected.
            self.apply(result, select_id=card.id)

    def action_add(self) -> None:
        facade = self.facade
        form = ContactForm(
            "Add a contact",
            contact_fields(
                {}, facade.organization_names(), facade.complete_contact, facade.release_thread
            ),
            facade.find_contact,
        )

        def done(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            name = values.pop("name")
            org = values.pop("organization")
            tags = values.pop("tags")
            referrer = values.pop("referred_by")
            result = self.attempt(
                facade.add_contact,
                name,
                organization=org,
                tags=tags,
                referred_by=referrer,
                **values,
            )
            if result is not None:
                self.apply(result, select_id=result.contact_id)

        self.app.push_screen(form, done)

    def action_close_card(self) -> None:
        card = self.current
        if card is not None and not card.outcome:
            closing.close_one(self, card.id, card.name, card.stage)

    def action_toggle_closed(self) -> None:
        self.show_closed = not self.show_closed
        self.reload()
        self.notify(
            "Showing closed contacts" if self.show_closed else "Hiding closed contacts", timeout=2
        )

    def action_delete(self) -> None:
        card = self.current
        if card is None:
            return

        def done(yes: bool | None) -> None:
            if yes:
                result = self.attempt(self.facade.delete_contact, card.id)
                if result is not None:
                    self.apply(result)
                    self.say(f"{result.label} (u to undo)", timeout=4)

        self.app.push_screen(
            ConfirmScreen(f"Delete {visible(card.name)} and their whole history?"), done
        )

    # ------------------------------------------------------------ filter

    def _filter_box(self) -> Input:
        # Mounted on first use: one widget less to build and style at start-up.
        boxes = self.query("#filter")
        if boxes:
            return boxes.first(Input)
        box = Input(
            placeholder="filter: name, organization, role or tag (escape clears)", id="filter"
        )
        self.mount(box, before=self.query_one(KeyBar))
        return box

    def action_filter(self) -> None:
        box = self._filter_box()
        box.add_class("shown")
        box.focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self._distribute(None)
        event.input.focus()

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        # The best match is selected, wherever its column is.
        best = self.best_match
        if best is not None and best in self.where:
            stage = self.where[best]
            column = self.column(stage)
            index = column.index_of(best, self.all_cards.get(best))
            if index is not None:
                column.cursor = index
            self.activate(stage)
        else:
            target = next((c for c in self.columns if c.cards), self.columns[0])
            self.activate(target.stage)
        self.set_focus(None)  # keys go back to the board; the filter stays applied

    def show_organization(self, name: str | None) -> None:
        """Only `name`'s contacts on the board (None: everyone's again); the filter stays."""
        self.organization = name.casefold() if name is not None else None
        self.organization_label = name or ""
        keep = self.current.id if self.current else None
        self._distribute(keep)
        if name is not None and self.current is None:
            target = next((c for c in self.columns if c.cards), self.columns[0])
            self.activate(target.stage)

    def action_clear_filter(self) -> None:
        boxes = self.query("#filter")
        if not boxes:
            if self.organization is not None:
                self.show_organization(None)
            return
        box = boxes.first(Input)
        if self.filter_text or box.has_class("shown") or self.organization is not None:
            keep = self.current.id if self.current else None
            self.organization = None
            self.filter_text = ""
            box.value = ""
            box.remove_class("shown")
            self._distribute(keep)
            self.set_focus(None)

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and isinstance(self.focused, Input):
            event.stop()
            self.action_clear_filter()


COLUMN_WIDTH = 26  # a card's name, organization and due words stay readable from here up
SHORT_LABELS = {
    "identified": "Ident",
    "requested": "Req",
    "scheduled": "Sched",
    "met": "Met",
    "thanked": "Thx",
    "in_touch": "Touch",
}


def columns_that_fit(width: int) -> int:
    """Six columns from 156 cells, then one fewer per 26 cells less, down to one."""
    return max(1, min(len(STAGES), width // COLUMN_WIDTH))


def stage_tabs(
    counts: list[tuple[str, int]],
    overdue: dict[str, int],
    active: str,
    shown: range,
    width: int,
) -> Text:
    """All six stages on one line when only some columns fit: counts, a red `!` where a
    card is overdue, the columns on screen in bold and the selected one reversed."""
    for labels in (STAGE_LABELS, SHORT_LABELS):
        line = Text(no_wrap=True, overflow="crop")
        for index, (stage, count) in enumerate(counts):
            if index:
                line.append(" │ ", style="dim")
            style = "reverse bold" if stage == active else "bold" if index in shown else "dim"
            line.append(f"{labels[stage]} {count}", style=style)
            if overdue.get(stage):
                line.append("!", style="bold red")
        if line.cell_len <= width:
            break
    return line
