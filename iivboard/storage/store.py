"""Opening the database file: permissions, pragmas, schema version and migrations."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from peewee import DatabaseError, OperationalError
from playhouse.migrate import SqliteMigrator

from iivboard.domain.errors import StorageError
from iivboard.storage.models import MODELS, MetaValue, database

SCHEMA_VERSION = 2


def _add_meta_table(migrator: SqliteMigrator) -> None:
    database.create_tables([MetaValue])


# Version N's function takes a database at version N-1 to N. It runs inside the same
# transaction as the version bump, so a failure leaves the file exactly as it was.
MIGRATIONS: dict[int, Callable[[SqliteMigrator], None]] = {
    2: _add_meta_table,  # schema 2: the meta table (rules fingerprint for due dates)
}

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    # FULL: a commit that returned is on disk even after a power cut.
    "synchronous": 2,
}


def ensure_private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


def _touch_private(path: Path) -> None:
    # Create the file ourselves so it is 0600 from its first byte, before SQLite opens it.
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


def private_files(path: Path) -> list[Path]:
    return [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


def open_database(path: Path | str) -> Path:
    """Bind the models to `path`, creating or upgrading it; raise StorageError on trouble."""
    path = Path(path).expanduser()
    if not database.is_closed():
        database.close()
    fresh = not path.exists() or path.stat().st_size == 0
    try:
        if fresh:
            if not path.parent.exists():
                ensure_private_dir(path.parent)
            _touch_private(path)
    except OSError as exc:
        raise StorageError(f"cannot create the database {path}: {exc.strerror}") from exc
    if not os.access(path, os.R_OK):
        raise StorageError(f"cannot read the database {path}: permission denied")
    if not fresh:
        _check_foreign_file(path)
    database.init(str(path), pragmas=PRAGMAS, timeout=5)
    try:
        database.connect()
        version = database.execute_sql("PRAGMA user_version").fetchone()[0]
        if fresh or (version == 0 and not database.get_tables()):
            with database.atomic("IMMEDIATE"):
                database.create_tables(MODELS)
                database.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
        elif version > SCHEMA_VERSION:
            raise StorageError(
                f"{path} was written by a newer iivboard (schema {version}; this one knows "
                f"{SCHEMA_VERSION}); upgrade iivboard to open it"
            )
        elif version < SCHEMA_VERSION:
            migrate(path, version)
    except StorageError:
        database.close()
        raise
    except (sqlite3.DatabaseError, DatabaseError, OperationalError) as exc:
        database.close()
        raise StorageError(f"cannot open {path}: {exc}") from exc
    for file in private_files(path):
        os.chmod(file, 0o600)
    return path


def _check_foreign_file(path: Path) -> None:
    """Read-only look before the pragmas run: switching to WAL would rewrite the header of
    a file we are about to refuse (not SQLite, or from a newer iivboard)."""
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            version = probe.execute("PRAGMA user_version").fetchone()[0]
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            probe.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"cannot open {path}: {exc}") from exc
    if version > SCHEMA_VERSION:
        raise StorageError(
            f"{path} was written by a newer iivboard (schema {version}; this one knows "
            f"{SCHEMA_VERSION}); upgrade iivboard to open it"
        )


def migrate(path: Path, version: int) -> None:
    if version < 1:
        raise StorageError(f"{path} is not an iivboard database (schema version {version})")
    # A copy first: if anything goes wrong beyond what the transaction can undo, the user
    # still has the file exactly as the older iivboard left it.
    backup_to(path.with_name(f"{path.name}.schema{version}.bak"))
    migrator = SqliteMigrator(database)
    # Foreign keys must be off while tables are rebuilt, and that pragma is ignored
    # inside a transaction, so it is switched around the whole upgrade.
    database.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        with database.atomic("IMMEDIATE"):
            for target in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[target](migrator)
            database.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except Exception as exc:
        raise StorageError(
            f"could not upgrade {path} from schema {version}: {exc}; the file was left unchanged"
        ) from exc
    finally:
        database.execute_sql("PRAGMA foreign_keys = ON")


def data_version() -> int:
    """Changes whenever another connection commits: the cheap way to notice CLI writes."""
    return database.execute_sql("PRAGMA data_version").fetchone()[0]


def backup_to(target: Path) -> None:
    """A consistent copy through SQLite's online backup API, private from the start."""
    target = Path(target)
    _touch_private(target)
    source = database.connection()
    dest = sqlite3.connect(str(target))
    try:
        source.backup(dest)
    finally:
        dest.close()
    os.chmod(target, 0o600)
