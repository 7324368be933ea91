"""Backups: one a day when the board opens, one by hand, and one before every restore.

Copies go through SQLite's online backup API (Store.backup_to), so they are consistent even
while another program writes. Each is written under a temporary name and renamed into
place (io.atomic), so a copy cut short never passes for a backup. The folder keeps the newest N.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from iivboard.io import atomic
from iivboard.storage.store import SCHEMA_VERSION, StorageError, Store, ensure_private_dir


def _name_prefix(db_path: Path) -> str:
    return f"{Path(db_path).stem}-"


def backups(folder: Path, db_path: Path) -> list[Path]:
    """This database's backups in the folder, oldest first (the names sort by time)."""
    if not folder.is_dir():
        return []
    prefix = _name_prefix(db_path)
    return sorted(
        p
        for p in folder.glob(f"{prefix}????-??-??-??????-*.db")
        if p.name[len(prefix) : len(prefix) + 4].isdigit()
    )


def write_backup(target: Path) -> Path:
    """Copy the open database to `target` (replacing it if there), private (0600)."""
    store = Store.current()
    target = Path(target).expanduser()
    if target.exists() and target.resolve() == store.path.resolve():
        raise StorageError(f"{target} is the database itself; choose another file")

    def copy_into(partial: str) -> None:
        store.backup_to(Path(partial))
        # A copy of a WAL database is in WAL mode too, and opening it would leave -wal and
        # -shm files beside it; a backup should be one self-contained file.
        copy = sqlite3.connect(partial)
        try:
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()

    try:
        atomic.write_with(target, copy_into)
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise StorageError(f"cannot write the backup {target}: {reason}") from exc
    return target


def make_backup(folder: Path, db_path: Path, moment: dt.datetime, kind: str, keep: int) -> Path:
    """A new backup named after the database and the local time, then the oldest
    beyond `keep` are deleted."""
    try:
        ensure_private_dir(folder)
    except OSError as exc:
        raise StorageError(f"cannot create the backup folder {folder}: {exc.strerror}") from exc
    stem = f"{_name_prefix(db_path)}{moment:%Y-%m-%d-%H%M%S}-{kind}"
    target = folder / f"{stem}.db"
    count = 1
    while target.exists():  # two in the same second
        count += 1
        target = folder / f"{stem}{count}.db"
    write_backup(target)
    prune(folder, db_path, keep)
    return target


def prune(folder: Path, db_path: Path, keep: int) -> list[Path]:
    old = backups(folder, db_path)[:-keep] if keep > 0 else []
    for path in old:
        path.unlink(missing_ok=True)
    return old


def daily_backup(folder: Path, db_path: Path, moment: dt.datetime, keep: int) -> Path | None:
    """The first call on a given (local) day makes a backup; later ones do nothing."""
    prefix = f"{_name_prefix(db_path)}{moment:%Y-%m-%d}-"
    if any(
        p.name.startswith(prefix) and p.stem.endswith("-daily") for p in backups(folder, db_path)
    ):
        return None
    return make_backup(folder, db_path, moment, "daily", keep)


def check_backup_file(source: Path) -> int:
    """Refuse anything that is not a readable iivboard database; returns its schema."""
    source = Path(source).expanduser()
    if not source.is_file():
        raise StorageError(f"no such file: {source}")
    try:
        probe = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            version = probe.execute("PRAGMA user_version").fetchone()[0]
            tables = {
                name
                for (name,) in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            check = probe.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            probe.close()
    except sqlite3.Error as exc:
        raise StorageError(f"{source} is not a database iivboard can read: {exc}") from exc
    if not 1 <= version <= SCHEMA_VERSION or "contact" not in tables:
        raise StorageError(
            f"{source} is not an iivboard database this version can read (schema {version})"
        )
    if check != "ok":
        raise StorageError(f"{source} is damaged ({check}); nothing was restored")
    return version


def restore(source: Path, db_path: Path, folder: Path, moment: dt.datetime, keep: int) -> Path:
    """Replace the open database's content with `source`, after backing it up.
    Returns the backup of what was there before."""
    source = Path(source).expanduser()
    check_backup_file(source)
    if source.resolve() == Path(db_path).resolve():
        raise StorageError(f"{source} is the database itself; nothing to restore")
    # No pruning yet: the file being restored is often the oldest backup, and pruning
    # first would delete it before it is read.
    saved = make_backup(folder, db_path, moment, "restore", keep=0)
    store = Store.current()
    try:
        reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            # Into the live connection: the WAL and other readers stay consistent.
            reader.backup(store.connection())
        finally:
            reader.close()
    except sqlite3.Error as exc:
        raise StorageError(
            f"could not restore {source}: {exc}; the database was left as "
            f"it was (a copy is in {saved})"
        ) from exc
    store.close()  # a new connection: the pragmas again (WAL), on the restored content
    store.upgrade()  # permissions, and the upgrade of an older schema
    prune(folder, db_path, keep)
    return saved
