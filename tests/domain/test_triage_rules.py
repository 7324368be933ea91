"""The triage's "should this wait?", the close choices by stage and the decline advice:
rules on facts alone, so hypothesis can try any request date, follow-up and reply."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iivboard.domain import stages, triage
from iivboard.domain.calendar import Calendar, Now
from iivboard.domain.facts import ContactFacts
from iivboard.domain.policy import Rules
from iivboard.domain.rules.retry import hiring_conflict_advice, retry_after

RULES = Rules(timezone="UTC", daily_request_goal=0)
MONDAY = dt.datetime(2026, 11, 23, 9, 0)
CAL = Calendar(RULES)
MOMENTS = st.datetimes(dt.datetime(2026, 9, 1), dt.datetime(2026, 11, 23, 9, 0))


def asked(
    sent: dt.datetime,
    followups: int = 0,
    followed: dt.datetime | None = None,
    replied: dt.datetime | None = None,
) -> ContactFacts:
    return ContactFacts(
        "requested",
        sent,
        id=1,
        name="Ada",
        request_sent_at=sent,
        followups_sent=followups,
        last_followup_at=followed,
        replied_at=replied,
    )


@settings(max_examples=200, deadline=None)
@given(MOMENTS, st.booleans(), MOMENTS, st.one_of(st.none(), MOMENTS))
def test_a_follow_up_is_due_exactly_when_3b7_says_so(sent, followed_up, followed, replied):
    """Wait is empty iff no follow-up was sent, no reply since the request, and 7 business
    days have passed since it: the follow-up rule's own due, never a second computation."""
    followed = max(followed, sent)
    contact = asked(sent, int(followed_up), followed if followed_up else None, replied)
    now = Now(CAL, MONDAY)
    wait = triage.follow_up_wait(contact, now)
    answered = replied is not None and replied >= sent
    due_at = CAL.business_due(sent, RULES.follow_up_business_days)
    assert (wait == "") == (not followed_up and not answered and due_at <= MONDAY)
    if answered:
        assert wait == "they replied: agree a time instead"
    elif followed_up:
        assert "followed up once already" in wait
    elif wait:
        assert wait.startswith("follow up in ")


def test_the_wait_counts_business_days_left():
    thursday = dt.datetime(2026, 11, 19, 9, 0)  # 7 business days on: Mon 30 Nov
    assert triage.follow_up_wait(asked(thursday), Now(CAL, MONDAY)) == (
        "follow up in 5 business days"
    )


def test_triage_rows_carry_the_wait():
    rows = triage.triage(
        [asked(dt.datetime(2026, 11, 11, 9, 0)), asked(dt.datetime(2026, 11, 20, 9, 0))],
        Now(CAL, MONDAY),
    )
    assert [row.wait for row in rows] == ["", "follow up in 6 business days"]


@pytest.mark.parametrize("stage", stages.STAGES)
def test_close_choices_fit_the_stage(stage):
    choices = stages.close_choices(stage)
    outcomes = {choice.outcome for choice in choices}
    if stage == "identified":
        assert outcomes == {"not_pursuing"}
        return
    assert outcomes == set(stages.OUTCOMES)
    reasons = [c.reason for c in choices if c.outcome == "declined"]
    assert reasons == list(stages.DECLINE_REASONS)  # the one list, in its order
    assert [c.asks_note for c in choices if c.outcome == "declined"] == [
        False,
        False,
        False,
        True,
    ]


@given(
    st.sampled_from(stages.STAGES),
    st.sampled_from(stages.OUTCOMES),
    st.one_of(st.none(), st.sampled_from(stages.DECLINE_REASONS)),
)
def test_check_close_allows_exactly_what_the_dialogs_offer(stage, outcome, reason):
    offered = {(c.outcome, c.reason) for c in stages.close_choices(stage)}
    # A decline with no reason given is allowed wherever a decline is (the CLI's default).
    offered |= {("declined", None)} if ("declined", "busy") in offered else set()
    try:
        stages.check_close(None, outcome, reason, stage)
    except stages.RuleError:
        assert (outcome, reason) not in offered
    else:
        assert (outcome, reason) in offered


def test_never_asked_cannot_decline_and_a_reason_is_for_a_decline():
    with pytest.raises(stages.RuleError, match="never asked.*not_pursuing"):
        stages.check_close(None, "declined", "busy", "identified")
    with pytest.raises(stages.RuleError, match="a reason is for a decline"):
        stages.check_close(None, "no_response", "busy", "requested")
    assert stages.outcome_words("declined", "hiring_conflict") == (
        "declined: hiring for a role I may apply to"
    )
    assert stages.outcome_words("not_pursuing") == "not pursuing"


@given(st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2040, 1, 1)), st.integers(1, 52))
def test_retry_after_is_whole_weeks_later(closed, weeks):
    later = retry_after(closed, weeks)
    assert later - closed == dt.timedelta(weeks=weeks)


def test_hiring_conflict_advice_names_someone_else_or_says_find_one():
    assert hiring_conflict_advice("Lena", "Mon 18 Jan", "Acme", "Ana Silva") == (
        "try Lena again from Mon 18 Jan; meanwhile ask someone else on the team: Ana Silva"
    )
    assert hiring_conflict_advice("Lena", "Mon 18 Jan", "Acme", None) == (
        "try Lena again from Mon 18 Jan; meanwhile find another person at Acme"
    )
    assert hiring_conflict_advice("Lena", "Mon 18 Jan", None, None).endswith(
        "find another person on that team"
    )
