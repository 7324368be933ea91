"""The command palette (ctrl+p): every board action, "jump to contact" by name, and the
brief on an organization by its name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from iivboard.present.text import visible
from iivboard.tui.screens.base import board_app_of

# (title, help, action on the board screen)
BOARD_ACTIONS = [
    ("Add a contact", "a", "add"),
    ("Move the selected card forward", "L or >", "move(1)"),
    ("Move the selected card back", "H or <", "move(-1)"),
    ("Open the selected contact", "enter", "open_contact"),
    ("Filter the board", "/", "filter"),
    ("Search everything written: notes, meetings, contacts", "ctrl+f", "app.show_search"),
    ("Close the selected contact (declined, no response, not pursuing)", "d", "close_card"),
    ("Show or hide closed contacts", "o", "toggle_closed"),
    ("Delete the selected contact", "x", "delete"),
    ("Write a message to the selected contact", "m", "message"),
    ("Call mode: notes, questions and clock for a scheduled contact", "c", "call"),
    ("Prep for a call: checklist, questions, introduction", "p", "prep"),
    ("Reschedule the selected contact's meeting", "R", "reschedule"),
    ("Cancel the selected contact's meeting (back to Requested)", "X", "cancel_meeting"),
    ("Export the selected contact's meetings as a calendar file", "i", "calendar"),
    ("Stats: the funnel and the weekly rhythm", "S", "app.show_stats"),
    ("Today: the daily review of what is due", "t", "app.show_today"),
    ("Triage: everyone waiting for a reply", "T", "app.show_triage"),
    ("Organizations: the target list, ranked", "O", "app.show_organizations"),
    ("Import contacts from LinkedIn, a vCard or a spreadsheet file", "I", "app.import"),
    ("Undo", "u", "undo"),
    ("Redo", "ctrl+r", "redo"),
]


BRIEF_HELP = "people, meetings, referrals and what is due there"


def literal_highlight(matcher: Matcher, text: str) -> Content:
    """Matcher.highlight parses its argument as markup (a contact named "[/]" raised and was
    dropped from the palette); this marks the same letters on literal text."""
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class BoardCommands(Provider):
    async def startup(self) -> None:
        # One query when the palette opens, not one per keystroke.
        self.contacts = [
            (card.id, visible(card.name), visible(card.organization or ""))
            for card in board_app_of(self.app).facade.cards(include_closed=True)
        ]
        self.organizations = board_app_of(self.app).facade.organization_names()

    def _run(self, action: str) -> None:
        board_app_of(self.app).run_board_action(action)

    async def discover(self) -> Hits:
        for title, keys, action in BOARD_ACTIONS:
            yield DiscoveryHit(title, partial(self._run, action), help=f"key: {keys}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        app = board_app_of(self.app)
        # (words matched, what it does, help, text): actions, briefs, then contacts.
        choices: list[tuple[str, Callable[[], object], str | None, str | None]] = [
            (title, partial(self._run, action), f"key: {keys}", None)
            for title, keys, action in BOARD_ACTIONS
        ]
        for org in self.organizations:
            text = f"Brief on {visible(org)}"
            choices.append((text, partial(app.open_brief, org), BRIEF_HELP, text))
        for contact_id, name, org in self.contacts:
            text = f"Jump to {name}" + (f" ({org})" if org else "")
            choices.append((text, partial(app.jump_to_contact, contact_id), None, text))
        for words, run, help_text, shown in choices:
            score = matcher.match(words)
            if score > 0:
                yield Hit(score, literal_highlight(matcher, words), run, text=shown, help=help_text)
