"""The message templates' files: `templates/<name>.txt` in the settings folder, written
with the defaults where missing, so the user can edit them."""

from __future__ import annotations

import contextlib
from pathlib import Path

from iivboard.domain.templates import (
    DEFAULTS,
    PREVIOUS_DEFAULTS,
    TEMPLATES,
    Template,
    TemplateError,
    parse_template,
    template_name,
)
from iivboard.io import atomic
from iivboard.io.settings import config_dir


def templates_dir() -> Path:
    return config_dir() / "templates"


def ensure_templates(folder: Path | None = None) -> Path:
    """Write the default text of every template that has no file yet, and return the folder.

    A deleted file comes back with its default. A folder that cannot be written (a read-only
    home) is not an error: the built-in defaults are used instead.
    """
    folder = folder or templates_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in TEMPLATES:
            path = folder / f"{name}.txt"
            if not path.exists():
                atomic.write_text(path, DEFAULTS[name], private=False)
    except OSError:
        pass
    return folder


def load_template(name: str, folder: Path | None = None) -> Template:
    name = template_name(name)
    folder = ensure_templates(folder)
    path = folder / f"{name}.txt"
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM from a Windows editor is fine
    except FileNotFoundError:
        return parse_template(name, DEFAULTS[name])
    except UnicodeDecodeError:
        raise TemplateError(f"{path} is not UTF-8 text") from None
    except OSError as exc:
        raise TemplateError(f"cannot read {path}: {exc.strerror}") from None
    if text in PREVIOUS_DEFAULTS.get(name, ()):
        # Never edited: the user gets today's default, in the file too.
        text = DEFAULTS[name]
        with contextlib.suppress(OSError):  # a read-only folder: the default all the same
            atomic.write_text(path, text, private=False)
    return parse_template(name, text, path)
