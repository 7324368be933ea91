"""Where files live (platformdirs) and the settings file (TOML) with the rules' numbers."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import platformdirs

from iivboard.domain.errors import SettingsError
from iivboard.domain.policy import Rules
from iivboard.io import atomic

APP = "iivboard"


# The old name of the settings error, kept for its callers.
ConfigError = SettingsError


def data_dir() -> Path:
    return Path(os.environ.get("IIVBOARD_DATA_DIR") or platformdirs.user_data_path(APP))


def config_dir() -> Path:
    return Path(os.environ.get("IIVBOARD_CONFIG_DIR") or platformdirs.user_config_path(APP))


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def default_db_path() -> Path:
    env = os.environ.get("IIVBOARD_DB")
    return Path(env) if env else data_dir() / "iivboard.db"


DEFAULT_SETTINGS = """\
# iivboard settings. Delete a line to get its default back.

[rules]
# 3B7: after 3 business days with no reply, reach out to another person at the
# same organization; after 7, follow up once with the first person.
reach_other_business_days = 3
follow_up_business_days = 7
# Silence for this many business days after the follow-up: move on.
move_on_business_days = 7
# Thank-you notes: due this many hours after the meeting, overdue after the second.
thank_you_due_hours = 24
thank_you_overdue_hours = 48
# Keep in touch: days after the last interaction of any kind.
keep_in_touch_days = 90
# Meetings: default length, and the warning before time is up.
meeting_minutes = 20
meeting_warning_minutes = 2
# Confirm a meeting this many days before.
confirm_days_before = 1
# New requests to send each day.
daily_request_goal = 3
# Declined because they are hiring for a role you may apply to: try again after.
hiring_retry_weeks = 8
# Days that are not business days besides weekends, as "YYYY-MM-DD".
holidays = []
# An IANA zone such as "Europe/Paris"; empty means this machine's zone.
timezone = ""
# Working hours (whole hours, local): a new meeting is offered a free time within them.
work_day_starts = 9
work_day_ends = 17

[backup]
# Daily backups kept in the data folder.
keep = 14

[profile]
# Used by the message templates.
name = ""
intro = ""
school_or_role = ""

[keys]
# Remap a key: action = "key" or "key1,key2". Example: move_forward = "L,>"
"""

_RULE_LIMITS = {
    "reach_other_business_days": (1, 60),
    "follow_up_business_days": (1, 60),
    "move_on_business_days": (1, 60),
    "thank_you_due_hours": (1, 24 * 14),
    "thank_you_overdue_hours": (1, 24 * 30),
    "keep_in_touch_days": (1, 3650),
    "meeting_minutes": (1, 600),
    "meeting_warning_minutes": (0, 60),
    "confirm_days_before": (0, 14),
    "daily_request_goal": (0, 100),
    "hiring_retry_weeks": (1, 260),
    "work_day_starts": (0, 23),
    "work_day_ends": (1, 24),
}


@dataclass
class Settings:
    rules: Rules = field(default_factory=Rules)
    backup_keep: int = 14
    profile: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None


def _int(section: dict[str, Any], key: str, where: str, low: int, high: int, default: int) -> int:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(
            f"{where}.{key} must be a whole number from {low} to {high} (it is {value!r})"
        )
    return value


def load_settings(path: Path | None = None, create: bool = True) -> Settings:
    """Read the settings; write the commented defaults first if there is no file yet."""
    path = path or settings_path()
    if not path.exists():
        if not create:
            return Settings(path=path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic.write_text(path, DEFAULT_SETTINGS, private=False)
        except OSError:
            # A read-only home must not stop the app: the defaults apply.
            return Settings(path=path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    return parse_settings(data, path)


def parse_settings(data: dict[str, Any], path: Path | None = None) -> Settings:
    for name in ("rules", "backup", "profile", "keys"):
        if not isinstance(data.get(name, {}), dict):
            raise ConfigError(f"[{name}] must be a table of settings")
    rules_in = data.get("rules", {})
    known = {f.name for f in fields(Rules)}
    for key in rules_in:
        if key not in known:
            raise ConfigError(f"rules.{key} is not a setting iivboard knows")
    defaults = Rules()
    numbers = {
        key: _int(rules_in, key, "rules", low, high, getattr(defaults, key))
        for key, (low, high) in _RULE_LIMITS.items()
    }
    if numbers["thank_you_overdue_hours"] < numbers["thank_you_due_hours"]:
        raise ConfigError(
            "rules.thank_you_overdue_hours must not be less than rules.thank_you_due_hours"
        )
    if numbers["work_day_ends"] <= numbers["work_day_starts"]:
        raise ConfigError("rules.work_day_ends must be later than rules.work_day_starts")
    holidays_in = rules_in.get("holidays", [])
    if not isinstance(holidays_in, list):
        raise ConfigError('rules.holidays must be a list of dates like "2026-12-25"')
    holidays = set()
    for item in holidays_in:
        if isinstance(item, dt.date) and not isinstance(item, dt.datetime):
            holidays.add(item)
            continue
        try:
            holidays.add(dt.date.fromisoformat(str(item)))
        except ValueError:
            raise ConfigError(f'rules.holidays: {item!r} is not a date like "2026-12-25"') from None
    zone = rules_in.get("timezone", "")
    if not isinstance(zone, str):
        raise ConfigError('rules.timezone must be text such as "Europe/Paris"')
    rules = Rules(**numbers, holidays=frozenset(holidays), timezone=zone)
    try:
        rules.zone()
    except ValueError as exc:
        raise ConfigError(f"rules.timezone: {exc}") from None
    backup_keep = _int(data.get("backup", {}), "keep", "backup", 1, 1000, 14)
    profile = {}
    for key, value in data.get("profile", {}).items():
        if not isinstance(value, str):
            raise ConfigError(f"profile.{key} must be text")
        profile[key] = value
    keys = {}
    for key, value in data.get("keys", {}).items():
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f'keys.{key} must be a key name such as "L" or "L,>"')
        keys[key] = value
    return Settings(rules=rules, backup_keep=backup_keep, profile=profile, keys=keys, path=path)


def adopt_settings(text: str, path: Path | None = None) -> tuple[bool, str]:
    """Settings carried by an export, written over the settings file unless the user has
    changed theirs from the defaults. (written?, what to tell the user)."""
    target = path or settings_path()
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if current == text:
        return False, ""
    if current not in (None, DEFAULT_SETTINGS):
        return False, f"kept your settings in {target}"
    try:
        parse_settings(tomllib.loads(text))
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(target, text, private=False)
    except (tomllib.TOMLDecodeError, ConfigError, OSError) as exc:
        raise ConfigError(f"the exported settings were not restored: {exc}") from exc
    return True, f"restored the settings to {target}"
