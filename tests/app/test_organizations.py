"""The target list through the facade: ranks as the database holds them, undo, the view."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iivboard.app import review
from iivboard.domain.errors import NotFound, Refused
from iivboard.storage.models import Change, Organization, database


def ranks() -> dict[str, int | None]:
    return {o.name: o.rank for o in Organization.select().order_by(Organization.id)}


def orgs(facade, *names: str) -> None:
    for name in names:
        facade.add_contact(f"Someone at {name}", organization=name)


def test_ranking_renumbers_the_others_and_one_undo_restores_them(facade):
    orgs(facade, "Acme", "Beta", "Cobalt", "Delta")
    assert facade.set_rank("acme", 1).label == "Ranked Acme #1"
    facade.set_rank("Beta", 2)
    facade.set_rank("Cobalt", 3)
    result = facade.set_rank("Cobalt", 1)
    assert result.label == "Ranked Cobalt #1"
    assert ranks() == {"Acme": 2, "Beta": 3, "Cobalt": 1, "Delta": None}
    assert facade.set_rank("Delta", 99).label == "Ranked Delta #4"  # past the end: last
    facade.set_rank("Acme", 0)
    assert ranks() == {"Acme": None, "Beta": 2, "Cobalt": 1, "Delta": 3}
    assert facade.undo().label == "Undid: Took Acme off the target list"
    assert ranks() == {"Acme": 2, "Beta": 3, "Cobalt": 1, "Delta": 4}
    facade.redo()
    assert ranks() == {"Acme": None, "Beta": 2, "Cobalt": 1, "Delta": 3}


def test_moving_up_and_down_one_place(facade):
    orgs(facade, "Acme", "Beta", "Cobalt")
    assert facade.move_rank("Cobalt", -1).label == "Ranked Cobalt #1"  # joins the list
    facade.move_rank("Acme", -1)
    assert ranks() == {"Acme": 2, "Beta": None, "Cobalt": 1}
    facade.move_rank("Cobalt", 1)
    assert ranks() == {"Acme": 1, "Beta": None, "Cobalt": 2}
    before = Change.select().count()
    with pytest.raises(Refused, match="Acme is already at the top"):
        facade.move_rank("Acme", -1)
    with pytest.raises(Refused, match="Cobalt is already last"):
        facade.move_rank("Cobalt", 1)
    with pytest.raises(Refused, match="Beta is not on the target list"):
        facade.move_rank("Beta", 1)
    assert Change.select().count() == before  # a refusal writes nothing, not even a journal entry
    facade.undo()
    assert ranks() == {"Acme": 2, "Beta": None, "Cobalt": 1}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Acme", "Beta", "Cobalt", "Delta", "Echo"]),
            st.one_of(st.sampled_from(["up", "down"]), st.integers(0, 7)),
        ),
        max_size=12,
    )
)
def test_any_sequence_of_moves_keeps_the_stored_ranks_one_to_n(facade, steps):
    database.execute_sql("DELETE FROM change")
    database.execute_sql("DELETE FROM contact")
    database.execute_sql("DELETE FROM organization")
    orgs(facade, "Acme", "Beta", "Cobalt", "Delta", "Echo")
    for name, step in steps:
        try:
            if step == "up" or step == "down":
                facade.move_rank(name, -1 if step == "up" else 1)
            else:
                facade.set_rank(name, step)
        except Refused:
            pass
        stored = sorted(r for r in ranks().values() if r is not None)
        assert stored == list(range(1, len(stored) + 1))


def test_unknown_and_ambiguous_names_change_nothing(facade):
    orgs(facade, "Acme", "Acorn")
    with pytest.raises(NotFound, match="no organization called 'Zeta'"):
        facade.set_rank("Zeta", 1)
    with pytest.raises(Refused, match="'Ac' could be Acme, Acorn"):
        facade.edit_organization("Ac", website="x")
    with pytest.raises(Refused, match="already #1|not ranked"):
        facade.set_rank("Acme", 0)
    assert Organization.select().count() == 2 and Change.select().count() == 2


def test_editing_website_and_notes_is_one_undo_step(facade):
    orgs(facade, "Acme")
    result = facade.edit_organization("acme", website=" https://acme.example ", notes="Hiring\n")
    assert result.label == "Edited Acme: website and notes"
    org = Organization.get(Organization.name == "Acme")
    assert (org.website, org.notes) == ("https://acme.example", "Hiring")
    with pytest.raises(Refused, match="nothing to change"):
        facade.edit_organization("Acme", website="https://acme.example")
    with pytest.raises(Refused, match="NUL"):
        facade.edit_organization("Acme", notes="a\x00b")
    facade.undo()
    org = Organization.get(Organization.name == "Acme")
    assert (org.website, org.notes) == ("", "")


def test_the_view_counts_contacts_by_stage_and_names_who_waits(facade, clock):
    now = clock()
    facade.add_contact("Ida", organization="Acme")
    asked = facade.add_contact("Quinn", organization="Acme").contact_id
    facade.log(asked, "request", at=now - dt.timedelta(days=14))  # past its follow-up
    recent = facade.add_contact("Rae", organization="Acme").contact_id
    facade.log(recent, "request", at=now - dt.timedelta(days=1))  # not yet
    gone = facade.add_contact("Gil", organization="Acme").contact_id
    facade.close(gone, "not_pursuing")
    facade.add_contact("Bo", organization="Beta")
    facade.set_rank("Beta", 1)
    facade.edit_organization("Acme", website="acme.example")
    beta, acme = facade.organizations()
    assert (beta.name, beta.rank, beta.count("identified"), beta.contacts) == ("Beta", 1, 1, 1)
    assert (acme.name, acme.rank, acme.website) == ("Acme", None, "acme.example")
    assert (acme.count("identified"), acme.count("requested"), acme.closed) == (1, 2, 1)
    assert acme.waiting == ("Quinn",)


def test_the_view_costs_two_queries_however_many_organizations(facade, store):
    def selects(n: int) -> int:
        for i in range(n):
            facade.add_contact(f"P{n}-{i}", organization=f"Org {n}-{i % 10}")
        statements: list[str] = []
        connection: sqlite3.Connection = store.database.connection()
        connection.set_trace_callback(statements.append)
        try:
            facade.organizations()
        finally:
            connection.set_trace_callback(None)
        return sum(1 for s in statements if s.lstrip().upper().startswith("SELECT"))

    assert selects(3) == 2
    assert selects(40) == 2


def test_a_rank_set_here_orders_todays_outreach(facade, clock, rules):
    for name in ("Low", "High"):
        facade.add_contact(f"Ann {name}", organization=name)
    facade.set_rank("Low", 1)
    facade.set_rank("High", 1)  # moves Low to #2
    outreach = [i.name for i in review.today(clock(), rules).items if i.group == "outreach"]
    assert outreach == ["Ann High", "Ann Low"]
    facade.move_rank("Low", -1)
    outreach = [i.name for i in review.today(clock(), rules).items if i.group == "outreach"]
    assert outreach == ["Ann Low", "Ann High"]
