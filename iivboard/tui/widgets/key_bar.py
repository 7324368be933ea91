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

    def __init__(self) -> None:
        super().__init__()
        self._line = Text()

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

    def show_keys(self) -> None:
        line = Text(no_wrap=True, overflow="ellipsis")
        seen_actions = set()
        key_style = "bold " + self.app.get_css_variables().get("footer-key-foreground", "yellow")
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen_actions:
                continue
            seen_actions.add(binding.action)
            line.append(self.app.get_key_display(binding), style=key_style if enabled else "dim")
            line.append(f" {binding.description}  ", style="" if enabled else "dim")
        if self.app.ENABLE_COMMAND_PALETTE:
            line.append(
                self.app.get_key_display(Binding(self.app.COMMAND_PALETTE_BINDING, "")),
                style=key_style,
            )
            line.append(" palette")
        if line.plain != self._line.plain:
            self._line = line
            self.refresh()  # one line, fixed height: no layout pass needed
