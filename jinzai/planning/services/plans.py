"""Writes to development plans (育成計画): create, edit, approve, revise; roadmap tasks; starter actions.

An approved plan is read-only: every write below refuses it with a Japanese message. A revision is a
new draft copied from the approved version (based_on, version + 1); approving it supersedes the old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit
from jinzai.core.dates import fiscal_year_label
from jinzai.core.models import Unit
from jinzai.talent.models import TalentType

from ..models import DevelopmentPlan, PlanLevel, RoadmapTask, StarterAction, Status, Target
from ..selectors.plans import latest_assessed_levels, talent_types_of

YEARS = (3, 4, 5)
EARLIEST_FY = 2000
LATEST_FY = 2100
READ_ONLY = (
    "承認済みの計画は変更できません。変えるときは「この版をもとに改定する」で新しい版を作ってください。"
)
TITLE_MAX = DevelopmentPlan._meta.get_field("title").max_length


def clear_warnings(plan: DevelopmentPlan, kind: str, pk: int | None = None) -> None:
    """Drop the import warnings about one target/task (or, for kind "level", the plan's levels): the user
    has saved it again, which is how a warning is fixed. Called inside the caller's transaction."""
    warnings = plan.import_warnings or []
    kept = [w for w in warnings if not (w.get("kind") == kind and (pk is None or w.get("id") == pk))]
    if len(kept) != len(warnings):
        plan.import_warnings = kept
        DevelopmentPlan.objects.filter(pk=plan.pk).update(import_warnings=kept)


def _clear_skipped(plan: DevelopmentPlan, title: str) -> None:
    """A task an import could not take is fixed when a task of the same title is added."""
    warnings = plan.import_warnings or []
    kept = [w for w in warnings if not (w.get("kind") == "task_skipped" and w.get("field") == title)]
    if len(kept) != len(warnings):
        plan.import_warnings = kept
        DevelopmentPlan.objects.filter(pk=plan.pk).update(import_warnings=kept)


def ensure_editable(plan: DevelopmentPlan) -> None:
    if plan.status != Status.DRAFT:
        raise ValidationError(
            READ_ONLY if plan.status == Status.APPROVED else "改定済みの旧版は変更できません。"
        )


def _clean_period(start_fy: int, years: int) -> tuple[int, int]:
    errors = []
    if not isinstance(start_fy, int) or not EARLIEST_FY <= start_fy <= LATEST_FY:
        errors.append(f"開始年度は{EARLIEST_FY}〜{LATEST_FY}年度の西暦で入力してください。")
    if years not in YEARS:
        errors.append("計画の年数は3〜5年から選んでください。")
    if errors:
        raise ValidationError(errors)
    return start_fy, start_fy + years - 1


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError("計画の名称を入力してください。")
    if len(title) > TITLE_MAX:
        raise ValidationError(f"計画の名称は{TITLE_MAX}文字以内にしてください。")
    return title


def default_levels(organisation) -> dict[int, tuple[int, int]]:
    """talent type id → (current, target): current from the latest assessment else 1, target one above."""
    latest = latest_assessed_levels(organisation)
    result = {}
    for talent_type in talent_types_of(organisation):
        current = latest.get(talent_type.pk, 1)
        result[talent_type.pk] = (current, min(current + 1, 5))
    return result


@dataclass(frozen=True)
class LevelChoice:
    talent_type: TalentType
    current_level: int
    target_level: int
    note: str = ""


def _check_levels(organisation, levels: list[LevelChoice]) -> None:
    errors = []
    for lv in levels:
        if lv.talent_type.organisation_id != organisation.pk:
            errors.append("人材像は同じ団体のものから選んでください。")
        elif not (1 <= lv.current_level <= 5 and 1 <= lv.target_level <= 5):
            errors.append(f"{lv.talent_type.name}: レベルは1〜5で選んでください。")
        elif lv.target_level < lv.current_level:
            errors.append(
                f"{lv.talent_type.name}: 目標レベル（レベル{lv.target_level}）が現状レベル"
                f"（レベル{lv.current_level}）より低くなっています。現状以上のレベルを選んでください。"
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_create(
    *,
    actor: Any,
    start_fy: int,
    years: int,
    title: str = "デジタル人材育成計画",
    summary: str = "",
    levels: list[LevelChoice] | None = None,
) -> DevelopmentPlan:
    """A new draft (version 1). 「白紙から作る」 starts blank: no levels unless `levels` are given."""
    organisation = actor.organisation
    ensure_can(actor, "planning.plan_edit")
    start_fy, end_fy = _clean_period(start_fy, years)
    plan = DevelopmentPlan.objects.create(
        organisation=organisation,
        title=_clean_title(title),
        start_fy=start_fy,
        end_fy=end_fy,
        summary=(summary or "").strip(),
        version=1,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    levels = levels or []
    _check_levels(organisation, levels)
    PlanLevel.objects.bulk_create(
        PlanLevel(
            plan=plan,
            organisation=organisation,
            talent_type=lv.talent_type,
            current_level=lv.current_level,
            target_level=lv.target_level,
            note=lv.note,
        )
        for lv in levels
    )
    audit(actor, "plan.create", plan, changed=["title", "start_fy", "end_fy", "summary", "levels"])
    return plan


@transaction.atomic
def plan_update(
    *,
    actor: Any,
    plan: DevelopmentPlan,
    title: str,
    start_fy: int,
    years: int,
    summary: str,
    levels: list[LevelChoice],
) -> DevelopmentPlan:
    """Edit a draft: title, period, summary and the per-type levels (types left out are removed)."""
    ensure_can(actor, "planning.plan_edit", plan)
    plan = DevelopmentPlan.objects.select_for_update().get(pk=plan.pk)
    ensure_editable(plan)
    start_fy, end_fy = _clean_period(start_fy, years)
    outside = plan.tasks.filter(fiscal_year__isnull=False).exclude(
        fiscal_year__gte=start_fy, fiscal_year__lte=end_fy
    )
    if outside.exists():
        raise ValidationError(
            f"新しい期間（{fiscal_year_label(start_fy)}〜{fiscal_year_label(end_fy)}）の外になる工程が"
            f"{outside.count()}件あります。先に工程の年度を変えるか、削除してください。"
        )
    _check_levels(plan.organisation, levels)
    changed = []
    for name, value in (
        ("title", _clean_title(title)),
        ("start_fy", start_fy),
        ("end_fy", end_fy),
        ("summary", (summary or "").strip()),
    ):
        if getattr(plan, name) != value:
            setattr(plan, name, value)
            changed.append(name)
    if changed:
        plan.save()
    existing = {lv.talent_type_id: lv for lv in plan.levels.all()}
    wanted = {lv.talent_type.pk: lv for lv in levels}
    removed = [pk for pk in existing if pk not in wanted]
    if removed:
        plan.levels.filter(talent_type_id__in=removed).delete()
        changed.append("levels")
    for pk, lv in wanted.items():
        row = existing.get(pk)
        if row is None:
            PlanLevel.objects.create(
                plan=plan,
                organisation=plan.organisation,
                talent_type=lv.talent_type,
                current_level=lv.current_level,
                target_level=lv.target_level,
                note=lv.note,
            )
            changed.append("levels")
        elif (row.current_level, row.target_level, row.note) != (lv.current_level, lv.target_level, lv.note):
            row.current_level, row.target_level, row.note = lv.current_level, lv.target_level, lv.note
            row.save(update_fields=["current_level", "target_level", "note"])
            changed.append("levels")
    if {"start_fy", "end_fy"} & set(changed):
        _rebuild_labels(plan)
    if changed:
        audit(actor, "plan.update", plan, changed=sorted(set(changed)))
    clear_warnings(plan, "level")
    return plan


def _rebuild_labels(plan: DevelopmentPlan) -> None:
    """Labels with numbers in them (「年4名が目安」) follow a change of the plan's period."""
    from .targets import render_label

    for target in plan.targets.exclude(label_template="").select_related("talent_type"):
        label = render_label(
            target.label_template, plan=plan, value=target.target_value, talent_type=target.talent_type
        )
        if label != target.label:
            target.label = label
            target.save(update_fields=["label"])


@transaction.atomic
def plan_level_sync(*, actor: Any, plan: DevelopmentPlan, talent_type: TalentType) -> PlanLevel:
    """Make the plan's 現状レベル of a type the latest assessment (the user chose it over the plan's)."""
    ensure_can(actor, "planning.plan_edit", plan)
    ensure_editable(plan)
    row = plan.levels.filter(talent_type=talent_type).first()
    latest = latest_assessed_levels(plan.organisation).get(talent_type.pk)
    if row is None or latest is None:
        raise ValidationError(f"「{talent_type.name}」の現状レベルか、その評価がありません。")
    if row.current_level != latest:
        row.current_level = latest
        row.target_level = max(row.target_level, latest)
        row.save(update_fields=["current_level", "target_level"])
        audit(
            actor,
            "plan.update",
            plan,
            changed=["levels"],
            detail={"talent_type": talent_type.name, "current_level": latest},
        )
    return row


@transaction.atomic
def plan_approve(
    *, actor: Any, plan: DevelopmentPlan, approver_name: str, approved_on: date
) -> DevelopmentPlan:
    """Approve a draft; the version it revises (if approved) becomes 改定済（旧版）."""
    ensure_can(actor, "planning.plan_approve", plan)
    plan = DevelopmentPlan.objects.select_for_update().get(pk=plan.pk)
    ensure_editable(plan)
    errors = []
    approver_name = (approver_name or "").strip()
    if not approver_name:
        errors.append("承認者（決裁した人の職・氏名）を入力してください。")
    if approved_on is None:
        errors.append("承認日を入力してください。")
    elif approved_on > timezone.localdate():
        errors.append("承認日に未来の日付は入れられません。")
    if errors:
        raise ValidationError(errors)
    plan.status = Status.APPROVED
    plan.approver_name = approver_name[:100]
    plan.approved_on = approved_on
    plan.approved_by = actor if getattr(actor, "pk", None) else None
    plan.save(update_fields=["status", "approver_name", "approved_on", "approved_by", "updated_at"])
    audit(actor, "plan.approve", plan, changed=["status", "approver_name", "approved_on"])
    previous = plan.based_on
    if previous is not None and previous.status == Status.APPROVED:
        previous.status = Status.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
        audit(actor, "plan.supersede", previous, changed=["status"], detail={"by": plan.pk})
    return plan


@transaction.atomic
def plan_revise(*, actor: Any, plan: DevelopmentPlan) -> DevelopmentPlan:
    """A new draft copied from an approved plan (levels, targets, tasks), version + 1."""
    ensure_can(actor, "planning.plan_edit", plan)
    plan = DevelopmentPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Status.APPROVED:
        raise ValidationError("改定できるのは承認済みの計画だけです。下書きはそのまま編集できます。")
    pending = DevelopmentPlan.objects.filter(based_on=plan, status=Status.DRAFT).first()
    if pending is not None:
        raise ValidationError(f"この版をもとにした改定案（第{pending.version}版・下書き）がすでにあります。")
    draft = DevelopmentPlan.objects.create(
        organisation=plan.organisation,
        title=plan.title,
        start_fy=plan.start_fy,
        end_fy=plan.end_fy,
        summary=plan.summary,
        version=plan.version + 1,
        based_on=plan,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    PlanLevel.objects.bulk_create(
        PlanLevel(
            plan=draft,
            organisation_id=draft.organisation_id,
            talent_type_id=lv.talent_type_id,
            current_level=lv.current_level,
            target_level=lv.target_level,
            note=lv.note,
        )
        for lv in plan.levels.all()
    )
    Target.objects.bulk_create(
        Target(
            plan=draft,
            organisation_id=draft.organisation_id,
            label=t.label,
            label_template=t.label_template,
            purpose=t.purpose,
            metric=t.metric,
            talent_type_id=t.talent_type_id,
            sub_role_id=t.sub_role_id,
            unit_id=t.unit_id,
            params=t.params,
            target_value=t.target_value,
            milestones=t.milestones,
            sort_order=t.sort_order,
        )
        for t in plan.targets.all()
    )
    RoadmapTask.objects.bulk_create(
        RoadmapTask(
            plan=draft,
            organisation_id=draft.organisation_id,
            fiscal_year=t.fiscal_year,
            talent_type_id=t.talent_type_id,
            kind=t.kind,
            title=t.title,
            owner_unit_id=t.owner_unit_id,
            status=t.status,
            notes=t.notes,
            sort_order=t.sort_order,
        )
        for t in plan.tasks.all()
    )
    audit(actor, "plan.revise", draft, changed=["based_on", "version"], detail={"based_on": plan.pk})
    return draft


# --- roadmap (工程) ---------------------------------------------------------------------------------


TASK_TITLE_MAX = RoadmapTask._meta.get_field("title").max_length


def _clean_task(plan: DevelopmentPlan, values: dict) -> dict:
    errors = []
    fy = values.get("fiscal_year")
    if fy is not None and fy not in plan.fiscal_years:
        errors.append("年度は計画の期間内か「長期的（定着化）」を選んでください。")
    talent_type = values.get("talent_type")
    if talent_type is None or talent_type.organisation_id != plan.organisation_id:
        errors.append("人材像を選んでください。")
    if values.get("kind") not in RoadmapTask.Kind.values:
        errors.append("区分（育成・配置・確保・体制）を選んでください。")
    title = (values.get("title") or "").strip()
    if not title:
        errors.append("取組の内容を入力してください。")
    elif len(title) > TASK_TITLE_MAX:
        errors.append(f"取組は{TASK_TITLE_MAX}文字以内にしてください。")
    unit: Unit | None = values.get("owner_unit")
    if unit is not None and unit.organisation_id != plan.organisation_id:
        errors.append("担当所属は同じ団体の所属から選んでください。")
    status = values.get("status") or RoadmapTask.TaskStatus.PLANNED
    if status not in RoadmapTask.TaskStatus.values:
        errors.append("状況を選んでください。")
    if errors:
        raise ValidationError(errors)
    return {
        "fiscal_year": fy,
        "talent_type": talent_type,
        "kind": values["kind"],
        "title": title,
        "owner_unit": unit,
        "status": status,
        "notes": (values.get("notes") or "").strip(),
    }


@transaction.atomic
def task_create(*, actor: Any, plan: DevelopmentPlan, **values: Any) -> RoadmapTask:
    ensure_can(actor, "planning.plan_edit", plan)
    ensure_editable(plan)
    clean = _clean_task(plan, values)
    last = plan.tasks.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0
    task = RoadmapTask.objects.create(
        plan=plan, organisation_id=plan.organisation_id, sort_order=last + 10, **clean
    )
    _clear_skipped(plan, clean["title"])
    audit(actor, "task.create", task, changed=list(clean), organisation=plan.organisation)
    return task


@transaction.atomic
def task_update(*, actor: Any, task: RoadmapTask, **values: Any) -> RoadmapTask:
    plan = task.plan
    ensure_can(actor, "planning.plan_edit", task)
    ensure_editable(plan)
    clean = _clean_task(plan, values)
    changed = [k for k, v in clean.items() if getattr(task, k) != v]
    if changed:
        for k in changed:
            setattr(task, k, clean[k])
        task.save()
        audit(actor, "task.update", task, changed=changed, organisation=plan.organisation)
    clear_warnings(plan, "task", task.pk)
    return task


@transaction.atomic
def task_delete(*, actor: Any, task: RoadmapTask) -> None:
    plan = task.plan
    ensure_can(actor, "planning.plan_edit", task)
    ensure_editable(plan)
    audit(
        actor,
        "task.delete",
        task,
        detail={"plan": plan.pk, "title": task.title},
        organisation=plan.organisation,
    )
    pk = task.pk
    task.delete()
    clear_warnings(plan, "task", pk)


# --- 「はじめの一歩」 --------------------------------------------------------------------------------


@transaction.atomic
def starter_update(
    *,
    actor: Any,
    action: StarterAction,
    status: str,
    started_on: date | None = None,
    done_on: date | None = None,
    notes: str = "",
) -> StarterAction:
    """Record the state of a starter action. Dates default to today when the status first needs them."""
    ensure_can(actor, "planning.plan_edit", action)
    today = timezone.localdate()
    errors = []
    if status not in StarterAction.ActionStatus.values:
        errors.append("状況を「未着手」「取組中」「実施済」から選んでください。")
    if status in (StarterAction.ActionStatus.IN_PROGRESS, StarterAction.ActionStatus.DONE) and not started_on:
        started_on = done_on or today
    if status == StarterAction.ActionStatus.DONE and not done_on:
        done_on = today
    if status == StarterAction.ActionStatus.NOT_STARTED:
        done_on = None
    if started_on and done_on and done_on < started_on:
        errors.append("実施日は開始日以後の日付にしてください。")
    if (started_on and started_on > today) or (done_on and done_on > today):
        errors.append("開始日・実施日に未来の日付は入れられません。")
    notes = (notes or "").strip()
    if len(notes) > 200:
        errors.append("メモは200文字以内にしてください。")
    if errors:
        raise ValidationError(errors)
    values = {"status": status, "started_on": started_on, "done_on": done_on, "notes": notes}
    changed = [k for k, v in values.items() if getattr(action, k) != v]
    if changed:
        for k in changed:
            setattr(action, k, values[k])
        action.save(update_fields=changed)
        audit(actor, "starter.update", action, changed=changed)
    return action
