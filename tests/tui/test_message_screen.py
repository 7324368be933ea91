"""The message screen, driven with Pilot from a tiny host app, as a user would."""

from __future__ import annotations

import datetime as dt
import stat
import sys
import textwrap

import pytest
from textual.app import App
from textual.widgets import Static

from iivboard.app import messages
from iivboard.app.facade import Facade
from iivboard.io.settings import Settings
from iivboard.storage.models import Contact, Event, Meeting
from iivboard.tui.screens.message import MARKER_STYLE, MessageScreen
from tests.tui_helpers import fake_editor

PROFILE = {"name": "Sam Lee", "intro": "I design maps.", "school_or_role": "MSc, Leeds"}


class Host(App):
    def __init__(self, make_screen) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.results: list = []
        self.notes: list[str] = []
        self.opened: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(self), callback=self.results.append)

    def notify(self, message, **kwargs) -> None:
        self.notes.append(str(message))
        super().notify(message, **kwargs)


def host_for(commands, contact_id, profile=None, **kwargs) -> Host:
    settings = Settings(rules=commands.context.rules, profile=profile or {})
    facade = Facade(settings, clock=lambda: commands.context.now().replace(tzinfo=dt.UTC))

    def make(app: Host) -> MessageScreen:
        def opener(url: str) -> bool:
            app.opened.append(url)
            return True

        kwargs.setdefault("open_url", opener)
        return MessageScreen(facade, contact_id, **kwargs)

    return Host(make)


def shown(app: App, widget_id: str) -> str:
    return str(app.screen.query_one(f"#{widget_id}", Static).content)


@pytest.fixture
def ada(commands):
    return commands.contacts.add_contact(
        "Ada [bold]Okafor[/]",
        organization="Acme",
        role="Editor",
        source="the alumni directory",
        email="ada@example.org",
    ).contact_id


async def test_gaps_are_flagged_and_copying_takes_a_second_press(commands, ada):
    app = host_for(commands, ada)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "Message to Ada [bold]Okafor[/] (Acme)" in shown(app, "message-title")
        text = shown(app, "message-text")
        assert text.startswith("Subject: 20 minutes about your work at Acme?\n\nDear Ada,")
        assert "{my_name?}" in text
        content = app.screen.query_one("#message-text", Static).content
        marked = {
            str(content)[span.start : span.end]
            for span in content.spans
            if span.style == MARKER_STYLE
        }
        assert marked == {"{my_intro?}", "{my_name?}", "{my_school_or_role?}"}
        flags = shown(app, "message-flags")
        assert flags.startswith("No value for {my_intro}, {my_name}, {my_school_or_role}")
        assert "[profile] in settings.toml" in flags
        await pilot.press("c")
        assert app.clipboard == ""  # nothing copied yet
        assert app.notes[-1].startswith("No value yet for {my_intro}")
        await pilot.press("c")
        assert app.clipboard.startswith("Dear Ada,") and "{my_name?}" in app.clipboard
        await pilot.press("o")
        assert app.opened == []  # the second press is per key
        await pilot.press("o")
        assert app.opened and app.opened[0].startswith("mailto:ada@example.org?subject=20")


async def test_complete_message_copies_at_once_and_templates_switch(commands, ada):
    app = host_for(commands, ada, profile=PROFILE)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert shown(app, "message-flags") == "Every placeholder has a value."
        await pilot.press("s")
        assert app.clipboard == "20 minutes about your work at Acme?"
        await pilot.press("c")
        assert app.clipboard.startswith(
            "Dear Ada,\n\nI got your name from the alumni directory. I design maps."
        )
        await pilot.press("down")
        await pilot.pause()
        assert shown(app, "message-text").startswith("Subject: Re: 20 minutes")
        await pilot.press("3")
        await pilot.pause()
        assert shown(app, "message-text").startswith("Subject: Thank you, Ada")
        assert "{meeting_day}" in shown(app, "message-flags")


async def test_log_as_sent_moves_the_stage_once_and_closes(commands, ada):
    app = host_for(commands, ada, profile=PROFILE)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("o")  # opened in the mail app: the channel is email
        await pilot.press("l")
        await pilot.pause()
        assert not isinstance(app.screen, MessageScreen)
    contact = Contact.get_by_id(ada)
    assert contact.stage == "requested" and contact.request_channel == "email"
    assert contact.due_kind == "follow_up"
    assert Event.select().where(Event.contact == ada, Event.to_stage == "requested").count() == 1
    [result] = app.results
    assert result.contact_ids == {ada}
    assert app.notes[-1] == "Logged request for Ada [bold]Okafor[/]"


async def test_a_refused_log_keeps_the_screen_and_changes_nothing(commands, ada):
    app = host_for(commands, ada, template="follow-up")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        # A gap ({my_name}) first asks for a second press, as copying does.
        assert app.notes[-1].startswith("No value yet for {my_name}. Press l again")
        assert Contact.get_by_id(ada).stage == "identified"
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, MessageScreen)
        assert app.notes[-1] == "a follow-up is for someone who has not replied yet"
        await pilot.press("escape")
        await pilot.pause()
    assert Contact.get_by_id(ada).stage == "identified" and app.results == [None]


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """$EDITOR is a small script that fills the gaps, like a user would."""
    return fake_editor(
        tmp_path,
        monkeypatch,
        textwrap.dedent("""\
        mode = stat.S_IMODE(os.stat(path).st_mode)
        text = text.replace("{my_name?}", "Sam").replace("{my_intro?}", "Hi.")
        text = text.replace("Subject: ", "Subject: [draft] ")
        text = text + "P.S. mode " + oct(mode) + "\\n"
        """),
    )


async def test_edit_in_editor_updates_the_draft_and_the_flags(commands, ada, editor):
    app = host_for(commands, ada)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        text = shown(app, "message-text")
        assert text.startswith("Subject: [draft] 20 minutes")
        assert "I design maps" not in text and "Hi. I would value" in text
        assert f"P.S. mode {oct(stat.S_IRUSR | stat.S_IWUSR)}" in text  # the draft was private
        assert shown(app, "message-flags").startswith("No value for {my_school_or_role}:")
        # The edit survives a look at another template.
        await pilot.press("2", "1")
        await pilot.pause()
        assert shown(app, "message-text").startswith("Subject: [draft] 20 minutes")
        await pilot.press("l", "l")  # {my_school_or_role} is still a gap
        await pilot.pause()
    assert (
        Event.select().where(Event.contact == ada, Event.kind == "request").get().text
        == "sent: [draft] 20 minutes about your work at Acme?"
    )


async def test_a_failing_editor_leaves_the_message_unchanged(commands, ada, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", f"{sys.executable} -c 'import sys; sys.exit(3)'")
    monkeypatch.delenv("VISUAL", raising=False)
    app = host_for(commands, ada)
    async with app.run_test() as pilot:
        await pilot.pause()
        before = shown(app, "message-text")
        await pilot.press("e")
        await pilot.pause()
        assert shown(app, "message-text") == before
        assert app.notes[-1] == "The editor stopped with status 3; the message is unchanged."
        monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
        await pilot.press("e")
        await pilot.pause()
        assert "not found" in app.notes[-1]


async def test_a_broken_template_is_reported_and_nothing_is_copied(commands, ada):
    folder = messages.ensure_templates()
    (folder / "request.txt").write_text("Subject: hi\n\nHello {first_name\n")
    app = host_for(commands, ada)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "request.txt line 3: " in shown(app, "message-text")
        await pilot.press("c", "c")
        assert app.clipboard == ""
        await pilot.press("2")
        await pilot.pause()
        assert shown(app, "message-text").startswith("Subject: Re: 20 minutes")


async def test_suggests_the_template_for_the_stage(commands, clock):
    cid = commands.contacts.add_contact("Wen Li").contact_id
    commands.pipeline.move(cid, "scheduled", meeting={"starts_at": clock() + dt.timedelta(hours=2)})
    commands.pipeline.move(cid, "met")
    app = host_for(commands, cid, profile=PROFILE)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert shown(app, "message-text").startswith("Subject: Thank you, Wen")
        await pilot.press("l")
        await pilot.pause()
        assert Contact.get_by_id(cid).stage == "met"  # the thank-you still has a gap
        await pilot.press("l")
        await pilot.pause()
    assert Contact.get_by_id(cid).stage == "thanked"


async def test_thank_you_shows_the_notes_beside_the_draft_and_f_asks_the_one_thing(commands, clock):
    cid = commands.contacts.add_contact("Wen Li", organization="Acme").contact_id
    commands.pipeline.move(cid, "scheduled", meeting={"starts_at": clock() + dt.timedelta(hours=2)})
    clock.advance(hours=3)
    commands.pipeline.move(cid, "met")
    meeting = Meeting.get(Meeting.contact == cid)
    commands.meetings.save_notes(meeting.id, "- [red]pairs[/] with research\n- team of six")
    app = host_for(commands, cid, profile=PROFILE)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        text = shown(app, "message-text")
        assert "what you said about {one_thing?};" in text
        assert "pairs with research" not in text  # never pasted into the draft
        notes = shown(app, "message-notes")
        assert notes == "Your notes from the meeting\n- [red]pairs[/] with research\n- team of six"
        assert "{one_thing}" in shown(app, "message-flags")
        await pilot.press("f")
        await pilot.pause()
        assert "{one_thing}: the one thing from the meeting" in str(
            app.screen.query_one(".title", Static).content
        )
        app.screen.query_one("#f-value").value = "how you pair with research early"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MessageScreen)
        assert "what you said about how you pair with research early;" in shown(app, "message-text")
        assert shown(app, "message-flags") == "Every placeholder has a value."
        await pilot.press("l")  # no gap left: one press logs it
        await pilot.pause()
    assert Contact.get_by_id(cid).stage == "thanked"


async def test_no_notes_no_reference_panel(commands, ada):
    app = host_for(commands, ada, profile=PROFILE)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#message-reference").display
