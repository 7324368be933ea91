"""Every test runs on a temporary database and config dir; nothing touches the real home."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import settings as hypothesis_settings

from iivboard.app.commands import Commands
from iivboard.app.facade import Facade
from iivboard.domain.policy import Rules
from iivboard.io.settings import Settings
from iivboard.storage.bound import current_store
from iivboard.storage.store import Store

# What a rule or parser does is the test; how fast one example runs on a busy machine is
# not (bench/ measures speed), so no example fails for taking longer than hypothesis's 200 ms.
hypothesis_settings.register_profile("iivboard", deadline=None)
hypothesis_settings.load_profile("iivboard")

# A Monday morning in UTC; the rules run in UTC too so business days are exact.
MONDAY = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


class FakeClock:
    def __init__(self, start: dt.datetime = MONDAY) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += dt.timedelta(**kwargs)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("IIVBOARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("IIVBOARD_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("IIVBOARD_DB", raising=False)
    monkeypatch.delenv("IIVBOARD_NOW", raising=False)
    # No store is bound when a test starts, and whatever a test bound (open_database, the
    # CLI run in-process) is closed and unbound when it ends: tests share nothing.
    token = current_store.set(None)
    yield
    left = current_store.get()
    if left is not None:
        left.close()
    current_store.reset(token)


@pytest.fixture
def store(tmp_path):
    """A new database of its own, bound for the test (the models and Commands use it)."""
    opened = Store.open(tmp_path / "data" / "test.db")
    opened.bind()  # undone by isolated_home
    yield opened
    opened.close()


@pytest.fixture
def db_path(store):
    return store.path


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def rules():
    return Rules(timezone="UTC")


@pytest.fixture
def commands(db_path, clock, rules):
    return Commands.build(rules, clock=clock)


@pytest.fixture
def facade(db_path, clock, rules):
    """What the screens hold: the same database, rules and clock as `commands`."""
    return Facade(Settings(rules=rules), clock=clock)
