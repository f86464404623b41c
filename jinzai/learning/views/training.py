"""Training: course catalog, sessions (roster, attendance, completion import), enrolment approvals."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import can, require_perm
from jinzai.core.params import parse_id

from .. import reports, selectors
from ..forms import RESULT_CHOICES, CourseForm, EnrolListForm, ReasonForm, SessionForm
from ..models import Course, Enrolment
from ..services import training as services
from ._common import back, report_error, today

COURSE_FIELDS = (
    "title",
    "provider_type",
    "provider_name",
    "mode",
    "hours",
    "fee",
    "step",
    "skill_items",
    "description",
    "is_active",
)


@require_perm("learning.course_view")
def course_list(request):
    org = request.membership.organisation
    step = request.GET.get("step", "")
    courses = selectors.courses_of(org).select_related("prepares_for").prefetch_related("target_talent_types")
    if step in {"1", "2", "3"}:
        courses = courses.filter(step=int(step))
    manage = can(request.membership, "learning.course_manage")
    if not manage:
        courses = courses.filter(is_active=True)
    feedback = reports.feedback_by_course(org) if manage else {}
    sessions = list(selectors.open_sessions(org, today())[:20])
    applied, day = selectors.my_active_session_ids(request.membership), today()
    for s in sessions:
        s.apply = selectors.apply_state(request.membership, s, applied=s.pk in applied, today=day)
    return render(
        request,
        "learning/course_list.html",
        {
            "courses": [{"c": c, "fb": feedback.get(c.pk)} for c in courses],
            "step": step,
            "steps": Course.Step.choices,
            "can_manage": manage,
            "sessions": sessions,
            "to_confirm": selectors.with_seats(selectors.sessions_of(org)).filter(to_confirm__gt=0)
            if manage
            else [],
        },
    )


def _course_form(request, course=None):
    org = request.membership.organisation
    initial = (
        {k: getattr(course, k) for k in COURSE_FIELDS}
        | {
            "prepares_for": course.prepares_for_id,
            "target_talent_types": list(course.target_talent_types.values_list("pk", flat=True)),
        }
        if course
        else {"is_active": True, "step": 1}
    )
    form = CourseForm(request.POST or None, organisation=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        types = list(data.pop("target_talent_types"))
        try:
            if course is None:
                course = services.course_create(actor=request.membership, target_talent_types=types, **data)
                messages.success(
                    request, f"研修「{course.title}」を追加しました。続けて開催日を登録してください。"
                )
            else:
                services.course_update(
                    actor=request.membership, course=course, target_talent_types=types, **data
                )
                messages.success(request, f"研修「{course.title}」を保存しました。")
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return redirect("learning:course_detail", pk=course.pk)
    return render(request, "learning/course_form.html", {"form": form, "course": course})


@require_perm("learning.course_manage")
def course_create(request):
    return _course_form(request)


@require_perm("learning.course_manage")
def course_edit(request, pk: int):
    return _course_form(request, selectors.get_course_for_viewer(request.membership, pk))


@require_perm("learning.course_view")
def course_detail(request, pk: int):
    viewer = request.membership
    course = selectors.get_course_for_viewer(viewer, pk)
    manage = can(viewer, "learning.course_manage")
    sessions = list(selectors.with_seats(course.sessions.all()).order_by("-starts_on", "id"))
    applied, day = selectors.my_active_session_ids(viewer), today()
    for s in sessions:
        s.apply = selectors.apply_state(viewer, s, applied=s.pk in applied, today=day)
    feedback = reports.feedback_of_course(course) if manage else None
    return render(
        request,
        "learning/course_detail.html",
        {
            "course": course,
            "sessions": sessions,
            "feedback": feedback,
            "can_manage": manage,
            "today": today(),
        },
    )


def _session_form(request, course, session=None):
    fields = ("title", "starts_on", "ends_on", "venue", "capacity", "apply_deadline", "note")
    initial = (
        {k: getattr(session, k) for k in fields}
        if session
        else {"title": f"第{course.sessions.count() + 1}回"}
    )
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if session is None:
                session = services.session_create(
                    actor=request.membership, course=course, **form.cleaned_data
                )
                messages.success(request, f"「{session}」を登録しました。")
            else:
                services.session_update(actor=request.membership, session=session, **form.cleaned_data)
                messages.success(request, f"「{session}」を保存しました。")
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return redirect("learning:session_detail", pk=session.pk)
    return render(request, "learning/session_form.html", {"form": form, "course": course, "session": session})


@require_perm("learning.course_manage")
def session_create(request, pk: int):
    return _session_form(request, selectors.get_course_for_viewer(request.membership, pk))


@require_perm("learning.course_manage")
def session_edit(request, pk: int):
    session = selectors.get_session_for_viewer(request.membership, pk)
    return _session_form(request, session.course, session)


@require_perm("learning.course_view")
def session_detail(request, pk: int):
    viewer = request.membership
    session = selectors.get_session_for_viewer(viewer, pk)
    seats = selectors.with_seats(selectors.sessions_of(viewer.organisation).filter(pk=session.pk)).get()
    manage = can(viewer, "learning.course_manage")
    mine = selectors.my_active_enrolment(viewer, session)
    roster = []
    if manage:
        roster = list(
            selectors.enrolments_visible_to(viewer)
            .filter(session=session)
            .exclude(status__in=[Enrolment.Status.CANCELLED])
            .select_related("staff", "staff__current_unit")
            .order_by("status", "waitlisted_at", "created_at", "id")
        )
    state = selectors.apply_state(viewer, seats, applied=mine is not None, today=today())
    return render(
        request,
        "learning/session_detail.html",
        {
            "session": session,
            "seats": seats,
            "mine": mine,
            "can_apply": state["can"],
            "apply": state,
            "is_record": selectors.is_record_session(session),
            "can_manage": manage,
            "roster": roster,
            "confirmed": [e for e in roster if e.status == Enrolment.Status.CONFIRMED],
            "result_choices": RESULT_CHOICES,
            "reject_form": ReasonForm(),
        },
    )


@require_perm("learning.course_manage")
def session_enrol(request, pk: int):
    session = selectors.get_session_for_viewer(request.membership, pk)
    form = EnrolListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        numbers = form.numbers()
        found = selectors.staff_by_numbers(session.organisation, numbers)
        unknown = [n for n in numbers if n not in found]
        if unknown:
            form.add_error(
                "staff_numbers", f"次の職員番号の職員は登録されていません: {'、'.join(unknown[:20])}"
            )
        else:
            result = services.enrolment_register(
                actor=request.membership,
                session=session,
                staff_list=[found[n] for n in dict.fromkeys(numbers)],
            )
            messages.success(
                request,
                f"受講確定 {len(result['confirmed'])}名、キャンセル待ち {len(result['waitlisted'])}名を登録しました。"
                + (
                    f"（申込済み・退職などで登録しなかった人 {len(result['skipped'])}名）"
                    if result["skipped"]
                    else ""
                ),
            )
            return redirect("learning:session_detail", pk=session.pk)
    return render(request, "learning/session_enrol.html", {"form": form, "session": session})


@require_perm("learning.course_manage")
@require_POST
def session_results(request, pk: int):
    session = selectors.get_session_for_viewer(request.membership, pk)
    results = {}
    for key, value in request.POST.items():
        enrolment_id = parse_id(key[7:]) if key.startswith("result_") else None
        if enrolment_id is not None:
            results[enrolment_id] = value
    if not results:
        messages.error(request, "記録する受講者がいません。受講確定の人の結果を選んでから保存してください。")
        return redirect("learning:session_detail", pk=session.pk)
    try:
        n = services.enrolment_record_results(actor=request.membership, session=session, results=results)
        messages.success(request, f"受講の結果を保存しました（変更 {n}件）。")
    except ValidationError as exc:
        report_error(request, exc)
    return redirect("learning:session_detail", pk=session.pk)


# --- enrolments ----------------------------------------------------------------------------------


@require_perm("learning.enrolment_approve")
def enrolment_list(request):
    """所属長: the applications of their units' staff waiting for approval."""
    return render(
        request,
        "learning/enrolment_list.html",
        {"queue": selectors.approval_queue(request.membership), "reject_form": ReasonForm()},
    )


@require_perm("learning.enrolment_approve")
@require_POST
def enrolment_approve(request, pk: int):
    enrolment = selectors.get_enrolment_for_viewer(request.membership, pk)
    try:
        services.enrolment_approve(actor=request.membership, enrolment=enrolment)
        messages.success(
            request, f"{enrolment.staff.name}さんの「{enrolment.session}」の申込を承認しました。"
        )
    except ValidationError as exc:
        report_error(request, exc)
    return back(request, "learning:enrolment_list")


@require_perm("learning.course_view")
@require_POST
def enrolment_reject(request, pk: int):
    viewer = request.membership
    if not (can(viewer, "learning.enrolment_approve") or can(viewer, "learning.course_manage")):
        raise PermissionDenied("learning.enrolment_approve")
    enrolment = selectors.get_enrolment_for_viewer(viewer, pk)
    try:
        services.enrolment_reject(actor=viewer, enrolment=enrolment, reason=request.POST.get("reason", ""))
        messages.success(
            request, f"{enrolment.staff.name}さんの「{enrolment.session}」の申込を不承認にしました。"
        )
    except ValidationError as exc:
        report_error(request, exc)
    return back(
        request,
        "learning:course_list" if can(viewer, "learning.course_manage") else "learning:enrolment_list",
    )


@require_perm("learning.course_manage")
@require_POST
def enrolment_confirm(request, pk: int):
    enrolment = selectors.get_enrolment_for_viewer(request.membership, pk)
    try:
        services.enrolment_confirm(actor=request.membership, enrolment=enrolment)
        messages.success(request, f"{enrolment.staff.name}さんの受講を確定しました。")
    except ValidationError as exc:
        report_error(request, exc)
    return redirect("learning:session_detail", pk=enrolment.session_id)
