"""One board column drawn with the Line API: only the lines on screen are ever rendered.

A column of 10,000 contacts is one widget holding 10,000 small tuples; there is no widget
per card, so start-up, scrolling and moves cost the same at 100 cards or 10,000.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from iivboard.app.queries import Card
from iivboard.domain.policy import Rules
from iivboard.domain.rules import registry
from iivboard.domain.stages import STAGE_LABELS
from iivboard.present.text import visible

CARD_LINES = 3
CARD_HEIGHT = CARD_LINES + 1  # a blank line between cards
_FAR_FUTURE = dt.datetime.max
IDLE_WORDS = {"identified": "ready to request", "met": "thank-you to send"}


def sort_key(card: Card) -> tuple[bool, dt.datetime, str, int]:
    """The board's order: soonest due first, then name; the same key places a moved card."""
    return (card.due_at is None, card.due_at or _FAR_FUTURE, card.name.casefold(), card.id)


def fit(text: str, width: int) -> str:
    """Exactly `width` cells: padded, or cut with an ellipsis (wide characters counted)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


class CardColumn(ScrollView, can_focus=False):
    """The cards of one stage, soonest due first, with a cursor.

    Columns never take focus: the board screen owns the keys and marks one column
    `-active`. Moving focus between widgets makes the Footer rebuild its keys, which
    tripled the cost of every column change and card move.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "card--name",
        "card--meta",
        "card--due",
        "card--soon",
        "card--overdue",
        "card--cursor",
        "card--closed",
        "card--empty",
    }
    DEFAULT_CSS = """
    CardColumn {
        height: 1fr;
        min-width: 24;
        width: 1fr;
        border: round $panel-lighten-2;
        border-title-align: left;
        border-title-color: $text;
        padding: 0;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    CardColumn.-active { border: round $accent; border-title-style: bold; }
    CardColumn > .card--name { text-style: bold; }
    CardColumn > .card--meta { color: $text-muted; }
    CardColumn > .card--due { color: $text-muted; }
    CardColumn > .card--soon { color: $warning; }
    CardColumn > .card--overdue { color: $error; text-style: bold; }
    CardColumn > .card--cursor { background: $accent 30%; }
    CardColumn > .card--closed { color: $text-disabled; text-style: italic; }
    CardColumn > .card--empty { color: $text-disabled; }
    """

    cursor = reactive(0, repaint=False, init=False)

    def __init__(
        self,
        stage: str,
        now: Callable[[], dt.datetime],
        rules: Rules,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.stage = stage
        self.cards: list[Card] = []
        self._keys: list[tuple[bool, dt.datetime, str, int]] = []
        self._now = now
        self._rules = rules
        self._line_cache: dict[tuple[Card, int, bool, int], Strip] = {}
        self.empty_text = "no contacts"
        self._update_title()

    # ------------------------------------------------------------ data

    def set_cards(self, cards: Iterable[Card], keep_id: int | None = None) -> None:
        self.cards = sorted(cards, key=sort_key)
        self._keys = [sort_key(c) for c in self.cards]
        self._line_cache.clear()
        index = self.index_of(keep_id) if keep_id is not None else None
        self._settle(index if index is not None else min(self.cursor, len(self.cards) - 1))

    def index_of(self, card_id: int, known: Card | None = None) -> int | None:
        """Where a card is: a binary search when its last known values are given."""
        if known is not None:
            index = bisect.bisect_left(self._keys, sort_key(known))
            if index < len(self.cards) and self.cards[index].id == card_id:
                return index
        for i, card in enumerate(self.cards):
            if card.id == card_id:
                return i
        return None

    def remove_card(self, card_id: int, known: Card | None = None) -> Card | None:
        index = self.index_of(card_id, known)
        if index is None:
            return None
        card = self.cards.pop(index)
        del self._keys[index]
        self._line_cache.clear()
        # A card above the cursor went away: the cursor moves up with the card it is on.
        cursor = self.cursor - 1 if index < self.cursor else self.cursor
        self._settle(min(cursor, len(self.cards) - 1))
        return card

    def insert(self, card: Card, select: bool = False) -> int:
        key = sort_key(card)
        index = bisect.bisect_left(self._keys, key)
        self.cards.insert(index, card)
        self._keys.insert(index, key)
        self._line_cache.clear()
        if select:
            self._settle(index)
        elif index <= self.cursor and len(self.cards) > 1:
            self._settle(self.cursor + 1)
        else:
            self._settle(self.cursor)
        return index

    def _settle(self, index: int) -> None:
        # Width 0: a column never scrolls sideways, and a size that does not follow the
        # width spares a layout pass per column on every resize (start-up included).
        size = Size(0, max(1, len(self.cards) * CARD_HEIGHT))
        if size != self.virtual_size:
            self.virtual_size = size
        self.set_reactive(CardColumn.cursor, max(0, index))
        self._update_title()
        self.refresh()
        if self.is_mounted and self.size.height:
            self._scroll_to_cursor()

    def _update_title(self) -> None:
        self.border_title = f"{STAGE_LABELS[self.stage]} {len(self.cards)}"

    @property
    def current(self) -> Card | None:
        if 0 <= self.cursor < len(self.cards):
            return self.cards[self.cursor]
        return None

    # ------------------------------------------------------------ cursor

    @property
    def active(self) -> bool:
        return self.has_class("-active")

    def set_active(self, active: bool) -> None:
        self.set_class(active, "-active")
        self.refresh()

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        if self.cards:
            region = Region(0, self.cursor * CARD_HEIGHT, 1, CARD_LINES)
            self.scroll_to_region(region, animate=False, force=True, immediate=True)

    def action_cursor(self, step: int) -> None:
        if self.cards:
            self.cursor = max(0, min(len(self.cards) - 1, self.cursor + step))

    def action_cursor_to(self, index: int) -> None:
        if self.cards:
            self.cursor = index if index >= 0 else len(self.cards) - 1

    def action_page(self, direction: int) -> None:
        per_page = max(1, self.scrollable_content_region.height // CARD_HEIGHT)
        self.action_cursor(direction * per_page)

    class Clicked(Message):
        def __init__(self, column: CardColumn, index: int) -> None:
            super().__init__()
            self.column = column
            self.index = index

    def on_click(self, event: events.Click) -> None:
        index = (event.y + int(self.scroll_y)) // CARD_HEIGHT
        if 0 <= index < len(self.cards):
            self.post_message(self.Clicked(self, index))

    def on_resize(self) -> None:
        self._line_cache.clear()

    # ------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = y + int(self.scroll_y)
        index, row = divmod(line, CARD_HEIGHT)
        if not self.cards:
            if y == 0:
                style = self.rich_style + self.get_component_rich_style("card--empty")
                return Strip([Segment(fit(self.empty_text, width), style)], width)
            return Strip.blank(width, self.rich_style)
        if index >= len(self.cards) or row == CARD_LINES:
            return Strip.blank(width, self.rich_style)
        card = self.cards[index]
        selected = index == self.cursor and self.active
        key = (card, row, selected, width)
        strip = self._line_cache.get(key)
        if strip is None:
            strip = self._render_card_line(card, row, selected, width)
            if len(self._line_cache) > 2000:
                self._line_cache.clear()
            self._line_cache[key] = strip
        return strip

    def _render_card_line(self, card: Card, row: int, selected: bool, width: int) -> Strip:
        if row == 0:
            cls = "card--closed" if card.outcome else "card--name"
            text = visible(card.name)
        elif row == 1:
            cls = "card--meta"
            parts = [p for p in (card.organization, card.role) if p]
            text = visible(" · ".join(parts)) if parts else "—"
        elif card.outcome:
            cls = "card--closed"
            text = card.outcome.replace("_", " ")
        else:
            words, level = registry.describe(
                card.due_kind, card.due_at, card.overdue_at, self._now(), self._rules
            )
            cls = {"overdue": "card--overdue", "due": "card--soon", "soon": "card--soon"}.get(
                level, "card--due"
            )
            text = words or IDLE_WORDS.get(card.stage, "")
            if cell_len(text) > width - 1:
                text = text.replace("business day", "bus. day")
        # Component styles come blended over the column's background (muted colours need
        # that); the cursor then only swaps the background.
        style = self.get_component_rich_style(cls)
        marker_style = self.rich_style
        if selected:
            cursor = Style(bgcolor=self.get_component_rich_style("card--cursor").bgcolor)
            style += cursor
            marker_style = Style(color=self.get_component_rich_style("card--name").color) + cursor
        return Strip(
            [Segment("▌" if selected else " ", marker_style), Segment(fit(text, width - 1), style)],
            width,
        )

    def refresh_clock(self) -> None:
        """Due words depend on the time of day: redraw them, without re-querying."""
        self._line_cache.clear()
        self.refresh()
