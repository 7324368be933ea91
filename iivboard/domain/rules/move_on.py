"""Silence after the follow-up: move on (close as no response)."""

from __future__ import annotations

from iivboard.domain.calendar import ONE_DAY, Calendar, Now
from iivboard.domain.facts import ContactFacts
from iivboard.domain.rules.base import Action, Advice, ContactRule, Due, Line, Quiet, level_of
from iivboard.domain.rules.groups import FOLLOW_UPS
from iivboard.domain.wording import plural

NO_RESPONSE = Action("no_response", "close as no response", "move on from {name}?")


class MoveOn(ContactRule):
    kind = "move_on"
    group = FOLLOW_UPS
    word = "move on?"
    skip_key = "follow_up"
    stages = frozenset({"requested"})
    counts_business_days = True

    def due(self, contact: ContactFacts, cal: Calendar) -> Due | None:
        if not contact.waiting or not contact.followups_sent:
            return None
        last = contact.last_followup_at or contact.asked_at
        at = cal.business_due(last, cal.rules.move_on_business_days)
        return Due(self.kind, at, at + ONE_DAY)

    def line(self, contact: ContactFacts, due: Due, now: Now) -> Line:
        last = contact.last_followup_at or contact.asked_at
        return Line(
            f"followed up {now.date(last)}, still no reply after "
            f"{plural(now.waited(last), 'business day')}: move on? (close as no response)",
            level_of(now.now, due),
            NO_RESPONSE,
        )

    def order(self, contact: ContactFacts, due: Due) -> tuple[object, ...]:
        return (due.at, contact.asked_at)

    def triage(self, contact: ContactFacts, due: Due, now: Now, quiet: Quiet | None) -> Advice:
        if now.now >= due.at:
            return Advice("no reply after the follow-up: move on (n)", level_of(now.now, due))
        in_days = plural(now.until(now.cal.day(due.at)), "business day")
        return Advice(f"followed up; move on in {in_days} if still silent", "")


RULE = MoveOn()
