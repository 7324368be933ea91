"""Undo and redo: the journal replays the rows an action touched, as they were."""

from __future__ import annotations

from iivboard.app.commands.base import CommandArea, Result


class HistoryCommands(CommandArea):
    def undo(self) -> Result:
        return self.context.uow.replay(undo=True)

    def redo(self) -> Result:
        return self.context.uow.replay(undo=False)
