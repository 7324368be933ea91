"""Adding and updating contacts from an imported file's rows, all in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import cast

from iivboard.app.commands.base import CommandArea, Recorder
from iivboard.app.commands.cleaning import clean_line, clean_text, split_tags
from iivboard.app.commands.organizations import tidy_ranks
from iivboard.app.matching import ContactIndex, ImportReport, Incoming, RowOutcome, nocase
from iivboard.domain.errors import NotDone
from iivboard.storage.models import Contact, Event, Organization, insert

# A newer file knows better where someone works now; but notes and the like are the
# user's own words, which a file only fills in when they are empty.
IMPORT_REPLACES = ("name", "role", "email", "phone", "linkedin", "location")
IMPORT_FILLS = ("source", "common_ground", "notes")
_LINES = ("role", "email", "phone", "linkedin", "location", "source")
_TEXTS = ("common_ground", "notes")


class ImportCommands(CommandArea):
    def import_contacts(
        self,
        rows: list[Incoming],
        *,
        label: str,
        dry_run: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportReport:
        """Add or update everyone in `rows` in one transaction: all of them or none.

        A dry run does the same work and rolls it back, so it reports exactly what the
        import would do. Bad text in a row raises NotDone naming the row's line.
        """
        report = ImportReport(dry_run=dry_run)
        when = self.now()

        def body(rec: Recorder) -> None:
            index = ContactIndex.load()
            matched_at: dict[int, int] = {}  # contact id -> line of the row that matched it
            ranks = _FileRanks()
            for done, row in enumerate(rows, start=1):
                try:
                    outcome = self._import_row(rec, row, index, matched_at, when, label)
                except NotDone as exc:
                    raise type(exc)(f"line {row.line}: {exc}") from None
                report.rows.append(outcome)
                ranks.note(row, index)
                if progress is not None and (done % 200 == 0 or done == len(rows)):
                    progress(done, len(rows))

            ranks.write(rec)

        report.change_id = self.context.run(label, body, dry_run=dry_run).change_id
        return report

    def _import_row(
        self,
        rec: Recorder,
        row: Incoming,
        index: ContactIndex,
        matched_at: dict[int, int],
        when: dt.datetime,
        label: str,
    ) -> RowOutcome:
        name = clean_line(row.name, "name")
        if not name:
            return RowOutcome(row.line, "skipped", "", detail="no name")
        new = {key: clean_line(getattr(row, key), key) for key in _LINES}
        new.update({key: clean_text(getattr(row, key), key) for key in _TEXTS})
        org_name = clean_line(row.organization, "organization")
        tags = split_tags(row.tags)
        contact = index.find(row)
        if contact is not None and contact.id in matched_at:
            return RowOutcome(
                row.line,
                "skipped",
                name,
                contact.id,
                f"same person as line {matched_at[contact.id]}",
            )
        org_id = None
        if org_name:
            org_id = index.organizations.get(nocase(org_name))
            if org_id is None:
                org = Organization(name=org_name, created_at=when)
                insert(org)
                rec.created(org)
                org_id = index.organizations[nocase(org_name)] = org.id

        if contact is None:
            contact = Contact(
                name=name,
                organization=org_id,
                tags=", ".join(tags),
                stage="identified",
                stage_entered_at=when,
                created_at=when,
                updated_at=when,
                **new,
            )
            self.context.set_due(contact, None)
            insert(contact)
            rec.created(contact)
            _imported_event(rec, contact, when, label, to_stage="identified")
            index.remember(contact, org_name, row.emails())
            matched_at[contact.id] = row.line
            return RowOutcome(row.line, "added", name, contact.id)

        matched_at[contact.id] = row.line
        changed = _merge(contact, row, new, name, org_id, tags)
        if not changed:
            return RowOutcome(row.line, "unchanged", contact.name, contact.id)
        rec.touch(contact)  # reads the row as stored, before the changes merged are saved
        # What an import changes (names, addresses, tags) never moves a due date, so the
        # due columns are left as they are, and only the changed columns are written.
        contact.updated_at = when
        contact.save(only=[*changed, "updated_at"])
        words = ", ".join(key.replace("_", " ") for key in changed)
        _imported_event(rec, contact, when, f"{label}: {words}")
        return RowOutcome(row.line, "updated", contact.name, contact.id, words)


class _FileRanks:
    """Ranks a file gives its organizations (a CSV export's organization_rank): the user's
    own ranking is kept, so a rank fills in only where the organization has none; the first
    row that ranks an organization decides. Ranks then close up to 1..n, an organization
    ranked before keeping its place on a tie."""

    def __init__(self) -> None:
        self.given: dict[int, int] = {}  # organization id -> the file's rank

    def note(self, row: Incoming, index: ContactIndex) -> None:
        if row.organization_rank is None or not row.organization.strip():
            return
        org_id = index.organizations.get(nocase(clean_line(row.organization, "organization")))
        if org_id is not None:
            self.given.setdefault(org_id, row.organization_rank)

    def write(self, rec: Recorder) -> None:
        if not self.given:
            return
        query = Organization.select(Organization.id).where(
            Organization.id.in_(list(self.given)), Organization.rank.is_null()
        )
        unranked = cast(Iterable[tuple[int]], query.tuples())
        for (org_id,) in unranked:
            rec.touch("organization", org_id)
            Organization.update(rank=self.given[org_id]).where(Organization.id == org_id).execute()
        tidy_ranks(rec)


def _merge(
    contact: Contact,
    row: Incoming,
    new: dict[str, str],
    name: str,
    org_id: int | None,
    tags: list[str],
) -> list[str]:
    """Set the row's values on the contact (not saved yet) where the file knows better;
    returns the fields changed."""
    changed: list[str] = []
    new = {**new, "name": name}
    for key in IMPORT_REPLACES:
        current = getattr(contact, key)
        if key == "email" and current.lower() in (e.lower() for e in row.emails()):
            continue
        if new[key] and new[key] != current:
            setattr(contact, key, new[key])
            changed.append(key)
    if org_id is not None and org_id != contact.organization_id:
        contact.organization_id = org_id
        changed.append("organization")
    for key in IMPORT_FILLS:
        if new[key] and not getattr(contact, key):
            setattr(contact, key, new[key])
            changed.append(key)
    merged = split_tags([*split_tags(contact.tags), *tags])
    if len(merged) != len(split_tags(contact.tags)):
        contact.tags = ", ".join(merged)
        changed.append("tags")
    return changed


def _imported_event(
    rec: Recorder,
    contact: Contact,
    when: dt.datetime,
    text: str,
    to_stage: str | None = None,
) -> None:
    event = Event(contact=contact.id, kind="imported", at=when, text=text, to_stage=to_stage)
    insert(event)  # write_event's Event.create costs more than the import row itself
    rec.created(event)
