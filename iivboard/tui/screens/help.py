"""? on the board: every key, read from the bindings so remapped keys show as they are."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

NAVIGATION = [
    ("h / l, ← / →", "previous / next column"),
    ("j / k, ↓ / ↑", "next / previous card"),
    ("g / G, home / end", "first / last card"),
    ("page up / page down", "a screen of cards"),
    ("ctrl+p", "command palette: every action, and jump to a contact by name"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "close", "Close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 84; max-width: 100%; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1; }
    """

    def __init__(
        self, bindings: list[tuple[str, str, str]], navigation: list[tuple[str, str]] | None = None
    ) -> None:
        super().__init__()
        self.key_rows = bindings
        self.navigation = navigation or []

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 3))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_column(style="dim")
        for keys, what in self.navigation:
            table.add_row(Text(keys), Text(what), "")
        for keys, what, name in self.key_rows:
            table.add_row(Text(keys), Text(what), Text(name))
        with VerticalScroll():
            yield Static(Text("Keys", style="bold"))
            yield Static(table)
            yield Static(
                Text(
                    "Remap a key in settings.toml under [keys] by the name in the "
                    'last column, e.g. move_forward = "L,>"',
                    style="dim",
                )
            )

    def action_close(self) -> None:
        self.dismiss(None)
