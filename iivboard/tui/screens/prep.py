"""Prep before a call (key p on a scheduled contact): the checklist, questions, introduction.

Two research steps are ticked by hand; the others are done when their content exists
(3 to 6 questions chosen, an introduction written, the meeting confirmed).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from iivboard.app import calls
from iivboard.app.calls import MAX_QUESTIONS, MIN_QUESTIONS, PrepStep
from iivboard.app.facade import Result
from iivboard.app.queries import MeetingView
from iivboard.domain.calendar import local
from iivboard.domain.policy import Rules
from iivboard.io.question_bank import BankError, Group, bank_path, load_bank, save_bank
from iivboard.present.text import visible
from iivboard.tui.editor import edit_in_editor
from iivboard.tui.screens.base import BaseModalScreen, BaseScreen
from iivboard.tui.screens.forms import ConfirmScreen, Field, FormScreen
from iivboard.tui.widgets.key_bar import KeyBar

STEP_KEYS = "12345"
# Spoken at an easy pace, 30 seconds is about this many words.
INTRO_WORDS = 80


def meeting_line(meeting: MeetingView, rules: Rules) -> Text:
    start = local(meeting.starts_at, rules.zone())
    line = Text(
        f"{start:%a %d %b %H:%M} · {meeting.minutes} min · {meeting.format.replace('_', ' ')}"
    )
    if meeting.place:
        line.append(" · ")
        line.append(visible(meeting.place))
    return line


class PrepScreen(BaseScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="prep_back"),
        Binding("space,enter", "do_step", "Do / tick", id="prep_do"),
        *[
            Binding(key, f"do_step({i})", show=False, id=f"prep_step_{i + 1}")
            for i, key in enumerate(STEP_KEYS)
        ],
        Binding("c", "call", "Start the call", id="prep_call"),
    ]
    DEFAULT_CSS = """
    PrepScreen #prep { padding: 0 2; }
    PrepScreen #prep-head { text-style: bold; padding-top: 1; }
    PrepScreen .heading { text-style: bold; color: $accent; margin-top: 1; }
    PrepScreen #steps { height: auto; border: none; padding: 0; }
    PrepScreen #hint { color: $text-muted; }
    """

    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.meeting: MeetingView | None = None
        self.steps: tuple[PrepStep, ...] = ()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="prep"):
            yield Static(id="prep-head")
            yield Static(id="prep-when")
            yield Static(Text("Checklist"), classes="heading", id="steps-heading")
            yield OptionList(id="steps")
            yield Static(
                Text("1-5 or enter: do that step (space ticks the research steps)"), id="hint"
            )
            yield Static(Text("Questions"), classes="heading")
            yield Static(id="prep-questions")
            yield Static(Text("Your 30-second introduction"), classes="heading")
            yield Static(id="prep-intro")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_prep()
        self.query_one("#steps", OptionList).focus()

    def refresh_prep(self) -> None:
        view = self.facade.call(self.contact_id)
        contact, meeting = view.contact, view.meeting
        if contact is None or meeting is None:
            self.say(view.reason, severity="warning")
            self.app.pop_screen()
            return
        self.meeting = meeting
        head = Text(f"Prep for the call with {visible(contact.name)}")
        if contact.organization:
            head.append(f" ({visible(contact.organization)})", style="")
        self.query_one("#prep-head", Static).update(head)
        self.query_one("#prep-when", Static).update(meeting_line(meeting, self.facade.rules))

        self.steps = meeting.steps
        box = self.query_one("#steps", OptionList)
        keep = box.highlighted if box.highlighted is not None else 0
        box.clear_options()
        for i, step in enumerate(self.steps):
            line = Text()
            line.append(f"{STEP_KEYS[i]}  ", style="dim")
            line.append("[x] " if step.done else "[ ] ", style="bold green" if step.done else "")
            line.append(step.label)
            if step.detail:
                line.append(f"  ({step.detail})", style="dim")
            box.add_option(Option(line))
        box.highlighted = keep
        done = sum(s.done for s in self.steps)
        self.query_one("#steps-heading", Static).update(
            Text(f"Checklist  {done} of {len(self.steps)} done")
        )

        questions = meeting.questions
        text = Text()
        for i, q in enumerate(questions, start=1):
            text.append(f"{i}. {visible(q.text)}\n")
        self.query_one("#prep-questions", Static).update(
            text if questions else Text("none chosen yet (3 or enter picks them)", style="dim")
        )
        intro = meeting.intro.strip()
        self.query_one("#prep-intro", Static).update(
            Text(visible(intro, one_line=False))
            if intro
            else Text("not written yet (4 or enter writes it)", style="dim")
        )

    def refresh_view(self) -> None:
        self.refresh_prep()

    def _changed(self, result: Result | None) -> None:
        if result is not None:
            self.redraw_after(result)
        else:
            self.refresh_prep()

    def action_do_step(self, index: int | None = None) -> None:
        if self.meeting is None:
            return
        box = self.query_one("#steps", OptionList)
        if index is None:
            index = box.highlighted or 0
        box.highlighted = index
        step = self.steps[index]
        facade = self.facade
        if step.key in calls.TICKED_STEPS:
            self._changed(
                self.attempt(facade.set_prep_step, self.meeting.id, step.key, not step.done)
            )
        elif step.key == "questions":
            self.app.push_screen(QuestionPicker(self.meeting.id), self._changed)
        elif step.key == "intro":
            self.app.push_screen(IntroScreen(self.meeting.id), self._changed)
        elif step.key == "confirm":
            if step.done:
                self.say("Already confirmed")
                return

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._changed(self.attempt(facade.log, self.contact_id, "confirm"))

            self.app.push_screen(
                ConfirmScreen("Did they confirm the meeting? (log it as confirmed)"), confirmed
            )

    @on(OptionList.OptionSelected, "#steps")
    def step_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_do_step(event.option_index)

    def action_call(self) -> None:
        from iivboard.tui.screens.call import CallScreen

        self.app.switch_screen(CallScreen(self.contact_id))

    def action_back(self) -> None:
        self.app.pop_screen()


class QuestionPicker(BaseModalScreen[Result | None]):
    """The question bank by group: space ticks up to six; escape saves the choice."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "save", "Save and close"),
        Binding("space", "pick_highlighted", "Pick / unpick", show=False),
        Binding("a", "add_own", "Add your own"),
        Binding("e", "edit_bank", "Edit the bank"),
    ]
    DEFAULT_CSS = """
    QuestionPicker { align: center middle; }
    QuestionPicker > Vertical {
        width: 100; max-width: 100%; height: 90%; border: thick $accent;
        background: $surface; padding: 0 1;
    }
    QuestionPicker #picker-title { text-style: bold; }
    QuestionPicker #picker-list { height: 1fr; border: none; }
    QuestionPicker #picker-error { color: $error; height: auto; }
    QuestionPicker #picker-hint { color: $text-muted; }
    """

    def __init__(self, meeting_id: int, bank_file: Path | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.bank_file = bank_file
        self.chosen: list[str] = []
        # Questions that are not in the bank stay listed after being unpicked.
        self.own: list[str] = []
        self.groups: list[Group] = []
        self.bank_error = ""

    def _chosen_now(self) -> list[str]:
        meeting = self.facade.meeting(self.meeting_id)
        return [q.text for q in meeting.questions] if meeting else []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="picker-title")
            yield Static(id="picker-error")
            yield OptionList(id="picker-list")
            yield Static(
                Text(
                    "space or enter: pick / unpick   a: add your own   "
                    "e: edit the bank file   escape: save and close"
                ),
                id="picker-hint",
            )

    def on_mount(self) -> None:
        self.chosen = self._chosen_now()
        self.own = list(self.chosen)
        self.load()
        self.query_one("#picker-list", OptionList).focus()

    def load(self) -> None:
        try:
            self.groups = load_bank(self.bank_file)
            self.bank_error = ""
        except BankError as exc:
            self.groups = []
            self.bank_error = f"{exc}  (e edits the file; the chosen questions are kept)"
        self.query_one("#picker-error", Static).update(Text(self.bank_error))
        self.draw()

    def draw(self) -> None:
        box = self.query_one("#picker-list", OptionList)
        keep = box.highlighted
        box.clear_options()
        in_bank = {q for g in self.groups for q in g.questions}
        own = [q for q in self.own if q not in in_bank]
        sections = ([Group("Your own (not in the bank)", tuple(own))] if own else []) + self.groups
        shown: set[str] = set()
        for group in sections:
            box.add_option(Option(Text(visible(group.name), style="bold"), disabled=True))
            for question in group.questions:
                if question in shown:  # the same question in two groups: listed once
                    continue
                shown.add(question)
                line = Text()
                if question in self.chosen:
                    line.append(f"[{self.chosen.index(question) + 1}] ", style="bold green")
                else:
                    line.append("[ ] ")
                line.append(visible(question))
                box.add_option(Option(line, id=question))
        if keep is not None and keep < box.option_count:
            box.highlighted = keep
        elif box.option_count:
            box.action_first()
        count = len(self.chosen)
        title = Text(f"Pick {MIN_QUESTIONS} to {MAX_QUESTIONS} questions: {count} chosen")
        if count < MIN_QUESTIONS:
            title.append(f"  (at least {MIN_QUESTIONS})", style="yellow")
        self.query_one("#picker-title", Static).update(title)

    def toggle(self, question: str) -> None:
        if question in self.chosen:
            self.chosen.remove(question)
        elif len(self.chosen) >= MAX_QUESTIONS:
            self.say(
                f"{MAX_QUESTIONS} is plenty for a short call: unpick one first", severity="warning"
            )
            return
        else:
            self.chosen.append(question)
        self.draw()

    @on(OptionList.OptionSelected, "#picker-list")
    def picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.toggle(event.option.id)

    def action_pick_highlighted(self) -> None:
        box = self.query_one("#picker-list", OptionList)
        if box.highlighted is not None:
            option = box.get_option_at_index(box.highlighted)
            if option.id is not None and not option.disabled:
                self.toggle(option.id)

    def action_add_own(self) -> None:
        def done(values: dict[str, Any] | None) -> None:
            if values and values["question"].strip():
                question = " ".join(values["question"].split())
                if question not in self.own:
                    self.own.append(question)
                if question not in self.chosen:
                    self.toggle(question)

        self.app.push_screen(
            FormScreen(
                "Your own question",
                [
                    Field(
                        "question",
                        "Question",
                        required=True,
                        placeholder="open-ended: what, how, why...",
                    )
                ],
            ),
            done,
        )

    def action_edit_bank(self) -> None:
        path = self.bank_file or bank_path()
        with contextlib.suppress(BankError):
            load_bank(path)  # writes the starter bank first if there is none
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.say(f"Cannot read {path}: {exc}", severity="error")
            return
        edited = edit_in_editor(self.app, text, what="question bank", prefix="iivboard-questions-")
        if edited is None or edited == text:
            return
        try:
            save_bank(path, edited)
        except OSError as exc:
            self.say(f"Cannot write {path}: {exc.strerror}", severity="error")
            return
        self.load()
        if not self.bank_error:
            self.say("Question bank saved")

    def action_save(self) -> None:
        if self.chosen == self._chosen_now():
            self.dismiss(None)
            return
        result = self.attempt(self.facade.set_questions, self.meeting_id, self.chosen)
        if result is not None:
            self.dismiss(result)


class IntroScreen(BaseModalScreen[Result | None]):
    """The 30-second introduction: who you are, what you are exploring, why this person."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "save", "Save and close")]
    DEFAULT_CSS = """
    IntroScreen { align: center middle; }
    IntroScreen > Vertical {
        width: 90; max-width: 100%; height: 20; border: thick $accent;
        background: $surface; padding: 0 1;
    }
    IntroScreen #intro-title { text-style: bold; }
    IntroScreen TextArea { height: 1fr; }
    IntroScreen #intro-count { color: $text-muted; }
    """

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.before = ""
        self.contact_name = ""

    def compose(self) -> ComposeResult:
        meeting = self.facade.meeting(self.meeting_id)
        contact = self.facade.contact(meeting.contact_id) if meeting else None
        self.before = meeting.intro if meeting else ""
        self.contact_name = contact.name if contact else ""
        with Vertical():
            yield Static(
                Text(
                    f"Your 30-second introduction for {visible(self.contact_name)}: who you "
                    "are, what you are exploring, why them"
                ),
                id="intro-title",
            )
            yield TextArea(self.before, soft_wrap=True, id="intro-text")
            yield Static(id="intro-count")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()
        self.count()

    @on(TextArea.Changed)
    def count(self) -> None:
        words = len(self.query_one(TextArea).text.split())
        note = "  (long for 30 seconds)" if words > INTRO_WORDS else ""
        self.query_one("#intro-count", Static).update(
            Text(
                f"{words} words, about {INTRO_WORDS} fit in 30 seconds{note}   "
                "escape: save and close"
            )
        )

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        if text.strip() == self.before.strip():
            self.dismiss(None)
            return
        result = self.attempt(self.facade.set_intro, self.meeting_id, text)
        if result is not None:
            self.dismiss(result)
