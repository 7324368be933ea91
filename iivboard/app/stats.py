"""Loading what the stats need: the history lines and the referral links, in few queries.

The figures themselves are worked out in iivboard.domain.stats.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import cast

from peewee import JOIN, Expression

from iivboard.domain.calendar import utc
from iivboard.domain.policy import Rules
from iivboard.domain.stats import (
    WEEKS,
    HistoryLine,
    ReferralNode,
    Stats,
    build_referral_tree,
    summarize,
)
from iivboard.storage.models import Contact, Event, Organization, database, stored_moment

__all__ = ["ReferralNode", "Stats", "compute", "referral_tree"]

# name, organization, stage, outcome, referred by: what build_referral_tree reads of a person
_Person = tuple[str, str | None, str, str | None, int | None]
# the id, then a _Person
_PersonRow = tuple[int, str, str | None, str, str | None, int | None]


def compute(
    now: dt.datetime, rules: Rules, since: dt.datetime | None = None, weeks: int = WEEKS
) -> Stats:
    """Every figure for the history from `since` (all of it when None) up to `now`."""
    now = utc(now)
    since = utc(since) if since is not None else None
    query = Event.select(
        Event.contact, Event.kind, Event.at, Event.to_stage, Event.from_stage
    ).order_by(Event.at, Event.id)
    if since is not None:
        query = query.where(Event.at >= since)
    # Raw rows: peewee's per-value date parsing would be most of the time at 10,000 contacts.
    lines = [
        HistoryLine(cid, kind, stored_moment(at), to_stage, from_stage)
        for cid, kind, at, to_stage, from_stage in database.execute_sql(*query.sql())
    ]
    people = cast(
        Iterator[tuple[int, int | None, dt.datetime, str | None]],
        Contact.select(Contact.id, Contact.referred_by, Contact.created_at, Organization.name)
        .join(Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id))
        .tuples()
        .iterator(),
    )
    orgs: dict[int, str | None] = {}
    referrals = 0
    for contact_id, referred_by, created_at, org in people:
        orgs[contact_id] = org
        if referred_by is not None and (since is None or created_at >= since):
            referrals += 1
    return summarize(lines, orgs, referrals, now, rules, since, weeks)


def referral_tree(contact_id: int) -> ReferralNode | None:
    """The referral tree around one contact (see build_referral_tree).

    It loads only the people in the tree: the chain up, one query per referrer, and the
    people below, one query per generation; never the whole address book.
    """
    people: dict[int, _Person] = {}

    def load(where: Expression) -> list[int]:
        query = (
            Contact.select(
                Contact.id,
                Contact.name,
                Organization.name,
                Contact.stage,
                Contact.outcome,
                Contact.referred_by,
            )
            .join(Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id))
            .where(where)
            .tuples()
        )
        found = []
        for cid, name, org, stage, outcome, referred_by in cast(Iterable[_PersonRow], query):
            if cid not in people:
                people[cid] = (name, org, stage, outcome, referred_by)
                found.append(cid)
        return found

    if not load(Contact.id == contact_id):
        return None
    up = people[contact_id][4]
    while up is not None and up not in people:
        if not load(Contact.id == up):
            break
        up = people[up][4]
    frontier = [contact_id]
    while frontier:
        frontier = load(Contact.referred_by.in_(frontier))
    return build_referral_tree(people, contact_id)
