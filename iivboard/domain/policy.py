"""The user's rules of thumb (DOMAIN.md), every number configurable in settings.toml."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field

from dateutil import tz

from iivboard.domain.stages import RuleError

# Part of the fingerprint: bump it when a rule in domain/rules changes what it stores, so
# every stored due date is recomputed once on the next start.
# 2: one rule registry; "requested" and "met" fall back to when the stage was entered.
DUE_RULES_VERSION = 2


@dataclass(frozen=True)
class Rules:
    """The rules of thumb from DOMAIN.md; every number can be changed in the settings."""

    reach_other_business_days: int = 3  # 3B7: the "3"
    follow_up_business_days: int = 7  # 3B7: the "7"
    move_on_business_days: int = 7  # silence after the follow-up: move on
    thank_you_due_hours: int = 24
    thank_you_overdue_hours: int = 48
    keep_in_touch_days: int = 90
    meeting_minutes: int = 20
    meeting_warning_minutes: int = 2
    confirm_days_before: int = 1
    daily_request_goal: int = 3
    hiring_retry_weeks: int = 8
    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    timezone: str = ""  # empty: the machine's local zone
    # Working hours (local, whole hours): where a new meeting's time is offered.
    work_day_starts: int = 9
    work_day_ends: int = 17

    def fingerprint(self) -> str:
        """The rules as stable text: stored due dates are valid while this is unchanged."""
        values: dict[str, object] = {f: getattr(self, f) for f in self.__dataclass_fields__}
        values["holidays"] = sorted(day.isoformat() for day in self.holidays)
        # An empty zone means the machine's: a move to another zone changes the dates too.
        values["timezone"] = self.timezone or "local:" + "/".join(time.tzname)
        values["due_rules_version"] = DUE_RULES_VERSION
        # Working hours only choose the time a form offers: no due date depends on them.
        del values["work_day_starts"], values["work_day_ends"]
        return json.dumps(values, sort_keys=True)

    def zone(self) -> dt.tzinfo:
        if self.timezone:
            zone = tz.gettz(self.timezone)
            if zone is None:
                raise RuleError(f"unknown time zone {self.timezone!r}")
            return zone
        return tz.tzlocal()
