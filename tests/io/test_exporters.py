"""Export to JSON and CSV, and `import json` restoring an export exactly."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from iivboard.app import imports as importers
from iivboard.app.demo import seed_demo
from iivboard.app.imports import ImportFileError
from iivboard.io.formats.spreadsheet import COLUMNS as CSV_COLUMNS
from iivboard.storage.models import Contact, Meeting, database
from iivboard.storage.store import open_database
from tests.io import exporting as exporters

TABLES = ("organization", "contact", "meeting", "event")


def table_rows(path) -> dict[str, list]:
    database.execute_sql("PRAGMA wal_checkpoint")
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY id').fetchall() for t in TABLES}


def rich_board(commands, clock) -> None:
    """The demo, plus the corners: closed with a retry date, a referral, notes in
    several scripts, an edited meeting, a deleted contact (a gap in the ids)."""
    seed_demo(commands, clock())
    first = Contact.select().order_by(Contact.id).first()
    commands.pipeline.log(first.id, "request")  # only someone asked can decline
    commands.pipeline.close(first.id, "declined", reason="hiring_conflict", note="try in spring")
    referral = commands.contacts.add_contact(
        "Ren [bold]Ito[/]", referred_by=first.id, organization='Ünïcode, "GmbH"', tags="α, β"
    ).contact_id
    commands.contacts.update_contact(referral, notes="line one\nline two — ✓ 東京")
    commands.contacts.update_organization('Ünïcode, "GmbH"', rank=1, website="https://u.example")
    meeting = Meeting.select().first()
    commands.meetings.update_meeting(
        meeting.id,
        questions=[{"text": "What surprised you?", "asked": True}],
        notes="TIARA: trends…",
    )
    gone = commands.contacts.add_contact("To Delete").contact_id
    commands.contacts.delete_contact(gone)


def test_json_export_restores_exactly_into_an_empty_database(commands, clock, db_path, tmp_path):
    rich_board(commands, clock)
    out = io.StringIO()
    assert exporters.export_json(out, clock(), "[backup]\nkeep = 3\n") == Contact.select().count()
    original = table_rows(db_path)
    export_file = tmp_path / "all.json"
    export_file.write_text(out.getvalue(), encoding="utf-8")

    fresh = tmp_path / "fresh.db"
    open_database(fresh)
    counts, settings_text = importers.restore(export_file)

    assert table_rows(fresh) == original
    assert counts == {
        key: len(original[table])
        for key, table in zip(("organizations", "contacts", "meetings", "events"), TABLES)
    }
    assert settings_text == "[backup]\nkeep = 3\n"
    again = io.StringIO()
    exporters.export_json(again, clock())
    first, second = json.loads(out.getvalue()), json.loads(again.getvalue())
    first.pop("settings_toml"), second.pop("settings_toml")
    assert first == second


def test_export_json_shape(commands, clock):
    commands.contacts.add_contact("Ada", organization="Acme")
    data = json.loads(_export(clock))
    assert data["format"] == "iivboard" and data["version"] == 1
    assert data["exported_at"] == "2026-11-23T09:00:00Z"
    (contact,) = data["contacts"]
    assert contact["name"] == "Ada" and contact["organization"] == data["organizations"][0]["id"]
    assert contact["stage_entered_at"] == "2026-11-23T09:00:00Z"
    assert data["events"][0]["kind"] == "added"


def _export(clock) -> str:
    out = io.StringIO()
    exporters.export_json(out, clock())
    return out.getvalue()


def test_import_json_refuses_a_database_with_data(commands, clock, db_path, tmp_path):
    commands.contacts.add_contact("Ada")
    path = tmp_path / "a.json"
    path.write_text(_export(clock))
    before = table_rows(db_path)
    with pytest.raises(ImportFileError, match="restores into an empty database only"):
        importers.restore(path)
    assert table_rows(db_path) == before


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda text: text.replace('"contacts": [', '"contacts": [,'),
            r"a.json line \d+: not valid JSON",
        ),
        (
            lambda text: text.replace('"format": "iivboard"', '"format": "other"'),
            "not an iivboard export",
        ),
        (lambda text: text.replace('"version": 1', '"version": 9'), "upgrade it to read this file"),
        (
            lambda text: text.replace(
                '"stage_entered_at": "2026-11-23T09:00:00Z"',
                '"stage_entered_at": "2026-02-30T09:00:00Z"',
            ),
            r"a.json: contacts\[0\] \(id 1\): stage_entered_at is not a date and time",
        ),
        (
            lambda text: text.replace('"followups_sent": 0', '"followups_sent": "none"'),
            "followups_sent has the wrong kind of value",
        ),
        (
            lambda text: text.replace('"followups_sent": 0', '"followups": 0'),
            "unknown field 'followups'",
        ),
        (
            lambda text: text.replace('"referred_by": null', '"referred_by": 77'),
            "the rows do not fit together",
        ),
    ],
)
def test_a_bad_json_export_is_refused_whole(commands, clock, tmp_path, change, message):
    commands.contacts.add_contact("Ada", organization="Acme")
    text = change(_export(clock))
    open_database(tmp_path / "fresh.db")
    path = tmp_path / "a.json"
    path.write_text(text)
    with pytest.raises(ImportFileError, match=message):
        importers.restore(path)
    assert table_rows(tmp_path / "fresh.db") == {t: [] for t in TABLES}


def test_csv_export_one_row_per_contact(commands, clock):
    commands.contacts.add_contact(
        "Ada Okafor",
        organization="Acme, Inc.",
        tags="alumni, pm",
        phone="+1 555 0100",
        email="ada@acme.example",
    )
    bob = commands.contacts.add_contact("=1+2", notes="multi\nline").contact_id
    commands.pipeline.close(bob, "not_pursuing")  # never asked: not "no response"
    out = io.StringIO()
    assert exporters.export_csv(out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert rows[0]["name"] == "Ada Okafor" and rows[0]["organization"] == "Acme, Inc."
    assert rows[0]["tags"] == "alumni, pm" and rows[0]["phone"] == "+1 555 0100"
    assert rows[0]["stage"] == "identified"
    assert rows[0]["stage_entered_at"] == "2026-11-23T09:00:00Z"
    # A spreadsheet would run this as a formula; the quote keeps it text.
    assert rows[1]["name"] == "'=1+2" and rows[1]["outcome"] == "not_pursuing"
    assert rows[1]["notes"] == "multi\nline"
