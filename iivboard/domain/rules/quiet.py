"""3B7's "3": an organization quiet for 3 business days since the last person there was
asked, with no reply from anyone there since the first of those requests: ask the next
person there (a warm introduction first)."""

from __future__ import annotations

from iivboard.domain.calendar import Now
from iivboard.domain.facts import ContactFacts, OrganizationFacts
from iivboard.domain.rules.base import Action, Due, Line, ListRule, Pending, Quiet, Scope
from iivboard.domain.rules.groups import QUIET
from iivboard.domain.wording import plural

REQUEST = Action("request", "log the request as sent (to Requested)", "ask {name}")


def suggestion_key(contact: ContactFacts) -> tuple[object, ...]:
    # A warm introduction first, then whoever has waited longest to be asked.
    return (contact.referrer is None, contact.stage_entered_at, contact.name.casefold(), contact.id)


def rank_key(rank: int | None) -> tuple[bool, int]:
    return (rank is None, rank or 0)


def quiet_organizations(
    organizations: list[OrganizationFacts], now: Now, available: set[int] | None = None
) -> dict[int, Quiet]:
    """Organizations where someone waits for a reply; `since` says when they went quiet.
    `available` holds who may be suggested next (None: anyone not snoozed)."""
    found: dict[int, Quiet] = {}
    for org in organizations:
        waiting = sorted((c for c in org.members if c.waiting), key=lambda c: c.asked_at)
        if not waiting:
            continue
        first_ask, last_ask = waiting[0].asked_at, max(c.asked_at for c in waiting)
        if any(c.replied_at is not None and c.replied_at >= first_ask for c in org.members):
            continue
        candidates = sorted(
            (
                c
                for c in org.members
                if c.stage == "identified"
                and (c.id in available if available is not None else not c.snoozed_at(now.now))
            ),
            key=suggestion_key,
        )
        found[org.id] = Quiet(
            org,
            tuple(waiting),
            last_ask,
            now.cal.business_due(last_ask, now.rules.reach_other_business_days),
            candidates[0] if candidates else None,
        )
    return found


def who_waits(quiet: Quiet) -> str:
    """ "Ada Okafor" or "Ada Okafor and 2 others": who has not replied there."""
    count = len(quiet.waiting)
    return quiet.waiting[0].name + (f" and {plural(count - 1, 'other')}" if count > 1 else "")


def quiet_line(
    rule: ListRule, quiet: Quiet, contact: ContactFacts, why: str, action: Action
) -> Pending:
    """A line about a quiet organization, due from when it went quiet, top targets first."""
    return Pending(
        rule,
        contact,
        Due(rule.kind, quiet.since, quiet.since),
        quiet.since,
        (rank_key(quiet.org.rank), quiet.since),
        Line(why, "due", action),
    )


class QuietOrganization(ListRule):
    kind = "quiet"
    group = QUIET

    def pending(self, scope: Scope) -> list[Pending]:
        available = {c.id for c in scope.contacts if scope.available(c)}
        lines = []
        for quiet in quiet_organizations(scope.organizations, scope.now, available).values():
            person = quiet.next_person
            if person is None:
                continue
            why = (
                f"no reply from {who_waits(quiet)} in "
                f"{plural(scope.now.waited(quiet.last_ask), 'business day')}: ask this person next"
            )
            lines.append(quiet_line(self, quiet, person, why, REQUEST))
        return lines


RULE = QuietOrganization()
