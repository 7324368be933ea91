"""Today (t on the board): the daily review, one key per action on the selected line.

The list is core.review.today(), the same one `iivboard due` prints. Every action is one
service call (undoable with u); the list is read again after each one.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ...core import review
from ...core.service import Result
from ...core.text import visible
from .review_parts import LEVEL_STYLES, MUTED, ReviewListScreen, request_form, snooze_form


def item_text(item: review.Item, console: Console, width: int) -> Text:
    """One line of the list: a mark for overdue, the name, the organization, then why it
    is there; wrapped by hand so that a long reason hangs under the name, not the mark."""
    body = Text()
    body.append(visible(item.name), style="bold")
    if item.organization:
        body.append(f" ({visible(item.organization)})", style=MUTED)
    body.append("  ")
    body.append(visible(item.why), style=LEVEL_STYLES[item.level])
    text = Text(no_wrap=True)
    for index, line in enumerate(body.wrap(console, max(16, width - 2))):
        if index:
            text.append("\n  ")
        else:
            text.append("! " if item.level == "overdue" else "  ", style=LEVEL_STYLES["overdue"])
        text.append_text(line)
    return text


class TodayScreen(ReviewListScreen):
    BINDINGS = [
        Binding("escape,q", "back", "Board", id="today_back"),
        Binding("d", "done", "Done", id="today_done"),
        Binding("z", "snooze", "Snooze", id="today_snooze"),
        Binding("s", "skip", "Skip today", id="today_skip"),
        Binding("enter", "open", "Open", id="today_open"),
        Binding("u", "undo", "Undo", id="today_undo"),
        Binding("j", "cursor(1)", "Down", show=False, id="today_down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="today_up"),
    ]
    DEFAULT_CSS = """
    TodayScreen #today-head { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    TodayScreen #today-list { height: 1fr; border: none; padding: 0 1;
        scrollbar-size-vertical: 1; }
    TodayScreen #today-list > .option-list--option-disabled { color: $accent; text-style: bold; }
    TodayScreen #today-hint { height: auto; padding: 0 1; color: $text-muted; }
    TodayScreen #today-notes { height: auto; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.review: review.Review | None = None
        self.items: list[review.Item] = []

    def compose(self) -> ComposeResult:
        yield Static(id="today-head")
        yield OptionList(id="today-list")
        yield Static(id="today-hint")
        yield Static(id="today-notes")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.options.focus()
        self.watch_database()
        self.set_interval(60.0, self.reload)  # lines depend on the time of day

    def on_resize(self) -> None:
        self.reload()  # the lines are wrapped to the width

    # ------------------------------------------------------------ drawing

    @property
    def options(self) -> OptionList:
        return self.query_one("#today-list", OptionList)

    @property
    def current(self) -> review.Item | None:
        index = self.options.highlighted
        option = None if index is None else self.options.get_option_at_index(index)
        if option is None or option.id is None or not option.id.startswith("item-"):
            return None
        return self.items[int(option.id[5:])]

    def list_widget(self) -> OptionList:
        return self.options

    def reload(self) -> None:
        """Read the review again and redraw, keeping the cursor on the same line number."""
        self.note_version()
        old = self.options.highlighted
        self.review = review.today(self.app.now(), self.app.rules)
        self.items = self.review.items
        position = {id(item): i for i, item in enumerate(self.items)}
        # Room for the padding and a scrollbar, whether or not the scrollbar shows yet.
        width = (self.options.size.width or self.app.size.width) - 3
        options: list[Option] = []
        for group, items in self.review.groups():
            title = self.review.group_title(group)
            # A blank line above each group title but the first; titles are never selected.
            options.append(Option(Text(("\n" if options else "") + title), disabled=True))
            for item in items:
                options.append(Option(item_text(item, self.app.console, width),
                                      id=f"item-{position[id(item)]}"))
        self.options.set_options(options)
        if options:
            self._highlight_near(old or 0)
        self.query_one("#today-head", Static).update(Text(self.review.headline()))
        notes = self.review.footnotes(self.app.rules.zone())
        self.query_one("#today-notes", Static).update(Text(visible("\n".join(notes),
                                                                   one_line=False)))
        self.update_hint()

    def _highlight_near(self, index: int) -> None:
        """The first line at or after `index` (else before it): never a group title."""
        options = self.options
        count = options.option_count
        index = min(index, count - 1)
        for candidate in [*range(index, count), *range(index - 1, -1, -1)]:
            if not options.get_option_at_index(candidate).disabled:
                options.highlighted = candidate
                return

    def update_hint(self) -> None:
        item = self.current
        if item is None:
            hint = "Nothing to act on." if not self.items else ""
        else:
            hint = (f"d: {item.done_words}   z: snooze   s: skip for today   "
                    "enter: open the contact")
        self.query_one("#today-hint", Static).update(Text(hint))

    @on(OptionList.OptionHighlighted)
    def highlighted(self) -> None:
        self.update_hint()

    # ------------------------------------------------------------ actions

    @on(OptionList.OptionSelected)
    def selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        item = self.current
        if item is not None:
            self.app.open_contact(item.contact_id)

    def _after(self, result: Result | None) -> None:
        if result is None:
            return
        self.app.changed(result)
        self.reload()
        left = self.review.left if self.review else 0
        self.app.say(f"{result.label}. {left} left" if left else
                     f"{result.label}. That was the last one for today.")

    def action_done(self) -> None:
        item = self.current
        if item is None:
            return
        app = self.app
        if item.action != "request":
            self._after(app.attempt(review.perform, app.service, item))
            return

        def sent(values: dict | None) -> None:
            if values is not None:
                self._after(app.attempt(review.perform, app.service, item,
                                        channel=values["channel"], at=values["at"]))

        app.push_screen(request_form(app.local_now(), app.rules, item.contact_id, item.name),
                        sent)

    def action_snooze(self) -> None:
        item = self.current
        if item is None:
            return

        def chosen(values: dict | None) -> None:
            if values is not None:
                self._after(self.app.attempt(self.app.service.snooze, item.contact_id,
                                             values["until"]))

        self.app.push_screen(snooze_form(self.app.local_now(), item.name), chosen)

    def action_skip(self) -> None:
        item = self.current
        if item is not None:
            self._after(self.app.attempt(self.app.service.skip, item.contact_id,
                                         item.skip_key))

    def action_undo(self) -> None:
        self._after(self.app.attempt(self.app.service.undo))
