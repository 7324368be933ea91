"""Confirm a meeting the day before (`confirm_days_before`), until it is confirmed."""

from __future__ import annotations

import datetime as dt

from iivboard.domain.calendar import Calendar, Now
from iivboard.domain.facts import ContactFacts
from iivboard.domain.rules import meeting
from iivboard.domain.rules.base import ContactRule, Due, Line
from iivboard.domain.rules.groups import MEETINGS
from iivboard.domain.stages import MET_STAGES


class Confirm(ContactRule):
    kind = "confirm"
    group = MEETINGS
    word = "confirm meeting"
    skip_key = "meeting"
    # Another meeting with someone already met has the same lines as a first one.
    stages = frozenset({"scheduled", *MET_STAGES})

    def due(self, contact: ContactFacts, cal: Calendar) -> Due | None:
        m = contact.meeting
        if m is None or m.confirmed:
            return None
        day = cal.day(m.starts_at) - dt.timedelta(days=cal.rules.confirm_days_before)
        return Due(self.kind, cal.midnight(day), m.starts_at)

    def listed_from(self, contact: ContactFacts, due: Due, cal: Calendar) -> dt.datetime:
        # Heads-up: every meeting is on Today from the day before, to prepare.
        return min(due.at, meeting.day_before(due.overdue_at, cal))

    def order(self, contact: ContactFacts, due: Due) -> tuple[object, ...]:
        return (due.overdue_at,)

    def moment(self, due: Due) -> dt.datetime:
        return due.overdue_at  # the meeting's start

    def line(self, contact: ContactFacts, due: Due, now: Now) -> Line:
        return meeting.line(contact, now, confirm_from=due.at)


RULE = Confirm()
