"""The keys that apply now, drawn as one line of text.

Textual's Footer builds a widget per key; with the board's fifteen keys that was a third of
the start-up time. This bar is one widget that redraws when the bindings change, and it
follows remapped keys because it reads the screen's active bindings.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
        padding: 0 1;
    }
    """

    def __init__(self, first_words: tuple[str, ...] = ()) -> None:
        super().__init__()
        self._line = Text()
        # Binding ids whose words are kept first when not all fit (after help's).
        self.first_words = ("help", *first_words)

    def render(self) -> Text:
        return self._line

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self.show_keys)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen and self.is_attached:
            self.show_keys()

    def on_resize(self) -> None:
        self.show_keys()

    def show_keys(self) -> None:
        key_style = "bold " + self.app.get_css_variables().get("footer-key-foreground", "yellow")
        items: list[tuple[str, str, bool, str]] = []
        seen_actions = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen_actions:
                continue
            seen_actions.add(binding.action)
            items.append(
                (self.app.get_key_display(binding), binding.description, enabled, binding.id or "")
            )
        if self.app.ENABLE_COMMAND_PALETTE:
            palette = Binding(self.app.COMMAND_PALETTE_BINDING, "")
            items.append((self.app.get_key_display(palette), "palette", True, "help"))
        width = self.content_size.width or self.app.size.width - 2
        line = fit_keys(items, width, key_style, self.first_words)
        if line.plain != self._line.plain:
            self._line = line
            self.refresh()  # one line, fixed height: no layout pass needed


def fit_keys(
    items: list[tuple[str, str, bool, str]],
    width: int,
    key_style: str,
    first_words: tuple[str, ...] = ("help",),
) -> Text:
    """The keys on one line of `width` cells, each with its words when all fit. When they
    do not, every key is still shown and the words go to as many as fit: first to help and
    the palette (they lead to every key), then to the ids in `first_words`, then to the
    rest in their order."""
    words = [f" {description}  " for _key, description, _enabled, _id in items]
    chosen = list(words)
    if sum(len(item[0]) + len(w) for item, w in zip(items, words, strict=True)) > width:
        chosen = [" "] * len(items)
        used = sum(len(item[0]) + 1 for item in items)
        rank = {name: i for i, name in enumerate(first_words)}
        order = sorted(range(len(items)), key=lambda i: (rank.get(items[i][3], len(rank)), i))
        for index in order:
            extra = len(words[index]) - 1
            if used + extra <= width:
                chosen[index] = words[index]
                used += extra
    line = Text(no_wrap=True, overflow="crop")
    for (key, _description, enabled, _id), after in zip(items, chosen, strict=True):
        line.append(key, style=key_style if enabled else "dim")
        line.append(after, style="" if enabled else "dim")
    return line
