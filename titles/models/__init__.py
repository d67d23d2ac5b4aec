"""Models of title evaluation, split by concern (STYLE.md)."""

from .applications import Application, ApplicationState, Route
from .catalogue import ApplicationWindow, EvaluationYear, RoutingEntry, Series
from .committees import (
    Attendance,
    Committee,
    CommitteeSeat,
    DocketEntry,
    Judge,
    JudgeAvailability,
    Meeting,
    PanelDraw,
    Recusal,
)
from .materials import GreenChannelClaim, Material
from .profiles import ApplicantProfile, EducationRecord, HeldTitle, Sanction, WorkRecord
from .reviews import Certificate, CorrectionNotice, ResultComplaint, ReviewDecision, ReviewStep

__all__ = [
    "ApplicantProfile",
    "EducationRecord",
    "GreenChannelClaim",
    "HeldTitle",
    "Material",
    "Sanction",
    "WorkRecord",
    "Application",
    "Attendance",
    "Committee",
    "CommitteeSeat",
    "DocketEntry",
    "Judge",
    "JudgeAvailability",
    "Meeting",
    "PanelDraw",
    "Recusal",
    "ApplicationState",
    "ApplicationWindow",
    "Certificate",
    "CorrectionNotice",
    "EvaluationYear",
    "ResultComplaint",
    "ReviewDecision",
    "ReviewStep",
    "Route",
    "RoutingEntry",
    "Series",
]
