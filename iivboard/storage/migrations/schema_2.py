"""Schema 2: the meta table, small facts about the database itself (e.g. the fingerprint of
the rules that computed the stored due dates)."""

from __future__ import annotations

from playhouse.migrate import SqliteMigrator


def upgrade(migrator: SqliteMigrator) -> None:
    migrator.database.execute_sql(
        'CREATE TABLE IF NOT EXISTS "meta" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, '
        '"value" TEXT NOT NULL)'
    )
