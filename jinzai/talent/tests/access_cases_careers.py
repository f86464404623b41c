"""Access-matrix rows of candidates, calls, nominations, careers, transfers and duties (issue 10)."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jinzai.core.importing import get_importer
from jinzai.core.services import import_create, today
from jinzai.core.tests._matrix import FORM, Post, form
from jinzai.talent.models import Call, CareerModel, CareerStep, NominationTrack, SubRole, TalentType
from jinzai.talent.services import calls, careers, duties, nominations

HR_DX = {"hr", "dx_office"}
DX = {"dx_office"}
HR = {"hr"}
WITH_STAFF = {"staff", "manager", "hr", "dx_office", "executive"}
NOMINATION_VIEW = {"manager", "hr", "dx_office"}

CASES: dict[str, tuple[str | None, set[str], str]] = {
    "talent:candidate_finder": (None, HR_DX, "get"),
    "talent:candidate_shortlists": (None, HR_DX, "get"),
    "talent:candidate_export": (None, HR_DX, "get"),
    "talent:talent_settings": (None, DX, "get"),
    "talent:designation_letter": ("designation_for_letter", HR_DX, "get"),
    "talent:call_list": (None, HR_DX, "get"),
    "talent:call_create": (None, DX, "get"),
    "talent:call_detail": ("call", HR_DX, "get"),
    "talent:call_edit": ("call", DX, "get"),
    "talent:call_publish": ("call", DX, "post"),
    "talent:call_close": ("call", DX, "post"),
    "talent:call_select": ("call", DX, "post"),
    "talent:my_calls": (None, WITH_STAFF, "get"),
    "talent:call_apply": ("open_call", WITH_STAFF, "get"),
    "talent:application_reviews": (None, {"manager"}, "get"),
    "talent:application_review": ("application", {"manager"}, "get"),
    "talent:nomination_list": (None, NOMINATION_VIEW, "get"),
    "talent:nomination_create": (None, NOMINATION_VIEW, "get"),
    "talent:nomination_detail": ("nomination", NOMINATION_VIEW, "get"),
    "talent:track_decide": ("track", DX, "get"),
    "talent:career_overview": (None, {"hr", "dx_office", "executive"}, "get"),
    "talent:career_model_create": (None, HR_DX, "get"),
    "talent:career_model_edit": ("career_model", HR_DX, "get"),
    "talent:career_step_edit": ("career_step", HR_DX, "get"),
    "talent:my_career": (None, WITH_STAFF, "get"),
    "talent:my_declaration": (None, WITH_STAFF, "get"),
    "talent:declaration_periods": (None, HR, "get"),
    "talent:declaration_period_detail": ("period", HR, "get"),
    "talent:declaration_export": ("period", HR, "get"),
    "talent:aptitude_add": ("staff_in_scope", HR, "get"),
    "talent:evaluation_import": (None, HR, "get"),
    "talent:evaluation_import_preview": ("evaluation_import", HR, "get"),
    "talent:evaluation_import_commit": ("evaluation_import", HR, "post"),
    "talent:evaluation_import_discard": ("evaluation_import", HR, "post"),
    "talent:transfer_import": (None, HR, "get"),
    "talent:transfer_import_preview": ("transfer_import", HR, "get"),
    "talent:transfer_import_commit": ("transfer_import", HR, "post"),
    "talent:transfer_import_discard": ("transfer_import", HR, "post"),
    "talent:duty_list": (None, HR_DX, "get"),
    "talent:duty_export": (None, HR_DX, "get"),
    "talent:duty_create": (None, DX, "get"),
    "talent:duty_edit": ("duty", DX, "get"),
    "talent:duty_holder_add": ("duty", DX, "get"),
    "talent:duty_holder_end": ("duty_holder", DX, "get"),
    "talent:risk_report": (None, HR_DX, "get"),
    "talent:risk_assign": ("duty", DX, "post"),
}
# Withdrawing works on one's own application only (everyone else: 404): jinzai/talent/tests/test_calls.py
SPECIAL: set[str] = {"talent:application_withdraw"}


def make_objects(org, hr_member) -> dict[str, int]:
    from jinzai.core.access import SystemActor

    system = SystemActor(org.org, label="access test")
    day = today()
    leader = TalentType.objects.get(organisation=org.org, kind=TalentType.Kind.LEADER)
    business = SubRole.objects.get(talent_type=leader, name="業務担当")
    base = {
        "talent_type": leader,
        "sub_role": business,
        "wanted": 3,
        "deadline": day + timedelta(days=30),
        "text": "各課の業務改善を進めるリーダーを募集します。",
        "duties": "課の業務改善",
        "starts_on": day + timedelta(days=60),
        "ends_on": None,
    }
    call = calls.call_create(actor=system, title="見本の公募", **base)
    open_call = calls.call_create(actor=system, title="募集中の公募", **base)
    calls.call_publish(actor=system, call=open_call)
    applicant = org.members["staff"]
    application = calls.application_submit(
        actor=applicant, call=open_call, statement="業務の見直しに取り組みたい。"
    )
    # the application of a person outside the manager's units (総務課, dx_office's staff record): the
    # manager's review there is 404
    application_other = calls.application_submit(
        actor=org.members["dx_office"], call=open_call, statement="データの活用に取り組みたい。"
    )
    nomination = nominations.nomination_create(
        actor=system,
        staff=org.staff["staff"],
        reason="窓口の改善に熱心に取り組んでいます。",
        tracks=[{"kind": NominationTrack.Kind.DESIGNATION, "talent_type": leader, "sub_role": business}],
    )
    from jinzai.talent.services import designation_create

    designation = designation_create(
        actor=system,
        staff=org.staff["manager"],
        talent_type=leader,
        sub_role=business,
        started_on=date(2026, 4, 1),
    )
    period = careers.declaration_period_create(
        actor=system, fiscal_year=2090, opens_on=day - timedelta(days=1), closes_on=day + timedelta(days=30)
    )
    duty = duties.duty_create(
        actor=system, name="庁内ネットワークの管理", weight=5, started_on=date(2026, 1, 1)
    )
    holder = duties.duty_holder_add(
        actor=system,
        duty=duty,
        staff=org.staff["hr"],
        role="primary",
        proficiency=3,
        started_on=date(2026, 1, 1),
    )
    evaluation = import_create(
        actor=system,
        importer=get_importer("evaluation"),
        file_name="評価.csv",
        content="職員番号,年度,評価項目,評価\n000101,2025,ICT技能,B\n".encode(),
        options={},
    )
    transfer = import_create(
        actor=system,
        importer=get_importer("transfer"),
        file_name="内示.csv",
        content="職員番号,異動先\n000101,総務部総務課\n".encode(),
        options={},
    )
    return {
        "call": call.pk,
        "open_call": open_call.pk,
        "application": application.pk,
        "application_other": application_other.pk,
        "nomination": nomination.pk,
        "track": nomination.tracks.first().pk,
        "designation_for_letter": designation.pk,
        "career_model": CareerModel.objects.filter(organisation=org.org).first().pk,
        "career_step": CareerStep.objects.filter(organisation=org.org).first().pk,
        "period": period.pk,
        "staff_in_scope": org.staff["staff"].pk,
        "evaluation_import": evaluation.pk,
        "transfer_import": transfer.pk,
        "duty": duty.pk,
        "duty_holder": holder.pk,
    }


# --- POST with a valid body (the method dimension; see core/tests/test_access_matrix.py) ----------------

EVALUATION_CSV = "職員番号,年度,評価項目,評価\n000103,2025,ICT技能,A\n".encode()
TRANSFER_CSV = "職員番号,異動先\n000103,市民部市民課\n".encode()


def _url(name, key):
    return lambda ctx: reverse(name, kwargs={"pk": ctx.obj(key)})


def _system(ctx):
    from jinzai.core.access import SystemActor

    return SystemActor(ctx.org.org, label="access test")


def _leader(ctx) -> str:
    return str(TalentType.objects.get(organisation=ctx.org.org, kind=TalentType.Kind.LEADER).pk)


def _upload(content, file_name):
    def body(ctx):
        return {**ctx.form(), "file": SimpleUploadedFile(file_name, content, content_type="text/csv")}

    return body


def _call_select(ctx):
    """Selection follows the close of the call: close it, then pass the applicant on the call page."""
    call = Call.objects.get(pk=ctx.obj("open_call"))
    if call.status == Call.Status.OPEN:
        calls.call_close(actor=_system(ctx), call=call)
    return ctx.form(
        _url("talent:call_detail", "open_call")(ctx), selected=str(ctx.obj("application")), note="面談の結果"
    )


def _reviewed(ctx) -> bool:
    from jinzai.talent.models import Application

    return Application.objects.get(pk=ctx.obj("application")).manager_opinion == "consent"


def _risk_assign(ctx):
    """A suggested backup's button on the risk report: the duty has one holder (a single point of failure);
    with its unit registered, the report suggests that unit's people."""
    from jinzai.talent.models import Duty

    Duty.objects.filter(pk=ctx.obj("duty")).update(unit=ctx.org.units["窓口係"])
    return ctx.form(reverse("talent:risk_report"))


def _call_create(ctx):
    return ctx.form(
        title="データ活用リーダーの公募",
        talent_type=_leader(ctx),
        sub_role="",
        deadline=str(today() + timedelta(days=20)),
        text="データを使って業務を改善するリーダーを募集します。",
    )


POSTS = {
    "talent:talent_settings": Post(None, DX, form(term_years="3")),
    "talent:call_create": Post(None, DX, _call_create),
    "talent:call_edit": Post("call", DX, form(title="見本の公募（改）")),
    "talent:call_publish": Post("call", DX, form(_url("talent:call_detail", "call"))),
    "talent:call_close": Post("open_call", DX, form(_url("talent:call_detail", "open_call"))),
    "talent:call_select": Post("open_call", DX, _call_select),
    "talent:call_apply": Post("open_call", WITH_STAFF, form(statement="窓口の改善に取り組みたい。")),
    "talent:application_review": Post(
        "application",
        {"manager"},
        form(opinion="consent", comment="適任です。"),
        outside="application_other",
        # its audit action "application.review" contains "view": the matrix counts it as a read
        wrote=_reviewed,
    ),
    "talent:nomination_create": Post(
        None,
        NOMINATION_VIEW,
        form(
            staff="000101",
            reason="業務の改善に熱心です。",
            programme_on="on",
            programme="DX推進リーダー養成研修",
        ),
    ),
    "talent:track_decide": Post("track", DX, form(decision="approved", comment="指定します。")),
    "talent:career_model_create": Post(None, HR_DX, form(name="データ活用の専門家")),
    "talent:career_model_edit": Post("career_model", HR_DX, form(description="データを扱う道")),
    "talent:career_step_edit": Post("career_step", HR_DX, form(description="最初の段")),
    "talent:my_career": Post(None, WITH_STAFF, form(objective="課のDXを進める。")),
    "talent:my_declaration": Post(
        None, WITH_STAFF, form(wish="stay", dx_interest="yes", motivation="4", comment="")
    ),
    "talent:declaration_periods": Post(
        None,
        HR,
        form(fiscal_year="2091", opens_on=str(today()), closes_on=str(today() + timedelta(days=30))),
    ),
    "talent:declaration_period_detail": Post("period", HR, form(note="期間を確かめました。")),
    "talent:aptitude_add": Post("staff_in_scope", HR, form(text="窓口の改善に向いています。")),
    "talent:evaluation_import": Post(None, HR, _upload(EVALUATION_CSV, "評価.csv")),
    "talent:evaluation_import_preview": Post("evaluation_import", HR, FORM),
    "talent:evaluation_import_commit": Post(
        "evaluation_import", HR, form(_url("talent:evaluation_import_preview", "evaluation_import"))
    ),
    "talent:evaluation_import_discard": Post(
        "evaluation_import", HR, form(_url("talent:evaluation_import_preview", "evaluation_import"))
    ),
    "talent:transfer_import": Post(None, HR, _upload(TRANSFER_CSV, "内示.csv")),
    "talent:transfer_import_preview": Post("transfer_import", HR, FORM),
    "talent:transfer_import_commit": Post(
        "transfer_import", HR, form(_url("talent:transfer_import_preview", "transfer_import"))
    ),
    "talent:transfer_import_discard": Post(
        "transfer_import", HR, form(_url("talent:transfer_import_preview", "transfer_import"))
    ),
    "talent:duty_create": Post(
        None, DX, form(name="基幹系システムの運用", kind="system", category="core", weight="4")
    ),
    "talent:duty_edit": Post("duty", DX, form(description="ネットワーク機器の保守")),
    "talent:duty_holder_add": Post(
        "duty", DX, form(staff="000104", role="backup", proficiency="1", note="引き継ぎ中")
    ),
    "talent:duty_holder_end": Post("duty_holder", DX, FORM),
    "talent:risk_assign": Post("duty", DX, _risk_assign),
}
