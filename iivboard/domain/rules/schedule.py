"""A reply is not a meeting: "they replied, no time agreed yet" is due at once, and overdue
if no time is agreed within two business days (DOMAIN.md)."""

from __future__ import annotations

from iivboard.domain.calendar import Calendar, Now
from iivboard.domain.facts import ContactFacts
from iivboard.domain.rules.base import Action, Advice, ContactRule, Due, Line, Quiet, level_of
from iivboard.domain.rules.groups import REPLIES

AGREE_WITHIN_BUSINESS_DAYS = 2
SCHEDULE = Action(
    "schedule",
    "ask for the meeting time and schedule it (to Scheduled)",
    "agree a time with {name}",
)


class Schedule(ContactRule):
    kind = "schedule"
    group = REPLIES
    word = "replied: schedule"
    skip_key = "schedule"
    stages = frozenset({"requested"})

    def due(self, contact: ContactFacts, cal: Calendar) -> Due | None:
        if not contact.replied or contact.replied_at is None:
            return None
        at = contact.replied_at
        return Due(self.kind, at, cal.business_due(at, AGREE_WITHIN_BUSINESS_DAYS))

    def line(self, contact: ContactFacts, due: Due, now: Now) -> Line:
        # The card's own words first, so the board and the list say the same thing.
        words, _ = self.card(due, now)
        return Line(
            f"{words}: they replied {now.date(due.at)}, no time agreed yet",
            level_of(now.now, due),
            SCHEDULE,
        )

    def triage(self, contact: ContactFacts, due: Due, now: Now, quiet: Quiet | None) -> Advice:
        return Advice(
            f"replied {now.date(due.at)}: r to schedule the meeting", level_of(now.now, due)
        )


RULE = Schedule()
