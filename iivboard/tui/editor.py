"""Hand some text to the user's $VISUAL / $EDITOR and read it back."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from textual.app import App, SuspendNotSupported


def edit_in_editor(
    app: App[Any],
    text: str,
    *,
    what: str = "text",
    prefix: str = "iivboard-",
    no_terminal_hint: str = "",
) -> str | None:
    """The text as the editor left it, or None (with a notice) when it failed or quit badly."""
    command = shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")
    # Private: the text holds someone's name and details (mkstemp makes it 0600).
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=".txt")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        try:
            with app.suspend():
                code = subprocess.call([*command, str(path)])
        except SuspendNotSupported:
            if not app.is_headless:
                app.notify(
                    "This terminal cannot hand over to an editor"
                    + (f"; {no_terminal_hint}." if no_terminal_hint else "."),
                    severity="error",
                    markup=False,
                )
                return None
            # Headless (tests, scripts): no terminal to hand over, so just run it.
            code = subprocess.call([*command, str(path)], stdin=subprocess.DEVNULL)
        if code != 0:
            app.notify(
                f"The editor stopped with status {code}; the {what} is unchanged.",
                severity="warning",
                markup=False,
            )
            return None
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        app.notify(
            f"Cannot run the editor {command[0]!r}: not found. Set $EDITOR.",
            severity="error",
            markup=False,
        )
        return None
    except (OSError, UnicodeDecodeError) as exc:
        app.notify(f"The editor failed: {exc}", severity="error", markup=False)
        return None
    finally:
        path.unlink(missing_ok=True)
