"""Text from the user or a file, made storable: the one check every command's input passes."""

from __future__ import annotations

from collections.abc import Iterable

from iivboard.domain.errors import Refused


def clean_line(value: object, field_name: str = "value") -> str:
    """One-line text as typed: kept literally, but it must be storable."""
    text = "" if value is None else str(value)
    _check_storable(text, field_name)
    return text.strip()


def clean_text(value: object, field_name: str = "text") -> str:
    text = "" if value is None else str(value)
    _check_storable(text, field_name)
    return text


def _check_storable(text: str, field_name: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise Refused(
            f"{field_name} holds a character that is not valid text "
            "(a lone surrogate); nothing was saved"
        ) from None
    if "\x00" in text:
        raise Refused(f"{field_name} holds a NUL character; nothing was saved")


def split_tags(value: str | Iterable[str] | None) -> list[str]:
    """Tags as typed (comma separated) or listed, each once whatever its case."""
    if value is None:
        return []
    parts = value.split(",") if isinstance(value, str) else list(value)
    seen: list[str] = []
    for part in parts:
        tag = clean_line(part, "tag")
        if tag and tag.lower() not in (t.lower() for t in seen):
            seen.append(tag)
    return seen
