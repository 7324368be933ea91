"""3B7's "3" when there is nobody to ask: an organization quiet for 3 business days, where no
one but the people waiting is known (none identified, none further along): find another
person there. With someone identified, quiet.py names them instead; so the two never both
speak for one organization."""

from __future__ import annotations

from iivboard.domain.rules.base import Action, ListRule, Pending, Quiet, Scope
from iivboard.domain.rules.groups import QUIET
from iivboard.domain.rules.quiet import quiet_line, quiet_organizations, who_waits
from iivboard.domain.wording import plural

# "done" has nothing to log: the Today screen opens the add form, prefilled with the
# organization; once someone is added there, quiet.py suggests asking them.
FIND = Action(
    "find_other",
    "add another person there (the add form, with the organization filled in)",
    "find another person where {name} works",
)


def nobody_else(quiet: Quiet) -> bool:
    """Everyone open at the organization is waiting for a reply: no one else to ask, and
    no one further along to ask for an introduction."""
    waiting = {c.id for c in quiet.waiting}
    return all(c.id in waiting for c in quiet.org.members)


class FindOther(ListRule):
    kind = "find_other"
    group = QUIET
    skip_key = "find_other"

    def pending(self, scope: Scope) -> list[Pending]:
        lines = []
        for quiet in quiet_organizations(scope.organizations, scope.now).values():
            if not nobody_else(quiet):
                continue
            why = (
                f"no reply from {who_waits(quiet)} at {quiet.org.name} in "
                f"{plural(scope.now.waited(quiet.last_ask), 'business day')}: "
                "find another person there"
            )
            lines.append(quiet_line(self, quiet, quiet.waiting[0], why, FIND))
        return lines


RULE = FindOther()
