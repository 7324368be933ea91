"""The daily review (the Today list) and the triage of unanswered requests, loaded.

This module only reads: four queries at most, whatever the number of contacts, turned into
the facts the rules read (domain/facts.py); the lines, their groups and order are the
domain's (domain/review.py, domain/triage.py, the rules in domain/rules/). The Today screen
and `iivboard due` show exactly what `today()` returns.

Each line carries what "done" means for it, and `perform` does that with one command,
so the screen and any script agree on it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from types import SimpleNamespace
from typing import Any

from peewee import JOIN, fn

from iivboard.app.commands import PipelineCommands, Result
from iivboard.app.meetings_query import has_upcoming, upcoming_meetings
from iivboard.domain import review as domain_review
from iivboard.domain import triage as domain_triage
from iivboard.domain import week as domain_week
from iivboard.domain.calendar import Now, calendar_for, local
from iivboard.domain.errors import Refused
from iivboard.domain.facts import ContactFacts, MeetingFacts
from iivboard.domain.policy import Rules
from iivboard.domain.review import SKIP_EVENT as SKIP_EVENT
from iivboard.domain.review import Item as Item
from iivboard.domain.review import Review as Review
from iivboard.domain.rules.registry import GROUPS
from iivboard.domain.stages import STAGES
from iivboard.domain.triage import TriageRow as TriageRow
from iivboard.domain.week import Week as Week
from iivboard.storage.models import (
    Contact,
    Event,
    Meeting,
    Organization,
    database,
    prep_of,
    questions_of,
    stored_moment,
    stored_time,
)

GROUP_TITLES = {g.key: g.title for g in GROUPS}

# The columns read for each contact, in ContactFacts' names; moments are parsed by hand.
_REFERRER = Contact.alias("referrer")
_COLUMNS: tuple[tuple[str, Any], ...] = (
    ("id", Contact.id),
    ("name", Contact.name),
    ("org_id", Organization.id),
    ("org", Organization.name),
    ("rank", Organization.rank),
    ("stage", Contact.stage),
    ("outcome", Contact.outcome),
    ("outcome_reason", Contact.outcome_reason),
    ("stage_entered_at", Contact.stage_entered_at),
    ("request_sent_at", Contact.request_sent_at),
    ("request_channel", Contact.request_channel),
    ("followups_sent", Contact.followups_sent),
    ("last_followup_at", Contact.last_followup_at),
    ("replied_at", Contact.replied_at),
    ("met_at", Contact.met_at),
    ("thanked_at", Contact.thanked_at),
    ("last_interaction_at", Contact.last_interaction_at),
    ("snoozed_until", Contact.snoozed_until),
    ("retry_after", Contact.retry_after),
    ("closed_at", Contact.closed_at),
    ("referrer", _REFERRER.name),
)
_NAMES = tuple(name for name, _ in _COLUMNS)
_ID, _STAGE, _OUTCOME = (_NAMES.index(name) for name in ("id", "stage", "outcome"))
# ContactFacts.from_columns needs every field: a column added there must be read here.
assert set(_NAMES) | {"meeting"} == {f.name for f in dataclasses.fields(ContactFacts)}
_TIMES = tuple(
    i
    for i, name in enumerate(_NAMES)
    if name.endswith("_at") or name in ("snoozed_until", "retry_after")
)


@functools.lru_cache(maxsize=4096)
def _prep_counts(questions: str, prep: str) -> tuple[int, int, int]:
    """Prepared questions, prep steps done and prep steps, from a meeting's stored JSON.
    Remembered by text: every reload reads every open meeting, and prep rarely changes."""
    stored = SimpleNamespace(questions=questions, prep=prep)
    steps = prep_of(stored)
    return len(questions_of(stored)), sum(1 for done in steps.values() if done), len(steps)


def _open_meetings() -> dict[int, MeetingFacts]:
    """Each contact's meeting to come: the latest one not yet held (meetings_query)."""
    query = upcoming_meetings(
        Meeting.contact,
        Meeting.starts_at,
        Meeting.minutes,
        Meeting.format,
        Meeting.confirmed,
        Meeting.questions,
        Meeting.prep,
    )
    found: dict[int, MeetingFacts] = {}
    for contact_id, starts_at, minutes, format_, confirmed, questions, prep in database.execute_sql(
        *query.sql()
    ):
        found[contact_id] = MeetingFacts(  # later starts overwrite earlier ones
            stored_moment(starts_at),
            bool(confirmed),
            minutes,
            format_,
            *_prep_counts(questions, prep),
        )
    return found


def contact_facts(with_meetings: bool = True, where: Any = None) -> list[ContactFacts]:
    """Open contacts (and closed ones waiting to be tried again), in one query, and their
    open meetings in one more (the triage of requests needs none); `where` narrows them."""
    meetings = _open_meetings() if with_meetings else {}
    query = (
        Contact.select(*(column for _, column in _COLUMNS))
        .join_from(
            Contact, Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id)
        )
        .join_from(Contact, _REFERRER, JOIN.LEFT_OUTER, on=(Contact.referred_by == _REFERRER.id))
        .where(Contact.outcome.is_null() | Contact.retry_after.is_null(False))
    )
    if where is not None:
        query = query.where(where)
    # Raw rows: peewee's per-value date parsing would be most of the time at 10,000 contacts.
    facts = []
    for row in database.execute_sql(*query.sql()):
        values = list(row)
        for i in _TIMES:
            values[i] = stored_time(values[i])
        meeting = (
            meetings.get(values[_ID]) if has_upcoming(values[_STAGE], values[_OUTCOME]) else None
        )
        facts.append(ContactFacts.from_columns(_NAMES, values, meeting))
    return facts


def _skipped_today(start: dt.datetime, end: dt.datetime) -> frozenset[tuple[int, str]]:
    query = Event.select(Event.contact, Event.text).where(
        Event.kind == SKIP_EVENT, Event.at >= start, Event.at < end
    )
    return frozenset((cid, text) for cid, text in database.execute_sql(*query.sql()))


def _first_request(event: Any) -> Any:
    """The condition on `event` (Event or an alias): it took someone from Identified to
    Requested, by a logged request or a move."""
    return (
        event.kind.in_(("request", "move"))
        & (event.from_stage == "identified")
        & (event.to_stage == "requested")
    )


def _requests_sent(start: dt.datetime, end: dt.datetime) -> int:
    """New first requests sent today, counted from the history (one per contact): a
    request logged or a move that took someone from Identified to Requested, who had not
    been asked before (or only before being reopened to try again, which asks afresh). A
    request sent again, a move back to Requested (a meeting that fell through) and a card
    moved back to Identified and forward again ask nobody new. One query."""
    before, reopened = Event.alias("before"), Event.alias("reopened")
    asked_afresh = fn.EXISTS(
        reopened.select(reopened.id).where(
            reopened.contact == before.contact,
            reopened.kind == "reopened",
            reopened.to_stage == "identified",
            reopened.at >= before.at,
        )
    )
    asked_before = fn.EXISTS(
        before.select(before.id).where(
            before.contact == Event.contact,
            _first_request(before),
            before.at < start,
            ~asked_afresh,
        )
    )
    return int(
        Event.select(Event.contact)
        .where(_first_request(Event), Event.at >= start, Event.at < end, ~asked_before)
        .distinct()
        .count()
    )


def today(now: dt.datetime, rules: Rules) -> Review:
    """The Today list: every line due by now in the user's day, most urgent first."""
    # One calendar per set of rules for the process: its date sums (business days, local
    # midnights) stay valid, and a review repeats them for every reload.
    moment = Now(calendar_for(rules), now)
    return domain_review.today(
        contact_facts(),
        moment,
        _skipped_today(moment.start, moment.end),
        _requests_sent(moment.start, moment.end),
    )


def week(now: dt.datetime, rules: Rules) -> Week:
    """The next seven days by day, from the stored due dates and the open meetings in the
    window (the due index by outcome, stage and due date; the scheduled contacts'
    meetings), and the people at organizations where someone waits: indexed queries that
    cost what the week holds, not the number of contacts."""
    moment = Now(calendar_for(rules), now)
    end = domain_week.window_end(moment)
    # Open contacts, and closed ones with a retry date: every (outcome, stage) pair named,
    # so SQLite walks the (outcome, stage, due_at) index for each, in the window only.
    due_columns = (Contact.id, Contact.name, Organization.name, Contact.due_kind)
    dues = []
    for outcome in (None, "declined"):
        query = (
            Contact.select(*due_columns, Contact.due_at, Contact.overdue_at)
            .join_from(
                Contact, Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id)
            )
            .where(
                (Contact.outcome.is_null() if outcome is None else Contact.outcome == outcome),
                Contact.stage.in_(STAGES),
                Contact.due_at < end,
            )
        )
        for cid, name, org, kind, at, overdue_at in database.execute_sql(*query.sql()):
            at = stored_moment(at)
            dues.append(
                domain_week.StoredDue(cid, name, org, kind, at, stored_time(overdue_at) or at)
            )
    query = upcoming_meetings(
        Contact.id,
        Contact.name,
        Organization.name,
        Meeting.starts_at,
        Meeting.minutes,
        Meeting.format,
        Meeting.confirmed,
    ).join_from(
        Contact, Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id)
    )
    query = query.where(Meeting.starts_at >= moment.start, Meeting.starts_at < end)
    slots = [
        domain_week.Slot(cid, name, org, stored_moment(at), minutes, format_, bool(confirmed))
        for cid, name, org, at, minutes, format_, confirmed in database.execute_sql(*query.sql())
    ]
    # 3B7's "3" is about organizations, not one contact's stored due: the open people at
    # organizations where someone waits (the requested, by the stage index, and their
    # colleagues, by the organization index), for the quiet lines that fall in the week.
    waiting_at = Contact.select(Contact.organization).where(
        Contact.outcome.is_null(),
        Contact.stage == "requested",
        Contact.organization.is_null(False),
    )
    colleagues = contact_facts(
        with_meetings=False, where=Contact.outcome.is_null() & Contact.organization.in_(waiting_at)
    )
    return domain_week.week(dues, slots, moment, colleagues)


def triage(now: dt.datetime, rules: Rules) -> list[TriageRow]:
    """Everyone waiting for a reply, oldest request first, with the 3B7 advice for each."""
    return domain_triage.triage(contact_facts(with_meetings=False), Now(calendar_for(rules), now))


def perform(
    pipeline: PipelineCommands,
    item: Item,
    *,
    channel: str = "",
    at: dt.datetime | None = None,
    meeting: dict[str, Any] | None = None,
    note: str = "",
) -> Result:
    """Do what "done" means for a line: one command, so one undoable step. `note`: what
    was sent or said, for a line whose "done" logs an interaction (a touch)."""
    if item.action in ("meeting", "prepare") and item.at > pipeline.now():
        # A "prepare" line has nothing to write (the Today screen opens the prep for it).
        zone = pipeline.rules.zone()
        raise Refused(
            f"the meeting with {item.name} starts "
            f"{local(item.at, zone):%a %d %b %H:%M}; log it once it has "
            "happened (or press s to skip it for today)"
        )
    if item.action == "prepare":
        raise Refused(f"the meeting with {item.name} has started: reload to log it as held")
    if item.action == "find_other":
        raise Refused(
            f"nobody else at {item.organization} is known yet: add someone there "
            f"(a on Today, or iivboard add NAME --org ...)"
        )
    if item.action == "request":
        return pipeline.log(item.contact_id, "request", channel=channel, at=at)
    if item.action == "no_response":
        return pipeline.close(item.contact_id, "no_response", at=at)
    if item.action == "reopen":
        return pipeline.reopen(item.contact_id, at=at, ask_again=True)
    if item.action == "schedule":
        if meeting is None:
            raise Refused(f"agreeing a time with {item.name} needs the meeting's time")
        return pipeline.move(item.contact_id, "scheduled", at=at, meeting=meeting)
    return pipeline.log(item.contact_id, item.action, channel=channel, at=at, note=note)
