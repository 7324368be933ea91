"""The Today list: every line due by now in the user's day, most urgent first, assembled
from the facts the app loaded and the rules in rules/registry.py.

A contact is on Today from its rule's `listed_from` (the start of the day its stored due
falls on, or a documented heads-up), unless it is snoozed (back when the snooze ends) or
skipped for today (back at the next local midnight).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from iivboard.domain.calendar import Now
from iivboard.domain.facts import ContactFacts, organizations
from iivboard.domain.rules import outreach, registry
from iivboard.domain.rules.base import LEVELS, Action, ContactRule, Due, Pending, Scope

SKIP_EVENT = "skipped"  # the history event of a skip; its text is the skip key
_LEVEL_ORDER = {level: i for i, level in enumerate(LEVELS)}


@dataclass(frozen=True)
class Item:
    """One line of the Today list."""

    group: str
    contact_id: int
    name: str
    organization: str | None
    why: str
    level: str  # overdue, due, soon or ''
    at: dt.datetime  # naive UTC: when it fell or falls due (for a meeting, its start)
    act: Action  # what "done" does
    skip_key: str  # what "skip for today" hides for this contact
    kind: str  # the rule's kind: for a contact's own reminder, its stored due_kind
    stored: Due | None = field(default=None, compare=False)  # that stored due, snooze included
    seen: Now | None = field(default=None, compare=False, repr=False)  # the list's moment

    @property
    def card_words(self) -> str:
        """What the contact's card says of the same due ('' for a list rule's line); worked
        out when asked, as few lines are ever looked at this way."""
        if self.stored is None or self.seen is None:
            return ""
        rule = registry.BY_KIND[self.kind]
        return rule.card(self.stored, self.seen)[0] if isinstance(rule, ContactRule) else ""

    @property
    def action(self) -> str:
        return self.act.key

    @property
    def done_words(self) -> str:
        return self.act.done

    def short(self) -> str:
        """What is to be done, in a few words: "follow up with Ada Okafor (Acme)"."""
        org = f" ({self.organization})" if self.organization else ""
        return self.act.short.format(name=self.name + org)

    def line(self) -> str:
        """`#12 Ada Okafor (Acme): why` - the same words on the screen and in `due`."""
        org = f" ({self.organization})" if self.organization else ""
        return f"#{self.contact_id} {self.name}{org}: {self.why}"


@dataclass(frozen=True)
class Review:
    now: dt.datetime  # naive UTC
    today: dt.date  # in the user's zone
    items: list[Item]
    goal: int  # new requests a day
    sent_today: int
    skipped: int  # lines hidden for today with "skip"
    next_item: Item | None  # what falls due next when the list is empty or not
    next_at: dt.datetime | None  # naive UTC: when next_item enters the list
    outreach_note: str  # why there are fewer suggestions than the goal, or ''

    @property
    def left(self) -> int:
        return len(self.items)

    def groups(self) -> list[tuple[str, list[Item]]]:
        found: dict[str, list[Item]] = {}
        for item in self.items:
            found.setdefault(item.group, []).append(item)
        return [(g.key, found[g.key]) for g in registry.GROUPS if g.key in found]

    def group_title(self, group: str) -> str:
        title = next(g.title for g in registry.GROUPS if g.key == group)
        return title.format(sent=self.sent_today, goal=self.goal)

    def headline(self) -> str:
        day = f"{self.today:%A %d %B %Y}"
        if not self.items:
            # "Nothing due" must not hide the lines skipped for today (an unmet outreach
            # goal has its own footnote under the list).
            if self.skipped:
                lines = f"{self.skipped} line{'s' if self.skipped != 1 else ''}"
                return f"{day}: nothing due today ({lines} skipped)."
            return f"{day}: nothing due today."
        skipped = f" ({self.skipped} skipped)" if self.skipped else ""
        return f"{day}: {self.left} to do{skipped}"

    def footnotes(self, zone: dt.tzinfo) -> list[str]:
        """What the list says besides its lines: the outreach state and what comes next."""
        notes = []
        if self.goal and self.sent_today >= self.goal:
            notes.append(
                f"Outreach: goal met, {self.sent_today} of {self.goal} requests sent today."
            )
        elif self.outreach_note:
            notes.append(
                f"Outreach: {self.sent_today} of {self.goal} requests sent today; "
                f"{self.outreach_note}."
            )
        if self.next_item is not None and self.next_at is not None:
            when = self.next_at.replace(tzinfo=dt.UTC).astimezone(zone)
            short = self.next_item.short()
            # A short form that ends in its own mark ("move on from X?") takes no full stop.
            notes.append(f"Next due {when:%a %d %b}: {short}{'' if short[-1:] in '?!.' else '.'}")
        elif not self.items:
            notes.append("Nothing else is coming up.")
        return notes

    def text_lines(self, zone: dt.tzinfo) -> list[str]:
        """The whole list as plain lines, for `iivboard due`."""
        lines = [self.headline()]
        for group, items in self.groups():
            lines += ["", self.group_title(group)]
            lines += [f" {'!' if i.level == 'overdue' else ' '} {i.line()}" for i in items]
        notes = self.footnotes(zone)
        if notes:
            lines += [""] + notes
        return lines


def pending_for(contact: ContactFacts, now: Now) -> Pending | None:
    """The contact's own reminder as a line that is or will be on Today."""
    found = registry.find_due(contact, now.cal)
    if found is None:
        return None
    rule, due = found
    return Pending(
        rule, contact, due, rule.listed_from(contact, due, now.cal), rule.order(contact, due)
    )


def item(pending: Pending, now: Now) -> Item:
    c, rule, due, line = pending.contact, pending.rule, pending.due, pending.line
    stored = None
    at = due.at
    if isinstance(rule, ContactRule):
        line = rule.line(c, due, now)
        stored = registry.snoozed(due, c.snoozed_until)
        at = rule.moment(due)
    assert line is not None  # a list rule words its lines as it makes them
    return Item(
        rule.group.key,
        c.id,
        c.name,
        c.org,
        line.why,
        line.level,
        at,
        line.action,
        rule.skip_key,
        rule.kind,
        stored,
        now,
    )


def listed_from(pending: Pending, now: Now, skipped: frozenset[tuple[int, str]]) -> dt.datetime:
    """When the line is on Today, snooze and skip included: a snoozed line is back when the
    snooze ends, a skipped one at the next local midnight."""
    shown = pending.listed_from
    until = pending.contact.snoozed_until
    if until is not None and until > shown:
        shown = until
    if (pending.contact.id, pending.rule.skip_key) in skipped:
        shown = max(shown, now.end)
    return shown


def today(
    contacts: list[ContactFacts],
    now: Now,
    skipped: frozenset[tuple[int, str]],
    sent_today: int,
) -> Review:
    """The Today list for `contacts` (the open ones and the closed ones to try again) at
    `now`; `skipped` holds (contact id, skip key) pairs skipped today."""
    rules = now.rules
    pending = [p for p in (pending_for(c, now) for c in contacts) if p is not None]
    remaining = max(0, rules.daily_request_goal - sent_today)
    scope = Scope(contacts, organizations(contacts), now, skipped, remaining)
    for rule in registry.LIST_RULES:
        pending += rule.pending(scope)

    listed: list[Pending] = []
    upcoming: list[tuple[dt.datetime, Pending]] = []
    hidden = 0
    for p in pending:
        shown = listed_from(p, now, skipped)
        if shown > now.now and (p.contact.id, p.rule.skip_key) in skipped:
            # Skipped, and it would be listed now were it not: one line hidden for today.
            hidden += listed_from(p, now, frozenset()) <= now.now
        if shown <= now.now:
            listed.append(p)
        else:
            upcoming.append((shown, p))
    # An identified contact skipped for today is one suggestion fewer, whether or not the
    # goal would have reached it.
    hidden += sum(
        1
        for c in contacts
        if c.stage == "identified" and c.outcome is None and (c.id, "request") in skipped
    )

    suggested = sum(1 for p in listed if p.rule is outreach.RULE)
    note = ""
    if remaining > suggested:
        free = sum(
            1
            for c in contacts
            if c.stage == "identified" and c.outcome is None and scope.available(c)
        )
        could = len(outreach.candidates(scope))
        # 3B7 asks one person at a time per organization, so the goal needs breadth.
        note = (
            "no one identified to ask: add people"
            if free == 0
            else ("no one" if could == 0 else f"only {could}") + " to suggest: the others "
            "work where a request still waits for a reply; add people elsewhere"
        )

    shown_items = [(p.order, item(p, now)) for p in listed]
    shown_items.sort(
        key=lambda pair: (
            registry.GROUP_ORDER[pair[1].group],
            _LEVEL_ORDER[pair[1].level],
            pair[0],
            pair[1].name.casefold(),
        )
    )
    next_item = next_at = None
    if upcoming:
        next_at, first = min(upcoming, key=lambda pair: (pair[0], pair[1].contact.name))
        next_item = item(first, now)
    return Review(
        now.now,
        now.today,
        [i for _, i in shown_items],
        rules.daily_request_goal,
        sent_today,
        hidden,
        next_item,
        next_at,
        note,
    )
