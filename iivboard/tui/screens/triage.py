"""Triage (T on the board): everyone waiting for a reply, oldest request first.

One key per outcome on the selected row; space marks several rows so that f, d, n and z
apply to all of them at once, as one transaction and one undo step (the pipeline commands' many).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from iivboard.app import review
from iivboard.app.facade import Result
from iivboard.domain.stages import CloseChoice, decline_choices, outcome_words
from iivboard.present.text import plural, visible
from iivboard.present.triage_text import ADVICE_HEADING, COLUMNS
from iivboard.tui.screens import meeting_moves
from iivboard.tui.screens.closing import advice_after, ask_how_to_close
from iivboard.tui.screens.forms import ChoiceScreen
from iivboard.tui.screens.review_parts import (
    LEVEL_STYLES,
    MUTED,
    NAVIGATION_BINDINGS,
    ReviewListScreen,
    snooze_form,
)
from iivboard.tui.widgets.card_column import fit
from iivboard.tui.widgets.key_bar import KeyBar
from iivboard.tui.widgets.line_list import LineList

MARK = "●"
ADVICE_ROOM = 30  # enough for "follow up once now" and its like
WAIT_SHOWN = 6  # rows named in the warning before a batch follow-up
COLUMN_STYLES: tuple[str | Style, ...] = ("bold", MUTED, "", "", "")


class TriageScreen(ReviewListScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Board", id="triage_back"),
        Binding("space", "mark", "Mark", id="triage_mark"),
        Binding("f", "followed_up", "Followed up", id="triage_followed_up"),
        Binding("r", "replied", "Replied", id="triage_replied"),
        Binding("d", "declined", "Declined", id="triage_declined"),
        Binding("n", "no_response", "No response", id="triage_no_response"),
        Binding("z", "snooze", "Snooze", id="triage_snooze"),
        Binding("enter", "open", "Open", id="triage_open"),
        Binding("u", "undo", "Undo", id="triage_undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="triage_redo"),
        *NAVIGATION_BINDINGS,
    ]
    DEFAULT_CSS = """
    TriageScreen #triage-head { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    TriageScreen #triage-columns { height: 1; padding: 0 1; text-style: bold; color: $text-secondary; }
    TriageScreen #triage-list { padding: 0 1; }
    TriageScreen #triage-selected { height: auto; padding: 0 1; background: $boost; }
    TriageScreen #triage-hint { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[review.TriageRow] = []
        self.marked: set[int] = set()
        self.widths: list[int] = [cap for _, cap, _ in COLUMNS]

    def compose(self) -> ComposeResult:
        yield Static(id="triage-head")
        yield Static(id="triage-columns")
        yield LineList(self._line, id="triage-list")
        yield Static(id="triage-selected")
        yield Static(
            Text(
                "space marks rows: f, d, n and z then act on all of them at once "
                "(one u undoes it, ctrl+r redoes);  r: a time agreed, or still finding one;  "
                "enter opens"
            ),
            id="triage-hint",
        )
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    # ------------------------------------------------------------ drawing

    def list_widget(self) -> LineList:
        return self.query_one("#triage-list", LineList)

    @property
    def current(self) -> review.TriageRow | None:
        index = self.list_widget().current
        return self.rows[index] if index is not None and index < len(self.rows) else None

    def reload(self) -> None:
        """Read the triage again; the cursor stays on the same contact, or the same place."""
        view = self.list_widget()
        keep = self.current.contact_id if self.current else None
        self.rows = self.facade.triage()
        ids = [row.contact_id for row in self.rows]
        self.marked &= set(ids)
        view.set_lines([True] * len(self.rows), ids.index(keep) if keep in ids else view.cursor)
        self.lay_out_columns()
        self.update_head()
        self.show_selected()

    def lay_out_columns(self) -> None:
        """The columns' widths for the rows read and the screen's width, and their heading."""
        # Each column as wide as its widest cell (up to a cap), so the advice gets the rest.
        self.widths = [
            max([cell_len(title)] + [cell_len(cell(row)) for row in self.rows])
            for title, _, cell in COLUMNS
        ]
        self.widths = [min(width, cap) for width, (_, cap, _) in zip(self.widths, COLUMNS)]
        # What 3B7 says is the column that matters: on a narrow screen the columns at the
        # end (channel, follow-ups, waiting) give way so that it keeps ADVICE_ROOM cells.
        room = self.size.width or self.app.size.width
        while len(self.widths) > 2 and 2 + sum(w + 2 for w in self.widths) + ADVICE_ROOM > room:
            self.widths.pop()
        heading = Text("  ")
        for (title, _, _), width in zip(COLUMNS, self.widths):
            heading.append(fit(title, width) + "  ")
        heading.append(ADVICE_HEADING)
        self.query_one("#triage-columns", Static).update(heading)

    def on_resize(self) -> None:
        # A new width changes which columns fit, not what is read: no query again.
        self.lay_out_columns()
        view = self.list_widget()
        view.set_lines(view.selectable, view.cursor)  # lines drawn at the old widths go

    def _line(self, index: int) -> Text:
        row = self.rows[index]
        text = Text(MARK + " " if row.contact_id in self.marked else "  ", style="bold")
        for (_, _, cell), width, style in zip(COLUMNS, self.widths, COLUMN_STYLES):
            text.append(fit(cell(row), width), style=style)
            text.append("  ")
        text.append(visible(row.suggestion), style=LEVEL_STYLES[row.level])
        return text

    def on_line_list_highlighted(self) -> None:
        self.show_selected()

    def show_selected(self) -> None:
        """The selected row's advice in full: the list cuts long lines."""
        row = self.current
        text = Text()
        if row is not None:
            text.append(visible(row.name), style="bold")
            if row.organization:
                text.append(f" ({visible(row.organization)})", style=MUTED)
            text.append(f": asked {row.waited} business day{'' if row.waited == 1 else 's'} ago")
            if row.channel:
                text.append(f" by {visible(row.channel)}")
            if row.followups_sent:
                text.append(f", followed up {row.followups_sent}x")
            text.append("; ")
            text.append(visible(row.suggestion), style=LEVEL_STYLES[row.level])
        self.query_one("#triage-selected", Static).update(text)

    def update_head(self) -> None:
        count = len(self.rows)
        if not count:
            head = "Triage: no one is waiting for a reply."
        else:
            head = f"Triage: {count} waiting for a reply, oldest request first" + (
                f"   {len(self.marked)} marked" if self.marked else ""
            )
        self.query_one("#triage-head", Static).update(Text(head))

    # ------------------------------------------------------------ keys

    def action_open(self) -> None:
        if self.current is not None:
            self.board_app.open_contact(self.current.contact_id)

    def action_mark(self) -> None:
        row = self.current
        if row is None:
            return
        self.marked ^= {row.contact_id}
        view = self.list_widget()
        view.refresh_entry(view.cursor)
        view.move(1)
        self.update_head()

    def targets(self) -> list[review.TriageRow]:
        """The marked rows in list order, or else the selected row."""
        if self.marked:
            return [row for row in self.rows if row.contact_id in self.marked]
        return [self.current] if self.current else []

    def act_on(
        self,
        rows: list[review.TriageRow],
        batch_label: str,
        call: Callable[[int], Result],
        after: Callable[[list[int]], str] | None = None,
    ) -> Result | None:
        """One row: one command. Several: one batch, one transaction and one undo.
        `after` adds to the notice what is left to do (read once the change is made)."""
        if not rows:
            return None
        if len(rows) == 1:
            result = self.attempt(call, rows[0].contact_id)
        else:
            result = self.attempt(
                self.facade.many, batch_label, [row.contact_id for row in rows], call
            )
        if result is None:
            return None
        self.marked.clear()
        self.redraw_after(result)
        notice = (
            f"{result.label}. {len(self.rows)} waiting"
            if len(rows) == 1
            else f"{result.label} (u undoes all of them). {len(self.rows)} waiting"
        )
        extra = after([row.contact_id for row in rows]) if after else ""
        self.say(notice + (". " + extra if extra else ""), timeout=10 if extra else 3)
        return result

    def action_followed_up(self) -> None:
        """f: 3B7 says follow up once, 7 business days after the request. Rows it says
        should still wait are named first, and the user follows up the due ones or all."""
        rows = self.targets()
        if not rows:
            return
        waiting = [row for row in rows if row.wait]
        if not waiting:
            self.follow_up(rows)
            return
        due = [row for row in rows if not row.wait]
        options = []
        if due:
            options.append(("due", f"Follow up only the {plural(len(due), 'row')} due"))
        options.append(
            ("all", "Follow up anyway" if len(rows) == 1 else f"Follow up all {len(rows)}")
        )
        shown = waiting[:WAIT_SHOWN]
        hint = "\n".join(f"{visible(row.name)}: {row.wait}" for row in shown)
        if len(waiting) > len(shown):
            hint += f"\nand {len(waiting) - len(shown)} more"
        who = "it" if len(rows) == 1 else f"{len(waiting)} of the {len(rows)}"
        title = f"3B7 says {who} should still wait"

        def chosen(key: str | None) -> None:
            if key is not None:
                self.follow_up(due if key == "due" else rows)

        self.app.push_screen(
            ChoiceScreen(title, options, hint=hint + "\nenter: choose   escape: cancel"), chosen
        )

    def follow_up(self, rows: list[review.TriageRow]) -> None:
        facade = self.facade
        self.act_on(
            rows,
            f"Logged a follow-up for {len(rows)} contacts",
            lambda cid: facade.log(cid, "follow_up"),
        )

    def action_no_response(self) -> None:
        rows = self.targets()
        facade = self.facade
        self.act_on(
            rows,
            f"Closed {len(rows)} contacts (no response)",
            lambda cid: facade.close(cid, "no_response"),
        )

    def action_declined(self) -> None:
        """d: why they declined, from the one list of reasons; "another reason" asks what,
        and a hiring conflict says when to try again and whom to ask meanwhile."""
        rows = self.targets()
        if not rows:
            return
        who = visible(rows[0].name) if len(rows) == 1 else f"{len(rows)} contacts"
        facade = self.facade

        def chosen(choice: CloseChoice, note: str) -> None:
            words = outcome_words(choice.outcome, choice.reason)
            self.act_on(
                rows,
                f"Closed {len(rows)} contacts ({words})",
                lambda cid: facade.close(cid, "declined", reason=choice.reason, note=note),
                lambda ids: advice_after(self, ids),
            )

        ask_how_to_close(self, f"{who} declined: why?", decline_choices(), chosen)

    def action_snooze(self) -> None:
        rows = self.targets()
        if not rows:
            return
        who = rows[0].name if len(rows) == 1 else f"{len(rows)} contacts"
        facade = self.facade

        def chosen(values: dict[str, Any] | None) -> None:
            if values is not None:
                until = values["until"]
                self.act_on(
                    rows, f"Snoozed {len(rows)} contacts", lambda cid: facade.snooze(cid, until)
                )

        self.app.push_screen(snooze_form(facade.local_now(), who), chosen)

    def action_replied(self) -> None:
        """They replied: a time agreed (the board's form, then Scheduled), or not yet (a
        reply logged: they stay here, and Today says to agree a time)."""
        row = self.current
        if row is None:
            return
        if self.marked:
            self.say("r schedules one meeting at a time: it applies to the selected row")
        if row.kind == "schedule":  # their reply is logged already: only the time is left
            self.schedule(row)
            return

        def chosen(key: str | None) -> None:
            if key == "time":
                self.schedule(row)
            elif key == "reply":
                facade = self.facade
                self.act_on([row], "", lambda cid: facade.log(cid, "reply"))

        self.app.push_screen(
            ChoiceScreen(
                f"{visible(row.name)} replied",
                [
                    ("time", "A time is agreed: enter it (to Scheduled)"),
                    ("reply", "Replied, still finding a time (Today says agree a time)"),
                ],
            ),
            chosen,
        )

    def schedule(self, row: review.TriageRow) -> None:
        facade = self.facade
        form = meeting_moves.first_meeting_form(facade, row.contact_id, row.name)

        def chosen(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            meeting = {key: values[key] for key in ("starts_at", "minutes", "format", "place")}
            self.act_on([row], "", lambda cid: facade.move(cid, "scheduled", meeting=meeting))

        if form is not None:
            self.app.push_screen(form, chosen)
