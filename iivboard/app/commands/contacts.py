"""Adding, editing and deleting contacts, and editing organizations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from types import EllipsisType

from iivboard.app.commands.base import (
    CommandArea,
    Recorder,
    Result,
    contact_name,
    find_organization,
    load_contact,
    write_event,
)
from iivboard.app.commands.cleaning import clean_line, clean_text, split_tags
from iivboard.app.commands.organizations import place
from iivboard.domain import stages
from iivboard.domain.errors import Refused
from iivboard.storage.models import Contact, Event, Meeting

# The free-text fields a contact has besides its name, organization, tags and referrer.
CONTACT_FIELDS = (
    "role",
    "email",
    "phone",
    "linkedin",
    "location",
    "source",
    "common_ground",
    "notes",
)
# The fields that hold several lines; the others are one line each.
MULTILINE = ("common_ground", "notes")


def clean_field(key: str, value: object) -> str:
    return clean_text(value, key) if key in MULTILINE else clean_line(value, key)


def _check_fields(fields: Iterable[str]) -> None:
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise Refused(f"unknown field {sorted(unknown)[0]!r}")


def _check_no_circle(contact: Contact, referrer: Contact) -> None:
    """Refuse a referral link that would make `contact` one of its own referrers: the
    chain up from the new referrer (a query per generation) must not reach them."""
    seen = {contact.id}
    up: Contact | None = referrer
    while up is not None:
        if up.id in seen:
            raise Refused(
                f"{referrer.name} was referred through {contact.name}: "
                "a referral cannot go round in a circle"
            )
        seen.add(up.id)
        up = Contact.get_or_none(Contact.id == up.referred_by_id) if up.referred_by_id else None


class ContactCommands(CommandArea):
    def add_contact(
        self,
        name: str,
        *,
        organization: str | None = None,
        referred_by: int | None = None,
        tags: str | Iterable[str] | None = None,
        stage: str = "identified",
        at: dt.datetime | None = None,
        **fields: str,
    ) -> Result:
        name = clean_line(name, "name")
        if not name:
            raise Refused("a contact needs a name")
        _check_fields(fields)
        values = {key: clean_field(key, value) for key, value in fields.items()}
        stage = stages.parse_stage(stage)
        when = self.context.when(at)

        def body(rec: Recorder) -> int:
            contact = self.new_contact(
                rec, name, organization, referred_by, tags, stage, when, values
            )
            added: int = contact.id
            return added

        return self.context.run(f"Added {name}", body)

    def new_contact(
        self,
        rec: Recorder,
        name: str,
        organization_name: str | None,
        referred_by: int | None,
        tags: str | Iterable[str] | None,
        stage: str,
        when: dt.datetime,
        values: dict[str, str],
    ) -> Contact:
        """The body of add_contact, for a command that adds someone as part of a larger
        change (a referral); `values` are cleaned already."""
        referrer = load_contact(referred_by) if referred_by is not None else None
        org = find_organization(rec, organization_name)
        contact = Contact.create(
            name=name,
            organization=org,
            referred_by=referred_by,
            tags=", ".join(split_tags(tags)),
            stage=stage,
            stage_entered_at=when,
            created_at=when,
            updated_at=when,
            **values,
        )
        rec.created(contact)
        text = f"referred by {referrer.name}" if referrer else ""
        write_event(rec, contact, "added", when, text=text, to_stage=stage)
        self.context.refresh_due(contact)
        contact.save()
        return contact

    def update_contact(
        self,
        contact_id: int,
        *,
        name: str | None = None,
        organization: str | None = None,
        tags: str | Iterable[str] | None = None,
        referred_by: int | EllipsisType | None = ...,
        **fields: str,
    ) -> Result:
        _check_fields(fields)

        def body(rec: Recorder) -> int:
            contact = load_contact(contact_id)
            rec.touch(contact)
            changed: list[str] = []

            def set_if_new(attr: str, value: object, current: object, word: str) -> None:
                if value != current:
                    setattr(contact, attr, value)
                    changed.append(word)

            if name is not None:
                new_name = clean_line(name, "name")
                if not new_name:
                    raise Refused("a contact needs a name")
                set_if_new("name", new_name, contact.name, "name")
            if organization is not None:
                org = find_organization(rec, organization)
                set_if_new(
                    "organization", org.id if org else None, contact.organization_id, "organization"
                )
            if tags is not None:
                set_if_new("tags", ", ".join(split_tags(tags)), contact.tags, "tags")
            if not isinstance(referred_by, EllipsisType):
                if referred_by == contact.id:
                    raise Refused("a contact cannot refer themselves")
                if referred_by is not None:
                    _check_no_circle(contact, load_contact(referred_by))
                set_if_new("referred_by", referred_by, contact.referred_by_id, "referred by")
            for key, value in fields.items():
                set_if_new(
                    key, clean_field(key, value), getattr(contact, key), key.replace("_", " ")
                )
            if changed:
                write_event(rec, contact, "edited", self.now(), text=", ".join(changed))
                self.context.save(rec, contact)
            return contact_id

        return self.context.run(lambda: f"Edited {contact_name(contact_id)}", body)

    def delete_contact(self, contact_id: int) -> Result:
        def body(rec: Recorder) -> int:
            contact = load_contact(contact_id)
            rec.touch(contact)
            # Rows the delete changes by cascade or SET NULL are journalled too, so undo
            # brings back the history and the referral links exactly.
            for event in Event.select(Event.id).where(Event.contact == contact.id):
                rec.touch("event", event.id)
            for meeting in Meeting.select(Meeting.id).where(Meeting.contact == contact.id):
                rec.touch("meeting", meeting.id)
            for other in Contact.select(Contact.id).where(Contact.referred_by == contact.id):
                rec.touch("contact", other.id)
            contact.delete_instance()
            return contact_id

        name = load_contact(contact_id).name
        return self.context.run(f"Deleted {name}", body)

    def update_organization(
        self,
        name: str,
        *,
        rank: int | EllipsisType | None = ...,
        website: str | None = None,
        notes: str | None = None,
    ) -> Result:
        def body(rec: Recorder) -> None:
            org = find_organization(rec, name)
            if org is None:
                raise Refused("an organization needs a name")
            rec.touch(org)
            if website is not None:
                org.website = clean_line(website, "website")
            if notes is not None:
                org.notes = clean_text(notes, "notes")
            org.save()
            if not isinstance(rank, EllipsisType):
                place(rec, org.id, rank)  # the others close up, as on the target list

        return self.context.run(f"Edited {clean_line(name, 'organization')}", body)
