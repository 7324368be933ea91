"""A thank-you within 24 hours of the meeting, 48 at most (DOMAIN.md)."""

from __future__ import annotations

import datetime as dt

from iivboard.domain.calendar import Calendar, Now
from iivboard.domain.facts import ContactFacts
from iivboard.domain.rules.base import Action, ContactRule, Due, Line
from iivboard.domain.rules.groups import THANK_YOUS
from iivboard.domain.stages import MET_STAGES

THANK = Action("thank_you", "log the thank-you as sent (to Thanked)", "thank {name}")
THANK_AGAIN = Action("thank_you", "log the thank-you as sent", "thank {name}")


def _met_again(contact: ContactFacts) -> bool:
    """Met since the last thank-you: another meeting, held after it."""
    thanked, met = contact.thanked_at, contact.met_at
    return thanked is not None and met is not None and met > thanked


def _met(contact: ContactFacts) -> dt.datetime:
    # A contact moved to Met by hand may have no meeting logged: the move stands in.
    return contact.met_at or contact.stage_entered_at


class ThankYou(ContactRule):
    kind = "thank_you"
    group = THANK_YOUS
    word = "thank-you"
    skip_key = "thank_you"
    # Met: the thank-you for the meeting. Thanked or in touch: another meeting was held
    # since the last thank-you, which is owed again (the stage stays).
    stages = frozenset({"met", *MET_STAGES})

    def due(self, contact: ContactFacts, cal: Calendar) -> Due | None:
        if contact.stage != "met" and not _met_again(contact):
            return None
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
        action = THANK if contact.stage == "met" else THANK_AGAIN
        return Line(f"met {now.when(_met(contact))}: {text}", level, action)


RULE = ThankYou()
