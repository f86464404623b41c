"""Joint training: the prefecture's courses, sessions, seats and (shared) rosters; a municipality's seats."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import require_perm

from ..forms import RESULT_CHOICES, EnrolForm, JointCourseForm, JointSessionForm, SeatsForm, results_from_post
from ..selectors import municipality as muni
from ..selectors import prefecture as pref
from ..services import joint as services
from ._common import form_errors, form_page, municipality_page, prefecture_page, report_error, today

JOINT = ("region:joint_list", "共同研修")
ENROL_LIST = 40  # people listed at once on a seat page (search by name for the others)


@require_perm("region.joint_manage")
@prefecture_page
def joint_list(request):
    return render(
        request, "region/joint_list.html", {"courses": pref.joint_courses_for_prefecture(request.membership)}
    )


@require_perm("region.joint_manage")
@prefecture_page
def joint_create(request):
    form = JointCourseForm(
        request.POST or None, initial={"step": 1, "split_rule": "seats", "mode": "classroom"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            course = services.joint_course_create(actor=request.membership, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request, f"共同研修「{course.title}」を追加しました。続けて開催回と座席を登録してください。"
            )
            return redirect("region:joint_detail", pk=course.pk)
    return form_page(
        request, form, title="共同研修を追加", crumbs=[JOINT], submit="追加する", cancel="region:joint_list"
    )


@require_perm("region.joint_manage")
@prefecture_page
def joint_edit(request, pk: int):
    course = pref.get_joint_course_for_prefecture(request.membership, pk)
    form = JointCourseForm(
        request.POST or None, initial={k: getattr(course, k) for k in services.COURSE_FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.joint_course_update(actor=request.membership, course=course, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"共同研修「{course.title}」を保存しました。")
            return redirect("region:joint_detail", pk=course.pk)
    return form_page(
        request,
        form,
        title=f"{course.title}を編集",
        crumbs=[JOINT],
        cancel="region:joint_list",
        intro="公開後に変えた研修名・時間・受講料などは、座席のある市区町村の研修の一覧にも反映します。",
    )


@require_perm("region.joint_manage")
@prefecture_page
def joint_detail(request, pk: int):
    course = pref.get_joint_course_for_prefecture(request.membership, pk)
    shares = services.cost_shares(course)
    return render(
        request,
        "region/joint_detail.html",
        {
            "course": course,
            "sessions": pref.joint_sessions_with_seats(course),
            "shares": shares,
            "share_total": sum(s["share"] for s in shares),
        },
    )


@require_POST
@require_perm("region.joint_manage")
@prefecture_page
def joint_publish(request, pk: int):
    course = pref.get_joint_course_for_prefecture(request.membership, pk)
    try:
        services.joint_publish(actor=request.membership, course=course)
    except ValidationError as exc:
        report_error(request, exc)
    else:
        messages.success(
            request, f"「{course.title}」を公開しました。座席のある市区町村の研修の一覧に載りました。"
        )
    return redirect("region:joint_detail", pk=pk)


@require_perm("region.joint_manage")
@prefecture_page
def joint_session_create(request, pk: int):
    viewer = request.membership
    course = pref.get_joint_course_for_prefecture(viewer, pk)
    members = list(pref.member_municipalities(viewer))
    form = JointSessionForm(request.POST or None, municipalities=members, initial={"title": "第1回"})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("title", "starts_on", "ends_on", "venue", "apply_deadline")}
        try:
            session = services.joint_session_create(actor=viewer, course=course, seats=form.seats(), **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"「{session.title}」を登録しました。")
            return redirect("region:joint_detail", pk=course.pk)
    return render(request, "region/joint_session_form.html", {"form": form, "course": course})


@require_perm("region.joint_manage")
@prefecture_page
def joint_session_detail(request, pk: int):
    viewer = request.membership
    session = pref.get_joint_session_for_prefecture(viewer, pk)
    roster = pref.joint_roster_for_prefecture(viewer, session)
    seats = {r["allocation"].municipality_id: r["allocation"].seats for r in roster}
    return render(
        request,
        "region/joint_session_detail.html",
        {
            "session": session,
            "roster": roster,
            "seats_form": SeatsForm(municipalities=list(pref.member_municipalities(viewer)), seats=seats),
            "result_choices": RESULT_CHOICES,
            "any_shared": any(r["shared"] and r["rows"] for r in roster),
            "started": session.starts_on <= today(),
        },
    )


@require_POST
@require_perm("region.joint_manage")
@prefecture_page
def joint_seats(request, pk: int):
    viewer = request.membership
    session = pref.get_joint_session_for_prefecture(viewer, pk)
    form = SeatsForm(request.POST, municipalities=list(pref.member_municipalities(viewer)))
    if not form.is_valid():
        messages.error(request, "座席数は0〜1000の整数で入力してください。")
        return redirect("region:joint_session_detail", pk=pk)
    try:
        services.joint_seats_set(actor=viewer, session=session, seats=form.seats())
    except ValidationError as exc:
        report_error(request, exc)
    else:
        messages.success(request, "座席の配分を保存しました。")
    return redirect("region:joint_session_detail", pk=pk)


@require_POST
@require_perm("region.joint_manage")
@prefecture_page
def joint_results(request, pk: int):
    viewer = request.membership
    session = pref.get_joint_session_for_prefecture(viewer, pk)
    try:
        n = services.joint_results(actor=viewer, session=session, results=results_from_post(request.POST))
    except ValidationError as exc:
        report_error(request, exc)
    else:
        messages.success(request, f"{n}名の結果を記録しました。各団体の受講記録に反映されています。")
    return redirect("region:joint_session_detail", pk=pk)


# --- a municipality's seats -----------------------------------------------------------------------


@require_perm("region.seats")
@municipality_page
def my_seats(request):
    viewer = request.membership
    allocations = list(muni.allocations_of(viewer))
    counts = muni.seat_counts(allocations)
    rows = []
    for a in allocations:
        held, done = counts.get(a.local_session_id, (0, 0))
        rows.append({"a": a, "held": held, "completed": done})
    return render(request, "region/my_seats.html", {"rows": rows, "today": today()})


@require_perm("region.seats")
@municipality_page
def seat_detail(request, pk: int):
    viewer = request.membership
    allocation = muni.get_allocation_for_viewer(viewer, pk)
    q = request.GET.get("q", "")[:100]
    enrolments = list(muni.enrolments_of_allocation(viewer, allocation))
    held = sum(1 for e in enrolments if e.status in ("applied", "approved", "confirmed"))
    share = next(
        (
            s
            for s in services.cost_shares(allocation.session.course)
            if s["municipality"].pk == viewer.organisation.pk
        ),
        None,
    )
    return render(
        request,
        "region/seat_detail.html",
        {
            "a": allocation,
            "enrolments": enrolments,
            "held": held,
            "free": max(allocation.seats - held, 0),
            "form": EnrolForm(staff=list(muni.staff_to_enrol(viewer, allocation, q)[:ENROL_LIST])),
            "q": q,
            "more": muni.staff_to_enrol(viewer, allocation, q).count() > ENROL_LIST,
            "share": share,
            "shared_roster": muni.sharing_of(viewer).joint_roster,
            "open": allocation.session.starts_on > today(),
        },
    )


@require_POST
@require_perm("region.seats")
@municipality_page
def seat_enrol(request, pk: int):
    viewer = request.membership
    allocation = muni.get_allocation_for_viewer(viewer, pk)
    form = EnrolForm(request.POST, staff=list(muni.staff_to_enrol(viewer, allocation)))
    if not form.is_valid():
        messages.error(request, "登録する職員を一覧から選んでください。")
        return redirect("region:seat_detail", pk=pk)
    try:
        result = services.joint_enrol(
            actor=viewer, allocation=allocation, staff_list=form.cleaned_data["staff"]
        )
    except ValidationError as exc:
        report_error(request, exc)
    else:
        text = f"{len(result['confirmed'])}名を受講確定にしました。"
        if result["waitlisted"]:
            text += f"座席が足りない{len(result['waitlisted'])}名はキャンセル待ちです。"
        messages.success(request, text)
    return redirect("region:seat_detail", pk=pk)
