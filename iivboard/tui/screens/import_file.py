"""The import screen: pick a file, watch the progress bar, read what was added, updated
and skipped (and why).

The import runs in a thread worker, so a 10,000-row file never freezes the screen; the
work itself is the facade's import_file, the same the CLI runs. Everything
that came from the file is shown as rich Text, never parsed as markup, with control
characters made visible.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import (
    DataTable,
    DirectoryTree,
    Input,
    Label,
    ProgressBar,
    Select,
    Static,
)

from iivboard.app.facade import Facade
from iivboard.domain.imports import ImportReport
from iivboard.present.text import visible
from iivboard.tui.screens.base import USER_ERRORS, BaseScreen
from iivboard.tui.widgets.key_bar import KeyBar


class ImportableFiles(DirectoryTree):
    """Folders and the files that can be imported; hidden ones left out."""

    def __init__(self, path: Path, suffixes: set[str], *, id: str | None = None) -> None:
        super().__init__(path, id=id)
        self.suffixes = suffixes

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            p
            for p in paths
            if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() in self.suffixes)
        ]


class ImportScreen(BaseScreen[ImportReport | None]):
    """Dismisses with the last report of a real (not dry) import, or None, so the board
    can redraw the contacts in `report.contact_ids()`."""

    class Progressed(Message):
        """The worker read `done` of `total` rows."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class Finished(Message):
        def __init__(self, report: ImportReport, path: Path) -> None:
            super().__init__()
            self.report = report
            self.path = path

    class Failed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    CSS_PATH = "import_file.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "run_import", "Import"),
        Binding("ctrl+t", "dry_run", "Dry run"),
        Binding("ctrl+o", "pick_file", "Pick file"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(
        self, facade: Facade, path: str | Path | None = None, start_dir: str | Path | None = None
    ) -> None:
        super().__init__(facade)
        self.initial_path = "" if path is None else str(path)
        self.start_dir = Path(start_dir) if start_dir is not None else Path.home()
        self.report: ImportReport | None = None  # of the last real import
        self.running = False
        # From the format registry, read now: a format added there is listed here.
        self.kinds = facade.import_formats()
        self.mapped_kinds = {kind.name for kind in self.kinds if kind.takes_map}

    def compose(self) -> ComposeResult:
        yield Static("Import contacts: LinkedIn, vCard or a spreadsheet", id="title")
        with Vertical(id="form"):
            with Horizontal():
                yield Label("File")
                yield Input(self.initial_path, placeholder="path to a .csv or .vcf file", id="path")
                yield Select(
                    [(kind.label, kind.name) for kind in self.kinds],
                    allow_blank=False,
                    value=self.kinds[0].name,
                    id="kind",
                )
            with Horizontal(id="map-row"):
                yield Label("Columns")
                yield Input(
                    placeholder="Full Name=name,Company=organization,... (empty: "
                    "the columns named like fields)",
                    id="map",
                )
        suffixes = {suffix for kind in self.kinds for suffix in kind.extensions}
        yield ImportableFiles(self.start_dir, suffixes, id="files")
        yield ProgressBar(id="progress", show_eta=False)
        yield Static(id="summary")
        yield DataTable(id="rows", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#rows", DataTable).add_columns("Line", "Result", "Name", "Why / what")
        self.progress_bar = self.query_one("#progress", ProgressBar)
        self._guess_kind(self.initial_path)
        self.query_one("#path", Input).focus()

    # ------------------------------------------------------------ choosing the file

    def _guess_kind(self, text: str) -> None:
        path = Path(text).expanduser()
        if text and path.is_file():
            kind = self.facade.guess_import_kind(path)
            if kind is not None:
                self.query_one("#kind", Select).value = kind

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self.set_class(event.value in self.mapped_kinds, "spreadsheet")

    @on(Input.Changed, "#path")
    def _path_changed(self, event: Input.Changed) -> None:
        self._guess_kind(event.value)

    @on(DirectoryTree.FileSelected)
    def _file_picked(self, event: DirectoryTree.FileSelected) -> None:
        path_input = self.query_one("#path", Input)
        path_input.value = str(event.path)
        path_input.focus()

    @on(Input.Submitted, "#path")
    def _path_submitted(self) -> None:
        self.action_run_import()

    def action_pick_file(self) -> None:
        self.query_one("#files", ImportableFiles).focus()

    # ------------------------------------------------------------ running

    def action_run_import(self) -> None:
        self._start(dry_run=False)

    def action_dry_run(self) -> None:
        self._start(dry_run=True)

    def action_close(self) -> None:
        if self.running:
            self.notify("The import is still running; it will finish in a moment.")
            return
        self.dismiss(self.report)

    def _start(self, dry_run: bool) -> None:
        if self.running:
            return
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self._show_error("Type a file path, or pick one below (ctrl+o).")
            return
        kind = str(self.query_one("#kind", Select).value)
        try:
            mapping_text = self.query_one("#map", Input).value
            mapping = (
                self.facade.parse_import_map(mapping_text)
                if kind in self.mapped_kinds and mapping_text
                else None
            )
        except USER_ERRORS as exc:
            self._show_error(str(exc))
            return
        self.running = True
        self.add_class("running")
        self.progress_bar.update(total=None, progress=0)
        self.query_one("#summary", Static).update(
            Text("Checking the file…" if dry_run else "Importing…")
        )
        self.query_one("#rows", DataTable).clear()
        self._import(kind, Path(text).expanduser(), mapping, dry_run)

    @work(thread=True, exclusive=True, group="import")
    def _import(self, kind: str, path: Path, mapping: dict[str, str] | None, dry_run: bool) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(self.Progressed(done, total))

        try:
            report = self.facade.import_file(
                kind, path, mapping=mapping, dry_run=dry_run, progress=progress
            )
        except USER_ERRORS as exc:
            self.post_message(self.Failed(str(exc)))
        else:
            self.post_message(self.Finished(report, path))
        finally:
            self.facade.release_thread()

    @on(Progressed)
    def _progressed(self, event: Progressed) -> None:
        self.progress_bar.update(total=event.total, progress=event.done)

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self._show_error(event.error)

    @on(Finished)
    def _finished(self, event: Finished) -> None:
        self._show_report(event.report, event.path)

    def _done(self) -> None:
        self.running = False
        self.remove_class("running")

    def _show_error(self, message: str) -> None:
        self._done()
        self.query_one("#summary", Static).update(Text(visible(message), style="bold red"))

    def _show_report(self, report: ImportReport, path: Path) -> None:
        self._done()
        if not report.dry_run:
            self.report = report
        title = (
            "Dry run, nothing changed: " if report.dry_run else f"Imported {visible(path.name)}: "
        )
        self.query_one("#summary", Static).update(Text.assemble((title, "bold"), report.summary()))
        table = self.query_one("#rows", DataTable)
        # Added rows are counted, not listed: the list is for what needs a look.
        table.add_rows(
            (str(row.line), row.action, Text(visible(row.name)), Text(visible(row.detail)))
            for row in report.rows
            if row.action in ("skipped", "updated")
        )
