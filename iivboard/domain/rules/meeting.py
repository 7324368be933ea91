"""A confirmed meeting: on Today from the day before (prep), then log it once it is held.

The Today line for an unconfirmed meeting (confirm.py) is written here too: both show the
time, the format and the prep, and both say "did it happen?" once it has started. Before
it starts, "done" confirms it (if it is not confirmed) or opens its prep: never "held".
"""

from __future__ import annotations

import datetime as dt

from iivboard.domain.calendar import ONE_DAY, Calendar, Now
from iivboard.domain.facts import ContactFacts, MeetingFacts
from iivboard.domain.rules.base import Action, ContactRule, Due, Line
from iivboard.domain.rules.groups import MEETINGS
from iivboard.domain.stages import MET_STAGES
from iivboard.domain.wording import plural

MIN_QUESTIONS = 3  # DOMAIN: prepare 3 to 6 open-ended questions
CONFIRM = Action("confirm", "log the meeting as confirmed", "confirm the meeting with {name}")
HELD = Action("meeting", "log the meeting as held (to Met)", "meeting with {name}")
# Another meeting with someone already met: held, it is recorded and the stage stays.
HELD_AGAIN = Action(
    "meeting", "log the meeting as held (they stay in their stage)", "meeting with {name}"
)
# A confirmed meeting still to come: there is nothing to log yet, only preparing to do.
PREPARE = Action("prepare", "open the prep (it has not started)", "meeting with {name}")


def day_before(starts_at: dt.datetime, cal: Calendar) -> dt.datetime:
    return cal.midnight(cal.day(starts_at) - ONE_DAY)


def _questions(m: MeetingFacts) -> str:
    count = m.questions
    if count == 0:
        words = "no questions yet"
    elif count < MIN_QUESTIONS:
        words = f"{plural(count, 'question')} (prepare {MIN_QUESTIONS} to 6)"
    else:
        words = f"{count} questions ready"
    if m.prep_steps:
        words += f", prep {m.prep_done} of {m.prep_steps} done"
    return words


def line(contact: ContactFacts, now: Now, confirm_from: dt.datetime | None) -> Line:
    """The meeting's line; `confirm_from` is when confirming fell due, None once confirmed."""
    m = contact.meeting
    assert m is not None  # the meeting rules only find contacts with a meeting to come
    cal = now.cal
    start_day = cal.day(m.starts_at)
    head = f"{now.when(m.starts_at)}, {m.minutes} min {m.format.replace('_', ' ')}"
    if m.starts_at <= now.now:
        level = "overdue" if start_day < now.today else "due"
        held = HELD_AGAIN if contact.stage in MET_STAGES else HELD
        return Line(f"{head}: did it happen? log it as held", level, held)
    if confirm_from is not None:
        if start_day == now.today:
            level, confirm = "overdue", "confirm now"
        elif now.now >= confirm_from:
            level, confirm = "due", "confirm today"
        else:
            level, confirm = "soon", f"confirm {now.date(confirm_from)}"
        return Line(f"{head}: not confirmed, {confirm}; {_questions(m)}", level, CONFIRM)
    level = "due" if start_day == now.today else "soon"
    return Line(f"{head}: confirmed; {_questions(m)}", level, PREPARE)


class Meeting(ContactRule):
    kind = "meeting"
    group = MEETINGS
    word = "meeting"
    skip_key = "meeting"
    # Another meeting with someone already met has the same lines as a first one.
    stages = frozenset({"scheduled", *MET_STAGES})

    def due(self, contact: ContactFacts, cal: Calendar) -> Due | None:
        m = contact.meeting
        if m is None or not m.confirmed:
            return None
        return Due(self.kind, m.starts_at, m.starts_at)

    def listed_from(self, contact: ContactFacts, due: Due, cal: Calendar) -> dt.datetime:
        # Heads-up: on Today from the day before, to prepare; its due is its start.
        return day_before(due.at, cal)

    def line(self, contact: ContactFacts, due: Due, now: Now) -> Line:
        return line(contact, now, confirm_from=None)

    def urgent(self, due: Due, now: dt.datetime, cal: Calendar) -> str | None:
        # A meeting is due all its day, and overdue once a past day has it unlogged.
        day, today = cal.day(due.at), cal.day(now)
        if day == today:
            return "due"
        return "overdue" if due.at < now else None

    def card(self, due: Due, now: Now) -> tuple[str, str]:
        at_local = now.cal.local(due.at)
        level = self.urgent(due, now.now, now.cal) or "soon"
        if at_local.date() == now.today:
            return f"meeting today {at_local:%H:%M}", level
        if at_local.date() == now.today + ONE_DAY:
            return f"meeting tomorrow {at_local:%H:%M}", level
        return f"meeting {at_local:%a %d %b %H:%M}", level


RULE = Meeting()
