"""The daily review and the triage, on a fixed clock: what a user would see each morning."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iivboard.app import review
from iivboard.app.commands import Commands
from iivboard.domain.calendar import business_days_between, local, utc
from iivboard.domain.errors import NotDone
from iivboard.domain.policy import Rules
from iivboard.storage.models import Change, Contact, Event, Meeting, database
from tests.conftest import FakeClock

UTC = dt.UTC
NY = "America/New_York"


def at(text: str, zone: str = "UTC") -> dt.datetime:
    """An aware moment from 'YYYY-MM-DD HH:MM' in a zone."""
    from dateutil import tz

    return dt.datetime.fromisoformat(text).replace(tzinfo=tz.gettz(zone))


def lines(rv: review.Review) -> list[tuple[str, str, str]]:
    return [(i.group, i.name, i.action) for i in rv.items]


def names(rv: review.Review, group: str) -> list[str]:
    return [i.name for i in rv.items if i.group == group]


def item(rv: review.Review, name: str) -> review.Item:
    return next(i for i in rv.items if i.name == name)


def requested(
    commands: Commands, name: str, when: dt.datetime, org: str | None = None, **kw
) -> int:
    cid = commands.contacts.add_contact(name, organization=org, at=when, **kw).contact_id
    commands.pipeline.log(cid, "request", channel="email", at=when)
    return cid


def met(commands: Commands, name: str, when: dt.datetime) -> int:
    cid = commands.contacts.add_contact(name, at=when - dt.timedelta(days=10)).contact_id
    commands.pipeline.move(
        cid,
        "scheduled",
        at=when - dt.timedelta(days=5),
        meeting={"starts_at": when - dt.timedelta(minutes=20)},
    )
    commands.pipeline.log(cid, "meeting", at=when)
    return cid


# ---------------------------------------------------------------- the whole list


def test_today_is_grouped_by_urgency_and_each_line_says_why(commands, clock, rules):
    now = clock()
    commands.contacts.update_organization("Acme", rank=1)
    commands.contacts.update_organization("Zeta", rank=2)
    touch = commands.contacts.add_contact("Tess Touch", at=now - dt.timedelta(days=200)).contact_id
    commands.pipeline.move(touch, "thanked", at=now - dt.timedelta(days=95))
    commands.contacts.add_contact("Ida Acme", organization="Acme", at=now - dt.timedelta(days=30))
    commands.contacts.add_contact("Zack Zeta", organization="Zeta", at=now - dt.timedelta(days=30))
    commands.contacts.add_contact("Nora Noorg", at=now - dt.timedelta(days=30))
    requested(commands, "Quinn Quiet", now - dt.timedelta(days=5), org="Acme")  # Wed: 3 bd
    requested(commands, "Fay Follow", now - dt.timedelta(days=11))  # Thu 12th: 7 bd
    met(commands, "Tom Thanks", now - dt.timedelta(hours=50))
    meet = commands.contacts.add_contact("Mia Meeting").contact_id
    commands.pipeline.move(meet, "scheduled", meeting={"starts_at": now + dt.timedelta(hours=5)})

    rv = review.today(clock(), rules)
    assert lines(rv) == [
        ("meeting", "Mia Meeting", "confirm"),
        ("thank_you", "Tom Thanks", "thank_you"),
        ("follow_up", "Fay Follow", "follow_up"),
        ("quiet", "Ida Acme", "request"),
        ("touch", "Tess Touch", "touch"),
        ("outreach", "Zack Zeta", "request"),
        ("outreach", "Nora Noorg", "request"),
    ]
    assert item(rv, "Mia Meeting").why == (
        "today 14:00, 20 min video: not confirmed, confirm now; no questions yet"
    )
    assert item(rv, "Mia Meeting").level == "overdue"
    assert item(rv, "Tom Thanks").why == (
        "met Sat 21 Nov 07:00: thank-you overdue (due by yesterday 07:00)"
    )
    assert item(rv, "Fay Follow").why == (
        "asked Thu 12 Nov by email, no reply in 7 business days: follow up once"
    )
    assert item(rv, "Ida Acme").why == (
        "no reply from Quinn Quiet in 3 business days: ask this person next"
    )
    assert item(rv, "Zack Zeta").why == "send a request: Zeta is #2 on your target list"
    assert rv.headline() == "Monday 23 November 2026: 7 to do"
    text = rv.text_lines(rules.zone())
    assert text[:3] == ["Monday 23 November 2026: 7 to do", "", "Meetings today and tomorrow"]
    assert " ! #" in text[3] and "Mia Meeting" in text[3]
    assert "Today's outreach: 0 of 3 requests sent" in text
    assert "Outreach: 0 of 3 requests sent today; only 2 to suggest" in text[-2]


def test_nothing_due_names_the_next_due_date(commands, clock, rules):
    requested(commands, "Ada", clock())
    # Asked today (Monday): the follow-up falls due 7 business days on, Wednesday 2 Dec.
    rv = review.today(clock(), Rules(timezone="UTC", daily_request_goal=0))
    assert rv.items == []
    assert rv.headline() == "Monday 23 November 2026: nothing due today."
    assert rv.footnotes(rules.zone()) == ["Next due Wed 02 Dec: follow up with Ada."]
    assert rv.next_at == dt.datetime(2026, 12, 2)


def test_an_empty_database_says_so(db_path, clock, rules):
    rv = review.today(clock(), rules)
    assert rv.text_lines(rules.zone()) == [
        "Monday 23 November 2026: nothing due today.",
        "",
        "Outreach: 0 of 3 requests sent today; no one identified to ask: add people.",
        "Nothing else is coming up.",
    ]


# ---------------------------------------------------------------- business days


@pytest.mark.parametrize(
    "holidays, due_day",
    [
        ((), dt.date(2026, 12, 1)),  # Fri 20 + 7 business days, skipping two weekends
        ((dt.date(2026, 11, 26), dt.date(2026, 11, 27)), dt.date(2026, 12, 3)),  # two holidays
    ],
)
def test_follow_up_skips_weekends_and_holidays(db_path, holidays, due_day):
    rules = Rules(timezone="UTC", holidays=frozenset(holidays), daily_request_goal=0)
    clock = FakeClock(at("2026-11-20 16:00"))  # a Friday afternoon
    commands = Commands.build(rules, clock=clock)
    requested(commands, "Ada", clock())
    day = dt.date(2026, 11, 21)
    while day < due_day:
        clock.now = dt.datetime.combine(day, dt.time(23, 59), tzinfo=UTC)
        assert review.today(clock(), rules).items == [], day
        day += dt.timedelta(days=1)
    clock.now = dt.datetime.combine(due_day, dt.time(0, 0), tzinfo=UTC)
    assert lines(review.today(clock(), rules)) == [("follow_up", "Ada", "follow_up")]


def test_move_on_after_a_silent_follow_up_closes_as_no_response(commands, clock, rules):
    cid = requested(commands, "Ada", clock() - dt.timedelta(days=11))
    commands.pipeline.log(cid, "follow_up")  # Monday
    assert names(review.today(clock(), rules), "follow_up") == []
    clock.advance(days=8)  # Tuesday next week: 6 business days
    assert names(review.today(clock(), rules), "follow_up") == []
    clock.advance(days=1)  # Wednesday: 7
    line = item(review.today(clock(), rules), "Ada")
    assert (line.group, line.action) == ("follow_up", "no_response")
    assert "move on?" in line.why
    review.perform(commands.pipeline, line)
    assert Contact.get_by_id(cid).outcome == "no_response"
    assert "Ada" not in [i.name for i in review.today(clock(), rules).items]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sent=st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 12, 1)),
    later=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=20)),
    holidays=st.sets(
        st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 31)), max_size=8
    ),
    zone=st.sampled_from(["UTC", NY, "Asia/Tokyo"]),
)
def test_a_follow_up_is_never_suggested_before_seven_business_days(
    db_path, sent, later, holidays, zone
):
    Contact.delete().execute()
    rules = Rules(timezone=zone, holidays=frozenset(holidays), daily_request_goal=0)
    clock = FakeClock(sent.replace(tzinfo=UTC) + later)
    commands = Commands.build(rules, clock=clock)
    requested(commands, "Ada", sent.replace(tzinfo=UTC))
    local_sent = local(sent, rules.zone()).date()
    local_now = clock().astimezone(rules.zone()).date()
    waited = business_days_between(local_sent, local_now, holidays)
    shown = names(review.today(clock(), rules), "follow_up") == ["Ada"]
    assert shown == (waited >= 7)
    (row,) = review.triage(clock(), rules)
    assert row.waited == waited
    assert row.suggestion.startswith("follow up now") == (waited >= 7)


# ---------------------------------------------------------------- meetings


def test_meetings_today_and_tomorrow_with_prep_state(commands, clock, rules):
    now = clock()
    sam = commands.contacts.add_contact("Sam").contact_id
    commands.pipeline.move(
        sam,
        "scheduled",
        meeting={"starts_at": now + dt.timedelta(days=1, hours=1), "format": "in_person"},
    )
    meeting = Meeting.get(Meeting.contact == sam)
    commands.meetings.update_meeting(
        meeting.id,
        questions=[{"text": "What?", "asked": False}] * 2,
        prep={"research": True, "intro": False},
    )
    rosa = commands.contacts.add_contact("Rosa").contact_id
    commands.pipeline.move(rosa, "scheduled", meeting={"starts_at": now + dt.timedelta(hours=5)})
    commands.pipeline.log(rosa, "confirm")
    later = commands.contacts.add_contact("Later").contact_id
    commands.pipeline.move(later, "scheduled", meeting={"starts_at": now + dt.timedelta(days=2)})

    rv = review.today(clock(), Rules(timezone="UTC", daily_request_goal=0))
    # Before a meeting starts "done" never logs it as held: it confirms, or it prepares.
    assert lines(rv) == [("meeting", "Rosa", "prepare"), ("meeting", "Sam", "confirm")]
    assert item(rv, "Rosa").done_words == "open the prep (it has not started)"
    assert item(rv, "Rosa").why == "today 14:00, 20 min video: confirmed; no questions yet"
    assert item(rv, "Sam").why == (
        "tomorrow 10:00, 20 min in person: not confirmed, confirm "
        "today; 2 questions (prepare 3 to 6), prep 1 of 2 done"
    )
    with pytest.raises(NotDone, match="starts Mon 23 Nov 14:00; log it once"):
        review.perform(commands.pipeline, item(rv, "Rosa"))
    review.perform(commands.pipeline, item(rv, "Sam"))
    assert Meeting.get_by_id(meeting.id).confirmed
    # Confirmed: its confirm line is gone at once, from the list and from the card.
    rv = review.today(clock(), Rules(timezone="UTC", daily_request_goal=0))
    assert lines(rv) == [("meeting", "Rosa", "prepare"), ("meeting", "Sam", "prepare")]
    assert "confirm" not in item(rv, "Sam").why.replace("confirmed", "")
    assert Contact.get_by_id(meeting.contact_id).due_kind == "meeting"
    clock.advance(hours=6)  # Rosa's meeting has happened
    rv = review.today(clock(), Rules(timezone="UTC", daily_request_goal=0))
    assert item(rv, "Rosa").why.endswith("did it happen? log it as held")
    assert item(rv, "Rosa").done_words == "log the meeting as held (to Met)"
    review.perform(commands.pipeline, item(rv, "Rosa"))
    assert Contact.get_by_id(rosa).stage == "met"


def test_a_meeting_at_midnight_belongs_to_its_own_day(commands, clock):
    rules = Rules(timezone="UTC", daily_request_goal=0)
    tonight = commands.contacts.add_contact("Tonight").contact_id  # 00:00 Tuesday: tomorrow
    commands.pipeline.move(tonight, "scheduled", meeting={"starts_at": at("2026-11-24 00:00")})
    commands.pipeline.log(tonight, "confirm")
    after = commands.contacts.add_contact("After").contact_id  # 00:00 Wednesday: not yet
    commands.pipeline.move(after, "scheduled", meeting={"starts_at": at("2026-11-25 00:00")})
    rv = review.today(clock(), rules)
    assert lines(rv) == [("meeting", "Tonight", "prepare")]
    assert item(rv, "Tonight").why.startswith("tomorrow 00:00")
    assert rv.next_at == dt.datetime(2026, 11, 24)
    assert rv.next_item.short() == "confirm the meeting with After"
    clock.now = at("2026-11-24 00:00")
    rv = review.today(clock(), rules)
    assert [(i.name, i.why.split(",")[0]) for i in rv.items] == [
        ("Tonight", "today 00:00"),
        ("After", "tomorrow 00:00"),
    ]
    assert item(rv, "Tonight").action == "meeting"  # it started: log it as held


def test_the_users_time_zone_decides_today(db_path):
    rules = Rules(timezone=NY, daily_request_goal=3)
    clock = FakeClock(at("2026-11-23 23:30", NY))  # 04:30 UTC on Tuesday
    commands = Commands.build(rules, clock=clock)
    requested(commands, "Asked Tonight", at("2026-11-23 22:00", NY))  # Tuesday in UTC
    meet = commands.contacts.add_contact("Meet").contact_id
    commands.pipeline.move(meet, "scheduled", meeting={"starts_at": at("2026-11-24 10:00", NY)})
    commands.contacts.add_contact("Next Person")
    rv = review.today(clock(), rules)
    assert rv.today == dt.date(2026, 11, 23)
    assert rv.sent_today == 1
    assert item(rv, "Meet").why.startswith("tomorrow 10:00")
    assert rv.group_title("outreach") == "Today's outreach: 1 of 3 requests sent"
    clock.now = at("2026-11-24 00:00", NY)  # local midnight: a new day
    rv = review.today(clock(), rules)
    assert rv.today == dt.date(2026, 11, 24) and rv.sent_today == 0
    assert item(rv, "Meet").why.startswith("today 10:00")


# ---------------------------------------------------------------- thank-yous, touch, retry


def test_thank_you_soon_due_overdue_then_done(commands, clock, rules):
    cid = met(commands, "Ada", clock() - dt.timedelta(hours=2))
    assert item(review.today(clock(), rules), "Ada").level == "soon"
    assert (
        item(review.today(clock(), rules), "Ada").why
        == "met today 07:00: send a thank-you by tomorrow 07:00"
    )
    clock.advance(hours=23)
    assert item(review.today(clock(), rules), "Ada").level == "due"
    clock.advance(hours=24)
    line = item(review.today(clock(), rules), "Ada")
    assert line.level == "overdue" and line.done_words.startswith("log the thank-you")
    review.perform(commands.pipeline, line)
    assert Contact.get_by_id(cid).stage == "thanked"
    assert "Ada" not in [i.name for i in review.today(clock(), rules).items]


def test_keep_in_touch_every_90_days_any_interaction_resets(commands, clock):
    rules = Rules(timezone="UTC", daily_request_goal=0)
    cid = commands.contacts.add_contact("Ada", at=clock() - dt.timedelta(days=100)).contact_id
    commands.pipeline.move(cid, "in_touch", at=clock() - dt.timedelta(days=89))
    assert review.today(clock(), rules).items == []
    clock.advance(days=1)
    (line,) = review.today(clock(), rules).items
    assert (line.group, line.action) == ("touch", "touch")
    assert line.why == "last contact Wed 26 Aug (90 days ago): keep in touch"
    review.perform(commands.pipeline, line)
    rv = review.today(clock(), rules)
    assert rv.items == [] and rv.next_at == dt.datetime(2027, 2, 22)


def test_hiring_conflict_comes_back_as_try_again(commands, clock):
    rules = Rules(timezone="UTC", daily_request_goal=0, hiring_retry_weeks=8)
    commands = Commands.build(rules, clock=clock)
    cid = requested(commands, "Grace", clock(), org="Acme")
    commands.pipeline.close(cid, "declined", reason="hiring_conflict")
    clock.advance(weeks=8, days=-1)
    assert review.today(clock(), rules).items == []
    clock.advance(days=1)  # listed from the start of the day it falls due
    (line,) = review.today(clock(), rules).items
    assert (line.group, line.action) == ("retry", "reopen")
    assert line.why == "declined Mon 23 Nov (hiring conflict): try again now"
    review.perform(commands.pipeline, line)
    assert Contact.get_by_id(cid).outcome is None


# ---------------------------------------------------------------- organizations and outreach


def test_quiet_organization_suggests_the_next_person_referred_first(commands, clock, rules):
    now = clock()
    commands.contacts.update_organization("Acme", rank=2)
    commands.contacts.update_organization("Beta", rank=1)
    friend = commands.contacts.add_contact("Friend").contact_id
    commands.contacts.add_contact("Old Acme", organization="Acme", at=now - dt.timedelta(days=40))
    commands.contacts.add_contact("Warm Acme", organization="Acme", referred_by=friend)
    commands.contacts.add_contact("Bea Beta", organization="Beta")
    requested(commands, "Asked Acme", now - dt.timedelta(days=7), org="Acme")  # 5 bd
    requested(commands, "Asked Beta", now - dt.timedelta(days=5), org="Beta")  # 3 bd
    rv = review.today(now, Rules(timezone="UTC", daily_request_goal=0))
    # Beta is ranked higher; at Acme the warm introduction goes first.
    assert names(rv, "quiet") == ["Bea Beta", "Warm Acme"]
    commands.pipeline.skip(item(rv, "Warm Acme").contact_id, "request")
    assert names(review.today(now, rules), "quiet") == ["Bea Beta", "Old Acme"]


def test_not_quiet_when_asked_recently_or_someone_replied(commands, clock):
    rules = Rules(timezone="UTC", daily_request_goal=0)
    now = clock()
    commands.contacts.add_contact("Next", organization="Acme", at=now - dt.timedelta(days=30))
    requested(commands, "First", now - dt.timedelta(days=7), org="Acme")
    second = requested(commands, "Second", now - dt.timedelta(days=1), org="Acme")
    assert names(review.today(now, rules), "quiet") == []  # asked someone else 1 bd ago
    commands.pipeline.move(second, "scheduled", meeting={"starts_at": now + dt.timedelta(days=9)})
    assert names(review.today(now, rules), "quiet") == []  # they replied
    commands.history.undo()
    commands.history.undo()  # Second's request is gone: First has waited 5 business days
    assert names(review.today(now, rules), "quiet") == ["Next"]


def test_outreach_goal_counts_todays_requests_one_per_organization(commands, clock, rules):
    for org, rank in (("Top", 1), ("Mid", 2), ("Low", 3), ("Busy", 4)):
        commands.contacts.update_organization(org, rank=rank)
    ids = {
        "Ann": commands.contacts.add_contact(
            "Ann",
            organization="Top",  # waited longest
            at=clock() - dt.timedelta(days=2),
        ).contact_id
    }
    for name, org in (
        ("Amy", "Top"),
        ("Max", "Mid"),
        ("Lou", "Low"),
        ("Nia", None),
        ("Bob", "Busy"),
    ):
        ids[name] = commands.contacts.add_contact(name, organization=org).contact_id
    requested(commands, "Waiting", clock() - dt.timedelta(days=1), org="Busy")
    rv = review.today(clock(), rules)
    assert names(rv, "outreach") == ["Ann", "Max", "Lou"]  # one per organization, top first
    review.perform(commands.pipeline, item(rv, "Ann"), channel="linkedin")
    contact = Contact.get_by_id(ids["Ann"])
    assert (contact.stage, contact.request_channel) == ("requested", "linkedin")
    rv = review.today(clock(), rules)
    assert rv.sent_today == 1 and names(rv, "outreach") == ["Max", "Lou"]
    commands.pipeline.log(ids["Max"], "request")
    commands.pipeline.log(ids["Lou"], "request")
    rv = review.today(clock(), rules)
    assert names(rv, "outreach") == []
    assert "Outreach: goal met, 3 of 3 requests sent today." in rv.footnotes(rules.zone())
    clock.advance(days=1)  # a new day, a new goal; Amy's organization now waits on Ann
    assert names(review.today(clock(), rules), "outreach") == ["Nia"]


# ---------------------------------------------------------------- skip and snooze


def test_skip_for_today_survives_a_restart_and_ends_at_local_midnight(db_path):
    rules = Rules(timezone=NY, daily_request_goal=0)
    clock = FakeClock(at("2026-11-23 22:00", NY))
    commands = Commands.build(rules, clock=clock)
    cid = met(commands, "Ada", clock() - dt.timedelta(hours=30))
    assert names(review.today(clock(), rules), "thank_you") == ["Ada"]
    result = commands.pipeline.skip(cid, "thank_you")
    assert result.change_id is not None
    database.close()
    from iivboard.storage.store import open_database

    open_database(db_path)  # a restart: a new connection and a new commands
    commands = Commands.build(rules, clock=clock)
    rv = review.today(clock(), rules)
    assert rv.items == [] and rv.skipped == 1
    # Nothing due, but not nothing at all: the skipped line is counted.
    assert rv.headline() == "Monday 23 November 2026: nothing due today (1 line skipped)."
    assert rv.next_at == utc(at("2026-11-24 00:00", NY))
    clock.now = at("2026-11-23 23:59", NY)  # 04:59 UTC on Tuesday: still Monday at home
    assert review.today(clock(), rules).items == []
    clock.now = at("2026-11-24 00:00", NY)
    assert names(review.today(clock(), rules), "thank_you") == ["Ada"]
    event = Event.get(Event.kind == "skipped")
    assert (event.contact_id, event.text) == (cid, "thank_you")


def test_skip_can_be_undone(commands, clock, rules):
    cid = met(commands, "Ada", clock())
    commands.pipeline.skip(cid, "thank_you")
    assert names(review.today(clock(), rules), "thank_you") == []
    commands.history.undo()
    assert names(review.today(clock(), rules), "thank_you") == ["Ada"]


def test_snooze_hides_until_the_date_and_is_the_next_due(commands, clock, rules):
    cid = met(commands, "Ada", clock())
    commands.pipeline.snooze(cid, at("2026-11-26 00:00"))
    rv = review.today(clock(), rules)
    assert names(rv, "thank_you") == [] and rv.next_at == dt.datetime(2026, 11, 26)
    clock.now = at("2026-11-26 00:00")
    assert names(review.today(clock(), rules), "thank_you") == ["Ada"]


# ---------------------------------------------------------------- triage


def test_triage_oldest_first_with_3b7_advice(commands, clock, rules):
    now = clock()
    commands.contacts.add_contact("Other", organization="Acme")
    fresh = requested(commands, "Fresh", now - dt.timedelta(days=1), org="Solo")
    quiet = requested(commands, "Quiet", now - dt.timedelta(days=5), org="Acme")
    due = requested(commands, "Due", now - dt.timedelta(days=11))
    moving = requested(commands, "Moving", now - dt.timedelta(days=25))
    commands.pipeline.log(moving, "follow_up", at=now - dt.timedelta(days=11))
    replied = requested(commands, "Replied", now - dt.timedelta(days=3))
    commands.pipeline.log(replied, "reply")
    snoozed = requested(commands, "Snoozed", now - dt.timedelta(days=2))
    commands.pipeline.snooze(snoozed, now + dt.timedelta(days=3))
    rows = review.triage(now, rules)
    assert [(r.name, r.waited, r.followups_sent, r.channel) for r in rows] == [
        ("Moving", 17, 1, "email"),
        ("Due", 7, 0, "email"),
        ("Quiet", 3, 0, "email"),
        ("Replied", 1, 0, "email"),
        ("Snoozed", 1, 0, "email"),
        ("Fresh", 1, 0, "email"),
    ]
    advice = {r.name: r.suggestion for r in rows}
    assert advice == {
        "Moving": "no reply after the follow-up: move on (n)",
        "Due": "follow up now (f), once",
        "Quiet": "reach out to Other at Acme; follow up in 4 business days",
        "Replied": "replied today: r to schedule the meeting",
        "Snoozed": "snoozed until Thu 26 Nov",
        "Fresh": "wait; follow up in 6 business days",
    }
    assert {r.contact_id for r in rows} == {fresh, quiet, due, moving, replied, snoozed}


def test_batch_is_one_undo_step_and_all_or_nothing(commands, clock, rules):
    ids = [requested(commands, name, clock() - dt.timedelta(days=12)) for name in "ABC"]
    before = Change.select().count()
    result = commands.pipeline.many(
        "Followed up 3", ids, lambda cid: commands.pipeline.log(cid, "follow_up")
    )
    assert result.contact_ids == set(ids) and Change.select().count() == before + 1
    assert [Contact.get_by_id(c).followups_sent for c in ids] == [1, 1, 1]
    assert Event.select().where(Event.kind == "follow_up").count() == 3
    assert commands.history.undo().label == "Undid: Followed up 3"
    assert [Contact.get_by_id(c).followups_sent for c in ids] == [0, 0, 0]
    commands.pipeline.move(
        ids[1], "scheduled", meeting={"starts_at": clock() + dt.timedelta(days=2)}
    )
    with pytest.raises(
        NotDone,
        match="^B: a follow-up is for someone who has not replied yet; nothing was changed$",
    ):
        commands.pipeline.many(
            "Followed up 3", ids, lambda cid: commands.pipeline.log(cid, "follow_up")
        )
    assert [Contact.get_by_id(c).followups_sent for c in ids] == [0, 0, 0]
    assert Event.select().where(Event.kind == "follow_up").count() == 0


# ---------------------------------------------------------------- speed


def test_the_review_reads_in_a_handful_of_queries_whatever_the_size(commands, clock, rules):
    statements: list[str] = []

    def count(n: int) -> int:
        for i in range(n):
            requested(
                commands,
                f"R{len(statements)}-{i}",
                clock() - dt.timedelta(days=i),
                org=f"Org {i % 4}",
            )
            met(commands, f"M{len(statements)}-{i}", clock() - dt.timedelta(hours=i))
        connection: sqlite3.Connection = database.connection()
        statements.clear()
        connection.set_trace_callback(statements.append)
        try:
            review.today(clock(), rules)
            review.triage(clock(), rules)
        finally:
            connection.set_trace_callback(None)
        return sum(1 for s in statements if s.lstrip().upper().startswith("SELECT"))

    small = count(2)
    assert small <= 5
    assert count(30) == small


def test_a_meeting_on_the_night_clocks_go_back(db_path):
    rules = Rules(timezone=NY, daily_request_goal=0)
    clock = FakeClock(at("2026-10-31 12:00", NY))
    commands = Commands.build(rules, clock=clock)
    cid = commands.contacts.add_contact("Ada").contact_id
    # 1 November 2026, 01:30 after the clocks went back: 06:30 UTC.
    commands.pipeline.move(
        cid, "scheduled", meeting={"starts_at": dt.datetime(2026, 11, 1, 6, 30, tzinfo=UTC)}
    )
    assert item(review.today(clock(), rules), "Ada").why.startswith("tomorrow 01:30")


def test_a_next_due_that_asks_a_question_ends_with_it(commands, clock, rules):
    # Followed up today: next is the move-on 7 business days on, whose words end in "?".
    cid = requested(commands, "Ada", clock() - dt.timedelta(days=20))
    commands.pipeline.log(cid, "follow_up", at=clock() - dt.timedelta(hours=1))
    rv = review.today(clock(), Rules(timezone="UTC", daily_request_goal=0))
    assert rv.items == []
    assert rv.footnotes(rules.zone()) == ["Next due Wed 02 Dec: move on from Ada?"]
