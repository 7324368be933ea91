"""The week ahead, for Monday planning: the next seven days of the user's calendar, each with
its meetings (at their times) and the stored dues that fall on it (follow-ups, thank-yous,
confirmations, keep in touch, try again...), as the rule registry computed them.

Built from what the board stores, not from every contact's facts: each contact's next due
(snooze included) and the open meetings in the window. A due already past is on today's
row, marked, so nothing owed drops out of the view. A confirmed meeting's stored due is the
meeting itself, shown once, from the meeting. 3B7's "3" is about organizations, so the
quiet-organization lines come from the people at organizations where someone waits (ask
the next person there, or find another), on the day they join Today. Today's outreach
(new requests toward the daily goal) is worked out for today only: it is on Today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from iivboard.domain.calendar import ONE_DAY, Now
from iivboard.domain.facts import ContactFacts, organizations
from iivboard.domain.rules import find_other, quiet, registry
from iivboard.domain.rules.base import LEVELS, ContactRule, Due, Scope

DAYS = 7
_RANK = {level: i for i, level in enumerate(LEVELS)}


@dataclass(frozen=True)
class StoredDue:
    """A contact's stored next due, as the board keeps it."""

    contact_id: int
    name: str
    organization: str | None
    kind: str
    at: dt.datetime  # naive UTC
    overdue_at: dt.datetime
    words: str = ""  # what to say, for a kind no contact rule words


@dataclass(frozen=True)
class Slot:
    """An open meeting."""

    contact_id: int
    name: str
    organization: str | None
    starts_at: dt.datetime  # naive UTC
    minutes: int
    format: str
    confirmed: bool


@dataclass(frozen=True)
class Entry:
    at: dt.datetime  # naive UTC: when it falls due (a meeting: its start)
    kind: str  # the rule's kind; "meeting" for a meeting
    contact_id: int
    name: str
    organization: str | None
    words: str  # "meeting, 20 min phone, confirmed", "follow up", "thank-you overdue"
    time: str  # "14:00", or "" for a due that runs from the start of its day
    level: str  # "overdue", "due" or "" (still to come)

    def line(self) -> str:
        org = f" ({self.organization})" if self.organization else ""
        return f"#{self.contact_id} {self.name}{org}: {self.words}"


@dataclass(frozen=True)
class Day:
    day: dt.date
    entries: tuple[Entry, ...]

    def title(self, today: dt.date) -> str:
        names = {0: " (today)", 1: " (tomorrow)"}
        return f"{self.day:%a %d %b}{names.get((self.day - today).days, '')}"


@dataclass(frozen=True)
class Week:
    today: dt.date
    days: tuple[Day, ...]

    @property
    def count(self) -> int:
        return sum(len(d.entries) for d in self.days)

    def headline(self) -> str:
        last = self.days[-1].day
        busy = sum(1 for d in self.days if d.entries)
        span = f"{self.today:%a %d %b} to {last:%a %d %b %Y}"
        if not self.count:
            return f"The week ahead, {span}: nothing due."
        things = "thing" if self.count == 1 else "things"
        return f"The week ahead, {span}: {self.count} {things} on {busy} of {len(self.days)} days"

    def text_lines(self) -> list[str]:
        """The week as plain lines, for `iivboard due --week`."""
        lines = [self.headline()]
        for day in self.days:
            lines += ["", day.title(self.today)]
            if not day.entries:
                lines.append("          nothing due")
            for e in day.entries:
                mark = "!" if e.level == "overdue" else " "
                lines.append(f" {mark} {e.time or '':5}  {e.line()}")
        return lines


def _meeting_words(slot: Slot) -> str:
    state = "confirmed" if slot.confirmed else "not confirmed"
    return f"meeting, {slot.minutes} min {slot.format.replace('_', ' ')}, {state}"


def _coming(word: str) -> str:
    return word if word.endswith("?") else f"{word} due"


def _time(now: Now, at: dt.datetime) -> str:
    local = now.cal.local(at)
    return "" if local.time() == dt.time() else f"{local:%H:%M}"


# The quiet-organization lines, said for a day of the week rather than for now.
_QUIET_WORDS = {
    quiet.RULE.kind: "ask this person next: no reply from the others asked there",
    find_other.RULE.kind: "no reply: find another person there",
}


def _quiet(colleagues: list[ContactFacts], now: Now, end: dt.datetime) -> list[StoredDue]:
    """3B7's "3" as dues: when each quiet organization's line joins Today, and for whom
    (a snooze of that person included)."""
    scope = Scope(colleagues, organizations(colleagues), now, frozenset(), 0)
    found = []
    for rule in (quiet.RULE, find_other.RULE):
        for p in rule.pending(scope):
            at = max(p.listed_from, p.contact.snoozed_until or p.listed_from)
            if at < end:
                c = p.contact
                words = _QUIET_WORDS[rule.kind]
                found.append(StoredDue(c.id, c.name, c.org, rule.kind, at, at, words))
    return found


def week(
    dues: list[StoredDue],
    meetings: list[Slot],
    now: Now,
    colleagues: Sequence[ContactFacts] = (),
    days: int = DAYS,
) -> Week:
    """The `days` days from today: `dues` are the stored dues falling before the window's
    end, `meetings` the open meetings starting in it, `colleagues` the open people at the
    organizations where someone waits for a reply (for the quiet-organization lines)."""
    cal = now.cal
    first, end = now.today, window_end(now, days)
    # Each day in time order; what is owed from before today first, the most urgent first.
    dues = dues + _quiet(list(colleagues), now, end)
    by_day: dict[dt.date, list[tuple[dt.datetime, int, str, Entry]]] = {
        first + dt.timedelta(days=i): [] for i in range(days)
    }
    shown_meetings = set()
    for slot in meetings:
        if not now.start <= slot.starts_at < end:
            continue
        shown_meetings.add((slot.contact_id, slot.starts_at))
        started = slot.starts_at <= now.now
        entry = Entry(
            slot.starts_at,
            "meeting",
            slot.contact_id,
            slot.name,
            slot.organization,
            _meeting_words(slot) + (": did it happen? log it as held" if started else ""),
            f"{cal.local(slot.starts_at):%H:%M}",
            "due" if started else "",
        )
        by_day[cal.day(slot.starts_at)].append(
            (slot.starts_at, _RANK[entry.level], slot.name.casefold(), entry)
        )
    for due in dues:
        if due.at >= end:
            continue
        if due.kind == "meeting" and (due.contact_id, due.at) in shown_meetings:
            continue  # the meeting's own line says it
        rule = registry.BY_KIND.get(due.kind)
        stored = Due(due.kind, due.at, due.overdue_at)
        if isinstance(rule, ContactRule):
            level = rule.urgent(stored, now.now, cal) or ""
            # Already due: the card's words; still to come: what it is ("follow up due").
            words = rule.card(stored, now)[0] if level else _coming(rule.word)
        else:  # a quiet organization, or a kind another version stored (until recomputed)
            level, words = ("due" if due.at <= now.now else ""), due.words or due.kind
        past = due.at < now.start
        if past:
            words += f" (since {now.date(due.at)})"
        entry = Entry(
            due.at,
            due.kind,
            due.contact_id,
            due.name,
            due.organization,
            words,
            "" if past else _time(now, due.at),
            level,
        )
        # What is owed already sits on today's row, so the week starts with it.
        day = first if past else cal.day(due.at)
        by_day[day].append(
            (now.start if past else due.at, _RANK[level], due.name.casefold(), entry)
        )
    return Week(
        first,
        tuple(
            Day(day, tuple(e for *_, e in sorted(rows, key=lambda r: r[:3])))
            for day, rows in sorted(by_day.items())
        ),
    )


def window_end(now: Now, days: int = DAYS) -> dt.datetime:
    """Naive UTC of the local midnight that ends the window: what the app queries up to."""
    return now.cal.midnight(now.today + ONE_DAY * days)
