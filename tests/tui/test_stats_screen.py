"""The stats screen and the referral tree widget, driven by key presses in a tiny host app."""

import datetime as dt

from textual.app import App, ComposeResult
from textual.widgets import Static

from iivboard.app import stats
from iivboard.storage.models import Contact
from iivboard.tui.screens.stats import StatsScreen
from iivboard.tui.widgets.referral_tree import ReferralTreeView


class Host(App):
    def __init__(self, make_screen) -> None:
        super().__init__()
        self.make_screen = make_screen

    def compose(self) -> ComposeResult:
        yield Static("the board", id="board")

    def on_mount(self) -> None:
        self.push_screen(self.make_screen())


def shown(app, widget_id: str) -> str:
    return app.screen.query_one(f"#{widget_id}", Static).content.plain


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def seed(commands, clock):
    ada = commands.contacts.add_contact("Ada", organization="[bold]Acme[/]").contact_id
    commands.pipeline.log(ada, "request", at=clock.now - dt.timedelta(days=60))
    commands.pipeline.log(ada, "reply", at=clock.now - dt.timedelta(days=59))
    commands.pipeline.move(ada, "scheduled", meeting={"starts_at": clock.now})
    commands.pipeline.log(ada, "meeting")
    bo = commands.contacts.add_contact("Bo", organization="Globex").contact_id
    commands.pipeline.log(bo, "request", at=clock.now - dt.timedelta(days=3))
    commands.contacts.add_contact("Cy", referred_by=ada)
    return ada, bo


async def test_stats_screen_shows_the_figures_and_closes(commands, facade, clock):
    seed(commands, clock)
    app = Host(lambda: StatsScreen(facade))
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        assert shown(app, "stats-title") == "Stats · all history"
        funnel = shown(app, "stats-funnel").splitlines()
        # Ada, Bo and Cy identified; Ada and Bo asked; only Ada got further.
        assert funnel[1].startswith("Identified ") and funnel[1].endswith("3  67% went further")
        assert funnel[2].endswith("2  50% went further")
        assert funnel[4].startswith("Met ") and funnel[4].endswith("1  0% went further")
        assert "2 asked, 1 replied (50%); median 1 business day to a reply" in shown(
            app, "stats-replies"
        )
        meetings = shown(app, "stats-meetings").splitlines()
        assert meetings[0] == "Meetings per week  1 in all"
        assert meetings[-2].split() == ["0"] * 11 + ["1"]
        assert meetings[-1].startswith("07 Sep") and meetings[-1].endswith("23 Nov")
        assert shown(app, "stats-referrals") == (
            "Referrals  1 gained from 1 meeting held (1.00 per meeting)"
        )
        # The organization name is shown literally, brackets and all.
        assert "[bold]Acme[/]" in shown(app, "stats-by-meetings")
        assert "Globex" not in shown(app, "stats-by-replies")

        await pilot.press("p")  # last 12 weeks: Ada's request 60 days ago still counts
        await settle(pilot)
        assert shown(app, "stats-title") == "Stats · last 12 weeks"
        await pilot.press("p")  # last 30 days: only Bo's request
        await settle(pilot)
        assert shown(app, "stats-title") == "Stats · last 30 days"
        assert "1 asked, 0 replied (0%)" in shown(app, "stats-replies")

        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, StatsScreen)
        assert app.screen.query_one("#board", Static)


async def test_refresh_picks_up_a_change(commands, facade, clock):
    _, bo = seed(commands, clock)
    app = Host(lambda: StatsScreen(facade, since=clock.now - dt.timedelta(days=10)))
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        assert shown(app, "stats-title") == "Stats · since 2026-11-13"
        assert "1 asked, 0 replied" in shown(app, "stats-replies")
        commands.pipeline.log(bo, "reply")
        await pilot.press("r")
        await settle(pilot)
        assert "1 asked, 1 replied (100%)" in shown(app, "stats-replies")


class TreeHost(App):
    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.selected: list[int] = []

    def compose(self) -> ComposeResult:
        yield ReferralTreeView(self.contact_id, stats.referral_tree, id="tree")

    def on_tree_node_selected(self, message) -> None:
        self.selected.append(message.node.data)


def tree_lines(tree: ReferralTreeView) -> list[tuple[int, str]]:
    lines = []
    stack = [(tree.root, 0)]
    while stack:
        node, depth = stack.pop()
        lines.append((depth, node.label.plain))
        stack.extend((child, depth + 1) for child in reversed(node.children))
    return lines


async def test_referral_tree_widget(commands):
    ada = commands.contacts.add_contact("Ada [b]x[/b]", organization="[red]Acme").contact_id
    bo = commands.contacts.add_contact("Bo", referred_by=ada).contact_id
    cy = commands.contacts.add_contact("Cy", referred_by=bo).contact_id
    commands.pipeline.log(cy, "request")
    commands.pipeline.close(cy, "declined")
    commands.contacts.add_contact("Di", referred_by=bo)
    app = TreeHost(bo)
    async with app.run_test() as pilot:
        await pilot.pause()
        tree = app.query_one(ReferralTreeView)
        assert tree_lines(tree) == [
            (0, "Ada [b]x[/b] · [red]Acme · Identified"),
            (1, "Bo · Identified"),
            (2, "Cy · declined"),
            (2, "Di · Identified"),
        ]
        assert tree.people == 4
        assert tree.cursor_node.data == bo  # the cursor starts on the contact
        await pilot.press("down", "enter")
        assert app.selected[-1] == cy
        # A loop ends the branch: now Ada was referred by Cy, so the chain above Ada is
        # Bo then Cy, and Bo (already shown) is not repeated as Ada's referral.
        # (An edit refuses such a loop; a file from before may hold one.)
        Contact.update(referred_by=cy).where(Contact.id == ada).execute()
        tree.show(ada)
        await pilot.pause()
        assert [(depth, name.split(" · ")[0]) for depth, name in tree_lines(tree)] == [
            (0, "Bo"),
            (1, "Cy"),
            (2, "Ada [b]x[/b]"),
        ]
        tree.show(12345)
        assert tree_lines(tree) == [(0, "no contact with id 12345")]
        assert Contact.select().count() == 4


async def test_weekly_charts_never_wrap_at_80_or_40_columns(commands, facade, clock):
    seed(commands, clock)
    app = Host(lambda: StatsScreen(facade))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for size in ((80, 24), (40, 20)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            chart = app.screen.query_one("#stats-meetings", Static)
            # One above the other, each as wide as the screen allows, never wider.
            assert chart.region.width > size[0] // 2
            lines = shown(app, "stats-meetings").splitlines()
            assert len(lines) == 1 + 5 + 2  # title, five rows of bars, counts, dates
            assert all(len(line) <= size[0] - 4 for line in lines[1:])
            counts = lines[-2].split()
            assert counts[-1] == "1" and set(counts[:-1]) == {"0"}
            assert lines[-1].endswith("23 Nov")
        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        assert shown(app, "stats-meetings").splitlines()[-2].split() == ["0"] * 11 + ["1"]
