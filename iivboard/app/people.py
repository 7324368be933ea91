"""Who is who among the contacts, by name and by team: completing a name as it is typed,
the referrer a form names, and whom else to ask at an organization.

Each is one query with a LIMIT (a form completes on every key, at any size of address
book); none loads the contacts to pick one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import cast

from peewee import JOIN

from iivboard.app.commands.cleaning import clean_line
from iivboard.domain.calendar import Now, calendar_for
from iivboard.domain.errors import NotFound, Refused
from iivboard.domain.policy import Rules
from iivboard.domain.rules.retry import hiring_conflict_advice, retry_after
from iivboard.domain.stages import STAGE_LABELS
from iivboard.storage.models import Contact, Organization

# Completion reads this many names that start as typed, then keeps those whose whole label
# ("Name (Organization)") does: enough for a few namesakes at other organizations.
_CANDIDATES = 20

_Row = tuple[int, str, str | None]


def contact_label(name: str, organization: str | None) -> str:
    """How a form names a contact: "Ana Silva (Acme)", or the name alone."""
    return f"{name} ({organization})" if organization else name


def _named(query_filter: object, limit: int) -> list[_Row]:
    """Up to `limit` contacts, open ones first, then by name. Sorted here, not in SQL: an
    ORDER BY would sort every match of a short prefix before the LIMIT applies."""
    query = (
        Contact.select(Contact.id, Contact.name, Organization.name, Contact.outcome)
        .join(Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id))
        .where(query_filter)
        .limit(limit)
        .tuples()
    )
    rows = cast(Iterable[tuple[int, str, str | None, str | None]], query)
    # Open contacts first: the one a user means is rarely someone closed long ago.
    found = sorted(rows, key=lambda r: (r[3] is not None, r[1].casefold(), r[0]))
    return [(cid, name, org) for cid, name, org, _ in found]


def _starting(prefix: str) -> object:
    # SQLite's LIKE ignores case for ASCII only: a name typed in lower case that starts with
    # another letter ("élodie") is looked up as typed and with its first letter upper.
    variants = {prefix, prefix[:1].upper() + prefix[1:]}
    condition = None
    for variant in variants:
        clause = Contact.name.startswith(variant)
        condition = clause if condition is None else condition | clause
    return condition


def label_of(contact_id: int | None) -> str:
    if contact_id is None:
        return ""
    rows = _named(Contact.id == contact_id, 1)
    return contact_label(rows[0][1], rows[0][2]) if rows else ""


def complete_contact(typed: str, exclude: int | None = None) -> str | None:
    """The label of the first contact whose label starts with `typed` (any case)."""
    try:
        typed = clean_line(typed, "referred by")
    except Refused:  # a character no name can hold (a lone surrogate, NUL): nobody
        return None
    wanted = typed.casefold()
    if not wanted.strip():
        return None
    # The name part of what was typed: the label may go on into " (Organization)".
    name_part = typed.split(" (", 1)[0]
    for cid, name, org in _named(_starting(name_part), _CANDIDATES):
        label = contact_label(name, org)
        if cid != exclude and label.casefold().startswith(wanted):
            return label
    return None


def find_contact(text: str) -> int | None:
    """The contact a form names as its label, its name alone, or "#12"; None for an empty
    field. Refused when it names nobody, or several people."""
    text = clean_line(text, "referred by")
    if not text:
        return None
    if text.startswith("#") and text[1:].isdigit():
        cid = int(text[1:])
        if not Contact.select().where(Contact.id == cid).exists():
            raise NotFound(f"no contact with id {cid}")
        return cid
    name_part, _, rest = text.rpartition(" (")
    if not (name_part and rest.endswith(")")):
        name_part = text
    # Everyone whose name starts as the name part, then compared whole in Python: SQL's
    # lower() and LIKE fold ASCII only, casefold() every letter.
    rows = _named(_starting(name_part), _CANDIDATES)
    exact = [
        cid for cid, name, org in rows if contact_label(name, org).casefold() == text.casefold()
    ]
    by_name = [cid for cid, name, _ in rows if name.casefold() == text.casefold()]
    found = exact or by_name
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"no contact called {text!r}: add them first, or leave it empty")
    if not exact:
        labels = ", ".join(contact_label(name, org) for _, name, org in rows[:4])
        raise Refused(f"{len(found)} contacts are called {text}: type which one ({labels})")
    raise Refused(f"{len(found)} contacts are {text}: type #ID (iivboard list shows the ids)")


def colleague(contact_id: int) -> str | None:
    """Someone else open at the same organization, to ask instead: one not yet asked first
    (a warm introduction before a cold one), else whoever is furthest along."""
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None or contact.organization_id is None:
        return None
    query = (
        Contact.select(Contact.name, Contact.stage)
        .where(
            Contact.organization == contact.organization_id,
            Contact.id != contact_id,
            Contact.outcome.is_null(),
        )
        .order_by(
            Contact.stage != "identified",
            Contact.referred_by.is_null(),
            Contact.stage_entered_at,
            Contact.id,
        )
        .limit(1)
        .tuples()
    )
    for name, stage in cast(Iterable[tuple[str, str]], query):
        return name if stage == "identified" else f"{name} ({STAGE_LABELS[stage].lower()})"
    return None


def decline_advice(contact_id: int, now: dt.datetime, rules: Rules) -> str:
    """After a hiring conflict: when to try again, and whom to ask meanwhile. Empty for
    any other close."""
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None or contact.retry_after is None:
        return ""
    organization = contact.organization if contact.organization_id is not None else None
    org = organization.name if organization is not None else None
    retry_on = Now(calendar_for(rules), now).date(contact.retry_after)
    return hiring_conflict_advice(contact.name, retry_on, org, colleague(contact_id))


def retry_on(now: dt.datetime, rules: Rules) -> str:
    """The day someone declining now for a hiring conflict may be asked again."""
    moment = Now(calendar_for(rules), now)
    return moment.date(retry_after(moment.now, rules.hiring_retry_weeks))
