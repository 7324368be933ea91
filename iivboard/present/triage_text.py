"""The triage's columns: the same cells on the Triage screen and in `iivboard triage`."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len

from iivboard.domain.triage import TriageRow
from iivboard.present.text import plural, visible

ADVICE_HEADING = "3B7 says"

# Column: heading, the widest it may grow on the screen, and the cell of one row.
COLUMNS: list[tuple[str, int, Callable[[TriageRow], str]]] = [
    ("Name", 28, lambda r: visible(r.name)),
    ("Organization", 24, lambda r: visible(r.organization or "—")),
    ("Waiting", 18, lambda r: plural(r.waited, "business day")),
    ("Follow-ups", 10, lambda r: str(r.followups_sent)),
    ("Channel", 10, lambda r: visible(r.channel or "—")),
]


def triage_lines(rows: list[TriageRow]) -> list[str]:
    """The table as plain lines, each column as wide as its widest cell: nothing is cut,
    as a script or a wide terminal wants every word."""
    if not rows:
        return ["Nobody is waiting for a reply."]
    table = [[title for title, _, _ in COLUMNS] + [ADVICE_HEADING]]
    table += [[cell(row) for _, _, cell in COLUMNS] + [visible(row.suggestion)] for row in rows]
    widths = [max(cell_len(line[i]) for line in table) for i in range(len(COLUMNS))]
    return [
        "  ".join(text + " " * (width - cell_len(text)) for text, width in zip(line, widths))
        + "  "
        + line[-1]
        for line in table
    ]
