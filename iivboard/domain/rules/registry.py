"""Every reminder rule, in the order of the Today list. Adding a rule is one module in this
package and one line here; the board's stored due dates, the cards' words, the header
counts, Today, Triage, `iivboard list --due` and `iivboard due` all read this list.
"""

from __future__ import annotations

import datetime as dt
import functools

from iivboard.domain.calendar import Calendar, Now, calendar_for, utc
from iivboard.domain.facts import ContactFacts
from iivboard.domain.policy import Rules
from iivboard.domain.rules import (
    confirm,
    find_other,
    follow_up,
    keep_in_touch,
    meeting,
    move_on,
    outreach,
    quiet,
    retry,
    schedule,
    thank_you,
)
from iivboard.domain.rules.base import ContactRule, Due, Group, Line, ListRule, Rule

RULES: tuple[Rule, ...] = (
    confirm.RULE,
    meeting.RULE,
    thank_you.RULE,
    schedule.RULE,
    follow_up.RULE,
    move_on.RULE,
    quiet.RULE,
    find_other.RULE,
    keep_in_touch.RULE,
    retry.RULE,
    outreach.RULE,
)

CONTACT_RULES: tuple[ContactRule, ...] = tuple(r for r in RULES if isinstance(r, ContactRule))
LIST_RULES: tuple[ListRule, ...] = tuple(r for r in RULES if isinstance(r, ListRule))
BY_KIND: dict[str, Rule] = {r.kind: r for r in RULES}
GROUPS: tuple[Group, ...] = tuple(dict.fromkeys(r.group for r in RULES))
GROUP_ORDER: dict[str, int] = {g.key: i for i, g in enumerate(GROUPS)}
# The order of urgency (RULES' order), by kind: a kind another version stored comes last.
PRECEDENCE: dict[str, int] = {r.kind: i for i, r in enumerate(RULES)}

# The contact rules that may apply, by (stage, closed): a review asks thousands of times.
_DISPATCH: dict[tuple[str, bool], tuple[ContactRule, ...]] = {}
for _rule in CONTACT_RULES:
    for _stage in _rule.stages:
        key = (_stage, _rule.closed)
        _DISPATCH[key] = (*_DISPATCH.get(key, ()), _rule)


def find_due(contact: ContactFacts, cal: Calendar) -> tuple[ContactRule, Due] | None:
    """The rule that has something due for the contact, and its due (before any snooze).
    The rules of a stage mostly exclude each other; where two apply (another meeting with
    someone met: its confirmation, and the thank-you still owed or the keep-in-touch), the
    one due first is the contact's next due, the registry's order breaking a tie."""
    found = None
    for rule in _DISPATCH.get((contact.stage, contact.outcome is not None), ()):
        due = rule.due(contact, cal)
        if due is not None and (found is None or due.at < found[1].at):
            found = rule, due
    return found


def snoozed(due: Due, until: dt.datetime | None) -> Due:
    """Snoozing hides a due until the snooze ends: it is due again from then."""
    if until is None or until <= due.at:
        return due
    return Due(due.kind, until, max(due.overdue_at, until))


def stored_due(contact: ContactFacts, rules: Rules | Calendar) -> Due | None:
    """What the board stores for a contact: its next due, snooze included."""
    cal = rules if isinstance(rules, Calendar) else calendar_for(rules)
    found = find_due(contact, cal)
    return None if found is None else snoozed(found[1], contact.snoozed_until)


def _contact_rule(kind: str) -> ContactRule:
    rule = BY_KIND.get(kind)
    if isinstance(rule, ContactRule):
        return rule
    return _unknown(kind)


def describe(
    kind: str | None,
    at: dt.datetime | None,
    overdue_at: dt.datetime | None,
    now: dt.datetime,
    rules: Rules,
) -> tuple[str, str]:
    """A stored due as a card says it ("follow up in 2 business days") and its level:
    '', 'soon', 'due' or 'overdue'."""
    if kind is None or at is None:
        return "", ""
    cal = calendar_for(rules)
    return _contact_rule(kind).card(Due(kind, at, overdue_at or at), Now(cal, now))


def urgent(
    kind: str | None,
    at: dt.datetime | None,
    overdue_at: dt.datetime | None,
    now: dt.datetime,
    rules: Rules,
) -> str | None:
    """'overdue', 'due' or None for a stored due: what the board's header counts."""
    if kind is None or at is None:
        return None
    return _contact_rule(kind).urgent(
        Due(kind, at, overdue_at or at), utc(now), calendar_for(rules)
    )


@functools.cache
def _unknown(stored: str) -> ContactRule:
    """A kind stored by another version of iivboard: shown under its own name until the
    due dates are recomputed."""

    class Unknown(ContactRule):
        kind = stored
        word = stored
        stages = frozenset()
        skip_key = ""
        group = Group("", "")

        def due(self, contact: ContactFacts, cal: Calendar) -> Due | None:
            return None

        def line(self, contact: ContactFacts, due: Due, now: Now) -> Line:
            raise NotImplementedError(stored)

    return Unknown()
