"""What the rules read: frozen facts about one contact, its open meeting, an organization.

The app loads these from storage (the review in a handful of queries, one contact after
each change); the rules never see a database row. All moments are naive UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class MeetingFacts:
    """A contact's open meeting (scheduled, or another one with someone already met)."""

    starts_at: dt.datetime
    confirmed: bool = False
    minutes: int = 20
    format: str = "video"
    questions: int = 0  # prepared questions
    prep_done: int = 0
    prep_steps: int = 0


@dataclass(frozen=True)
class ContactFacts:
    stage: str
    stage_entered_at: dt.datetime
    id: int = 0
    name: str = ""
    org_id: int | None = None
    org: str | None = None
    rank: int | None = None  # the organization's place on the target list
    outcome: str | None = None
    outcome_reason: str = ""
    request_sent_at: dt.datetime | None = None
    request_channel: str = ""
    followups_sent: int = 0
    last_followup_at: dt.datetime | None = None
    replied_at: dt.datetime | None = None
    met_at: dt.datetime | None = None
    thanked_at: dt.datetime | None = None
    last_interaction_at: dt.datetime | None = None
    snoozed_until: dt.datetime | None = None
    retry_after: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    referrer: str | None = None  # who named them: a warm introduction
    meeting: MeetingFacts | None = None

    @classmethod
    def from_columns(
        cls, names: tuple[str, ...], values: list[object], meeting: MeetingFacts | None
    ) -> ContactFacts:
        """Facts from a row whose columns are named `names`, which must be every field but
        `meeting`. The review builds 10,000 at once, and the generated __init__ with its
        keyword handling was half of its time; the values are the same either way."""
        facts = object.__new__(cls)
        fields = facts.__dict__
        fields.update(zip(names, values))
        fields["meeting"] = meeting
        return facts

    @property
    def asked_at(self) -> dt.datetime:
        """When they were asked; an imported "requested" contact may lack the date, and then
        the day it entered the stage stands in."""
        return self.request_sent_at or self.stage_entered_at

    @property
    def waiting(self) -> bool:
        """Asked and not answered: in requested with no reply since the request."""
        return (
            self.outcome is None
            and self.stage == "requested"
            and (self.replied_at is None or self.replied_at < self.asked_at)
        )

    @property
    def replied(self) -> bool:
        """Answered the request, and no time agreed yet (or they would be scheduled)."""
        return (
            self.outcome is None
            and self.stage == "requested"
            and self.replied_at is not None
            and self.replied_at >= self.asked_at
        )

    def snoozed_at(self, now: dt.datetime) -> bool:
        return self.snoozed_until is not None and self.snoozed_until > now


@dataclass(frozen=True)
class OrganizationFacts:
    """An organization and its open contacts, as 3B7's "3" reads them."""

    id: int
    name: str
    rank: int | None
    members: tuple[ContactFacts, ...]


def organizations(contacts: list[ContactFacts]) -> list[OrganizationFacts]:
    """The organizations the open contacts work at, each with its members."""
    by_org: dict[int, list[ContactFacts]] = {}
    for contact in contacts:
        if contact.org_id is not None and contact.outcome is None:
            by_org.setdefault(contact.org_id, []).append(contact)
    return [
        OrganizationFacts(org_id, members[0].org or "", members[0].rank, tuple(members))
        for org_id, members in by_org.items()
    ]
