"""The target list's arithmetic: ranks stay 1..n without gaps whatever the user does."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iivboard.domain import targets
from iivboard.domain.errors import NotFound, Refused

IDS = st.integers(min_value=1, max_value=12)
# A user's step: put an organization at a rank (None: off the list), or move it one place.
STEPS = st.one_of(
    st.tuples(st.just("place"), IDS, st.one_of(st.none(), st.integers(1, 15))),
    st.tuples(st.just("move"), IDS, st.sampled_from([-1, 1])),
)


@given(st.dictionaries(IDS, st.integers(1, 20)), st.lists(STEPS, max_size=30))
def test_any_sequence_of_moves_keeps_ranks_a_permutation_of_one_to_n(stored, steps):
    # Start from ranks as an old file may hold them: gaps and ties allowed.
    order = targets.ranked_order(stored)
    ranks = dict(stored)
    for kind, key, value in steps:
        before = list(order)
        try:
            if kind == "place":
                order = targets.placed(order, key, value)
            else:
                order = targets.moved(order, key, value)
        except Refused:
            assert order == before
            continue
        ranks = {k: r for k, r in ranks.items() if r is not None}
        for k, r in targets.changed_ranks(ranks, order).items():
            if r is None:
                ranks.pop(k)
            else:
                ranks[k] = r
        assert sorted(ranks.values()) == list(range(1, len(ranks) + 1))
        assert targets.ranked_order(ranks) == order
        if kind == "place" and value is not None:
            assert order.index(key) + 1 == min(value, len(order))
        if kind == "place" and value is None:
            assert key not in order
        others = [k for k in order if k != key]
        assert others == [k for k in before if k != key]  # nobody else changes places


def test_placing_closes_the_gap_it_leaves_and_opens_one_where_it_goes():
    assert targets.placed([1, 2, 3, 4], 4, 1) == [4, 1, 2, 3]
    assert targets.placed([1, 2, 3, 4], 1, 3) == [2, 3, 1, 4]
    assert targets.placed([1, 2, 3], 9, 99) == [1, 2, 3, 9]  # past the end: last
    assert targets.placed([1, 2, 3], 2, None) == [1, 3]
    with pytest.raises(Refused, match="1 or more"):
        targets.placed([1, 2], 1, -1)


def test_moving_up_and_down_and_the_ends_of_the_list():
    assert targets.moved([1, 2, 3], 3, -1) == [1, 3, 2]
    assert targets.moved([1, 2, 3], 1, 1) == [2, 1, 3]
    assert targets.moved([1, 2], 7, -1) == [1, 2, 7]  # up from unranked: joins at the bottom
    with pytest.raises(Refused, match="already at the top"):
        targets.moved([1, 2], 1, -1, "Acme")
    with pytest.raises(Refused, match="already last"):
        targets.moved([1, 2], 2, 1, "Acme")
    with pytest.raises(Refused, match="not on the target list"):
        targets.moved([1, 2], 7, 1, "Acme")


def test_stored_ranks_with_gaps_and_ties_read_in_order_oldest_first():
    assert targets.ranked_order({5: 3, 2: 3, 9: 1}) == [9, 2, 5]
    assert targets.changed_ranks({9: 1, 2: 3, 5: 3}, [9, 2, 5]) == {
        2: 2
    }  # only the rank that moves is written


def test_a_name_is_picked_whole_whatever_its_case_or_by_the_one_it_begins():
    names = ["Acme", "Acme Labs", "Beta", "Acorn"]
    assert targets.pick("acme", names) == 0  # whole name first, though two begin so
    assert targets.pick("ACME L", names) == 1
    assert targets.pick(" be", names) == 2
    with pytest.raises(NotFound, match="no organization called 'Zed'"):
        targets.pick("Zed", names)
    with pytest.raises(Refused, match="'Ac' could be Acme, Acme Labs, Acorn"):
        targets.pick("Ac", names)
    with pytest.raises(Refused):
        targets.pick("  ", names)
