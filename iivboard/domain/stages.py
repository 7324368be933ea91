"""The pipeline's stages, the ways out of it, and which moves are legal.

A closed contact (declined, no response) is off the board but kept on record; it must be
reopened before it moves again.
"""

from __future__ import annotations

from dataclasses import dataclass

from iivboard.domain.errors import Refused

STAGES: tuple[str, ...] = ("identified", "requested", "scheduled", "met", "thanked", "in_touch")
STAGE_LABELS = {
    "identified": "Identified",
    "requested": "Requested",
    "scheduled": "Scheduled",
    "met": "Met",
    "thanked": "Thanked",
    "in_touch": "In touch",
}
# declined and no response are answers to a request (or its silence); not pursuing is the
# user's own choice, the only way out for someone never asked.
OUTCOMES: tuple[str, ...] = ("declined", "no_response", "not_pursuing")
OUTCOME_LABELS = {
    "declined": "declined",
    "no_response": "no response",
    "not_pursuing": "not pursuing",
}
# The one list of reasons for a decline: the CLI's --reason, the board, the contact screen
# and the triage all offer these, in this order, with these words.
DECLINE_REASON_LABELS = {
    "busy": "too busy",
    "not_interested": "not interested",
    "hiring_conflict": "hiring for a role I may apply to",
    "other": "another reason",
}
DECLINE_REASONS: tuple[str, ...] = tuple(DECLINE_REASON_LABELS)
# A reason the user says in their own words: the close asks for a note with it.
REASON_WITH_NOTE = "other"
# Asked: a decline or silence is something that happened; before that it cannot be.
ASKED_OUTCOMES = frozenset({"declined", "no_response"})
CHANNELS: tuple[str, ...] = ("email", "linkedin", "phone", "in_person", "other")
FORMATS: tuple[str, ...] = ("video", "phone", "in_person")

# Someone already met may be met again (the relationship goes on): another meeting is set
# and held without moving them back through the pipeline; they stay in their stage.
MET_STAGES: tuple[str, ...] = ("met", "thanked", "in_touch")

# What a logged interaction means for the stage: logging a request from "identified"
# is what moving to "requested" means, and so on. Kinds missing here never move.
LOG_KINDS: tuple[str, ...] = (
    "request",
    "follow_up",
    "reply",
    "confirm",
    "meeting",
    "thank_you",
    "touch",
    "note",
)
LOG_ADVANCES: dict[str, dict[str, str]] = {
    "request": {"identified": "requested"},
    # People meet without a meeting on the board (a call that happened, a conference).
    "meeting": {"identified": "met", "requested": "met", "scheduled": "met"},
    "thank_you": {"met": "thanked"},
    "touch": {"thanked": "in_touch"},
}

# The history line of a cancelled meeting: it puts the contact back in requested, but it is
# not a request sent (the stats and the outreach goal must not count it as one).
MEETING_CANCELLED = "meeting_cancelled"
# The history line of another meeting set with someone already met (no stage change).
ANOTHER_MEETING = "another_meeting"


class RuleError(Refused, ValueError):
    """A move or a value the pipeline does not allow; the message is for the user."""


def parse_stage(text: str) -> str:
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    if key not in STAGES:
        raise RuleError(f"unknown stage {text!r}; stages are: {', '.join(STAGES)}")
    return key


def stage_index(stage: str) -> int:
    return STAGES.index(stage)


def check_move(current: str, target: str, outcome: str | None) -> None:
    """Raise RuleError unless an open contact in `current` may move to `target`.

    Any open stage may go to any other: people meet at a conference without a request,
    and a cancelled meeting goes back to requested. A closed contact must be reopened first.
    """
    if outcome is not None:
        raise RuleError(f"this contact is closed ({outcome.replace('_', ' ')}); reopen it first")
    if target not in STAGES:
        raise RuleError(f"unknown stage {target!r}")
    if current == target:
        raise RuleError(f"already in {STAGE_LABELS[target]}")


@dataclass(frozen=True)
class CloseChoice:
    """One way to close a contact, as the close dialogs offer it."""

    outcome: str
    reason: str | None
    label: str

    @property
    def key(self) -> str:
        return f"{self.outcome}:{self.reason or ''}"

    @property
    def asks_note(self) -> bool:
        return self.reason == REASON_WITH_NOTE


def outcome_words(outcome: str, reason: str | None = None) -> str:
    """ "declined: too busy", "no response", "not pursuing"."""
    words = OUTCOME_LABELS.get(outcome, outcome.replace("_", " "))
    if reason:
        words += f": {DECLINE_REASON_LABELS.get(reason, reason.replace('_', ' '))}"
    return words


def decline_choices() -> list[CloseChoice]:
    return [
        CloseChoice("declined", reason, f"Declined: {label}")
        for reason, label in DECLINE_REASON_LABELS.items()
    ]


def close_choices(stage: str) -> list[CloseChoice]:
    """The ways out that fit `stage`: someone never asked cannot decline or fall silent,
    so Identified offers only "not pursuing"; once asked, every decline reason too."""
    pursue = CloseChoice("not_pursuing", None, "Not pursuing: I will not ask them after all")
    if stage == "identified":
        return [pursue]
    return [
        *decline_choices(),
        CloseChoice("no_response", None, "No response: move on"),
        CloseChoice("not_pursuing", None, "Not pursuing"),
    ]


def check_close(
    outcome_now: str | None, outcome: str, reason: str | None, stage: str | None = None
) -> None:
    if outcome_now is not None:
        raise RuleError("already closed")
    if outcome not in OUTCOMES:
        raise RuleError(f"unknown outcome {outcome!r}; use {', '.join(OUTCOMES)}")
    if stage == "identified" and outcome in ASKED_OUTCOMES:
        raise RuleError(
            f"someone never asked cannot be closed as {OUTCOME_LABELS[outcome]}: "
            "close as not_pursuing (or log the request first)"
        )
    if reason is not None and outcome != "declined":
        raise RuleError("a reason is for a decline")
    if outcome == "declined" and reason is not None and reason not in DECLINE_REASONS:
        raise RuleError(f"unknown reason {reason!r}; use {', '.join(DECLINE_REASONS)}")


def check_reopen(outcome_now: str | None) -> None:
    if outcome_now is None:
        raise RuleError("this contact is not closed")
