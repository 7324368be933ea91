"""The sections of the Today list. Their order on screen is the registry's order of rules,
which is the order of urgency: a meeting cannot wait, a thank-you has a 48-hour limit, a
reply wants an answer within two business days, a follow-up a day, and new requests can go
out at any hour."""

from __future__ import annotations

from iivboard.domain.rules.base import Group

MEETINGS = Group("meeting", "Meetings today and tomorrow")
THANK_YOUS = Group("thank_you", "Thank-yous")
REPLIES = Group("schedule", "Replied: agree a time")
FOLLOW_UPS = Group("follow_up", "Follow-ups (3B7)")
QUIET = Group("quiet", "Gone quiet: reach out to another person there")
TOUCH = Group("touch", "Keep in touch")
RETRY = Group("retry", "Try again")
OUTREACH = Group("outreach", "Today's outreach: {sent} of {goal} requests sent")
