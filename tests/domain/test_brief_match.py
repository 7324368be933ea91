"""Which organization a name means: exact first, then the only one containing it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iivboard.domain.brief import AmbiguousOrganization, folded, match_organization
from iivboard.domain.errors import NotFound, Refused

ORGS = [(1, "Lumen Energy"), (2, "Lumen"), (3, "Muséo Digital"), (4, "Civic Data Lab")]


def test_exact_name_wins_over_a_longer_one_that_contains_it():
    assert match_organization("lumen", ORGS) == 2
    assert match_organization("LUMEN  energy", ORGS) == 1


def test_accents_case_and_parts_do_not_count():
    assert match_organization("museo", ORGS) == 3
    assert match_organization("data lab", ORGS) == 4


def test_unknown_ambiguous_and_empty_are_refused_with_a_reason():
    with pytest.raises(NotFound, match="no organization matches 'Initech'"):
        match_organization("Initech", ORGS)
    with pytest.raises(
        AmbiguousOrganization, match=r"'i' matches 2 organizations: Civic Data Lab, Muséo Digital$"
    ):
        match_organization("i", ORGS)
    with pytest.raises(Refused):
        match_organization(" \t", ORGS)


def test_a_long_list_of_candidates_is_cut_short():
    many = [(i, f"Org {i:02d}") for i in range(20)]
    with pytest.raises(AmbiguousOrganization, match="and 14 more$"):
        match_organization("org", many)


@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=8, unique_by=folded))
def test_every_name_finds_its_own_organization(names):
    orgs = [(i, name) for i, name in enumerate(names) if folded(name)]
    for oid, name in orgs:
        assert match_organization(name, orgs) == oid
