"""A list of one-line entries with a cursor, drawn with the Line API.

Only the lines on screen are ever built: a Today list or a triage of thousands of rows
costs the same to open and to move through as one of ten. The screen that owns it
supplies a function that makes the Text of entry `i`; entries that cannot be selected
(group titles, blank lines) are skipped by the cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


class LineList(ScrollView, can_focus=False):
    """Entries drawn on demand; the screen owns the keys (as on the board)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"line-list--cursor", "line-list--title"}
    DEFAULT_CSS = """
    LineList { height: 1fr; scrollbar-size-vertical: 1; overflow-x: hidden; }
    LineList > .line-list--cursor { background: $accent 30%; }
    LineList > .line-list--title { color: $text-secondary; text-style: bold; }
    """

    cursor = reactive(0, repaint=False, init=False)

    class Highlighted(Message):
        def __init__(self, line_list: LineList, index: int) -> None:
            super().__init__()
            self.line_list = line_list
            self.index = index

    class Chosen(Message):
        """A click on a selectable line (a second click on it, like enter)."""

        def __init__(self, line_list: LineList, index: int) -> None:
            super().__init__()
            self.line_list = line_list
            self.index = index

    def __init__(self, make_line: Callable[[int], Text], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.make_line = make_line
        self.selectable: Sequence[bool] = ()
        self._cache: dict[tuple[int, bool, int], Strip] = {}

    # ------------------------------------------------------------ content

    def set_lines(self, selectable: Sequence[bool], cursor: int = 0) -> None:
        """New content: `selectable[i]` says whether line i can hold the cursor."""
        self.selectable = selectable
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(selectable))
        self.set_reactive(LineList.cursor, self._nearest(cursor))
        self.refresh()
        self._scroll_to_cursor()
        self.post_message(self.Highlighted(self, self.cursor))

    def refresh_entry(self, index: int) -> None:
        """Line `index` changed (a mark, say): draw it again."""
        self._cache = {key: strip for key, strip in self._cache.items() if key[0] != index}
        self.refresh(Region(0, index - int(self.scroll_y), self.size.width, 1))

    @property
    def current(self) -> int | None:
        if 0 <= self.cursor < len(self.selectable) and self.selectable[self.cursor]:
            return self.cursor
        return None

    def _nearest(self, index: int) -> int:
        """The selectable line at or after `index`, else the one before it; 0 if none."""
        count = len(self.selectable)
        index = max(0, min(index, count - 1))
        for candidate in [*range(index, count), *range(index - 1, -1, -1)]:
            if self.selectable[candidate]:
                return candidate
        return 0

    # ------------------------------------------------------------ cursor

    def watch_cursor(self) -> None:
        self.refresh()
        self._scroll_to_cursor()
        self.post_message(self.Highlighted(self, self.cursor))

    def _scroll_to_cursor(self) -> None:
        if self.selectable and self.is_mounted and self.size.height:
            # Keep the line above in view too: it is often the group's title.
            self.scroll_to_region(
                Region(0, max(0, self.cursor - 1), 1, 2), animate=False, force=True, immediate=True
            )

    def move(self, step: int) -> None:
        """The next selectable line `step` lines away (or as far as there is one)."""
        direction = 1 if step > 0 else -1
        index, moved = self.cursor, 0
        candidate = index
        while 0 <= candidate + direction < len(self.selectable) and moved < abs(step):
            candidate += direction
            if self.selectable[candidate]:
                index, moved = candidate, moved + 1
            elif abs(step) > 1:
                moved += 1  # a page counts lines, titles included
        self.cursor = index

    def to_end(self, last: bool) -> None:
        self.cursor = self._nearest(len(self.selectable) - 1 if last else 0)

    def page(self, direction: int) -> None:
        self.move(direction * max(1, self.scrollable_content_region.height - 1))

    def on_click(self, event: events.Click) -> None:
        index = event.y + int(self.scroll_y)
        if 0 <= index < len(self.selectable) and self.selectable[index]:
            if index == self.cursor:
                self.post_message(self.Chosen(self, index))
            self.cursor = index

    def on_resize(self) -> None:
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.selectable))

    # ------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + int(self.scroll_y)
        if not 0 <= index < len(self.selectable):
            return Strip.blank(width, self.rich_style)
        selected = index == self.cursor and self.selectable[index]
        key = (index, selected, width)
        strip = self._cache.get(key)
        if strip is None:
            if len(self._cache) > 1000:
                self._cache.clear()
            strip = self._cache[key] = self._draw(index, selected, width)
        return strip

    def _draw(self, index: int, selected: bool, width: int) -> Strip:
        text = self.make_line(index).copy()
        text.truncate(width, overflow="ellipsis", pad=True)
        text.no_wrap = True
        base = self.rich_style
        if not self.selectable[index]:
            base = base + self.get_component_rich_style("line-list--title", partial=True)
        segments = list(Segment.apply_style(text.render(self.app.console, end=""), style=base))
        if selected:
            # Only the background: the line keeps its own colours (overdue stays red).
            cursor = Style(bgcolor=self.get_component_rich_style("line-list--cursor").bgcolor)
            segments = list(Segment.apply_style(segments, post_style=cursor))
        return Strip(segments).crop_extend(0, width, self.rich_style)
