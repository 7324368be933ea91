"""Reaching a stage by logging what it means or by moving there records the same thing.

`log request` from identified and a move to requested, `log meeting` from scheduled and a
move to met, and so on, must leave the same contact, meeting and history (but for the
event's kind): the two paths share one stage_effects, and this keeps them from drifting.
"""

from __future__ import annotations

import datetime as dt

import pytest

from iivboard.domain.stages import LOG_ADVANCES
from iivboard.storage.models import Contact, Event, Meeting
from tests.conftest import MONDAY

# The path to each stage a logged kind advances from.
PATH = {
    "identified": [],
    "requested": ["requested"],
    "scheduled": ["requested", "scheduled"],
    "met": ["requested", "scheduled", "met"],
    "thanked": ["requested", "scheduled", "met", "thanked"],
}
ADVANCES = [
    (kind, source, target) for kind, m in LOG_ADVANCES.items() for source, target in m.items()
]
# Fields that differ between two contacts whatever happened to them.
OWN = {"id", "name"}


def walk(commands, name: str, source: str) -> int:
    cid = commands.contacts.add_contact(name, at=MONDAY - dt.timedelta(days=30)).contact_id
    for days, stage in zip((20, 10, 5, 3), PATH[source], strict=False):
        # The meeting starts an hour before now, so a held meeting has a time of its own.
        meeting = {"starts_at": MONDAY - dt.timedelta(hours=1), "minutes": 25}
        commands.pipeline.move(
            cid,
            stage,
            at=MONDAY - dt.timedelta(days=days),
            channel="linkedin",
            meeting=meeting if stage == "scheduled" else None,
        )
    return cid


def record(cid: int) -> tuple[dict, list[dict], list[dict]]:
    contact = {k: v for k, v in Contact.get_by_id(cid).__data__.items() if k not in OWN}
    events = [
        {k: v for k, v in e.__data__.items() if k not in {"id", "contact", "kind", "meeting"}}
        | {"meeting": e.meeting_id is not None}
        for e in Event.select().where(Event.contact == cid).order_by(Event.id)
    ]
    meetings = [
        {k: v for k, v in m.__data__.items() if k not in {"id", "contact"}}
        for m in Meeting.select().where(Meeting.contact == cid).order_by(Meeting.id)
    ]
    return contact, events, meetings


@pytest.mark.parametrize("given_time", [True, False], ids=["at a time", "now"])
@pytest.mark.parametrize(("kind", "source", "target"), ADVANCES)
def test_logging_a_kind_and_moving_to_its_stage_leave_the_same_record(
    commands, kind, source, target, given_time
):
    logged = walk(commands, "Logged", source)
    moved = walk(commands, "Moved", source)
    at = MONDAY - dt.timedelta(minutes=10) if given_time else None

    commands.pipeline.log(logged, kind, at=at, channel="email", note="as agreed")
    commands.pipeline.move(moved, target, at=at, channel="email", note="as agreed")

    assert Contact.get_by_id(logged).stage == Contact.get_by_id(moved).stage == target
    assert record(logged) == record(moved)
    kinds = [e.kind for e in Event.select().where(Event.contact.in_([logged, moved]))]
    assert kinds.count(kind) == 1 and kinds.count("move") == 2 * len(PATH[source]) + 1


def test_a_meeting_logged_ends_the_meeting_as_a_move_to_met_does(commands, clock):
    logged = walk(commands, "Logged", "scheduled")
    moved = walk(commands, "Moved", "scheduled")
    commands.pipeline.log(logged, "meeting")
    commands.pipeline.move(moved, "met")
    # Held without a time: at the agreed end of a meeting that started an hour ago.
    held = (MONDAY - dt.timedelta(minutes=35)).replace(tzinfo=None)
    for cid in (logged, moved):
        assert Contact.get_by_id(cid).met_at == held
        assert Meeting.get(Meeting.contact == cid).ended_at == held
