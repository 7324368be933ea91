"""The `run` fixture: the CLI in a subprocess, on a temporary database and settings."""

import os
import subprocess
import sys

import pytest

NOW = "2026-11-23T09:00:00+00:00"  # a Monday


@pytest.fixture
def run(tmp_path):
    env = dict(
        os.environ,
        IIVBOARD_DB=str(tmp_path / "cli.db"),
        IIVBOARD_NOW=NOW,
        IIVBOARD_CONFIG_DIR=str(tmp_path / "config"),
        HOME=str(tmp_path / "home"),
    )

    def call(*args, check_rc=None, now=None):
        proc = subprocess.run(
            [sys.executable, "-m", "iivboard", *args],
            env=env if now is None else {**env, "IIVBOARD_NOW": now},
            capture_output=True,
            text=True,
            timeout=60,
        )
        if check_rc is not None:
            assert proc.returncode == check_rc, proc.stderr
        return proc

    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.toml").write_text('[rules]\ntimezone = "UTC"\n')
    return call
