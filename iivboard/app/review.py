"""The daily review (the Today list) and the triage of unanswered requests.

Both read what they need in four queries at most and then apply the pipeline rules in
plain Python, so a review of 10,000 contacts is a few scans of lists, never a query per
contact. The Today screen and `iivboard due` show exactly what `today()` returns.

Each line of the review carries what "done" means for it (ACTIONS), and `perform` does
that with one service call, so the screen and any script agree on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from peewee import JOIN

from iivboard.app.service import Result, Service, ServiceError
from iivboard.domain import pipeline
from iivboard.domain.pipeline import Rules, local, local_midnight_utc, utc
from iivboard.present.text import plural
from iivboard.storage.models import (
    Contact,
    Event,
    Meeting,
    Organization,
    database,
    prep_of,
    questions_of,
    stored_time,
)

# In order of urgency: a meeting cannot wait, a thank-you has a 48-hour limit, a
# follow-up a day, and new requests can go out at any hour.
GROUPS: tuple[tuple[str, str], ...] = (
    ("meeting", "Meetings today and tomorrow"),
    ("thank_you", "Thank-yous"),
    ("follow_up", "Follow-ups (3B7)"),
    ("quiet", "Gone quiet: reach out to another person there"),
    ("touch", "Keep in touch"),
    ("retry", "Try again"),
    ("outreach", "Today's outreach"),
)
GROUP_TITLES = dict(GROUPS)
_GROUP_ORDER = {group: i for i, (group, _) in enumerate(GROUPS)}

# What "done" does for each kind of line.
ACTIONS: dict[str, str] = {
    "confirm": "log the meeting as confirmed",
    "meeting": "log the meeting as held (to Met)",
    "thank_you": "log the thank-you as sent (to Thanked)",
    "follow_up": "log the follow-up as sent",
    "no_response": "close as no response",
    "touch": "log a touch (restarts the keep-in-touch clock)",
    "request": "log the request as sent (to Requested)",
    "reopen": "reopen the contact to ask again",
}

SHORT_WORDS: dict[str, str] = {
    "confirm": "confirm the meeting with {name}",
    "meeting": "meeting with {name}",
    "thank_you": "thank {name}",
    "follow_up": "follow up with {name}",
    "no_response": "move on from {name}?",
    "touch": "keep in touch with {name}",
    "request": "ask {name}",
    "reopen": "try {name} again",
}

SKIP_EVENT = "skipped"  # an Event whose text is the skip key; it counts until local midnight
MIN_QUESTIONS = 3  # DOMAIN: prepare 3 to 6 open-ended questions
_LEVEL_ORDER = {"overdue": 0, "due": 1, "soon": 2, "": 3}


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
    action: str  # a key of ACTIONS
    skip_key: str  # what "skip for today" hides for this contact

    @property
    def done_words(self) -> str:
        return ACTIONS[self.action]

    def short(self) -> str:
        """What is to be done, in a few words: "follow up with Ada Okafor (Acme)"."""
        org = f" ({self.organization})" if self.organization else ""
        return SHORT_WORDS[self.action].format(name=self.name + org)

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
        return [(group, found[group]) for group, _ in GROUPS if group in found]

    def group_title(self, group: str) -> str:
        if group == "outreach":
            return f"{GROUP_TITLES[group]}: {self.sent_today} of {self.goal} requests sent"
        return GROUP_TITLES[group]

    def headline(self) -> str:
        day = f"{self.today:%A %d %B %Y}"
        if not self.items:
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
            when = local(self.next_at, zone)
            notes.append(f"Next due {when:%a %d %b}: {self.next_item.short()}.")
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


@dataclass(frozen=True)
class TriageRow:
    """One unanswered request: how long it has waited and what 3B7 says to do."""

    contact_id: int
    name: str
    organization: str | None
    sent_at: dt.datetime | None  # naive UTC
    channel: str
    waited: int  # business days since the request
    followups_sent: int
    since_follow_up: int | None  # business days since the last follow-up
    snoozed_until: dt.datetime | None
    suggestion: str
    level: str


# ---------------------------------------------------------------- reading


class _Person(NamedTuple):
    id: int
    name: str
    org_id: int | None
    org: str | None
    rank: int | None
    stage: str
    outcome: str | None
    outcome_reason: str
    stage_entered_at: dt.datetime
    request_sent_at: dt.datetime | None
    request_channel: str
    followups_sent: int
    last_followup_at: dt.datetime | None
    replied_at: dt.datetime | None
    met_at: dt.datetime | None
    last_interaction_at: dt.datetime | None
    snoozed_until: dt.datetime | None
    retry_after: dt.datetime | None
    closed_at: dt.datetime | None
    referrer: str | None


_TIME_FIELDS = [
    i
    for i, name in enumerate(_Person._fields)
    if name.endswith("_at") or name in ("snoozed_until", "retry_after")
]


def _people() -> list[_Person]:
    """Open contacts (and closed ones waiting to be tried again), in one query."""
    referrer = Contact.alias("referrer")
    query = (
        Contact.select(
            Contact.id,
            Contact.name,
            Organization.id,
            Organization.name,
            Organization.rank,
            Contact.stage,
            Contact.outcome,
            Contact.outcome_reason,
            Contact.stage_entered_at,
            Contact.request_sent_at,
            Contact.request_channel,
            Contact.followups_sent,
            Contact.last_followup_at,
            Contact.replied_at,
            Contact.met_at,
            Contact.last_interaction_at,
            Contact.snoozed_until,
            Contact.retry_after,
            Contact.closed_at,
            referrer.name,
        )
        .join_from(
            Contact, Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id)
        )
        .join_from(Contact, referrer, JOIN.LEFT_OUTER, on=(Contact.referred_by == referrer.id))
        .where(Contact.outcome.is_null() | Contact.retry_after.is_null(False))
    )
    # Raw rows: peewee's per-value date parsing would be most of the time at 10,000 contacts.
    people = []
    for row in database.execute_sql(*query.sql()):
        row = list(row)
        for i in _TIME_FIELDS:
            row[i] = stored_time(row[i])
        people.append(_Person(*row))
    return people


class _Meeting(NamedTuple):
    id: int
    contact_id: int
    starts_at: dt.datetime
    minutes: int
    format: str
    confirmed: bool
    questions: str
    prep: str


def _open_meetings() -> dict[int, _Meeting]:
    """Each scheduled contact's meeting: the latest one not yet held (as the service picks)."""
    query = (
        Meeting.select(
            Meeting.id,
            Meeting.contact,
            Meeting.starts_at,
            Meeting.minutes,
            Meeting.format,
            Meeting.confirmed,
            Meeting.questions,
            Meeting.prep,
        )
        .join(Contact, on=(Meeting.contact == Contact.id))
        .where(Meeting.ended_at.is_null(), Contact.stage == "scheduled", Contact.outcome.is_null())
        .order_by(Meeting.starts_at)
    )
    found: dict[int, _Meeting] = {}
    for row in database.execute_sql(*query.sql()):
        meeting = _Meeting(
            row[0], row[1], stored_time(row[2]), row[3], row[4], bool(row[5]), row[6], row[7]
        )
        found[meeting.contact_id] = meeting  # later starts overwrite earlier ones
    return found


def _skipped_today(start: dt.datetime, end: dt.datetime) -> set[tuple[int, str]]:
    query = Event.select(Event.contact, Event.text).where(
        Event.kind == SKIP_EVENT, Event.at >= start, Event.at < end
    )
    return {(cid, text) for cid, text in database.execute_sql(*query.sql())}


def _requests_sent(start: dt.datetime, end: dt.datetime) -> int:
    """Requests logged today, counted from the history (one per contact)."""
    sent = (Event.kind == "request") | ((Event.kind == "move") & (Event.to_stage == "requested"))
    return (
        Event.select(Event.contact)
        .where(sent, Event.at >= start, Event.at < end)
        .distinct()
        .count()
    )


# ---------------------------------------------------------------- time


class _Calendar:
    """Today's bounds in the user's zone, and the date sums a review repeats thousands of
    times, remembered: contacts share a few hundred request dates."""

    def __init__(self, now: dt.datetime, rules: Rules) -> None:
        self.rules = rules
        self.zone = rules.zone()
        self.now = utc(now)
        self._offsets: dict[dt.date, dt.timedelta | bool] = {}
        self._midnights: dict[dt.date, dt.datetime] = {}
        self._added: dict[tuple[dt.date, int], dt.date] = {}
        self.today = self.local(self.now).date()
        self.business = pipeline.BusinessDayCounter(rules.holidays)
        self.start = self.midnight(self.today)
        self.end = self.midnight(self.today + dt.timedelta(days=1))

    def local(self, moment: dt.datetime) -> dt.datetime:
        """Wall-clock time in the user's zone (naive). Converting costs microseconds, and a
        zone's offset stays the same all day except on its few transition days, so each
        UTC day is converted once and only transition days convert every moment."""
        day = moment.date()
        offset = self._offsets.get(day)
        if offset is None:
            start = dt.datetime.combine(day, dt.time())
            before = local(start, self.zone).utcoffset()
            after = local(start + dt.timedelta(days=1), self.zone).utcoffset()
            offset = self._offsets[day] = before if before == after else False
        if offset is False:
            return local(moment, self.zone).replace(tzinfo=None)
        return moment + offset

    def day(self, moment: dt.datetime) -> dt.date:
        return self.local(moment).date()

    def midnight(self, day: dt.date) -> dt.datetime:
        if day not in self._midnights:
            self._midnights[day] = local_midnight_utc(day, self.zone)
        return self._midnights[day]

    def add(self, day: dt.date, days: int) -> dt.date:
        key = (day, days)
        if key not in self._added:
            self._added[key] = pipeline.add_business_days(day, days, self.rules.holidays)
        return self._added[key]

    def business_due(self, moment: dt.datetime, days: int) -> dt.datetime:
        """Local midnight starting the day `days` business days after `moment`."""
        return self.midnight(self.add(self.day(moment), days))

    def waited(self, moment: dt.datetime) -> int:
        """Business days from `moment`'s day up to today."""
        return self.business.between(self.day(moment), self.today)

    def until(self, day: dt.date) -> int:
        """Business days after today up to `day`."""
        return self.business.between(self.today, day)

    def when(self, moment: dt.datetime) -> str:
        """A moment as people say it: 'today 14:00', 'tomorrow 10:00', 'Mon 30 Nov 09:00'."""
        return f"{self.date(moment)} {self.local(moment):%H:%M}"

    def date(self, moment: dt.datetime) -> str:
        day = self.day(moment)
        days = (day - self.today).days
        return {0: "today", 1: "tomorrow", -1: "yesterday"}.get(days, f"{day:%a %d %b}")


# ---------------------------------------------------------------- the Today list


@dataclass
class _Due:
    """A line that is or will be on the list; `shown_from` is when it appears. The words
    are worked out only for the lines shown: most contacts are not due today."""

    group: str
    person: _Person
    at: dt.datetime
    shown_from: dt.datetime
    action: str
    skip_key: str
    words: Callable[[], tuple[str, str]]  # (why, level)
    order: tuple = ()

    def item(self) -> Item:
        p = self.person
        why, level = self.words()
        return Item(
            self.group, p.id, p.name, p.org, why, level, self.at, self.action, self.skip_key
        )


def _questions(meeting: _Meeting) -> str:
    questions, prep = questions_of(meeting), prep_of(meeting)
    count = len(questions)
    if count == 0:
        words = "no questions yet"
    elif count < MIN_QUESTIONS:
        words = f"{plural(count, 'question')} (prepare {MIN_QUESTIONS} to 6)"
    else:
        words = f"{count} questions ready"
    if prep:
        words += f", prep {sum(1 for done in prep.values() if done)} of {len(prep)} done"
    return words


def _meeting_due(p: _Person, m: _Meeting, cal: _Calendar) -> _Due:
    start_day = cal.day(m.starts_at)
    confirm_from = cal.midnight(start_day - dt.timedelta(days=cal.rules.confirm_days_before))
    shown_from = min(cal.midnight(start_day - dt.timedelta(days=1)), confirm_from)
    started = m.starts_at <= cal.now
    action = "confirm" if not (started or m.confirmed) else "meeting"

    def words() -> tuple[str, str]:
        head = f"{cal.when(m.starts_at)}, {m.minutes} min {m.format.replace('_', ' ')}"
        if started:
            level = "overdue" if start_day < cal.today else "due"
            return f"{head}: did it happen? log it as held", level
        if not m.confirmed:
            level = (
                "overdue"
                if start_day == cal.today
                else "due"
                if cal.now >= confirm_from
                else "soon"
            )
            confirm = {"overdue": "confirm now", "due": "confirm today"}.get(
                level, f"confirm {cal.date(confirm_from)}"
            )
            return f"{head}: not confirmed, {confirm}; {_questions(m)}", level
        level = "due" if start_day == cal.today else "soon"
        return f"{head}: confirmed; {_questions(m)}", level

    return _Due("meeting", p, m.starts_at, shown_from, action, "meeting", words, (m.starts_at,))


def _thank_you_due(p: _Person, cal: _Calendar) -> _Due:
    rules = cal.rules
    met = p.met_at or p.stage_entered_at
    due = met + dt.timedelta(hours=rules.thank_you_due_hours)
    overdue = met + dt.timedelta(hours=rules.thank_you_overdue_hours)

    def words() -> tuple[str, str]:
        if cal.now >= overdue:
            level, text = "overdue", f"thank-you overdue (due by {cal.when(due)})"
        elif cal.now >= due:
            level, text = "due", f"thank-you due, at the latest {cal.when(overdue)}"
        else:
            level, text = "soon", f"send a thank-you by {cal.when(due)}"
        return f"met {cal.when(met)}: {text}", level

    # A met contact always owes a thank-you: it is on the list from the meeting on.
    return _Due("thank_you", p, due, met, "thank_you", "thank_you", words, (due,))


def _follow_up_due(p: _Person, cal: _Calendar) -> _Due:
    rules = cal.rules
    sent = p.request_sent_at or p.stage_entered_at
    last = p.last_followup_at or sent
    first = p.followups_sent == 0
    at = cal.business_due(
        sent if first else last,
        rules.follow_up_business_days if first else rules.move_on_business_days,
    )

    def words() -> tuple[str, str]:
        level = "overdue" if cal.now >= at + dt.timedelta(days=1) else "due"
        if first:
            channel = f" by {p.request_channel.replace('_', ' ')}" if p.request_channel else ""
            return (
                f"asked {cal.date(sent)}{channel}, no reply in "
                f"{plural(cal.waited(sent), 'business day')}: follow up once"
            ), level
        return (
            f"followed up {cal.date(last)}, still no reply after "
            f"{plural(cal.waited(last), 'business day')}: move on? "
            "(close as no response)"
        ), level

    return _Due(
        "follow_up",
        p,
        at,
        at,
        "follow_up" if first else "no_response",
        "follow_up",
        words,
        (at, sent),
    )


def _touch_due(p: _Person, cal: _Calendar) -> _Due:
    last = p.last_interaction_at or p.stage_entered_at
    at = last + dt.timedelta(days=cal.rules.keep_in_touch_days)

    def words() -> tuple[str, str]:
        days = (cal.today - cal.day(last)).days
        level = "overdue" if cal.now >= at + dt.timedelta(days=7) else "due"
        return f"last contact {cal.date(last)} ({plural(days, 'day')} ago): keep in touch", level

    return _Due("touch", p, at, cal.midnight(cal.day(at)), "touch", "touch", words, (at,))


def _retry_due(p: _Person, cal: _Calendar) -> _Due:
    at = p.retry_after

    def words() -> tuple[str, str]:
        reason = (p.outcome_reason or "").replace("_", " ")
        closed = p.closed_at or p.stage_entered_at
        return (
            f"declined {cal.date(closed)}" + (f" ({reason})" if reason else "") + ": try again now"
        ), "due"

    return _Due("retry", p, at, cal.midnight(cal.day(at)), "reopen", "retry", words, (at,))


def _waiting(p: _Person) -> bool:
    """Asked and not answered: in requested with no reply since the request."""
    sent = p.request_sent_at or p.stage_entered_at
    return p.stage == "requested" and (p.replied_at is None or p.replied_at < sent)


def _suggestion_key(p: _Person) -> tuple:
    # A warm introduction first, then whoever has waited longest to be asked.
    return (p.referrer is None, p.stage_entered_at, p.name.casefold(), p.id)


def _rank_key(rank: int | None) -> tuple:
    return (rank is None, rank or 0)


def _available(p: _Person, cal: _Calendar, skipped: set[tuple[int, str]]) -> bool:
    return (p.snoozed_until is None or p.snoozed_until <= cal.now) and (
        p.id,
        "request",
    ) not in skipped


@dataclass
class _Quiet:
    org_id: int
    org: str
    rank: int | None
    waiting: list[_Person]
    last_ask: dt.datetime
    since: dt.datetime  # when the organization counts as quiet
    next_person: _Person | None


def _quiet_orgs(
    people: list[_Person], cal: _Calendar, skipped: set[tuple[int, str]]
) -> dict[int, _Quiet]:
    """Organizations where someone waits for a reply; `since` says when they went quiet.

    Quiet means 3 business days (the "3" of 3B7) since the last person there was asked,
    and no reply from anyone there since the first of those requests.
    """
    by_org: dict[int, list[_Person]] = {}
    for p in people:
        if p.org_id is not None and p.outcome is None:
            by_org.setdefault(p.org_id, []).append(p)
    quiet: dict[int, _Quiet] = {}
    for org_id, members in by_org.items():
        waiting = [p for p in members if _waiting(p)]
        if not waiting:
            continue
        asked = [p.request_sent_at or p.stage_entered_at for p in waiting]
        first_ask, last_ask = min(asked), max(asked)
        if any(p.replied_at is not None and p.replied_at >= first_ask for p in members):
            continue
        candidates = sorted(
            (p for p in members if p.stage == "identified" and _available(p, cal, skipped)),
            key=_suggestion_key,
        )
        quiet[org_id] = _Quiet(
            org_id,
            waiting[0].org,
            waiting[0].rank,
            sorted(waiting, key=lambda p: p.request_sent_at or p.stage_entered_at),
            last_ask,
            cal.business_due(last_ask, cal.rules.reach_other_business_days),
            candidates[0] if candidates else None,
        )
    return quiet


def _quiet_due(q: _Quiet, cal: _Calendar) -> _Due:
    first = q.waiting[0]
    others = f" and {plural(len(q.waiting) - 1, 'other')}" if len(q.waiting) > 1 else ""
    waited = cal.waited(q.last_ask)
    why = (
        f"no reply from {first.name}{others} in {plural(waited, 'business day')}: "
        "ask this person next"
    )
    return _Due(
        "quiet",
        q.next_person,
        q.since,
        q.since,
        "request",
        "request",
        lambda: (why, "due"),
        (_rank_key(q.rank), q.since),
    )


def _outreach(
    people: list[_Person], cal: _Calendar, skipped: set[tuple[int, str]], count: int
) -> tuple[list[_Due], int]:
    """Up to `count` people to ask today, one per organization, top targets first.

    An organization where someone is still waiting gets nobody new: after three quiet
    business days it appears under "gone quiet" instead. Returns the lines and how
    many people could have been suggested.
    """
    busy_orgs = {
        p.org_id for p in people if p.org_id is not None and p.outcome is None and _waiting(p)
    }
    best: dict[object, _Person] = {}
    for p in people:
        if p.stage != "identified" or p.outcome is not None:
            continue
        if p.org_id in busy_orgs or not _available(p, cal, skipped):
            continue
        key = p.org_id if p.org_id is not None else ("none", p.id)
        if key not in best or _suggestion_key(p) < _suggestion_key(best[key]):
            best[key] = p
    ranked = sorted(best.values(), key=lambda p: (_rank_key(p.rank), _suggestion_key(p)))
    lines = []
    for index, p in enumerate(ranked[:count]):
        reasons = []
        if p.rank is not None:
            reasons.append(f"{p.org} is #{p.rank} on your target list")
        if p.referrer:
            reasons.append(f"referred by {p.referrer}")
        why = "send a request" + (f": {'; '.join(reasons)}" if reasons else "")
        lines.append(
            _Due(
                "outreach",
                p,
                cal.start,
                cal.start,
                "request",
                "request",
                lambda why=why: (why, ""),
                (index,),
            )
        )
    return lines, len(ranked)


def today(now: dt.datetime, rules: Rules) -> Review:
    """The Today list: every line due by the end of the user's day, most urgent first."""
    cal = _Calendar(now, rules)
    people = _people()
    meetings = _open_meetings()
    skipped = _skipped_today(cal.start, cal.end)
    sent_today = _requests_sent(cal.start, cal.end)

    dues: list[_Due] = []
    for p in people:
        if p.outcome is not None:
            dues.append(_retry_due(p, cal))
        elif p.stage == "scheduled" and p.id in meetings:
            dues.append(_meeting_due(p, meetings[p.id], cal))
        elif p.stage == "met":
            dues.append(_thank_you_due(p, cal))
        elif p.stage == "requested" and _waiting(p):
            dues.append(_follow_up_due(p, cal))
        elif p.stage in ("thanked", "in_touch"):
            dues.append(_touch_due(p, cal))
    quiet = _quiet_orgs(people, cal, skipped)
    dues += [_quiet_due(q, cal) for q in quiet.values() if q.next_person is not None]

    listed: list[_Due] = []
    upcoming: list[tuple[dt.datetime, _Due]] = []
    hidden = 0
    for due in dues:
        p = due.person
        shown_from = due.shown_from
        if p.snoozed_until is not None:
            shown_from = max(shown_from, p.snoozed_until)
        if (p.id, due.skip_key) in skipped:
            hidden += shown_from <= cal.now
            shown_from = max(shown_from, cal.end)
        if shown_from <= cal.now:
            listed.append(due)
        else:
            upcoming.append((shown_from, due))

    hidden += sum(
        1
        for p in people
        if p.stage == "identified" and p.outcome is None and (p.id, "request") in skipped
    )
    remaining = max(0, rules.daily_request_goal - sent_today)
    suggestions, could = _outreach(people, cal, skipped, remaining)
    listed += suggestions
    note = ""
    if remaining > len(suggestions):
        free = sum(
            1
            for p in people
            if p.stage == "identified" and p.outcome is None and _available(p, cal, skipped)
        )
        # 3B7 asks one person at a time per organization, so the goal needs breadth.
        note = (
            "no one identified to ask: add people"
            if free == 0
            else ("no one" if could == 0 else f"only {could}") + " to suggest: the others "
            "work where a request still waits for a reply; add people elsewhere"
        )

    shown = [(due.order, due.item()) for due in listed]
    shown.sort(
        key=lambda pair: (
            _GROUP_ORDER[pair[1].group],
            _LEVEL_ORDER[pair[1].level],
            pair[0],
            pair[1].name.casefold(),
        )
    )
    items = [item for _, item in shown]
    next_item = next_at = None
    if upcoming:
        next_at, due = min(upcoming, key=lambda pair: (pair[0], pair[1].person.name))
        next_item = due.item()
    return Review(
        cal.now,
        cal.today,
        items,
        rules.daily_request_goal,
        sent_today,
        hidden,
        next_item,
        next_at,
        note,
    )


def perform(
    service: Service, item: Item, *, channel: str = "", at: dt.datetime | None = None
) -> Result:
    """Do what "done" means for a line: one service call, so one undoable step."""
    if item.action == "meeting" and item.at > service.now():
        zone = service.rules.zone()
        raise ServiceError(
            f"the meeting with {item.name} starts "
            f"{local(item.at, zone):%a %d %b %H:%M}; log it once it has "
            "happened (or press s to skip it for today)"
        )
    if item.action == "request":
        return service.log(item.contact_id, "request", channel=channel, at=at)
    if item.action == "no_response":
        return service.close(item.contact_id, "no_response", at=at)
    if item.action == "reopen":
        return service.reopen(item.contact_id, at=at, ask_again=True)
    return service.log(item.contact_id, item.action, channel=channel, at=at)


# ---------------------------------------------------------------- triage


def triage(now: dt.datetime, rules: Rules) -> list[TriageRow]:
    """Everyone waiting for a reply, oldest request first, with the 3B7 advice for each."""
    cal = _Calendar(now, rules)
    people = [p for p in _people() if p.outcome is None]
    quiet = _quiet_orgs(people, cal, set())
    rows = []
    waiting = [p for p in people if p.stage == "requested"]
    waiting.sort(key=lambda p: (p.request_sent_at or p.stage_entered_at, p.name.casefold(), p.id))
    for p in waiting:
        sent = p.request_sent_at or p.stage_entered_at
        since_follow_up = cal.waited(p.last_followup_at) if p.last_followup_at else None
        suggestion, level = _triage_advice(p, cal, quiet.get(p.org_id))
        rows.append(
            TriageRow(
                p.id,
                p.name,
                p.org,
                p.request_sent_at,
                p.request_channel.replace("_", " "),
                cal.waited(sent),
                p.followups_sent,
                since_follow_up,
                p.snoozed_until,
                suggestion,
                level,
            )
        )
    return rows


def _triage_advice(p: _Person, cal: _Calendar, quiet: _Quiet | None) -> tuple[str, str]:
    if p.snoozed_until is not None and p.snoozed_until > cal.now:
        return f"snoozed until {cal.date(p.snoozed_until)}", ""
    if not _waiting(p):
        return f"replied {cal.date(p.replied_at)}: r to schedule the meeting", "due"
    due = _follow_up_due(p, cal)
    if cal.now >= due.at:
        level = due.words()[1]
        if p.followups_sent:
            return "no reply after the follow-up: move on (n)", level
        return "follow up now (f), once", level
    in_days = plural(cal.until(cal.day(due.at)), "business day")
    if p.followups_sent:
        return f"followed up; move on in {in_days} if still silent", ""
    if quiet is not None and cal.now >= quiet.since:
        if quiet.next_person is not None:
            return (
                f"reach out to {quiet.next_person.name} at {p.org}; follow up in {in_days}"
            ), "soon"
        return f"find another person at {p.org}; follow up in {in_days}", "soon"
    return f"wait; follow up in {in_days}", ""
