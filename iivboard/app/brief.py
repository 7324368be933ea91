"""The brief on one organization: what to read before a job interview there.

Read in a fixed number of queries however many people and meetings there are (the
organization's names to match, its people with who named them, their meetings, the
people they named), returned as the frozen view of domain/brief.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

import platformdirs
from peewee import JOIN

from iivboard.app.calls import reflection_answers
from iivboard.domain.brief import BriefMeeting, BriefPerson, OrganizationBrief, match_organization
from iivboard.domain.policy import Rules
from iivboard.domain.rules import registry
from iivboard.domain.stages import STAGES
from iivboard.io import atomic
from iivboard.io.formats.errors import ExportError
from iivboard.present.brief_text import markdown_report
from iivboard.storage.models import Contact, Meeting, Organization, questions_of

# Each IN list stays under SQLite's variable limit, however large the organization.
_CHUNK = 500


def find_organization(name: str) -> Organization:
    """The organization a user means by `name` (see domain.brief.match_organization): one
    query for the name as typed, else one for every organization (a target list is tens)."""
    exact: Organization | None = Organization.get_or_none(
        Organization.name == " ".join(name.split())
    )
    if exact is not None:
        return exact
    every = {org.id: org for org in Organization.select()}
    found: Organization = every[match_organization(name, ((i, o.name) for i, o in every.items()))]
    return found


def _named(name: str, organization: str | None) -> str:
    return f"{name} ({organization})" if organization else name


def _status(meeting: Meeting, contact: Contact) -> str:
    if meeting.cancelled_at is not None:
        return "cancelled"
    if meeting.ended_at is not None:
        return "held"
    if contact.stage == "scheduled" and contact.outcome is None:
        return "coming"
    # Left open when the card moved on by hand: the meeting took place (met and later)
    # or was given up (moved back, closed).
    return "held" if STAGES.index(contact.stage) > STAGES.index("scheduled") else "dropped"


def _stage_order(contact: Contact) -> tuple[bool, int, str]:
    """Open contacts first, furthest along first: those you know best lead the brief."""
    return (contact.outcome is not None, -STAGES.index(contact.stage), contact.name.casefold())


def _person(c: Contact, named: list[str], now: dt.datetime, rules: Rules) -> BriefPerson:
    words, level = registry.describe(c.due_kind, c.due_at, c.overdue_at, now, rules)
    # The aliased columns of the join, set on the row by .objects().
    referrer: Any = getattr(c, "referrer_name", None)
    referrer_org: Any = getattr(c, "referrer_organization", None)
    return BriefPerson(
        id=c.id,
        name=c.name,
        role=c.role,
        stage=c.stage,
        outcome=c.outcome,
        outcome_reason=c.outcome_reason,
        notes=c.notes,
        referred_by_id=c.referred_by_id,
        referred_by=None if referrer is None else _named(referrer, referrer_org),
        referred=tuple(named),
        may_recontact=c.may_recontact,
        offered_intro=bool(c.offered_intro),
        due_at=c.due_at if c.due_kind else None,
        due_words=words,
        due_level=level,
    )


def _meeting(m: Meeting, contact: Contact) -> BriefMeeting:
    questions = questions_of(m)
    return BriefMeeting(
        contact_id=contact.id,
        person=contact.name,
        starts_at=m.starts_at,
        minutes=m.minutes,
        format=m.format,
        place=m.place,
        status=_status(m, contact),
        notes=m.notes,
        asked=tuple(q["text"] for q in questions if q["asked"]),
        not_asked=tuple(q["text"] for q in questions if not q["asked"]),
        reflection=tuple(reflection_answers(m.reflection)),
    )


def organization_brief(name: str, now: dt.datetime, rules: Rules) -> OrganizationBrief:
    org = find_organization(name)
    referrer = Contact.alias()
    referrer_org = Organization.alias()
    rows = list(
        Contact.select(
            Contact,
            referrer.name.alias("referrer_name"),
            referrer_org.name.alias("referrer_organization"),
        )
        .join(referrer, JOIN.LEFT_OUTER, on=(Contact.referred_by == referrer.id))
        .join(referrer_org, JOIN.LEFT_OUTER, on=(referrer.organization == referrer_org.id))
        .where(Contact.organization == org.id)
        .objects()
    )
    people = sorted(rows, key=_stage_order)
    ids = [c.id for c in people]
    by_id = {c.id: c for c in people}

    meetings: list[Meeting] = []
    named: dict[int, list[str]] = {cid: [] for cid in ids}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        meetings.extend(Meeting.select().where(Meeting.contact.in_(chunk)))
        referrals = cast(
            Iterable[tuple[int, str, str | None]],
            Contact.select(Contact.referred_by, Contact.name, Organization.name)
            .join(Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id))
            .where(Contact.referred_by.in_(chunk))
            .order_by(Contact.id)
            .tuples(),
        )
        for referred_by, person, where in referrals:
            named[referred_by].append(_named(person, where))
    meetings.sort(key=lambda m: (m.starts_at, m.id))
    return OrganizationBrief(
        as_of=now,
        name=org.name,
        rank=org.rank,
        website=org.website,
        notes=org.notes,
        people=tuple(_person(c, named[c.id], now, rules) for c in people),
        meetings=tuple(_meeting(m, by_id[m.contact_id]) for m in meetings),
    )


def default_markdown_path(brief: OrganizationBrief) -> Path:
    """Where the brief screen offers to save: `brief-<organization>.md` in the Documents
    folder, or home when there is none."""
    documents = platformdirs.user_documents_path()
    folder = documents if documents.is_dir() else Path.home()
    slug = re.sub(r"\W+", "-", brief.name.lower()).strip("-")[:60] or "organization"
    return folder / f"brief-{slug}.md"


def save_markdown(brief: OrganizationBrief, target: Path, zone: dt.tzinfo) -> Path:
    """The brief as Markdown, written whole or not at all, private (0600)."""
    try:
        return atomic.write_text(target, markdown_report(brief, zone))
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
