"""Small modal forms: add/edit a contact, what a stage needs, closing, confirming.

Each is prefilled so that Enter alone accepts; each validates before it dismisses, showing
the problem under the form instead of closing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester, SuggestFromList
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from iivboard.app.facade import NotDone
from iivboard.domain.calendar import add_business_days
from iivboard.domain.policy import Rules
from iivboard.domain.stages import CHANNELS, FORMATS, STAGE_LABELS
from iivboard.domain.when import FORMS, WhenError, parse_when
from iivboard.present.text import visible

FORM_CSS = """
FormScreen, ChoiceScreen, ConfirmScreen { align: center middle; }
FormScreen > VerticalScroll, ChoiceScreen > Vertical, ConfirmScreen > Vertical {
    width: 72; max-width: 100%; height: auto; max-height: 100%;
    border: thick $accent; background: $surface; padding: 0 1;
}
FormScreen .title, ChoiceScreen .title, ConfirmScreen .title { text-style: bold; padding: 0 0 1 0; }
FormScreen Label { color: $text-muted; }
FormScreen Input { border: none; height: 1; padding: 0 1; background: $boost; margin-bottom: 1; }
FormScreen Input:focus { border: none; background: $accent 25%; }
FormScreen .error { color: $error; height: auto; }
FormScreen .hint, ChoiceScreen .hint, ConfirmScreen .hint { color: $text-muted; }
ChoiceScreen OptionList { height: auto; max-height: 16; }
ConfirmScreen Horizontal { height: auto; }
"""


@dataclass
class Field:
    key: str
    label: str
    value: str = ""
    required: bool = False
    suggestions: list[str] | None = None
    placeholder: str = ""
    suggester: Suggester | None = None  # completion that asks as it goes (a query)


class AskingSuggester(Suggester):
    """Completion that asks a function on each key (a query with a LIMIT), for lists too
    long to hand to the form, such as every contact's name. It runs in a thread, so a
    slow answer (a prefix matching nobody reads the whole table) never holds up a key;
    `release` then closes that thread's database connection. Cached for the form's life."""

    def __init__(
        self, complete: Callable[[str], str | None], release: Callable[[], None] | None = None
    ) -> None:
        super().__init__(use_cache=True, case_sensitive=False)
        self.complete = complete
        self.release = release

    async def get_suggestion(self, value: str) -> str | None:
        return await asyncio.to_thread(self._ask, value)

    def _ask(self, value: str) -> str | None:
        try:
            return self.complete(value)
        finally:
            if self.release is not None:
                self.release()


class FormScreen(ModalScreen[dict[str, Any] | None]):
    """A column of labelled inputs. Enter saves (after `validate`), escape cancels."""

    DEFAULT_CSS = FORM_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        # Priority, so the focus moves before the next key is read: typed fast, the
        # next answer must land in the next field.
        Binding("enter", "next_field", show=False, priority=True),
    ]

    def __init__(
        self, title: str, fields: list[Field], hint: str = "", enter_moves_on: bool = False
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.hint = hint
        # Enter goes to the next field and saves on the last: for forms filled in during a
        # call, where a stray Enter must not cut an answer short.
        self.enter_moves_on = enter_moves_on

    def compose(self) -> ComposeResult:
        # Scrolls: the contact form is taller than a 24-line terminal, and the focused
        # field is scrolled into view as tab moves on.
        with VerticalScroll(can_focus=False):  # the first field takes the focus
            yield Static(Text(self.title_text), classes="title")
            for field in self.fields:
                yield Label(field.label + (" *" if field.required else ""))
                suggester = field.suggester or (
                    SuggestFromList(field.suggestions, case_sensitive=False)
                    if field.suggestions
                    else None
                )
                yield Input(
                    field.value,
                    placeholder=field.placeholder,
                    id=f"f-{field.key}",
                    suggester=suggester,
                )
            yield Static("", classes="error", id="form-error")
            yield Static(
                Text(self.hint or "enter: save   escape: cancel   tab: next field"), classes="hint"
            )

    def on_mount(self) -> None:
        # Focusing the first field on a short terminal scrolls the title out of sight;
        # the form opens from its top (tab still scrolls each next field into view).
        self.call_after_refresh(self.query_one(VerticalScroll).scroll_home, animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_field":
            inputs = list(self.query(Input))
            return self.enter_moves_on and self.focused in inputs and self.focused is not inputs[-1]
        return True

    def action_next_field(self) -> None:
        inputs = list(self.query(Input))
        if isinstance(self.focused, Input):  # check_action let us in: not the last one
            self.set_focus(inputs[inputs.index(self.focused) + 1])

    def values(self) -> dict[str, str]:
        return {f.key: self.query_one(f"#f-{f.key}", Input).value for f in self.fields}

    def validate_values(self, values: dict[str, str]) -> str | None:
        """Return an error message, or None when the values can be saved."""
        for field in self.fields:
            if field.required and not values[field.key].strip():
                return f"{field.label} is required"
        return None

    def show_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(Text(message))

    def result(self, values: dict[str, str]) -> dict[str, Any]:
        return values

    @on(Input.Submitted)
    def submit(self) -> None:
        values = self.values()
        error = self.validate_values(values)
        if error:
            self.show_error(error)
            return
        self.dismiss(self.result(values))

    def action_cancel(self) -> None:
        self.dismiss(None)


class WhenFormScreen(FormScreen):
    """A form where some fields are dates users type as +2d, tue 14:00..."""

    def __init__(
        self,
        title: str,
        fields: list[Field],
        when_keys: tuple[str, ...],
        now: dt.datetime,
        hint: str = "",
        int_keys: tuple[str, ...] = (),
        choices: dict[str, tuple[str, ...]] | None = None,
        default_time: dt.time = dt.time(9, 0),
    ) -> None:
        super().__init__(title, fields, hint)
        self.default_time = default_time  # for a date typed without a time of day
        self.when_keys = when_keys
        self.int_keys = int_keys
        self.choices = choices or {}
        self.now = now
        self.parsed: dict[str, object] = {}

    def validate_values(self, values: dict[str, str]) -> str | None:
        error = super().validate_values(values)
        if error:
            return error
        for key in self.when_keys:
            try:
                self.parsed[key] = parse_when(values[key], self.now, self.default_time)
            except WhenError as exc:
                return f"{exc}"
        for key in self.int_keys:
            text = values[key].strip()
            if not text.isdigit() or not 1 <= int(text) <= 600:
                return f"{key}: a whole number of minutes from 1 to 600"
            self.parsed[key] = int(text)
        for key, allowed in self.choices.items():
            value = values[key].strip().lower().replace(" ", "_")
            if value not in allowed:
                return f"{key}: one of {', '.join(allowed)}"
            self.parsed[key] = value
        return None

    def result(self, values: dict[str, str]) -> dict[str, Any]:
        return {**values, **self.parsed}


# What a meeting's time would overlap, in words ('' for nothing): (start, minutes) -> words.
ClashCheck = Callable[[dt.datetime, int], str]


def meeting_fields(
    start: dt.datetime, minutes: int, format: str = "video", place: str = "", label: str = ""
) -> list[Field]:
    """The time, length, format and place of a meeting, prefilled."""
    return [
        Field("starts_at", label or "Meeting time", f"{start:%Y-%m-%d %H:%M}", placeholder=FORMS),
        Field("minutes", "Agreed minutes", str(minutes)),
        Field("format", "Format (video, phone, in person)", format.replace("_", " ")),
        Field("place", "Place or link", place),
    ]


class MeetingForm(WhenFormScreen):
    """A meeting's time and terms. With `refuse_past`, a time already past is refused (the
    form stays open to correct it). A time that overlaps another contact's meeting shows
    the clash and needs a second Enter, unchanged, to keep it."""

    def __init__(
        self,
        title: str,
        fields: list[Field],
        now: dt.datetime,
        hint: str = "",
        *,
        refuse_past: bool = False,
        clashes: ClashCheck | None = None,
    ) -> None:
        super().__init__(
            title,
            fields,
            ("starts_at",),
            now,
            hint,
            int_keys=("minutes",),
            choices={"format": FORMATS},
        )
        self.refuse_past = refuse_past
        self.clashes = clashes
        self.accepted: tuple[object, ...] | None = None  # the clashing time confirmed

    def validate_values(self, values: dict[str, str]) -> str | None:
        error = super().validate_values(values)
        start, minutes = self.parsed.get("starts_at"), self.parsed.get("minutes")
        if error is not None or not isinstance(start, dt.datetime):
            return error
        if self.refuse_past and start < self.now:
            return "That time has passed; to record a meeting that took place, log it as held"
        if self.clashes is None or not isinstance(minutes, int):
            return None
        words = self.clashes(start, minutes)
        if not words or self.accepted == (start, minutes):
            return None
        self.accepted = (start, minutes)
        return f"Warning: this time {words}. Enter again to keep it, or change the time."


def contact_fields(
    values: dict[str, str],
    organizations: list[str],
    complete_contact: Callable[[str], str | None] | None = None,
    release: Callable[[], None] | None = None,
) -> list[Field]:
    """The add and edit form's fields; `complete_contact` completes "referred by" from
    the contacts (one query per key, never the whole list), `release` closes the
    database connection of the thread it ran in."""
    referrer = (
        [
            Field(
                "referred_by",
                "Referred by",
                values.get("referred_by", ""),
                placeholder="completes from your contacts (right arrow accepts)",
                suggester=AskingSuggester(complete_contact, release),
            )
        ]
        if complete_contact is not None
        else []
    )
    return [
        Field("name", "Name", values.get("name", ""), required=True),
        Field(
            "organization",
            "Organization",
            values.get("organization", ""),
            suggestions=organizations,
            placeholder="completes from your organizations",
        ),
        Field("role", "Role", values.get("role", "")),
        Field("email", "Email", values.get("email", "")),
        Field("phone", "Phone", values.get("phone", "")),
        Field("linkedin", "LinkedIn URL", values.get("linkedin", "")),
        Field("location", "Location", values.get("location", "")),
        Field("source", "How you found them", values.get("source", "")),
        *referrer,
        Field(
            "common_ground",
            "Why this person (common ground: same school, same first job...)",
            values.get("common_ground", ""),
        ),
        Field("tags", "Tags (comma separated)", values.get("tags", "")),
    ]


class ContactForm(FormScreen):
    """Add or edit a contact. With `find_contact`, "referred by" must name one contact
    (its label, its name, or #ID): the result holds that contact's id, or None."""

    def __init__(
        self,
        title: str,
        fields: list[Field],
        find_contact: Callable[[str], int | None] | None = None,
    ) -> None:
        super().__init__(title, fields)
        self.find_contact = find_contact
        self.referrer: int | None = None

    def validate_values(self, values: dict[str, str]) -> str | None:
        error = super().validate_values(values)
        if error:
            return error
        if self.find_contact is not None and "referred_by" in values:
            try:
                self.referrer = self.find_contact(values["referred_by"])
            except NotDone as exc:
                return f"Referred by: {exc}"
        email = values.get("email", "").strip()
        if email and ("@" not in email or " " in email):
            return "Email does not look like an address (name@example.org)"
        link = values.get("linkedin", "").strip()
        if link and "linkedin.com/" not in link.lower():
            return "LinkedIn URL should contain linkedin.com/"
        return None

    def result(self, values: dict[str, str]) -> dict[str, Any]:
        if "referred_by" not in values:
            return values
        return {**values, "referred_by": self.referrer}


def stage_form(
    stage: str,
    now: dt.datetime,
    rules: Rules,
    name: str,
    meeting_default: dt.datetime | None = None,
    held_at: dt.datetime | None = None,
    clashes: ClashCheck | None = None,
) -> FormScreen | None:
    """What moving into `stage` needs to know, prefilled; None when it needs nothing.
    `meeting_default` is the meeting time offered (a free slot), `clashes` what warns of
    an overlap with another meeting."""
    title = f"Move {visible(name)} to {STAGE_LABELS[stage]}"
    if stage == "requested":
        return WhenFormScreen(
            title,
            [
                Field("at", "Sent", "now", placeholder=FORMS),
                Field("channel", "Channel (email, linkedin, phone, in person, other)", "email"),
            ],
            ("at",),
            now,
            choices={"channel": CHANNELS},
        )
    if stage == "scheduled":
        start = meeting_default or next_business_morning(now, rules)
        return MeetingForm(
            title, meeting_fields(start, rules.meeting_minutes), now, clashes=clashes
        )
    if stage == "met":
        held = "now" if held_at is None else f"{held_at:%Y-%m-%d %H:%M}"
        return WhenFormScreen(title, [Field("at", "Met", held, placeholder=FORMS)], ("at",), now)
    return None


def touch_form(name: str) -> FormScreen:
    """A touch logged (keep in touch): what was sent or said, one optional line kept as
    the history entry's note."""
    return FormScreen(
        f"Kept in touch with {visible(name)}",
        [
            Field(
                "note",
                "What did you send or say? (optional)",
                placeholder="shared an article, told them I took their advice...",
            )
        ],
        hint="enter: log it   escape: cancel",
    )


def next_business_morning(now: dt.datetime, rules: Rules) -> dt.datetime:
    day = add_business_days(now.date(), 1, rules.holidays)
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=now.tzinfo)


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a few options with the arrows and Enter."""

    DEFAULT_CSS = FORM_CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, options: list[tuple[str, str]], hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.options = options
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="title")
            yield OptionList(*[Option(Text(label), id=key) for key, label in self.options])
            yield Static(Text(self.hint or "enter: choose   escape: cancel"), classes="hint")

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    DEFAULT_CSS = FORM_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question), classes="title")
            with Horizontal():
                yield Button("Yes (y)", id="yes", variant="error")
                yield Button("No (n)", id="no")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
