"""One error root: what a user can cause is a NotDone with a message and changes nothing;
a bug is raised as it is, never dressed up as a refusal."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sqlite3

import pytest

import iivboard
from iivboard.app.facade import Facade
from iivboard.domain import stages
from iivboard.domain.errors import (
    Conflict,
    IivboardError,
    NotDone,
    NotFound,
    NotSaved,
    Refused,
    StorageError,
)
from iivboard.io.settings import ConfigError, Settings
from iivboard.storage.models import Contact, Event
from iivboard.tui.screens.base import USER_ERRORS

# Exceptions used for control flow inside a module, never raised to a caller.
PRIVATE = {"_DryRun"}


def test_every_exception_iivboard_defines_is_under_the_one_root():
    strays = []
    for info in pkgutil.walk_packages(iivboard.__path__, "iivboard."):
        if info.name == "iivboard.__main__":  # runs the CLI when imported
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
                and name not in PRIVATE
                and not issubclass(value, IivboardError)
            ):
                strays.append(f"{module.__name__}.{name}")
    assert strays == []


def test_old_names_still_catch_what_they_caught():
    assert issubclass(stages.RuleError, Refused)
    assert issubclass(stages.RuleError, ValueError)  # callers that catch ValueError
    assert issubclass(ConfigError, IivboardError) and not issubclass(ConfigError, NotDone)
    assert not issubclass(StorageError, NotDone)
    assert set(USER_ERRORS) == {NotDone}


def test_a_bug_inside_a_command_is_raised_not_refused(commands, monkeypatch):
    ada = commands.contacts.add_contact("Ada").contact_id

    def broken(*args: object) -> None:
        raise ValueError("a programming error")

    monkeypatch.setattr(stages, "check_move", broken)
    with pytest.raises(ValueError, match="a programming error") as info:
        commands.pipeline.move(ada, "requested")
    assert not isinstance(info.value, NotDone)
    assert Contact.get_by_id(ada).stage == "identified"  # the transaction rolled back
    assert [e.kind for e in Event.select()] == ["added"]


def test_a_bug_in_a_batch_is_raised_and_the_batch_rolls_back(commands, monkeypatch):
    ada = commands.contacts.add_contact("Ada").contact_id
    bob = commands.contacts.add_contact("Bob").contact_id
    real = stages.check_move

    def broken_for_bob(current: str, target: str, outcome: str | None) -> None:
        if Contact.select().where(Contact.stage == "requested").exists():
            raise KeyError("a programming error")
        real(current, target, outcome)

    monkeypatch.setattr(stages, "check_move", broken_for_bob)
    with pytest.raises(KeyError):
        commands.pipeline.many(
            "Asked both", [ada, bob], lambda cid: commands.pipeline.move(cid, "requested")
        )
    assert {c.stage for c in Contact.select()} == {"identified"}


def test_a_refusal_is_not_done_with_its_own_kind(commands):
    ada = commands.contacts.add_contact("Ada").contact_id
    with pytest.raises(Refused, match="already in Identified"):
        commands.pipeline.move(ada, "identified")
    with pytest.raises(NotFound, match="no contact with id 99"):
        commands.pipeline.move(99, "requested")
    commands.contacts.update_contact(ada, role="PM")
    Contact.update(role="CTO").where(Contact.id == ada).execute()  # edited behind undo's back
    with pytest.raises(Conflict, match="changed since"):
        commands.history.undo()


def test_the_database_refusing_is_not_saved(commands, monkeypatch):
    ada = commands.contacts.add_contact("Ada").contact_id

    def full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(stages, "check_move", full)
    with pytest.raises(NotSaved, match="the disk is full; nothing was changed"):
        commands.pipeline.move(ada, "requested")
    assert Contact.get_by_id(ada).stage == "identified"


def test_the_facade_passes_a_bug_through(db_path, clock, rules, monkeypatch):
    facade = Facade(Settings(rules=rules), clock=clock)
    ada = facade.add_contact("Ada").contact_id

    def broken(*args: object) -> None:
        raise TypeError("a programming error")

    monkeypatch.setattr(stages, "check_move", broken)
    with pytest.raises(TypeError):
        facade.move(ada, "requested")
