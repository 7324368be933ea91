"""The question bank: open-ended questions to pick from before a call, and how its text is
read. The file itself (`questions.toml` in the settings folder, written with our starter
questions on first use) is kept by iivboard.io.question_bank. Each top-level key is a
group and holds a list of questions:

    "Getting started" = [
        "How did you come to do this work?",
    ]

TOML (read with the standard library's tomllib) keeps the file easy to edit by hand while
a stray quote or a missing comma gets an exact line number.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from iivboard.domain.errors import BadFile

MAX_QUESTION_LENGTH = 300

DEFAULT_BANK = """\
# Your question bank for informational interviews.
# Before a call, pick 3 to 6 of these (p on a scheduled contact). Edit freely: each group
# is a name in quotes, then = and a list of questions in quotes, separated by commas.
# TIARA is a handy shape: trends, insights, advice, resources, assignments.
# Delete this file to get the starter questions back.

"Getting started" = [
    "How did you come to do the work you do now?",
    "What does an ordinary week look like for you?",
    "What part of your work takes more of your time than people would guess?",
    "What do you enjoy most about this role, and what do you find draining?",
]

"Trends" = [
    "What is changing in your field right now that outsiders tend to miss?",
    "Which skills do you expect to matter more here in three years, and which less?",
    "How has your organization changed since you joined?",
]

"Insights" = [
    "What surprised you most when you started in this role?",
    "What separates the people who thrive here from those who struggle?",
    "What is a hard problem your team is working on at the moment?",
    "What do you wish you had known before choosing this path?",
]

"Advice" = [
    "If you were in my position, what would you do in the next six months?",
    "Looking at my background, what gaps would you want me to close first?",
    "What would you avoid, if you were starting out in this field today?",
]

"Resources" = [
    "Which newsletters, books or communities do you actually learn from?",
    "Are there events or meetups where people in this field get together?",
    "Which training or certificates are worth the time, and which are not?",
]

"Assignments" = [
    "Is there a small project I could do to get a real taste of this work?",
    "What would be a good first task to test whether this field suits me?",
    "If I came back to you in a month, what would you hope I had tried?",
]

"People to meet" = [
    "Who else would you suggest I talk to, and may I mention your name?",
    "Is there someone on another team here whose view would differ from yours?",
    "Which organizations do you admire in this space, and who works there?",
]
"""


class BankError(BadFile, ValueError):
    """A question bank that cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class Group:
    name: str
    questions: tuple[str, ...]


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)$")


def parse_bank(text: str, where: str = "questions.toml") -> list[Group]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        if found:
            raise BankError(f"{where} line {found.group(1)}: {message[: found.start()]}") from None
        raise BankError(f"{where}: {message}") from None
    lines = text.splitlines()
    groups = []
    for name, value in data.items():
        line = _key_line(lines, name)
        if not name.strip():
            raise BankError(f"{where} line {line}: a group needs a name")
        if not isinstance(value, list):
            raise BankError(
                f"{where} line {line}: {name!r} must be a list of questions "
                'in quotes, like ["How did you start?"]'
            )
        questions: list[str] = []
        for number, item in enumerate(value, start=1):
            at = _value_line(lines, line, item)
            if not isinstance(item, str):
                raise BankError(
                    f"{where} line {at}: question {number} of {name!r} must be text in quotes"
                )
            question = " ".join(item.split())
            if not question:
                raise BankError(f"{where} line {at}: question {number} of {name!r} is empty")
            if len(question) > MAX_QUESTION_LENGTH:
                raise BankError(
                    f"{where} line {at}: question {number} of {name!r} is longer "
                    f"than {MAX_QUESTION_LENGTH} characters"
                )
            if any(ord(c) < 32 or ord(c) == 127 for c in question):
                raise BankError(
                    f"{where} line {at}: question {number} of {name!r} holds a control character"
                )
            if question not in questions:
                questions.append(question)
        groups.append(Group(" ".join(name.split()), tuple(questions)))
    return groups


def _key_line(lines: list[str], key: str) -> int:
    """The line where a top-level key is written; only used to point at a problem."""
    spellings = (key, f'"{key}"', f"'{key}'")
    for number, line in enumerate(lines, start=1):
        head = line.split("=", 1)[0].strip()
        if head in spellings:
            return number
    return 1


def _value_line(lines: list[str], start: int, item: object) -> int:
    """The first line from `start` that shows this value; the key's line if none does."""
    needle = f'"{item}"' if isinstance(item, str) else str(item).lower()
    for number in range(start, len(lines) + 1):
        if needle in lines[number - 1]:
            return number
    return start
