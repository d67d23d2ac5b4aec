"""Models of the shared process layer, split by concern (STYLE.md: split before a file grows large)."""

from .audit import AuditRecord
from .calendar import CalendarDay, CalendarYear
from .clock import DemoClock
from .notifications import OutboxMessage
from .organisations import Jurisdiction, Membership, Organisation, Role
from .publicity import Objection, Publicity

__all__ = [
    "AuditRecord",
    "CalendarDay",
    "CalendarYear",
    "DemoClock",
    "Jurisdiction",
    "Membership",
    "Objection",
    "Organisation",
    "OutboxMessage",
    "Publicity",
    "Role",
]
