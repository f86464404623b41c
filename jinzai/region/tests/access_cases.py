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

from conftest import org_code
from jinzai.core.models import Organisation
from jinzai.core.tests._matrix import Post

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
# POSTs with a valid body (test_post_with_a_valid_body): the municipality-side writes, where the matrix's
# "foreign" object is the other municipality's (its request, its position) and must answer 404. The prefecture
# side's writes are in test_support.py / test_isolation.py: the matrix builds its URLs from the
# municipality's objects. (region is not yet in POST_COMPLETE: the other POST endpoints are sent empty.)
POSTS = {
    "region:request_comment": Post("request", REQ, lambda c: {"text": "追加の資料を送ります。"}),
    "region:request_withdraw": Post("request", REQ, lambda c: {"reason": "町で対応することにしました。"}),
    "region:candidate_add": Post(
        "position",
        POSITION_MANAGE,
        lambda c: {"name": "候補　二郎", "affiliation": "", "source": "", "note": ""},
    ),
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
    return objects
