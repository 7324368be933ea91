"""Meetings as an iCalendar (.ics) file, built with the `icalendar` library.

One VEVENT per meeting: start in the user's time zone (with its VTIMEZONE), the agreed
length as DURATION, the place or link, the prepared questions in the description, and for
meetings still ahead an alarm at 18:00 the evening before, as the reminder to confirm.
UIDs depend only on the meeting row, so exporting again updates events instead of
duplicating them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import urllib.parse
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from icalendar import Alarm, Calendar, Event
from peewee import JOIN

from iivboard.domain.policy import Rules
from iivboard.storage.models import Contact, Meeting, Organization, questions_of

PRODID = "-//iivboard//informational interviews//EN"
REMINDER_TIME = dt.time(18, 0)  # "the evening before"


class ExportError(ValueError):
    """Nothing to export, or the file cannot be written; the message is for the user."""


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


def meetings_to_export(contact_id: int | None = None) -> list[Meeting]:
    """Meetings held, and the coming meeting of each scheduled contact.

    A meeting that never ended while its contact left "scheduled" (moved back, closed)
    was cancelled, and stays out of the calendar.
    """
    upcoming = (
        Meeting.ended_at.is_null() & (Contact.stage == "scheduled") & Contact.outcome.is_null()
    )
    query = (
        Meeting.select(Meeting, Contact, Organization)
        .join(Contact)
        .join(Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id))
        .where(Meeting.ended_at.is_null(False) | upcoming)
        .order_by(Meeting.starts_at, Meeting.id)
    )
    if contact_id is not None:
        query = query.where(Meeting.contact == contact_id)
    return list(query)


def uid(meeting: Meeting) -> str:
    return f"iivboard-meeting-{meeting.id}-{meeting.created_at:%Y%m%dT%H%M%S}@iivboard"


def _is_link(place: str) -> bool:
    parts = urllib.parse.urlsplit(place.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _description(meeting: Meeting, contact: Contact) -> str:
    org = contact.organization.name if contact.organization else ""
    who = ", ".join(p for p in (contact.role, org) if p)
    lines = [
        f"Informational interview with {contact.name}" + (f" ({who})" if who else "") + ".",
        f"{meeting.minutes} minutes, {meeting.format.replace('_', ' ')}.",
    ]
    if meeting.place.strip():
        # On a line of its own: a full stop after a link would break it in some clients.
        lines.append(f"{'Link' if _is_link(meeting.place) else 'Where'}: {meeting.place.strip()}")
    reach = [
        f"{label}: {value}"
        for label, value in (("Email", contact.email), ("Phone", contact.phone))
        if value
    ]
    if reach:
        lines.append("  ".join(reach))
    texts = [q["text"].strip() for q in questions_of(meeting)]
    if texts:
        lines += ["", "Questions to ask:"] + [f"- {text}" for text in texts]
    lines += [
        "",
        "Keep to the agreed time. Ask whom else you should talk to, and whether "
        "you may get in touch again.",
    ]
    return "\n".join(lines)


def meeting_event(meeting: Meeting, zone: dt.tzinfo, now: dt.datetime, rules: Rules) -> Event:
    contact = meeting.contact
    start = meeting.starts_at.replace(tzinfo=dt.UTC).astimezone(zone)
    org = contact.organization.name if contact.organization else ""
    event = Event()
    event.add("uid", uid(meeting))
    event.add("dtstamp", now.astimezone(dt.UTC))
    event.add("dtstart", start)
    event.add("duration", dt.timedelta(minutes=meeting.minutes))
    event.add("summary", f"Informational interview: {contact.name}" + (f" ({org})" if org else ""))
    place = meeting.place.strip() or (contact.phone if meeting.format == "phone" else "")
    if place:
        event.add("location", place)
    if _is_link(meeting.place):
        event.add("url", meeting.place.strip())
    event.add("description", _description(meeting, contact))
    held = meeting.ended_at is not None
    event.add("status", "CONFIRMED" if held or meeting.confirmed else "TENTATIVE")
    if not held:
        event.add_component(_reminder(contact.name, start, zone, rules))
    return event


def _reminder(name: str, start: dt.datetime, zone: dt.tzinfo, rules: Rules) -> Alarm:
    days = max(1, rules.confirm_days_before)
    evening = dt.datetime.combine(
        start.date() - dt.timedelta(days=days), REMINDER_TIME, tzinfo=zone
    )
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


def build_calendar(rules: Rules, now: dt.datetime, contact_id: int | None = None) -> Calendar:
    """The calendar of every meeting worth exporting, or of one contact's."""
    if contact_id is not None and Contact.get_or_none(Contact.id == contact_id) is None:
        raise ExportError(f"no contact with id {contact_id}")
    meetings = meetings_to_export(contact_id)
    if not meetings:
        raise ExportError(
            f"contact #{contact_id} has no meeting to export"
            if contact_id is not None
            else "no meetings to export"
        )
    name = zone_name(rules)
    zone = ZoneInfo(name) if name else dt.UTC
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


def to_ics(rules: Rules, now: dt.datetime, contact_id: int | None = None) -> bytes:
    return build_calendar(rules, now, contact_id).to_ical()


def write_ics(
    path: str | os.PathLike, rules: Rules, now: dt.datetime, contact_id: int | None = None
) -> Path:
    """Write the .ics file whole or not at all (private: mode 0600) and return its path."""
    data = to_ics(rules, now, contact_id)
    target = Path(path).expanduser()
    try:
        handle, temp = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part"
        )
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise ExportError(f"cannot write {target}: {exc.strerror}") from None
    return target


def export_contact(
    contact_id: int, rules: Rules, now: dt.datetime, folder: str | os.PathLike | None = None
) -> Path:
    """For the board's key i: one contact's meetings as `interview-<name>.ics` in `folder`
    (default: the Downloads folder, or home when there is none). Returns the path."""
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise ExportError(f"no contact with id {contact_id}")
    if folder is None:
        downloads = platformdirs.user_downloads_path()
        folder = downloads if downloads.is_dir() else Path.home()
    slug = re.sub(r"\W+", "-", contact.name.lower()).strip("-")[:60] or f"contact-{contact_id}"
    return write_ics(Path(folder) / f"interview-{slug}.ics", rules, now, contact_id)
