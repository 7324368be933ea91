"""The stats screen: the funnel, replies and the weekly rhythm, as charts.

The same figures as `iivboard stats` (iivboard.app.stats). They are counted in a thread
worker: at 10,000 contacts that takes a few hundred milliseconds, and no key waits for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from iivboard.app.facade import Facade
from iivboard.domain import stats
from iivboard.domain.calendar import local, utc
from iivboard.domain.stages import STAGE_LABELS
from iivboard.present import stats_text
from iivboard.present.charts import bar, columns
from iivboard.present.text import visible
from iivboard.tui.screens.base import BaseScreen
from iivboard.tui.widgets.key_bar import KeyBar

# The periods the "p" key steps through: a label and how many days back (None: all).
PERIODS: tuple[tuple[str, int | None], ...] = (
    ("all history", None),
    ("last 12 weeks", 84),
    ("last 30 days", 30),
)
BAR = "green"
MUTED = "dim"


class StatsScreen(BaseScreen[None]):
    """Stats for the whole history or a recent period; escape closes it."""

    class Counted(Message):
        """The worker's figures."""

        def __init__(self, figures: stats.Stats) -> None:
            super().__init__()
            self.figures = figures

    class Failed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    DEFAULT_CSS = """
    StatsScreen { layout: vertical; }
    StatsScreen #stats-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    StatsScreen #stats-body { padding: 0 1; }
    StatsScreen .stats-block { height: auto; margin: 1 0 0 0; }
    StatsScreen Horizontal { height: auto; margin: 1 0 0 0; }
    StatsScreen Horizontal > .stats-block { width: 1fr; margin: 0 2 0 0; }
    StatsScreen.-narrow Horizontal { layout: vertical; }
    StatsScreen.-narrow Horizontal > .stats-block { width: 100%; margin: 1 0 0 0; }
    """
    NARROW = 110  # below this the charts that stand in pairs stand one above the other

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("p", "period", "Period"),
        Binding("r", "refresh", "Refresh"),
    ]

    def __init__(
        self,
        facade: Facade,
        since: dt.datetime | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(facade, name=name, id=id, classes=classes)
        self.since = utc(since) if since is not None else None
        self.period = 0  # index in PERIODS, stepped by "p"
        self.period_words = "all history"
        if self.since is not None:
            since_local = local(self.since, facade.zone())
            self.period_words = f"since {since_local:%Y-%m-%d}"
        self.figures: stats.Stats | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="stats-title")
        with VerticalScroll(id="stats-body"):
            yield Static("Counting…", id="stats-funnel", classes="stats-block")
            yield Static(id="stats-replies", classes="stats-block")
            with Horizontal():
                yield Static(id="stats-meetings", classes="stats-block")
                yield Static(id="stats-requests", classes="stats-block")
            yield Static(id="stats-referrals", classes="stats-block")
            with Horizontal():
                yield Static(id="stats-by-meetings", classes="stats-block")
                yield Static(id="stats-by-replies", classes="stats-block")
        yield KeyBar()

    def on_mount(self) -> None:
        self.action_refresh()

    # ------------------------------------------------------------ actions

    def action_close(self) -> None:
        self.dismiss()

    def action_period(self) -> None:
        self.period = (self.period + 1) % len(PERIODS)
        self.period_words, days = PERIODS[self.period]
        since = None if days is None else self.facade.utc_now() - dt.timedelta(days=days)
        self.since = since
        self.action_refresh()

    def action_refresh(self) -> None:
        self.query_one("#stats-title", Static).update(Text(f"Stats · {self.period_words}"))
        self._count(self.since)

    @work(thread=True, exclusive=True, group="stats")
    def _count(self, since: dt.datetime | None) -> None:
        # A newer count (the user pressed "p" again) or a closed screen wins.
        self.read_in_worker(lambda: self.facade.stats(since), self.Counted, self.Failed)

    @on(Failed)
    def _show_error(self, event: Failed) -> None:
        self.query_one("#stats-funnel", Static).update(
            Text(f"Could not read the history: {event.error}", style="bold red")
        )

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW, "-narrow")
        if self.figures is not None:
            self._draw(self.figures)

    def chart_width(self) -> int:
        """The cells one weekly chart may use: the whole line, or half of it in a pair."""
        width = (self.size.width or self.app.size.width) - 4
        return width if width < self.NARROW - 4 else width // 2 - 2

    @on(Counted)
    def _show(self, event: Counted) -> None:
        self.figures = event.figures
        self._draw(event.figures)

    def _draw(self, figures: stats.Stats) -> None:
        self.query_one("#stats-funnel", Static).update(funnel_text(figures))
        self.query_one("#stats-replies", Static).update(replies_text(figures))
        weekly = figures.weekly
        self.query_one("#stats-meetings", Static).update(
            weekly_text("Meetings per week", weekly.starts, weekly.meetings, self.chart_width())
        )
        self.query_one("#stats-requests", Static).update(
            weekly_text("Requests per week", weekly.starts, weekly.requests, self.chart_width())
        )
        self.query_one("#stats-referrals", Static).update(
            Text.assemble(("Referrals  ", "bold"), stats_text.referral_words(figures))
        )
        self.query_one("#stats-by-meetings", Static).update(
            organizations_text(
                "Organizations by meetings held", figures.by_meetings(), lambda o: o.meetings
            )
        )
        self.query_one("#stats-by-replies", Static).update(
            organizations_text(
                "Organizations by replies", figures.by_replies(), lambda o: o.replied
            )
        )


# ---------------------------------------------------------------- drawing (Text only)


def funnel_text(figures: stats.Stats, width: int = 30) -> Text:
    text = Text("Funnel", style="bold")
    text.append("  contacts that ever reached each stage", style=MUTED)
    top = max((s.reached for s in figures.funnel), default=0)
    for count in figures.funnel:
        text.append(f"\n{STAGE_LABELS[count.stage]:<11}")
        text.append(bar(count.reached, top, width), style=BAR)
        text.append(f" {count.reached:>5}")
        if count.conversion is not None:
            text.append(f"  {stats_text.percent(count.conversion)} went further", style=MUTED)
    return text


def replies_text(figures: stats.Stats) -> Text:
    text = Text("Requests", style="bold")
    for line in stats_text.reply_lines(figures.replies):
        text.append("\n" + line)
    return text


def weekly_text(
    title: str,
    starts: Sequence[dt.date],
    values: Sequence[int],
    width: int = 80,
    height: int = 5,
) -> Text:
    """Vertical bars, one per week, the count under each and the first and last week.

    Bars are three cells wide, or narrower when the weeks would not fit in `width`: a line
    that wrapped would put the counts under the wrong weeks. When even one cell each is too
    wide, only the latest weeks are drawn."""
    cell = max(1, min(3, (width + 1) // max(1, len(values)) - 1))
    keep = max(1, (width + 1) // (cell + 1))
    starts, values = starts[-keep:], values[-keep:]
    text = Text(title, style="bold", no_wrap=True, overflow="crop")
    text.append(f"  {sum(values)} in all", style=MUTED)
    for line in columns(values, height, width=cell, gap=1):
        text.append("\n" + line, style=BAR)
    text.append("\n" + " ".join(_count_cell(v, cell) for v in values))
    span = len(values) * (cell + 1) - 1
    first, last = f"{starts[0]:%d %b}", f"{starts[-1]:%d %b}"
    if len(values) == 1:
        dates = first
    elif span > len(first) + len(last):
        dates = first + last.rjust(span - len(first))  # under the first and the last bar
    else:
        dates = f"{first} to {last}"
    text.append("\n" + dates, style=MUTED)
    return text


def _count_cell(value: int, cell: int) -> str:
    """A week's count under its bar; a count too long for a narrow bar shows as +."""
    shown = str(value)
    return shown.rjust(cell) if len(shown) <= cell else "+".rjust(cell)


def organizations_text(
    title: str, rows: list[stats.OrgCount], value: Callable[[stats.OrgCount], int], limit: int = 8
) -> Text:
    text = Text(title, style="bold")
    rows = rows[:limit]
    if not rows:
        text.append("\nnone yet", style=MUTED)
        return text
    most = max(value(o) for o in rows)
    for org in rows:
        # The name is user text: appended as plain Text, never read as markup.
        name = visible(org.name)
        name = name if len(name) <= 22 else name[:21] + "…"
        text.append("\n")
        text.append(f"{name:<22} ")
        text.append(bar(value(org), most, 10), style=BAR)
        text.append(f" {value(org)}")
    return text
