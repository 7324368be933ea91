"""The triage of unanswered requests: everyone in Requested, oldest request first, with
what their rule (follow up, move on, agree a time) says to do."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from iivboard.domain.calendar import Now
from iivboard.domain.facts import ContactFacts, organizations
from iivboard.domain.rules import registry
from iivboard.domain.rules.base import Advice, ContactRule, Due, Quiet
from iivboard.domain.rules.quiet import quiet_organizations
from iivboard.domain.wording import plural


@dataclass(frozen=True)
class TriageRow:
    """One unanswered request: how long it has waited and what 3B7 says to do."""

    contact_id: int
    name: str
    organization: str | None
    sent_at: dt.datetime | None  # naive UTC
    channel: str
    waited: int  # business days since the request
    followups_sent: int
    since_follow_up: int | None  # business days since the last follow-up
    snoozed_until: dt.datetime | None
    suggestion: str
    level: str
    kind: str  # the rule behind the suggestion: follow_up, move_on or schedule
    # Why 3B7 says a follow-up should wait ("follow up in 2 business days"); empty when a
    # follow-up is what it says now.
    wait: str = ""


Found = tuple[ContactRule, Due] | None


def follow_up_wait(contact: ContactFacts, now: Now, found: Found = None) -> str:
    """Empty when 3B7 says follow up now; else why not yet. Only the follow-up rule ever
    asks for one: once, 7 business days after the request, and only while no reply came.
    `found`: the contact's rule and due, when the caller has them already."""
    found = found or registry.find_due(contact, now.cal)
    if found is None:
        return "nothing is waiting for a follow-up"
    rule, due = found
    if rule.kind == "follow_up":
        if now.now >= due.at:
            return ""
        return f"follow up in {plural(now.until(now.cal.day(due.at)), 'business day')}"
    if rule.kind == "move_on":
        return "followed up once already: 3B7 says move on, not again"
    if rule.kind == "schedule":
        return "they replied: agree a time instead"
    return f"3B7 says {rule.kind.replace('_', ' ')}, not a follow-up"


def advice(
    contact: ContactFacts, now: Now, quiet: dict[int, Quiet], found: Found = None
) -> tuple[str, Advice]:
    """The rule behind a request's row and what it suggests; a snooze speaks first."""
    found = found or registry.find_due(contact, now.cal)
    if found is None:  # every open request has a rule; kept total all the same
        return "", Advice("", "")
    rule, due = found
    if contact.snoozed_until is not None and contact.snoozed_until > now.now:
        return rule.kind, Advice(f"snoozed until {now.date(contact.snoozed_until)}", "")
    org_quiet = quiet.get(contact.org_id) if contact.org_id is not None else None
    return rule.kind, rule.triage(contact, due, now, org_quiet)


def triage(contacts: list[ContactFacts], now: Now) -> list[TriageRow]:
    """Everyone waiting for a reply, oldest request first, with the 3B7 advice for each."""
    people = [c for c in contacts if c.outcome is None]
    quiet = quiet_organizations(organizations(people), now)
    waiting = sorted(
        (c for c in people if c.stage == "requested"),
        key=lambda c: (c.asked_at, c.name.casefold(), c.id),
    )
    rows = []
    for c in waiting:
        found = registry.find_due(c, now.cal)
        kind, said = advice(c, now, quiet, found)
        rows.append(
            TriageRow(
                c.id,
                c.name,
                c.org,
                c.request_sent_at,
                c.request_channel.replace("_", " "),
                now.waited(c.asked_at),
                c.followups_sent,
                now.waited(c.last_followup_at) if c.last_followup_at else None,
                c.snoozed_until,
                said.words,
                said.level,
                kind,
                follow_up_wait(c, now, found),
            )
        )
    return rows
