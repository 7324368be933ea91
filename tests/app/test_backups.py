"""Backups: daily rotation, private files, and restore that keeps what it replaces."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
from contextlib import closing

import pytest

from iivboard.app import backups as backup
from iivboard.storage.models import Contact
from iivboard.storage.store import StorageError

DAY = dt.datetime(2026, 11, 23, 8, 30)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def names_in(path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [n for (n,) in conn.execute("SELECT name FROM contact ORDER BY id")]


def test_daily_backup_once_a_day_keeping_the_newest(commands, store, db_path, tmp_path):
    folder = tmp_path / "data" / "backups"
    commands.contacts.add_contact("Ada")
    first = backup.daily_backup(store, folder, DAY, keep=3)
    assert first is not None and first.name == "test-2026-11-23-083000-daily.db"
    assert mode(folder) == 0o700 and mode(first) == 0o600
    assert names_in(first) == ["Ada"]
    assert backup.daily_backup(store, folder, DAY.replace(hour=23), keep=3) is None
    made = [first]
    for days in range(1, 5):
        commands.contacts.add_contact(f"Day {days}")
        made.append(backup.daily_backup(store, folder, DAY + dt.timedelta(days=days), keep=3))
    assert backup.backups(folder, db_path) == made[-3:]
    assert sorted(p.name for p in folder.iterdir()) == [p.name for p in made[-3:]]
    assert names_in(made[-1]) == ["Ada", "Day 1", "Day 2", "Day 3", "Day 4"]
    # One self-contained file each: reading a backup leaves no -wal or -shm beside it.
    assert sorted(p.name for p in folder.iterdir()) == [p.name for p in made[-3:]]


def test_backups_of_another_database_are_left_alone(commands, store, db_path, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    other = folder / "work-2026-01-01-000000-daily.db"
    other.write_bytes(b"")
    backup.make_backup(store, folder, DAY, "manual", keep=1)
    backup.make_backup(store, folder, DAY, "manual", keep=1)
    assert other.exists()
    assert [p.name for p in backup.backups(folder, db_path)] == [
        "test-2026-11-23-083000-manual2.db"
    ]


def test_write_backup_refuses_the_database_itself(commands, store, db_path):
    with pytest.raises(StorageError, match="is the database itself"):
        backup.write_backup(store, db_path)


def test_backup_into_a_missing_folder_fails_cleanly(commands, store, tmp_path):
    target = tmp_path / "nowhere" / "b.db"
    with pytest.raises(StorageError, match="cannot write the backup"):
        backup.write_backup(store, target)
    assert not target.parent.exists()


def test_restore_backs_up_the_current_database_first(commands, store, db_path, tmp_path):
    folder = tmp_path / "backups"
    commands.contacts.add_contact("Ada")
    saved_then = backup.write_backup(store, tmp_path / "then.db")
    commands.contacts.add_contact("Bo")

    kept = backup.restore(store, saved_then, folder, DAY, keep=5)

    assert [c.name for c in Contact.select()] == ["Ada"]
    assert names_in(kept) == ["Ada", "Bo"] and kept.name.endswith("-restore.db")
    commands.contacts.add_contact("Cy")  # the board keeps working on the restored file
    assert [c.name for c in Contact.select().order_by(Contact.id)] == ["Ada", "Cy"]
    assert mode(db_path) == 0o600


@pytest.mark.parametrize(
    "content, words",
    [
        (b"not a database at all, just some bytes" * 200, "not a database iivboard can read"),
        (None, "not an iivboard database"),
    ],
)
def test_restore_refuses_what_is_not_an_iivboard_backup(
    commands, store, db_path, tmp_path, content, words
):
    commands.contacts.add_contact("Ada")
    source = tmp_path / "other.db"
    if content is None:
        with closing(sqlite3.connect(source)) as conn:
            conn.execute("CREATE TABLE notes (text)")
    else:
        source.write_bytes(content)
    with pytest.raises(StorageError, match=words):
        backup.restore(store, source, tmp_path / "backups", DAY, keep=5)
    assert [c.name for c in Contact.select()] == ["Ada"]
    assert not (tmp_path / "backups").exists()


def test_restoring_the_oldest_backup_keeps_it_until_it_is_read(tmp_path):
    from iivboard.app.commands import Commands
    from iivboard.storage.store import Store, open_database

    db = tmp_path / "live.db"
    folder = tmp_path / "backups"
    open_database(db)
    live = Store.current()
    Commands.build().contacts.add_contact("Before")
    first = backup.make_backup(live, folder, dt.datetime(2026, 11, 1, 9), "manual", 2)
    Commands.build().contacts.add_contact("Later")
    backup.make_backup(live, folder, dt.datetime(2026, 11, 2, 9), "manual", 2)
    backup.restore(live, first, folder, dt.datetime(2026, 11, 3, 9), keep=2)
    assert [c.name for c in Contact.select()] == ["Before"]
    assert len(backup.backups(folder, db)) == 2
