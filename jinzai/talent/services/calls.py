"""Writes of calls for applications (庁内公募・手挙げ): publish, apply, the manager's opinion, selection.

Selecting applicants creates their designations (method 手挙げ, source 庁内公募) in the same transaction: if
one cannot be designated (say, an overlapping designation), nothing is selected and the message names them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit
from jinzai.core.dates import format_date

from ..models import Application, Call, Designation, SubRole, TalentType
from . import _set, designation_create

CALL_FIELDS = (
    "title",
    "talent_type",
    "sub_role",
    "wanted",
    "deadline",
    "text",
    "duties",
    "starts_on",
    "ends_on",
)


def _today() -> date:
    from jinzai.core.services import today

    return today()


def _check_call(organisation, values: dict[str, Any]) -> None:
    errors = []
    talent_type: TalentType | None = values.get("talent_type")
    sub_role: SubRole | None = values.get("sub_role")
    if talent_type is None or talent_type.organisation_id != organisation.pk:
        errors.append("人材像を選んでください。")
    elif not talent_type.is_active:
        errors.append(f"人材像「{talent_type.name}」は使用をやめています。")
    if sub_role is not None and (talent_type is None or sub_role.talent_type_id != talent_type.pk):
        errors.append("区分は、選んだ人材像の区分にしてください。")
    if not (values.get("title") or "").strip():
        errors.append("公募の名称を入力してください。")
    wanted = values.get("wanted")
    if not isinstance(wanted, int) or not 1 <= wanted <= 999:
        errors.append("募集人数は1〜999の整数で入力してください。")
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts is None:
        errors.append("指定の開始日を入力してください。")
    elif ends is not None and ends < starts:
        errors.append("指定の終了日は開始日以後の日付にしてください。")
    if values.get("deadline") is None:
        errors.append("応募の締切日を入力してください。")
    elif starts is not None and values["deadline"] > starts:
        errors.append("応募の締切日は、指定の開始日より前の日付にしてください。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def call_create(*, actor: Any, **values: Any) -> Call:
    ensure_can(actor, "talent.call_manage")
    _check_call(actor.organisation, values)
    call = Call.objects.create(
        organisation=actor.organisation,
        created_by=actor if getattr(actor, "pk", None) else None,
        **{k: values.get(k) for k in CALL_FIELDS if k in values},
    )
    audit(actor, "call.create", call, changed=[k for k in CALL_FIELDS if values.get(k) not in (None, "")])
    return call


@transaction.atomic
def call_update(*, actor: Any, call: Call, **values: Any) -> Call:
    ensure_can(actor, "talent.call_manage", call)
    if call.status not in (Call.Status.DRAFT, Call.Status.OPEN):
        raise ValidationError("選考を始めた公募は変更できません。")
    merged = {k: values.get(k, getattr(call, k)) for k in CALL_FIELDS}
    _check_call(call.organisation, merged)
    changed = _set(call, values, CALL_FIELDS)
    if changed:
        call.save(update_fields=changed)
        audit(actor, "call.update", call, changed=changed)
    return call


@transaction.atomic
def call_publish(*, actor: Any, call: Call) -> Call:
    ensure_can(actor, "talent.call_manage", call)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status != Call.Status.DRAFT:
        raise ValidationError("下書きの公募だけを公開できます。")
    if call.deadline < _today():
        raise ValidationError(
            f"締切日（{format_date(call.deadline)}）が過ぎています。締切日を直してから公開してください。"
        )
    call.status, call.published_on = Call.Status.OPEN, _today()
    call.save(update_fields=["status", "published_on"])
    audit(actor, "call.publish", call, changed=["status", "published_on"])
    return call


@transaction.atomic
def call_close(*, actor: Any, call: Call) -> Call:
    """Stop taking applications (before the deadline, or to start selecting)."""
    ensure_can(actor, "talent.call_manage", call)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status != Call.Status.OPEN:
        raise ValidationError("募集中の公募だけを締め切れます。")
    call.status = Call.Status.CLOSED
    call.save(update_fields=["status"])
    audit(actor, "call.close", call, changed=["status"])
    return call


def is_accepting(call: Call, today: date | None = None) -> bool:
    return call.status == Call.Status.OPEN and call.deadline >= (today or _today())


@transaction.atomic
def application_submit(*, actor: Any, call: Call, statement: str) -> Application:
    """The acting person applies (again, after withdrawing) with a statement."""
    ensure_can(actor, "talent.call_apply", call)
    staff = getattr(actor, "staff", None)
    if staff is None:
        raise ValidationError("ログインIDに職員レコードが結び付いていないため応募できません。")
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not is_accepting(call):
        raise ValidationError("この公募は応募を受け付けていません。")
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError("応募の動機・やりたいことを書いてください。")
    application = Application.objects.filter(call=call, staff=staff).first()
    if application is not None and application.status != Application.Status.WITHDRAWN:
        raise ValidationError("この公募にはすでに応募しています。")
    if application is None:
        application = Application.objects.create(
            organisation=call.organisation, call=call, staff=staff, statement=statement
        )
    else:
        application.statement, application.status = statement, Application.Status.APPLIED
        application.manager_opinion, application.manager_comment = Application.Opinion.NONE, ""
        application.save(update_fields=["statement", "status", "manager_opinion", "manager_comment"])
    audit(actor, "application.submit", application, changed=["statement"])
    return application


@transaction.atomic
def application_withdraw(*, actor: Any, application: Application) -> Application:
    ensure_can(actor, "talent.call_apply", application)
    if getattr(actor, "staff_id", None) != application.staff_id:
        raise ValidationError("本人だけが取り下げられます。")
    if application.status != Application.Status.APPLIED:
        raise ValidationError("選考が終わった応募は取り下げられません。")
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status"])
    audit(actor, "application.withdraw", application, changed=["status"])
    return application


@transaction.atomic
def application_review(
    *, actor: Any, application: Application, opinion: str, comment: str = ""
) -> Application:
    """The manager's consent or concern (the selector has checked the person is in their units)."""
    ensure_can(actor, "talent.application_review", application)
    if opinion not in (Application.Opinion.CONSENT, Application.Opinion.CONCERN):
        raise ValidationError("「同意」か「懸念あり」を選んでください。")
    if application.status != Application.Status.APPLIED:
        raise ValidationError("選考が終わった応募には意見を付けられません。")
    if opinion == Application.Opinion.CONCERN and not (comment or "").strip():
        raise ValidationError("懸念があるときは、その内容をコメントに書いてください。")
    application.manager_opinion, application.manager_comment = opinion, (comment or "").strip()
    application.manager_by, application.manager_at = (
        (actor if getattr(actor, "pk", None) else None),
        timezone.now(),
    )
    application.save(update_fields=["manager_opinion", "manager_comment", "manager_by", "manager_at"])
    audit(actor, "application.review", application, changed=["manager_opinion", "manager_comment"])
    return application


@transaction.atomic
def call_select(*, actor: Any, call: Call, selected_ids: list[int], note: str = "") -> list[Designation]:
    """Decide a call: the chosen applications are selected and designated (手挙げ), the others not.

    Every applicant gets a result they can read on their page (「選考通過」 or 「見送り」 with the note)."""
    ensure_can(actor, "talent.call_manage", call)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status not in (Call.Status.OPEN, Call.Status.CLOSED):
        raise ValidationError("この公募の選考は終わっています。")
    applications = list(
        call.applications.filter(status=Application.Status.APPLIED).select_related("staff").order_by("id")
    )
    chosen = set(selected_ids)
    unknown = chosen - {a.pk for a in applications}
    if unknown:
        raise ValidationError("選んだ応募が見つかりません。画面を読み直してください。")
    if len(chosen) > call.wanted:
        raise ValidationError(f"募集人数（{call.wanted}名）より多く選んでいます。")
    now = timezone.now()
    designations = []
    for application in applications:
        if application.pk in chosen:
            try:
                designation = designation_create(
                    actor=actor,
                    staff=application.staff,
                    talent_type=call.talent_type,
                    sub_role=call.sub_role,
                    method=Designation.Method.VOLUNTEER,
                    duties=call.duties,
                    started_on=call.starts_on,
                    ended_on=call.ends_on,
                    note=f"庁内公募「{call.title}」"[:200],
                    source=Designation.Source.CALL,
                )
            except ValidationError as exc:
                raise ValidationError([f"{application.staff.name}さん: {m}" for m in exc.messages]) from None
            application.status, application.designation = Application.Status.SELECTED, designation
            designations.append(designation)
        else:
            application.status = Application.Status.NOT_SELECTED
        application.decided_at, application.result_note = now, (note or "")[:300]
        application.save(update_fields=["status", "designation", "decided_at", "result_note"])
        audit(
            actor,
            "application.decide",
            application,
            changed=["status"],
            detail={"status": application.status},
        )
    call.status, call.decided_on = Call.Status.DECIDED, _today()
    call.save(update_fields=["status", "decided_on"])
    audit(actor, "call.select", call, changed=["status"], detail={"selected": len(designations)})
    return designations
