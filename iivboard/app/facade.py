"""The one object the TUI holds (and, next, the CLI): every use case, by name.

Thin on purpose: each method hands over to the module that owns the rule (the Service's
commands, the queries, the review, calls, messages, stats, and the io the screens need), so
rewriting those modules' insides never changes a screen. What comes back is a command's
Result or a frozen value, never a storage row. Refusals a user can cause are raised as
ServiceError (the error root to come); anything else is a bug and propagates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from iivboard.app import calls, messages, queries, review, stats
from iivboard.app.matching import ImportReport
from iivboard.app.queries import CallView, Card, ContactBrief, MeetingView
from iivboard.app.service import Result, Service, ServiceError, _refusals
from iivboard.domain.policy import Rules
from iivboard.io import calendar_export, importers
from iivboard.io.settings import Settings
from iivboard.storage import store
from iivboard.storage.models import database

# The front ends import a command's Result and the error root from here, not from the
# modules behind the facade.
__all__ = ["Clock", "Facade", "Progress", "Result", "ServiceError", "system_clock"]

Clock = Callable[[], dt.datetime]
Progress = Callable[[int, int], None]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Facade:
    def __init__(self, settings: Settings, clock: Clock | None = None) -> None:
        self.settings = settings
        self.rules: Rules = settings.rules
        self._clock = clock or system_clock
        self._service = Service(self.rules, clock=self._clock)

    @classmethod
    def open(cls, db_path: Path | str, settings: Settings, clock: Clock | None = None) -> Facade:
        """The database at `db_path`, its stored due dates current with today's rules."""
        store.open_database(db_path)
        facade = cls(settings, clock)
        facade.ensure_due_current()
        return facade

    # ------------------------------------------------------------ time

    def now(self) -> dt.datetime:
        """The clock as given (aware)."""
        return self._clock()

    def utc_now(self) -> dt.datetime:
        """Naive UTC, the form the database stores."""
        return self._service.now()

    def local_now(self) -> dt.datetime:
        return self._clock().astimezone(self.rules.zone())

    def zone(self) -> dt.tzinfo:
        return self.rules.zone()

    # ------------------------------------------------------------ the database itself

    def data_version(self) -> int:
        """Changes when another connection (the CLI, another window) commits."""
        with _refusals():
            return store.data_version()

    def release_thread(self) -> None:
        """A worker thread is done with the database: close its own connection."""
        database.close()

    def ensure_due_current(self) -> int:
        return self._service.ensure_due_current()

    # ------------------------------------------------------------ contacts

    def add_contact(
        self,
        name: str,
        *,
        organization: str | None = None,
        tags: str | list[str] | None = None,
        **fields: str,
    ) -> Result:
        # The Service's other keywords (referred_by, at) are not strings: the fields are.
        return self._service.add_contact(name, organization=organization, tags=tags, **fields)  # type: ignore[arg-type]

    def update_contact(self, contact_id: int, **changes: str) -> Result:
        return self._service.update_contact(contact_id, **changes)

    def delete_contact(self, contact_id: int) -> Result:
        return self._service.delete_contact(contact_id)

    # ------------------------------------------------------------ pipeline

    def move(
        self,
        contact_id: int,
        stage: str,
        *,
        at: dt.datetime | None = None,
        channel: str = "",
        meeting: dict[str, object] | None = None,
    ) -> Result:
        return self._service.move(contact_id, stage, at=at, channel=channel, meeting=meeting)

    def log(
        self,
        contact_id: int,
        kind: str,
        *,
        note: str = "",
        channel: str = "",
        at: dt.datetime | None = None,
    ) -> Result:
        return self._service.log(contact_id, kind, note=note, channel=channel, at=at)

    def close(self, contact_id: int, outcome: str, *, reason: str | None = None) -> Result:
        return self._service.close(contact_id, outcome, reason=reason)

    def reopen(self, contact_id: int) -> Result:
        return self._service.reopen(contact_id)

    def snooze(self, contact_id: int, until: dt.datetime) -> Result:
        return self._service.snooze(contact_id, until)

    def skip(self, contact_id: int, what: str) -> Result:
        return self._service.skip(contact_id, what)

    def many(
        self, label: str, contact_ids: Iterable[int], action: Callable[[int], Result]
    ) -> Result:
        """One action on several contacts: one transaction and one undo step."""
        return self._service.many(label, contact_ids, action)

    def meeting_held_at(self, contact_id: int) -> dt.datetime:
        return self._service.meeting_held_at(contact_id)

    # ------------------------------------------------------------ meetings and calls

    def update_meeting(
        self,
        meeting_id: int,
        *,
        label: str = "",
        started_at: dt.datetime | None = None,
        notes: str | None = None,
    ) -> Result:
        changes: dict[str, Any] = {}
        if started_at is not None:
            changes["started_at"] = started_at
        if notes is not None:
            changes["notes"] = notes
        return self._service.update_meeting(meeting_id, label=label, **changes)

    def save_notes(self, meeting_id: int, text: str) -> None:
        """Autosave while typing: no journal entry, no event."""
        self._service.save_notes(meeting_id, text)

    def start_call(self, contact_id: int) -> Result:
        return self._service.start_call(contact_id)

    def end_call(self, contact_id: int, answers: dict[str, str]) -> Result:
        return self._service.end_call(contact_id, reflection=calls.reflection_text(answers))

    def add_referral(
        self, referrer_id: int, name: str, *, organization: str = "", context: str = ""
    ) -> Result:
        return self._service.add_referral(
            referrer_id, name, organization=organization, context=context
        )

    def set_call_flags(
        self,
        contact_id: int,
        *,
        may_recontact: bool | None = None,
        offered_intro: bool | None = None,
    ) -> Result:
        flags = {
            key: value
            for key, value in (("may_recontact", may_recontact), ("offered_intro", offered_intro))
            if value is not None
        }
        return self._service.set_call_flags(contact_id, **flags)  # type: ignore[arg-type]

    def tick_question(self, meeting_id: int, index: int) -> Result:
        return calls.tick(self._service, meeting_id, index)

    def set_prep_step(self, meeting_id: int, key: str, done: bool) -> Result:
        return calls.set_prep_step(self._service, meeting_id, key, done)

    def set_questions(self, meeting_id: int, texts: list[str]) -> Result:
        return calls.set_questions(self._service, meeting_id, texts)

    def set_intro(self, meeting_id: int, text: str) -> Result:
        return calls.set_intro(self._service, meeting_id, text)

    # ------------------------------------------------------------ history

    def undo(self) -> Result:
        return self._service.undo()

    def redo(self) -> Result:
        return self._service.redo()

    # ------------------------------------------------------------ queries

    def cards(self, include_closed: bool = False) -> list[Card]:
        return queries.cards(include_closed=include_closed)

    def cards_by_id(self, ids: set[int] | list[int]) -> dict[int, Card]:
        return queries.cards_by_id(ids)

    def organization_names(self) -> list[str]:
        return queries.organization_names()

    def contact_names(self, ids: list[int | None]) -> dict[int, str]:
        return queries.contact_names(ids)

    def contact_detail(self, contact_id: int) -> dict[str, Any] | None:
        """The README's JSON shape of one contact, with meetings, events and referrals."""
        return queries.contact_detail(contact_id)

    def due_words(self, detail: dict[str, Any]) -> tuple[str, str]:
        return queries.due_words(detail, self.now(), self.rules)

    def contact(self, contact_id: int) -> ContactBrief | None:
        return queries.contact_brief(contact_id)

    def meeting(self, meeting_id: int) -> MeetingView | None:
        return queries.meeting_view(meeting_id)

    def latest_meeting(self, contact_id: int) -> MeetingView | None:
        return queries.latest_meeting_view(contact_id)

    def call(self, contact_id: int, what: str = "Call mode") -> CallView:
        """The meeting call mode (or prep: `what`) would open, or why it cannot."""
        return queries.call_view(contact_id, what)

    def referrals_of(self, contact_id: int) -> list[tuple[str, str]]:
        return calls.referrals_of(contact_id)

    def referral_tree(self, contact_id: int) -> stats.ReferralNode | None:
        return stats.referral_tree(contact_id)

    # ------------------------------------------------------------ the daily review

    def today(self) -> review.Review:
        return review.today(self.now(), self.rules)

    def triage(self) -> list[review.TriageRow]:
        return review.triage(self.now(), self.rules)

    def review_done(
        self,
        item: review.Item,
        *,
        channel: str = "",
        at: dt.datetime | None = None,
        meeting: dict[str, Any] | None = None,
    ) -> Result:
        """What "done" means for a Today line: one command, one undo step."""
        return review.perform(self._service, item, channel=channel, at=at, meeting=meeting)

    # ------------------------------------------------------------ messages

    def compose_message(
        self, contact_id: int, template: str, folder: Path | None = None
    ) -> messages.Message:
        return messages.compose(contact_id, template, self.settings.profile, self.zone(), folder)

    def log_message_sent(
        self, contact_id: int, template: str, *, subject: str = "", channel: str = ""
    ) -> Result:
        return messages.log_sent(
            self._service, contact_id, template, subject=subject, channel=channel
        )

    # ------------------------------------------------------------ stats

    def stats(self, since: dt.datetime | None = None) -> stats.Stats:
        with _refusals():  # a damaged or locked file reads as a refusal, not a crash
            return stats.compute(self.now(), self.rules, since=since)

    # ------------------------------------------------------------ files

    def guess_import_kind(self, path: Path) -> str | None:
        return importers.guess_kind(path)

    def parse_import_map(self, text: str) -> dict[str, str]:
        return importers.parse_map(text)

    def import_file(
        self,
        kind: str,
        path: Path,
        *,
        mapping: dict[str, str] | None = None,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        return importers.import_file(
            self._service, kind, path, mapping=mapping, dry_run=dry_run, progress=progress
        )

    def export_calendar(self, contact_id: int) -> Path:
        """One contact's meetings as an .ics file a calendar app imports; its path."""
        try:
            return calendar_export.export_contact(contact_id, self.rules, self.utc_now())
        except (calendar_export.ExportError, OSError) as exc:
            raise ServiceError(f"no calendar file: {exc}") from exc
