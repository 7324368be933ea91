"""Showing user text safely: control characters become visible symbols, never terminal codes."""

from __future__ import annotations

import re

from iivboard.domain.wording import plural as plural  # re-exported: CLI and TUI words

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _symbol(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␀ for NUL...
    if code == 0x7F:
        return "\u2421"
    return f"\\x{code:02x}"


def visible(text: str, one_line: bool = True) -> str:
    """Text safe to print: escapes and other controls shown as symbols.

    With one_line, newlines and tabs become symbols too, so a card stays one line.
    Lone surrogates cannot be printed and become U+FFFD.
    """
    pattern = _CONTROL_LINE if one_line else _CONTROL
    text = pattern.sub(_symbol, text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text
