"""SIGKILL in the middle of work, in a real terminal: nothing shown as done is lost."""

from __future__ import annotations

import os
import re
import sqlite3
import time

from iivboard.app.commands import Commands
from iivboard.storage.models import database
from iivboard.storage.store import open_database
from tests.terminal import Terminal


def test_kill_during_moves_keeps_every_shown_move(tmp_path, clock):
    db = tmp_path / "crash.db"
    open_database(db)
    commands = Commands.build(clock=clock)
    for i in range(30):
        cid = commands.contacts.add_contact(f"Crash {i:02d}").contact_id
        commands.pipeline.move(cid, "thanked")
    database.close()
    env = dict(os.environ, IIVBOARD_DB=str(db), IIVBOARD_CONFIG_DIR=str(tmp_path / "config"))
    term = Terminal([], env)
    try:
        term.wait_for("Thanked 30")
        term.type("llll")
        time.sleep(0.3)
        for _ in range(12):  # move the selected card on, step back, and again
            term.type("L")
            time.sleep(0.08)
            term.type("h")
            time.sleep(0.08)
        term.type("L")  # one more, in flight when the kill comes
    finally:
        term.kill()
    shown = [int(n) for n in re.findall(r"In touch (\d+)", term.text)]
    assert shown and max(shown) >= 5, shown  # the moves really happened on screen
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = conn.execute("SELECT count(*) FROM contact WHERE stage = 'in_touch'").fetchone()[0]
        thanked = conn.execute("SELECT count(*) FROM contact WHERE stage = 'thanked'").fetchone()[0]
    finally:
        conn.close()
    assert stored >= max(shown)
    assert stored + thanked == 30
