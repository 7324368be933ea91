"""Today's outreach: up to the daily goal of new requests, one per organization, top
targets first. An organization where someone still waits gets nobody new: after three
quiet business days it is under "gone quiet" instead (3B7 asks one person at a time)."""

from __future__ import annotations

from iivboard.domain.facts import ContactFacts
from iivboard.domain.rules.base import Due, Line, ListRule, Pending, Scope
from iivboard.domain.rules.groups import OUTREACH
from iivboard.domain.rules.quiet import REQUEST, rank_key, suggestion_key


def candidates(scope: Scope) -> list[ContactFacts]:
    """The best person to ask at each organization (and each person with none), best first."""
    busy = {c.org_id for c in scope.contacts if c.org_id is not None and c.waiting}
    best: dict[object, ContactFacts] = {}
    for c in scope.contacts:
        if c.stage != "identified" or c.outcome is not None:
            continue
        if c.org_id in busy or not scope.available(c):
            continue
        key: object = c.org_id if c.org_id is not None else ("none", c.id)
        if key not in best or suggestion_key(c) < suggestion_key(best[key]):
            best[key] = c
    return sorted(best.values(), key=lambda c: (rank_key(c.rank), suggestion_key(c)))


def _why(c: ContactFacts) -> str:
    reasons = []
    if c.rank is not None:
        reasons.append(f"{c.org} is #{c.rank} on your target list")
    if c.referrer:
        reasons.append(f"referred by {c.referrer}")
    return "send a request" + (f": {'; '.join(reasons)}" if reasons else "")


class Outreach(ListRule):
    kind = "outreach"
    group = OUTREACH

    def pending(self, scope: Scope) -> list[Pending]:
        start = scope.now.start
        return [
            Pending(
                self,
                c,
                Due(self.kind, start, start),
                start,
                (index,),
                Line(_why(c), "", REQUEST),
            )
            for index, c in enumerate(candidates(scope)[: scope.remaining])
        ]


RULE = Outreach()
