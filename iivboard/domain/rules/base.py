"""What a rule is: the shapes every module in this package fills in.

A contact rule gives both halves of one reminder, so they cannot drift apart:
- `due`: the stored due date (the board sorts and indexes by it, `list --due` filters on it,
  the card's words and the header counts are read from it), a pure function of the facts;
- `line`: the Today line (group, words, urgency) and the `Action` "done" performs, plus
  `listed_from`, when the line joins Today: the start of the day it falls due, unless the
  rule documents a heads-up (a meeting from the day before, a thank-you from the meeting).
A list rule (a quiet organization, today's outreach) has no stored due: it reads every
contact at once and only puts lines on Today.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from iivboard.domain.calendar import Calendar, Now
from iivboard.domain.facts import ContactFacts, OrganizationFacts

LEVELS: tuple[str, ...] = ("overdue", "due", "soon", "")  # most urgent first


@dataclass(frozen=True)
class Due:
    kind: str  # the rule's kind, stored as due_kind
    at: dt.datetime  # naive UTC: when it becomes due
    overdue_at: dt.datetime  # naive UTC: when it turns red


@dataclass(frozen=True)
class Group:
    """A section of the Today list; the registry's order of rules is the order of groups."""

    key: str
    title: str  # may name {sent} and {goal}: the outreach count


@dataclass(frozen=True)
class Action:
    """What "done" does for a line (the app performs it with one command)."""

    key: str
    done: str  # "log the follow-up as sent"
    short: str  # "follow up with {name}"


@dataclass(frozen=True)
class Line:
    why: str
    level: str  # one of LEVELS
    action: Action


class Pending(NamedTuple):
    """A line that is or will be on Today, before its words are worked out: most contacts
    are not due today, so only the listed ones pay for the words. (A tuple: a review makes
    one for each of thousands of contacts.)"""

    rule: Rule
    contact: ContactFacts
    due: Due
    listed_from: dt.datetime  # naive UTC
    order: tuple[object, ...]
    line: Line | None = None  # a list rule's words, worked out as it went


@dataclass(frozen=True)
class Scope:
    """What a list rule reads: every contact the review loaded, and who may be suggested."""

    contacts: list[ContactFacts]
    organizations: list[OrganizationFacts]
    now: Now
    skipped: frozenset[tuple[int, str]]
    remaining: int  # requests still to send today for the goal

    def available(self, contact: ContactFacts) -> bool:
        """Not snoozed and not skipped for today: may be suggested as the next to ask."""
        return not contact.snoozed_at(self.now.now) and (contact.id, "request") not in self.skipped


class Rule(ABC):
    kind: ClassVar[str]
    group: ClassVar[Group]
    skip_key: ClassVar[str] = "request"  # what "skip for today" hides


class ContactRule(Rule):
    stages: ClassVar[frozenset[str]]  # the stages it reads (closed contacts: closed = True)
    closed: ClassVar[bool] = False
    word: ClassVar[str]  # the card says "{word} due", "{word} in 2 days"
    counts_business_days: ClassVar[bool] = False  # the card counts down in business days

    @abstractmethod
    def due(self, contact: ContactFacts, cal: Calendar) -> Due | None:
        """The stored due date, or None when this rule has nothing for the contact."""

    @abstractmethod
    def line(self, contact: ContactFacts, due: Due, now: Now) -> Line:
        """The Today line for a contact this rule found due."""

    def listed_from(self, contact: ContactFacts, due: Due, cal: Calendar) -> dt.datetime:
        """When the line joins Today: from the start of the user's day it falls due."""
        return cal.day_start(due.at)

    def order(self, contact: ContactFacts, due: Due) -> tuple[object, ...]:
        return (due.at,)

    def moment(self, due: Due) -> dt.datetime:
        """The moment a Today line is about: when it fell due (a meeting: its start)."""
        return due.at

    def triage(self, contact: ContactFacts, due: Due, now: Now, quiet: Quiet | None) -> Advice:
        """What the triage suggests for a request this rule found due (requested only)."""
        raise NotImplementedError(f"{self.kind} is not a rule for requests")

    def urgent(self, due: Due, now: dt.datetime, cal: Calendar) -> str | None:
        """'overdue', 'due' or None: what the board's header counts. Always the card's level
        when that is one of the two."""
        if now >= due.overdue_at:
            return "overdue"
        return "due" if now >= due.at else None

    def card(self, due: Due, now: Now) -> tuple[str, str]:
        """Words for a card ("follow up in 2 business days") and a level from LEVELS."""
        urgent = self.urgent(due, now.now, now.cal)
        if urgent is not None:
            return f"{self.word} {urgent}", urgent
        at_local = now.cal.local(due.at)
        if self.counts_business_days:
            left = now.until(at_local.date())
            unit = "business day" if left == 1 else "business days"
            return f"{self.word} in {left} {unit}", "soon" if left <= 1 else ""
        days = (at_local.date() - now.today).days
        if days == 0:
            return f"{self.word} today {at_local:%H:%M}", "soon"
        if days == 1:
            return f"{self.word} tomorrow", "soon"
        if days < 14:
            return f"{self.word} in {days} days", ""
        return f"{self.word} {at_local:%d %b}", ""


@dataclass(frozen=True)
class Advice:
    """A triage row's suggestion."""

    words: str
    level: str


@dataclass(frozen=True)
class Quiet:
    """An organization where someone waits for a reply (3B7's "3")."""

    org: OrganizationFacts
    waiting: tuple[ContactFacts, ...]  # oldest request first
    last_ask: dt.datetime
    since: dt.datetime  # when it counts as quiet
    next_person: ContactFacts | None  # whom to ask next there


class ListRule(Rule):
    @abstractmethod
    def pending(self, scope: Scope) -> list[Pending]:
        """The lines this rule puts on Today (or will, at their listed_from)."""


def level_of(now: dt.datetime, due: Due) -> str:
    """The usual urgency of a due line: overdue once it turns red, due before."""
    return "overdue" if now >= due.overdue_at else "due"
