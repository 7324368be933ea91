"""Migrations: one module per schema version, run in order by a small runner."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from iivboard.storage import migrations
from iivboard.storage.store import Store

FIXTURES = Path(__file__).parent.parent / "data"


def schema(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
        ).fetchall()
    finally:
        conn.close()


def test_one_migration_per_version_from_two_to_the_newest():
    assert sorted(migrations.MIGRATIONS) == list(range(2, migrations.SCHEMA_VERSION + 1))
    for version, upgrade in migrations.MIGRATIONS.items():
        assert upgrade.__module__ == f"iivboard.storage.migrations.schema_{version}"


def test_every_old_file_upgrades_to_the_schema_of_a_new_one(tmp_path):
    fresh = Store.open(tmp_path / "fresh.db")
    fresh.close()
    for shipped in sorted(FIXTURES.glob("schema_v*.db")):
        copy = tmp_path / f"{shipped.stem}.db"
        shutil.copy(shipped, copy)
        Store.open(copy).close()
        assert schema(copy) == schema(tmp_path / "fresh.db"), shipped.name


def test_a_schema_2_file_upgrades_to_meetings_that_can_be_cancelled(tmp_path):
    import datetime as dt

    from iivboard.app.commands import Commands
    from iivboard.storage.models import Contact, Meeting

    copy = tmp_path / "v2.db"
    shutil.copy(FIXTURES / "schema_v2.db", copy)
    store = Store.open(copy)
    store.bind()
    try:
        assert {(m.cancelled_at, m.sequence) for m in Meeting.select()} == {(None, 0)}
        booked = Contact.get(Contact.stage == "scheduled", Contact.outcome.is_null())
        meeting = Meeting.get(Meeting.contact == booked, Meeting.ended_at.is_null())
        after = max(meeting.starts_at, dt.datetime(2026, 11, 23))
        commands = Commands.build(clock=lambda: after.replace(tzinfo=dt.UTC))
        commands.meetings.cancel_meeting(booked.id)
        meeting = Meeting.get_by_id(meeting.id)
        assert meeting.cancelled_at is not None and meeting.sequence == 1
        assert Contact.get_by_id(booked.id).stage == "requested"
    finally:
        store.close()
