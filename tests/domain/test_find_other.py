"""3B7's "3" with nobody to ask: "find another person there" appears exactly when an
organization has gone quiet and no one but the people waiting is known there."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from iivboard.domain import review
from iivboard.domain.calendar import Calendar, Now
from iivboard.domain.facts import ContactFacts
from iivboard.domain.policy import Rules

RULES = Rules(timezone="UTC", daily_request_goal=0)
MONDAY = dt.datetime(2026, 11, 23, 9, 0)
CAL = Calendar(RULES)


def asked(cid: int, at: dt.datetime, replied_at: dt.datetime | None = None) -> ContactFacts:
    return ContactFacts(
        "requested",
        at,
        id=cid,
        name=f"Person {cid}",
        org_id=1,
        org="Acme",
        request_sent_at=at,
        replied_at=replied_at,
    )


def other(cid: int, stage: str) -> ContactFacts:
    return ContactFacts(
        stage, MONDAY - dt.timedelta(days=30), id=cid, name=f"Other {cid}", org_id=1, org="Acme"
    )


def lines(contacts: list[ContactFacts], at: dt.datetime = MONDAY) -> list[review.Item]:
    rv = review.today(contacts, Now(CAL, at), frozenset(), 0)
    return [i for i in rv.items if i.kind == "find_other"]


def test_the_line_names_the_person_waiting_and_the_organization():
    ada = asked(7, dt.datetime(2026, 11, 17, 10, 0))  # Tuesday: 3 business days by Friday
    (item,) = lines([ada])
    assert item.line() == (
        "#7 Person 7 (Acme): no reply from Person 7 at Acme in 4 business days: "
        "find another person there"
    )
    assert (item.group, item.action, item.level, item.skip_key) == (
        "quiet",
        "find_other",
        "due",
        "find_other",
    )
    assert item.short() == "find another person where Person 7 (Acme) works"
    # Someone identified there: quiet.py suggests them instead, and this line is gone.
    rv = review.today([ada, other(8, "identified")], Now(CAL, MONDAY), frozenset(), 0)
    assert [(i.kind, i.name) for i in rv.items if i.group == "quiet"] == [("quiet", "Other 8")]


def test_not_before_three_business_days():
    ada = asked(7, dt.datetime(2026, 11, 19, 10, 0))  # Thursday: due Tuesday 00:00
    assert lines([ada]) == []
    rv = review.today([ada], Now(CAL, MONDAY), frozenset(), 0)
    assert rv.next_item is not None and rv.next_item.kind == "find_other"
    assert lines([ada], dt.datetime(2026, 11, 24, 0, 0)) != []


OTHER_STAGES = st.sampled_from(["identified", "scheduled", "met", "thanked", "in_touch"])


@settings(max_examples=300, deadline=None)
@given(
    ask_days=st.lists(st.integers(0, 12), min_size=1, max_size=3),
    others=st.lists(OTHER_STAGES, max_size=2),
    reply_after=st.one_of(st.none(), st.integers(0, 12)),
    hour=st.integers(0, 23),
)
def test_the_line_appears_exactly_when_the_conditions_hold(ask_days, others, reply_after, hour):
    at = MONDAY.replace(hour=hour)
    waiting = [asked(i + 1, at - dt.timedelta(days=d)) for i, d in enumerate(ask_days)]
    contacts = list(waiting)
    first_ask = min(c.asked_at for c in waiting)
    last_ask = max(c.asked_at for c in waiting)
    replied = False
    if reply_after is not None:
        # Someone else at Acme, asked before everyone, answered `reply_after` days ago.
        reply_at = at - dt.timedelta(days=reply_after)
        early = min(first_ask, reply_at) - dt.timedelta(hours=1)
        contacts.append(asked(50, early, replied_at=reply_at))
        replied = reply_at >= first_ask
    contacts += [other(100 + i, stage) for i, stage in enumerate(others)]

    quiet_long_enough = CAL.business_due(last_ask, RULES.reach_other_business_days) <= at
    nobody_else = not others and reply_after is None
    expected = quiet_long_enough and not replied and nobody_else

    found = lines(contacts, at)
    assert bool(found) == expected
    if found:
        (item,) = found  # one line for the organization, for its longest-waiting person
        assert item.contact_id == min(waiting, key=lambda c: c.asked_at).id
    rv = review.today(contacts, Now(CAL, at), frozenset(), 0)
    kinds = {i.kind for i in rv.items if i.group == "quiet"}
    assert not {"quiet", "find_other"} <= kinds  # never both for one organization
