"""vCards: one or many cards in a .vcf file, vCard 2.1 to 4.0 (folded lines,
quoted-printable, several emails and phones)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iivboard.domain.imports import Incoming
from iivboard.io.formats.base import Format, ReadOptions, fail


def _values(card: Any, key: str) -> list[Any]:
    return [item for item in card.contents.get(key, []) if item.value]


def _preferred_first(items: list[Any]) -> list[str]:
    """vCard 3.0 marks the preferred one TYPE=pref, 4.0 PREF=1."""

    def rank(item: Any) -> int:
        types = [t.lower() for t in item.params.get("TYPE", [])]
        return 0 if "pref" in types or item.params.get("PREF") else 1

    seen: list[str] = []
    for item in sorted(items, key=rank):
        value = str(item.value).strip()
        if value.lower().startswith("tel:"):  # vCard 4.0 writes phones as tel: URIs
            value = value[4:]
        if value and value not in seen:
            seen.append(value)
    return seen


def _text(value: Any) -> str:
    """ORG, N and CATEGORIES come as lists of parts; the rest as plain text."""
    if isinstance(value, (list, tuple)):
        return " ".join(str(v).strip() for v in value if str(v).strip())
    return str(value).strip()


def _card_row(card: Any, line: int) -> Incoming:
    name = _text(card.fn.value) if "fn" in card.contents else ""
    if not name and "n" in card.contents:
        n = card.n.value
        name = " ".join(
            p
            for p in (
                _text(n.prefix),
                _text(n.given),
                _text(n.additional),
                _text(n.family),
                _text(n.suffix),
            )
            if p
        )
    org = card.org.value if "org" in card.contents else ""
    organization = (org[0] if isinstance(org, (list, tuple)) and org else _text(org)).strip()
    role = (
        _text(card.title.value)
        if "title" in card.contents
        else (_text(card.role.value) if "role" in card.contents else "")
    )
    emails = _preferred_first(_values(card, "email"))
    phones = _preferred_first(_values(card, "tel"))
    urls = [str(u.value).strip() for u in _values(card, "url")]
    urls += [str(u.value).strip() for u in _values(card, "x-socialprofile")]
    linkedin = next((u for u in urls if "linkedin.com" in u.lower()), "")
    location = ""
    for adr in _values(card, "adr"):
        parts = [_text(getattr(adr.value, k, "")) for k in ("city", "region", "country")]
        location = ", ".join(p for p in parts if p)
        if location:
            break
    notes = [text for text in (_text(n.value) for n in _values(card, "note")) if text]
    if emails[1:]:
        notes.append("Other emails: " + ", ".join(emails[1:]))
    if phones[1:]:
        notes.append("Other phones: " + ", ".join(phones[1:]))
    tags: list[str] = []
    for cat in _values(card, "categories"):
        tags += [str(t) for t in (cat.value if isinstance(cat.value, list) else [cat.value])]
    return Incoming(
        line=line,
        name=name,
        organization=organization,
        role=role,
        email=emails[0] if emails else "",
        phone=phones[0] if phones else "",
        linkedin=linkedin,
        location=location,
        source="vCard",
        tags=tags,
        notes="\n".join(notes),
        other_emails=emails[1:],
    )


def read(path: Path, text: str, options: ReadOptions | None = None) -> list[Incoming]:
    # vobject: the vCard reader CardDAV servers such as Radicale rely on; it reads 2.1
    # (quoted-printable), 3.0 and 4.0, unfolds lines and reports the line of a bad one.
    # Imported here so commands that read no vCard do not pay for it.
    import vobject

    found = []
    next_card = 1  # where the card being read begins, as near as vobject lets us know
    try:
        # allowQP also counts lines exactly (the other reader's numbers drift).
        for card in vobject.readComponents(text, allowQP=True):
            lines = [
                item.lineNumber
                for items in card.contents.values()
                for item in items
                if getattr(item, "lineNumber", None)
            ]
            line = max(min(lines, default=next_card + 1) - 1, 1)
            next_card = max(lines, default=line) + 2  # after its END line
            if card.name != "VCARD":
                raise fail(path, f"a {card.name} where a vCard (BEGIN:VCARD) was expected", line)
            found.append(_card_row(card, line))
    except vobject.base.VObjectError as exc:
        # vobject numbers the very first line 0.
        line = max(getattr(exc, "lineNumber", None) or 1, 1)
        message = getattr(exc, "msg", str(exc))
        hint = " (is the file cut short?)" if "never closed" in message else ""
        raise fail(path, f"not a valid vCard: {message}{hint}", line) from None
    except (ValueError, LookupError) as exc:
        # Bad base64 or an unknown charset: vobject says what, but not where.
        raise fail(path, f"the card that begins here cannot be read: {exc}", next_card) from None
    if not found:
        raise fail(path, "no vCard found (a card starts with BEGIN:VCARD)")
    return found


FORMAT = Format(
    name="vcard",
    label="vCard file (.vcf)",
    extensions=(".vcf", ".vcard"),
    import_help="a .vcf file with one or many vCards",
    read=read,
)
