"""Schema 4: full-text search over everything the user wrote.

Three external-content FTS5 tables, one per kind of row: contacts (their fields and their
organization's name), meetings (notes and reflection) and events (the text of the history
lines a user writes: notes, the note given with a request or a close, a message logged as
sent). Each reads its text from the table itself or from a view over it, so the index holds
only the words, never a second copy of the text. Triggers keep the index in step inside the
transaction of every write, whoever writes (the CLI, the board, an import, undo and redo,
a restore), so no command has to remember the index.

The tokenizer stems English words (`hire` finds "hiring") and folds accents (`resume` finds
"résumé"). A database from before this schema gets its index built here, in batches that
report progress when there are many rows.
"""

from __future__ import annotations

from typing import Any

from playhouse.migrate import SqliteMigrator

from iivboard.storage.migrations.progress import report

TOKENIZE = "porter unicode61 remove_diacritics 2"

# Above this many rows to index, the build reports its progress (a second or more).
REPORT_ABOVE = 2000
BATCH = 2000

CONTACT_COLUMNS = (
    "name",
    "organization",
    "role",
    "tags",
    "notes",
    "common_ground",
    "source",
    "location",
    "email",
)
# bm25 weights in CONTACT_COLUMNS order: a word in the name or the organization says more
# about who is meant than the same word in the notes.
CONTACT_WEIGHTS = (10.0, 6.0, 4.0, 4.0, 1.0, 2.0, 1.0, 1.0, 1.0)

# History lines whose text iivboard writes itself (which fields were edited, until when a
# contact is snoozed, what an import did...): words the user never wrote, left out.
GENERATED_EVENT_KINDS = (
    "added",
    "edited",
    "imported",
    "snoozed",
    "skipped",
    "rescheduled",
    "call_started",
    "meeting_edited",
    "noted",
    "reopened",
)


def _org(ref: str) -> str:
    return f'(SELECT "name" FROM "organization" WHERE "id" = {ref}."organization_id")'


def _contact_values(ref: str, organization: str | None = None) -> str:
    """The values of a contact's row in the index; `organization` the SQL for its
    organization's name when it is not looked up (an organization's own triggers)."""
    values = [f'{ref}."id"'] + [
        (organization or _org(ref)) if column == "organization" else f'{ref}."{column}"'
        for column in CONTACT_COLUMNS
    ]
    return ", ".join(values)


def _fts_columns(table: str, delete: bool = False) -> str:
    columns = ", ".join(f'"{c}"' for c in CONTACT_COLUMNS)
    return f'"{table}"("{table}", rowid, {columns})' if delete else f'"{table}"(rowid, {columns})'


_KINDS = ", ".join(f"'{kind}'" for kind in GENERATED_EVENT_KINDS)


def _event_kept(ref: str) -> str:
    return f'{ref}."text" != \'\' AND {ref}."kind" NOT IN ({_KINDS})'


def _contact_changed() -> str:
    columns = ["organization_id"] + [c for c in CONTACT_COLUMNS if c != "organization"]
    return " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in columns)


def _statements() -> list[str]:
    contact_columns = ", ".join(f'"{c}"' for c in CONTACT_COLUMNS)
    view_columns = ", ".join(
        'o."name" AS "organization"' if c == "organization" else f'c."{c}" AS "{c}"'
        for c in CONTACT_COLUMNS
    )
    weights = ", ".join(str(w) for w in CONTACT_WEIGHTS)
    return [
        # ---------------------------------------------------------------- contacts
        f'CREATE VIEW "search_contact_rows" AS SELECT c."id" AS "id", {view_columns} '
        'FROM "contact" AS c LEFT JOIN "organization" AS o ON o."id" = c."organization_id"',
        f'CREATE VIRTUAL TABLE "search_contact" USING fts5({contact_columns}, '
        "content='search_contact_rows', content_rowid='id', "
        f"tokenize='{TOKENIZE}')",
        f"INSERT INTO \"search_contact\"(\"search_contact\", rank) VALUES ('rank', 'bm25({weights})')",
        f'CREATE TRIGGER "search_contact_insert" AFTER INSERT ON "contact" BEGIN '
        f"INSERT INTO {_fts_columns('search_contact')} SELECT {_contact_values('NEW')}; END",
        f'CREATE TRIGGER "search_contact_delete" AFTER DELETE ON "contact" BEGIN '
        f"INSERT INTO {_fts_columns('search_contact', delete=True)} "
        f"SELECT 'delete', {_contact_values('OLD')}; END",
        f'CREATE TRIGGER "search_contact_update" AFTER UPDATE ON "contact" '
        f"WHEN {_contact_changed()} BEGIN "
        f"INSERT INTO {_fts_columns('search_contact', delete=True)} "
        f"SELECT 'delete', {_contact_values('OLD')}; "
        f"INSERT INTO {_fts_columns('search_contact')} SELECT {_contact_values('NEW')}; END",
        # An organization's name is in its contacts' rows of the index. Organizations are
        # found or created, never renamed by a command, but undo deletes one it created and
        # redo or a restore inserts one (perhaps after contacts that name it): each time the
        # rows of its contacts are written again with the name as the view now shows it.
        # Before a delete, because ON DELETE SET NULL then updates the contacts when the
        # organization is already gone (their update trigger finds no name, as indexed here).
        'CREATE TRIGGER "search_organization_delete" BEFORE DELETE ON "organization" BEGIN '
        f"INSERT INTO {_fts_columns('search_contact', delete=True)} "
        f"SELECT 'delete', {_contact_values('c', 'OLD.name')} "
        'FROM "contact" AS c WHERE c."organization_id" = OLD."id"; '
        f"INSERT INTO {_fts_columns('search_contact')} "
        f"SELECT {_contact_values('c', 'NULL')} "
        'FROM "contact" AS c WHERE c."organization_id" = OLD."id"; END',
        'CREATE TRIGGER "search_organization_insert" AFTER INSERT ON "organization" BEGIN '
        f"INSERT INTO {_fts_columns('search_contact', delete=True)} "
        f"SELECT 'delete', {_contact_values('c', 'NULL')} "
        'FROM "contact" AS c WHERE c."organization_id" = NEW."id"; '
        f"INSERT INTO {_fts_columns('search_contact')} "
        f"SELECT {_contact_values('c', 'NEW.name')} "
        'FROM "contact" AS c WHERE c."organization_id" = NEW."id"; END',
        'CREATE TRIGGER "search_organization_rename" AFTER UPDATE OF "name" ON "organization" '
        'WHEN OLD."name" IS NOT NEW."name" BEGIN '
        f"INSERT INTO {_fts_columns('search_contact', delete=True)} "
        f"SELECT 'delete', {_contact_values('c', 'OLD.name')} "
        'FROM "contact" AS c WHERE c."organization_id" = NEW."id"; '
        f"INSERT INTO {_fts_columns('search_contact')} "
        f"SELECT {_contact_values('c', 'NEW.name')} "
        'FROM "contact" AS c WHERE c."organization_id" = NEW."id"; END',
        # ---------------------------------------------------------------- meetings
        'CREATE VIRTUAL TABLE "search_meeting" USING fts5("notes", "reflection", '
        f"content='meeting', content_rowid='id', tokenize='{TOKENIZE}')",
        'CREATE TRIGGER "search_meeting_insert" AFTER INSERT ON "meeting" BEGIN '
        'INSERT INTO "search_meeting"(rowid, "notes", "reflection") '
        'VALUES (NEW."id", NEW."notes", NEW."reflection"); END',
        'CREATE TRIGGER "search_meeting_delete" AFTER DELETE ON "meeting" BEGIN '
        'INSERT INTO "search_meeting"("search_meeting", rowid, "notes", "reflection") '
        'VALUES (\'delete\', OLD."id", OLD."notes", OLD."reflection"); END',
        # Call mode saves the notes every second while the user types: only a change of
        # the words rewrites the row.
        'CREATE TRIGGER "search_meeting_update" AFTER UPDATE ON "meeting" '
        'WHEN OLD."notes" IS NOT NEW."notes" OR OLD."reflection" IS NOT NEW."reflection" '
        "BEGIN "
        'INSERT INTO "search_meeting"("search_meeting", rowid, "notes", "reflection") '
        'VALUES (\'delete\', OLD."id", OLD."notes", OLD."reflection"); '
        'INSERT INTO "search_meeting"(rowid, "notes", "reflection") '
        'VALUES (NEW."id", NEW."notes", NEW."reflection"); END',
        # ---------------------------------------------------------------- events
        'CREATE VIEW "search_event_rows" AS SELECT e."id" AS "id", e."text" AS "text" '
        f'FROM "event" AS e WHERE {_event_kept("e")}',
        'CREATE VIRTUAL TABLE "search_event" USING fts5("text", '
        f"content='search_event_rows', content_rowid='id', tokenize='{TOKENIZE}')",
        'CREATE TRIGGER "search_event_insert" AFTER INSERT ON "event" '
        f"WHEN {_event_kept('NEW')} BEGIN "
        'INSERT INTO "search_event"(rowid, "text") VALUES (NEW."id", NEW."text"); END',
        'CREATE TRIGGER "search_event_delete" AFTER DELETE ON "event" '
        f"WHEN {_event_kept('OLD')} BEGIN "
        'INSERT INTO "search_event"("search_event", rowid, "text") '
        'VALUES (\'delete\', OLD."id", OLD."text"); END',
        'CREATE TRIGGER "search_event_update" AFTER UPDATE ON "event" '
        'WHEN OLD."text" IS NOT NEW."text" OR OLD."kind" IS NOT NEW."kind" BEGIN '
        'INSERT INTO "search_event"("search_event", rowid, "text") '
        f'SELECT \'delete\', OLD."id", OLD."text" WHERE {_event_kept("OLD")}; '
        'INSERT INTO "search_event"(rowid, "text") '
        f'SELECT NEW."id", NEW."text" WHERE {_event_kept("NEW")}; END',
    ]


# (index table, the rows it reads, its columns): what a build fills, in this order.
INDEXES = (
    ("search_contact", "search_contact_rows", CONTACT_COLUMNS),
    ("search_meeting", "meeting", ("notes", "reflection")),
    ("search_event", "search_event_rows", ("text",)),
)


def create(database: Any) -> None:
    """The search tables, views and triggers, empty: for a new database, and the first half
    of the upgrade."""
    for statement in _statements():
        database.execute_sql(statement)


def _dependent(statement: str) -> bool:
    return statement.startswith(("CREATE VIEW", "CREATE TRIGGER"))


def detach(database: Any) -> None:
    """Drop the views and triggers over the user's tables (the index itself stays), so a
    later migration may rebuild a table: SQLite's rebuild (rename, copy, drop) would leave
    a view naming a table that is gone and drop the triggers with the old table."""
    rows = database.execute_sql(
        "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger') "
        "AND name LIKE 'search\\_%' ESCAPE '\\'"
    ).fetchall()
    for kind, name in rows:
        database.execute_sql(f'DROP {kind.upper()} IF EXISTS "{name}"')


def reattach(database: Any) -> None:
    """The views and triggers again after detach, and the index read afresh from the rows
    (a migration may have changed them)."""
    for statement in _statements():
        if _dependent(statement):
            database.execute_sql(statement)
    for table, _source, _columns in INDEXES:
        database.execute_sql(f'INSERT INTO "{table}"("{table}") VALUES (\'delete-all\')')
    build(database)


def build(database: Any) -> int:
    """Index every row already written, in batches; reports progress (the rows done of the
    rows in all) when there are more than REPORT_ABOVE. Returns the rows indexed."""
    counts = {
        source: database.execute_sql(f'SELECT count(*) FROM "{source}"').fetchone()[0]
        for _table, source, _columns in INDEXES
    }
    total = sum(counts.values())
    loud = total > REPORT_ABOVE
    done = 0
    if loud:
        report("Building the search index", 0, total)
    for table, source, columns in INDEXES:
        names = ", ".join(f'"{c}"' for c in columns)
        last = 0
        while True:
            rows = database.execute_sql(
                f'SELECT "id", {names} FROM "{source}" WHERE "id" > ? ORDER BY "id" LIMIT ?',
                (last, BATCH),
            ).fetchall()
            if not rows:
                break
            marks = ", ".join("?" for _ in range(len(columns) + 1))
            cursor = database.cursor()
            cursor.executemany(f'INSERT INTO "{table}"(rowid, {names}) VALUES ({marks})', rows)
            last = rows[-1][0]
            done += len(rows)
            if loud:
                report("Building the search index", done, total)
        # Merges the segments a bulk insert leaves: a smaller index, faster queries.
        database.execute_sql(f'INSERT INTO "{table}"("{table}") VALUES (\'optimize\')')
    return total


def upgrade(migrator: SqliteMigrator) -> None:
    create(migrator.database)
    build(migrator.database)
