"""The brief on one organization as a frozen view, and which organization a name means.

app/brief.py loads it; present/brief_text.py words it for the terminal, the brief screen
and a Markdown file.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from iivboard.domain.errors import NotFound, Refused

# How many candidates an ambiguous name lists before "and N more".
SHOWN_CANDIDATES = 6


class AmbiguousOrganization(Refused):
    """The name given matches several organizations; the message lists them."""


@dataclass(frozen=True)
class BriefMeeting:
    contact_id: int
    person: str
    starts_at: dt.datetime  # naive UTC, as stored
    minutes: int
    format: str
    place: str
    # held, coming, cancelled, or dropped (left open when the contact moved back or closed)
    status: str
    notes: str
    asked: tuple[str, ...]
    not_asked: tuple[str, ...]
    # (prompt, answer) from the reflection after the call; prompt "" for a line of its own
    reflection: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class BriefPerson:
    id: int
    name: str
    role: str
    stage: str
    outcome: str | None
    outcome_reason: str
    notes: str
    referred_by_id: int | None
    referred_by: str | None  # "Name (Organization)" of who named them
    referred: tuple[str, ...]  # "Name (Organization)" of everyone they named
    may_recontact: bool | None
    offered_intro: bool
    due_at: dt.datetime | None  # the stored due (naive UTC), None when nothing is due
    due_words: str  # as a card says it
    due_level: str  # '', soon, due or overdue


@dataclass(frozen=True)
class OrganizationBrief:
    as_of: dt.datetime  # the moment the due words were worded for (aware)
    name: str
    rank: int | None
    website: str
    notes: str
    people: tuple[BriefPerson, ...]  # open first, furthest along first
    meetings: tuple[BriefMeeting, ...]  # oldest first

    @property
    def held(self) -> int:
        return sum(1 for m in self.meetings if m.status == "held")

    @property
    def coming(self) -> int:
        return sum(1 for m in self.meetings if m.status == "coming")

    @property
    def open_items(self) -> tuple[BriefPerson, ...]:
        """Everyone with something due, soonest first."""
        due = [(p.due_at, p.name.casefold(), p) for p in self.people if p.due_at is not None]
        return tuple(p for _, _, p in sorted(due, key=lambda t: (t[0], t[1])))


def folded(text: str) -> str:
    """For matching names: case, accents and spacing do not count (`lumen` finds
    "Lumen", `museo` finds "Muséo")."""
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def match_organization(wanted: str, names: Iterable[tuple[int, str]]) -> int:
    """The id of the organization `wanted` means among (id, name): the one so named (case
    and accents aside), else the only one whose name contains it. NotFound, or
    AmbiguousOrganization listing the candidates."""
    key = folded(wanted)
    if not key:
        raise Refused("name an organization")
    found = [(oid, name) for oid, name in names if key in folded(name)]
    same = [(oid, name) for oid, name in found if folded(name) == key]
    if len(same) == 1:
        return same[0][0]
    if not found:
        raise NotFound(f"no organization matches {' '.join(wanted.split())!r}")
    if len(found) > 1:
        found.sort(key=lambda pair: folded(pair[1]))
        listed = ", ".join(name for _, name in found[:SHOWN_CANDIDATES])
        more = len(found) - SHOWN_CANDIDATES
        if more > 0:
            listed += f" and {more} more"
        raise AmbiguousOrganization(
            f"{' '.join(wanted.split())!r} matches {len(found)} organizations: {listed}"
        )
    return found[0][0]
