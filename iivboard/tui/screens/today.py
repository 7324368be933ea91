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
from textual.widgets import Static

from iivboard.app import messages, review
from iivboard.app.facade import Result
from iivboard.domain import week
from iivboard.present.text import visible
from iivboard.tui.screens import meeting_moves
from iivboard.tui.screens.forms import ContactForm, contact_fields, touch_form
from iivboard.tui.screens.review_parts import (
    LEVEL_STYLES,
    MUTED,
    NAVIGATION_ACTIONS,
    NAVIGATION_BINDINGS,
    ReviewListScreen,
    request_form,
    snooze_form,
)
from iivboard.tui.widgets.key_bar import KeyBar
from iivboard.tui.widgets.line_list import LineList


def _line_text(
    level: str, name: str, organization: str | None, words: str, time: str | None
) -> Text:
    """A mark for overdue, the time (the week view), the name, the organization, the words."""
    text = Text()
    text.append("! " if level == "overdue" else "  ", style=LEVEL_STYLES["overdue"])
    if time is not None:
        text.append(f"{time:5}  ")
    who = Text(visible(name), style="bold")
    if organization:
        who.append(f" ({visible(organization)})", style=MUTED)
    # Who in a column of its own, so that what is due starts at the same place on each line.
    who.truncate(WHO_WIDTH, overflow="ellipsis", pad=True)
    text.append_text(who)
    text.append("  ")
    text.append(visible(words), style=LEVEL_STYLES[level])
    return text


WHO_WIDTH = 34  # a name and an organization of usual length; longer ones end in "…"


def item_text(item: review.Item) -> Text:
    """A line of today's list: who, then why it is there."""
    return _line_text(item.level, item.name, item.organization, item.why, None)


def entry_text(entry: week.Entry) -> Text:
    """A line of the week view: the time (if it has one), who, what falls due."""
    return _line_text(entry.level, entry.name, entry.organization, entry.words, entry.time)


# What still works on a line of the week view: it is for planning, the list is for doing.
_WEEK_ACTIONS = NAVIGATION_ACTIONS | {"back", "open", "call", "prep", "week", "undo", "redo"}


class TodayScreen(ReviewListScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Board", id="today_back"),
        Binding("d", "done", "Done", id="today_done"),
        Binding("z", "snooze", "Snooze", id="today_snooze"),
        Binding("s", "skip", "Skip today", id="today_skip"),
        Binding("enter", "open", "Open", id="today_open"),
        Binding("c", "call", "Call", id="today_call"),
        Binding("p", "prep", "Prep", id="today_prep"),
        Binding("m", "message", "Message", id="today_message"),
        Binding("a", "add_person", "Add person", id="today_add"),
        Binding("w", "week", "Week", id="today_week"),
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
        self.lines: list[Text | review.Item | week.Entry] = []  # titles, blanks and lines
        self.week_mode = False  # w: the next seven days by day instead of today's list
        self.week: week.Week | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="today-head")
        yield LineList(self._line, id="today-list")
        yield Static(id="today-selected")
        yield Static(id="today-notes")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.set_interval(60.0, self.reload)  # lines depend on the time of day

    # ------------------------------------------------------------ drawing

    def list_widget(self) -> LineList:
        return self.query_one("#today-list", LineList)

    def _line(self, index: int) -> Text:
        line = self.lines[index]
        if isinstance(line, review.Item):
            return item_text(line)
        return entry_text(line) if isinstance(line, week.Entry) else line

    @property
    def selected(self) -> review.Item | week.Entry | None:
        index = self.list_widget().current
        line = self.lines[index] if index is not None else None
        return line if isinstance(line, (review.Item, week.Entry)) else None

    @property
    def current(self) -> review.Item | None:
        """The selected line of today's list (None in the week view)."""
        line = self.selected
        return line if isinstance(line, review.Item) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.week_mode or action in _WEEK_ACTIONS

    def action_week(self) -> None:
        self.week_mode = not self.week_mode
        self.list_widget().cursor = 0
        self.reload()
        self.refresh_bindings()

    def reload(self) -> None:
        """Read the review again and redraw, keeping the cursor on the same line number."""
        if self.week_mode:
            self._reload_week()
            return
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

    def _reload_week(self) -> None:
        """The week view: each day's title, then its meetings and dues in time order."""
        view = self.list_widget()
        self.week = self.facade.week()
        self.lines = []
        for day in self.week.days:
            if self.lines:
                self.lines.append(Text())
            nothing = "" if day.entries else ": nothing due"
            self.lines.append(Text(day.title(self.week.today) + nothing))
            self.lines += day.entries
        view.set_lines([isinstance(line, week.Entry) for line in self.lines], view.cursor)
        self.query_one("#today-head", Static).update(Text(self.week.headline()))
        self.query_one("#today-notes", Static).update(
            Text(
                "Today's outreach (new requests toward the daily goal) is worked out for "
                "today only: it is on the list (w)."
            )
        )
        self.show_selected()

    def show_selected(self) -> None:
        """The selected line in full (the list cuts long lines), and what d will do."""
        if self.week_mode:
            entry = self.selected
            text = Text()
            if isinstance(entry, week.Entry):
                text.append_text(entry_text(entry))
                text.append("\n  w: back to today's list   enter: open the contact", style=MUTED)
            else:
                text.append("Nothing falls due this week." if self.week else "")
            self.query_one("#today-selected", Static).update(text)
            return
        item = self.current
        text = Text()
        if item is None:
            text.append("Nothing to act on." if self.review and not self.review.items else "")
        else:
            text.append_text(item_text(item))
            template = messages.template_for_action(item.action)
            write = (
                f"   m: write the {messages.TEMPLATE_LABELS[template].lower()} message"
                if template
                else ""
            )
            text.append(
                f"\n  d: {item.done_words}{write}   z: snooze   s: skip for today   "
                "enter: open the contact",
                style=MUTED,
            )
        self.query_one("#today-selected", Static).update(text)

    def on_line_list_highlighted(self) -> None:
        self.show_selected()

    # ------------------------------------------------------------ actions

    def action_open(self) -> None:
        line = self.selected
        if line is not None:
            self.board_app.open_contact(line.contact_id)

    def action_call(self) -> None:
        """Call mode for the selected meeting line (a notice explains other stages)."""
        line = self.selected
        if line is not None:
            self.board_app.open_call(line.contact_id)

    def action_prep(self) -> None:
        line = self.selected
        if line is not None:
            self.board_app.open_prep(line.contact_id)

    def action_add_person(self) -> None:
        """a: add a contact, at the selected line's organization (for "find another person
        there", the organization that went quiet); the new person is identified there, so
        the line turns into "ask this person next"."""
        item = self.current
        organization = item.organization if item is not None else None
        title = (
            f"Add another person at {visible(organization)}" if organization else "Add a contact"
        )
        form = ContactForm(
            title,
            contact_fields({"organization": organization or ""}, self.facade.organization_names()),
        )

        def added(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.change(self.facade.add_contact, **values)

        self.app.push_screen(form, added)

    def action_message(self) -> None:
        """The message the line asks for, in the message screen; logging it there as sent
        is what d would log, so it does the line."""
        item = self.current
        if item is None:
            return
        template = messages.template_for_action(item.action)
        if template is None:
            self.say(
                f"This line asks for no message: d will {item.done_words}.", severity="warning"
            )
            return
        self.board_app.write_message(item.contact_id, template, after=self.show_change)

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
        if item.action == "find_other":
            self.action_add_person()
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
        form = meeting_moves.first_meeting_form(facade, item.contact_id, item.name)

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
