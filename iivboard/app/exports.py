"""What the export formats are given: contacts, meetings and the full snapshot, read here
as plain values so no format module touches the database; and writing an export to a
stream or, whole or not at all, to a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, BinaryIO

from peewee import JOIN

from iivboard.app import meetings_query
from iivboard.app.queries import contact_summary
from iivboard.domain.policy import Rules
from iivboard.io import atomic
from iivboard.io.formats import ics, registry
from iivboard.io.formats.base import CalendarMeeting, ExportOptions, Snapshot
from iivboard.io.formats.errors import ExportError
from iivboard.storage import snapshot
from iivboard.storage.models import Contact, Meeting, Organization, questions_of


class Exports:
    """The ExportSource the formats write from: one database, rules and moment."""

    def __init__(self, rules: Rules, now: dt.datetime, settings_toml: str | None = None) -> None:
        self.rules = rules
        self._now = now
        self._settings_toml = settings_toml

    def now(self) -> dt.datetime:
        return self._now

    def contact_rows(self) -> list[dict[str, Any]]:
        """Every contact (closed ones too), oldest first, in `list --json`'s shape."""
        query = (
            Contact.select(Contact, Organization)
            .join(Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id))
            .order_by(Contact.id)
        )
        return [contact_summary(contact) for contact in query]

    def snapshot(self) -> Snapshot:
        return Snapshot(snapshot.dump(), self._settings_toml, self._now)

    def calendar_meetings(self, contact_id: int | None) -> list[CalendarMeeting]:
        """Meetings held, the coming meeting of each scheduled contact, and the meetings
        cancelled (so a calendar that has the event marks it cancelled).

        A meeting that never ended while its contact left "scheduled" by hand (moved back,
        closed) without a cancel stays out of the calendar.
        """
        if contact_id is not None and Contact.get_or_none(Contact.id == contact_id) is None:
            raise ExportError(f"no contact with id {contact_id}")
        query = (
            Meeting.select(Meeting, Contact, Organization)
            .join(Contact)
            .join(Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id))
            .where(
                Meeting.ended_at.is_null(False)
                | Meeting.cancelled_at.is_null(False)
                | meetings_query.upcoming()
            )
            .order_by(Meeting.starts_at, Meeting.id)
        )
        if contact_id is not None:
            query = query.where(Meeting.contact == contact_id)
        return [_calendar_meeting(meeting) for meeting in query]


def _calendar_meeting(meeting: Meeting) -> CalendarMeeting:
    contact = meeting.contact
    return CalendarMeeting(
        id=meeting.id,
        created_at=meeting.created_at,
        starts_at=meeting.starts_at,
        minutes=meeting.minutes,
        format=meeting.format,
        place=meeting.place,
        confirmed=bool(meeting.confirmed),
        held=meeting.ended_at is not None,
        questions=tuple(q["text"] for q in questions_of(meeting)),
        contact_name=contact.name,
        role=contact.role,
        organization=contact.organization.name if contact.organization else "",
        email=contact.email,
        phone=contact.phone,
        cancelled=meeting.cancelled_at is not None,
        sequence=meeting.sequence,
    )


def export(kind: str, out: BinaryIO, source: Exports, *, contact_id: int | None = None) -> str:
    """Write format `kind` to `out`; says what was written ("12 contacts")."""
    fmt = registry.get(kind)
    if fmt.write is None:
        kinds = ", ".join(f.name for f in registry.exportable())
        raise ExportError(f"{kind} is not a format iivboard writes; formats are: {kinds}")
    if contact_id is not None and not fmt.by_contact:
        raise ExportError(f"{kind} exports everything; --id goes with ics")
    return fmt.write(out, source, ExportOptions(contact_id=contact_id))


def export_file(
    kind: str, target: Path, source: Exports, *, contact_id: int | None = None
) -> tuple[Path, str]:
    """The export written whole or not at all, private (0600: other people's details)."""
    target = Path(target).expanduser()
    try:
        with atomic.atomic_open(target) as out:
            what = export(kind, out, source, contact_id=contact_id)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror}") from None
    return target, what


def contact_calendar(source: Exports, contact_id: int, folder: Path | None = None) -> Path:
    """For the board's key i: one contact's meetings as `interview-<name>.ics`."""
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise ExportError(f"no contact with id {contact_id}")
    target = ics.contact_file(contact.name, contact_id, folder)
    return export_file("ics", target, source, contact_id=contact_id)[0]
