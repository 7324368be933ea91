"""Contacts coming in from a file, and who is who among them: the pure half of an import.

A person is matched by LinkedIn profile, then by email, then by name and organization, so
importing a newer export of the same address book updates people instead of adding them
twice. The index holds keys and ids only; the app fills it from the database in one query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def nocase(text: str) -> str:
    """The key SQLite's NOCASE collation compares by (it folds ASCII letters only), so the
    index agrees with the unique constraint on organization names."""
    return text.translate(_ASCII_LOWER)


def linkedin_key(url: str) -> str:
    """One spelling per profile: https://www.linkedin.com/in/Ada-O/?trk=x and
    linkedin.com/in/ada-o are the same person. Not a LinkedIn address: the text itself."""
    text = url.strip()
    if not text:
        return ""
    parts = urlsplit(text if "//" in text else f"//{text}")
    host = parts.hostname or ""
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        return "linkedin.com" + unquote(parts.path).rstrip("/").lower()
    return text.lower()


@dataclass
class Incoming:
    """One person read from a file, before matching; `line` is where the row starts."""

    line: int
    name: str
    organization: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    linkedin: str = ""
    location: str = ""
    source: str = ""
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    common_ground: str = ""
    # Where the file ranks the organization on the target list (1 the top); None: unranked.
    organization_rank: int | None = None
    # Every address the file gives, the kept one first: any of them identifies the person.
    other_emails: list[str] = field(default_factory=list)

    def emails(self) -> list[str]:
        return [e for e in [self.email, *self.other_emails] if e]


@dataclass(frozen=True)
class RowOutcome:
    line: int
    action: str  # added, updated, unchanged, skipped
    name: str
    contact_id: int | None = None
    detail: str = ""  # the fields updated, or why the row was skipped


@dataclass
class ImportReport:
    rows: list[RowOutcome] = field(default_factory=list)
    dry_run: bool = False
    change_id: int | None = None

    def of(self, action: str) -> list[RowOutcome]:
        return [row for row in self.rows if row.action == action]

    def counts(self) -> dict[str, int]:
        counts = {"added": 0, "updated": 0, "unchanged": 0, "skipped": 0}
        for row in self.rows:
            counts[row.action] += 1
        return counts

    def contact_ids(self) -> set[int]:
        return {
            row.contact_id
            for row in self.rows
            if row.action in ("added", "updated") and row.contact_id is not None
        }

    def summary(self) -> str:
        c = self.counts()
        if self.dry_run:
            return (
                f"would add {c['added']}, update {c['updated']}, leave {c['unchanged']} "
                f"unchanged, skip {c['skipped']}"
            )
        return (
            f"added {c['added']}, updated {c['updated']}, {c['unchanged']} unchanged, "
            f"skipped {c['skipped']}"
        )


class MatchIndex:
    """Every known person keyed the ways rows are matched, as ids."""

    def __init__(self) -> None:
        self.organizations: dict[str, int] = {}  # nocase(name) -> id
        self.by_linkedin: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_name_org: dict[tuple[str, str], int] = {}
        self.linkedin_of: dict[int, str] = {}

    def remember_person(
        self, contact_id: int, name: str, linkedin: str, organization: str, emails: list[str]
    ) -> None:
        # setdefault: when the database already holds two matches, the oldest one wins.
        key = linkedin_key(linkedin)
        if key:
            self.by_linkedin.setdefault(key, contact_id)
            self.linkedin_of[contact_id] = key
        for email in emails:
            if email.strip():
                self.by_email.setdefault(email.strip().lower(), contact_id)
        self.by_name_org.setdefault((name.casefold(), nocase(organization)), contact_id)

    def find_id(self, row: Incoming) -> int | None:
        key = linkedin_key(row.linkedin)
        if key and key in self.by_linkedin:
            return self.by_linkedin[key]
        for email in row.emails():
            found = self.by_email.get(email.strip().lower())
            if found is not None:
                return found
        found = self.by_name_org.get((row.name.casefold(), nocase(row.organization)))
        # Two people of the same name at one organization: different profiles say so.
        if found is None or (key and self.linkedin_of.get(found, key) != key):
            return None
        return found
