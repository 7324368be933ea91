"""Schema 3: a meeting can be cancelled (kept, with the moment it was called off), and it
counts its changes for the calendar export (the iCalendar SEQUENCE)."""

from __future__ import annotations

from playhouse.migrate import SqliteMigrator


def upgrade(migrator: SqliteMigrator) -> None:
    database = migrator.database
    database.execute_sql('ALTER TABLE "meeting" ADD COLUMN "cancelled_at" DATETIME')
    database.execute_sql('ALTER TABLE "meeting" ADD COLUMN "sequence" INTEGER NOT NULL DEFAULT 0')
