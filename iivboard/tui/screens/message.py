"""The message screen (key m on a card): pick a template, see it filled in, then copy it,
edit it in $EDITOR, open it in the mail app, and log it as sent.

A placeholder with no value is highlighted in the preview and named under it, and copying,
opening or logging such a message takes a second press of the same key, so a gap is never
sent by accident. The screen dismisses with the command's Result once the message is logged (the board
redraws `result.contact_ids`), or with None.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from iivboard.app import messages
from iivboard.app.facade import Facade, Result
from iivboard.app.messages import Message, TemplateError
from iivboard.present.text import visible
from iivboard.tui.editor import edit_in_editor
from iivboard.tui.screens.base import BaseModalScreen
from iivboard.tui.screens.forms import Field, FormScreen
from iivboard.tui.widgets.key_bar import KeyBar

MARKER_STYLE = "bold reverse red"


class MessageScreen(BaseModalScreen[Result | None]):
    CSS_PATH = "message.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy_body", "Copy text"),
        Binding("s", "copy_subject", "Copy subject"),
        Binding("f", "fill", "Fill a gap"),
        Binding("e", "edit", "Edit in $EDITOR"),
        Binding("o", "mailto", "Open mail app"),
        Binding("l", "log_sent", "Log as sent"),
        Binding("escape", "close", "Close"),
        *(
            Binding(str(number), f"pick('{name}')", f"{messages.TEMPLATE_LABELS[name]}", show=False)
            for number, name in enumerate(messages.TEMPLATES, start=1)
        ),
    ]

    def __init__(
        self,
        facade: Facade,
        contact_id: int,
        *,
        template: str | None = None,
        open_url: Callable[[str], bool] = webbrowser.open,
        templates_folder: Path | None = None,
        announce: bool = True,
    ) -> None:
        super().__init__(facade)
        self.contact_id = contact_id
        self.open_url = open_url
        self.templates_folder = templates_folder
        self.announce = announce  # False: whoever opened us says what was logged
        self.contact = facade.contact(contact_id)
        stage = self.contact.stage if self.contact else "identified"
        self.template = (
            messages.template_name(template) if template else messages.suggested_template(stage)
        )
        self.message: Message | None = None
        self.drafts: dict[str, Message] = {}  # what the user edited, per template
        self.channel = ""
        self._armed = ""  # the key pressed once on a message with gaps

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Vertical(id="message-dialog"):
            yield Static(self._title(), id="message-title")
            with Horizontal(id="message-body"):
                yield OptionList(
                    *(
                        Option(f"{number} {messages.TEMPLATE_LABELS[name]}", id=name)
                        for number, name in enumerate(messages.TEMPLATES, start=1)
                    ),
                    id="message-templates",
                )
                with VerticalScroll(id="message-preview"):
                    yield Static(id="message-text")
                # The meeting notes, beside the draft: what to write from, never pasted in.
                with VerticalScroll(id="message-reference"):
                    yield Static(id="message-notes")
            yield Static(id="message-flags")
            yield KeyBar()

    def _title(self) -> Text:
        if self.contact is None:
            return Text(f"No contact with id {self.contact_id}")
        title = Text.assemble("Message to ", (self.contact.name, "bold"))
        if self.contact.organization:
            title.append(f" ({self.contact.organization})")
        if self.contact.email:
            title.append(f"  <{self.contact.email}>", "dim")
        return title

    def on_mount(self) -> None:
        if self.contact is None:
            self.app.notify(f"No contact with id {self.contact_id}", severity="error", markup=False)
            self.dismiss(None)
            return
        options = self.query_one("#message-templates", OptionList)
        options.highlighted = messages.TEMPLATES.index(self.template)
        options.focus()
        self._show(self.template)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.template:
            self._show(event.option.id)

    def action_pick(self, name: str) -> None:
        self.query_one("#message-templates", OptionList).highlighted = messages.TEMPLATES.index(
            name
        )
        self._show(name)

    def _show(self, name: str) -> None:
        self.template = name
        self._armed = ""
        text = self.query_one("#message-text", Static)
        flags = self.query_one("#message-flags", Static)
        try:
            self.message = self.drafts.get(name) or self.facade.compose_message(
                self.contact_id, name, self.templates_folder
            )
        except TemplateError as exc:
            self.message = None
            text.update(Text(str(exc)))
            flags.update(Text("This template cannot be used until the file is fixed."))
            flags.add_class("-flagged")
            return
        text.update(self._preview(self.message))
        flags.update(self._flags(self.message))
        flags.set_class(bool(self.message.flagged), "-flagged")
        reference = self.message.reference
        self.query_one("#message-reference").display = bool(reference)
        notes = Text("Your notes from the meeting\n", "bold")
        notes.append(visible(reference, one_line=False), "dim")
        self.query_one("#message-notes", Static).update(notes)

    @staticmethod
    def _preview(message: Message) -> Text:
        preview = Text()
        preview.append("Subject: ", "bold")
        preview.append(message.subject + "\n\n")
        preview.append(message.body)
        preview.highlight_regex(r"\{[A-Za-z_][A-Za-z0-9_]*\?\}", MARKER_STYLE)
        return preview

    @staticmethod
    def _flags(message: Message) -> Text:
        if not message.flagged:
            return Text("Every placeholder has a value.")
        names = ", ".join("{" + name + "}" for name in message.flagged)
        flags = Text(
            f"No value for {names}: shown highlighted. Fill them in (f, or e to edit) "
            "before sending."
        )
        if any(name.startswith("my_") for name in message.missing):
            flags.append(" Your own details go in [profile] in settings.toml.")
        if message.unknown:
            flags.append(
                f" Unknown to iivboard: {', '.join(message.unknown)} (a typo in the template?)."
            )
        return flags

    # ------------------------------------------------------------ actions

    def _ready(self, key: str, what: str) -> bool:
        """True when the message may go out: no gaps, or the key pressed a second time."""
        if self.message is None:
            self.app.notify("Fix the template file first.", severity="error")
            return False
        if not self.message.flagged or self._armed == key:
            self._armed = ""
            return True
        self._armed = key
        names = ", ".join("{" + name + "}" for name in self.message.flagged)
        self.app.notify(
            f"No value yet for {names}. Press {key} again to {what} anyway, or e to edit.",
            severity="warning",
            markup=False,
        )
        self.app.bell()
        return False

    def action_copy_body(self) -> None:
        if self._ready("c", "copy it") and self.message is not None:
            self.app.copy_to_clipboard(self.message.body)
            self.app.notify("Message text copied.")

    def action_copy_subject(self) -> None:
        if self._ready("s", "copy the subject") and self.message is not None:
            self.app.copy_to_clipboard(self.message.subject)
            self.app.notify("Subject copied.")

    def action_mailto(self) -> None:
        if not self._ready("o", "open it") or self.message is None:
            return
        url = messages.mailto_url(self.message.to, self.message.subject, self.message.body)
        if not self.open_url(url):
            self.app.notify(
                "Could not open a mail app; press c to copy the text instead.", severity="error"
            )
            return
        self.channel = "email"
        note = "" if self.message.to else " There is no email address: the mail app will ask."
        self.app.notify("Opened in your mail app. Press l once it is sent." + note)

    def action_fill(self) -> None:
        """Ask for the first gap's value ("the one thing to mention") and put it in."""
        if self.message is None:
            self.app.notify("Fix the template file first.", severity="error")
            return
        if not self.message.flagged:
            self.app.notify("Every placeholder has a value.")
            return
        name = self.message.flagged[0]
        about = messages.PLACEHOLDERS.get(name, "not a placeholder iivboard knows")
        template = self.template
        form = FormScreen(
            f"{{{name}}}: {about}",
            [Field("value", "Write it as it should read in the message", required=True)],
            hint="enter: put it in   escape: cancel",
        )

        def filled(values: dict[str, Any] | None) -> None:
            if values is None or self.message is None or self.template != template:
                return
            self.message = messages.fill_gaps(self.message, {name: values["value"]})
            self.drafts[template] = self.message
            self._show(template)

        self.app.push_screen(form, filled)

    def action_edit(self) -> None:
        if self.message is None:
            self.app.notify("Fix the template file first.", severity="error")
            return
        self._armed = ""
        edited = self._run_editor(self.message.text())
        if edited is None:
            return
        self.message = messages.redraft(self.message, edited)
        self.drafts[self.template] = self.message
        self._show(self.template)

    def _run_editor(self, text: str) -> str | None:
        return edit_in_editor(
            self.app,
            text,
            what="message",
            prefix="iivboard-message-",
            no_terminal_hint="press c to copy the text instead",
        )

    def action_log_sent(self) -> None:
        if not self._ready("l", "log it as sent") or self.message is None:
            return
        result = self.attempt(
            self.facade.log_message_sent,
            self.contact_id,
            self.template,
            subject=self.message.subject,
            channel=self.channel,
        )
        if result is not None:
            if self.announce:
                self.app.notify(result.label, markup=False)
            self.dismiss(result)

    def action_close(self) -> None:
        self.dismiss(None)
