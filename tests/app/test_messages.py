"""Outreach messages: templates on disk, filled in for a contact, mailto links, logging."""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse

import pytest
from dateutil import tz
from hypothesis import given
from hypothesis import strategies as st

from iivboard.app import messages
from iivboard.app.messages import TemplateError
from iivboard.storage.models import Contact, Event, Meeting

UTC = tz.UTC
PROFILE = {
    "name": "Sam Lee",
    "intro": "I am a data analyst moving into product design.",
    "school_or_role": "MSc student, University of Leeds",
}


@pytest.fixture
def full_contact(commands, clock):
    """A contact with every field a template can use, met yesterday, with notes."""
    referrer = commands.contacts.add_contact("Maria Lopez").contact_id
    cid = commands.contacts.add_contact(
        "Dr. Ada Okafor",
        organization="Northwind Health",
        role="Product Manager",
        source="the alumni directory",
        referred_by=referrer,
        email="ada@example.org",
        common_ground="we both studied in Leeds",
    ).contact_id
    commands.pipeline.move(cid, "scheduled", meeting={"starts_at": clock() + dt.timedelta(days=1)})
    clock.advance(days=1, minutes=30)
    commands.pipeline.move(cid, "met")
    meeting = Meeting.get(Meeting.contact == cid)
    commands.meetings.save_notes(meeting.id, "\n- pairing with researchers early\n- team of six\n")
    return cid


@pytest.fixture
def bare_contact(commands):
    return commands.contacts.add_contact("Bo").contact_id


def used_placeholders(name: str) -> set[str]:
    template = messages.load_template(name)
    return set(re.findall(r"\{(\w+)\}", template.subject + template.body))


@pytest.mark.parametrize("name", messages.TEMPLATES)
def test_every_template_fills_in_for_a_contact_with_every_field(full_contact, name):
    # The one thing to mention is the user's to write: no record fills it.
    given = {"one_thing": "pairing with researchers"}
    message = messages.compose(full_contact, name, PROFILE, UTC, given=given)
    assert message.missing == () and message.unknown == ()
    assert "{" not in message.text()  # nothing left to fill
    assert message.to == "ada@example.org"
    assert "Dear Ada," in message.body  # the title is not a first name
    assert "Sam Lee" in message.body


@pytest.mark.parametrize("name", messages.TEMPLATES)
def test_every_template_flags_what_a_bare_contact_lacks(bare_contact, name):
    message = messages.compose(bare_contact, name, {}, UTC)
    expected = used_placeholders(name) - {"first_name", "full_name"}
    assert set(message.missing) == expected and expected
    for placeholder in message.missing:
        assert f"{{{placeholder}?}}" in message.text()
    assert "Dear Bo," in message.body
    # Never silently blank: no "from ." or "at ," left where a value would go.
    assert not re.search(r"\b(from|at|about) [.,;?]", message.text())


def test_request_is_short_says_where_the_name_came_from_and_asks_no_job(full_contact):
    message = messages.compose(full_contact, "request", PROFILE, UTC)
    assert len(message.body.split()) < 100
    assert "I got your name from Maria Lopez." in message.body
    assert "20 minutes" in message.body and "at a time that suits you" in message.body
    for sentence in re.split(r"(?<=[.?!])\s+", message.body):
        if "job" in sentence.lower():
            assert "not" in sentence.lower(), sentence
    assert message.subject == "20 minutes about your work at Northwind Health?"


def test_name_source_falls_back_to_the_source_and_meeting_fields_come_from_the_notes(
    commands, full_contact
):
    cid = commands.contacts.add_contact("Chen Wei", source="PyData London").contact_id
    assert (
        "I got your name from PyData London." in messages.compose(cid, "request", PROFILE, UTC).body
    )
    thanks = messages.compose(full_contact, "thank-you", PROFILE, UTC)
    assert "on Tuesday 24 November" in thanks.body


def test_the_thank_you_asks_for_the_one_thing_and_shows_the_notes_beside_it(full_contact):
    thanks = messages.compose(full_contact, "thank-you", PROFILE, UTC)
    # The raw notes are never pasted into a sentence: the gap is the user's to fill...
    assert thanks.missing == ("one_thing",)
    assert "what you said about {one_thing?};" in thanks.body
    assert "pairing with researchers" not in thanks.body
    # ...with the notes from the meeting beside the draft.
    assert thanks.reference == "- pairing with researchers early\n- team of six"
    filled = messages.fill_gaps(thanks, {"one_thing": " how the  team pairs\nearly "})
    assert "what you said about how the team pairs early;" in filled.body
    assert filled.missing == () and filled.reference == thanks.reference
    given = messages.compose(
        full_contact, "thank-you", PROFILE, UTC, given={"one_thing": "team size"}
    )
    assert "what you said about team size;" in given.body and given.missing == ()


def test_a_template_file_never_edited_gets_the_new_default_an_edited_one_is_kept(full_contact):
    folder = messages.ensure_templates()
    path = folder / "thank-you.txt"
    path.write_text(messages.PREVIOUS_DEFAULTS["thank-you"][0])
    message = messages.compose(full_contact, "thank-you", PROFILE, UTC)
    assert "{one_thing?}" in message.body
    assert path.read_text() == messages.DEFAULTS["thank-you"]
    # A file the user wrote keeps working, {meeting_note} included.
    path.write_text("Subject: Thanks\n\nDear {first_name}, about {meeting_note}: thanks.\n")
    message = messages.compose(full_contact, "thank-you", PROFILE, UTC)
    assert message.body == "Dear Ada, about pairing with researchers early: thanks.\n"
    assert message.missing == ()


def test_templates_are_written_on_first_use_and_edits_are_used(bare_contact, tmp_path):
    folder = tmp_path / "config" / "templates"
    assert not folder.exists()
    messages.compose(bare_contact, "request", PROFILE, UTC)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{n}.txt" for n in messages.TEMPLATES
    )
    for path in folder.iterdir():
        assert path.read_text().startswith("Subject: ")
    (folder / "request.txt").write_text(
        "Subject: Hello {first_name}\n\nHi {first_name}, {{not a placeholder}} from {my_name}.\n"
    )
    message = messages.compose(bare_contact, "request", PROFILE, UTC)
    assert message.subject == "Hello Bo"
    assert message.body == "Hi Bo, {not a placeholder} from Sam Lee.\n"
    (folder / "request.txt").unlink()
    messages.compose(bare_contact, "request", PROFILE, UTC)
    assert (folder / "request.txt").read_text() == messages.DEFAULTS["request"]


def test_unknown_placeholder_is_kept_and_reported(bare_contact, tmp_path):
    folder = messages.ensure_templates()
    (folder / "thank-you.txt").write_text(
        "Subject: Thanks\n\nDear {first_name}, {favourite_colour} is lovely.\n"
    )
    message = messages.compose(bare_contact, "thank_you", PROFILE, UTC)
    assert message.unknown == ("favourite_colour",) and message.missing == ()
    assert "{favourite_colour?} is lovely" in message.body


@pytest.mark.parametrize(
    "text, error",
    [
        ("Hello\n\nbody\n", "follow-up.txt line 1: must start with 'Subject:'"),
        ("Subject: hi\n\nfine\nbroken { here\n", "follow-up.txt line 4: "),
        (
            "Subject: hi {first_name.__class__}\n\nx\n",
            "follow-up.txt line 1: {first_name.__class__} is not a placeholder",
        ),
        ("Subject: hi\n\n{role!r}\n", "follow-up.txt line 3: {role!r} is not a placeholder"),
    ],
)
def test_broken_template_names_file_and_line(bare_contact, text, error):
    folder = messages.ensure_templates()
    (folder / "follow-up.txt").write_text(text)
    with pytest.raises(TemplateError) as info:
        messages.compose(bare_contact, "follow-up", PROFILE, UTC)
    assert error in str(info.value)


@given(
    values=st.dictionaries(
        st.sampled_from(sorted(messages.PLACEHOLDERS)),
        st.sampled_from(["", "  ", "Acme", "Ada {x} } {", "Zoë"]),
    ),
    name=st.sampled_from(messages.TEMPLATES),
)
def test_a_placeholder_is_filled_or_flagged_never_blank(values, name):
    template = messages.parse_template(name, messages.DEFAULTS[name])
    message = messages.render(template, values)
    used = set(re.findall(r"\{(\w+)\}", messages.DEFAULTS[name]))
    blank = {key for key in used if not values.get(key, "").strip()}
    assert set(message.missing) == blank and message.unknown == ()
    assert set(messages.markers(message.text())) >= blank
    for key in used - blank:
        assert values[key] in message.text()


def test_template_names_accept_the_ways_people_type_them():
    assert messages.template_name("follow_up") == "follow-up"
    assert messages.template_name("Thank-You") == "thank-you"
    assert messages.template_name("touch") == "keep-in-touch"
    with pytest.raises(TemplateError, match="unknown template 'hello'; templates are: request"):
        messages.template_name("hello")


def test_first_name_skips_titles():
    assert messages.first_name("Dr. Ada Okafor") == "Ada"
    assert messages.first_name("Prof Chen") == "Chen"
    assert messages.first_name("Dr") == "Dr"  # a name that is only a title stays


@given(to=st.emails(), subject=st.text(), body=st.text())
def test_mailto_round_trips(to, subject, body):
    url = messages.mailto_url(to, subject, body)
    assert url.isascii() and " " not in url and "\n" not in url
    parts = urllib.parse.urlsplit(url)
    assert parts.scheme == "mailto" and urllib.parse.unquote(parts.path) == to
    query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    assert query["subject"] == subject
    # RFC 6068: line breaks travel as CRLF.
    assert query["body"] == body.replace("\r\n", "\n").replace("\n", "\r\n")


def test_redraft_keeps_flagging_markers_left_after_editing(bare_contact):
    message = messages.compose(bare_contact, "request", {}, UTC)
    assert "organization" in message.missing
    edited = message.text().replace("{organization?}", "Acme").replace("{role?}", "engineer")
    again = messages.redraft(message, edited)
    assert "organization" not in again.missing and "role" not in again.missing
    assert "my_name" in again.missing
    assert again.subject == "20 minutes about your work at Acme?"
    assert messages.redraft(message, "Just a body\n").subject == message.subject


def moves(cid: int) -> int:
    return Event.select().where(Event.contact == cid, Event.to_stage.is_null(False)).count()


def test_logging_each_message_moves_the_stage_exactly_once(commands, clock, full_contact):
    cid = commands.contacts.add_contact("Kofi Mensah", organization="Acme").contact_id
    before = moves(cid)
    result = messages.log_sent(commands.pipeline, cid, "request", subject="Hello", channel="email")
    assert cid in result.contact_ids
    contact = Contact.get_by_id(cid)
    assert contact.stage == "requested" and contact.due_kind == "follow_up"
    assert contact.request_channel == "email"
    assert moves(cid) == before + 1
    assert (
        Event.select().where(Event.contact == cid).order_by(Event.id.desc()).first().text
        == "sent: Hello"
    )
    messages.log_sent(commands.pipeline, cid, "follow-up")
    assert Contact.get_by_id(cid).stage == "requested" and moves(cid) == before + 1
    assert Contact.get_by_id(cid).followups_sent == 1

    # met -> thanked, then thanked -> in touch, then a touch stays in touch.
    before = moves(full_contact)
    messages.log_sent(commands.pipeline, full_contact, "thank-you")
    contact = Contact.get_by_id(full_contact)
    assert contact.stage == "thanked" and moves(full_contact) == before + 1
    assert contact.due_kind == "touch"
    assert contact.due_at == commands.context.now() + dt.timedelta(days=90)
    messages.log_sent(commands.pipeline, full_contact, "keep-in-touch")
    assert Contact.get_by_id(full_contact).stage == "in_touch"
    assert moves(full_contact) == before + 2
    clock.advance(days=30)
    messages.log_sent(commands.pipeline, full_contact, "keep-in-touch")
    contact = Contact.get_by_id(full_contact)
    assert contact.stage == "in_touch" and moves(full_contact) == before + 2
    assert contact.due_at == commands.context.now() + dt.timedelta(days=90)


def test_suggested_template_follows_the_stage():
    assert [
        messages.suggested_template(s)
        for s in ("identified", "requested", "scheduled", "met", "thanked", "in_touch")
    ] == ["request", "follow-up", "request", "thank-you", "keep-in-touch", "keep-in-touch"]
