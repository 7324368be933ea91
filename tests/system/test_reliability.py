"""Promises in README "Reliability": two processes at once, failed upgrades, injected disk and
permission errors, private files. Crash tests in a real terminal live in test_crash.py."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from iivboard.app.commands import Commands
from iivboard.domain.errors import NotDone
from iivboard.storage import migrations
from iivboard.storage.models import Contact, database
from iivboard.storage.store import StorageError, open_database
from tests.tui_helpers import SIZE, demo_app

FIXTURES = Path(__file__).resolve().parents[1] / "data"


def dump(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables} | {
            "user_version": conn.execute("PRAGMA user_version").fetchone()[0],
            "columns": conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall(),
        }
    finally:
        conn.close()


# ---------------------------------------------------------------- two processes

CLI_LOOP = """
import sys
from iivboard.cli import main
codes = []
for i in range(200):
    step = i % 4
    if step == 0:
        codes.append(main(["add", f"Loop {i:03d}", "--org", "Loop Org"]))
    elif step == 1:
        codes.append(main(["move", str(LAST + i // 4 + 1), "requested", "--channel", "email"]))
    elif step == 2:
        codes.append(main(["log", str(LAST + i // 4 + 1), "follow_up", "--note", "nudge"]))
    else:
        codes.append(main(["log", str(LAST + i // 4 + 1), "note", "--note", f"note {i}"]))
print("CODES", sorted(set(codes)))
"""


async def test_cli_and_board_at_once_never_lock_and_stay_in_sync(db_path, clock, tmp_path):
    app, ids = demo_app(clock)
    last = max(ids.values())
    env = dict(os.environ, IIVBOARD_DB=str(db_path), IIVBOARD_CONFIG_DIR=str(tmp_path / "c"))
    async with app.run_test(size=SIZE) as pilot:
        proc = subprocess.Popen(
            [sys.executable, "-c", CLI_LOOP.replace("LAST", str(last))],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # The board writes too while the CLI loop runs: thanked <-> in touch needs no form.
        await pilot.press("l", "l", "l", "l")
        moves = 0
        while proc.poll() is None and moves < 60:
            await pilot.press("L" if moves % 2 == 0 else "H")
            moves += 1
            await pilot.pause(0.05)
        out, err = proc.communicate(timeout=120)
        assert "CODES [0]" in out, err
        assert "locked" not in err and "busy" not in err
        notices = [n.message for n in app._notifications]
        assert not any("busy" in str(m) or "locked" in str(m) for m in notices)
        await pilot.pause(2.0)  # the board polls data_version every second
        shown = {card.id: card.stage for c in app.screen.query("CardColumn") for card in c.cards}
        stored = {c.id: c.stage for c in Contact.select().where(Contact.outcome.is_null())}
        assert shown == stored
        assert sum(1 for c in Contact.select() if c.name.startswith("Loop")) == 50


# ---------------------------------------------------------------- upgrades


def test_failed_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    copy = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_v1.db", copy)
    before = dump(copy)

    def half_done(migrator):
        from peewee import TextField
        from playhouse.migrate import migrate

        migrate(migrator.add_column("contact", "pronouns", TextField(default="")))
        raise RuntimeError("disk pulled out mid-upgrade")

    # A future schema whose migration dies half-way, after the real ones ran.
    future = migrations.SCHEMA_VERSION + 1
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", future)
    monkeypatch.setitem(migrations.MIGRATIONS, future, half_done)
    with pytest.raises(StorageError, match="left unchanged"):
        open_database(copy)
    assert dump(copy) == before
    assert dump(copy.with_name("old.db.schema1.bak")) == before  # and a copy was kept


def test_successful_migration_keeps_every_row(tmp_path, monkeypatch):
    copy = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_v1.db", copy)
    before = dump(copy)

    def add_pronouns(migrator):
        from peewee import TextField
        from playhouse.migrate import migrate

        migrate(migrator.add_column("contact", "pronouns", TextField(default="")))

    future = migrations.SCHEMA_VERSION + 1
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", future)
    monkeypatch.setitem(migrations.MIGRATIONS, future, add_pronouns)
    open_database(copy)
    database.close()
    after = dump(copy)
    assert after["user_version"] == future
    assert "meta" in after  # the real migration to schema 2 ran first
    assert len(after["contact"]) == len(before["contact"]) == 40
    assert [row[:-1] for row in after["contact"]] == before["contact"]
    assert after["event"] == before["event"]
    # Schema 3 added cancelled_at and sequence to meetings: not cancelled, never changed.
    assert [row[:-2] for row in after["meeting"]] == before["meeting"]
    assert {row[-2:] for row in after["meeting"]} == {(None, 0)}


# ---------------------------------------------------------------- injected failures


def test_full_disk_gives_a_clear_message_and_changes_nothing(commands, db_path):
    cid = commands.contacts.add_contact("Ada").contact_id
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    database.execute_sql(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk full"
    before = dump(db_path)
    with pytest.raises(NotDone, match="disk is full"):
        commands.pipeline.log(cid, "note", note="x" * 200_000)
    assert dump(db_path) == before


def test_read_only_database_gives_a_clear_message_and_changes_nothing(commands, db_path):
    cid = commands.contacts.add_contact("Ada").contact_id
    database.execute_sql("PRAGMA query_only = ON")  # what a read-only file looks like to SQLite
    with pytest.raises(NotDone, match="read-only"):
        commands.pipeline.move(cid, "requested")
    database.execute_sql("PRAGMA query_only = OFF")
    assert Contact.get_by_id(cid).stage == "identified"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_file_on_disk(tmp_path):
    path = tmp_path / "ro.db"
    open_database(path)
    Commands.build().contacts.add_contact("Ada")
    database.close()
    os.chmod(path, 0o400)
    with pytest.raises((StorageError, NotDone)):
        open_database(path)
        Commands.build().contacts.add_contact("Bo")


def test_data_dir_that_cannot_be_made(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match="cannot create the database"):
        open_database(blocker / "sub" / "iivboard.db")


def test_missing_data_dir_is_made_private(tmp_path, monkeypatch):
    data = tmp_path / "deep" / "er" / "data"
    monkeypatch.setenv("IIVBOARD_DATA_DIR", str(data))
    proc = subprocess.run(
        [sys.executable, "-m", "iivboard", "add", "Ada"],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, IIVBOARD_CONFIG_DIR=str(tmp_path / "c")),
    )
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "iivboard.db").stat().st_mode) == 0o600


def test_garbage_settings_file_is_named_and_nothing_runs(tmp_path):
    config = tmp_path / "c"
    config.mkdir()
    (config / "settings.toml").write_bytes(b"\xff\xfe\x00garbage[[[")
    env = dict(os.environ, IIVBOARD_CONFIG_DIR=str(config), IIVBOARD_DB=str(tmp_path / "x.db"))
    proc = subprocess.run(
        [sys.executable, "-m", "iivboard", "add", "Ada"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 1
    assert "settings.toml" in proc.stderr and proc.stderr.count("\n") == 1
    assert not (tmp_path / "x.db").exists()


# ---------------------------------------------------------------- privacy


def test_every_file_with_personal_data_is_private_and_nothing_else_holds_it(tmp_path):
    data, config = tmp_path / "data", tmp_path / "config"
    env = dict(os.environ, IIVBOARD_DATA_DIR=str(data), IIVBOARD_CONFIG_DIR=str(config))
    marker = "Zanzibar Quixotic"
    for args in (
        ["add", marker, "--org", "Secretive Org"],
        ["log", "1", "note", "--note", f"{marker} said hi"],
        ["show", "1"],
        ["due"],
    ):
        subprocess.run(
            [sys.executable, "-m", "iivboard", *args],
            env=env,
            check=True,
            capture_output=True,
            timeout=60,
        )
    # While a connection is open the -wal file exists: it must be private too.
    open_database(data / "iivboard.db")
    Commands.build().contacts.add_contact(marker + " II")
    wal = data / "iivboard.db-wal"
    assert wal.exists() and stat.S_IMODE(wal.stat().st_mode) == 0o600
    database.close()
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    holders = []
    for root in (data, config):
        for path in root.rglob("*"):
            if path.is_file() and marker.encode() in path.read_bytes():
                holders.append(path.name)
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert set(holders) <= {"iivboard.db", "iivboard.db-wal"}
