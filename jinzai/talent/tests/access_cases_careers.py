"""Access-matrix rows of candidates, calls, nominations, careers, transfers and duties (issue 10)."""

from datetime import date, timedelta

from jinzai.core.importing import get_importer
from jinzai.core.services import import_create, today
from jinzai.talent.models import CareerModel, CareerStep, NominationTrack, SubRole, TalentType
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
