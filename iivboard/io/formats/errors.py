"""What a file can do wrong; worded for the user, and the database is left unchanged.

Not ValueError: a parser's own ValueError (bad base64 in a vCard, a bad date) is caught
and reworded with the line, and must not swallow these.
"""

from __future__ import annotations

from iivboard.domain.errors import BadFile


class FileError(BadFile):
    """A file iivboard cannot read or write, as the user asked."""


class ImportFileError(FileError):
    """A file that cannot be imported; the message names the file and, where it can, the line."""


class ExportError(FileError):
    """Nothing to export, or the file cannot be written."""
