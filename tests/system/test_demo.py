"""--demo in a real terminal: it says its data is thrown away, and a killed demo's folder
does not stay behind for ever."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.terminal import Terminal


def test_a_killed_demo_leaves_a_folder_the_next_demo_removes(tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch), IIVBOARD_CONFIG_DIR=str(tmp_path / "config"))
    first = Terminal(["--demo"], env)
    try:
        first.wait_for("discarded on quit")
    finally:
        first.kill()
    [left] = list(scratch.glob("iivboard-demo-*"))
    assert (left / "demo.db").exists()

    second = Terminal(["--demo"], env)
    try:
        second.wait_for("removed 1 demo folder(s) left by a demo that was killed")
        second.wait_for("discarded on quit")
        assert not left.exists()
        # The running demo keeps its own folder.
        [own] = list(scratch.glob("iivboard-demo-*"))
        assert own.name.startswith(f"iivboard-demo-{second.pid}-")
    finally:
        second.kill()


def test_a_demo_still_running_keeps_its_folder(tmp_path):
    from iivboard.io.demo_folder import sweep_stale

    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        running = tmp_path / f"iivboard-demo-{alive.pid}-abc"
        running.mkdir()
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        stale = tmp_path / f"iivboard-demo-{dead.pid}-xyz"
        stale.mkdir()
        (stale / "demo.db").write_bytes(b"x")
        other = tmp_path / "iivboard-demo-notapid"
        other.mkdir()
        assert sweep_stale(tmp_path) == 1
        assert running.exists() and other.exists() and not stale.exists()
    finally:
        alive.kill()
        alive.wait()
