"""Stages and legal moves."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iivboard.domain.stages import STAGES, RuleError, check_move


@given(
    st.sampled_from(STAGES),
    st.text(max_size=12),
    st.sampled_from([None, "declined", "no_response"]),
)
def test_no_illegal_move_is_accepted(current, target, outcome):
    legal = outcome is None and target in STAGES and target != current
    if legal:
        check_move(current, target, outcome)
    else:
        with pytest.raises(RuleError):
            check_move(current, target, outcome)
