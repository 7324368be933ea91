"""A Store is an instance: two can be open in one process, each context uses the one bound
to it, and a facade reaches its own store from any thread."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from iivboard.app.commands import Commands
from iivboard.app.facade import Facade
from iivboard.io.settings import Settings
from iivboard.storage.models import Contact
from iivboard.storage.store import StorageError, Store, check_database_file


def names() -> list[str]:
    return [c.name for c in Contact.select().order_by(Contact.name)]


def test_two_stores_in_one_process_keep_their_own_rows(tmp_path, clock, rules):
    first = Store.open(tmp_path / "first.db")
    second = Store.open(tmp_path / "second.db")
    commands = Commands.build(rules, clock=clock)
    with first.bound():
        commands.contacts.add_contact("Ada")
    with second.bound():
        commands.contacts.add_contact("Bob")
        commands.contacts.add_contact("Cy")
    with first.bound():
        commands.contacts.add_contact("Dee")
        assert names() == ["Ada", "Dee"]
        commands.history.undo()
        assert names() == ["Ada"]
    with second.bound():
        assert names() == ["Bob", "Cy"]  # the undo was the first store's, not this one's
    first.close()
    second.close()
    on_disk = sqlite3.connect(tmp_path / "second.db")
    assert on_disk.execute("SELECT name FROM contact ORDER BY name").fetchall() == [
        ("Bob",),
        ("Cy",),
    ]
    on_disk.close()


def test_two_facades_each_read_and_write_their_own_file(tmp_path, clock, rules):
    settings = Settings(rules=rules)
    left = Facade.open(tmp_path / "left.db", settings, clock)
    right = Facade.open(tmp_path / "right.db", settings, clock)
    ada = left.add_contact("Ada", organization="Acme").contact_id
    right.add_contact("Bob")
    assert [c.name for c in left.cards()] == ["Ada"]
    assert [c.name for c in right.cards()] == ["Bob"]
    assert right.contact(ada) is not None and right.contact(ada).name == "Bob"  # same id, own row
    assert left.organization_names() == ["Acme"] and right.organization_names() == []


def test_nothing_is_bound_outside_a_store_and_a_bug_says_so(tmp_path):
    Store.open(tmp_path / "unbound.db")  # opened, but bound nowhere
    with pytest.raises(RuntimeError, match="no iivboard database is bound"):
        Contact.select().count()


def test_a_facade_reaches_its_store_from_a_plain_thread(tmp_path, clock, rules):
    # Textual's thread workers run in an executor thread with a context of their own.
    facade = Facade.open(tmp_path / "board.db", Settings(rules=rules), clock)
    seen: list[object] = []

    def worker() -> None:
        try:
            facade.add_contact("From a worker")
            seen.append([c.name for c in facade.cards()])
        except Exception as exc:  # handed to the test thread to fail there
            seen.append(exc)
        finally:
            facade.release_thread()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen == [["From a worker"]]
    assert [c.name for c in facade.cards()] == ["From a worker"]


def test_data_version_moves_when_another_connection_commits(store):
    before = store.data_version()
    Commands.build().contacts.add_contact("Ada")  # this connection's own commit
    assert store.data_version() == before
    other = sqlite3.connect(store.path)
    other.execute("UPDATE contact SET role = 'PM'")
    other.commit()
    other.close()
    assert store.data_version() != before


def test_backup_to_is_a_private_copy_with_every_row(store, tmp_path):
    Commands.build().contacts.add_contact("Ada")
    target = tmp_path / "copy.db"
    store.backup_to(target)
    assert target.stat().st_mode & 0o077 == 0
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT name FROM contact").fetchall() == [("Ada",)]
    copy.close()


def test_backup_to_is_one_file_that_opens_without_a_wal(store, tmp_path):
    Commands.build().contacts.add_contact("Ada")
    target = tmp_path / "copy.db"
    store.backup_to(target)
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    copy.execute("SELECT count(*) FROM contact").fetchone()
    copy.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == ["copy.db"]


def test_check_database_file_knows_an_iivboard_database_from_others(store, tmp_path):
    Commands.build().contacts.add_contact("Ada")
    store.backup_to(tmp_path / "good.db")
    assert check_database_file(tmp_path / "good.db") == store._pragma("user_version")
    other = tmp_path / "other.db"
    plain = sqlite3.connect(other)
    plain.execute("CREATE TABLE notes (text)")
    plain.close()
    with pytest.raises(StorageError, match="not an iivboard database"):
        check_database_file(other)
    with pytest.raises(StorageError, match="no such file"):
        check_database_file(tmp_path / "missing.db")


def test_restore_from_replaces_the_content_and_the_store_keeps_working(store, tmp_path):
    Commands.build().contacts.add_contact("Ada")
    store.backup_to(tmp_path / "then.db")
    Commands.build().contacts.add_contact("Bo")
    store.restore_from(tmp_path / "then.db")
    assert names() == ["Ada"]
    Commands.build().contacts.add_contact("Cy")
    assert names() == ["Ada", "Cy"]


def test_every_use_case_of_the_facade_runs_with_its_store_bound():
    import inspect

    unbound = [
        name
        for name, member in vars(Facade).items()
        if not name.startswith("_")
        and inspect.isfunction(member)
        and not hasattr(member, "__wrapped__")
    ]
    assert unbound == []
