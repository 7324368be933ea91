"""The target list's columns: the same cells on the Organizations screen and in
`iivboard org list`."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len

from iivboard.domain.stages import STAGES
from iivboard.domain.targets import OrganizationView
from iivboard.present.text import visible

# Short stage headings, so the six counts fit an 80-column terminal beside the name.
STAGE_HEADS = {
    "identified": "Ident",
    "requested": "Req",
    "scheduled": "Sched",
    "met": "Met",
    "thanked": "Thank",
    "in_touch": "Touch",
}
WAITING_HEADING = "Waiting past their follow-up"


def rank_cell(view: OrganizationView) -> str:
    return f"#{view.rank}" if view.rank is not None else "—"


def count_cell(count: int) -> str:
    return str(count) if count else "·"


def waiting_cell(view: OrganizationView) -> str:
    return ", ".join(visible(name) for name in view.waiting)


# Column: heading, the widest it may grow on the screen, right-aligned?, the cell of a row.
Column = tuple[str, int, bool, Callable[[OrganizationView], str]]


def _stage_column(stage: str) -> Column:
    index = STAGES.index(stage)
    return (STAGE_HEADS[stage], 5, True, lambda v: count_cell(v.counts[index]))


COLUMNS: list[Column] = [
    ("Rank", 4, True, rank_cell),
    ("Organization", 28, False, lambda v: visible(v.name)),
    *(_stage_column(stage) for stage in STAGES),
    ("Closed", 6, True, lambda v: count_cell(v.closed)),
]


def pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - cell_len(text))
    return gap + text if right else text + gap


def target_lines(views: list[OrganizationView]) -> list[str]:
    """The table as plain lines, each column as wide as its widest cell, nothing cut."""
    if not views:
        return ["No organizations yet: add a contact with --org to start the target list."]
    table = [[title for title, _, _, _ in COLUMNS] + [WAITING_HEADING]]
    table += [[cell(view) for _, _, _, cell in COLUMNS] + [waiting_cell(view)] for view in views]
    widths = [max(cell_len(line[i]) for line in table) for i in range(len(COLUMNS))]
    return [
        (
            "  ".join(
                pad(text, width, right)
                for text, width, (_, _, right, _) in zip(line, widths, COLUMNS)
            )
            + "  "
            + line[-1]
        ).rstrip()
        for line in table
    ]


def view_json(view: OrganizationView) -> dict[str, object]:
    """One organization as `org list --json` prints it."""
    return {
        "id": view.id,
        "name": view.name,
        "rank": view.rank,
        "website": view.website,
        "notes": view.notes,
        "contacts": dict(zip(STAGES, view.counts)) | {"closed": view.closed},
        "waiting": list(view.waiting),
    }
