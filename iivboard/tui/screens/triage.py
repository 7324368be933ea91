"""Triage (T on the board): everyone waiting for a reply, oldest request first.

One key per outcome on the selected row; space marks several rows so that f, d, n and z
apply to all of them at once, as one transaction and one undo step (Service.many).
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from ...core import review
from ...core.service import Result
from ...core.text import visible
from .forms import ChoiceScreen, stage_form
from .review_parts import LEVEL_STYLES, MUTED, ReviewListScreen, snooze_form

COLUMNS = (("mark", " "), ("name", "Name"), ("org", "Organization"), ("waited", "Waiting"),
           ("followups", "Follow-ups"), ("channel", "Channel"), ("advice", "3B7 says"))
MARK = "●"


class TriageScreen(ReviewListScreen):
    BINDINGS = [
        Binding("escape,q", "back", "Board", id="triage_back"),
        Binding("space", "mark", "Mark", id="triage_mark"),
        Binding("f", "followed_up", "Followed up", id="triage_followed_up"),
        Binding("r", "replied", "Replied", id="triage_replied"),
        Binding("d", "declined", "Declined", id="triage_declined"),
        Binding("n", "no_response", "No response", id="triage_no_response"),
        Binding("z", "snooze", "Snooze", id="triage_snooze"),
        Binding("enter", "open", "Open", id="triage_open"),
        Binding("u", "undo", "Undo", id="triage_undo"),
        Binding("j", "cursor(1)", "Down", show=False, id="triage_down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="triage_up"),
    ]
    DEFAULT_CSS = """
    TriageScreen #triage-head { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    TriageScreen #triage-table { height: 1fr; }
    TriageScreen #triage-hint { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[review.TriageRow] = []
        self.marked: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Static(id="triage-head")
        yield DataTable(id="triage-table", cursor_type="row")
        yield Static(Text("space marks rows: f, d, n and z then act on all of them at once "
                          "(one u undoes it);  r asks for the meeting time;  enter opens"),
                     id="triage-hint")
        yield Footer()

    def on_mount(self) -> None:
        for key, label in COLUMNS:
            self.table.add_column(Text(label), key=key)
        self.reload()
        self.table.focus()
        self.watch_database()

    # ------------------------------------------------------------ drawing

    @property
    def table(self) -> DataTable:
        return self.query_one("#triage-table", DataTable)

    @property
    def current(self) -> review.TriageRow | None:
        index = self.table.cursor_row
        return self.rows[index] if self.rows and 0 <= index < len(self.rows) else None

    def list_widget(self) -> DataTable:
        return self.table

    def reload(self) -> None:
        """Read the triage again; the cursor stays on the same contact, or the same place."""
        self.note_version()
        keep = self.current.contact_id if self.current else None
        index = self.table.cursor_row
        self.rows = review.triage(self.app.now(), self.app.rules)
        ids = [row.contact_id for row in self.rows]
        self.marked &= set(ids)
        table = self.table
        table.clear()
        for row in self.rows:
            table.add_row(*self._cells(row), key=str(row.contact_id))
        if keep in ids:
            index = ids.index(keep)
        if self.rows:
            table.move_cursor(row=max(0, min(index, len(self.rows) - 1)), animate=False)
        self.update_head()

    def _cells(self, row: review.TriageRow) -> list[Text]:
        days = "business day" if row.waited == 1 else "business days"
        return [
            Text(MARK if row.contact_id in self.marked else " ", style="bold"),
            Text(visible(row.name), style="bold"),
            Text(visible(row.organization or "—"), style=MUTED),
            Text(f"{row.waited} {days}"),
            Text(str(row.followups_sent)),
            Text(visible(row.channel or "—")),
            Text(visible(row.suggestion), style=LEVEL_STYLES[row.level]),
        ]

    def update_head(self) -> None:
        count = len(self.rows)
        if not count:
            head = "Triage: no one is waiting for a reply."
        else:
            head = (f"Triage: {count} waiting for a reply, oldest request first"
                    + (f"   {len(self.marked)} marked" if self.marked else ""))
        self.query_one("#triage-head", Static).update(Text(head))

    # ------------------------------------------------------------ keys

    @on(DataTable.RowSelected)
    def selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        if self.current is not None:
            self.app.open_contact(self.current.contact_id)

    def action_mark(self) -> None:
        row = self.current
        if row is None:
            return
        self.marked ^= {row.contact_id}
        mark = MARK if row.contact_id in self.marked else " "
        self.table.update_cell(str(row.contact_id), "mark", Text(mark, style="bold"))
        self.table.action_cursor_down()
        self.update_head()

    def targets(self) -> list[review.TriageRow]:
        """The marked rows in list order, or else the selected row."""
        if self.marked:
            return [row for row in self.rows if row.contact_id in self.marked]
        return [self.current] if self.current else []

    def apply(self, rows: list[review.TriageRow], batch_label: str,
              call: Callable[[int], Result]) -> None:
        """One row: one service call. Several: Service.many, one transaction and one undo."""
        if not rows:
            return
        app = self.app
        if len(rows) == 1:
            result = app.attempt(call, rows[0].contact_id)
        else:
            result = app.attempt(app.service.many, batch_label,
                                 [row.contact_id for row in rows], call)
        if result is None:
            return
        app.changed(result)
        self.marked.clear()
        self.reload()
        app.say(f"{result.label}. {len(self.rows)} waiting" if len(rows) == 1 else
                f"{result.label} (u undoes all of them). {len(self.rows)} waiting")

    def action_followed_up(self) -> None:
        rows = self.targets()
        service = self.app.service
        self.apply(rows, f"Logged a follow-up for {len(rows)} contacts",
                   lambda cid: service.log(cid, "follow_up"))

    def action_no_response(self) -> None:
        rows = self.targets()
        service = self.app.service
        self.apply(rows, f"Closed {len(rows)} contacts (no response)",
                   lambda cid: service.close(cid, "no_response"))

    def action_declined(self) -> None:
        rows = self.targets()
        if not rows:
            return
        weeks = self.app.rules.hiring_retry_weeks
        who = visible(rows[0].name) if len(rows) == 1 else f"{len(rows)} contacts"
        choices = [("busy", "Too busy"), ("not_interested", "Not interested"),
                   ("hiring_conflict", f"Hiring for a role I may apply to (try again in "
                                       f"{weeks} weeks)")]
        service = self.app.service

        def chosen(reason: str | None) -> None:
            if reason is not None:
                words = reason.replace("_", " ")
                self.apply(rows, f"Closed {len(rows)} contacts (declined: {words})",
                           lambda cid: service.close(cid, "declined", reason=reason))

        self.app.push_screen(ChoiceScreen(f"{who} declined: why?", choices), chosen)

    def action_snooze(self) -> None:
        rows = self.targets()
        if not rows:
            return
        who = rows[0].name if len(rows) == 1 else f"{len(rows)} contacts"
        service = self.app.service

        def chosen(values: dict | None) -> None:
            if values is not None:
                until = values["until"]
                self.apply(rows, f"Snoozed {len(rows)} contacts",
                           lambda cid: service.snooze(cid, until))

        self.app.push_screen(snooze_form(self.app.local_now(), who), chosen)

    def action_replied(self) -> None:
        """They replied: ask for the meeting time with the board's form, then schedule."""
        row = self.current
        if row is None:
            return
        if self.marked:
            self.app.say("r schedules one meeting at a time: it applies to the selected row")
        app = self.app
        form = stage_form("scheduled", app.local_now(), app.rules, row.name)

        def chosen(values: dict | None) -> None:
            if values is None:
                return
            meeting = {key: values[key] for key in ("starts_at", "minutes", "format", "place")}
            self.apply([row], "", lambda cid: app.service.move(cid, "scheduled",
                                                                meeting=meeting))

        app.push_screen(form, chosen)

    def action_undo(self) -> None:
        result = self.app.attempt(self.app.service.undo)
        if result is not None:
            self.app.changed(result)
            self.reload()
            self.app.say(result.label)
