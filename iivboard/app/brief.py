"""The brief on one organization: what to read before a job interview there.

Read in five queries however many people and meetings there are (the organization, by
name as the target list commands find it; its people with who named them; their
meetings; the people they named), returned as the frozen view of domain/brief.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import platformdirs
from peewee import JOIN

from iivboard.app.calls import reflection_answers
from iivboard.app.commands.organizations import find_named
from iivboard.domain.brief import BriefMeeting, BriefPerson, OrganizationBrief
from iivboard.domain.policy import Rules
from iivboard.domain.rules import registry
from iivboard.domain.stages import STAGES
from iivboard.io import atomic
from iivboard.io.formats.errors import ExportError
from iivboard.present.brief_text import markdown_report
from iivboard.storage.models import Contact, Meeting, Organization, questions_of


def _named(name: str, organization: str | None) -> str:
    return f"{name} ({organization})" if organization else name


Row = dict[str, Any]


def _status(meeting: Row, contact: Row) -> str:
    if meeting["cancelled_at"] is not None:
        return "cancelled"
    if meeting["ended_at"] is not None:
        return "held"
    if contact["stage"] == "scheduled" and contact["outcome"] is None:
        return "coming"
    # Left open when the card moved on by hand: the meeting took place (met and later)
    # or was given up (moved back, closed).
    return "held" if STAGES.index(contact["stage"]) > STAGES.index("scheduled") else "dropped"


def _stage_order(contact: Row) -> tuple[bool, int, str]:
    """Open contacts first, furthest along first: those you know best lead the brief."""
    return (
        contact["outcome"] is not None,
        -STAGES.index(contact["stage"]),
        str(contact["name"]).casefold(),
    )


def _person(c: Row, named: list[str], now: dt.datetime, rules: Rules) -> BriefPerson:
    words, level = registry.describe(c["due_kind"], c["due_at"], c["overdue_at"], now, rules)
    referrer = c["referrer_name"]
    return BriefPerson(
        id=c["id"],
        name=c["name"],
        role=c["role"],
        stage=c["stage"],
        outcome=c["outcome"],
        outcome_reason=c["outcome_reason"],
        notes=c["notes"],
        referred_by_id=c["referred_by"],
        referred_by=None if referrer is None else _named(referrer, c["referrer_organization"]),
        referred=tuple(named),
        may_recontact=c["may_recontact"],
        offered_intro=bool(c["offered_intro"]),
        due_at=c["due_at"] if c["due_kind"] else None,
        due_words=words,
        due_level=level,
    )


def _meeting(m: Row, contact: Row) -> BriefMeeting:
    questions = questions_of(SimpleNamespace(questions=m["questions"]))
    return BriefMeeting(
        contact_id=contact["id"],
        person=contact["name"],
        starts_at=m["starts_at"],
        minutes=m["minutes"],
        format=m["format"],
        place=m["place"],
        status=_status(m, contact),
        notes=m["notes"],
        asked=tuple(q["text"] for q in questions if q["asked"]),
        not_asked=tuple(q["text"] for q in questions if not q["asked"]),
        reflection=tuple(reflection_answers(m["reflection"])),
    )


def organization_brief(name: str, now: dt.datetime, rules: Rules) -> OrganizationBrief:
    """Three queries after the two that find the organization (each joined on it, so
    their number never grows): its people with who named them, their meetings, whom they named. Rows
    come as dicts: building a model object per row cost most of the time."""
    org = find_named(name)  # as every command names an organization
    referrer = Contact.alias()
    referrer_org = Organization.alias()
    # .dicts() yields one dict per row; the stubs still say model objects.
    people = sorted(
        cast(
            Iterable[Row],
            Contact.select(
                Contact.id,
                Contact.name,
                Contact.role,
                Contact.stage,
                Contact.outcome,
                Contact.outcome_reason,
                Contact.notes,
                Contact.referred_by,
                Contact.may_recontact,
                Contact.offered_intro,
                Contact.due_kind,
                Contact.due_at,
                Contact.overdue_at,
                referrer.name.alias("referrer_name"),
                referrer_org.name.alias("referrer_organization"),
            )
            .join(referrer, JOIN.LEFT_OUTER, on=(Contact.referred_by == referrer.id))
            .join(referrer_org, JOIN.LEFT_OUTER, on=(referrer.organization == referrer_org.id))
            .where(Contact.organization == org.id)
            .dicts(),
        ),
        key=_stage_order,
    )
    by_id = {c["id"]: c for c in people}
    meetings = cast(
        Iterable[Row],
        Meeting.select(
            Meeting.contact,
            Meeting.starts_at,
            Meeting.minutes,
            Meeting.format,
            Meeting.place,
            Meeting.cancelled_at,
            Meeting.ended_at,
            Meeting.notes,
            Meeting.questions,
            Meeting.reflection,
        )
        .join(Contact, on=(Meeting.contact == Contact.id))
        .where(Contact.organization == org.id)
        .order_by(Meeting.starts_at, Meeting.id)
        .dicts(),
    )
    named: dict[int, list[str]] = {cid: [] for cid in by_id}
    referrals = cast(
        Iterable[tuple[int, str, str | None]],
        Contact.select(Contact.referred_by, Contact.name, Organization.name)
        .join(referrer, on=(Contact.referred_by == referrer.id))
        .join(Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id))
        .where(referrer.organization == org.id)
        .order_by(Contact.id)
        .tuples(),
    )
    for referred_by, person, where in referrals:
        named[referred_by].append(_named(person, where))
    return OrganizationBrief(
        as_of=now,
        name=org.name,
        rank=org.rank,
        website=org.website,
        notes=org.notes,
        people=tuple(_person(c, named[c["id"]], now, rules) for c in people),
        meetings=tuple(_meeting(m, by_id[m["contact"]]) for m in meetings),
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
