"""The one error root. Everything iivboard raises on purpose is an IivboardError, worded for
the user; any other exception is a bug and must reach a traceback.

    IivboardError
      NotDone            what the user asked cannot be done; the front ends show the message
        Refused          the rules or the command say no (a move the pipeline forbids, bad input)
        NotFound         no such contact, meeting, template...
        Conflict         the data changed under the action (undo of a row edited since)
        BadFile          a file the user gave or keeps (import, template, question bank) is unusable
        NotSaved         the database would not take the change (busy, full, read-only)
      StorageError       the database file cannot be opened, created, upgraded or copied
      SettingsError      settings.toml cannot be used

A front end catches NotDone around each command (the TUI's "Not done" notice, the CLI's
`error:` line); StorageError and SettingsError stop the program before any command runs.
"""

from __future__ import annotations


class IivboardError(Exception):
    """An error iivboard raises on purpose, with a message for the user."""


class NotDone(IivboardError):
    """What the user asked cannot be done, and nothing was changed."""


class Refused(NotDone):
    """The rules or the command refuse it: a forbidden move, a value that cannot be stored."""


class NotFound(NotDone):
    """The thing named (a contact, a meeting, a template) does not exist."""


class Conflict(NotDone):
    """Something changed under the action since it was prepared, e.g. undo of an edited row."""


class BadFile(NotDone):
    """A file the user gave or keeps cannot be used; the message names the file and line."""


class NotSaved(NotDone):
    """The database would not take the change (busy, full, read-only): nothing was written."""


class StorageError(IivboardError):
    """The database file cannot be opened, created, upgraded or copied."""


class SettingsError(IivboardError):
    """A settings problem, worded for the user and naming the key."""


# What a front end shows as a notice and carries on from.
USER_ERRORS: tuple[type[IivboardError], ...] = (NotDone,)
