"""Recording what happened without detours (issue 12 item 12): one person's past completion (dx_office)
or certification (hr, dx_office), entered directly — no session to set up, no application, no waitlist."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from jinzai.core.access import can, require_perm
from jinzai.core.dates import format_date
from jinzai.core.params import id_param
from jinzai.people.selectors import find_staff_by_no, get_staff_for_viewer

from ..forms import CompletionRecordForm, StaffCertRecordForm
from ..services import certifications as cert_services
from ..services import training as training_services
from ..uploads import max_bytes


def _initial(request) -> dict:
    """``?staff=<id>`` (the 人財カード's link) fills in the person's number."""
    pk = id_param(request.GET, "staff")
    if pk is None:
        return {}
    return {"staff_no": get_staff_for_viewer(request.membership, pk).staff_no}


def _person(request, form):
    staff = find_staff_by_no(request.membership, form.cleaned_data["staff_no"])
    if staff is None:
        form.add_error("staff_no", f"職員番号「{form.cleaned_data['staff_no']}」の職員は登録されていません。")
    return staff


@require_perm("learning.course_manage")
def completion_record(request):
    org = request.membership.organisation
    form = CompletionRecordForm(request.POST or None, organisation=org, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        staff = _person(request, form)
        if staff is not None:
            data = form.cleaned_data
            try:
                enrolment = training_services.completion_record(
                    actor=request.membership,
                    staff=staff,
                    course=data["course"],
                    completed_on=data["completed_on"],
                    result=data["result"],
                    fee=data["fee"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    f"{staff.name}さんの「{data['course'].title}」（{format_date(data['completed_on'])}・"
                    f"{enrolment.get_result_display()}）を記録しました。",
                )
                return redirect("people:staff_detail", pk=staff.pk)
    return render(request, "learning/completion_record.html", {"form": form})


@require_perm("learning.staffcert_record")
def staffcert_record(request):
    org = request.membership.organisation
    form = StaffCertRecordForm(
        request.POST or None, request.FILES or None, organisation=org, initial=_initial(request)
    )
    verifies = can(request.membership, "learning.staffcert_verify")
    if request.method == "POST" and form.is_valid():
        staff = _person(request, form)
        upload = form.cleaned_data.get("proof")
        if upload is not None and upload.size > max_bytes():
            form.add_error(
                "proof",
                f"ファイルが大きすぎます。{max_bytes() // (1024 * 1024)} MB 以下の PDF・JPEG・PNG にしてください。",
            )
        elif staff is not None:
            data = form.cleaned_data
            try:
                record = cert_services.staffcert_record(
                    actor=request.membership,
                    staff=staff,
                    certification=data["certification"],
                    acquired_on=data["acquired_on"],
                    certificate_no=data["certificate_no"],
                    note=data["note"],
                    proof_name=upload.name if upload else "",
                    proof_content=upload.read() if upload else None,
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("proof" if "ファイル" in message else None, message)
            else:
                messages.success(
                    request,
                    f"{staff.name}さんの「{record.certification.name}」を"
                    + (
                        "確認済として記録しました。"
                        if verifies
                        else "記録しました。人事担当が確認すると「確認済」になります。"
                    ),
                )
                return redirect("people:staff_detail", pk=staff.pk)
    return render(request, "learning/staffcert_record.html", {"form": form, "verifies": verifies})
