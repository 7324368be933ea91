"""Backups: one a day when the board opens, one by hand, and one before every restore.

The copy itself is storage's (Store.backup_to: SQLite's online backup API, consistent even
while another program writes, one self-contained file). Here: where copies go and what they
are called, writing each under a temporary name and renaming it into place (io.atomic, so a
copy cut short never passes for a backup), keeping the newest N, and the order of a restore.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from iivboard.io import atomic
from iivboard.storage.store import StorageError, Store, check_database_file, ensure_private_dir

__all__ = ["backups", "daily_backup", "make_backup", "prune", "restore", "write_backup"]


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


def write_backup(store: Store, target: Path) -> Path:
    """Copy the store's database to `target` (replacing it if there), private (0600)."""
    target = Path(target).expanduser()
    if target.exists() and target.resolve() == store.path.resolve():
        raise StorageError(f"{target} is the database itself; choose another file")

    def copy_into(partial: str) -> None:
        store.backup_to(Path(partial))

    try:
        atomic.write_with(target, copy_into)
    except OSError as exc:
        raise StorageError(f"cannot write the backup {target}: {exc.strerror or exc}") from exc
    except StorageError as exc:
        raise StorageError(f"cannot write the backup {target}: {exc}") from exc
    return target


def make_backup(store: Store, folder: Path, moment: dt.datetime, kind: str, keep: int) -> Path:
    """A new backup named after the database and the local time, then the oldest
    beyond `keep` are deleted (none if `keep` is 0)."""
    try:
        ensure_private_dir(folder)
    except OSError as exc:
        raise StorageError(f"cannot create the backup folder {folder}: {exc.strerror}") from exc
    stem = f"{_name_prefix(store.path)}{moment:%Y-%m-%d-%H%M%S}-{kind}"
    target = folder / f"{stem}.db"
    count = 1
    while target.exists():  # two in the same second
        count += 1
        target = folder / f"{stem}{count}.db"
    write_backup(store, target)
    prune(folder, store.path, keep)
    return target


def prune(folder: Path, db_path: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups of the database (none if `keep` is 0);
    returns those deleted."""
    old = backups(folder, db_path)[:-keep] if keep > 0 else []
    for path in old:
        path.unlink(missing_ok=True)
    return old


def daily_backup(store: Store, folder: Path, moment: dt.datetime, keep: int) -> Path | None:
    """The first call on a given (local) day makes a backup; later ones do nothing."""
    prefix = f"{_name_prefix(store.path)}{moment:%Y-%m-%d}-"
    if any(
        p.name.startswith(prefix) and p.stem.endswith("-daily") for p in backups(folder, store.path)
    ):
        return None
    return make_backup(store, folder, moment, "daily", keep)


def restore(store: Store, source: Path, folder: Path, moment: dt.datetime, keep: int) -> Path:
    """Replace the store's content with `source`, after backing it up.
    Returns the backup of what was there before."""
    source = Path(source).expanduser()
    check_database_file(source)
    if source.resolve() == store.path.resolve():
        raise StorageError(f"{source} is the database itself; nothing to restore")
    # No pruning yet: the file being restored is often the oldest backup, and pruning
    # first would delete it before it is read.
    saved = make_backup(store, folder, moment, "restore", keep=0)
    try:
        store.restore_from(source)
    except StorageError as exc:
        raise StorageError(f"{exc} (a copy is in {saved})") from exc
    prune(folder, store.path, keep)
    return saved
