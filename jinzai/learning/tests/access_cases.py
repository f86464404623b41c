"""Access-matrix rows of the learning app (see core/tests/test_access_matrix.py).

Self-service URLs about one person's own records (cancel, survey, withdraw, proof file) answer 404 for
other people's objects even to roles holding the permission; they are SPECIAL and tested in
test_access_special.py.
"""

import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from jinzai.core.access import SystemActor
from jinzai.core.dates import fiscal_year_of
from jinzai.core.importing import get_importer
from jinzai.core.services import import_create, today
from jinzai.core.tests._matrix import FORM, Post, form
from jinzai.learning.models import Certification, Enrolment, InternalCertification
from jinzai.learning.services import internal, subsidies, training
from jinzai.learning.services.certifications import staffcert_register
from jinzai.learning.tests._files import PDF
from jinzai.talent.models import TalentType

SELF = {"staff", "manager", "hr", "dx_office", "executive"}
CERT_VIEW = {"hr", "dx_office", "executive", "manager"}  # the catalog and holder counts (aggregates)
STAFFCERT_VIEW = {"hr", "dx_office", "manager"}  # people's records: never executives
DX = {"dx_office"}
HR = {"hr"}
SUB_VIEW = {"hr", "dx_office", "manager"}
SUB_MANAGE = {"hr", "dx_office"}
SUB_APPROVE = {"manager", "hr"}
MANAGER = {"manager"}
REJECT = {"manager", "dx_office"}
INTERNAL_VIEW = {"hr", "dx_office", "executive"}
COST = {"hr", "dx_office", "executive"}

CASES: dict[str, tuple[str | None, set[str], str]] = {
    "learning:my_learning": (None, SELF, "get"),
    "learning:my_cert_add": (None, SELF, "get"),
    "learning:my_subsidy_apply": (None, SELF, "get"),
    "learning:certification_list": (None, CERT_VIEW, "get"),
    "learning:certification_create": (None, DX, "get"),
    "learning:certification_edit": ("certification", DX, "get"),
    "learning:certification_report": (None, CERT_VIEW, "get"),
    "learning:staffcert_list": (None, STAFFCERT_VIEW, "get"),
    "learning:staffcert_detail": ("staffcert", STAFFCERT_VIEW, "get"),
    "learning:staffcert_verify": ("staffcert", HR, "post"),
    "learning:staffcert_return": ("staffcert", HR, "post"),
    "learning:staffcert_import": (None, HR, "get"),
    "learning:staffcert_record": (None, SUB_MANAGE, "get"),  # hr and dx_office record one person's
    "learning:completion_record": (None, DX, "get"),
    "learning:staffcert_import_preview": ("cert_import", HR, "get"),
    "learning:staffcert_import_commit": ("cert_import", HR, "post"),
    "learning:staffcert_export": (None, STAFFCERT_VIEW, "get"),
    "learning:staffcert_import_discard": ("cert_import", HR, "post"),
    "learning:subsidy_list": (None, SUB_VIEW, "get"),
    "learning:subsidy_rule_create": (None, SUB_MANAGE, "get"),
    "learning:subsidy_rule_edit": ("subsidy_rule", SUB_MANAGE, "get"),
    "learning:subsidy_application": ("application", SUB_VIEW, "get"),
    "learning:subsidy_approve": ("application", SUB_APPROVE, "post"),
    "learning:subsidy_reject": ("application", SUB_APPROVE, "post"),
    "learning:subsidy_pay": ("application", SUB_MANAGE, "post"),
    "learning:course_list": (None, SELF, "get"),
    "learning:course_create": (None, DX, "get"),
    "learning:course_detail": ("course", SELF, "get"),
    "learning:course_edit": ("course", DX, "get"),
    "learning:session_create": ("course", DX, "get"),
    "learning:session_detail": ("session", SELF, "get"),
    "learning:session_edit": ("session", DX, "get"),
    "learning:session_enrol": ("session", DX, "get"),
    "learning:session_apply": ("session", SELF, "post"),
    "learning:session_results": ("session", DX, "post"),
    "learning:session_import": ("session", DX, "get"),
    "learning:session_import_preview": ("completion_import", DX, "get"),
    "learning:session_import_commit": ("completion_import", DX, "post"),
    "learning:session_export": ("session", DX, "get"),
    "learning:session_import_discard": ("completion_import", DX, "post"),
    "learning:enrolment_list": (None, MANAGER, "get"),
    "learning:enrolment_approve": ("enrolment", MANAGER, "post"),
    "learning:enrolment_reject": ("enrolment", REJECT, "post"),
    "learning:enrolment_confirm": ("enrolment", DX, "post"),
    "learning:internal_cert_list": (None, INTERNAL_VIEW, "get"),
    "learning:internal_cert_curriculum_create": (None, DX, "get"),
    "learning:internal_cert_curriculum_edit": ("curriculum", DX, "get"),
    "learning:internal_cert_rule_create": (None, DX, "get"),
    "learning:internal_cert_rule": ("internal_rule", INTERNAL_VIEW, "get"),
    "learning:internal_cert_rule_edit": ("internal_rule", DX, "get"),
    "learning:internal_cert_confirm": ("internal_rule", DX, "post"),
    "learning:internal_cert_revoke": ("award", DX, "get"),
    "learning:cost_report": (None, COST, "get"),
    "learning:cost_export": (None, COST, "get"),
}
SPECIAL: set[str] = {
    "learning:staffcert_proof",
    "learning:enrolment_cancel",
    "learning:enrolment_feedback",
    "learning:my_subsidy_withdraw",
}


def make_objects(org, hr_member) -> dict[str, int]:
    actor = SystemActor(organisation=org.org, label="test")
    day = today()
    staff = org.staff["staff"]
    ip = Certification.objects.get(organisation=org.org, key="ip")
    with tempfile.TemporaryDirectory() as tmp, override_settings(DATA_DIR=Path(tmp)):  # no files left behind
        staffcert = staffcert_register(
            actor=actor,
            staff=staff,
            certification=ip,
            acquired_on=day - timedelta(days=10),
            proof_name="goukaku.pdf",
            proof_content=PDF,
        )
    cert_import = import_create(
        actor=actor,
        importer=get_importer("staffcert"),
        file_name="c.csv",
        content="職員番号,資格,取得日\n000103,ITパスポート,2025-06-01\n".encode(),
        options={},
    )
    rule = subsidies.subsidy_rule_create(
        actor=actor,
        certification=Certification.objects.get(organisation=org.org, key="fe"),
        fiscal_year=fiscal_year_of(day),
        kind="fixed",
        amount=7500,
        budget=100_000,
    )
    application = subsidies.subsidy_apply(actor=actor, rule=rule, staff=staff, exam_on=day, exam_fee=7500)
    course = training.course_create(
        actor=actor,
        title="業務改善の基礎",
        provider_type="internal",
        mode="classroom",
        hours=3,
        fee=0,
        step=1,
    )
    session = training.session_create(
        actor=actor,
        course=course,
        title="第1回",
        starts_on=day + timedelta(days=30),
        ends_on=day + timedelta(days=30),
        capacity=20,
    )
    enrolment = training.enrolment_apply(actor=actor, session=session, staff=staff)
    # the same, of a person outside the manager's units (総務課): the manager's POSTs there are 404
    other = org.staff["other"]
    application_other = subsidies.subsidy_apply(
        actor=actor, rule=rule, staff=other, exam_on=day, exam_fee=7500
    )
    enrolment_other = training.enrolment_apply(actor=actor, session=session, staff=other)
    completion_import = import_create(
        actor=actor,
        importer=get_importer("completion"),
        context=session,
        file_name="e.csv",
        content="職員番号,結果\n000104,修了\n".encode(),
        options={},
    )
    curriculum = internal.curriculum_save(
        actor=actor, name="DXリーダー研修", description="", mode="all", required_count=None, courses=[course]
    )
    leader = TalentType.objects.get(organisation=org.org, kind=TalentType.Kind.LEADER)
    internal_rule = internal.internal_rule_save(
        actor=actor,
        name="DXリーダー認定",
        description="",
        curriculum=curriculum,
        requires_test=False,
        test_id=None,
        talent_type=leader,
        sub_role=None,
        is_active=True,
    )
    award = InternalCertification.objects.create(
        organisation=org.org, rule=internal_rule, staff=org.staff["other"], certified_on=date(2026, 4, 1)
    )
    assert enrolment.status == Enrolment.Status.APPLIED
    return {
        "certification": ip.pk,
        "staffcert": staffcert.pk,
        "cert_import": cert_import.pk,
        "subsidy_rule": rule.pk,
        "application": application.pk,
        "course": course.pk,
        "session": session.pk,
        "enrolment": enrolment.pk,
        "application_other": application_other.pk,
        "enrolment_other": enrolment_other.pk,
        "completion_import": completion_import.pk,
        "curriculum": curriculum.pk,
        "internal_rule": internal_rule.pk,
        "award": award.pk,
    }


# --- POST with a valid body (the method dimension; see core/tests/test_access_matrix.py) ----------------

CERT_CSV = "職員番号,資格,取得日\n000104,ITパスポート,2025-07-01\n".encode()
COMPLETION_CSV = "職員番号,結果\n000101,修了\n".encode()


def _url(name, key):
    return lambda ctx: reverse(name, kwargs={"pk": ctx.obj(key)})


def _upload(content, file_name, **fields):
    def body(ctx):
        return {**ctx.form(**fields), "file": SimpleUploadedFile(file_name, content, content_type="text/csv")}

    return body


def _my_cert(ctx):
    body = ctx.form(acquired_on=str(today() - timedelta(days=3)))
    fe = Certification.objects.get(organisation=ctx.org.org, key="fe")
    return {
        **body,
        "certification": str(fe.pk),
        "proof": SimpleUploadedFile("p.pdf", PDF, content_type="application/pdf"),
    }


def _my_subsidy(ctx):
    from jinzai.learning.models import SubsidyApplication

    rule_id = SubsidyApplication.objects.get(pk=ctx.obj("application")).rule_id
    return ctx.form(rule=str(rule_id), exam_on=str(today()), exam_fee="7500")


def _actor(ctx):
    return SystemActor(organisation=ctx.org.org, label="test")


def _subsidy_pay(ctx):
    """The pay form appears once the application is approved: approve it first (人事の承認)."""
    from jinzai.learning.models import SubsidyApplication

    subsidies.subsidy_approve(
        actor=_actor(ctx), application=SubsidyApplication.objects.get(pk=ctx.obj("application"))
    )
    return ctx.form(_url("learning:subsidy_application", "application")(ctx), passed="on", paid_amount="7500")


def _session_results(ctx):
    """The results form lists confirmed participants: enrol one, then record them as 修了."""
    from jinzai.learning.models import Session

    session = Session.objects.get(pk=ctx.obj("session"))
    training.enrolment_register(actor=_actor(ctx), session=session, staff_list=[ctx.org.staff["hr"]])
    body = ctx.form(_url("learning:session_detail", "session")(ctx))
    return {k: ("completed" if k.startswith("result_") else v) for k, v in body.items()}


def _enrolment_reject(ctx):
    """A manager rejects from their approval queue, dx_office from the session's roster (the enrolment is
    put back to 申込中 first: the same savepoint serves both roles)."""
    Enrolment.objects.filter(pk=ctx.obj("enrolment")).update(status=Enrolment.Status.APPLIED, reason="")
    if ctx.user.username.endswith("-manager"):
        source = reverse("learning:enrolment_list")
    else:
        source = _url("learning:session_detail", "session")(ctx)
    return ctx.form(source, reason="業務の都合")


def _enrolment_confirm(ctx):
    """The confirm button appears once the manager has approved the 申込."""
    Enrolment.objects.filter(pk=ctx.obj("enrolment")).update(status=Enrolment.Status.APPROVED)
    return ctx.form(_url("learning:session_detail", "session")(ctx))


def _internal_confirm(ctx):
    """The confirm button lists the people who meet the rule: one completes the curriculum's course."""
    from jinzai.learning.models import Course

    training.completion_record(
        actor=_actor(ctx),
        staff=ctx.org.staff["hr"],
        course=Course.objects.get(pk=ctx.obj("course")),
        completed_on=today() - timedelta(days=1),
    )
    return ctx.form(_url("learning:internal_cert_rule", "internal_rule")(ctx))


def _internal_rule(ctx):
    leader = TalentType.objects.get(organisation=ctx.org.org, kind=TalentType.Kind.LEADER)
    return ctx.form(name="データ活用認定", curriculum=str(ctx.obj("curriculum")), talent_type=str(leader.pk))


def _subsidy_rule(ctx):
    return ctx.form(certification=str(ctx.obj("certification")), kind="fixed", amount="5000", budget="50000")


POSTS = {
    "learning:staffcert_record": Post(
        None,
        SUB_MANAGE,
        lambda ctx: ctx.form(
            staff_no="000104", certification=str(ctx.obj("certification")), acquired_on=str(today())
        ),
    ),
    "learning:completion_record": Post(
        None,
        DX,
        lambda ctx: ctx.form(
            staff_no="000103", course=str(ctx.obj("course")), completed_on=str(today()), result="completed"
        ),
    ),
    "learning:my_cert_add": Post(None, SELF, _my_cert, as_roles=("staff",)),
    "learning:my_subsidy_apply": Post(None, SELF, _my_subsidy, as_roles=("hr",)),
    "learning:certification_create": Post(
        None, DX, form(name="応用情報技術者試験", key="ap", issuer="IPA", category="national_exam")
    ),
    "learning:certification_edit": Post("certification", DX, form(renewal_note="更新はありません")),
    "learning:staffcert_verify": Post("staffcert", HR, form(_url("learning:staffcert_detail", "staffcert"))),
    "learning:staffcert_return": Post(
        "staffcert", HR, form(_url("learning:staffcert_detail", "staffcert"), reason="証明書が読めません")
    ),
    "learning:staffcert_import": Post(None, HR, _upload(CERT_CSV, "c.csv")),
    "learning:staffcert_import_preview": Post("cert_import", HR, FORM),
    "learning:staffcert_import_commit": Post(
        "cert_import", HR, form(_url("learning:staffcert_import_preview", "cert_import"))
    ),
    "learning:staffcert_import_discard": Post(
        "cert_import", HR, form(_url("learning:staffcert_import_preview", "cert_import"))
    ),
    "learning:subsidy_rule_create": Post(None, SUB_MANAGE, _subsidy_rule),
    "learning:subsidy_rule_edit": Post("subsidy_rule", SUB_MANAGE, form(amount="8000")),
    "learning:subsidy_approve": Post(
        "application",
        SUB_APPROVE,
        form(_url("learning:subsidy_application", "application")),
        outside="application_other",
    ),
    "learning:subsidy_reject": Post(
        "application",
        SUB_APPROVE,
        form(_url("learning:subsidy_application", "application"), reason="予算の範囲を超えます"),
        outside="application_other",
    ),
    "learning:subsidy_pay": Post(
        "application",
        SUB_MANAGE,
        _subsidy_pay,
    ),
    "learning:course_create": Post(
        None, DX, form(title="データ活用入門", hours="2", fee="0", provider_type="internal", mode="classroom")
    ),
    "learning:course_edit": Post("course", DX, form(hours="4")),
    "learning:session_create": Post(
        "course",
        DX,
        form(
            title="第2回",
            starts_on=str(today() + timedelta(days=40)),
            ends_on=str(today() + timedelta(days=40)),
            capacity="10",
        ),
    ),
    "learning:session_edit": Post("session", DX, form(capacity="25")),
    "learning:session_enrol": Post("session", DX, form(staff_numbers="000103")),
    "learning:session_apply": Post("session", SELF, lambda ctx: {}, as_roles=("hr",)),
    "learning:session_results": Post(
        "session",
        DX,
        _session_results,
    ),
    "learning:session_import": Post("session", DX, _upload(COMPLETION_CSV, "e.csv")),
    "learning:session_import_preview": Post("completion_import", DX, FORM),
    "learning:session_import_commit": Post(
        "completion_import", DX, form(_url("learning:session_import_preview", "completion_import"))
    ),
    "learning:session_import_discard": Post(
        "completion_import", DX, form(_url("learning:session_import_preview", "completion_import"))
    ),
    "learning:enrolment_approve": Post(
        "enrolment", MANAGER, form(lambda ctx: reverse("learning:enrolment_list")), outside="enrolment_other"
    ),
    "learning:enrolment_reject": Post(
        "enrolment",
        REJECT,
        _enrolment_reject,
        outside="enrolment_other",
    ),
    "learning:enrolment_confirm": Post(
        "enrolment",
        DX,
        _enrolment_confirm,
    ),
    "learning:internal_cert_curriculum_create": Post(
        None, DX, lambda ctx: ctx.form(name="データ活用研修", mode="all", courses=[str(ctx.obj("course"))])
    ),
    "learning:internal_cert_curriculum_edit": Post("curriculum", DX, form(description="リーダー向け")),
    "learning:internal_cert_rule_create": Post(None, DX, _internal_rule),
    "learning:internal_cert_rule_edit": Post("internal_rule", DX, form(description="リーダーの認定")),
    "learning:internal_cert_confirm": Post(
        "internal_rule",
        DX,
        _internal_confirm,
    ),
    "learning:internal_cert_revoke": Post("award", DX, form(revoked_on=str(today()), reason="要件の誤り")),
}
