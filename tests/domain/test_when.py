import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iivboard.domain.when import WhenError, parse_when

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 23, 10, 30, tzinfo=UTC)  # Monday


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2026-12-03", dt.datetime(2026, 12, 3, 0, 0, tzinfo=UTC)),
        ("2026-12-03 15:00", dt.datetime(2026, 12, 3, 15, 0, tzinfo=UTC)),
        ("2026-12-03T15:00", dt.datetime(2026, 12, 3, 15, 0, tzinfo=UTC)),
        ("+3d", dt.datetime(2026, 11, 26, 10, 30, tzinfo=UTC)),
        ("+2w", dt.datetime(2026, 12, 7, 10, 30, tzinfo=UTC)),
        ("-1d", dt.datetime(2026, 11, 22, 10, 30, tzinfo=UTC)),
        ("+2h", dt.datetime(2026, 11, 23, 12, 30, tzinfo=UTC)),
        ("tomorrow 15:00", dt.datetime(2026, 11, 24, 15, 0, tzinfo=UTC)),
        ("tomorrow 3pm", dt.datetime(2026, 11, 24, 15, 0, tzinfo=UTC)),
        ("mon", dt.datetime(2026, 11, 30, 10, 30, tzinfo=UTC)),
        ("Friday 9:15", dt.datetime(2026, 11, 27, 9, 15, tzinfo=UTC)),
        ("14:00", dt.datetime(2026, 11, 23, 14, 0, tzinfo=UTC)),
        ("now", NOW),
    ],
)
def test_forms(text, expected):
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize(
    "text", ["2026-02-30", "2026-13-01", "someday", "", "+3x", "tomorrow 25:00", "13pm", "[bold]"]
)
def test_bad_input_gets_a_clear_error(text):
    with pytest.raises(WhenError) as info:
        parse_when(text, NOW)
    assert str(info.value)


@given(st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2090, 1, 1)))
def test_iso_round_trip(moment):
    moment = moment.replace(second=0, microsecond=0)
    assert parse_when(moment.strftime("%Y-%m-%d %H:%M"), NOW) == moment.replace(tzinfo=UTC)


@given(st.text(max_size=20))
def test_never_raises_anything_but_when_error(text):
    try:
        result = parse_when(text, NOW)
    except WhenError:
        return
    assert result.tzinfo is not None


@pytest.mark.parametrize("text", ["+9999y", "-9999y", "9999-12-31 23:59", "+500000w"])
def test_dates_out_of_range_are_refused_cleanly(text):
    west = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
    with pytest.raises(WhenError, match="too far away|not a real date|could not read"):
        parse_when(text, west)
