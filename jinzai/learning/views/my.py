"""Self-service pages: my certifications, subsidy applications, enrolments and surveys; proof files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import require_perm
from jinzai.core.audit import audit
from jinzai.core.dates import fiscal_year_of, format_date
from jinzai.core.exports import download_filename, file_response

from .. import selectors
from ..forms import FeedbackForm, StaffCertForm, SubsidyApplyForm
from ..models import Enrolment
from ..rules import standing_reasons, subsidy_amount
from ..services import certifications as cert_services
from ..services import subsidies as subsidy_services
from ..services import training as training_services
from ..uploads import max_bytes, proof_path
from ._common import back, report_error, staff_of, today


def _no_record(request):
    return render(request, "learning/no_staff_record.html", status=404)


@require_perm("learning.self_service")
def my_learning(request):
    viewer, staff = request.membership, staff_of(request)
    if staff is None:
        return _no_record(request)
    day = today()
    records = list(selectors.certifications_of_staff(staff))
    renewed = selectors.renewed_ids(records)
    enrolments = list(selectors.my_enrolments(viewer)[:100])
    return render(
        request,
        "learning/my_learning.html",
        {
            "staff": staff,
            "certs": [{"r": r, "status": selectors.status_word(r, day, renewed)} for r in records],
            "applications": selectors.applications_of_staff(staff),
            "enrolments": enrolments,
            "awaiting_feedback": [
                e for e in enrolments if e.result == Enrolment.Result.COMPLETED and not hasattr(e, "feedback")
            ],
            "sessions": list(selectors.open_sessions(viewer.organisation, day)[:30]),
            "applied_sessions": {e.session_id for e in enrolments if e.status in Enrolment.ACTIVE},
            "awards": selectors.awards_of_staff(staff),
        },
    )


@require_perm("learning.self_service")
def my_cert_add(request):
    staff = staff_of(request)
    if staff is None:
        return _no_record(request)
    form = StaffCertForm(
        request.POST or None, request.FILES or None, organisation=request.membership.organisation
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["proof"]
        if upload.size > max_bytes():
            form.add_error(
                "proof",
                f"ファイルが大きすぎます。{max_bytes() // (1024 * 1024)} MB 以下の PDF・JPEG・PNG にしてください。",
            )
        else:
            try:
                record = cert_services.staffcert_register(
                    actor=request.membership,
                    staff=staff,
                    certification=form.cleaned_data["certification"],
                    acquired_on=form.cleaned_data["acquired_on"],
                    certificate_no=form.cleaned_data["certificate_no"],
                    proof_name=upload.name,
                    proof_content=upload.read(),
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("proof" if "ファイル" in message else None, message)
            else:
                messages.success(
                    request,
                    f"「{record.certification.name}」を登録しました。人事担当が確認すると「確認済」になります。",
                )
                return redirect("learning:my_learning")
    return render(
        request, "learning/my_cert_form.html", {"form": form, "limit_mb": max_bytes() // (1024 * 1024)}
    )


@require_perm("learning.self_service")
def my_subsidy_apply(request):
    staff = staff_of(request)
    if staff is None:
        return _no_record(request)
    org = request.membership.organisation
    form = SubsidyApplyForm(request.POST or None, organisation=org)
    day = today()
    candidates = list(
        form.fields["rule"]
        .queryset.filter(fiscal_year__gte=fiscal_year_of(day) - 1)
        .prefetch_related("talent_types")
    )
    # a rule the person can never get is not offered: it is listed apart with the reason (issue 12 item 10)
    rules, closed = [], []
    for rule in candidates:
        reasons = standing_reasons(rule, staff, today=day)
        if reasons:
            closed.append({"rule": rule, "reasons": reasons})
        else:
            rules.append({"rule": rule, "example": subsidy_amount(rule, 7500)})
    form.fields["rule"].queryset = form.fields["rule"].queryset.filter(pk__in=[r["rule"].pk for r in rules])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            app = subsidy_services.subsidy_apply(
                actor=request.membership,
                rule=data["rule"],
                staff=staff,
                exam_on=data["exam_on"],
                exam_fee=data["exam_fee"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                f"「{app.rule.certification.name}」の受験料補助を申請しました（補助予定額 {app.amount:,}円）。所属長の確認をお待ちください。",
            )
            return redirect("learning:my_learning")
    return render(request, "learning/my_subsidy_form.html", {"form": form, "rules": rules, "closed": closed})


@require_perm("learning.self_service")
@require_POST
def my_subsidy_withdraw(request, pk: int):
    app = selectors.get_my_application(request.membership, pk)
    try:
        subsidy_services.subsidy_withdraw(actor=request.membership, application=app)
        messages.success(request, "申請を取り下げました。")
    except ValidationError as exc:
        report_error(request, exc)
    return redirect("learning:my_learning")


@require_perm("learning.self_service")
def staffcert_proof(request, pk: int):
    """The proof file, only for people who may see that person's proof (others: 404, like a missing record).

    Always a download (never shown inline in the site's origin) and never cached."""
    record = selectors.get_proof_record_for_viewer(request.membership, pk)
    path = proof_path(record.proof_path)
    if path is None:
        raise Http404("no proof")
    audit(request.membership, "staffcert.proof_view", record)
    filename = download_filename(
        request.membership.organisation, record.staff.name, record.certification.name, ext=path.suffix[1:]
    )
    return file_response(
        open(path, "rb"),  # noqa: SIM115 — FileResponse closes it
        filename=filename,
        content_type=record.proof_type or "application/octet-stream",
        inline=False,
    )


@require_perm("learning.self_service")
@require_POST
def session_apply(request, pk: int):
    session = selectors.get_session_for_viewer(request.membership, pk)
    staff = staff_of(request)
    if staff is None:
        return _no_record(request)
    try:
        enrolment = training_services.enrolment_apply(actor=request.membership, session=session, staff=staff)
    except ValidationError as exc:
        report_error(request, exc)
    else:
        if enrolment.status == Enrolment.Status.WAITLISTED:
            messages.info(
                request,
                f"「{session}」は定員に達しているため、キャンセル待ちで受け付けました。空きが出ると自動で申込に繰り上がります。",
            )
        else:
            messages.success(request, f"「{session}」に申し込みました。所属長の承認をお待ちください。")
    return back(request, "learning:session_detail", pk=session.pk)


def _own_or_managed_enrolment(request, pk: int) -> Enrolment:
    return selectors.get_enrolment_for_viewer(request.membership, pk)


@require_perm("learning.self_service")
def enrolment_cancel(request, pk: int):
    """Cancelling asks first: the links and buttons of the lists open this page (GET), which says what
    will happen (a freed seat goes to the first waitlisted person); the button here does it (POST)."""
    enrolment = _own_or_managed_enrolment(request, pk)
    if request.method != "POST":
        nxt = request.GET.get("next", "")
        return render(
            request,
            "learning/enrolment_cancel.html",
            {
                "e": enrolment,
                "own": request.membership.staff_id == enrolment.staff_id,
                "next": nxt if nxt.startswith("/") and not nxt.startswith("//") else "",
                "cancellable": enrolment.status in Enrolment.ACTIVE and not enrolment.result,
            },
        )
    try:
        training_services.enrolment_cancel(actor=request.membership, enrolment=enrolment)
    except ValidationError as exc:
        report_error(request, exc)
    else:
        messages.success(request, f"「{enrolment.session}」の申込を取り消しました。")
    return back(request, "learning:my_learning")


@require_perm("learning.self_service")
def enrolment_feedback(request, pk: int):
    enrolment = selectors.get_my_enrolment(request.membership, pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            training_services.feedback_submit(
                actor=request.membership, enrolment=enrolment, **form.cleaned_data
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "アンケートにご回答いただき、ありがとうございました。")
            return redirect("learning:my_learning")
    return render(
        request,
        "learning/feedback_form.html",
        {
            "form": form,
            "enrolment": enrolment,
            "answered": hasattr(enrolment, "feedback"),
            "format_date": format_date,
        },
    )
