"""The target list as the Organizations screen and `iivboard org list` show it.

Two queries whatever the number of organizations and contacts: the organizations with
their contacts counted by stage (one grouped join), and the names of everyone waiting
past their follow-up (through the stored due index).
"""

from __future__ import annotations

import datetime as dt

from peewee import JOIN, Case, fn

from iivboard.domain.stages import STAGES
from iivboard.domain.targets import OrganizationView
from iivboard.storage.models import Contact, Organization, database

# The stored due kinds of a request that has waited past its follow-up date (3B7's 7).
WAITING_KINDS = ("follow_up", "move_on")
CLOSED = "closed"


def target_list(now: dt.datetime) -> list[OrganizationView]:
    """Every organization, ranked ones first (1 at the top), then the others by name.
    `now` is naive UTC, as stored."""
    stage = Case(None, [(Contact.outcome.is_null(), Contact.stage)], CLOSED)
    query = (
        Organization.select(
            Organization.id,
            Organization.name,
            Organization.rank,
            Organization.website,
            Organization.notes,
            stage,
            fn.COUNT(Contact.id),
        )
        .join(Contact, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id))
        .group_by(Organization.id, stage)
    )
    heads: dict[int, tuple[str, int | None, str, str]] = {}
    tallies: dict[int, dict[str, int]] = {}
    for org_id, name, rank, website, notes, in_stage, count in database.execute_sql(*query.sql()):
        heads.setdefault(org_id, (name, rank, website, notes))
        if count:
            tallies.setdefault(org_id, {})[in_stage] = count
    waiting = _waiting(now)
    views = [
        OrganizationView(
            org_id,
            name,
            rank,
            website,
            notes,
            tuple(tallies.get(org_id, {}).get(s, 0) for s in STAGES),
            tallies.get(org_id, {}).get(CLOSED, 0),
            tuple(waiting.get(org_id, ())),
        )
        for org_id, (name, rank, website, notes) in heads.items()
    ]
    return sorted(views, key=lambda v: (v.rank is None, v.rank or 0, v.name.casefold(), v.id))


def _waiting(now: dt.datetime) -> dict[int, list[str]]:
    query = (
        Contact.select(Contact.organization, Contact.name)
        .where(
            Contact.outcome.is_null(),
            Contact.stage == "requested",
            Contact.due_kind.in_(WAITING_KINDS),
            Contact.due_at <= now,
            Contact.organization.is_null(False),
        )
        .order_by(Contact.due_at, Contact.id)
    )
    found: dict[int, list[str]] = {}
    for org_id, name in database.execute_sql(*query.sql()):
        found.setdefault(org_id, []).append(name)
    return found
