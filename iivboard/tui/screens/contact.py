"""One contact: every field, the meetings with their notes, and the timeline of events."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static, Tree

from iivboard.app.queries import MeetingView
from iivboard.domain.calendar import from_iso, local
from iivboard.domain.stages import STAGE_LABELS, outcome_words
from iivboard.present.text import visible
from iivboard.tui.editor import edit_in_editor
from iivboard.tui.screens import closing, meeting_moves
from iivboard.tui.screens.base import BaseScreen
from iivboard.tui.screens.forms import ContactForm, contact_fields
from iivboard.tui.screens.notes import NotesScreen
from iivboard.tui.widgets.key_bar import KeyBar
from iivboard.tui.widgets.referral_tree import ReferralTreeView

FIELDS = [
    ("organization", "Organization"),
    ("role", "Role"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("linkedin", "LinkedIn"),
    ("location", "Location"),
    ("source", "Found via"),
    ("common_ground", "Why this person"),
]


def _when(text: str | None, zone: dt.tzinfo) -> str:
    moment = from_iso(text) if text else None
    if moment is None:
        return ""
    return f"{local(moment, zone):%a %d %b %Y %H:%M}"


def _request_words(d: dict[str, Any], zone: dt.tzinfo) -> str:
    """When the request went out, by which channel, the follow-ups since: read from the
    history, so a cancelled meeting (which restarts 3B7 on the contact's row) leaves the
    request's own date; the restarted clock is said after it."""
    request, clock = d["request"], d["request_sent_at"]
    if request is None:  # nothing in the history (an old import): the row is all we have
        request = {"sent_at": clock, "channel": d["request_channel"]}
        request["followups"] = d["followups_sent"]
    channel = request["channel"] or d["request_channel"] or "?"
    words = f"{_when(request['sent_at'], zone)} by {visible(channel)}; "
    words += f"{request['followups']} follow-up(s)"
    restarted = clock and d["stage"] == "requested" and clock > request["sent_at"]
    if restarted:
        words += f"; 3B7 counts from {_when(clock, zone)}"
    return words


class ContactScreen(BaseScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="contact_back"),
        Binding("e", "edit", "Edit", id="contact_edit"),
        Binding("d", "close", "Close", id="contact_close"),
        Binding("r", "reopen", "Reopen", id="contact_reopen"),
        Binding("m", "message", "Message", id="contact_message"),
        Binding("i", "calendar", "Calendar file", id="contact_calendar"),
        Binding("u", "undo", "Undo", id="contact_undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="contact_redo"),
        Binding("c", "call", "Call", id="contact_call"),
        Binding("p", "prep", "Prep", id="contact_prep"),
        Binding("n", "notes", "Notes", id="contact_notes"),
        Binding("E", "edit_notes", "Notes in $EDITOR", id="contact_notes_editor"),
        # Last: on a narrow terminal the key bar drops these before the everyday keys.
        Binding("R", "reschedule", "Reschedule", id="contact_reschedule"),
        # The same key, shown for someone already met with no meeting to come.
        Binding("R", "another_meeting", "Another meeting", id="contact_another_meeting"),
        Binding("X", "cancel_meeting", "Cancel meeting", id="contact_cancel_meeting"),
        # Read before an interview, not every day: the first to lose its word.
        Binding("b", "brief", "Brief", id="contact_brief"),
    ]
    DEFAULT_CSS = """
    ContactScreen #detail { padding: 0 2; }
    ContactScreen .heading { text-style: bold; color: $accent; padding-top: 1; }
    ContactScreen #name { text-style: bold; padding-top: 1; }
    ContactScreen #tree { height: auto; max-height: 20; }
    """

    def __init__(self, contact_id: int, at: str | None = None) -> None:
        """`at`: "meetings" or "timeline", the section to open at (a search hit there)."""
        super().__init__()
        self.contact_id = contact_id
        self.at = at
        self.detail: dict[str, Any] | None = None
        self.meeting_to_come = False  # R reschedules it, X cancels it
        self.another_meeting = False  # met already, no meeting to come: R sets another

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail"):
            yield Static(id="name")
            yield Static(id="fields")
            yield Static(Text("Meetings"), classes="heading", id="meetings-heading")
            yield Static(id="meetings")
            yield Static(Text("Timeline"), classes="heading", id="timeline-heading")
            yield Static(id="timeline")
            yield Static(Text("Referrals: who led to whom"), classes="heading", id="tree-heading")
            yield ReferralTreeView(self.contact_id, self.facade.referral_tree, id="tree")
        # A meeting that moves is what this screen is often opened for: R and X keep their
        # words when the bar is full.
        yield KeyBar(
            first_words=(
                "contact_reschedule",
                "contact_another_meeting",
                "contact_cancel_meeting",
            )
        )

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown, so this is the only refresh on opening.
        self.refresh_detail()
        if self.at is not None:
            heading = self.query_one(f"#{self.at}-heading")
            self.at = None  # only on opening: coming back keeps where the user scrolled
            self.call_after_refresh(
                self.query_one("#detail", VerticalScroll).scroll_to_widget,
                heading,
                animate=False,
                top=True,
            )

    def refresh_detail(self) -> None:
        self.detail = self.facade.contact_detail(self.contact_id)
        if self.detail is None:
            # Deleted elsewhere (the CLI, another window). Leave once, and only if this
            # screen is on top: popping twice would take the board with it.
            if self.app.screen is self:
                self.app.pop_screen()
                self.say("That contact no longer exists", severity="warning")
            return
        d = self.detail
        zone = self.facade.zone()
        title = Text(visible(d["name"]))
        state = STAGE_LABELS[d["stage"]]
        if d["outcome"]:
            state += f" (closed: {outcome_words(d['outcome'], d['outcome_reason'])})"
        title.append(f"   {state}", style="italic")
        self.query_one("#name", Static).update(title)
        view = self.facade.call(self.contact_id)
        self.meeting_to_come = view.meeting is not None
        self.another_meeting = meeting_moves.wants_another(view)
        self.refresh_bindings()

        table = Table.grid(padding=(0, 2))
        table.add_column(style="dim", no_wrap=True)
        table.add_column(overflow="fold")
        for key, label in FIELDS:
            if d[key]:
                table.add_row(label, Text(visible(d[key])))
        if d["tags"]:
            table.add_row("Tags", Text(visible(", ".join(d["tags"]))))
        names = self.facade.contact_names([d["referred_by"], *d["referrals"][:20]])
        if d["referred_by"] in names:
            table.add_row("Referred by", Text(visible(names[d["referred_by"]])))
        if d["referrals"]:
            shown = [names[cid] for cid in d["referrals"][:20] if cid in names]
            table.add_row("Referred you to", Text(visible(", ".join(shown))))
        if d["due"]:
            words, level = self.facade.due_words(d)
            table.add_row("Next", Text(words, style="bold red" if level == "overdue" else ""))
        table.add_row("In stage since", Text(_when(d["stage_entered_at"], zone)))
        if d["request"] or d["request_sent_at"]:
            table.add_row("Request sent", Text(_request_words(d, zone)))
        if d["notes"]:
            table.add_row("Notes", Text(visible(d["notes"], one_line=False)))
        self.query_one("#fields", Static).update(table)

        meetings = Text()
        for m in d["meetings"]:
            meetings.append(
                f"{_when(m['starts_at'], zone)}, {m['minutes']} min, "
                f"{m['format'].replace('_', ' ')}",
                style="bold",
            )
            if m["place"]:
                meetings.append(" · ")
                meetings.append(visible(m["place"]))
            if m["cancelled_at"]:
                meetings.append(f"  cancelled {_when(m['cancelled_at'], zone)}\n", style="red")
            else:
                meetings.append("  confirmed\n" if m["confirmed"] else "  not confirmed\n")
            if m["started_at"]:
                held = f"  call started {_when(m['started_at'], zone)}"
                if m["ended_at"]:
                    held += f", ended {_when(m['ended_at'], zone)[-5:]}"
                meetings.append(held + "\n", style="dim")
            for q in m["questions"]:
                meetings.append("  [x] " if q.get("asked") else "  [ ] ")
                meetings.append(visible(str(q.get("text", ""))) + "\n")
            if m["notes"]:
                meetings.append(visible(m["notes"], one_line=False) + "\n", style="")
            if m["reflection"]:
                meetings.append("Reflection: ", style="italic")
                meetings.append(visible(m["reflection"], one_line=False) + "\n")
            meetings.append("\n")
        self.query_one("#meetings", Static).update(meetings or Text("none yet", style="dim"))

        timeline = Table.grid(padding=(0, 2))
        timeline.add_column(style="dim", no_wrap=True)
        timeline.add_column(no_wrap=True)
        timeline.add_column(overflow="fold")
        for e in reversed(d["events"]):
            what = e["kind"].replace("_", " ")
            if e["to_stage"]:
                what += f" → {STAGE_LABELS.get(e['to_stage'], e['to_stage'])}"
            text = Text(visible(e["text"] or "", one_line=False))
            if e["channel"]:
                text = Text(f"({e['channel']}) ") + text
            timeline.add_row(_when(e["at"], zone), what, text)
        self.query_one("#timeline", Static).update(timeline)
        tree = self.query_one("#tree", ReferralTreeView)
        tree.show(self.contact_id)
        has_tree = tree.people > 1
        tree.display = has_tree
        self.query_one("#tree-heading").display = has_tree

    def refresh_view(self) -> None:
        self.refresh_detail()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_edit(self) -> None:
        self.refresh_detail()  # the form starts from what is stored now, not when we opened
        if self.detail is None:
            return
        facade = self.facade
        values = {k: (self.detail[k] or "") for k, _ in FIELDS}
        values["name"] = self.detail["name"]
        values["tags"] = ", ".join(self.detail["tags"])
        referrer = self.detail["referred_by"]
        values["referred_by"] = facade.contact_label(referrer)
        form = ContactForm(
            f"Edit {visible(self.detail['name'])}",
            contact_fields(
                values,
                facade.organization_names(),
                lambda typed: facade.complete_contact(typed, exclude=self.contact_id),
                facade.release_thread,
            ),
            facade.find_contact,
        )

        def done(new: dict[str, Any] | None) -> None:
            # Only what the user changed is sent: a field another program changed while the
            # form was open keeps that program's value. The referrer comes back as an id.
            start: dict[str, Any] = {**values, "referred_by": referrer}
            changed = {k: v for k, v in (new or {}).items() if v != start.get(k)}
            if not changed:
                return
            self.change(facade.update_contact, self.contact_id, **changed)

        self.app.push_screen(form, done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reopen":
            return bool(self.detail and self.detail["outcome"])
        if action == "close":
            return bool(self.detail and not self.detail["outcome"])
        if action in ("reschedule", "cancel_meeting"):
            return self.meeting_to_come
        if action == "another_meeting":
            return self.another_meeting
        return True

    def on_tree_node_selected(self, event: Tree.NodeSelected[int]) -> None:
        if event.node.data is not None and event.node.data != self.contact_id:
            self.board_app.open_contact(event.node.data)

    def action_message(self) -> None:
        self.board_app.write_message(self.contact_id)

    def action_calendar(self) -> None:
        self.export_calendar(self.contact_id)

    def action_brief(self) -> None:
        """The brief on this contact's organization, read as it stands now."""
        organization = self.detail["organization"] if self.detail else None
        if not organization:
            name = visible(self.detail["name"]) if self.detail else "This contact"
            self.say(f"{name} has no organization to brief on", severity="warning")
            return
        self.board_app.open_brief(organization)

    def action_reopen(self) -> None:
        self.change(self.facade.reopen, self.contact_id)

    def action_close(self) -> None:
        d = self.detail
        if d is not None and not d["outcome"]:
            closing.close_one(self, self.contact_id, d["name"], d["stage"])

    # ------------------------------------------------------------ calls and notes

    def action_call(self) -> None:
        self.board_app.open_call(self.contact_id)

    def action_prep(self) -> None:
        self.board_app.open_prep(self.contact_id)

    def action_reschedule(self) -> None:
        meeting_moves.reschedule(self, self.contact_id)

    def action_another_meeting(self) -> None:
        meeting_moves.another(self, self.contact_id)

    def action_cancel_meeting(self) -> None:
        meeting_moves.cancel(self, self.contact_id)

    def _latest_meeting(self) -> MeetingView | None:
        meeting = self.facade.latest_meeting(self.contact_id)
        if meeting is None:
            self.say(
                "No meeting yet: notes are taken in call mode (c on a scheduled contact)",
                severity="warning",
            )
        return meeting

    def action_notes(self) -> None:
        meeting = self._latest_meeting()
        if meeting is not None:
            self.app.push_screen(NotesScreen(meeting.id))

    def action_edit_notes(self) -> None:
        meeting = self._latest_meeting()
        if meeting is None:
            return
        edited = edit_in_editor(self.app, meeting.notes, what="notes", prefix="iivboard-notes-")
        if edited is None or edited == meeting.notes:
            return
        self.change(self.facade.update_meeting, meeting.id, notes=edited, label="Edited the notes")
