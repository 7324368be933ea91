"""Outreach messages for one contact: a template (iivboard.domain.templates, files in
iivboard.io.templates) filled in with what the database knows, and what sending one means."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from iivboard.app.commands import PipelineCommands, Result
from iivboard.domain.calendar import local
from iivboard.domain.templates import (
    ASKED,
    DEFAULTS,
    LOG_KIND,
    PLACEHOLDERS,
    PREVIOUS_DEFAULTS,
    SUGGESTED,
    TEMPLATE_LABELS,
    TEMPLATES,
    Message,
    Template,
    TemplateError,
    fill_gaps,
    first_name,
    first_note_line,
    mailto_url,
    markers,
    one_line,
    parse_draft,
    parse_template,
    redraft,
    render,
    suggested_template,
    template_for_action,
    template_name,
)
from iivboard.io.templates import ensure_templates, load_template, templates_dir
from iivboard.storage.models import Contact, Meeting

# The screens and the CLI reach templates through this module, the one they already hold.
__all__ = [
    "ASKED",
    "DEFAULTS",
    "LOG_KIND",
    "PLACEHOLDERS",
    "PREVIOUS_DEFAULTS",
    "SUGGESTED",
    "TEMPLATES",
    "TEMPLATE_LABELS",
    "Message",
    "Template",
    "TemplateError",
    "compose",
    "contact_values",
    "ensure_templates",
    "fill_gaps",
    "first_name",
    "load_template",
    "log_sent",
    "mailto_url",
    "markers",
    "parse_draft",
    "parse_template",
    "redraft",
    "render",
    "suggested_template",
    "template_for_action",
    "template_name",
    "templates_dir",
]


def _meetings(contact: Contact) -> list[Meeting]:
    return list(
        Meeting.select().where(Meeting.contact == contact.id).order_by(Meeting.starts_at.desc())
    )


def _noted(meetings: list[Meeting]) -> Meeting | None:
    """The latest meeting with notes."""
    return next((m for m in meetings if m.notes.strip()), None)


def contact_values(
    contact: Contact,
    profile: dict[str, str],
    zone: dt.tzinfo,
    meetings: list[Meeting] | None = None,
) -> dict[str, str]:
    """Every placeholder's value for one contact; empty where nothing is known (always so
    for the ones the user writes in, ASKED)."""
    referrer = contact.referred_by
    meetings = _meetings(contact) if meetings is None else meetings
    held = [m for m in meetings if m.ended_at is not None] or meetings
    noted = _noted(meetings)
    day = local(held[0].starts_at, zone) if held else None
    values = {
        "first_name": first_name(contact.name),
        "full_name": contact.name,
        "organization": contact.organization.name if contact.organization else "",
        "role": contact.role,
        "referred_by": referrer.name if referrer else "",
        "source": contact.source,
        "common_ground": contact.common_ground,
        "meeting_day": f"{day:%A} {day.day} {day:%B}" if day else "",
        "meeting_note": first_note_line(noted.notes) if noted else "",
        "my_name": profile.get("name", ""),
        "my_intro": profile.get("intro", ""),
        "my_school_or_role": profile.get("school_or_role", ""),
    }
    values["name_source"] = values["referred_by"] or values["source"]
    return {key: one_line(value) for key, value in values.items()}


def compose(
    contact_id: int,
    template: str,
    profile: dict[str, str],
    zone: dt.tzinfo,
    folder: Path | None = None,
    given: dict[str, str] | None = None,
) -> Message:
    """The message `template` filled in for one contact; `given` holds what the user wrote
    for placeholders (the CLI's --set), and wins over the records. The latest meeting's
    notes come with it as the reference to write from."""
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise TemplateError(f"no contact with id {contact_id}")
    meetings = _meetings(contact)
    values = contact_values(contact, profile, zone, meetings)
    values.update({key: one_line(value) for key, value in (given or {}).items()})
    noted = _noted(meetings)
    return render(
        load_template(template, folder),
        values,
        to=contact.email,
        reference=noted.notes.strip() if noted else "",
    )


def log_sent(
    pipeline: PipelineCommands,
    contact_id: int,
    template: str,
    *,
    subject: str = "",
    channel: str = "",
    at: dt.datetime | None = None,
) -> Result:
    """Record that the message went out. Logging it makes the one stage move it means
    (identified->requested, met->thanked, thanked->in_touch) and sets the next due date."""
    kind = LOG_KIND[template_name(template)]
    note = f"sent: {subject}" if subject else ""
    return pipeline.log(contact_id, kind, note=note, channel=channel, at=at)
