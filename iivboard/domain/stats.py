"""The numbers behind the board: the funnel, replies, the weekly rhythm, referrals.

Every figure is worked out here from the history lines and the referral links that the
app loads (no database here: every figure can be tested exactly). Because the history keeps every arrival in a stage, a
contact that moved back, was closed or was reopened still counts exactly once for each
stage it ever reached.

What counts as what (the README's "Stats" section says the same for users):
- reaching a stage: any history line that put the contact there (added, move, a logged
  request / meeting / thank-you / touch that advanced), except "reopened", which only
  puts a closed contact back where it already was, and a cancelled meeting's return to
  requested;
- a request: a new request to someone, that is an arrival in "requested" from
  "identified" or from nowhere (added or imported there); a request sent again, and a move
  back to "requested" (a meeting that fell through), ask nobody new and do not count;
- a reply: after a request, a logged reply, a confirmed or held meeting, an arrival in
  scheduled or later, or a close as declined (a "no" is an answer);
- a meeting held: a logged meeting, or any arrival in "met".
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from iivboard.domain import calendar
from iivboard.domain.policy import Rules
from iivboard.domain.stages import MEETING_CANCELLED, STAGES

WEEKS = 12
_ANSWER_KINDS = frozenset({"reply", "confirm", "meeting", "declined"})
_ANSWER_STAGES = frozenset(STAGES[STAGES.index("scheduled") :])


class HistoryLine(NamedTuple):
    contact_id: int
    kind: str
    at: dt.datetime  # naive UTC
    to_stage: str | None
    from_stage: str | None = None


# Lines that put a contact back where it had already been: a closed contact reopened, a
# cancelled meeting sending it back to requested (no new request was sent).
_RETURNS = frozenset({"reopened", MEETING_CANCELLED})


def _arrival(line: HistoryLine) -> str | None:
    """The stage this line put the contact in, if it is a real arrival."""
    return line.to_stage if line.kind not in _RETURNS else None


def _is_request(line: HistoryLine) -> bool:
    return _arrival(line) == "requested" and line.from_stage in (None, "identified")


def is_request_sent(line: HistoryLine) -> bool:
    """A request went out to the contact: a new request, or one logged again (which
    restarts 3B7); a move back to requested or a cancelled meeting sends nothing."""
    return line.kind == "request" or _is_request(line)


def last_request(lines: Iterable[HistoryLine]) -> tuple[int, int] | None:
    """Where a contact's latest request sent is in their history (oldest line first), and
    the follow-ups logged after it: what "Request sent" says even when a cancelled meeting
    restarted the 3B7 clock on the contact's row."""
    found: int | None = None
    followups = 0
    for position, line in enumerate(lines):
        if is_request_sent(line):
            found, followups = position, 0
        elif line.kind == "follow_up" and found is not None:
            followups += 1
    return None if found is None else (found, followups)


def _is_answer(line: HistoryLine) -> bool:
    return line.kind in _ANSWER_KINDS or _arrival(line) in _ANSWER_STAGES


def _is_meeting(line: HistoryLine) -> bool:
    return line.kind == "meeting" or _arrival(line) == "met"


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class StageCount:
    stage: str
    reached: int  # contacts that ever arrived in this stage
    went_further: int  # of those, how many also reached any later stage

    @property
    def conversion(self) -> float | None:
        if self.stage == STAGES[-1] or not self.reached:
            return None
        return self.went_further / self.reached


@dataclass(frozen=True)
class Replies:
    requested: int  # contacts a request was sent to
    replied: int
    followed_up: int  # contacts that needed at least one follow-up after their request
    replied_after_follow_up: int
    business_days: tuple[int, ...]  # per reply: business days from the request it answered

    @property
    def rate(self) -> float | None:
        return self.replied / self.requested if self.requested else None

    @property
    def median_business_days(self) -> float | None:
        return float(statistics.median(self.business_days)) if self.business_days else None


@dataclass(frozen=True)
class Weekly:
    starts: tuple[dt.date, ...]  # the Monday (local time) each week begins
    meetings: tuple[int, ...]
    requests: tuple[int, ...]


@dataclass(frozen=True)
class OrgCount:
    name: str
    requested: int  # contacts there a request was sent to
    replied: int  # of those, how many replied
    meetings: int  # meetings held with people there


@dataclass(frozen=True)
class Stats:
    now: dt.datetime  # naive UTC
    since: dt.datetime | None  # naive UTC; None means the whole history
    funnel: tuple[StageCount, ...]
    replies: Replies
    weekly: Weekly
    meetings: int  # meetings held in the period
    referrals: int  # contacts added in the period that someone referred
    organizations: tuple[OrgCount, ...] = field(default=())

    @property
    def referrals_per_meeting(self) -> float | None:
        return self.referrals / self.meetings if self.meetings else None

    def by_meetings(self) -> list[OrgCount]:
        return sorted(
            (o for o in self.organizations if o.meetings),
            key=lambda o: (-o.meetings, -o.replied, o.name.lower()),
        )

    def by_replies(self) -> list[OrgCount]:
        return sorted(
            (o for o in self.organizations if o.replied),
            key=lambda o: (-o.replied, -o.meetings, o.name.lower()),
        )

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape printed by `iivboard stats --json` (see README "Stats")."""
        return {
            "now": calendar.iso(self.now),
            "since": calendar.iso(self.since),
            "funnel": [
                {
                    "stage": s.stage,
                    "reached": s.reached,
                    "went_further": s.went_further,
                    "conversion": _ratio(s.conversion),
                }
                for s in self.funnel
            ],
            "requests": {
                "contacts": self.replies.requested,
                "replied": self.replies.replied,
                "reply_rate": _ratio(self.replies.rate),
                "median_business_days_to_reply": self.replies.median_business_days,
                "followed_up": self.replies.followed_up,
                "replied_after_follow_up": self.replies.replied_after_follow_up,
            },
            "weekly": {
                "week_starts": [d.isoformat() for d in self.weekly.starts],
                "meetings": list(self.weekly.meetings),
                "requests": list(self.weekly.requests),
            },
            "meetings_held": self.meetings,
            "referrals": {
                "gained": self.referrals,
                "per_meeting": _ratio(self.referrals_per_meeting),
            },
            "organizations": [
                {
                    "name": o.name,
                    "requested": o.requested,
                    "replied": o.replied,
                    "meetings": o.meetings,
                }
                for o in sorted(
                    self.organizations, key=lambda o: (-o.meetings, -o.replied, o.name.lower())
                )
            ],
        }


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def summarize(
    lines: Iterable[HistoryLine],
    orgs: dict[int, str | None],
    referrals: int,
    now: dt.datetime,
    rules: Rules,
    since: dt.datetime | None = None,
    weeks: int = WEEKS,
) -> Stats:
    """The figures from history lines in time order (no database: easy to test and fast)."""
    zone = rules.zone()
    per_contact: dict[int, list[HistoryLine]] = {}
    for line in lines:
        per_contact.setdefault(line.contact_id, []).append(line)

    reached = dict.fromkeys(STAGES, 0)
    further = dict.fromkeys(STAGES, 0)
    rank = {stage: i for i, stage in enumerate(STAGES)}
    business = calendar.BusinessDayCounter(rules.holidays)
    days_to_reply: list[int] = []
    counted_requests = replied = followed_up = after_follow_up = 0
    org_counts: dict[str, list[int]] = {}
    meetings_total = 0
    weekly = _WeekBuckets(now, since, weeks, zone)

    for contact_id, history in per_contact.items():
        stages = {s for s in map(_arrival, history) if s is not None}
        top = max((rank[s] for s in stages), default=-1)
        for stage in stages:
            reached[stage] += 1
            if rank[stage] < top:
                further[stage] += 1

        requests = [line.at for line in history if _is_request(line)]
        meetings = [line.at for line in history if _is_meeting(line)]
        meetings_total += len(meetings)
        weekly.add("requests", requests)
        weekly.add("meetings", meetings)
        answer = None
        if requests:
            counted_requests += 1
            first = requests[0]
            answer = next(
                (line.at for line in history if line.at >= first and _is_answer(line)), None
            )
            follow_ups = [
                line.at for line in history if line.kind == "follow_up" and line.at >= first
            ]
            if answer is not None:
                replied += 1
                asked = max(at for at in requests if at <= answer)
                days_to_reply.append(
                    business.between(
                        calendar.local(asked, zone).date(), calendar.local(answer, zone).date()
                    )
                )
            if follow_ups:
                followed_up += 1
                if answer is not None and answer >= follow_ups[0]:
                    after_follow_up += 1
        org = orgs.get(contact_id)
        if org is not None and (requests or meetings):
            counts = org_counts.setdefault(org, [0, 0, 0])
            counts[0] += bool(requests)
            counts[1] += answer is not None
            counts[2] += len(meetings)

    funnel = tuple(StageCount(s, reached[s], further[s]) for s in STAGES)
    replies = Replies(
        counted_requests, replied, followed_up, after_follow_up, tuple(sorted(days_to_reply))
    )
    organizations = tuple(OrgCount(name, *counts) for name, counts in org_counts.items())
    return Stats(
        now, since, funnel, replies, weekly.result(), meetings_total, referrals, organizations
    )


class _WeekBuckets:
    """Counts per local week (Monday first), for the last `weeks` weeks up to `now`.

    With a `since`, the series starts no earlier than the week `since` falls in.
    """

    def __init__(
        self, now: dt.datetime, since: dt.datetime | None, weeks: int, zone: dt.tzinfo
    ) -> None:
        self.zone = zone
        this_week = _monday(calendar.local(now, zone).date())
        first = this_week - dt.timedelta(weeks=max(weeks, 1) - 1)
        if since is not None:
            first = min(max(first, _monday(calendar.local(since, zone).date())), this_week)
        self.first = first
        self.count = (this_week - first).days // 7 + 1
        self.series = {"meetings": [0] * self.count, "requests": [0] * self.count}

    def add(self, name: str, moments: list[dt.datetime]) -> None:
        series = self.series[name]
        for moment in moments:
            index = (calendar.local(moment, self.zone).date() - self.first).days // 7
            if 0 <= index < self.count:
                series[index] += 1

    def result(self) -> Weekly:
        starts = tuple(self.first + dt.timedelta(weeks=i) for i in range(self.count))
        return Weekly(starts, tuple(self.series["meetings"]), tuple(self.series["requests"]))


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# ---------------------------------------------------------------- referral tree


@dataclass
class ReferralNode:
    id: int
    name: str
    organization: str | None
    stage: str
    outcome: str | None
    children: list[ReferralNode] = field(default_factory=list)


def build_referral_tree(
    people: dict[int, tuple[str, str | None, str, str | None, int | None]], contact_id: int
) -> ReferralNode | None:
    """Who led to whom around one contact, as a tree whose root is the first referrer.

    `people` maps a contact id to (name, organization, stage, outcome, referred_by) for at
    least the contact, its chain of referrers and everyone below it. The path from the root
    down to the contact is the chain of people who led to them; below the contact hang
    everyone they led to, and whom those led to, and so on. Each person appears once, so a
    loop in the links (A referred B, B referred A) ends the branch instead of running
    forever. None when the contact is not in `people`.
    """
    if contact_id not in people:
        return None
    nodes = {
        cid: ReferralNode(cid, name, org, stage, outcome)
        for cid, (name, org, stage, outcome, _) in people.items()
    }
    referred: dict[int, list[int]] = {}
    for cid in sorted(people):
        referred_by = people[cid][4]
        if referred_by is not None:
            referred.setdefault(referred_by, []).append(cid)

    seen = {contact_id}
    chain = [contact_id]
    up = people[contact_id][4]
    while up is not None and up in people and up not in seen:
        seen.add(up)
        chain.append(up)
        up = people[up][4]
    chain.reverse()
    for upper, lower in itertools.pairwise(chain):
        nodes[upper].children.append(nodes[lower])

    # Breadth first without recursion: a long chain of referrals cannot hit a depth limit.
    queue = [contact_id]
    while queue:
        current = queue.pop(0)
        for child in referred.get(current, ()):
            if child not in seen:
                seen.add(child)
                nodes[current].children.append(nodes[child])
                queue.append(child)
    return nodes[chain[0]]
