"""Models of the talent app, by entity: talent types and designations, calls for applications and
nominations, careers (models, ladder, plans, 自己申告, aptitude notes, evaluations), the DX duties registry
and the organisation's settings. ``from jinzai.talent.models import X`` keeps working for every model."""

from .calls import Application, Call
from .careers import (
    AptitudeNote,
    CareerModel,
    CareerPlan,
    CareerStep,
    DeclarationPeriod,
    Evaluation,
    SelfDeclaration,
)
from .designations import Designation, SubRole, TalentType
from .duties import Duty, DutyHolder
from .nominations import Nomination, NominationTrack
from .options import TalentSettings

__all__ = [
    "Application",
    "AptitudeNote",
    "Call",
    "CareerModel",
    "CareerPlan",
    "CareerStep",
    "DeclarationPeriod",
    "Designation",
    "Duty",
    "DutyHolder",
    "Evaluation",
    "Nomination",
    "NominationTrack",
    "SelfDeclaration",
    "SubRole",
    "TalentSettings",
    "TalentType",
]
