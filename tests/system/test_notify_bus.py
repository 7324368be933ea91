"""`iivboard notify` against a real session bus: dbus-run-session starts a private
dbus-daemon, tests/system/notification_server.py owns org.freedesktop.Notifications on it
(as a desktop's notification daemon does) and records what it receives.

Needs `dbus-run-session` (Debian package `dbus-daemon`, pulled in by `dbus`)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from iivboard.app.facade import Facade
from iivboard.domain.policy import Rules
from iivboard.io.settings import Settings
from tests.tui_helpers import demo_database

SERVER = Path(__file__).with_name("notification_server.py")
SEEDED = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)  # the demo puts Rosa's meeting at 14:00
NOW = "2026-11-23T13:50:00+00:00"  # ten minutes before it

pytestmark = pytest.mark.skipif(
    shutil.which("dbus-run-session") is None,
    reason="dbus-run-session is not on PATH (Debian: apt-get install dbus)",
)

# Runs inside the session: the server, then each iivboard command, then the server stops.
DRIVER = """
import subprocess, sys, time
from pathlib import Path
record, ready, server = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
daemon = subprocess.Popen([sys.executable, server, record, str(ready)])
try:
    deadline = time.monotonic() + 20
    while not ready.exists():
        if time.monotonic() > deadline or daemon.poll() is not None:
            sys.exit("the notification server did not start")
        time.sleep(0.05)
    for command in sys.argv[4:]:
        done = subprocess.run(command.split("\\x1f"))
        print("rc", done.returncode, flush=True)
finally:
    daemon.terminate()
    daemon.wait(10)
"""


@pytest.fixture
def demo_db(tmp_path):
    path = tmp_path / "demo.db"
    demo_database(path, SEEDED)
    return path


def in_session(tmp_path, *commands: list[str]) -> tuple[list[dict], str]:
    record, ready = tmp_path / "received.jsonl", tmp_path / "ready"
    env = dict(
        os.environ,
        IIVBOARD_NOW=NOW,
        IIVBOARD_CONFIG_DIR=str(tmp_path / "config"),
        HOME=str(tmp_path / "home"),
        XDG_STATE_HOME=str(tmp_path / "state"),
    )
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # dbus-run-session sets its own
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "settings.toml").write_text('[rules]\ntimezone = "UTC"\n')
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    done = subprocess.run(
        [
            "dbus-run-session",
            "--",
            sys.executable,
            str(driver),
            str(record),
            str(ready),
            str(SERVER),
            *("\x1f".join(command) for command in commands),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = record.read_text(encoding="utf-8").splitlines() if record.exists() else []
    return [json.loads(line) for line in lines], done.stdout


def test_the_notifications_arrive_on_the_session_bus_once(tmp_path, demo_db):
    notify = [sys.executable, "-m", "iivboard", "--db", str(demo_db), "notify", "--at", "08:00"]
    received, out = in_session(tmp_path, notify, notify)
    assert out.splitlines() == ["rc 0", "rc 0"]
    assert [(n["app_name"], n["summary"], n["urgency"]) for n in received] == [
        ("iivboard", "14:00 meeting with Rosa Jimenez (Northwind Health), in 10 minutes", 2),
        ("iivboard", received[1]["summary"], 1),
    ]
    assert received[0]["body"] == "20 min phone · https://meet.example.org/rosa"
    assert received[1]["summary"].endswith(" to do today")
    assert received[1]["body"].splitlines()[:2] == [
        "14:00 meeting with Rosa Jimenez (Northwind Health)",
        "Thank-you overdue: Ximena Cruz (Greenleaf Foods)",
    ]
    # The second run (the timer, five minutes later in real life) repeated nothing.
    assert len(received) == 2


def test_user_text_reaches_the_server_escaped_for_body_markup(tmp_path, demo_db):
    facade = Facade.open(
        demo_db, Settings(rules=Rules(timezone="UTC")), lambda: dt.datetime.fromisoformat(NOW)
    )
    rosa = next(c for c in facade.cards() if c.name == "Rosa Jimenez").id
    facade.update_contact(rosa, name="Rosa <b>&</b>\x1b[31m")
    facade.reschedule(rosa, dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC), place="<i>room</i>")
    facade.store.close()
    received, _ = in_session(
        tmp_path, [sys.executable, "-m", "iivboard", "--db", str(demo_db), "notify"]
    )
    assert received[0]["summary"] == (
        "14:00 meeting with Rosa <b>&</b>␛[31m (Northwind Health), in 10 minutes"
    )
    assert received[0]["body"] == "20 min phone · &lt;i&gt;room&lt;/i&gt;"
