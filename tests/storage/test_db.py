import shutil
import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from iivboard.app.commands import Commands
from iivboard.domain.errors import NotDone
from iivboard.storage.models import Contact, Event, Meeting, Organization, database
from iivboard.storage.store import SCHEMA_VERSION, StorageError, open_database, private_files

FIXTURES = Path(__file__).resolve().parents[1] / "data"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_database_and_folder_are_private(tmp_path):
    path = tmp_path / "fresh" / "deep" / "board.db"
    open_database(path)
    Commands.build().contacts.add_contact("Ada")
    assert mode(path.parent) == 0o700
    files = private_files(path)
    assert path in files
    assert all(mode(f) == 0o600 for f in files)


def test_pragmas(db_path):
    pragma = lambda name: database.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("synchronous") == 2
    assert pragma("busy_timeout") >= 1000
    assert pragma("user_version") == SCHEMA_VERSION


@pytest.mark.parametrize("shipped", sorted(FIXTURES.glob("schema_v*.db")), ids=lambda p: p.stem)
def test_every_shipped_schema_opens_with_every_row(tmp_path, shipped):
    copy = tmp_path / "old.db"
    shutil.copy(shipped, copy)
    open_database(copy)
    assert database.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert Organization.select().count() == 8
    assert Contact.select().count() == 40
    assert Meeting.select().count() == 15
    assert Event.select().count() == 126
    victor = Contact.get(Contact.name == "Victor Huang")
    assert victor.stage == "met" and victor.organization.name == "Atlas Robotics"
    assert "hiring freeze" in Meeting.get(Meeting.contact == victor).notes
    assert Contact.get(Contact.name == "Kira Novak").referred_by_id == victor.id
    Commands.build().contacts.add_contact("After the upgrade")  # and it takes new writes
    assert Contact.select().count() == 41


def test_a_fixture_exists_for_every_schema_version():
    assert {int(p.stem.removeprefix("schema_v")) for p in FIXTURES.glob("schema_v*.db")} == set(
        range(1, SCHEMA_VERSION + 1)
    )


def test_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE x (y)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StorageError, match="newer iivboard"):
        open_database(path)
    assert path.read_bytes() == before


def test_not_a_database_gets_a_clear_message(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 50)
    before = path.read_bytes()
    with pytest.raises(StorageError, match="cannot open"):
        open_database(path)
    assert path.read_bytes() == before


def test_write_while_another_process_holds_the_lock_fails_cleanly(db_path, clock):
    commands = Commands.build(clock=clock)
    cid = commands.contacts.add_contact("Ada").contact_id
    database.execute_sql("PRAGMA busy_timeout = 100")
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(NotDone, match="busy"):
            commands.pipeline.move(cid, "requested")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert Contact.get_by_id(cid).stage == "identified"
    commands.pipeline.move(cid, "requested")
    assert Contact.get_by_id(cid).stage == "requested"


def test_write_waits_for_a_short_lock(db_path, clock):
    commands = Commands.build(clock=clock)
    cid = commands.contacts.add_contact("Ada").contact_id
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
    commands.pipeline.move(cid, "requested")  # IMMEDIATE waits out the busy timeout
    assert Contact.get_by_id(cid).stage == "requested"
    other.close()
