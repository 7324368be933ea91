"""The database half of matching imported rows: the index filled from storage in two
queries, so matching 10,000 rows costs no more queries than matching one. Who matches
whom is decided in the domain (iivboard.domain.imports)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from iivboard.domain.imports import (
    ImportReport,
    Incoming,
    MatchIndex,
    RowOutcome,
    linkedin_key,
    nocase,
)
from iivboard.storage.models import Contact, Organization

__all__ = [
    "ContactIndex",
    "ImportReport",
    "Incoming",
    "RowOutcome",
    "linkedin_key",
    "nocase",
]


class ContactIndex(MatchIndex):
    """The domain's index, plus the contact rows its ids name (the service updates them)."""

    def __init__(self) -> None:
        super().__init__()
        self.contacts: dict[int, Contact] = {}

    @classmethod
    def load(cls) -> ContactIndex:
        index = cls()
        names: dict[int, str] = {}
        rows = Organization.select(Organization.id, Organization.name).tuples()
        for org_id, name in cast(Iterable[tuple[int, str]], rows):
            index.organizations[nocase(name)] = org_id
            names[org_id] = name
        for contact in Contact.select().order_by(Contact.id):
            at = contact.organization_id
            organization = "" if at is None else names.get(at, "")
            index.remember(contact, organization, [contact.email])
        return index

    def remember(self, contact: Contact, organization: str, emails: list[str]) -> None:
        self.contacts[contact.id] = contact
        self.remember_person(contact.id, contact.name, contact.linkedin, organization, emails)

    def find(self, row: Incoming) -> Contact | None:
        found = self.find_id(row)
        return None if found is None else self.contacts[found]
