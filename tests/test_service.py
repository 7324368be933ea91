import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iivboard.app import queries
from iivboard.app.service import ServiceError
from iivboard.storage.models import Contact, Event, Meeting, Organization, database
from tests.conftest import MONDAY


def dump() -> dict:
    """Every user-visible row, to compare the database before and after."""
    tables = {}
    for table in ("organization", "contact", "meeting", "event"):
        cursor = database.execute_sql(f'SELECT * FROM "{table}" ORDER BY id')
        tables[table] = cursor.fetchall()
    return tables


def test_add_contact_writes_contact_org_and_one_event(service):
    result = service.add_contact(
        "Ada Okafor", organization="Acme", role="PM", tags="alumni, Alumni, robotics"
    )
    contact = Contact.get_by_id(result.contact_id)
    assert contact.organization.name == "Acme" and contact.stage == "identified"
    assert contact.tags == "alumni, robotics"
    assert [e.kind for e in contact.events] == ["added"]
    assert result.label == "Added Ada Okafor"


def test_same_organization_is_reused_whatever_the_case(service):
    service.add_contact("A", organization="Acme")
    service.add_contact("B", organization="ACME")
    assert Organization.select().count() == 1


@pytest.mark.parametrize("name", ["", "   ", "bad\udc00"])
def test_bad_names_are_refused_and_change_nothing(service, name):
    before = dump()
    with pytest.raises(ServiceError):
        service.add_contact(name)
    assert dump() == before


def test_hostile_text_is_stored_literally(service):
    name = "[bold]x [/] \x1b[31mred\x1b[0m \u202eevil 🎉"
    cid = service.add_contact(name, organization="[link=x]Org").contact_id
    assert Contact.get_by_id(cid).name == name.strip()
    assert Contact.get_by_id(cid).organization.name == "[link=x]Org"


def test_request_then_3b7_follow_up_due(service, clock):
    cid = service.add_contact("Ada").contact_id
    service.move(cid, "requested", channel="email")
    contact = Contact.get_by_id(cid)
    assert contact.request_sent_at == MONDAY.replace(tzinfo=None)
    assert contact.due_kind == "follow_up"
    assert contact.due_at == dt.datetime(2026, 12, 2)  # Monday + 7 business days
    service.log(cid, "follow_up", channel="email")
    contact = Contact.get_by_id(cid)
    assert contact.followups_sent == 1 and contact.due_kind == "move_on"


def test_scheduling_creates_a_meeting_and_confirm_due(service):
    cid = service.add_contact("Ada").contact_id
    starts = dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.UTC)
    service.move(cid, "scheduled", meeting={"starts_at": starts, "minutes": 30, "format": "phone"})
    meeting = Meeting.get(Meeting.contact == cid)
    assert (meeting.minutes, meeting.format) == (30, "phone")
    assert Contact.get_by_id(cid).due_kind == "confirm"
    service.log(cid, "confirm")
    assert Contact.get_by_id(cid).due_kind == "meeting"


def test_scheduled_without_a_time_is_refused(service):
    cid = service.add_contact("Ada").contact_id
    with pytest.raises(ServiceError, match="date and time"):
        service.move(cid, "scheduled")
    assert Contact.get_by_id(cid).stage == "identified"


def test_logging_moves_the_stage_where_that_is_what_it_means(service, clock):
    cid = service.add_contact("Ada").contact_id
    service.log(cid, "request", channel="linkedin")
    assert Contact.get_by_id(cid).stage == "requested"
    service.schedule(cid, MONDAY + dt.timedelta(days=2))
    service.log(cid, "meeting")
    assert Contact.get_by_id(cid).stage == "met"
    assert Contact.get_by_id(cid).due_kind == "thank_you"
    service.log(cid, "thank_you")
    assert Contact.get_by_id(cid).stage == "thanked"
    service.log(cid, "touch")
    assert Contact.get_by_id(cid).stage == "in_touch"
    service.log(cid, "touch")  # stays in touch, clock restarts
    contact = Contact.get_by_id(cid)
    assert contact.stage == "in_touch"
    kinds = [e.kind for e in Event.select().where(Event.contact == cid).order_by(Event.id)]
    assert kinds == ["added", "request", "move", "meeting", "thank_you", "touch", "touch"]


def test_close_and_reopen(service):
    cid = service.add_contact("Ada").contact_id
    service.close(cid, "declined", reason="hiring_conflict")
    contact = Contact.get_by_id(cid)
    assert contact.outcome == "declined" and contact.due_kind == "retry"
    with pytest.raises(ServiceError):
        service.move(cid, "requested")
    service.reopen(cid)
    assert Contact.get_by_id(cid).outcome is None


def test_delete_then_undo_restores_history_and_referrals(service):
    a = service.add_contact("Ada").contact_id
    b = service.add_contact("Bo", referred_by=a).contact_id
    service.move(a, "requested")
    before = dump()
    service.delete_contact(a)
    assert Contact.get_or_none(Contact.id == a) is None
    assert Contact.get_by_id(b).referred_by_id is None
    service.undo()
    assert dump() == before
    service.redo()
    assert Contact.get_or_none(Contact.id == a) is None


def test_undo_refuses_when_row_changed_since(service):
    cid = service.add_contact("Ada").contact_id
    service.move(cid, "requested")
    Contact.update(role="changed elsewhere").where(Contact.id == cid).execute()
    with pytest.raises(ServiceError, match="changed since"):
        service.undo()
    assert Contact.get_by_id(cid).stage == "requested"


def test_new_change_clears_redo(service):
    cid = service.add_contact("Ada").contact_id
    service.move(cid, "requested")
    service.undo()
    service.log(cid, "note", note="hello")
    with pytest.raises(ServiceError, match="nothing to redo"):
        service.redo()


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
def test_undo_everything_restores_exactly(service, actions):
    for table in ("event", "meeting", "contact", "organization", "change"):
        database.execute_sql(f'DELETE FROM "{table}"')
    service.add_contact("Seed", organization="Org")
    start = dump()
    done = 0
    for action, pick, stage, kind in actions:
        ids = [c.id for c in Contact.select(Contact.id).order_by(Contact.id)]
        cid = ids[pick % len(ids)] if ids else None
        try:
            if action == "add" or cid is None:
                service.add_contact(f"P{pick}", organization=f"O{pick % 2}")
            elif action == "move":
                service.move(cid, stage)
            elif action == "log":
                service.log(cid, kind)
            elif action == "close":
                service.close(cid, "no_response")
            elif action == "reopen":
                service.reopen(cid)
            elif action == "snooze":
                service.snooze(cid, MONDAY + dt.timedelta(days=3))
            elif action == "edit":
                service.update_contact(cid, role=f"R{pick}", organization=f"O{pick}")
            elif action == "delete":
                service.delete_contact(cid)
        except ServiceError:
            continue
        done += 1
    after = dump()
    for _ in range(done):
        service.undo()
    assert dump() == start
    for _ in range(done):
        service.redo()
    assert dump() == after


def test_undo_journal_survives_reopening(service, db_path):
    from iivboard.storage.store import open_database

    cid = service.add_contact("Ada").contact_id
    service.move(cid, "requested")
    open_database(db_path)
    assert service.undo().label == "Undid: Moved Ada to Requested"
    assert Contact.get_by_id(cid).stage == "identified"


def test_notes_autosave_keeps_text_exactly(service):
    cid = service.add_contact("Ada").contact_id
    service.schedule(cid, MONDAY + dt.timedelta(days=1))
    meeting = Meeting.get(Meeting.contact == cid)
    text = "line one\n[bold]not bold[/]\n" + "x" * 100_000
    service.save_notes(meeting.id, text)
    assert Meeting.get_by_id(meeting.id).notes == text


def test_board_cards_sorted_by_due(service, clock):
    a = service.add_contact("Late").contact_id
    b = service.add_contact("Early").contact_id
    service.move(a, "requested", at=MONDAY)
    service.move(b, "requested", at=MONDAY - dt.timedelta(days=3))
    names = [c.name for c in queries.cards(stage="requested")]
    assert names == ["Early", "Late"]


@pytest.mark.parametrize("hour", [0, 9, 11, 14, 15, 22])
def test_demo_meetings_to_come_are_in_the_future_whatever_the_hour(service, clock, hour):
    from iivboard.app.demo import seed_demo

    clock.now = clock.now.replace(hour=hour, minute=30)
    seed_demo(service, clock.now)
    now = clock.now.replace(tzinfo=None)
    upcoming = [m for m in Meeting.select() if m.contact.stage == "scheduled"]
    assert upcoming and all(m.starts_at > now for m in upcoming)
    assert all(m.starts_at.hour in (10, 14) for m in upcoming)


def test_rescheduling_forgets_a_call_opened_for_the_old_date(service, clock):
    cid = service.add_contact("Ada").contact_id
    service.schedule(cid, MONDAY + dt.timedelta(days=1))
    meeting = Meeting.get(Meeting.contact == cid)
    service.update_meeting(meeting.id, started_at=MONDAY)
    service.schedule(cid, MONDAY + dt.timedelta(days=3))
    assert Meeting.get_by_id(meeting.id).started_at is None


def test_a_logged_reply_stops_the_follow_up_on_the_board(service, clock):
    cid = service.add_contact("Ada").contact_id
    service.log(cid, "request", at=MONDAY - dt.timedelta(days=12))
    assert Contact.get_by_id(cid).due_kind == "follow_up"
    service.log(cid, "reply")
    assert Contact.get_by_id(cid).due_kind == "schedule"
    assert [c.due_kind for c in queries.cards(stage="requested")] == ["schedule"]


def test_trying_again_after_a_hiring_conflict_starts_afresh(service, clock):
    cid = service.add_contact("Ada").contact_id
    service.log(cid, "request")
    service.close(cid, "declined", reason="hiring_conflict")
    clock.advance(weeks=9)
    service.reopen(cid, ask_again=True)
    contact = Contact.get_by_id(cid)
    assert (contact.stage, contact.outcome, contact.due_kind) == ("identified", None, None)
    assert contact.request_sent_at is None and contact.followups_sent == 0
    service.undo()
    assert Contact.get_by_id(cid).outcome == "declined"


def test_a_meeting_marked_held_without_a_time_counts_from_the_meeting(service, clock):
    cid = service.add_contact("Ada").contact_id
    service.schedule(cid, MONDAY - dt.timedelta(days=1, hours=-1), minutes=30)  # Sun 10:00
    service.log(cid, "meeting")  # pressed on Monday 09:00
    contact = Contact.get_by_id(cid)
    held = dt.datetime(2026, 11, 22, 10, 30)
    assert contact.met_at == held
    assert contact.due_at == held + dt.timedelta(hours=24)
    other = service.add_contact("Bo").contact_id
    service.schedule(other, MONDAY + dt.timedelta(days=2))
    service.move(other, "met")  # no meeting has happened yet: it counts from now
    assert Contact.get_by_id(other).met_at == MONDAY.replace(tzinfo=None)


def test_changed_rules_recompute_every_stored_due_date_once(service, clock):
    from iivboard.app.service import Service
    from iivboard.domain.policy import Rules

    cid = service.add_contact("Ada").contact_id
    service.move(cid, "thanked", at=MONDAY - dt.timedelta(days=40))
    service.ensure_due_current()  # records the rules the dates were computed with
    assert service.ensure_due_current() == 0
    stored = Contact.get_by_id(cid).due_at
    assert stored == (MONDAY - dt.timedelta(days=40) + dt.timedelta(days=90)).replace(tzinfo=None)
    shorter = Service(Rules(timezone="UTC", keep_in_touch_days=30), clock=clock)
    assert shorter.ensure_due_current() == 1
    assert Contact.get_by_id(cid).due_at == (MONDAY - dt.timedelta(days=10)).replace(tzinfo=None)
    assert shorter.ensure_due_current() == 0
    assert [c["name"] for c in queries.list_contacts(due_by=MONDAY.replace(tzinfo=None))] == ["Ada"]
