"""A thank-you within 24 hours of the meeting, 48 at most (DOMAIN.md)."""

from __future__ import annotations

import datetime as dt

from iivboard.domain.calendar import Calendar, Now
from iivboard.domain.facts import ContactFacts
from iivboard.domain.rules.base import Action, ContactRule, Due, Line
from iivboard.domain.rules.groups import THANK_YOUS

THANK = Action("thank_you", "log the thank-you as sent (to Thanked)", "thank {name}")


def _met(contact: ContactFacts) -> dt.datetime:
    # A contact moved to Met by hand may have no meeting logged: the move stands in.
    return contact.met_at or contact.stage_entered_at


class ThankYou(ContactRule):
    kind = "thank_you"
    group = THANK_YOUS
    word = "thank-you"
    skip_key = "thank_you"
    stages = frozenset({"met"})

    def due(self, contact: ContactFacts, cal: Calendar) -> Due | None:
        met = _met(contact)
        rules = cal.rules
        return Due(
            self.kind,
            met + dt.timedelta(hours=rules.thank_you_due_hours),
            met + dt.timedelta(hours=rules.thank_you_overdue_hours),
        )

    def listed_from(self, contact: ContactFacts, due: Due, cal: Calendar) -> dt.datetime:
        # Heads-up: a met contact owes a thank-you from the meeting on.
        return _met(contact)

    def line(self, contact: ContactFacts, due: Due, now: Now) -> Line:
        if now.now >= due.overdue_at:
            level, text = "overdue", f"thank-you overdue (due by {now.when(due.at)})"
        elif now.now >= due.at:
            level, text = "due", f"thank-you due, at the latest {now.when(due.overdue_at)}"
        else:
            level, text = "soon", f"send a thank-you by {now.when(due.at)}"
        return Line(f"met {now.when(_met(contact))}: {text}", level, THANK)


RULE = ThankYou()
