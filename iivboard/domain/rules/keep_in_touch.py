"""Keep in touch every 90 days (configurable); any logged contact restarts the clock."""

from __future__ import annotations

import datetime as dt

from iivboard.domain.calendar import Calendar, Now
from iivboard.domain.facts import ContactFacts
from iivboard.domain.rules.base import Action, ContactRule, Due, Line, level_of
from iivboard.domain.rules.groups import TOUCH
from iivboard.domain.wording import plural

TOUCHED = Action(
    "touch", "log a touch (restarts the keep-in-touch clock)", "keep in touch with {name}"
)
OVERDUE_AFTER = dt.timedelta(days=7)


def _last(contact: ContactFacts) -> dt.datetime:
    return contact.last_interaction_at or contact.stage_entered_at


class KeepInTouch(ContactRule):
    kind = "touch"
    group = TOUCH
    word = "touch"
    skip_key = "touch"
    stages = frozenset({"thanked", "in_touch"})

    def due(self, contact: ContactFacts, cal: Calendar) -> Due | None:
        at = _last(contact) + dt.timedelta(days=cal.rules.keep_in_touch_days)
        return Due(self.kind, at, at + OVERDUE_AFTER)

    def line(self, contact: ContactFacts, due: Due, now: Now) -> Line:
        last = _last(contact)
        days = (now.today - now.cal.day(last)).days
        return Line(
            f"last contact {now.date(last)} ({plural(days, 'day')} ago): keep in touch",
            level_of(now.now, due),
            TOUCHED,
        )


RULE = KeepInTouch()
