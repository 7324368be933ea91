"""The brief on one organization as a frozen view.

app/brief.py loads it; present/brief_text.py words it for the terminal, the brief screen
and a Markdown file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
