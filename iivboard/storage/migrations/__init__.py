"""Schema upgrades: one module per schema version, each taking a database one version up.

To change the schema: write `schema_N.py` with an `upgrade(migrator)` that takes a database
at version N-1 to N, add it to MIGRATIONS, and ship a `tests/data/schema_vN.db` fixture.
A migration writes its SQL as it was on the day (never through today's models), so an old
file upgrades the same way whatever the models have become since.

From schema 4 on, the search index's views and triggers are dropped while later migrations
run and made again after, with the index read afresh from the rows (schema_4.detach and
reattach): a migration may rebuild a table without knowing about them. A migration that
changes the index itself (its columns, its tokenizer) makes it anew in its own module and
points storage/search.py's create_index at it.
"""

from __future__ import annotations

from collections.abc import Callable

from playhouse.migrate import SqliteMigrator

from iivboard.storage.migrations import schema_2, schema_3, schema_4
from iivboard.storage.migrations.progress import Progress, reporting

Migration = Callable[[SqliteMigrator], None]

# Version N's upgrade takes a database at version N-1 to N.
MIGRATIONS: dict[int, Migration] = {
    2: schema_2.upgrade,
    3: schema_3.upgrade,
    4: schema_4.upgrade,
}

# The schema that added the search index (views and triggers over the user's tables).
SEARCH_INDEX_SINCE = 4

# The version a new database is created at, and the newest this iivboard can open.
SCHEMA_VERSION = max(MIGRATIONS)


def run(migrator: SqliteMigrator, version: int, progress: Progress | None = None) -> int:
    """Upgrade a database at `version` to SCHEMA_VERSION, in one transaction with the version
    bump, so a failure leaves the file exactly as it was. Returns the new version. Both
    names are read at call time: a test adds a future version by patching them. A long
    step (building the search index) tells `progress` how far it is."""
    database = migrator.database
    target_version = SCHEMA_VERSION
    # Foreign keys must be off while tables are rebuilt, and that pragma is ignored inside a
    # transaction, so it is switched around the whole upgrade.
    database.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        with reporting(progress), database.atomic("IMMEDIATE"):
            detached = False
            for target in range(version + 1, target_version + 1):
                if target > SEARCH_INDEX_SINCE and not detached:
                    # A later migration may rebuild a table the search index's views and
                    # triggers name: they are set aside and the index is read afresh after.
                    schema_4.detach(database)
                    detached = True
                MIGRATIONS[target](migrator)
            if detached:
                schema_4.reattach(database)
            database.execute_sql(f"PRAGMA user_version = {target_version}")
    finally:
        database.execute_sql("PRAGMA foreign_keys = ON")
    return target_version
