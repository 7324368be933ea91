"""Call mode (key c on a scheduled contact): notes, questions, a clock and referrals, one screen.

The notes editor keeps the focus, so every plain key types; the screen's own keys are
ctrl+ combinations and F-keys that typing never produces. (Not alt+digits: Textual reads
them as the characters a Mac keyboard types, ™ and so on, and they would land in the notes.) The notes save while you type
(see widgets/notes.py). Opening the screen starts the call once (Meeting.started_at); leaving
with escape keeps it open, and ctrl+g ends it with a short reflection.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from iivboard.app import calls
from iivboard.app.calls import MAX_QUESTIONS, REFLECTION_PROMPTS
from iivboard.app.queries import ContactBrief, MeetingView, Question
from iivboard.domain.calendar import local
from iivboard.domain.stages import MET_STAGES, STAGE_LABELS
from iivboard.present.text import visible
from iivboard.tui.screens.base import BaseScreen
from iivboard.tui.screens.forms import Field, FormScreen
from iivboard.tui.widgets.key_bar import KeyBar
from iivboard.tui.widgets.notes import AutosaveNotes, SaveStatus

TICK_KEYS = [f"f{n}" for n in range(1, MAX_QUESTIONS + 1)]


def question_prompt(number: int, question: Question, key: str = "") -> Text:
    prompt = Text()
    if key:
        prompt.append(f"{key.upper():<3} ", style="dim")
    prompt.append(
        "[x] " if question.asked else "[ ] ", style="bold green" if question.asked else ""
    )
    prompt.append(visible(question.text), style="dim strike" if question.asked else "")
    return prompt


class QuestionList(OptionList):
    """The prepared questions: tab here, then up/down and space (or 1-6) tick one; the
    focus then goes back to the notes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "select", "Tick", show=False),
        *[Binding(str(n), f"screen.tick({n - 1})", show=False) for n in range(1, 7)],
    ]


def referral_form(contact: ContactBrief, organizations: list[str]) -> FormScreen:
    return FormScreen(
        f"Referral from {visible(contact.name)}",
        [
            Field("name", "Name", required=True),
            Field("organization", "Organization", contact.organization, suggestions=organizations),
            Field(
                "context",
                "One line of context",
                placeholder="what they do, why talk to them, may you use the name",
            ),
        ],
        hint="enter: next field, then add   escape: back to the call",
        enter_moves_on=True,
    )


def reflection_form(contact: ContactBrief) -> FormScreen:
    return FormScreen(
        f"End the call with {visible(contact.name)}: a short reflection",
        [Field(key, prompt) for key, prompt in REFLECTION_PROMPTS],
        hint="enter: next prompt; on the last one the call ends (blank answers are fine)\n"
        "escape: back to the call",
        enter_moves_on=True,
    )


class CallScreen(BaseScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "tick_next", "Tick next question", id="call_tick_next"),
        # Priority: the notes editor has F6 and F7 (select line, select all) of its own.
        *[
            Binding(
                key,
                f"tick({n})",
                f"Tick question {n + 1}",
                show=False,
                priority=True,
                id=f"call_tick_{n + 1}",
            )
            for n, key in enumerate(TICK_KEYS)
        ],
        Binding("ctrl+r", "referral", "Referral", id="call_referral"),
        Binding("ctrl+t", "toggle_recontact", "May I contact you again", id="call_recontact"),
        Binding("ctrl+o", "toggle_intro", "Offered intro", id="call_offered_intro"),
        Binding("ctrl+g", "end_call", "End call", id="call_end"),
        Binding(
            "f8", "restart_clock", "Restart the clock now", show=False, id="call_restart_clock"
        ),
        Binding("escape", "leave", "Leave (call stays open)", id="call_leave"),
    ]
    CSS_PATH = "call.tcss"

    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.meeting_id: int | None = None
        self.contact: ContactBrief | None = None
        self.meeting: MeetingView | None = None
        self.questions: tuple[Question, ...] = ()
        self._announced = ""  # the clock state already announced by a notice

    # ------------------------------------------------------------ layout and loading

    def compose(self) -> ComposeResult:
        meeting = self.facade.call(self.contact_id).meeting
        # The notes always go to this meeting, even if the contact moves on meanwhile.
        self.meeting_id = meeting.id if meeting else None
        yield Static(id="call-head")
        yield Static(id="clock")
        with Horizontal(id="call-body"):
            yield AutosaveNotes(
                meeting.notes if meeting else "",
                self._save_notes,
                id="notes",
                placeholder="Type your notes here: they are saved as you type",
            )
            with VerticalScroll(id="side", can_focus=False):
                yield Static(Text("Questions"), classes="heading", id="questions-heading")
                yield QuestionList(id="questions")
                yield Static(id="questions-hint")
                yield Static(Text("Your introduction"), classes="heading", id="intro-heading")
                yield Static(id="intro")
                yield Static(Text("Referrals (ctrl+r)"), classes="heading")
                yield Static(id="referrals")
                yield Static(Text("They said"), classes="heading")
                yield Static(id="flags")
        yield SaveStatus(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        view = self.facade.call(self.contact_id)
        if view.meeting is None:
            self.say(view.reason, severity="warning")
            self.app.pop_screen()
            return
        if view.meeting.started_at is None:
            result = self.attempt(self.facade.start_call, self.contact_id)
            if result is None:
                self.app.pop_screen()
                return
            self.redraw_after(result)
        else:
            self.reload()
        self.query_one("#notes", AutosaveNotes).focus()
        self.update_clock()
        self.set_interval(1.0, self.update_clock)

    def reload(self) -> None:
        """Re-read the contact and meeting (after a change) and redraw all but the notes."""
        self.contact = self.facade.contact(self.contact_id)
        self.meeting = None if self.meeting_id is None else self.facade.meeting(self.meeting_id)
        if self.contact is None or self.meeting is None:
            return
        contact, meeting = self.contact, self.meeting
        head = Text()
        head.append("Call with ", style="bold")
        head.append(visible(contact.name), style="bold")
        who = ", ".join(visible(p) for p in (contact.role, contact.organization) if p)
        if who:
            head.append(f"  ·  {who}")
        head.append(f"  ·  {meeting.format.replace('_', ' ')}")
        if meeting.place:
            head.append("  ·  ")
            head.append(visible(meeting.place))
        self.query_one("#call-head", Static).update(head)

        self.questions = meeting.questions
        self._draw_questions()
        intro = meeting.intro.strip()
        self.query_one("#intro", Static).update(
            Text(visible(intro, one_line=False))
            if intro
            else Text("none written (p prepares one)", style="dim")
        )
        referrals = self.facade.referrals_of(self.contact_id)
        lines = Text()
        for name, org in referrals:
            lines.append("• " + visible(name))
            if org:
                lines.append(f" ({visible(org)})", style="dim")
            lines.append("\n")
        self.query_one("#referrals", Static).update(
            lines if referrals else Text("none yet", style="dim")
        )
        flags = Text()
        flags.append(
            "[x] " if contact.may_recontact else "[ ] ",
            style="bold green" if contact.may_recontact else "",
        )
        flags.append("may I contact you again  ")
        flags.append("ctrl+t\n", style="dim")
        flags.append(
            "[x] " if contact.offered_intro else "[ ] ",
            style="bold green" if contact.offered_intro else "",
        )
        flags.append("offered to introduce me  ")
        flags.append("ctrl+o", style="dim")
        self.query_one("#flags", Static).update(flags)

    def _draw_questions(self) -> None:
        box = self.query_one("#questions", QuestionList)
        keep = box.highlighted
        box.clear_options()
        if not self.questions:
            box.add_option(
                Option(
                    Text("none prepared (p picks 3 to 6 before the call)", style="dim"),
                    disabled=True,
                )
            )
            return
        box.add_options(
            [
                Option(question_prompt(i + 1, q, TICK_KEYS[i] if i < len(TICK_KEYS) else ""))
                for i, q in enumerate(self.questions)
            ]
        )
        if keep is not None and keep < len(self.questions):
            box.highlighted = keep
        asked = sum(q.asked for q in self.questions)
        self.query_one("#questions-heading", Static).update(
            Text(f"Questions  {asked}/{len(self.questions)} asked")
        )
        last = TICK_KEYS[min(len(self.questions), len(TICK_KEYS)) - 1].upper()
        self.query_one("#questions-hint", Static).update(
            Text(f"F1-{last} tick · ctrl+n the next · tab: arrows, space", style="dim")
        )

    # ------------------------------------------------------------ the clock

    def update_clock(self) -> None:
        if self.meeting is None or self.meeting.started_at is None:
            return
        now = self.facade.now()
        rules = self.facade.rules
        spent = calls.elapsed(self.meeting.started_at, now)
        agreed = dt.timedelta(minutes=self.meeting.minutes)
        state = calls.clock_state(
            self.meeting.started_at, self.meeting.minutes, rules.meeting_warning_minutes, now
        )
        text = Text()
        text.append(f"{calls.mmss(spent)} of {calls.mmss(agreed)}", style="bold")
        started = local(self.meeting.started_at, rules.zone())
        text.append(f"   started {started:%H:%M}   ")
        if state == "over":
            text.append(f"over by {calls.mmss(spent - agreed)}", style="bold")
            text.append(": offer to stop here and thank them for their time")
        elif state == "warning":
            left = agreed - spent
            minutes = -(-int(left.total_seconds()) // 60)
            text.append(
                f"{minutes} minute{'s' if minutes != 1 else ''} left: time to ask "
                "whom else to talk to, then wrap up"
            )
        else:
            text.append(f"{calls.mmss(agreed - spent)} left   (F8 restarts the clock)", style="dim")
        clock = self.query_one("#clock", Static)
        clock.update(text)
        clock.set_class(state == "warning", "warning")
        clock.set_class(state == "over", "over")
        if state and state != self._announced:
            self._announced = state
            if state == "over":
                self.app.bell()
                self.say("Time is up", severity="warning", timeout=6)
            else:
                self.say(
                    f"{rules.meeting_warning_minutes} minutes left", severity="warning", timeout=6
                )

    def action_restart_clock(self) -> None:
        if self.meeting is None:
            return
        result = self.attempt(
            self.facade.update_meeting,
            self.meeting.id,
            started_at=self.facade.now(),
            label="Restarted the call clock",
        )
        if result is not None:
            self._announced = ""
            self.reload()
            self.update_clock()
            self.say("The clock starts again from now")

    # ------------------------------------------------------------ notes

    def refresh_view(self) -> None:
        self.reload()

    def _save_notes(self, text: str) -> None:
        if self.meeting_id is not None:
            self.facade.save_notes(self.meeting_id, text)

    @on(AutosaveNotes.Saved)
    def saved(self, event: AutosaveNotes.Saved) -> None:
        self.query_one(SaveStatus).show(event, self.facade.local_now())

    def flush_notes(self) -> bool:
        return self.query_one("#notes", AutosaveNotes).flush()

    # ------------------------------------------------------------ questions

    def action_tick(self, index: int) -> None:
        if self.meeting is None or not 0 <= index < len(self.questions):
            return
        result = self.attempt(self.facade.tick_question, self.meeting.id, index)
        if result is not None:
            self.redraw_after(result)
        self.query_one("#notes", AutosaveNotes).focus()

    def action_tick_next(self) -> None:
        index = next((i for i, q in enumerate(self.questions) if not q.asked), None)
        if index is None:
            self.say(
                "Every prepared question is ticked"
                if self.questions
                else "No questions prepared for this call"
            )
            return
        self.action_tick(index)

    @on(OptionList.OptionSelected, "#questions")
    def question_chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_tick(event.option_index)

    # ------------------------------------------------------------ referrals and flags

    def action_referral(self) -> None:
        if self.contact is None:
            return

        def done(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.change(
                    self.facade.add_referral,
                    self.contact_id,
                    values["name"],
                    organization=values["organization"],
                    context=values["context"],
                )

        self.app.push_screen(referral_form(self.contact, self.facade.organization_names()), done)

    def action_toggle_recontact(self) -> None:
        if self.contact is not None:
            self._set_flag(may_recontact=not self.contact.may_recontact)

    def action_toggle_intro(self) -> None:
        if self.contact is not None:
            self._set_flag(offered_intro=not self.contact.offered_intro)

    def _set_flag(self, **flag: bool) -> None:
        result = self.attempt(self.facade.set_call_flags, self.contact_id, **flag)
        if result is not None:
            self.redraw_after(result)

    # ------------------------------------------------------------ leaving and ending

    def action_leave(self) -> None:
        if self.focused is not None and self.focused.id == "questions":
            self.query_one("#notes", AutosaveNotes).focus()
            return
        if not self.flush_notes():
            self.say("The notes could not be saved yet; staying in the call", severity="error")
            return
        self.app.pop_screen()
        self.say(
            "Left call mode; the notes are saved and the call stays open "
            "(c comes back, ctrl+g there ends it)",
            timeout=5,
        )

    def action_end_call(self) -> None:
        if self.contact is None:
            return
        self.flush_notes()
        was = self.contact.stage

        def done(values: dict[str, Any] | None) -> None:
            if values is None:
                self.query_one("#notes", AutosaveNotes).focus()
                return
            if not self.flush_notes():
                return
            result = self.attempt(self.facade.end_call, self.contact_id, values)
            if result is None:
                return
            self.board_app.changed(result)
            contact = self.facade.contact(self.contact_id)
            due = ""
            if contact is not None and contact.due_at is not None:
                due_local = local(contact.due_at, self.facade.zone())
                due = f"; thank-you due by {due_local:%a %H:%M}"
            self.app.pop_screen()
            name = contact.name if contact is not None else "the contact"
            where = "moved to Met"
            if contact is not None and was in MET_STAGES:
                # Another meeting with someone already met: held, the stage unchanged.
                where = f"meeting held, still in {STAGE_LABELS[contact.stage]}"
            self.say(f"Call ended: {name} {where}{due}", timeout=5)

        self.app.push_screen(reflection_form(self.contact), done)
