"""The question bank's file: `questions.toml` in the settings folder, which the user edits.
What its text means is the domain's (iivboard.domain.questions)."""

from __future__ import annotations

from pathlib import Path

from iivboard.domain.questions import DEFAULT_BANK, BankError, Group, parse_bank
from iivboard.io import atomic
from iivboard.io.settings import config_dir

__all__ = ["BankError", "Group", "bank_path", "ensure_bank", "load_bank", "save_bank"]


def bank_path() -> Path:
    return config_dir() / "questions.toml"


def ensure_bank(path: Path | None = None) -> Path:
    """Write the starter bank if there is no file yet; a read-only home is not an error."""
    path = path or bank_path()
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic.write_text(path, DEFAULT_BANK, private=False)
        except OSError:
            pass
    return path


def load_bank(path: Path | None = None) -> list[Group]:
    """The user's bank (written with the starter questions first); BankError if it is broken."""
    path = ensure_bank(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = DEFAULT_BANK  # the folder could not be written: use the starter bank
    except UnicodeDecodeError:
        raise BankError(f"{path} is not UTF-8 text") from None
    except OSError as exc:
        raise BankError(f"cannot read {path}: {exc.strerror}") from None
    return parse_bank(text, str(path))


def save_bank(path: Path, text: str) -> None:
    """The bank as the user edited it, written whole or not at all."""
    atomic.write_text(path, text, private=False)
