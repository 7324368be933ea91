"""Declined for a hiring conflict: try again after `hiring_retry_weeks`, afresh."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from iivboard.domain.calendar import Calendar, Now
from iivboard.domain.facts import ContactFacts
from iivboard.domain.rules.base import Action, ContactRule, Due, Line, level_of
from iivboard.domain.rules.groups import RETRY
from iivboard.domain.stages import STAGES

REOPEN = Action("reopen", "reopen the contact to ask again", "try {name} again")
OVERDUE_AFTER = dt.timedelta(days=7)


def retry_after(closed_at: dt.datetime, weeks: int) -> dt.datetime:
    """When someone who declined for a hiring conflict may be asked again: the close
    command stores it and the decline dialogs announce it, from this one sum."""
    return closed_at + relativedelta(weeks=weeks)


def hiring_conflict_advice(
    name: str, retry_on: str, organization: str | None, colleague: str | None
) -> str:
    """What to do after a hiring conflict (DOMAIN.md): try someone else on that team now,
    and this person again when the hiring is over."""
    if colleague is not None:
        other = f"meanwhile ask someone else on the team: {colleague}"
    elif organization:
        other = f"meanwhile find another person at {organization}"
    else:
        other = "meanwhile find another person on that team"
    return f"try {name} again from {retry_on}; {other}"


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
