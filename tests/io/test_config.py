import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iivboard.io.settings import ConfigError, load_settings, parse_settings, settings_path


def test_first_run_writes_commented_defaults():
    settings = load_settings()
    text = settings_path().read_text()
    assert "keep_in_touch_days = 90" in text and text.count("#") > 10
    assert settings.rules.keep_in_touch_days == 90
    assert settings.rules.follow_up_business_days == 7
    assert (settings.rules.work_day_starts, settings.rules.work_day_ends) == (9, 17)


def test_values_are_read(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(
        '[rules]\nkeep_in_touch_days = 60\nholidays = ["2026-12-25", 2026-12-26]\n'
        'timezone = "Europe/Paris"\n[backup]\nkeep = 3\n'
    )
    settings = load_settings(path)
    assert settings.rules.keep_in_touch_days == 60
    assert settings.rules.holidays == {dt.date(2026, 12, 25), dt.date(2026, 12, 26)}
    assert settings.backup_keep == 3


@pytest.mark.parametrize(
    "toml,key",
    [
        ("[rules]\nkeep_in_touch_days = 'often'", "rules.keep_in_touch_days"),
        ("[rules]\nmeeting_minutes = 0", "rules.meeting_minutes"),
        ("[rules]\nholidays = ['2026-02-30']", "rules.holidays"),
        ("[rules]\ntimezone = 'Mars/Olympus'", "rules.timezone"),
        ("[rules]\nfollowup_days = 3", "rules.followup_days"),
        ("[backup]\nkeep = true", "backup.keep"),
        ("[rules]\nwork_day_starts = 25", "rules.work_day_starts"),
        ("[rules]\nwork_day_starts = 18", "rules.work_day_ends must be later"),
        ("[rules\n", "s.toml"),
    ],
)
def test_bad_values_name_the_key(tmp_path, toml, key):
    path = tmp_path / "s.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert key in str(info.value)


@given(st.integers())
def test_any_integer_is_accepted_or_named(value):
    try:
        settings = parse_settings({"rules": {"keep_in_touch_days": value}})
    except ConfigError as exc:
        assert "rules.keep_in_touch_days" in str(exc)
    else:
        assert settings.rules.keep_in_touch_days == value
