"""Which database the models use here and now.

The models name one stand-in (`database`) instead of a real database: each use asks the
context (thread or asyncio task) which Store is bound, so two stores can be open in one
process, each test has its own, and nothing is opened at import time. A Store binds itself
with `Store.bound()` (for a block) or `Store.bind()` (for the rest of the context).
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from peewee import SqliteDatabase

    from iivboard.storage.store import Store

current_store: ContextVar[Store | None] = ContextVar("iivboard_store", default=None)


def bound_store() -> Store:
    store = current_store.get()
    if store is None:
        # Not a user error: a command ran outside the facade (or a test without a store).
        raise RuntimeError("no iivboard database is bound in this context; use Store.bound()")
    return store


class BoundDatabase:
    """Stands in for the bound Store's peewee database, attribute by attribute."""

    @property
    def target(self) -> SqliteDatabase:
        return bound_store().database

    def __getattr__(self, name: str) -> Any:
        return getattr(self.target, name)

    # Context managers are looked up on the type, not through __getattr__.
    def atomic(self, *args: Any, **kwargs: Any) -> Any:
        return self.target.atomic(*args, **kwargs)

    def __repr__(self) -> str:
        store = current_store.get()
        return f"<database of {store.path if store else 'no bound store'}>"


# What every model's Meta.database names.
database = BoundDatabase()
