"""Every change a user can make, by area: one method each, one transaction, one history
event, undoable. The facade composes these; the CLI and the TUI reach them through it, so
they can never disagree about what a move means.

Undo works from the journal (iivboard.storage.journal): each command records the rows it
touched as they were before and after, so undo and redo restore rows exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from iivboard.app.commands.base import Clock, Context, Result
from iivboard.app.commands.contacts import ContactCommands
from iivboard.app.commands.history import HistoryCommands
from iivboard.app.commands.imports import ImportCommands
from iivboard.app.commands.meetings import MeetingCommands
from iivboard.app.commands.organizations import OrganizationCommands
from iivboard.app.commands.pipeline import PipelineCommands
from iivboard.domain.policy import Rules

__all__ = [
    "Commands",
    "ContactCommands",
    "Context",
    "HistoryCommands",
    "ImportCommands",
    "MeetingCommands",
    "OrganizationCommands",
    "PipelineCommands",
    "Result",
]


@dataclass(frozen=True)
class Commands:
    """The areas over one Context (rules, clock, unit of work), so a batch started in
    one area (`pipeline.many`) holds the commands of every other."""

    context: Context
    contacts: ContactCommands
    pipeline: PipelineCommands
    meetings: MeetingCommands
    imports: ImportCommands
    history: HistoryCommands
    organizations: OrganizationCommands

    @classmethod
    def build(cls, rules: Rules | None = None, clock: Clock | None = None) -> Commands:
        context = Context(rules, clock)
        contacts = ContactCommands(context)
        pipeline = PipelineCommands(context)
        return cls(
            context,
            contacts,
            pipeline,
            MeetingCommands(context, contacts, pipeline),
            ImportCommands(context),
            HistoryCommands(context),
            OrganizationCommands(context),
        )
