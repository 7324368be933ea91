"""Today (t on the board): the daily review, one key per action on the selected line.

The list is app.review.today(), the same one `iivboard due` prints. Every action is one
command (undoable with u); the list is read again after each one. Lines are cut to
the width; the selected one is shown whole under the list, with what d will do.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Static

from iivboard.app import review
from iivboard.app.facade import Result
from iivboard.present.text import visible
from iivboard.tui.screens.forms import stage_form, touch_form
from iivboard.tui.screens.review_parts import (
    LEVEL_STYLES,
    MUTED,
    NAVIGATION_BINDINGS,
    ReviewListScreen,
    request_form,
    snooze_form,
)
from iivboard.tui.widgets.line_list import LineList


def item_text(item: review.Item) -> Text:
    """One line: a mark for overdue, the name, the organization, then why it is there."""
    text = Text()
    text.append("! " if item.level == "overdue" else "  ", style=LEVEL_STYLES["overdue"])
    text.append(visible(item.name), style="bold")
    if item.organization:
        text.append(f" ({visible(item.organization)})", style=MUTED)
    text.append("  ")
    text.append(visible(item.why), style=LEVEL_STYLES[item.level])
    return text


class TodayScreen(ReviewListScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Board", id="today_back"),
        Binding("d", "done", "Done", id="today_done"),
        Binding("z", "snooze", "Snooze", id="today_snooze"),
        Binding("s", "skip", "Skip today", id="today_skip"),
        Binding("enter", "open", "Open", id="today_open"),
        Binding("c", "call", "Call", id="today_call"),
        Binding("p", "prep", "Prep", id="today_prep"),
        Binding("u", "undo", "Undo", id="today_undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="today_redo"),
        *NAVIGATION_BINDINGS,
    ]
    DEFAULT_CSS = """
    TodayScreen #today-head { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    TodayScreen #today-list { padding: 0 1; }
    TodayScreen #today-selected { height: auto; padding: 0 1; background: $boost; }
    TodayScreen #today-notes { height: auto; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.review: review.Review | None = None
        self.lines: list[Text | review.Item] = []  # group titles, blank lines and items

    def compose(self) -> ComposeResult:
        yield Static(id="today-head")
        yield LineList(self._line, id="today-list")
        yield Static(id="today-selected")
        yield Static(id="today-notes")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.set_interval(60.0, self.reload)  # lines depend on the time of day

    # ------------------------------------------------------------ drawing

    def list_widget(self) -> LineList:
        return self.query_one("#today-list", LineList)

    def _line(self, index: int) -> Text:
        line = self.lines[index]
        return item_text(line) if isinstance(line, review.Item) else line

    @property
    def current(self) -> review.Item | None:
        index = self.list_widget().current
        line = self.lines[index] if index is not None else None
        return line if isinstance(line, review.Item) else None

    def reload(self) -> None:
        """Read the review again and redraw, keeping the cursor on the same line number."""
        view = self.list_widget()
        self.review = self.facade.today()
        self.lines = []
        for group, items in self.review.groups():
            if self.lines:
                self.lines.append(Text())
            self.lines.append(Text(self.review.group_title(group)))
            self.lines += items
        view.set_lines([isinstance(line, review.Item) for line in self.lines], view.cursor)
        self.query_one("#today-head", Static).update(Text(self.review.headline()))
        notes = self.review.footnotes(self.facade.zone())
        self.query_one("#today-notes", Static).update(
            Text(visible("\n".join(notes), one_line=False))
        )
        self.show_selected()

    def show_selected(self) -> None:
        """The selected line in full (the list cuts long lines), and what d will do."""
        item = self.current
        text = Text()
        if item is None:
            text.append("Nothing to act on." if self.review and not self.review.items else "")
        else:
            text.append_text(item_text(item))
            text.append(
                f"\n  d: {item.done_words}   z: snooze   s: skip for today   "
                "enter: open the contact",
                style=MUTED,
            )
        self.query_one("#today-selected", Static).update(text)

    def on_line_list_highlighted(self) -> None:
        self.show_selected()

    # ------------------------------------------------------------ actions

    def action_open(self) -> None:
        item = self.current
        if item is not None:
            self.board_app.open_contact(item.contact_id)

    def action_call(self) -> None:
        """Call mode for the selected meeting line (a notice explains other stages)."""
        if self.current is not None:
            self.board_app.open_call(self.current.contact_id)

    def action_prep(self) -> None:
        if self.current is not None:
            self.board_app.open_prep(self.current.contact_id)

    def change_notice(self, result: Result) -> str:
        left = self.review.left if self.review else 0
        return (
            f"{result.label}. {left} left"
            if left
            else f"{result.label}. That was the last one for today."
        )

    def action_done(self) -> None:
        item = self.current
        if item is None:
            return
        facade = self.facade
        if item.action == "schedule":
            self._schedule(item)
            return
        if item.action == "prepare":
            # Confirmed and still to come: nothing to log, so d does what is left, the prep
            # (the list is read again each minute, so a meeting that started says "held").
            self.board_app.open_prep(item.contact_id)
            return
        if item.action == "touch":
            self._touch(item)
            return
        if item.action != "request":
            self.change(facade.review_done, item)
            return

        def sent(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.change(facade.review_done, item, channel=values["channel"], at=values["at"])

        self.app.push_screen(
            request_form(
                facade.local_now(), facade.rules, facade.contact(item.contact_id), item.name
            ),
            sent,
        )

    def _schedule(self, item: review.Item) -> None:
        """They replied: ask for the meeting time with the board's form, then schedule."""
        facade = self.facade
        form = stage_form("scheduled", facade.local_now(), facade.rules, item.name)

        def chosen(values: dict[str, Any] | None) -> None:
            if values is not None:
                meeting = {key: values[key] for key in ("starts_at", "minutes", "format", "place")}
                self.change(facade.review_done, item, meeting=meeting)

        if form is not None:
            self.app.push_screen(form, chosen)

    def _touch(self, item: review.Item) -> None:
        """Kept in touch: what was sent or said (optional), kept in the history."""
        facade = self.facade

        def said(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.change(facade.review_done, item, note=values["note"].strip())

        self.app.push_screen(touch_form(item.name), said)

    def action_snooze(self) -> None:
        item = self.current
        if item is None:
            return

        def chosen(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.change(self.facade.snooze, item.contact_id, values["until"])

        self.app.push_screen(snooze_form(self.facade.local_now(), item.name), chosen)

    def action_skip(self) -> None:
        item = self.current
        if item is not None:
            self.change(self.facade.skip, item.contact_id, item.skip_key)
