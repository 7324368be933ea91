"""The search index (schema 4): kept in step by triggers through every kind of write, built
by the migration for an older file, and safe whatever text is searched for."""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iivboard.app.search import search
from iivboard.domain.errors import StorageError
from iivboard.domain.search import parse_query
from iivboard.storage import search as index
from iivboard.storage.migrations import schema_4
from iivboard.storage.models import Contact, Organization, database
from iivboard.storage.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "data"


def names(query: str, **kwargs) -> list[str]:
    return [hit.name for hit in search(query, **kwargs)]


def kinds(query: str) -> set[tuple[str, str]]:
    return {(hit.kind, hit.name) for hit in search(query)}


def test_a_new_database_has_an_empty_index_that_passes_its_check(store):
    index.check_index()
    assert search("anything") == []


def test_the_check_finds_an_index_out_of_step(commands):
    commands.contacts.add_contact("Ada Okafor", notes="robots")
    database.execute_sql("DROP TRIGGER search_contact_update")
    database.execute_sql("UPDATE contact SET notes = 'gardens'")
    with pytest.raises(StorageError, match="out of step"):
        index.check_index()


def test_edit_delete_undo_and_redo_keep_the_index_in_step(commands):
    ada = commands.contacts.add_contact(
        "Ada Okafor", organization="Lumen", notes="robots"
    ).contact_id
    assert names("robots") == ["Ada Okafor"]
    commands.contacts.update_contact(ada, notes="gardens", organization="Northwind")
    assert names("robots") == [] and names("gardens") == ["Ada Okafor"]
    assert names("northwind") == ["Ada Okafor"] and names("lumen") == []
    index.check_index()
    commands.history.undo()  # back to Lumen and robots
    assert names("robots") == ["Ada Okafor"] and names("northwind") == []
    assert names("lumen") == ["Ada Okafor"]
    index.check_index()
    commands.history.redo()
    assert names("gardens") == ["Ada Okafor"] and names("northwind") == ["Ada Okafor"]
    commands.pipeline.log(ada, "note", note="talked about the hiring freeze")
    assert kinds("freeze") == {("note", "Ada Okafor")}
    commands.contacts.delete_contact(ada)  # its history goes with it, by cascade
    assert search("gardens") == [] and search("freeze") == []
    index.check_index()
    commands.history.undo()  # the contact, its history and its organization come back
    assert kinds("freeze") == {("note", "Ada Okafor")}
    assert names("northwind") == ["Ada Okafor"]
    index.check_index()


def test_an_organization_deleted_or_renamed_under_its_contacts(commands):
    commands.contacts.add_contact("Ada Okafor", organization="Lumen")
    commands.contacts.add_contact("Bo Chen", organization="Lumen")
    database.execute_sql("UPDATE organization SET name = 'Lumen Energy'")
    assert sorted(names('"lumen energy"')) == ["Ada Okafor", "Bo Chen"]
    index.check_index()
    database.execute_sql("DELETE FROM organization")  # the contacts' link is set to null
    assert search("lumen") == []
    index.check_index()


def test_writes_from_a_plain_sqlite_connection_reach_the_index_too(commands, db_path):
    ada = commands.contacts.add_contact("Ada Okafor").contact_id
    other = sqlite3.connect(db_path)
    other.execute("UPDATE contact SET role = 'Welding inspector' WHERE id = ?", (ada,))
    other.commit()
    other.close()
    assert names("welding") == ["Ada Okafor"]


def test_the_index_equals_the_rows_after_many_random_writes(commands, clock):
    rng = random.Random(17)
    words = ["robots", "hiring", "résumé", "gardens", "freeze", "Lumen", "Northwind", "café"]
    ids: list[int] = []
    for step in range(1000):
        clock.advance(minutes=7)
        roll = rng.random()
        text = " ".join(rng.choice(words) for _ in range(3))
        try:
            if roll < 0.25 or not ids:
                org = rng.choice(["Lumen", "Northwind", "Atlas", None])
                ids.append(
                    commands.contacts.add_contact(
                        f"Person {step}", organization=org, notes=text
                    ).contact_id
                )
            elif roll < 0.45:
                changes = rng.choice(
                    [
                        {"notes": text},
                        {"organization": rng.choice(["Lumen", "Zeta"])},
                        {"role": text},
                    ]
                )
                commands.contacts.update_contact(rng.choice(ids), **changes)
            elif roll < 0.6:
                commands.pipeline.log(rng.choice(ids), "note", note=text)
            elif roll < 0.7:
                victim = rng.choice(ids)
                commands.contacts.delete_contact(victim)
                ids.remove(victim)
            elif roll < 0.85:
                commands.history.undo()
            else:
                commands.history.redo()
        except Exception as exc:  # a refusal (nothing to redo, a conflict) changes nothing
            if exc.__class__.__name__ not in ("Refused", "Conflict", "NotFound"):
                raise
            ids = [c.id for c in Contact.select(Contact.id)]
        if step % 100 == 0:
            index.check_index()
    ids = [c.id for c in Contact.select(Contact.id)]
    index.check_index()
    # And what the index finds is what the rows say.
    for word in ("robots", "gardens", "freeze"):
        expected = {
            c.name
            for c in Contact.select()
            if word in c.notes or word in c.role or any(word in e.text for e in c.events)
        }
        assert set(names(word, limit=500)) == expected, word


def test_a_restore_from_a_json_export_fills_the_index(facade, tmp_path, commands):
    from iivboard.app.facade import Facade
    from iivboard.io.settings import Settings

    commands.contacts.add_contact("Ada Okafor", organization="Lumen", notes="robots")
    out = tmp_path / "all.json"
    with out.open("wb") as handle:
        facade.export("json", handle)
    other = Facade.open(tmp_path / "other.db", Settings())
    other.restore_file(out)
    assert [h.name for h in other.search("robots")] == ["Ada Okafor"]
    assert [h.name for h in other.search("lumen")] == ["Ada Okafor"]
    with other.store.bound():
        index.check_index()
    other.store.close()


def test_an_import_its_undo_and_redo_keep_the_index_in_step(commands, tmp_path):
    from iivboard.app.imports import import_file
    from tests.samples import person, write_linkedin

    rows = [
        person(i, company="Lumen" if i % 2 else "Zephyr Labs", position="Welder") for i in range(60)
    ]
    import_file(commands.imports, "linkedin", write_linkedin(tmp_path / "c.csv", rows))
    assert len(search("zephyr", limit=100)) == 30
    assert len(search("weld*", limit=100)) == 60
    index.check_index()
    commands.history.undo()
    assert search("zephyr") == [] and search("weld*") == []
    index.check_index()
    commands.history.redo()
    assert len(search("zephyr", limit=100)) == 30
    index.check_index()


def test_restoring_a_backup_brings_its_index_or_builds_it(facade, commands, tmp_path):
    commands.contacts.add_contact("Ada Okafor", notes="robots")
    copy = facade.backup(tmp_path / "ada.db")
    commands.contacts.delete_contact(1)
    commands.contacts.add_contact("Bo Chen", notes="gardens")
    facade.restore_backup(copy)
    assert names("robots") == ["Ada Okafor"] and search("gardens") == []
    index.check_index()
    old = tmp_path / "v3.db"  # a backup from before search: upgraded, index built
    shutil.copy(FIXTURES / "schema_v3.db", old)
    facade.restore_backup(old)
    assert [h.name for h in search("hiring freeze")] == ["Victor Huang"]
    index.check_index()


def test_a_schema_3_file_gets_its_index_built_by_the_upgrade(tmp_path):
    copy = tmp_path / "v3.db"
    shutil.copy(FIXTURES / "schema_v3.db", copy)
    seen: list[tuple[str, int, int]] = []
    store = Store.open(copy, progress=lambda *args: seen.append(args))
    try:
        with store.bound():
            index.check_index()
            hits = search("hiring freeze")
            assert [(h.kind, h.name) for h in hits] == [("meeting", "Victor Huang")]
            assert ("hiring", True) in hits[0].snippet
            assert "Atlas Robotics" in {h.organization for h in search("atlas")}
    finally:
        store.close()
    assert seen == []  # 181 rows: too few to be worth a progress line


def test_a_large_upgrade_reports_its_progress(tmp_path, monkeypatch):
    monkeypatch.setattr(schema_4, "REPORT_ABOVE", 10)
    monkeypatch.setattr(schema_4, "BATCH", 16)
    copy = tmp_path / "v3.db"
    shutil.copy(FIXTURES / "schema_v3.db", copy)
    seen: list[tuple[str, int, int]] = []
    Store.open(copy, progress=lambda *args: seen.append(args)).close()
    total = seen[0][2]
    assert seen[0][1] == 0 and seen[-1][1] == total
    assert [done for _what, done, _total in seen] == sorted(done for _w, done, _t in seen)
    assert len(seen) > 5 and {what for what, _d, _t in seen} == {"Building the search index"}


# ---------------------------------------------------------------- hostile queries

HOSTILE = [
    '"',
    '""',
    "*",
    "* *",
    "NEAR",
    "NEAR(a b)",
    "a OR b",
    "NOT robots",
    "-robots",
    "^robots",
    "name:robots",
    "(robots",
    "robots)",
    "{name}: x",
    "\x00",
    "\x1b[31m",
    "\udc00",
    "a" * 12000,
    " ".join(["word"] * 5000),
    index.START + "x" + index.END,
    '"unclosed phrase',
    "ro*bots",
    "+",
    "AND",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(commands, query):
    commands.contacts.add_contact("Ada Okafor", notes="robots and NEAR things OR others")
    for as_you_type in (False, True):
        search(query, as_you_type=as_you_type)


def test_syntax_words_are_searched_as_words(commands):
    commands.contacts.add_contact("Ada Okafor", notes="robots NEAR the door")
    commands.contacts.add_contact("Bo Chen", notes="gardens")
    assert names("NEAR") == ["Ada Okafor"]
    assert names("robots OR gardens") == []  # OR is a word here, and neither note has it
    assert names("name:Ada") == []  # not a column filter: "name" and "ada" side by side
    assert names("(robots)") == ["Ada Okafor"]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=60), as_you_type=st.booleans())
def test_any_text_as_a_query_never_raises(commands, query, as_you_type):
    if not Contact.select().exists():
        commands.contacts.add_contact("Ada Okafor", organization="Lumen", notes="robots")
    hits = search(query, as_you_type=as_you_type)
    assert all(h.name == "Ada Okafor" for h in hits)


@given(query=st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_the_match_expression_is_only_quoted_strings(query):
    expression = index.match_expression(parse_query(query, prefix_last=True))
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='porter unicode61')")
    connection.execute("INSERT INTO t VALUES ('x')")
    if expression:
        connection.execute("SELECT * FROM t WHERE t MATCH ?", (expression,)).fetchall()


def test_index_size_is_measured(commands):
    commands.contacts.add_contact("Ada Okafor", notes="robots " * 50)
    assert index.index_size() > 0
    assert Organization.select().count() == 0


def test_a_later_migration_that_rebuilds_a_table_keeps_the_index(tmp_path, monkeypatch):
    from peewee import TextField
    from playhouse.migrate import migrate

    from iivboard.storage import migrations

    def add_pronouns(migrator):  # NOT NULL: peewee rebuilds the contact table for it
        migrate(migrator.add_column("contact", "pronouns", TextField(default="")))
        migrator.database.execute_sql("UPDATE meeting SET notes = notes || ' glaciers'")

    future = migrations.SCHEMA_VERSION + 1
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", future)
    monkeypatch.setitem(migrations.MIGRATIONS, future, add_pronouns)
    copy = tmp_path / "v4.db"
    shutil.copy(FIXTURES / "schema_v4.db", copy)
    store = Store.open(copy)
    try:
        with store.bound():
            index.check_index()
            assert [h.name for h in search("hiring freeze glacier")] == ["Victor Huang"]
            Contact.update(role="Glacier guide").where(Contact.name == "Kira Novak").execute()
            assert "Kira Novak" in {h.name for h in search("glacier")}  # triggers back
            index.check_index()
    finally:
        store.close()
