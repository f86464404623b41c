"""Access-matrix rows of maturity levels, the basic policy and the structure (see core/tests/test_access_matrix.py).

POST rows send an empty body: allowed roles get a redirect with an error message (302).
"""

from jinzai.core.access import SystemActor
from jinzai.planning.services.policy import policy_create_draft
from jinzai.planning.services.structure import body_create, body_member_add
from jinzai.talent.models import TalentType

READERS = {"hr", "dx_office", "executive"}
WRITERS = {"dx_office"}

CASES: dict[str, tuple[str | None, set[str], str]] = {
    "planning:level_list": (None, READERS, "get"),
    "planning:level_edit": ("talent_type", WRITERS, "get"),
    "planning:assessment_create": (None, WRITERS, "get"),
    "planning:policy_list": (None, READERS, "get"),
    "planning:policy_create": (None, WRITERS, "post"),
    "planning:policy_detail": ("policy", READERS, "get"),
    "planning:policy_edit": ("policy", WRITERS, "get"),
    "planning:policy_approve": ("policy", WRITERS, "post"),
    "planning:policy_revise": ("policy", WRITERS, "post"),
    "planning:policy_docx": ("policy", READERS, "get"),
    "planning:structure": (None, READERS, "get"),
    "planning:body_create": (None, WRITERS, "get"),
    "planning:body_edit": ("body", WRITERS, "get"),
    "planning:member_add": ("body", WRITERS, "get"),
    "planning:member_remove": ("body_member", WRITERS, "post"),
    "planning:meeting_add": ("body", WRITERS, "get"),
}
SPECIAL: set[str] = set()


def make_objects(org, hr_member) -> dict[str, int]:
    actor = SystemActor(organisation=org.org, label="test")
    policy = policy_create_draft(actor=actor)
    body = body_create(actor=actor, name="DX推進本部", kind="hq")
    member = body_member_add(actor=actor, body=body, role="cio", staff=org.staff["other"])
    talent_type = (
        TalentType.objects.filter(organisation=org.org, is_active=True).order_by("sort_order").first()
    )
    return {"talent_type": talent_type.pk, "policy": policy.pk, "body": body.pk, "body_member": member.pk}
