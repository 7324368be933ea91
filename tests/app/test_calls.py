"""Call mode in the core: the question bank file, prep steps, and the call services."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iivboard.app import calls, meetings_query, queries
from iivboard.domain.errors import NotDone
from iivboard.domain.questions import DEFAULT_BANK, BankError, parse_bank
from iivboard.io.question_bank import bank_path, ensure_bank, load_bank
from iivboard.storage.models import Change, Contact, Event, Meeting, database
from tests.conftest import MONDAY

NAIVE = MONDAY.replace(tzinfo=None)


def dump() -> dict:
    return {
        t: database.execute_sql(f'SELECT * FROM "{t}" ORDER BY id').fetchall()
        for t in ("organization", "contact", "meeting", "event")
    }


def scheduled(commands, name="Rosa Jimenez", org="Northwind Health", minutes=20) -> tuple[int, int]:
    cid = commands.contacts.add_contact(name, organization=org).contact_id
    commands.pipeline.move(
        cid, "scheduled", meeting={"starts_at": MONDAY + dt.timedelta(hours=1), "minutes": minutes}
    )
    return cid, meetings_query.open_meeting(cid).id


# ---------------------------------------------------------------- the question bank


def test_starter_bank_is_written_on_first_use_with_tiara_groups(tmp_path):
    path = tmp_path / "config" / "questions.toml"
    assert bank_path() == path
    groups = load_bank()
    assert path.read_text(encoding="utf-8") == DEFAULT_BANK
    names = [g.name for g in groups]
    assert names == [
        "Getting started",
        "Trends",
        "Insights",
        "Advice",
        "Resources",
        "Assignments",
        "People to meet",
    ]
    questions = [q for g in groups for q in g.questions]
    assert len(questions) >= 20 and len(set(questions)) == len(questions)
    # Open-ended: none can be answered with a plain yes or no opening.
    assert not any(
        q.split()[0] in ("Do", "Does", "Did", "Can", "Could", "Would") for q in questions
    )


def test_the_users_edits_are_kept_and_read(tmp_path):
    path = ensure_bank()
    path.write_text('Mine = ["What keeps you here?", "  Two   spaces  "]\n', encoding="utf-8")
    assert load_bank() == [calls_group("Mine", ("What keeps you here?", "Two spaces"))]
    ensure_bank()  # an existing file is never overwritten
    assert "keeps you here" in path.read_text(encoding="utf-8")


def calls_group(name, questions):
    from iivboard.domain.questions import Group

    return Group(name, questions)


@pytest.mark.parametrize(
    "text, line, words",
    [
        ('A = ["one",\n  "two"\n  "three"]\n', 3, "line 3:"),
        ('A = ["one"]\nB = "not a list"\n', 2, "must be a list"),
        ('A = ["one"]\n\nB = [\n  "fine",\n  "",\n]\n', 5, "question 2 of 'B' is empty"),
        ('A = [\n  "one",\n  42,\n]\n', 3, "must be text in quotes"),
        ('"" = ["x"]\n', 1, "a group needs a name"),
        ('A = ["a\\u0007b"]\n', 1, "control character"),
        ('[A]\nq = ["x"]\n', 1, "must be a list"),
    ],
)
def test_a_broken_bank_names_the_line(text, line, words):
    with pytest.raises(BankError) as err:
        parse_bank(text, "questions.toml")
    message = str(err.value)
    assert message.startswith(f"questions.toml line {line}:"), message
    assert words in message and "\n" not in message


def test_a_question_too_long_is_refused():
    with pytest.raises(BankError, match="longer than 300"):
        parse_bank(f'A = ["{"x" * 301}"]')


@given(
    st.dictionaries(
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(
            str.strip
        ),
        st.lists(
            st.text(
                st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
            ).filter(str.strip),
            max_size=5,
        ),
        max_size=5,
    )
)
def test_any_bank_written_as_toml_reads_back(bank):
    def toml(value) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string

    text = "".join(f"{toml(name)} = {toml(qs)}\n" for name, qs in bank.items())
    groups = parse_bank(text)
    assert [g.name for g in groups] == [" ".join(n.split()) for n in bank]
    for group, questions in zip(groups, bank.values()):
        expected = []
        for q in questions:
            q = " ".join(q.split())
            if q not in expected:
                expected.append(q)
        assert list(group.questions) == expected


@given(st.text(max_size=200))
def test_any_text_either_parses_or_gives_a_one_line_error(text):
    try:
        parse_bank(text)
    except BankError as exc:
        assert str(exc).startswith("questions.toml") and "\n" not in str(exc)


# ---------------------------------------------------------------- prep


def test_prep_steps_follow_what_is_done(commands):
    cid, mid = scheduled(commands)
    steps = {s.key: s.done for s in calls.prep_steps(Meeting.get_by_id(mid))}
    assert steps == dict.fromkeys(
        ("organization", "person", "questions", "intro", "confirm"), False
    )
    commands.meetings.set_prep_step(mid, "organization", True)
    commands.meetings.set_questions(mid, ["Q1", "Q2", "Q2", "Q3"])
    commands.meetings.set_intro(mid, "  I study data and care about health.  ")
    commands.pipeline.log(cid, "confirm")
    meeting = Meeting.get_by_id(mid)
    steps = {s.key: s for s in calls.prep_steps(meeting)}
    assert {k: s.done for k, s in steps.items()} == {
        "organization": True,
        "person": False,
        "questions": True,
        "intro": True,
        "confirm": True,
    }
    assert steps["questions"].detail == "3 chosen"
    assert json.loads(meeting.prep)["intro_text"] == "I study data and care about health."
    assert json.loads(meeting.questions) == [
        {"text": q, "asked": False} for q in ("Q1", "Q2", "Q3")
    ]
    assert Contact.get_by_id(cid).due_kind == "meeting"  # confirmed: no confirm due any more


def test_choosing_again_keeps_ticks_and_refuses_more_than_six(commands):
    cid, mid = scheduled(commands)
    commands.meetings.set_questions(mid, ["A", "B", "C"])
    commands.meetings.tick_question(mid, 1)
    commands.meetings.set_questions(mid, ["C", "B", "D"])
    assert json.loads(Meeting.get_by_id(mid).questions) == [
        {"text": "C", "asked": False},
        {"text": "B", "asked": True},
        {"text": "D", "asked": False},
    ]
    before = dump()
    with pytest.raises(NotDone, match="too many"):
        commands.meetings.set_questions(mid, list("ABCDEFG"))
    with pytest.raises(NotDone, match="no question 4"):
        commands.meetings.tick_question(mid, 3)
    assert dump() == before


def test_ticking_twice_unticks(commands):
    cid, mid = scheduled(commands)
    commands.meetings.set_questions(mid, ["A", "B", "C"])
    commands.meetings.tick_question(mid, 0)
    commands.meetings.tick_question(mid, 0)
    assert [q["asked"] for q in calls.questions_of(Meeting.get_by_id(mid))] == [False] * 3


# ---------------------------------------------------------------- the call


def test_start_then_end_moves_to_met_at_the_start_and_makes_thanks_due(commands, clock):
    cid, mid = scheduled(commands)
    clock.advance(hours=1, minutes=2)
    start = clock.now.replace(tzinfo=None)
    commands.meetings.start_call(cid)
    assert Meeting.get_by_id(mid).started_at == start
    commands.meetings.save_notes(mid, "Team of six.\n")
    clock.advance(minutes=23)
    reflection = calls.reflection_text({"fit": "yes, mostly", "next": "write to Kira"})
    result = commands.meetings.end_call(cid, reflection=reflection)
    contact, meeting = Contact.get_by_id(cid), Meeting.get_by_id(mid)
    assert contact.stage == "met" and contact.met_at == start
    assert contact.stage_entered_at == start
    assert (contact.due_kind, contact.due_at) == ("thank_you", start + dt.timedelta(hours=24))
    assert contact.overdue_at == start + dt.timedelta(hours=48)
    assert meeting.ended_at == clock.now.replace(tzinfo=None)
    assert meeting.notes == "Team of six.\n"
    assert meeting.reflection == (
        "Does it fit my interests, values and skills? yes, mostly\nNext steps write to Kira"
    )
    kinds = [
        (e.kind, e.to_stage, e.text)
        for e in Event.select().where(Event.contact == cid).order_by(Event.id)
    ]
    assert kinds[-2:] == [
        ("call_started", None, "agreed 20 min"),
        ("move", "met", "call of 23 min (agreed 20)"),
    ]
    assert result.label == "Ended the call with Rosa Jimenez"
    # One undo takes the whole end back: stage, meeting and event.
    commands.history.undo()
    assert Contact.get_by_id(cid).stage == "scheduled"
    assert Meeting.get_by_id(mid).ended_at is None and Meeting.get_by_id(mid).reflection == ""


def test_a_call_needs_a_scheduled_contact_and_starts_once(commands):
    cid = commands.contacts.add_contact("Ada").contact_id
    with pytest.raises(NotDone, match="no scheduled meeting"):
        commands.meetings.start_call(cid)
    cid, mid = scheduled(commands, name="Sam")
    commands.meetings.start_call(cid)
    before = dump()
    with pytest.raises(NotDone, match="already started"):
        commands.meetings.start_call(cid)
    assert dump() == before


def test_referral_is_a_new_contact_in_both_timelines(commands, clock):
    cid, mid = scheduled(commands)
    commands.meetings.start_call(cid)
    clock.advance(minutes=7)
    changes = Change.select().count()
    result = commands.meetings.add_referral(
        cid,
        "Kira [b]Novak",
        organization="Atlas Robotics",
        context="leads the robotics pilot; use my name",
    )
    assert Change.select().count() == changes + 1  # one change, undone in one step
    assert result.contact_ids == {cid, result.contact_id}
    new = queries.contact_detail(result.contact_id)
    assert (new["name"], new["organization"], new["stage"]) == (
        "Kira [b]Novak",
        "Atlas Robotics",
        "identified",
    )
    assert new["referred_by"] == cid and new["source"] == "referral"
    assert new["notes"] == "leads the robotics pilot; use my name"
    assert [(e["kind"], e["text"]) for e in new["events"]] == [
        ("added", "referred by Rosa Jimenez")
    ]
    referrer = queries.contact_detail(cid)
    assert referrer["referrals"] == [result.contact_id]
    assert (referrer["events"][-1]["kind"], referrer["events"][-1]["text"]) == (
        "referral",
        "named Kira [b]Novak (Atlas Robotics): leads the robotics pilot; use my name",
    )
    assert Event.select().where(Event.kind == "referral").get().meeting_id == mid
    commands.history.undo()
    assert Contact.get_or_none(Contact.id == result.contact_id) is None
    assert queries.contact_detail(cid)["events"][-1]["kind"] == "call_started"


def test_a_referral_needs_a_name(commands):
    cid, _ = scheduled(commands)
    before = dump()
    with pytest.raises(NotDone, match="needs a name"):
        commands.meetings.add_referral(cid, "  ", organization="X")
    assert dump() == before


def test_call_flags_are_stored_with_one_event_each(commands):
    cid, _ = scheduled(commands)
    commands.meetings.set_call_flags(cid, may_recontact=True)
    commands.meetings.set_call_flags(cid, offered_intro=True)
    commands.meetings.set_call_flags(cid, may_recontact=False)
    contact = Contact.get_by_id(cid)
    assert (contact.may_recontact, contact.offered_intro) == (False, True)
    texts = [e.text for e in Event.select().where(Event.kind == "noted").order_by(Event.id)]
    assert texts == [
        "may contact again: yes",
        "offered to introduce me: yes",
        "may contact again: no",
    ]


def test_clock_states():
    start = NAIVE
    at = lambda minutes: MONDAY + dt.timedelta(minutes=minutes)  # noqa: E731
    assert calls.clock_state(start, 20, 2, at(17.9)) == ""
    assert calls.clock_state(start, 20, 2, at(18)) == "warning"
    assert calls.clock_state(start, 20, 2, at(20)) == "over"
    assert calls.mmss(calls.elapsed(start, at(21.5))) == "21:30"
    assert calls.mmss(calls.elapsed(start, at(-1))) == "00:00"


def test_notes_for_a_meeting_that_is_gone_are_refused_not_dropped(commands):
    cid, mid = scheduled(commands)
    commands.meetings.save_notes(mid, "kept")
    commands.contacts.delete_contact(cid)
    with pytest.raises(NotDone, match="deleted"):
        commands.meetings.save_notes(mid, "more")
