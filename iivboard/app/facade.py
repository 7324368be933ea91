"""The one object the TUI holds (and, next, the CLI): every use case, by name.

Thin on purpose: each method hands over to the module that owns the rule (the commands
by area, the queries, the review, calls, messages, stats, and the io the screens need), so
rewriting those modules' insides never changes a screen. What comes back is a command's
Result or a frozen value, never a storage row. What a user can cause is raised as NotDone
(iivboard.domain.errors); anything else is a bug and propagates.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO, Concatenate, ParamSpec, TypeVar

from iivboard.app import (
    backups,
    brief,
    calls,
    exports,
    imports,
    meetings_query,
    messages,
    organizations,
    people,
    queries,
    reminders,
    review,
    search,
    stats,
)
from iivboard.app.commands import Commands, Result
from iivboard.app.queries import CallView, Card, ContactBrief, MeetingView
from iivboard.domain import calendar, slots
from iivboard.domain.brief import OrganizationBrief
from iivboard.domain.calendar import utc
from iivboard.domain.errors import IivboardError, NotDone
from iivboard.domain.imports import ImportReport
from iivboard.domain.policy import Rules
from iivboard.domain.search import SearchHit
from iivboard.domain.stats import ReferralNode, Stats
from iivboard.domain.targets import OrganizationView
from iivboard.io.formats import registry
from iivboard.io.formats.base import Format
from iivboard.io.formats.errors import ExportError, FileError, ImportFileError
from iivboard.io.settings import Settings, data_dir, settings_path
from iivboard.present import brief_text, stats_text
from iivboard.storage.migrations.progress import Progress as MigrationProgress
from iivboard.storage.store import Store
from iivboard.storage.unit_of_work import refusals as _refusals

# The front ends import a command's Result and the error root from here, not from the
# modules behind the facade.
__all__ = [
    "Clock",
    "Facade",
    "FileError",
    "Format",
    "IivboardError",
    "ImportFileError",
    "MigrationProgress",
    "NotDone",
    "OrganizationView",
    "Progress",
    "Result",
    "system_clock",
]

Clock = Callable[[], dt.datetime]
Progress = Callable[[int, int], None]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# How far ahead a free slot is looked for: the meetings read are those in this window.
_SLOT_HORIZON = dt.timedelta(days=120)

P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F", bound="Facade")


def _in_store(method: Callable[Concatenate[F, P], R]) -> Callable[Concatenate[F, P], R]:
    """Run a use case with the facade's Store bound: the models then reach this Store's
    file, in whatever thread calls (Textual's thread workers start with an empty context)."""

    def bound(self: F, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.store.bound():
            return method(self, *args, **kwargs)

    functools.update_wrapper(bound, method)  # the name and docstring, for help and tests
    return bound


def _each_use_in_store(cls: type[F]) -> type[F]:
    for name, member in list(vars(cls).items()):
        # Plain methods only: `open` (a classmethod) makes the store it then binds.
        if not name.startswith("_") and inspect.isfunction(member):
            setattr(cls, name, _in_store(member))
    return cls


@_each_use_in_store
class Facade:
    """Every public method runs with `store` bound (see _each_use_in_store)."""

    def __init__(
        self, settings: Settings, clock: Clock | None = None, store: Store | None = None
    ) -> None:
        self.settings = settings
        self.rules: Rules = settings.rules
        self._clock = clock or system_clock
        # Without one, the Store bound where the facade is made (a test's, the CLI's).
        self.store = store or Store.current()
        self._commands = Commands.build(self.rules, self._clock)

    @classmethod
    def open(
        cls,
        db_path: Path | str,
        settings: Settings,
        clock: Clock | None = None,
        progress: MigrationProgress | None = None,
    ) -> Facade:
        """The database at `db_path`, its stored due dates current with today's rules. A
        long upgrade (building the search index) tells `progress` how far it is."""
        facade = cls(settings, clock, Store.open(db_path, progress))
        facade.ensure_due_current()
        return facade

    # ------------------------------------------------------------ time

    def now(self) -> dt.datetime:
        """The clock as given (aware)."""
        return self._clock()

    def utc_now(self) -> dt.datetime:
        """Naive UTC, the form the database stores."""
        return self._commands.context.now()

    def local_now(self) -> dt.datetime:
        return self._clock().astimezone(self.rules.zone())

    def zone(self) -> dt.tzinfo:
        return self.rules.zone()

    # ------------------------------------------------------------ the database itself

    def data_version(self) -> int:
        """Changes when another connection (the CLI, another window) commits."""
        with _refusals():
            return self.store.data_version()

    def release_thread(self) -> None:
        """A worker thread is done with the database: close its own connection."""
        self.store.close()

    def ensure_due_current(self) -> int:
        return self._commands.context.ensure_due_current()

    # ------------------------------------------------------------ contacts

    def add_contact(
        self,
        name: str,
        *,
        organization: str | None = None,
        referred_by: int | None = None,
        tags: str | list[str] | None = None,
        **fields: str,
    ) -> Result:
        text: dict[str, Any] = dict(fields)  # each a contact field, not a keyword of its own
        return self._commands.contacts.add_contact(
            name, organization=organization, referred_by=referred_by, tags=tags, **text
        )

    def update_contact(self, contact_id: int, **changes: str | int | None) -> Result:
        """Each change a contact field; `referred_by` an id (None: no referrer)."""
        text: dict[str, Any] = dict(changes)  # each a contact field, not a keyword of its own
        return self._commands.contacts.update_contact(contact_id, **text)

    def delete_contact(self, contact_id: int) -> Result:
        return self._commands.contacts.delete_contact(contact_id)

    # ------------------------------------------------------------ the target list

    def organizations(self) -> list[OrganizationView]:
        """Every organization, ranked first (1 at the top), with its contacts by stage and
        who waits past their follow-up."""
        return organizations.target_list(self.utc_now())

    def set_rank(self, name: str, rank: int | None) -> Result:
        """Put an organization at `rank` on the target list (None or 0: off it); the
        others close up, so ranks stay 1..n."""
        return self._commands.organizations.set_rank(name, rank)

    def move_rank(self, name: str, step: int) -> Result:
        """One place up (-1) or down (+1) on the target list."""
        return self._commands.organizations.move_rank(name, step)

    def edit_organization(
        self, name: str, *, website: str | None = None, notes: str | None = None
    ) -> Result:
        return self._commands.organizations.edit_organization(name, website=website, notes=notes)

    # ------------------------------------------------------------ pipeline

    def move(
        self,
        contact_id: int,
        stage: str,
        *,
        at: dt.datetime | None = None,
        channel: str = "",
        meeting: dict[str, object] | None = None,
        note: str = "",
    ) -> Result:
        return self._commands.pipeline.move(
            contact_id, stage, at=at, channel=channel, meeting=meeting, note=note
        )

    def log(
        self,
        contact_id: int,
        kind: str,
        *,
        note: str = "",
        channel: str = "",
        at: dt.datetime | None = None,
    ) -> Result:
        return self._commands.pipeline.log(contact_id, kind, note=note, channel=channel, at=at)

    def close(
        self, contact_id: int, outcome: str, *, reason: str | None = None, note: str = ""
    ) -> Result:
        return self._commands.pipeline.close(contact_id, outcome, reason=reason, note=note)

    def reopen(self, contact_id: int) -> Result:
        return self._commands.pipeline.reopen(contact_id)

    def snooze(self, contact_id: int, until: dt.datetime) -> Result:
        return self._commands.pipeline.snooze(contact_id, until)

    def skip(self, contact_id: int, what: str) -> Result:
        return self._commands.pipeline.skip(contact_id, what)

    def many(
        self, label: str, contact_ids: Iterable[int], action: Callable[[int], Result]
    ) -> Result:
        """One action on several contacts: one transaction and one undo step."""
        return self._commands.pipeline.many(label, contact_ids, action)

    def meeting_held_at(self, contact_id: int) -> dt.datetime:
        return self._commands.meetings.meeting_held_at(contact_id)

    # ------------------------------------------------------------ meetings and calls

    def reschedule(
        self,
        contact_id: int,
        at: dt.datetime,
        *,
        minutes: int | None = None,
        format: str | None = None,
        place: str | None = None,
        allow_past: bool = False,
    ) -> Result:
        """Move the open meeting; the contact stays scheduled, the history stays."""
        return self._commands.meetings.reschedule(
            contact_id, at, minutes=minutes, format=format, place=place, allow_past=allow_past
        )

    def cancel_meeting(self, contact_id: int, note: str = "") -> Result:
        """The open meeting is called off (kept, marked cancelled); back to requested."""
        return self._commands.meetings.cancel_meeting(contact_id, note=note)

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
        return self._commands.meetings.update_meeting(meeting_id, label=label, **changes)

    def save_notes(self, meeting_id: int, text: str) -> None:
        """Autosave while typing: no journal entry, no event."""
        self._commands.meetings.save_notes(meeting_id, text)

    def start_call(self, contact_id: int) -> Result:
        return self._commands.meetings.start_call(contact_id)

    def end_call(self, contact_id: int, answers: dict[str, str]) -> Result:
        return self._commands.meetings.end_call(
            contact_id, reflection=calls.reflection_text(answers)
        )

    def add_referral(
        self, referrer_id: int, name: str, *, organization: str = "", context: str = ""
    ) -> Result:
        return self._commands.meetings.add_referral(
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
        return self._commands.meetings.set_call_flags(contact_id, **flags)  # type: ignore[arg-type]

    def tick_question(self, meeting_id: int, index: int) -> Result:
        return self._commands.meetings.tick_question(meeting_id, index)

    def set_prep_step(self, meeting_id: int, key: str, done: bool) -> Result:
        return self._commands.meetings.set_prep_step(meeting_id, key, done)

    def set_questions(self, meeting_id: int, texts: list[str]) -> Result:
        return self._commands.meetings.set_questions(meeting_id, texts)

    def set_intro(self, meeting_id: int, text: str) -> Result:
        return self._commands.meetings.set_intro(meeting_id, text)

    # ------------------------------------------------------------ history

    def undo(self) -> Result:
        return self._commands.history.undo()

    def redo(self) -> Result:
        return self._commands.history.redo()

    # ------------------------------------------------------------ queries

    def cards(self, include_closed: bool = False) -> list[Card]:
        return queries.cards(include_closed=include_closed)

    def cards_by_id(self, ids: set[int] | list[int]) -> dict[int, Card]:
        return queries.cards_by_id(ids)

    def organization_names(self) -> list[str]:
        return queries.organization_names()

    def complete_contact(self, typed: str, exclude: int | None = None) -> str | None:
        """The first contact whose label ("Name (Organization)") starts as typed: one
        query with a limit, for a form's completion on each key."""
        return people.complete_contact(typed, exclude)

    def find_contact(self, text: str) -> int | None:
        """The contact a form names (its label, its name, or #ID); None when empty."""
        return people.find_contact(text)

    def contact_label(self, contact_id: int | None) -> str:
        """How a form names a contact; empty for None or someone deleted."""
        return people.label_of(contact_id)

    def decline_advice(self, contact_id: int) -> str:
        """After a hiring conflict: the retry date and someone else on the team."""
        return people.decline_advice(contact_id, self.now(), self.rules)

    def retry_on(self) -> str:
        """When someone declining now for a hiring conflict may be asked again."""
        return people.retry_on(self.now(), self.rules)

    def contact_names(self, ids: list[int | None]) -> dict[int, str]:
        return queries.contact_names(ids)

    def list_contacts(
        self,
        *,
        stage: str | None = None,
        due_today: bool = False,
        include_closed: bool = False,
    ) -> list[dict[str, Any]]:
        """The README's JSON shape of each contact, soonest due first; `due_today`: only
        what is due by the end of the local day."""
        due_by = None
        if due_today:
            tomorrow = self.local_now().date() + dt.timedelta(days=1)
            due_by = calendar.local_midnight_utc(tomorrow, self.zone())
        return queries.list_contacts(stage=stage, due_by=due_by, include_closed=include_closed)

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

    def meeting_clashes(
        self, contact_id: int, start: dt.datetime | None = None, minutes: int | None = None
    ) -> str:
        """What a meeting with `contact_id` at `start` would overlap (any other contact's
        meeting to come), in words; '' when nothing. Without `start`: their open meeting."""
        if start is None:
            meeting = queries.call_view(contact_id).meeting
            if meeting is None:
                return ""
            start, minutes = meeting.starts_at, meeting.minutes
        begin, length = utc(start), minutes or self.rules.meeting_minutes
        end = begin + dt.timedelta(minutes=length)
        found = meetings_query.booked(begin, end, besides=contact_id)
        return slots.clash_words(slots.overlapping(begin, length, found), self.zone())

    def free_meeting_time(self, contact_id: int | None = None) -> dt.datetime:
        """The time a new meeting's form offers (local): the next free slot in working
        hours on a business day, clear of every other contact's meeting to come."""
        now = self.utc_now()
        taken = meetings_query.booked(now, now + _SLOT_HORIZON, besides=contact_id)
        return slots.next_free(self.local_now(), self.rules.meeting_minutes, taken, self.rules)

    def referrals_of(self, contact_id: int) -> list[tuple[str, str]]:
        return calls.referrals_of(contact_id)

    def referral_tree(self, contact_id: int) -> ReferralNode | None:
        return stats.referral_tree(contact_id)

    # ------------------------------------------------------------ the brief

    def organization_brief(self, name: str) -> OrganizationBrief:
        """Everything about the organization `name` means (its name, or the only one whose
        name contains it): people, meetings, referrals, what is due."""
        return brief.organization_brief(name, self.now(), self.rules)

    def brief_markdown(self, view: OrganizationBrief) -> str:
        return brief_text.markdown_report(view, self.zone())

    def default_brief_path(self, view: OrganizationBrief) -> Path:
        return brief.default_markdown_path(view)

    def save_brief(self, view: OrganizationBrief, target: Path) -> Path:
        """The brief as Markdown in `target`, whole or not at all, private (0600)."""
        return brief.save_markdown(view, target, self.zone())

    # ------------------------------------------------------------ reminders

    def notify(
        self, digest_from: dt.time | None = None, send: reminders.Sender | None = None
    ) -> reminders.Outcome:
        """What is due now as desktop notifications: today's digest (once a day from
        `digest_from`, or now when None) and each meeting about to start, once."""
        return reminders.notify(
            self.now(),
            self.rules,
            self.store.path,
            digest_from=digest_from,
            send=send,
        )

    # ------------------------------------------------------------ search

    def search(self, query: str, limit: int = 20, *, as_you_type: bool = False) -> list[SearchHit]:
        """Everything written (contact fields, meeting notes and reflections, notes in the
        history), best match first; the words found are marked in each hit's snippet."""
        return search.search(query, limit, as_you_type=as_you_type)

    # ------------------------------------------------------------ the daily review

    def today(self) -> review.Review:
        return review.today(self.now(), self.rules)

    def week(self) -> review.Week:
        """The next seven days by day: meetings and stored dues (Today's w, due --week)."""
        return review.week(self.now(), self.rules)

    def triage(self) -> list[review.TriageRow]:
        return review.triage(self.now(), self.rules)

    def review_done(
        self,
        item: review.Item,
        *,
        channel: str = "",
        at: dt.datetime | None = None,
        meeting: dict[str, Any] | None = None,
        note: str = "",
    ) -> Result:
        """What "done" means for a Today line: one command, one undo step."""
        return review.perform(
            self._commands.pipeline, item, channel=channel, at=at, meeting=meeting, note=note
        )

    # ------------------------------------------------------------ messages

    def compose_message(
        self,
        contact_id: int,
        template: str,
        folder: Path | None = None,
        given: dict[str, str] | None = None,
    ) -> messages.Message:
        return messages.compose(
            contact_id, template, self.settings.profile, self.zone(), folder, given
        )

    def mailto(self, message: messages.Message) -> str:
        """A mailto: link that opens a new mail with the message filled in."""
        return messages.mailto_url(message.to, message.subject, message.body)

    def log_message_sent(
        self, contact_id: int, template: str, *, subject: str = "", channel: str = ""
    ) -> Result:
        return messages.log_sent(
            self._commands.pipeline, contact_id, template, subject=subject, channel=channel
        )

    # ------------------------------------------------------------ stats

    def stats(self, since: dt.datetime | None = None) -> Stats:
        with _refusals():  # a damaged or locked file reads as a refusal, not a crash
            return stats.compute(self.now(), self.rules, since=since)

    def stats_report(self, figures: Stats) -> list[str]:
        """The figures as the plain-text report `iivboard stats` prints."""
        return stats_text.text_report(figures, self.zone())

    # ------------------------------------------------------------ demo

    def seed_demo(self) -> dict[str, int]:
        """Sample contacts in every stage, for `--demo` on a throw-away database."""
        from iivboard.app.demo import seed_demo

        return seed_demo(self._commands, self.now())

    # ------------------------------------------------------------ files

    def import_formats(self) -> list[Format]:
        """The formats that bring in contacts row by row, as the registry lists them."""
        return registry.contact_importers()

    def export_formats(self) -> list[Format]:
        return registry.exportable()

    def guess_import_kind(self, path: Path) -> str | None:
        return imports.guess_kind(path)

    def parse_import_map(self, text: str) -> dict[str, str]:
        return imports.parse_map(text)

    def import_file(
        self,
        kind: str,
        path: Path,
        *,
        mapping: dict[str, str] | None = None,
        encoding: str = "utf-8",
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Read the whole file (ImportFileError naming the line if it cannot), then add and
        update everyone in one transaction."""
        return imports.import_file(
            self._commands.imports,
            kind,
            path,
            mapping=mapping,
            encoding=encoding,
            dry_run=dry_run,
            progress=progress,
        )

    def restore_file(self, path: Path, kind: str = "json") -> tuple[dict[str, int], str | None]:
        """An `export json` file into this (empty) database: rows of each kind, and the
        settings text it carried."""
        return imports.restore(path, kind)

    def _export_source(self) -> exports.Exports:
        path = self.settings.path or settings_path()
        try:
            text = path.read_text(encoding="utf-8") if path.exists() else None
        except (OSError, UnicodeDecodeError):
            text = None  # the export is still worth having without the settings
        return exports.Exports(self.rules, self.now(), text)

    def export(self, kind: str, out: BinaryIO, *, contact_id: int | None = None) -> str:
        """Format `kind` written to `out`; what was written ("12 contacts")."""
        return exports.export(kind, out, self._export_source(), contact_id=contact_id)

    def export_file(
        self, kind: str, target: Path, *, contact_id: int | None = None
    ) -> tuple[Path, str]:
        """Format `kind` written whole or not at all to `target`, private (0600)."""
        return exports.export_file(kind, target, self._export_source(), contact_id=contact_id)

    def export_calendar(self, contact_id: int, folder: Path | None = None) -> Path:
        """One contact's meetings as an .ics file a calendar app imports; its path."""
        try:
            return exports.contact_calendar(self._export_source(), contact_id, folder)
        except ExportError as exc:
            raise NotDone(f"no calendar file: {exc}") from exc

    # ------------------------------------------------------------ backups

    def db_path(self) -> Path:
        return self.store.path

    def backup(self, target: Path | None = None, folder: Path | None = None) -> Path:
        """A copy of the database now: into `folder` (the backups folder by default, where
        only the newest few are kept), or to the file `target`."""
        if target is not None:
            return backups.write_backup(self.store, target)
        keep = 0 if folder is not None else self.settings.backup_keep
        return backups.make_backup(
            self.store, folder or backup_folder(), self.local_now(), "manual", keep
        )

    def daily_backup(self) -> Path | None:
        """The first call on a given local day makes a backup; later ones do nothing."""
        return backups.daily_backup(
            self.store, backup_folder(), self.local_now(), self.settings.backup_keep
        )

    def restore_backup(self, source: Path) -> Path:
        """Replace the database's content with a backup file; returns the backup of what
        was there before."""
        return backups.restore(
            self.store, source, backup_folder(), self.local_now(), self.settings.backup_keep
        )


def backup_folder() -> Path:
    return data_dir() / "backups"
