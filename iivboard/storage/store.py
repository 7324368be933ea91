"""One open database file: permissions, pragmas, schema version and migrations.

A Store is an instance, not a module global: `Store.open(path)` gives one, and the models
use whichever Store is bound in the current context (see storage/bound.py). The facade
binds its Store around every use case, so worker threads reach the same file.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import Token
from pathlib import Path
from typing import Any, cast

from peewee import DatabaseError, OperationalError, SqliteDatabase
from playhouse.migrate import SqliteMigrator

from iivboard.domain.errors import StorageError
from iivboard.storage import migrations
from iivboard.storage.bound import bound_store, current_store
from iivboard.storage.migrations.progress import Progress
from iivboard.storage.models import MODELS
from iivboard.storage.search import create_index

__all__ = [
    "PRAGMAS",
    "SCHEMA_VERSION",
    "StorageError",
    "Store",
    "check_database_file",
    "ensure_private_dir",
    "open_database",
    "private_files",
]

# The newest schema (for readers that only compare; the runner reads migrations' own).
SCHEMA_VERSION = migrations.SCHEMA_VERSION

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


def _newer(path: Path, version: int) -> StorageError:
    return StorageError(
        f"{path} was written by a newer iivboard (schema {version}; this one knows "
        f"{migrations.SCHEMA_VERSION}); upgrade iivboard to open it"
    )


class Store:
    """An open iivboard database. Each thread has its own SQLite connection to it (peewee
    keeps them per thread); `close` closes the calling thread's."""

    def __init__(self, path: Path, database: SqliteDatabase) -> None:
        self.path = path
        self.database = database

    def _pragma(self, name: str) -> int:
        # peewee's stubs leave execute_sql untyped.
        value: int = cast(Any, self.database).execute_sql(f"PRAGMA {name}").fetchone()[0]
        return value

    def _set_pragma(self, name: str, value: int) -> None:
        cast(Any, self.database).execute_sql(f"PRAGMA {name} = {int(value)}")

    @classmethod
    def open(cls, path: Path | str, progress: Progress | None = None) -> Store:
        """The database at `path`, created (private) or upgraded; StorageError on trouble.
        A long upgrade tells `progress` how far it is."""
        path = Path(path).expanduser()
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
        store = cls(path, SqliteDatabase(str(path), pragmas=PRAGMAS, timeout=5))
        store.upgrade(fresh=fresh, progress=progress)
        return store

    @classmethod
    def current(cls) -> Store:
        """The Store bound in this context; RuntimeError (a bug) if there is none."""
        return bound_store()

    # ------------------------------------------------------------ binding

    @contextmanager
    def bound(self) -> Iterator[Store]:
        """The models use this Store inside the block (this thread or task only)."""
        token = current_store.set(self)
        try:
            yield self
        finally:
            current_store.reset(token)

    def bind(self) -> Token[Store | None]:
        """The models use this Store for the rest of the current context (a CLI run, a
        test); hand the token to `unbind` to undo it."""
        return current_store.set(self)

    @staticmethod
    def unbind(token: Token[Store | None]) -> None:
        current_store.reset(token)

    # ------------------------------------------------------------ the file

    def upgrade(self, fresh: bool = False, progress: Progress | None = None) -> None:
        """Create the tables of a new file, or bring an older schema up to date; then make
        the file and its WAL private. Also run after a restore replaced the content."""
        database = self.database
        try:
            database.connect(reuse_if_open=True)
            version = self._pragma("user_version")
            if fresh or (version == 0 and not database.get_tables()):
                with self.bound(), database.atomic("IMMEDIATE"):
                    database.create_tables(MODELS)
                    create_index(database)
                    self._set_pragma("user_version", migrations.SCHEMA_VERSION)
            elif version > migrations.SCHEMA_VERSION:
                raise _newer(self.path, version)
            elif version < migrations.SCHEMA_VERSION:
                self._migrate(version, progress)
        except StorageError:
            database.close()
            raise
        except (sqlite3.DatabaseError, DatabaseError, OperationalError) as exc:
            database.close()
            raise StorageError(f"cannot open {self.path}: {exc}") from exc
        for file in private_files(self.path):
            os.chmod(file, 0o600)

    def _migrate(self, version: int, progress: Progress | None) -> None:
        if version < 1:
            raise StorageError(
                f"{self.path} is not an iivboard database (schema version {version})"
            )
        # A copy first: if anything goes wrong beyond what the transaction can undo, the
        # user still has the file exactly as the older iivboard left it.
        safety = self.path.with_name(f"{self.path.name}.schema{version}.bak")
        partial = safety.with_name(f".{safety.name}.part")
        try:
            self.backup_to(partial)  # under another name until whole: never half a copy
            os.replace(partial, safety)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        try:
            with self.bound():
                migrations.run(SqliteMigrator(self.database), version, progress)
        except Exception as exc:
            raise StorageError(
                f"could not upgrade {self.path} from schema {version}: {exc}; "
                "the file was left unchanged"
            ) from exc

    def close(self) -> None:
        """Close this thread's connection (a worker thread does so when it is done)."""
        if not self.database.is_closed():
            self.database.close()

    def connection(self) -> sqlite3.Connection:
        """This thread's sqlite3 connection, for SQLite's own backup API."""
        connection: sqlite3.Connection = cast(Any, self.database).connection()
        return connection

    def data_version(self) -> int:
        """Changes whenever another connection commits: the cheap way to notice CLI writes."""
        return self._pragma("data_version")

    def backup_to(self, target: Path) -> None:
        """A consistent copy through SQLite's online backup API, private from the start,
        even while another program writes. The copy is one self-contained file (DELETE
        journal mode): a copy of a WAL database would be in WAL mode too, and opening it
        would leave -wal and -shm files beside it. StorageError if SQLite fails; OSError
        (a missing folder, a full disk) propagates for the caller to word."""
        target = Path(target)
        _touch_private(target)
        try:
            dest = sqlite3.connect(str(target))
            try:
                self.connection().backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
        except sqlite3.Error as exc:
            raise StorageError(str(exc)) from exc
        os.chmod(target, 0o600)

    def restore_from(self, source: Path) -> None:
        """Replace this database's content with the database file `source` (check it first
        with check_database_file), then reopen and upgrade it. The copy goes into the live
        connection, so the WAL and other readers stay consistent; if it fails, the content
        is left as it was."""
        source = Path(source).expanduser()
        try:
            reader = _read_only(source)
            try:
                reader.backup(self.connection())
            finally:
                reader.close()
        except sqlite3.Error as exc:
            raise StorageError(
                f"could not restore {source}: {exc}; the database was left as it was"
            ) from exc
        self.close()  # a new connection: the pragmas again (WAL), on the restored content
        self.upgrade()  # permissions, and the upgrade of an older schema


def open_database(path: Path | str) -> Path:
    """Open `path` and bind it for the rest of the current context (a CLI run, a test);
    returns the path. The front ends that hold a Store use Store.open instead."""
    store = Store.open(path)
    previous = current_store.get()
    if previous is not None:
        previous.close()  # replaced here, as when this was the one global database
    store.bind()
    return store.path


def _read_only(path: Path) -> sqlite3.Connection:
    # Read-only, so looking at a file never changes it (no WAL switch, no journal).
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _check_foreign_file(path: Path) -> None:
    """Read-only look before the pragmas run: switching to WAL would rewrite the header of
    a file we are about to refuse (not SQLite, or from a newer iivboard)."""
    try:
        probe = _read_only(path)
        try:
            version: int = probe.execute("PRAGMA user_version").fetchone()[0]
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            probe.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"cannot open {path}: {exc}") from exc
    if version > migrations.SCHEMA_VERSION:
        raise _newer(path, version)


def check_database_file(source: Path) -> int:
    """Refuse anything that is not a readable, undamaged iivboard database of a schema
    this version knows (StorageError); returns its schema version."""
    source = Path(source).expanduser()
    if not source.is_file():
        raise StorageError(f"no such file: {source}")
    try:
        probe = _read_only(source)
        try:
            version: int = probe.execute("PRAGMA user_version").fetchone()[0]
            tables = {
                name
                for (name,) in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            check: str = probe.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            probe.close()
    except sqlite3.Error as exc:
        raise StorageError(f"{source} is not a database iivboard can read: {exc}") from exc
    if not 1 <= version <= migrations.SCHEMA_VERSION or "contact" not in tables:
        raise StorageError(
            f"{source} is not an iivboard database this version can read (schema {version})"
        )
    if check != "ok":
        raise StorageError(f"{source} is damaged ({check}); nothing was restored")
    return version
