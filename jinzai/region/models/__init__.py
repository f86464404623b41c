"""Models of the prefecture hub, one module per entity group; every row carries its owner (decisions R1)."""

from .bank import BankFile, BankOptIn, Expert, ExpertSkill
from .common import AREA_LABELS, AREAS, Mode, WantedMode, pack, unpack
from .council import Answer, CouncilBody, CouncilMeeting, CouncilMember, Question
from .joint import JointCourse, JointSession, SeatAllocation
from .sharing import MunicipalityFigures, SharingSetting, SurveyFigure, SurveyMunicipality
from .specialists import Candidate, Contract, Position, PositionShare
from .support import Dispatch, RequestEvent, RequestExpert, RequestFeedback, SupportRequest
from .visits import Counterpart, FollowUp, Visit, VisitPlan

__all__ = [
    "AREAS",
    "AREA_LABELS",
    "Answer",
    "BankFile",
    "BankOptIn",
    "Candidate",
    "Contract",
    "CouncilBody",
    "CouncilMeeting",
    "CouncilMember",
    "Counterpart",
    "Dispatch",
    "Expert",
    "ExpertSkill",
    "FollowUp",
    "JointCourse",
    "JointSession",
    "Mode",
    "MunicipalityFigures",
    "Position",
    "PositionShare",
    "Question",
    "RequestEvent",
    "RequestExpert",
    "RequestFeedback",
    "SeatAllocation",
    "SharingSetting",
    "SupportRequest",
    "SurveyFigure",
    "SurveyMunicipality",
    "Visit",
    "VisitPlan",
    "WantedMode",
    "pack",
    "unpack",
]
