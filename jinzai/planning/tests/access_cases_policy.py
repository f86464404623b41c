"""Access-matrix rows of maturity levels, the basic policy and the structure (see core/tests/test_access_matrix.py).

POST rows send an empty body: allowed roles get a redirect with an error message (302).
"""

from django.urls import reverse

from jinzai.core.access import SystemActor
from jinzai.core.tests._matrix import Post, form, form_fields
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


# --- POST with a valid body (the method dimension; see core/tests/test_access_matrix.py) ----------------


def _detail(ctx):
    return reverse("planning:policy_detail", kwargs={"pk": ctx.obj("policy")})


def _structure(ctx):
    return reverse("planning:structure")


def _write_policy(ctx):
    """Every point of the draft written (an unfinished policy is not approved)."""
    edit = reverse("planning:policy_edit", kwargs={"pk": ctx.obj("policy")})
    shown = form_fields(ctx.client.get(edit).content.decode(), page=edit, target=edit)
    # every point written over its 記入のヒント; the title and each type's chosen approach (a select) kept
    body = {
        k: (v if k == "title" or k.endswith("approach") else "本市の方針として、この項目の内容を定める。")
        for k, v in shown.items()
    }
    response = ctx.client.post(edit, body)
    assert response.status_code == 302, f"policy edit: {response.status_code}"


def _written_policy(ctx):
    _write_policy(ctx)
    return ctx.form(_detail(ctx), approver_name="市長 見本太郎", approved_on="2026-04-01")


def _approved_policy(ctx):
    """Only an approved version is revised: write the draft and approve it through its detail page's form
    first."""
    _write_policy(ctx)
    approve = reverse("planning:policy_approve", kwargs={"pk": ctx.obj("policy")})
    detail = _detail(ctx)
    body = form_fields(ctx.client.get(detail).content.decode(), page=detail, target=approve)
    body.update(approver_name="市長 見本太郎", approved_on="2026-04-01")
    response = ctx.client.post(approve, body)
    assert response.status_code == 302
    return ctx.form(detail)


def _no_policy_yet(ctx):
    """「新しい方針を作る」 is offered while the organisation has no policy at all."""
    from jinzai.planning.models import PolicyVersion

    PolicyVersion.objects.filter(organisation=ctx.org.org).delete()
    return ctx.form(reverse("planning:policy_list"))


def _assessment(ctx):
    return ctx.form(talent_type=str(ctx.obj("talent_type")), fiscal_year="2026", level="2")


POSTS = {
    "planning:level_edit": Post(
        "talent_type", WRITERS, form(description_1="一部の職員の頑張りに頼っている。")
    ),
    "planning:assessment_create": Post(None, WRITERS, _assessment),
    "planning:policy_create": Post(
        None,
        WRITERS,
        _no_policy_yet,
    ),
    "planning:policy_edit": Post("policy", WRITERS, form(title="デジタル人材の確保・育成に関する基本方針")),
    "planning:policy_approve": Post(
        "policy",
        WRITERS,
        _written_policy,
    ),
    "planning:policy_revise": Post("policy", WRITERS, _approved_policy),
    "planning:body_create": Post(None, WRITERS, form(name="人材育成委員会", kind="committee")),
    "planning:body_edit": Post("body", WRITERS, form(purpose="全庁のDXを進める。")),
    "planning:member_add": Post("body", WRITERS, form(staff_no="000101", role="member")),
    "planning:member_remove": Post("body_member", WRITERS, form(_structure)),
    "planning:meeting_add": Post("body", WRITERS, form(held_on="2026-05-01", title="第1回 DX推進本部会議")),
}
