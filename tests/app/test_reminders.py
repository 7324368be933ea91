"""What `iivboard notify` says and when, on fixed times: the rules decide, time injected."""

from __future__ import annotations

import datetime as dt

import pytest

from iivboard.app.demo import seed_demo
from iivboard.domain import reminders
from iivboard.domain.reminders import Announced, SoonMeeting
from iivboard.io import notifications


class Outbox:
    """Stands in for the desktop: records what would be sent; `up` says if it is there."""

    def __init__(self, up: bool = True) -> None:
        self.sent: list = []
        self.up = up

    def __call__(self, notices) -> bool:
        self.sent.append(list(notices))
        return self.up


@pytest.fixture
def ids(commands, clock):
    return seed_demo(commands, clock())


def test_nothing_due_sends_nothing_and_remembers_nothing(facade, db_path):
    outbox = Outbox()
    outcome = facade.notify(send=outbox)
    assert outcome.notices == () and outcome.delivered
    assert outbox.sent == []
    assert not notifications.state_path(db_path).exists()


def test_the_digest_names_todays_meetings_and_overdue_thank_yous(facade, ids):
    outbox = Outbox()
    outcome = facade.notify(send=outbox)
    assert [n.key for n in outcome.notices] == ["digest"]
    digest = outcome.notices[0]
    review = facade.today()
    assert digest.title == f"{review.left} to do today"
    assert digest.body.splitlines() == [
        "14:00 meeting with Rosa Jimenez (Northwind Health)",
        "Thank-you overdue: Ximena Cruz (Greenleaf Foods)",
        f"{review.left - 2} more lines on the Today list",
    ]
    assert not digest.urgent and outbox.sent == [list(outcome.notices)]


def test_a_meeting_in_ten_minutes_gets_its_own_notice_once(facade, ids, clock):
    clock.now = clock.now.replace(hour=13, minute=50)  # Rosa's meeting is at 14:00
    outbox = Outbox()
    first = facade.notify(dt.time(8, 0), send=outbox)
    assert [n.key for n in first.notices] == [
        f"meeting:{ids['Rosa Jimenez']}@2026-11-23T14:00",
        "digest",
    ]
    soon = first.notices[0]
    assert soon.title == "14:00 meeting with Rosa Jimenez (Northwind Health), in 10 minutes"
    assert soon.body == "20 min phone · https://meet.example.org/rosa" and soon.urgent
    # The timer's next run, five minutes on: neither the meeting nor the digest again.
    clock.advance(minutes=5)
    assert facade.notify(dt.time(8, 0), send=outbox).notices == ()
    assert len(outbox.sent) == 1
    # A run by hand still gives the day's digest, never the meeting twice.
    assert [n.key for n in facade.notify(send=outbox).notices] == ["digest"]


def test_a_meeting_moved_is_announced_again_at_its_new_time(facade, ids, clock):
    clock.now = clock.now.replace(hour=13, minute=50)
    outbox = Outbox()
    facade.notify(dt.time(8, 0), send=outbox)
    facade.reschedule(ids["Rosa Jimenez"], clock.now + dt.timedelta(minutes=50))
    clock.advance(minutes=40)
    again = facade.notify(dt.time(8, 0), send=outbox).notices
    assert [n.title for n in again] == [
        "14:40 meeting with Rosa Jimenez (Northwind Health), in 10 minutes"
    ]


def test_the_digest_waits_for_its_time_then_comes_once_a_day(facade, ids, clock):
    outbox = Outbox()
    clock.now = clock.now.replace(hour=7, minute=55)
    assert facade.notify(dt.time(8, 0), send=outbox).notices == ()
    clock.advance(minutes=5)
    assert [n.key for n in facade.notify(dt.time(8, 0), send=outbox).notices] == ["digest"]
    clock.advance(minutes=5)
    assert facade.notify(dt.time(8, 0), send=outbox).notices == ()
    clock.advance(days=1)
    assert [n.key for n in facade.notify(dt.time(8, 0), send=outbox).notices] == ["digest"]


def test_what_could_not_be_sent_is_still_remembered_once_printed(facade, ids, clock):
    clock.now = clock.now.replace(hour=13, minute=50)
    down = Outbox(up=False)
    outcome = facade.notify(dt.time(8, 0), send=down)
    assert not outcome.delivered and len(outcome.notices) == 2
    assert facade.notify(dt.time(8, 0), send=down).notices == ()


def test_choose_on_its_own_keeps_only_what_is_recent():
    review = type("R", (), {"now": dt.datetime(2026, 11, 23, 9, 50), "items": [], "today": None})
    meeting = SoonMeeting(7, "Ada", None, dt.datetime(2026, 11, 23, 10, 0), 30, "in_person", "")
    old = Announced(None, {"meeting:1@2026-11-01T10:00": dt.datetime(2026, 11, 1, 10, 0)})
    notices, memory = reminders.choose(review, [meeting], old, dt.UTC)
    assert [(n.title, n.body) for n in notices] == [
        ("10:00 meeting with Ada, in 10 minutes", "30 min in person")
    ]
    assert memory.meetings == {meeting.key: meeting.starts_at}  # the old key is forgotten
    # Started already, or further off than 15 minutes: no notice of its own.
    late = SoonMeeting(8, "Bo", None, dt.datetime(2026, 11, 23, 9, 45), 20, "video", "")
    far = SoonMeeting(9, "Cy", None, dt.datetime(2026, 11, 23, 10, 6), 20, "video", "")
    assert reminders.choose(review, [late, far], Announced(), dt.UTC)[0] == []
