"""The target list: organizations the user ranks, 1 at the top, with no gaps.

Pure list arithmetic over ids, so the commands only load the ranked ids, ask here for the
new order and write back the ranks that moved. Unranked organizations are not on the
list; they sort after the ranked ones, by name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from iivboard.domain.errors import NotFound, Refused
from iivboard.domain.stages import STAGES


def ranked_order(ranks: Mapping[int, int]) -> list[int]:
    """The ranked ids top first, from ranks as stored (which an import or an old file may
    leave with gaps or ties: a tie goes to the older organization, the smaller id)."""
    return sorted(ranks, key=lambda k: (ranks[k], k))


def renumbered(order: Sequence[int]) -> dict[int, int]:
    """Ranks 1..n for the ids in `order`."""
    return {key: position for position, key in enumerate(order, start=1)}


def placed(order: Sequence[int], key: int, rank: int | None) -> list[int]:
    """The list with `key` at `rank` (1 the top; past the end means last); None takes it off
    the list. Everyone else keeps their order, so ranks stay 1..n without gaps."""
    rest = [k for k in order if k != key]
    if rank is None:
        return rest
    if rank < 1:
        raise Refused(f"a rank is 1 or more (1 is the top), not {rank}")
    rest.insert(min(rank, len(rest) + 1) - 1, key)
    return rest


def moved(order: Sequence[int], key: int, step: int, name: str = "it") -> list[int]:
    """One place up (step -1) or down (+1). An organization not on the list joins it at the
    bottom when moved up; the top cannot go higher, nor the bottom lower."""
    if key not in order:
        if step < 0:
            return [*order, key]
        raise Refused(f"{name} is not on the target list; move it up to add it at the bottom")
    index = list(order).index(key)
    target = index + step
    if target < 0:
        raise Refused(f"{name} is already at the top of the target list")
    if target >= len(order):
        raise Refused(f"{name} is already last on the target list (rank 0 takes it off)")
    return placed(order, key, target + 1)


def changed_ranks(before: Mapping[int, int], order: Sequence[int]) -> dict[int, int | None]:
    """The ranks to write: only those that differ from `before` (None: taken off the list)."""
    after = renumbered(order)
    keys = [*before, *(k for k in order if k not in before)]
    return {key: after.get(key) for key in keys if after.get(key) != before.get(key)}


def pick(query: str, names: Sequence[str]) -> int:
    """Which of `names` the user means: the name itself whatever its case, else the one
    name it begins. NotFound for none; Refused, listing them, for several."""
    wanted = query.strip().casefold()
    if not wanted:
        raise Refused("give an organization's name")
    folded = [name.casefold() for name in names]
    if wanted in folded:
        return folded.index(wanted)
    starts = [i for i, name in enumerate(folded) if name.startswith(wanted)]
    if len(starts) == 1:
        return starts[0]
    if not starts:
        raise NotFound(f"no organization called {query.strip()!r}")
    shown = ", ".join(sorted((names[i] for i in starts), key=str.casefold))
    raise Refused(f"{query.strip()!r} could be {shown}: give more of the name")


@dataclass(frozen=True)
class OrganizationView:
    """One organization as the target list shows it."""

    id: int
    name: str
    rank: int | None
    website: str
    notes: str
    counts: tuple[int, ...]  # open contacts in each of STAGES, in that order
    closed: int  # declined or no response
    waiting: tuple[str, ...]  # in Requested past their follow-up, longest waiting first

    def count(self, stage: str) -> int:
        return self.counts[STAGES.index(stage)]

    @property
    def contacts(self) -> int:
        return sum(self.counts) + self.closed
