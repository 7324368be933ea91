"""b on the contact screen: the brief on that contact's organization, to read before an
interview there; s saves it as Markdown. The same words as `iivboard brief`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from iivboard.domain.brief import OrganizationBrief
from iivboard.domain.calendar import utc
from iivboard.present.brief_text import brief_lines, when
from iivboard.present.text import visible
from iivboard.tui.screens.base import BaseScreen
from iivboard.tui.screens.forms import Field, FormScreen
from iivboard.tui.widgets.key_bar import KeyBar

STYLES = {
    "title": "bold",
    "heading": "bold $accent",
    "subheading": "bold",
    "note": "dim",
    "alert": "bold red",
}


def brief_renderable(view: OrganizationBrief, zone: Any, accent: str) -> Group:
    """The brief's lines, each indented as a whole (a wrapped line keeps its indent). User
    text goes in as plain Text (already shown with controls as symbols), so nothing in it
    is ever read as markup."""
    rows = []
    for line in brief_lines(view, zone):
        if line.kind == "title":
            continue  # the screen's head line names the organization
        style = STYLES.get(line.kind, "").replace("$accent", accent)
        rows.append(Padding(Text(line.text, style=style), (0, 0, 0, 2 * line.indent)))
    return Group(*rows)


class BriefScreen(BaseScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="brief_back"),
        Binding("s", "save", "Save as Markdown", id="brief_save"),
        Binding("j,down", "scroll('down')", "Scroll", show=False),
        Binding("k,up", "scroll('up')", "Scroll", show=False),
        Binding("g,home", "scroll('home')", "Top", show=False),
        Binding("G,end", "scroll('end')", "End", show=False),
        Binding("space,pagedown", "scroll('page_down')", "Page", show=False),
        Binding("b,pageup", "scroll('page_up')", "Page", show=False),
    ]
    DEFAULT_CSS = """
    BriefScreen #brief-head { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    BriefScreen #brief-scroll { padding: 0 1; }
    """

    def __init__(self, view: OrganizationBrief) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        head = Text("Brief on ")
        head.append(visible(self.view.name))
        head.append(f"  ·  as of {when(utc(self.view.as_of), self.facade.zone())}")
        yield Static(head, id="brief-head")
        with VerticalScroll(id="brief-scroll"):
            yield Static(id="brief-body")
        yield KeyBar()

    def on_mount(self) -> None:
        accent = self.app.get_css_variables().get("accent", "blue")
        self.query_one("#brief-body", Static).update(
            brief_renderable(self.view, self.facade.zone(), accent)
        )
        self.query_one("#brief-scroll").focus()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_scroll(self, how: str) -> None:
        scroll = self.query_one("#brief-scroll", VerticalScroll)
        {
            "down": scroll.scroll_down,
            "up": scroll.scroll_up,
            "home": scroll.scroll_home,
            "end": scroll.scroll_end,
            "page_down": scroll.scroll_page_down,
            "page_up": scroll.scroll_page_up,
        }[how](animate=False)

    def action_save(self) -> None:
        default = self.facade.default_brief_path(self.view)
        form = FormScreen(
            "Save the brief as Markdown",
            [Field("path", "File", str(default), required=True)],
            hint="enter: save (a folder takes the name shown)   escape: cancel",
        )

        def done(values: dict[str, Any] | None) -> None:
            if not values:
                return
            target = Path(values["path"].strip()).expanduser()
            if target.is_dir():
                target = target / default.name
            written = self.attempt(self.facade.save_brief, self.view, target)
            if written is not None:
                self.say(f"Brief saved: {written}", timeout=6)

        self.app.push_screen(form, done)
