"""The target list: ranking organizations and editing their website and notes.

An organization is named as the user types it (a prefix will do when only one name
begins so); the ranking arithmetic is the domain's (domain/targets.py), here it is loaded
in one query and only the ranks that moved are written, journalled as one undo step.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from iivboard.app.commands.base import CommandArea, Recorder, Result
from iivboard.app.commands.cleaning import clean_line, clean_text
from iivboard.domain import targets
from iivboard.domain.errors import Refused
from iivboard.storage.models import Organization


def find_named(name: str) -> Organization:
    """The organization `name` means (see targets.pick); NotFound or Refused if none or
    several."""
    rows = cast(
        list[tuple[int, str]],
        list(Organization.select(Organization.id, Organization.name).tuples()),
    )
    index = targets.pick(clean_line(name, "organization"), [row[1] for row in rows])
    found: Organization = Organization.get_by_id(rows[index][0])
    return found


def _ranked() -> dict[int, int]:
    """Ranked organizations: id -> rank as stored."""
    query = Organization.select(Organization.id, Organization.rank).where(
        Organization.rank.is_null(False)
    )
    return dict(cast(Iterable[tuple[int, int]], query.tuples()))


def write_order(rec: Recorder, before: dict[int, int], order: list[int]) -> int:
    """Ranks 1..n in `order`, everyone else in `before` off the list; only rows whose rank
    changes are touched. Returns how many moved."""
    changes = targets.changed_ranks(before, order)
    for org_id, rank in changes.items():
        rec.touch("organization", org_id)
        Organization.update(rank=rank).where(Organization.id == org_id).execute()
    return len(changes)


def place(rec: Recorder, org_id: int, rank: int | None) -> int:
    """Put the organization at `rank` (None: off the list), the others closing up; how
    many ranks changed."""
    before = _ranked()
    return write_order(rec, before, targets.placed(targets.ranked_order(before), org_id, rank))


def tidy_ranks(rec: Recorder) -> None:
    """Ranks as stored made 1..n without gaps or ties, in their order (ties: oldest first):
    after an import that brought ranks of its own."""
    before = _ranked()
    write_order(rec, before, targets.ranked_order(before))


class OrganizationCommands(CommandArea):
    def set_rank(self, name: str, rank: int | None) -> Result:
        """`rank` 1 is the top; past the end means last; None (or 0) takes it off the list."""
        org = find_named(name)
        wanted = None if rank is None or rank == 0 else rank

        def body(rec: Recorder) -> None:
            if not place(rec, org.id, wanted):
                raise Refused(_unchanged(org.name, org.rank))

        return self.context.run(lambda: _rank_label(org.id), body)

    def move_rank(self, name: str, step: int) -> Result:
        """One place up (step -1) or down (+1) on the list; up from unranked joins it last."""
        org = find_named(name)

        def body(rec: Recorder) -> None:
            before = _ranked()
            order = targets.moved(targets.ranked_order(before), org.id, step, org.name)
            write_order(rec, before, order)

        return self.context.run(lambda: _rank_label(org.id), body)

    def edit_organization(
        self, name: str, *, website: str | None = None, notes: str | None = None
    ) -> Result:
        org = find_named(name)
        changes: dict[str, str] = {}
        if website is not None:
            changes["website"] = clean_line(website, "website")
        if notes is not None:
            changes["notes"] = clean_text(notes, "notes").strip()
        changed = [key for key, value in changes.items() if getattr(org, key) != value]
        if not changed:
            raise Refused(f"{org.name}: nothing to change")

        def body(rec: Recorder) -> None:
            rec.touch(org)
            Organization.update(**{key: changes[key] for key in changed}).where(
                Organization.id == org.id
            ).execute()

        return self.context.run(f"Edited {org.name}: {' and '.join(changed)}", body)


def _unchanged(name: str, rank: int | None) -> str:
    return f"{name} is already #{rank}" if rank is not None else f"{name} is not ranked"


def _rank_label(org_id: int) -> str:
    """Read after the body ran: the rank it ended at."""
    org = Organization.get_by_id(org_id)
    if org.rank is None:
        return f"Took {org.name} off the target list"
    return f"Ranked {org.name} #{org.rank}"
