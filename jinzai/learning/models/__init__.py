"""Models of the learning app: certifications and subsidies, training, internal certification, imports."""

from .certifications import Certification, StaffCertification, SubsidyApplication, SubsidyRule
from .internal import Curriculum, InternalCertification, InternalCertRule, LearningImport
from .training import Course, Enrolment, Feedback, Session

__all__ = [
    "Certification",
    "Course",
    "Curriculum",
    "Enrolment",
    "Feedback",
    "InternalCertRule",
    "InternalCertification",
    "LearningImport",
    "Session",
    "StaffCertification",
    "SubsidyApplication",
    "SubsidyRule",
]
