"""The pipeline's stages, the ways out of it, and which moves are legal.

A closed contact (declined, no response) is off the board but kept on record; it must be
reopened before it moves again.
"""

from __future__ import annotations

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
OUTCOMES: tuple[str, ...] = ("declined", "no_response")
DECLINE_REASONS: tuple[str, ...] = ("busy", "not_interested", "hiring_conflict", "other")
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


def check_close(outcome_now: str | None, outcome: str, reason: str | None) -> None:
    if outcome_now is not None:
        raise RuleError("already closed")
    if outcome not in OUTCOMES:
        raise RuleError(f"unknown outcome {outcome!r}; use declined or no_response")
    if outcome == "declined" and reason is not None and reason not in DECLINE_REASONS:
        raise RuleError(f"unknown reason {reason!r}; use {', '.join(DECLINE_REASONS)}")


def check_reopen(outcome_now: str | None) -> None:
    if outcome_now is None:
        raise RuleError("this contact is not closed")
