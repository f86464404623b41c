"""Models of the learning app: certifications and subsidies, training, internal certification, imports."""

from .certifications import Certification, StaffCertification, SubsidyApplication, SubsidyRule
from .internal import Curriculum, InternalCertification, InternalCertRule
from .training import Course, Enrolment, Feedback, Session

__all__ = [
    "Certification",
    "Course",
    "Curriculum",
    "Enrolment",
    "Feedback",
    "InternalCertRule",
    "InternalCertification",
    "Session",
    "StaffCertification",
    "SubsidyApplication",
    "SubsidyRule",
]
