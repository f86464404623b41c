"""Access-matrix rows of the prefecture hub (see core/tests/test_access_matrix.py).

The matrix logs prefecture_support into the test prefecture and every other role into a municipality, with
a foreign organisation for the 404 checks. Prefecture-side objects of the "foreign" side are made in
another prefecture (他県) and its village, so the prefecture must get 404 for them; municipality-side
objects are the municipality's own. Council bodies, meetings and questions are read by every organisation
of one prefecture (the foreign municipality of the matrix is in the same prefecture), so their rows are
SPECIAL and tested in test_access_special.py.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse

from conftest import org_code
from jinzai.core.models import Organisation
from jinzai.core.services import today
from jinzai.core.tests._matrix import Post, form

PREF = {"prefecture_support"}
REQ = {"dx_office", "admin"}
SEATS = {"dx_office"}
VISIT_OWN = {"dx_office", "admin"}
OPT_IN = {"staff", "manager", "hr", "dx_office", "executive"}
POSITION_VIEW = {"prefecture_support", "dx_office", "executive"}
POSITION_MANAGE = {"prefecture_support", "dx_office"}
SCHEME = {"prefecture_support", "dx_office", "admin"}
COUNCIL = {"prefecture_support", "dx_office"}
BANK_FILE = {"prefecture_support", "admin"}

CASES: dict[str, tuple[str | None, set[str], str]] = {
    "region:dashboard": (None, PREF, "get"),
    "region:dashboard_export": (None, PREF, "get"),
    "region:municipality": ("member_org", PREF, "get"),
    "region:survey_list": (None, PREF, "get"),
    "region:survey_create": (None, PREF, "get"),
    "region:survey_edit": ("survey", PREF, "get"),
    "region:sharing": (None, {"dx_office", "admin"}, "get"),
    "region:bank_list": (None, PREF, "get"),
    "region:bank_create": (None, PREF, "get"),
    "region:expert_detail": ("expert", PREF, "get"),
    "region:expert_edit": ("expert", PREF, "get"),
    "region:expert_withdraw": ("expert", PREF, "post"),
    "region:bank_file": (None, BANK_FILE, "get"),
    "region:bank_file_edit": (None, {"admin"}, "get"),
    "region:my_profile": (None, OPT_IN, "get"),
    "region:my_profile_revoke": (None, OPT_IN, "post"),
    "region:my_requests": (None, REQ, "get"),
    "region:request_create": (None, REQ, "get"),
    "region:request_detail": ("request", REQ, "get"),
    "region:request_feedback": ("request", REQ, "post"),
    "region:request_comment": ("request", REQ, "post"),
    "region:request_withdraw": ("request", REQ, "post"),
    "region:case_list": (None, PREF, "get"),
    "region:case_detail": ("case", PREF, "get"),
    "region:case_accept": ("case", PREF, "post"),
    "region:case_decline": ("case", PREF, "post"),
    "region:case_assign": ("case", PREF, "post"),
    "region:case_close": ("case", PREF, "post"),
    "region:case_comment": ("case", PREF, "post"),
    "region:dispatch_create": ("case", PREF, "get"),
    "region:dispatch_list": (None, PREF, "get"),
    "region:dispatch_report": ("dispatch", PREF, "get"),
    "region:scheme_list": (None, SCHEME, "get"),
    "region:visit_list": (None, PREF, "get"),
    "region:visit_create": (None, PREF, "get"),
    "region:visit_plan_create": (None, PREF, "get"),
    "region:visit_detail": ("visit", PREF, "get"),
    "region:followup_done": ("followup", PREF, "post"),
    "region:counterpart_edit": ("member_org", PREF, "get"),
    "region:my_visits": (None, VISIT_OWN, "get"),
    "region:my_visit_detail": ("my_visit", VISIT_OWN, "get"),
    "region:my_followup_done": ("my_followup", VISIT_OWN, "post"),
    "region:council_list": (None, COUNCIL, "get"),
    "region:body_create": (None, PREF, "get"),
    "region:qa_list": (None, COUNCIL, "get"),
    "region:question_create": (None, COUNCIL, "get"),
    "region:joint_list": (None, PREF, "get"),
    "region:joint_create": (None, PREF, "get"),
    "region:joint_detail": ("joint_course", PREF, "get"),
    "region:joint_edit": ("joint_course", PREF, "get"),
    "region:joint_publish": ("joint_course", PREF, "post"),
    "region:joint_session_create": ("joint_course", PREF, "get"),
    "region:joint_session_detail": ("joint_session", PREF, "get"),
    "region:joint_seats": ("joint_session", PREF, "post"),
    "region:joint_results": ("joint_session", PREF, "post"),
    "region:my_seats": (None, SEATS, "get"),
    "region:seat_detail": ("allocation", SEATS, "get"),
    "region:seat_enrol": ("allocation", SEATS, "post"),
    "region:position_list": (None, POSITION_VIEW, "get"),
    "region:position_create": (None, POSITION_MANAGE, "get"),
    "region:position_detail": ("position", POSITION_VIEW, "get"),
    "region:position_edit": ("position", POSITION_MANAGE, "get"),
    "region:candidate_add": ("position", POSITION_MANAGE, "post"),
    "region:contract_create": ("position", POSITION_MANAGE, "get"),
    "region:candidate_update": ("candidate", POSITION_MANAGE, "post"),
}
SPECIAL: set[str] = {
    "region:body_detail",
    "region:body_member_add",
    "region:meeting_create",
    "region:meeting_detail",
    "region:question_detail",
    "region:answer_create",
    "region:question_resolve",
}


def other_prefecture() -> tuple[Organisation, Organisation]:
    """Another prefecture (他県) and one of its municipalities (他県村), for objects nobody here may reach."""
    pref, _ = Organisation.objects.get_or_create(
        code=org_code("99400"), defaults={"name": "他県", "kind": Organisation.Kind.PREFECTURE}
    )
    village, _ = Organisation.objects.get_or_create(
        code=org_code("99401"),
        defaults={"name": "他県村", "kind": Organisation.Kind.MUNICIPALITY, "prefecture": pref},
    )
    return pref, village


def _request(municipality, prefecture, title="相談"):
    from jinzai.region.models import SupportRequest

    return SupportRequest.objects.create(
        organisation=municipality,
        prefecture=prefecture,
        title=title,
        topic="bpr",
        description="業務の見直しを相談したいです。",
        contact="企画係",
    )


def _prefecture_side(prefecture, municipality) -> dict[str, int]:
    """Objects of `prefecture`'s side (about `municipality`), made with the ORM (fixtures, not user input)."""
    from jinzai.region.models import (
        Dispatch,
        Expert,
        FollowUp,
        JointCourse,
        JointSession,
        SurveyMunicipality,
        Visit,
    )

    today = date.today()
    expert = Expert.objects.create(
        organisation=prefecture, kind="company", name="外部　専門家", purpose_text="目的", consent_on=today
    )
    survey, _ = SurveyMunicipality.objects.get_or_create(
        organisation=prefecture, code=org_code("99555"), defaults={"name": "調査村"}
    )
    case = _request(municipality, prefecture, "県への相談")
    case.status = "accepted"
    case.save(update_fields=["status"])
    dispatch = Dispatch.objects.create(
        organisation=municipality,
        prefecture=prefecture,
        request=case,
        expert=expert,
        scheme="pref_bank",
        held_on=today,
        fiscal_year=today.year if today.month >= 4 else today.year - 1,
        hours=Decimal(2),
        mode="online",
        report_due_on=today + timedelta(days=14),
    )
    visit = Visit.objects.create(
        organisation=municipality,
        prefecture=prefecture,
        visited_on=today,
        attendees="県2名",
        hearing_notes="聞き取り",
    )
    follow_up = FollowUp.objects.create(
        organisation=municipality, visit=visit, action="資料を送る", side="prefecture", due_on=today
    )
    course = JointCourse.objects.create(organisation=prefecture, title="共同研修", hours=3)
    session = JointSession.objects.create(
        organisation=prefecture,
        course=course,
        title="第1回",
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=30),
    )
    return {
        "expert": expert.pk,
        "member_org": municipality.pk,
        "survey": survey.pk,
        "case": case.pk,
        "dispatch": dispatch.pk,
        "visit": visit.pk,
        "followup": follow_up.pk,
        "joint_course": course.pk,
        "joint_session": session.pk,
    }


def make_objects(org, hr_member) -> dict[str, int]:
    from jinzai.region.models import (
        Candidate,
        FollowUp,
        JointCourse,
        JointSession,
        Position,
        SeatAllocation,
        Visit,
    )

    o = org.org
    position = Position.objects.create(organisation=o, kind="cio_adviser", title="CIO補佐官")
    candidate = Candidate.objects.create(organisation=o, position=position, name="候補　一郎")
    objects = {"position": position.pk, "candidate": candidate.pk}
    if o.kind == Organisation.Kind.PREFECTURE:
        municipality = Organisation.objects.filter(prefecture=o).order_by("code").first()
        objects |= _prefecture_side(o, municipality)
        objects |= {
            "request": objects["case"],
            "my_visit": objects["visit"],
            "my_followup": objects["followup"],
        }
        objects["allocation"] = 1
        return objects
    other, village = other_prefecture()
    objects |= _prefecture_side(other, village)
    today = date.today()
    own_request = _request(o, o.prefecture, "町の相談")
    visit = Visit.objects.create(
        organisation=o, prefecture=o.prefecture, visited_on=today, attendees="県2名", hearing_notes="聞き取り"
    )
    follow_up = FollowUp.objects.create(
        organisation=o, visit=visit, action="計画を見直す", side="municipality", due_on=today
    )
    course = JointCourse.objects.create(
        organisation=o.prefecture, title="公開済みの共同研修", hours=3, status="published"
    )
    session = JointSession.objects.create(
        organisation=o.prefecture,
        course=course,
        title="第1回",
        starts_on=today + timedelta(days=20),
        ends_on=today + timedelta(days=20),
    )
    allocation = SeatAllocation.objects.create(
        organisation=o.prefecture, session=session, municipality=o, seats=3
    )
    objects |= {
        "request": own_request.pk,
        "my_visit": visit.pk,
        "my_followup": follow_up.pk,
        "allocation": allocation.pk,
    }
    # The prefecture side's POST rows (POSTS below) are sent to the "own" objects: for the municipality its
    # prefecture's rows are about (the first of the prefecture, as in the prefecture's own make_objects), they
    # are its prefecture's; for any other (the matrix's foreign one, in the same prefecture) they are 他県's,
    # which the prefecture must answer 404 for.
    first = Organisation.objects.filter(prefecture=o.prefecture).order_by("code").first()
    if first == o:
        near = _prefecture_side(o.prefecture, o) | {"submitted": own_request.pk}
    else:
        near = {key: objects[key] for key in PREF_KEYS} | {"submitted": objects["case"]}
    objects |= {f"pref_{key}": pk for key, pk in near.items()}
    return objects


PREF_KEYS = (
    "expert",
    "member_org",
    "survey",
    "case",
    "dispatch",
    "visit",
    "followup",
    "joint_course",
    "joint_session",
)


# --- POST with a valid body (the method dimension; see core/tests/test_access_matrix.py) ----------------
#
# The prefecture's rows use the "pref_…" objects (see make_objects); the municipality's rows its own objects,
# where the matrix's foreign object is the other municipality's and must answer 404.


def _url(name, key):
    return lambda ctx: reverse(name, kwargs={"pk": ctx.obj(key)})


def _pref(ctx):
    """The prefecture's prefecture_support membership (services that set up what a row needs)."""
    return ctx.world.pref.members["prefecture_support"]


def _case(ctx, key="pref_case"):
    from jinzai.region.models import SupportRequest

    return SupportRequest.objects.get(pk=ctx.obj(key))


def _set_status(ctx, key, status):
    from jinzai.region.models import SupportRequest

    SupportRequest.objects.filter(pk=ctx.obj(key)).update(status=status)


def _case_detail(key="pref_case"):
    return _url("region:case_detail", key)


def _case_close(ctx):
    """The close button appears while the support is under way (支援中)."""
    _set_status(ctx, "pref_case", "in_support")
    return ctx.form(_case_detail()(ctx))


def _assigned(ctx):
    """A dispatch is recorded for the expert decided on the request: decide it first."""
    from jinzai.region.models import Expert
    from jinzai.region.services import support

    case = _case(ctx)
    expert = Expert.objects.get(pk=ctx.obj("pref_expert"))
    if not case.assignments.filter(expert=expert).exists():
        support.case_assign(actor=_pref(ctx), request=case, expert=expert, score=0, reasons=[], note="")
    return ctx.form(held_on=str(today()), hours="2", outcome="業務の流れを整理しました。")


def _feedback(ctx):
    """Feedback is given once the support has begun."""
    _set_status(ctx, "request", "in_support")
    return ctx.form(_url("region:request_detail", "request")(ctx), satisfaction="5", usefulness="4")


def _sharing_granted(ctx, **grants):
    from jinzai.region.services import sharing

    sharing.sharing_update(actor=ctx.world.own.members["admin"], **grants)


def _my_profile(ctx):
    """The opt-in form posts once the municipality allows its staff to register (共有の設定)."""
    _sharing_granted(ctx, bank_opt_in=True)
    return ctx.form(fields_shared="title", areas="bpr", availability="available", consent="on")


def _my_profile_revoke(ctx):
    from jinzai.core.models import Membership
    from jinzai.region.services import bank

    _sharing_granted(ctx, bank_opt_in=True)
    member = Membership.objects.get(user=ctx.user, organisation=ctx.org.org)
    bank.optin_save(actor=member, fields=["title"], areas=["bpr"])
    return ctx.form(reverse("region:my_profile"))


def _bank_file_edit(ctx):
    """The ファイル簿 is the prefecture's: its admin edits it (the matrix's admin is the municipality's, who
    gets the explanation page), so the admin client signs in as the prefecture's admin for this row (the
    test gives the clients their cookies back afterwards)."""
    ctx.client.force_login(ctx.world.pref.users["admin"], backend="django.contrib.auth.backends.ModelBackend")
    return ctx.form(purpose="人材バンクの運営（第2版）")


def _seats(ctx):
    body = ctx.form(_url("region:joint_session_detail", "pref_joint_session")(ctx))
    return {k: ("2" if k.startswith("seats_") else v) for k, v in body.items()}


def _with_seats(ctx):
    from jinzai.region.models import JointSession
    from jinzai.region.services import joint

    session = JointSession.objects.get(pk=ctx.obj("pref_joint_session"))
    joint.joint_seats_set(actor=_pref(ctx), session=session, seats={ctx.org.org: 3})
    return session


def _joint_publish(ctx):
    """A course is published once a session has seats."""
    _with_seats(ctx)
    return ctx.form(_url("region:joint_detail", "pref_joint_course")(ctx))


def _joint_results(ctx):
    """Results are recorded for municipalities sharing their roster: seats, publish, enrol one, share."""
    from jinzai.region.models import SeatAllocation
    from jinzai.region.services import joint

    session = _with_seats(ctx)
    joint.joint_publish(actor=_pref(ctx), course=session.course)
    allocation = SeatAllocation.objects.get(session=session, municipality=ctx.org.org)
    joint.joint_enrol(
        actor=ctx.world.own.members["dx_office"], allocation=allocation, staff_list=[ctx.org.staff["hr"]]
    )
    _sharing_granted(ctx, joint_roster=True)
    body = ctx.form(_url("region:joint_session_detail", "pref_joint_session")(ctx))
    return {k: ("completed" if k.startswith("result_") else v) for k, v in body.items()}


def _seat_enrol(ctx):
    """Staff are enrolled once the course is published to the municipality (its local session)."""
    from jinzai.region.models import SeatAllocation
    from jinzai.region.services import joint

    allocation = SeatAllocation.objects.get(pk=ctx.obj("allocation"))
    joint.joint_publish(actor=_pref(ctx), course=allocation.session.course)
    return ctx.form(_url("region:seat_detail", "allocation")(ctx), staff=str(ctx.org.staff["hr"].pk))


def _visit_create(ctx):
    return ctx.form(
        municipality=str(ctx.org.org.pk),
        visited_on=str(today()),
        attendees="県2名、市3名",
        hearing_notes="計画の進み具合を聞きました。",
    )


POSTS = {
    # --- the municipality's side ---
    "region:sharing": Post(None, {"admin"}, form(joint_roster="on")),
    "region:my_profile": Post(None, OPT_IN, _my_profile),
    "region:my_profile_revoke": Post(None, OPT_IN, _my_profile_revoke),
    "region:request_create": Post(
        None,
        REQ,
        form(
            title="業務の見直しの相談", topic="bpr", description="窓口の業務を見直したい。", contact="企画係"
        ),
    ),
    "region:request_feedback": Post("request", REQ, _feedback),
    "region:request_comment": Post(
        "request", REQ, form(_url("region:request_detail", "request"), text="追加の資料を送ります。")
    ),
    "region:request_withdraw": Post(
        "request", REQ, form(_url("region:request_detail", "request"), reason="町で対応することにしました。")
    ),
    "region:my_followup_done": Post(
        "my_followup", VISIT_OWN, form(_url("region:my_visit_detail", "my_visit"), done_on=str(today()))
    ),
    "region:seat_enrol": Post("allocation", SEATS, _seat_enrol),
    "region:position_create": Post(None, POSITION_MANAGE, form(title="デジタル化アドバイザー")),
    "region:position_edit": Post("position", POSITION_MANAGE, form(requirements="自治体での経験")),
    "region:candidate_add": Post(
        "position",
        POSITION_MANAGE,
        form(_url("region:position_detail", "position"), name="候補　二郎"),
    ),
    "region:candidate_update": Post(
        "candidate", POSITION_MANAGE, form(_url("region:position_detail", "position"), status="interview")
    ),
    "region:contract_create": Post(
        "position",
        POSITION_MANAGE,
        form(
            person_name="専門　花子",
            starts_on=str(today()),
            ends_on=str(today() + timedelta(days=365)),
            amount="600000",
        ),
    ),
    "region:question_create": Post(
        None, COUNCIL, form(title="RPAの保守はどうしていますか", text="委託先の選び方を教えてください。")
    ),
    # --- the prefecture's side ---
    "region:survey_create": Post(None, PREF, form(code=org_code("99556"), name="調査町")),
    "region:survey_edit": Post("pref_survey", PREF, form(staff_count="120", completions="8")),
    "region:bank_create": Post(
        None, PREF, form(name="外部　太郎", affiliation="見本株式会社", areas="bpr", consent="on")
    ),
    "region:expert_edit": Post("pref_expert", PREF, form(title="主任コンサルタント")),
    "region:expert_withdraw": Post("pref_expert", PREF, form(_url("region:expert_detail", "pref_expert"))),
    "region:bank_file_edit": Post(None, {"admin"}, _bank_file_edit),
    "region:case_accept": Post("pref_submitted", PREF, form(_case_detail("pref_submitted"))),
    "region:case_decline": Post(
        "pref_submitted", PREF, form(_case_detail("pref_submitted"), reason="国の制度の方が合います。")
    ),
    "region:case_assign": Post("pref_case", PREF, form(_case_detail())),
    "region:case_close": Post("pref_case", PREF, _case_close),
    "region:case_comment": Post("pref_case", PREF, form(_case_detail(), text="日程を相談させてください。")),
    "region:dispatch_create": Post("pref_case", PREF, _assigned),
    "region:dispatch_report": Post("pref_dispatch", PREF, form(report="業務の流れを一緒に整理しました。")),
    "region:visit_plan_create": Post(
        None, PREF, lambda ctx: ctx.form(municipality=str(ctx.org.org.pk), planned_month="10")
    ),
    "region:visit_create": Post(None, PREF, _visit_create),
    "region:followup_done": Post(
        "pref_followup", PREF, form(_url("region:visit_detail", "pref_visit"), done_on=str(today()))
    ),
    "region:counterpart_edit": Post("pref_member_org", PREF, form(prefecture_contact="県DX推進課 見本")),
    "region:body_create": Post(None, PREF, form(name="DX推進協議会", purpose="管内のDXを進める")),
    "region:joint_create": Post(None, PREF, form(title="データ活用研修", hours="3", fee="0")),
    "region:joint_edit": Post("pref_joint_course", PREF, form(description="管内の職員向け")),
    "region:joint_publish": Post("pref_joint_course", PREF, _joint_publish),
    "region:joint_session_create": Post(
        "pref_joint_course",
        PREF,
        form(
            title="第2回",
            starts_on=str(today() + timedelta(days=40)),
            ends_on=str(today() + timedelta(days=40)),
        ),
    ),
    "region:joint_seats": Post("pref_joint_session", PREF, _seats),
    "region:joint_results": Post("pref_joint_session", PREF, _joint_results),
}
