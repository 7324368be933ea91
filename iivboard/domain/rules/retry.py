"""Declined for a hiring conflict: try again after `hiring_retry_weeks`, afresh."""

from __future__ import annotations

import datetime as dt

from iivboard.domain.calendar import Calendar, Now
from iivboard.domain.facts import ContactFacts
from iivboard.domain.rules.base import Action, ContactRule, Due, Line, level_of
from iivboard.domain.rules.groups import RETRY
from iivboard.domain.stages import STAGES

REOPEN = Action("reopen", "reopen the contact to ask again", "try {name} again")
OVERDUE_AFTER = dt.timedelta(days=7)


class Retry(ContactRule):
    kind = "retry"
    group = RETRY
    word = "try again"
    skip_key = "retry"
    stages = frozenset(STAGES)
    closed = True

    def due(self, contact: ContactFacts, cal: Calendar) -> Due | None:
        at = contact.retry_after
        if at is None:
            return None
        return Due(self.kind, at, at + OVERDUE_AFTER)

    def line(self, contact: ContactFacts, due: Due, now: Now) -> Line:
        reason = (contact.outcome_reason or "").replace("_", " ")
        closed = contact.closed_at or contact.stage_entered_at
        because = f" ({reason})" if reason else ""
        return Line(
            f"declined {now.date(closed)}{because}: try again now", level_of(now.now, due), REOPEN
        )


RULE = Retry()
