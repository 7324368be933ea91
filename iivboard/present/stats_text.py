"""The stats as words: the plain-text report `iivboard stats` prints, and the phrases the
stats screen shares with it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from iivboard.domain import calendar
from iivboard.domain.stages import STAGE_LABELS
from iivboard.domain.stats import OrgCount, Replies, Stats
from iivboard.present.charts import bar, sparkline
from iivboard.present.text import plural, visible


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def days_words(value: float | None) -> str:
    if value is None:
        return "–"
    number = f"{value:g}"
    return f"{number} business day" + ("" if value == 1 else "s")


def reply_lines(r: Replies) -> list[str]:
    return [
        f"{r.requested} asked, {r.replied} replied ({percent(r.rate)}); "
        f"median {days_words(r.median_business_days)} to a reply",
        f"{r.followed_up} needed a follow-up; {r.replied_after_follow_up} of them replied after it",
    ]


def referral_words(stats: Stats) -> str:
    per = stats.referrals_per_meeting
    return (
        f"{stats.referrals} gained from {plural(stats.meetings, 'meeting')} held "
        f"({'–' if per is None else f'{per:.2f}'} per meeting)"
    )


def text_report(stats: Stats, zone: dt.tzinfo, width: int = 24) -> list[str]:
    """The plain-text report `iivboard stats` prints."""
    period = (
        "all history"
        if stats.since is None
        else f"since {calendar.local(stats.since, zone):%Y-%m-%d %H:%M}"
    )
    lines = [f"Funnel ({period}): contacts that ever reached each stage"]
    top = max((s.reached for s in stats.funnel), default=0)
    for count in stats.funnel:
        went = "" if count.conversion is None else f"  {percent(count.conversion)} went further"
        lines.append(
            f"  {STAGE_LABELS[count.stage]:<10} {bar(count.reached, top, width)} "
            f"{count.reached:>5}{went}"
        )
    lines += ["", "Requests"] + ["  " + line for line in reply_lines(stats.replies)]
    weekly = stats.weekly
    lines += ["", f"Per week, {len(weekly.starts)} weeks from {weekly.starts[0]:%a %d %b %Y}"]
    for label, series in (("meetings", weekly.meetings), ("requests", weekly.requests)):
        lines.append(
            f"  {label:<9} {sparkline(series)}  {sum(series)} in all, "
            f"{series[-1]} this week, most {max(series)}"
        )
    lines += ["", f"Referrals: {referral_words(stats)}"]
    tables: list[tuple[str, list[OrgCount], Callable[[OrgCount], int]]] = [
        ("Organizations by meetings held", stats.by_meetings(), lambda o: o.meetings),
        ("Organizations by replies", stats.by_replies(), lambda o: o.replied),
    ]
    for title, rows, value in tables:
        lines += ["", title]
        rows = rows[:10]
        if not rows:
            lines.append("  none yet")
        name_width = min(max(len(visible(o.name)) for o in rows), 28) if rows else 0
        most = max((value(o) for o in rows), default=0)
        for org in rows:
            name = visible(org.name)
            name = name if len(name) <= name_width else name[: name_width - 1] + "…"
            lines.append(f"  {name:<{name_width}} {bar(value(org), most, 12)} {value(org)}")
    return lines
