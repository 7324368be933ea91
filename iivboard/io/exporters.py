"""Writing everything out, so nobody is locked in: a JSON snapshot that `import json`
restores exactly, and a CSV with one row per contact for spreadsheets."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from typing import TextIO

from peewee import JOIN

from iivboard.app.queries import contact_summary
from iivboard.domain.calendar import utc
from iivboard.storage.models import Contact, Event, Meeting, Organization

FORMAT = "iivboard"
FORMAT_VERSION = 1

# Parents before children: the order rows are restored in.
SNAPSHOT = {
    "organizations": Organization,
    "contacts": Contact,
    "meetings": Meeting,
    "events": Event,
}


def _json_value(value):
    if isinstance(value, dt.datetime):
        return value.isoformat() + "Z"  # stored as naive UTC
    return value


def snapshot(now: dt.datetime, settings_toml: str | None = None) -> dict:
    """Every row of every table that holds the user's work, column by column as stored
    (foreign keys as ids), with the settings file's text. The undo journal is left out."""
    data: dict = {"format": FORMAT, "version": FORMAT_VERSION, "exported_at": _json_value(utc(now))}
    for key, model in SNAPSHOT.items():
        data[key] = [
            {name: _json_value(value) for name, value in row.items()}
            for row in model.select().order_by(model.id).dicts()
        ]
    data["settings_toml"] = settings_toml
    return data


def export_json(out: TextIO, now: dt.datetime, settings_toml: str | None = None) -> int:
    """Write the snapshot; returns how many contacts it holds."""
    data = snapshot(now, settings_toml)
    json.dump(data, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(data["contacts"])


CSV_COLUMNS = (
    "id",
    "name",
    "organization",
    "role",
    "email",
    "phone",
    "linkedin",
    "location",
    "source",
    "referred_by",
    "tags",
    "stage",
    "stage_entered_at",
    "outcome",
    "outcome_reason",
    "request_sent_at",
    "request_channel",
    "followups_sent",
    "last_interaction_at",
    "snoozed_until",
    "due_kind",
    "due_at",
    "common_ground",
    "notes",
)

# A spreadsheet runs a cell that starts like a formula; a quote in front makes it text.
# Phone numbers such as +44 20 7946 0000 are left alone.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_LIKE = re.compile(r"[+-]?[\d\s().-]+")


# What importers._unguard takes a quote off: text that already starts so gets one more
# quote, or a name like "'=x" would come back as "=x".
UNGUARDED = tuple("'" + start for start in ("=", "+", "-", "@", "'"))


def guard_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER_LIKE.fullmatch(text):
        return "'" + text
    if text.startswith(UNGUARDED):
        return "'" + text
    return text


def export_csv(out: TextIO) -> int:
    """One row per contact (closed ones too), oldest first; returns how many."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    query = (
        Contact.select(Contact, Organization)
        .join(Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id))
        .order_by(Contact.id)
    )
    count = 0
    for contact in query:
        row = contact_summary(contact)
        row["tags"] = ", ".join(row["tags"])
        due = row.pop("due") or {}
        row["due_kind"], row["due_at"] = due.get("kind"), due.get("at")
        writer.writerow([guard_cell(row[column]) for column in CSV_COLUMNS])
        count += 1
    return count
