import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iivboard.app import queries
from iivboard.domain.errors import NotDone
from iivboard.storage.models import Contact, Event, Meeting, Organization, database
from tests.conftest import MONDAY


def dump() -> dict:
    """Every user-visible row, to compare the database before and after."""
    tables = {}
    for table in ("organization", "contact", "meeting", "event"):
        cursor = database.execute_sql(f'SELECT * FROM "{table}" ORDER BY id')
        tables[table] = cursor.fetchall()
    return tables


def test_add_contact_writes_contact_org_and_one_event(commands):
    result = commands.contacts.add_contact(
        "Ada Okafor", organization="Acme", role="PM", tags="alumni, Alumni, robotics"
    )
    contact = Contact.get_by_id(result.contact_id)
    assert contact.organization.name == "Acme" and contact.stage == "identified"
    assert contact.tags == "alumni, robotics"
    assert [e.kind for e in contact.events] == ["added"]
    assert result.label == "Added Ada Okafor"


def test_same_organization_is_reused_whatever_the_case(commands):
    commands.contacts.add_contact("A", organization="Acme")
    commands.contacts.add_contact("B", organization="ACME")
    assert Organization.select().count() == 1


@pytest.mark.parametrize("name", ["", "   ", "bad\udc00"])
def test_bad_names_are_refused_and_change_nothing(commands, name):
    before = dump()
    with pytest.raises(NotDone):
        commands.contacts.add_contact(name)
    assert dump() == before


def test_hostile_text_is_stored_literally(commands):
    name = "[bold]x [/] \x1b[31mred\x1b[0m \u202eevil 🎉"
    cid = commands.contacts.add_contact(name, organization="[link=x]Org").contact_id
    assert Contact.get_by_id(cid).name == name.strip()
    assert Contact.get_by_id(cid).organization.name == "[link=x]Org"


def test_request_then_3b7_follow_up_due(commands, clock):
    cid = commands.contacts.add_contact("Ada").contact_id
    commands.pipeline.move(cid, "requested", channel="email")
    contact = Contact.get_by_id(cid)
    assert contact.request_sent_at == MONDAY.replace(tzinfo=None)
    assert contact.due_kind == "follow_up"
    assert contact.due_at == dt.datetime(2026, 12, 2)  # Monday + 7 business days
    commands.pipeline.log(cid, "follow_up", channel="email")
    contact = Contact.get_by_id(cid)
    assert contact.followups_sent == 1 and contact.due_kind == "move_on"


def test_scheduling_creates_a_meeting_and_confirm_due(commands):
    cid = commands.contacts.add_contact("Ada").contact_id
    starts = dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.UTC)
    commands.pipeline.move(
        cid, "scheduled", meeting={"starts_at": starts, "minutes": 30, "format": "phone"}
    )
    meeting = Meeting.get(Meeting.contact == cid)
    assert (meeting.minutes, meeting.format) == (30, "phone")
    assert Contact.get_by_id(cid).due_kind == "confirm"
    commands.pipeline.log(cid, "confirm")
    assert Contact.get_by_id(cid).due_kind == "meeting"


def test_scheduled_without_a_time_is_refused(commands):
    cid = commands.contacts.add_contact("Ada").contact_id
    with pytest.raises(NotDone, match="date and time"):
        commands.pipeline.move(cid, "scheduled")
    assert Contact.get_by_id(cid).stage == "identified"


def test_logging_moves_the_stage_where_that_is_what_it_means(commands, clock):
    cid = commands.contacts.add_contact("Ada").contact_id
    commands.pipeline.log(cid, "request", channel="linkedin")
    assert Contact.get_by_id(cid).stage == "requested"
    commands.meetings.schedule(cid, MONDAY + dt.timedelta(days=2))
    commands.pipeline.log(cid, "meeting")
    assert Contact.get_by_id(cid).stage == "met"
    assert Contact.get_by_id(cid).due_kind == "thank_you"
    commands.pipeline.log(cid, "thank_you")
    assert Contact.get_by_id(cid).stage == "thanked"
    commands.pipeline.log(cid, "touch")
    assert Contact.get_by_id(cid).stage == "in_touch"
    commands.pipeline.log(cid, "touch")  # stays in touch, clock restarts
    contact = Contact.get_by_id(cid)
    assert contact.stage == "in_touch"
    kinds = [e.kind for e in Event.select().where(Event.contact == cid).order_by(Event.id)]
    assert kinds == ["added", "request", "move", "meeting", "thank_you", "touch", "touch"]


def test_close_and_reopen(commands):
    cid = commands.contacts.add_contact("Ada").contact_id
    commands.pipeline.log(cid, "request")
    commands.pipeline.close(cid, "declined", reason="hiring_conflict")
    contact = Contact.get_by_id(cid)
    assert contact.outcome == "declined" and contact.due_kind == "retry"
    with pytest.raises(NotDone):
        commands.pipeline.move(cid, "requested")
    commands.pipeline.reopen(cid)
    assert Contact.get_by_id(cid).outcome is None


def test_delete_then_undo_restores_history_and_referrals(commands):
    a = commands.contacts.add_contact("Ada").contact_id
    b = commands.contacts.add_contact("Bo", referred_by=a).contact_id
    commands.pipeline.move(a, "requested")
    before = dump()
    commands.contacts.delete_contact(a)
    assert Contact.get_or_none(Contact.id == a) is None
    assert Contact.get_by_id(b).referred_by_id is None
    commands.history.undo()
    assert dump() == before
    commands.history.redo()
    assert Contact.get_or_none(Contact.id == a) is None


def test_undo_refuses_when_row_changed_since(commands):
    cid = commands.contacts.add_contact("Ada").contact_id
    commands.pipeline.move(cid, "requested")
    Contact.update(role="changed elsewhere").where(Contact.id == cid).execute()
    with pytest.raises(NotDone, match="changed since"):
        commands.history.undo()
    assert Contact.get_by_id(cid).stage == "requested"


def test_new_change_clears_redo(commands):
    cid = commands.contacts.add_contact("Ada").contact_id
    commands.pipeline.move(cid, "requested")
    commands.history.undo()
    commands.pipeline.log(cid, "note", note="hello")
    with pytest.raises(NotDone, match="nothing to redo"):
        commands.history.redo()


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["add", "move", "log", "close", "reopen", "snooze", "edit", "delete"]),
        st.integers(0, 5),
        st.sampled_from(["identified", "requested", "met", "thanked", "in_touch"]),
        st.sampled_from(["note", "request", "touch", "reply"]),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ACTIONS)
def test_undo_everything_restores_exactly(commands, actions):
    for table in ("event", "meeting", "contact", "organization", "change"):
        database.execute_sql(f'DELETE FROM "{table}"')
    commands.contacts.add_contact("Seed", organization="Org")
    start = dump()
    done = 0
    for action, pick, stage, kind in actions:
        ids = [c.id for c in Contact.select(Contact.id).order_by(Contact.id)]
        cid = ids[pick % len(ids)] if ids else None
        try:
            if action == "add" or cid is None:
                commands.contacts.add_contact(f"P{pick}", organization=f"O{pick % 2}")
            elif action == "move":
                commands.pipeline.move(cid, stage)
            elif action == "log":
                commands.pipeline.log(cid, kind)
            elif action == "close":
                commands.pipeline.close(cid, "no_response")
            elif action == "reopen":
                commands.pipeline.reopen(cid)
            elif action == "snooze":
                commands.pipeline.snooze(cid, MONDAY + dt.timedelta(days=3))
            elif action == "edit":
                commands.contacts.update_contact(cid, role=f"R{pick}", organization=f"O{pick}")
            elif action == "delete":
                commands.contacts.delete_contact(cid)
        except NotDone:
            continue
        done += 1
    after = dump()
    for _ in range(done):
        commands.history.undo()
    assert dump() == start
    for _ in range(done):
        commands.history.redo()
    assert dump() == after


def test_undo_journal_survives_reopening(commands, db_path):
    from iivboard.storage.store import open_database

    cid = commands.contacts.add_contact("Ada").contact_id
    commands.pipeline.move(cid, "requested")
    open_database(db_path)
    assert commands.history.undo().label == "Undid: Moved Ada to Requested"
    assert Contact.get_by_id(cid).stage == "identified"


def test_notes_autosave_keeps_text_exactly(commands):
    cid = commands.contacts.add_contact("Ada").contact_id
    commands.meetings.schedule(cid, MONDAY + dt.timedelta(days=1))
    meeting = Meeting.get(Meeting.contact == cid)
    text = "line one\n[bold]not bold[/]\n" + "x" * 100_000
    commands.meetings.save_notes(meeting.id, text)
    assert Meeting.get_by_id(meeting.id).notes == text


def test_board_cards_sorted_by_due(commands, clock):
    a = commands.contacts.add_contact("Late").contact_id
    b = commands.contacts.add_contact("Early").contact_id
    commands.pipeline.move(a, "requested", at=MONDAY)
    commands.pipeline.move(b, "requested", at=MONDAY - dt.timedelta(days=3))
    names = [c.name for c in queries.cards(stage="requested")]
    assert names == ["Early", "Late"]


@pytest.mark.parametrize("hour", [0, 9, 11, 14, 15, 22])
def test_demo_meetings_to_come_are_in_the_future_whatever_the_hour(commands, clock, hour):
    from iivboard.app.demo import seed_demo

    clock.now = clock.now.replace(hour=hour, minute=30)
    seed_demo(commands, clock.now)
    now = clock.now.replace(tzinfo=None)
    upcoming = [m for m in Meeting.select() if m.contact.stage == "scheduled"]
    assert upcoming and all(m.starts_at > now for m in upcoming)
    assert all(m.starts_at.hour in (10, 14) for m in upcoming)


def test_rescheduling_forgets_a_call_opened_for_the_old_date(commands, clock):
    cid = commands.contacts.add_contact("Ada").contact_id
    commands.meetings.schedule(cid, MONDAY + dt.timedelta(days=1))
    meeting = Meeting.get(Meeting.contact == cid)
    commands.meetings.update_meeting(meeting.id, started_at=MONDAY)
    commands.meetings.schedule(cid, MONDAY + dt.timedelta(days=3))
    assert Meeting.get_by_id(meeting.id).started_at is None


def test_a_logged_reply_stops_the_follow_up_on_the_board(commands, clock):
    cid = commands.contacts.add_contact("Ada").contact_id
    commands.pipeline.log(cid, "request", at=MONDAY - dt.timedelta(days=12))
    assert Contact.get_by_id(cid).due_kind == "follow_up"
    commands.pipeline.log(cid, "reply")
    assert Contact.get_by_id(cid).due_kind == "schedule"
    assert [c.due_kind for c in queries.cards(stage="requested")] == ["schedule"]


def test_trying_again_after_a_hiring_conflict_starts_afresh(commands, clock):
    cid = commands.contacts.add_contact("Ada").contact_id
    commands.pipeline.log(cid, "request")
    commands.pipeline.close(cid, "declined", reason="hiring_conflict")
    clock.advance(weeks=9)
    commands.pipeline.reopen(cid, ask_again=True)
    contact = Contact.get_by_id(cid)
    assert (contact.stage, contact.outcome, contact.due_kind) == ("identified", None, None)
    assert contact.request_sent_at is None and contact.followups_sent == 0
    commands.history.undo()
    assert Contact.get_by_id(cid).outcome == "declined"


def test_a_meeting_marked_held_without_a_time_counts_from_the_meeting(commands, clock):
    cid = commands.contacts.add_contact("Ada").contact_id
    commands.meetings.schedule(
        cid, MONDAY - dt.timedelta(days=1, hours=-1), minutes=30
    )  # Sun 10:00
    commands.pipeline.log(cid, "meeting")  # pressed on Monday 09:00
    contact = Contact.get_by_id(cid)
    held = dt.datetime(2026, 11, 22, 10, 30)
    assert contact.met_at == held
    assert contact.due_at == held + dt.timedelta(hours=24)
    other = commands.contacts.add_contact("Bo").contact_id
    commands.meetings.schedule(other, MONDAY + dt.timedelta(days=2))
    commands.pipeline.move(other, "met")  # no meeting has happened yet: it counts from now
    assert Contact.get_by_id(other).met_at == MONDAY.replace(tzinfo=None)


def test_changed_rules_recompute_every_stored_due_date_once(commands, clock):
    from iivboard.app.commands import Commands
    from iivboard.domain.policy import Rules

    cid = commands.contacts.add_contact("Ada").contact_id
    commands.pipeline.move(cid, "thanked", at=MONDAY - dt.timedelta(days=40))
    commands.context.ensure_due_current()  # records the rules the dates were computed with
    assert commands.context.ensure_due_current() == 0
    stored = Contact.get_by_id(cid).due_at
    assert stored == (MONDAY - dt.timedelta(days=40) + dt.timedelta(days=90)).replace(tzinfo=None)
    shorter = Commands.build(Rules(timezone="UTC", keep_in_touch_days=30), clock=clock)
    assert shorter.context.ensure_due_current() == 1
    assert Contact.get_by_id(cid).due_at == (MONDAY - dt.timedelta(days=10)).replace(tzinfo=None)
    assert shorter.context.ensure_due_current() == 0
    assert [c["name"] for c in queries.list_contacts(due_by=MONDAY.replace(tzinfo=None))] == ["Ada"]
