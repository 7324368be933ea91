"""Organizations (O on the board): the target list, ranked with keys.

Ranked organizations first (1 at the top), then the others by name, each with its
contacts counted by stage and who waits past their follow-up. K and J move the selected
one a place up or down (the others close up), r puts it at a rank, e edits its website
and notes, enter goes back to the board showing only its contacts. Each change is one
command and one undo step (u); the list is read again after each one.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from iivboard.app.facade import OrganizationView
from iivboard.present.targets_text import COLUMNS, WAITING_HEADING, pad, waiting_cell
from iivboard.present.text import visible
from iivboard.tui.screens.forms import Field, FormScreen
from iivboard.tui.screens.review_parts import (
    LEVEL_STYLES,
    MUTED,
    NAVIGATION_BINDINGS,
    ReviewListScreen,
)
from iivboard.tui.widgets.card_column import fit
from iivboard.tui.widgets.key_bar import KeyBar
from iivboard.tui.widgets.line_list import LineList

NAME_COLUMN = 1  # the one column that gives way on a narrow terminal
NARROWEST_NAME = 12


class RankForm(FormScreen):
    """A rank by number: 1 is the top, 0 takes the organization off the list."""

    def validate_values(self, values: dict[str, str]) -> str | None:
        text = values["rank"].strip()
        if not text.isdigit():
            return "Rank: a whole number, 1 for the top (0 takes it off the list)"
        return None

    def result(self, values: dict[str, str]) -> dict[str, Any]:
        return {"rank": int(values["rank"].strip())}


class OrganizationsScreen(ReviewListScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Board", id="organizations_back"),
        Binding("K", "move_rank(-1)", "Up", id="organizations_up"),
        Binding("J", "move_rank(1)", "Down", id="organizations_down"),
        Binding("r", "rank", "Rank", id="organizations_rank"),
        Binding("e", "edit", "Edit", id="organizations_edit"),
        Binding("enter", "open", "Its contacts", id="organizations_open"),
        Binding("b", "brief", "Brief", id="organizations_brief"),
        Binding("u", "undo", "Undo", id="organizations_undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="organizations_redo"),
        *NAVIGATION_BINDINGS,
    ]
    DEFAULT_CSS = """
    OrganizationsScreen #orgs-head { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    OrganizationsScreen #orgs-columns { height: 1; padding: 0 1; text-style: bold; color: $text-secondary; }
    OrganizationsScreen #orgs-list { padding: 0 1; }
    OrganizationsScreen #orgs-selected { height: auto; max-height: 8; padding: 0 1; background: $boost; }
    OrganizationsScreen #orgs-hint { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.views: list[OrganizationView] = []
        self.widths: list[int] = [cap for _, cap, _, _ in COLUMNS]

    def compose(self) -> ComposeResult:
        yield Static(id="orgs-head")
        yield Static(id="orgs-columns")
        yield LineList(self._line, id="orgs-list")
        yield Static(id="orgs-selected")
        yield Static(
            Text(
                "K / J move the selected organization up / down the list, r sets its rank "
                "(0 takes it off), e edits website and notes, enter shows its contacts, "
                "b the brief to read before an interview there"
            ),
            id="orgs-hint",
        )
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        if self.views:
            self.reload()

    # ------------------------------------------------------------ drawing

    def list_widget(self) -> LineList:
        return self.query_one("#orgs-list", LineList)

    @property
    def current(self) -> OrganizationView | None:
        index = self.list_widget().current
        return self.views[index] if index is not None and index < len(self.views) else None

    def reload(self) -> None:
        """Read the list again; the cursor stays on the same organization."""
        view = self.list_widget()
        keep = self.current.id if self.current else None
        self.views = self.facade.organizations()
        self._fit_columns()
        ids = [v.id for v in self.views]
        view.set_lines([True] * len(self.views), ids.index(keep) if keep in ids else view.cursor)
        heading = Text()
        for (title, _, right, _), width in zip(COLUMNS, self.widths):
            heading.append(pad(fit(title, width).rstrip(), width, right) + "  ")
        heading.append(WAITING_HEADING)
        self.query_one("#orgs-columns", Static).update(heading)
        self.update_head()
        self.show_selected()

    def _fit_columns(self) -> None:
        """Each column as wide as its widest cell (up to a cap); on a narrow terminal the
        name gives way first, down to a few letters, so the counts stay in view."""
        widths = [
            min(cap, max([cell_len(title)] + [cell_len(cell(v)) for v in self.views]))
            for title, cap, _, cell in COLUMNS
        ]
        room = self.size.width - 2 - 2 * len(COLUMNS) - cell_len(WAITING_HEADING[:10])
        spare = room - sum(widths)
        if spare < 0:
            widths[NAME_COLUMN] = max(NARROWEST_NAME, widths[NAME_COLUMN] + spare)
        self.widths = widths

    def _line(self, index: int) -> Text:
        view = self.views[index]
        text = Text()
        for position, ((_, _, right, cell), width) in enumerate(zip(COLUMNS, self.widths)):
            style = "bold" if position == NAME_COLUMN else MUTED if cell(view) == "·" else ""
            if position == 0 and view.rank is None:
                style = MUTED
            text.append(pad(fit(cell(view), width).rstrip(), width, right), style=style)
            text.append("  ")
        text.append(waiting_cell(view), style=LEVEL_STYLES["due"])
        return text

    def on_line_list_highlighted(self) -> None:
        self.show_selected()

    def show_selected(self) -> None:
        """The selected organization in full: website, notes and everyone waiting."""
        view = self.current
        text = Text()
        if view is not None:
            text.append(visible(view.name), style="bold")
            if view.rank is not None:
                text.append(f"  #{view.rank} on your target list")
            else:
                text.append("  not ranked (K puts it at the bottom of the list)", style=MUTED)
            text.append(f"  {view.contacts} contact{'' if view.contacts == 1 else 's'}")
            text.append("\nwebsite: ", style=MUTED)
            text.append(visible(view.website) or "—")
            text.append("\nnotes: ", style=MUTED)
            text.append(visible(view.notes, one_line=False) or "—")
            if view.waiting:
                text.append("\nwaiting past their follow-up: ", style=MUTED)
                text.append(waiting_cell(view), style=LEVEL_STYLES["due"])
        self.query_one("#orgs-selected", Static).update(text)

    def update_head(self) -> None:
        if not self.views:
            head = "Organizations: none yet. Add a contact with an organization (a on the board)."
        else:
            ranked = sum(1 for v in self.views if v.rank is not None)
            head = (
                f"Organizations: {len(self.views)}, {ranked} ranked on your target list, top first"
            )
        self.query_one("#orgs-head", Static).update(Text(head))

    # ------------------------------------------------------------ keys

    def action_open(self) -> None:
        if self.current is not None:
            self.board_app.show_organization_on_board(self.current.name)

    def action_brief(self) -> None:
        """The brief on the selected organization: everyone there, every meeting's notes."""
        if self.current is not None:
            self.board_app.open_brief(self.current.name)

    def action_move_rank(self, step: int) -> None:
        if self.current is not None:
            self.change(self.facade.move_rank, self.current.name, step)

    def action_rank(self) -> None:
        view = self.current
        if view is None:
            return
        last = sum(1 for v in self.views if v.rank is not None) + (view.rank is None)
        form = RankForm(
            f"Rank {visible(view.name)} on the target list",
            [
                Field(
                    "rank",
                    f"Rank (1 is the top, {last} the bottom; 0 takes it off)",
                    str(view.rank or last),
                )
            ],
        )

        def done(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.change(self.facade.set_rank, view.name, values["rank"] or None)

        self.app.push_screen(form, done)

    def action_edit(self) -> None:
        view = self.current
        if view is None:
            return
        shown = {"website": visible(view.website), "notes": visible(view.notes)}
        form = FormScreen(
            f"Edit {visible(view.name)}",
            [
                Field("website", "Website", shown["website"], placeholder="https://..."),
                Field("notes", "Notes", shown["notes"], placeholder="why this organization"),
            ],
        )

        def done(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            # Only what was edited: a value shown with symbols for its controls (or notes
            # on several lines, shown on one) is saved back only if the user changed it.
            edited = {key: values[key] for key in shown if values[key] != shown[key]}
            if not edited:
                self.say("Nothing changed")
                return
            self.change(self.facade.edit_organization, view.name, **edited)

        self.app.push_screen(form, done)
