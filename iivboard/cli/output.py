"""Printing for the terminal: text from contacts and files goes through `visible`, so it
can never move the cursor or change colours."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iivboard.domain.imports import ImportReport
from iivboard.present.text import visible

if TYPE_CHECKING:
    from iivboard.app.facade import Facade


def say(text: str) -> None:
    print(visible(text))


def warn(text: str) -> None:
    print(f"iivboard: warning: {visible(text)}", file=sys.stderr)


def warn_clashes(facade: Facade, contact_id: int) -> None:
    """After a meeting is set: a warning on stderr if it overlaps another contact's meeting
    (it is set all the same; the exit status stays 0)."""
    words = facade.meeting_clashes(contact_id)
    if words:
        warn(f"this meeting {words}")


def contact_line(card: dict[str, Any], words: str) -> str:
    org = f" ({visible(card['organization'])})" if card["organization"] else ""
    state = card["outcome"] or card["stage"]
    return f"{card['id']:>5}  {state:<11} {visible(card['name'])}{org}" + (
        f"  - {words}" if words else ""
    )


def print_report(report: ImportReport, path: Path) -> None:
    print(f"{visible(path.name)}: {report.summary()}")
    for row in report.rows:
        name = visible(row.name)
        if row.action == "skipped":
            print(f"  line {row.line}: skipped{' ' + name if name else ''}: {row.detail}")
        elif report.dry_run and row.action == "added":
            print(f"  line {row.line}: add {name}")
        elif report.dry_run and row.action == "updated":
            print(f"  line {row.line}: update #{row.contact_id} {name}: {row.detail}")
