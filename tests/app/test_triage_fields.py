"""Closing by stage, reopening afresh, the hiring-conflict advice, the referrer named in a
form and a touch's note: the commands and queries behind the Triage and the forms."""

from __future__ import annotations

import datetime as dt

import pytest

from iivboard.app import review
from iivboard.domain.errors import NotDone
from iivboard.storage.models import Change, Contact, Event
from tests.app.test_review import requested


def test_someone_never_asked_closes_as_not_pursuing_only(commands, facade):
    cid = commands.contacts.add_contact("Ada", organization="Acme").contact_id
    with pytest.raises(NotDone, match="never asked"):
        facade.close(cid, "declined", reason="busy")
    with pytest.raises(NotDone, match="never asked"):
        facade.close(cid, "no_response")
    assert Contact.get_by_id(cid).outcome is None
    assert facade.close(cid, "not_pursuing", note="changed my mind").label == (
        "Closed Ada (not pursuing)"
    )
    contact = Contact.get_by_id(cid)
    assert (contact.outcome, contact.outcome_reason, contact.retry_after) == (
        "not_pursuing",
        "",
        None,
    )
    event = Event.select().where(Event.contact == cid).order_by(Event.id.desc()).get()
    assert (event.kind, event.text) == ("not_pursuing", "changed my mind")
    assert facade.decline_advice(cid) == ""


def test_declined_other_keeps_the_note(commands, facade, clock):
    cid = requested(commands, "Bo", clock() - dt.timedelta(days=2))
    label = facade.close(cid, "declined", reason="other", note="moving abroad").label
    assert label == "Closed Bo (declined: another reason)"
    event = Event.select().where(Event.contact == cid, Event.kind == "declined").get()
    assert event.text == "other moving abroad"


def test_hiring_conflict_advice_names_a_colleague_or_says_find_one(commands, facade, clock):
    lena = requested(commands, "Lena", clock() - dt.timedelta(days=2), org="Acme")
    commands.contacts.add_contact("Zed", organization="Acme")  # identified: to ask next
    commands.contacts.add_contact("Far", organization="Globex")
    facade.close(lena, "declined", reason="hiring_conflict")
    assert facade.decline_advice(lena) == (
        "try Lena again from Mon 18 Jan; meanwhile ask someone else on the team: Zed"
    )
    solo = requested(commands, "Solo", clock() - dt.timedelta(days=2), org="Initech")
    facade.close(solo, "declined", reason="hiring_conflict")
    assert facade.decline_advice(solo).endswith("meanwhile find another person at Initech")


def test_a_colleague_already_asked_is_named_with_their_stage(commands, facade, clock):
    lena = requested(commands, "Lena", clock() - dt.timedelta(days=2), org="Acme")
    requested(commands, "Max", clock() - dt.timedelta(days=1), org="Acme")
    facade.close(lena, "declined", reason="hiring_conflict")
    assert facade.decline_advice(lena).endswith("someone else on the team: Max (requested)")


def test_reopening_a_decline_starts_afresh_and_the_org_waits_for_nobody(
    commands, facade, clock, rules
):
    lena = requested(commands, "Lena", clock() - dt.timedelta(days=20), org="Acme")
    commands.pipeline.log(lena, "follow_up", at=clock() - dt.timedelta(days=10))
    commands.contacts.add_contact("Zed", organization="Acme")
    facade.close(lena, "declined", reason="busy")
    assert facade.reopen(lena).label == "Reopened Lena as someone to ask"
    contact = Contact.get_by_id(lena)
    assert (contact.stage, contact.request_sent_at, contact.followups_sent) == (
        "identified",
        None,
        0,
    )
    assert (contact.last_followup_at, contact.replied_at, contact.due_kind) == (None, None, None)
    assert review.triage(clock(), rules) == []
    today = review.today(clock(), rules)
    assert [i.group for i in today.items if i.organization == "Acme"] == ["outreach"]
    assert facade.undo().label == "Undid: Reopened Lena as someone to ask"
    assert Contact.get_by_id(lena).outcome == "declined"


def test_reopening_no_response_returns_to_the_stage_left(commands, facade, clock):
    bo = requested(commands, "Bo", clock() - dt.timedelta(days=20))
    facade.close(bo, "no_response")
    assert facade.reopen(bo).label == "Reopened Bo"
    assert Contact.get_by_id(bo).stage == "requested"


def test_a_contact_named_in_a_form_is_found_by_label_name_or_id(commands, facade):
    ana = commands.contacts.add_contact("Ana Silva", organization="Acme").contact_id
    ana2 = commands.contacts.add_contact("Ana Silva", organization="Globex").contact_id
    commands.contacts.add_contact("Anabel Ortiz")
    assert facade.complete_contact("ana s") == "Ana Silva (Acme)"
    assert facade.complete_contact("ana silva (g") == "Ana Silva (Globex)"
    assert facade.complete_contact("anab") == "Anabel Ortiz"
    assert facade.complete_contact("ana s", exclude=ana) == "Ana Silva (Globex)"
    assert facade.complete_contact("100%") is None and facade.complete_contact("  ") is None
    assert facade.find_contact("ana silva (globex)") == ana2
    assert facade.find_contact(f"#{ana}") == ana
    assert facade.find_contact("") is None
    assert facade.contact_label(ana) == "Ana Silva (Acme)"
    with pytest.raises(NotDone, match="2 contacts are called Ana Silva: type which one"):
        facade.find_contact("Ana Silva")
    with pytest.raises(NotDone, match="no contact called 'Nobody'"):
        facade.find_contact("Nobody")


def test_a_name_no_contact_can_hold_completes_to_nothing_and_is_refused(facade):
    assert facade.complete_contact("\ud800") is None
    with pytest.raises(NotDone, match="referred by"):
        facade.find_contact("a\ud800")
    with pytest.raises(NotDone, match="NUL"):
        facade.find_contact("a\x00b")


def test_completion_tries_the_first_letter_upper_for_non_ascii(commands, facade):
    commands.contacts.add_contact("Élodie Roux")
    assert facade.complete_contact("élo") == "Élodie Roux"


def test_a_referral_link_cannot_go_round_in_a_circle(commands, facade):
    ada = commands.contacts.add_contact("Ada").contact_id
    bo = commands.contacts.add_contact("Bo", referred_by=ada).contact_id
    cy = commands.contacts.add_contact("Cy", referred_by=bo).contact_id
    journal = Change.select().count()
    with pytest.raises(NotDone, match="Cy was referred through Ada"):
        facade.update_contact(ada, referred_by=cy)
    assert Contact.get_by_id(ada).referred_by_id is None and Change.select().count() == journal
    facade.update_contact(cy, referred_by=ada)
    assert Contact.get_by_id(cy).referred_by_id == ada
    facade.update_contact(cy, referred_by=None)
    assert Contact.get_by_id(cy).referred_by_id is None


def test_a_touch_done_on_today_keeps_what_was_said(commands, facade, clock, rules):
    cid = commands.contacts.add_contact("Ada", at=clock() - dt.timedelta(days=200)).contact_id
    commands.pipeline.log(cid, "meeting", at=clock() - dt.timedelta(days=100))
    commands.pipeline.log(cid, "thank_you", at=clock() - dt.timedelta(days=99))
    item = next(i for i in facade.today().items if i.action == "touch")
    facade.review_done(item, note="sent the article on transit data")
    event = Event.select().where(Event.contact == cid, Event.kind == "touch").get()
    assert event.text == "sent the article on transit data"
    assert Contact.get_by_id(cid).stage == "in_touch"
