"""Meetings as an iCalendar (.ics) file, built with the `icalendar` library.

One VEVENT per meeting: start in the user's time zone (with its VTIMEZONE), the agreed
length as DURATION, the place or link, the prepared questions in the description, and for
meetings still ahead an alarm at 18:00 the evening before, as the reminder to confirm.
UIDs depend only on the meeting row, so exporting again updates events instead of
duplicating them; a reschedule or a cancel raises the event's SEQUENCE, and a cancelled
meeting is written with STATUS:CANCELLED, so calendar apps move or strike the event.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from iivboard.domain.policy import Rules
from iivboard.io.formats.base import CalendarMeeting, ExportOptions, ExportSource, Format
from iivboard.io.formats.errors import ExportError

if TYPE_CHECKING:
    from icalendar import Alarm, Calendar, Event

PRODID = "-//iivboard//informational interviews//EN"
REMINDER_TIME = dt.time(18, 0)  # "the evening before"


def zone_name(rules: Rules) -> str | None:
    """The IANA name of the user's zone, which calendar clients need; None if unknown."""
    candidates = [rules.timezone] if rules.timezone else []
    if not rules.timezone:
        candidates.append(os.environ.get("TZ", "").lstrip(":"))
        try:
            target = str(Path("/etc/localtime").resolve())
        except OSError:
            target = ""
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        if not name or name.startswith("/"):
            continue
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return name
    return None


def uid(meeting_id: int, created_at: dt.datetime) -> str:
    return f"iivboard-meeting-{meeting_id}-{created_at:%Y%m%dT%H%M%S}@iivboard"


def _is_link(place: str) -> bool:
    parts = urllib.parse.urlsplit(place.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _description(meeting: CalendarMeeting) -> str:
    who = ", ".join(p for p in (meeting.role, meeting.organization) if p)
    lines = [
        f"Informational interview with {meeting.contact_name}" + (f" ({who})" if who else "") + ".",
        f"{meeting.minutes} minutes, {meeting.format.replace('_', ' ')}.",
    ]
    if meeting.place.strip():
        # On a line of its own: a full stop after a link would break it in some clients.
        lines.append(f"{'Link' if _is_link(meeting.place) else 'Where'}: {meeting.place.strip()}")
    reach = [
        f"{label}: {value}"
        for label, value in (("Email", meeting.email), ("Phone", meeting.phone))
        if value
    ]
    if reach:
        lines.append("  ".join(reach))
    texts = [text.strip() for text in meeting.questions]
    if texts:
        lines += ["", "Questions to ask:"] + [f"- {text}" for text in texts]
    lines += [
        "",
        "Keep to the agreed time. Ask whom else you should talk to, and whether "
        "you may get in touch again.",
    ]
    return "\n".join(lines)


def meeting_event(
    meeting: CalendarMeeting, zone: dt.tzinfo, now: dt.datetime, rules: Rules
) -> Event:
    from icalendar import Event  # imported when a calendar is written, not by every command

    start = meeting.starts_at.replace(tzinfo=dt.UTC).astimezone(zone)
    org = meeting.organization
    event = Event()
    event.add("uid", uid(meeting.id, meeting.created_at))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", now.astimezone(dt.UTC))
    event.add("dtstart", start)
    event.add("duration", dt.timedelta(minutes=meeting.minutes))
    event.add(
        "summary", f"Informational interview: {meeting.contact_name}" + (f" ({org})" if org else "")
    )
    place = meeting.place.strip() or (meeting.phone if meeting.format == "phone" else "")
    if place:
        event.add("location", place)
    if _is_link(meeting.place):
        event.add("url", meeting.place.strip())
    event.add("description", _description(meeting))
    if meeting.cancelled:
        status = "CANCELLED"
    else:
        status = "CONFIRMED" if meeting.held or meeting.confirmed else "TENTATIVE"
    event.add("status", status)
    if not meeting.held and not meeting.cancelled:
        event.add_component(_reminder(meeting.contact_name, start, zone, rules))
    return event


def _reminder(name: str, start: dt.datetime, zone: dt.tzinfo, rules: Rules) -> Alarm:
    days = max(1, rules.confirm_days_before)
    evening = dt.datetime.combine(
        start.date() - dt.timedelta(days=days), REMINDER_TIME, tzinfo=zone
    )
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    # Subtract in UTC: aware datetimes sharing a tzinfo subtract as wall clocks, which
    # would be an hour off across a DST change.
    alarm.add("trigger", evening.astimezone(dt.UTC) - start.astimezone(dt.UTC))
    alarm.add(
        "description",
        f"Confirm tomorrow's informational interview with {name}"
        if days == 1
        else f"Confirm the informational interview with {name} "
        f"on {start:%A} {start.day} {start:%B}",
    )
    return alarm


def build_calendar(
    meetings: list[CalendarMeeting], rules: Rules, now: dt.datetime, contact_id: int | None = None
) -> Calendar:
    """The calendar of the meetings given; ExportError when there are none."""
    if not meetings:
        raise ExportError(
            f"contact #{contact_id} has no meeting to export"
            if contact_id is not None
            else "no meetings to export"
        )
    from icalendar import Calendar

    name = zone_name(rules)
    zone: dt.tzinfo = ZoneInfo(name) if name else dt.UTC
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, zone, now, rules))
    if name:
        first = min(m.starts_at for m in meetings).date() - dt.timedelta(days=366)
        last = max(m.starts_at for m in meetings).date() + dt.timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar


def write(out: BinaryIO, source: ExportSource, options: ExportOptions) -> str:
    meetings = source.calendar_meetings(options.contact_id)
    calendar = build_calendar(meetings, source.rules, source.now(), options.contact_id)
    out.write(calendar.to_ical())
    return f"{len(meetings)} meetings"


def contact_file(name: str, contact_id: int, folder: Path | None = None) -> Path:
    """Where one contact's calendar goes: `interview-<name>.ics` in `folder` (default: the
    Downloads folder, or home when there is none)."""
    if folder is None:
        import platformdirs

        downloads = platformdirs.user_downloads_path()
        folder = downloads if downloads.is_dir() else Path.home()
    slug = re.sub(r"\W+", "-", name.lower()).strip("-")[:60] or f"contact-{contact_id}"
    return Path(folder) / f"interview-{slug}.ics"


FORMAT = Format(
    name="ics",
    label="Calendar (.ics)",
    extensions=(".ics",),
    export_help="the meetings as calendar events (iCalendar)",
    write=write,
    by_contact=True,
)
