"""The memory of what was announced, the body's escaping, and no service to send to."""

from __future__ import annotations

import datetime as dt
import stat
import time

from iivboard.domain.reminders import Announced, Notice
from iivboard.io import notifications


def test_the_memory_survives_a_run_and_a_damaged_file_is_a_fresh_start(tmp_path):
    path = notifications.state_path(tmp_path / "a.db")
    assert path.parent == tmp_path / "home" / ".local" / "state" / "iivboard"
    assert path != notifications.state_path(tmp_path / "b.db")  # one memory per database
    memory = Announced(
        dt.date(2026, 11, 23), {"meeting:3@2026-11-23T14:00": dt.datetime(2026, 11, 23, 14)}
    )
    notifications.save_announced(path, memory)
    assert notifications.load_announced(path) == memory
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for damaged in ("{", "[]", '{"meetings": {"x": "not a time"}}', '{"digest_day": 3}'):
        path.write_text(damaged)
        assert notifications.load_announced(path) == Announced()
    assert notifications.load_announced(tmp_path / "missing.json") == Announced()


def test_the_body_is_escaped_for_servers_that_read_markup():
    notice = Notice("k", "t", "Ada <b>&</b>\x1b[0m\nline two")
    assert notifications.body_text(notice) == "Ada &lt;b&gt;&amp;&lt;/b&gt;␛[0m\nline two"


def test_no_session_bus_means_not_sent_quickly(monkeypatch, tmp_path):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    start = time.monotonic()
    assert notifications.send([Notice("digest", "3 to do today", "body")]) is False
    assert time.monotonic() - start < notifications.TIMEOUT_SECONDS
    assert notifications.send([]) is True  # nothing to send is never a failure
