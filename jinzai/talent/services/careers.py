"""Writes of careers: career models and the DX career ladder (defaults for a new organisation), career plans,
the 自己申告 period and declarations, aptitude notes, evaluation imports and the talent settings."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit, audit_many, build_event
from jinzai.core.bulk import insert_and_fetch, update_rows
from jinzai.core.dates import format_date

from ..models import (
    AptitudeNote,
    CareerModel,
    CareerPlan,
    CareerStep,
    DeclarationPeriod,
    Evaluation,
    SelfDeclaration,
    SubRole,
    TalentSettings,
    TalentType,
)
from ..models.options import SCORE_PARTS
from . import _clean_name, _set

# Written in our own words after 中野区's three career models (the guidebook's ⑥ キャリアパス).
DEFAULT_MODELS = (
    (
        CareerModel.Kind.GENERALIST,
        "ゼネラリスト",
        "行政の仕事を幅広く経験します。3〜5年ほどでいろいろな部署を回り、全体を見渡せる力をつけます。",
        "",
    ),
    (
        CareerModel.Kind.EXPERT,
        "エキスパート",
        "福祉・生活支援やまちづくりなど、特定の分野の仕事を深めます。異動はその分野の中で限られた範囲にします。",
        "分野（例: 福祉・生活支援、まちづくり、デジタル）",
    ),
    (
        CareerModel.Kind.DEPARTMENT,
        "特定部門エキスパート",
        "企画・計画、内部管理、窓口・相談、事業執行のいずれかの部門に通じた人になります。"
        "異動は原則としてその部門の中で、3〜5年ほどで別の部や課に移ります。",
        "部門（企画・計画／内部管理／窓口・相談／事業執行）",
    ),
)
LADDER = (
    ("general", None, "一般行政職員", "デジタルの基本を身につけ、新しい仕組みを業務に生かします。"),
    (
        "leader",
        "業務担当",
        "DX推進リーダー（業務担当）",
        "自分の課の業務を見直し、デジタル化を引っぱります。",
    ),
    (
        "leader",
        "DX推進担当",
        "DX推進リーダー（DX推進担当）",
        "全庁の取組を企画・調整し、各課のリーダーを支えます。",
    ),
    ("expert", None, "高度専門人材／CIO補佐官", "専門性を生かして団体のDXを技術の面から導きます。"),
)


@transaction.atomic
def install_career_defaults(organisation) -> None:
    """The three career models and the four-step DX career ladder, unless the organisation has them."""
    if not CareerModel.objects.filter(organisation=organisation).exists():
        CareerModel.objects.bulk_create(
            CareerModel(
                organisation=organisation,
                kind=kind,
                name=name,
                description=text,
                field_label=field_label,
                sort_order=10 * n,
            )
            for n, (kind, name, text, field_label) in enumerate(DEFAULT_MODELS, start=1)
        )
    if not CareerStep.objects.filter(organisation=organisation).exists():
        types = {t.kind: t for t in TalentType.objects.filter(organisation=organisation, parent__isnull=True)}
        steps = []
        for n, (kind, sub_name, name, text) in enumerate(LADDER, start=1):
            talent_type = types.get(kind)
            sub_role = (
                SubRole.objects.filter(talent_type=talent_type, name=sub_name).first()
                if talent_type and sub_name
                else None
            )
            steps.append(
                CareerStep(
                    organisation=organisation,
                    order=n,
                    name=name,
                    description=text,
                    talent_type=talent_type,
                    sub_role=sub_role,
                )
            )
        CareerStep.objects.bulk_create(steps)


# --- career models and ladder -------------------------------------------------------------------


def _check_model_name(organisation, name: str, exclude_pk: int | None = None) -> None:
    qs = CareerModel.objects.filter(organisation=organisation, name=name)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise ValidationError(f"キャリアモデル「{name}」はすでにあります。")


@transaction.atomic
def career_model_create(
    *, actor: Any, name: str, description: str = "", field_label: str = ""
) -> CareerModel:
    ensure_can(actor, "talent.career_manage")
    name = _clean_name(name)
    _check_model_name(actor.organisation, name)
    order = (
        CareerModel.objects.filter(organisation=actor.organisation).aggregate(m=Max("sort_order"))["m"] or 0
    ) + 10
    model = CareerModel.objects.create(
        organisation=actor.organisation,
        name=name,
        description=description,
        field_label=field_label,
        sort_order=order,
    )
    audit(actor, "career_model.create", model, changed=["name", "description", "field_label"])
    return model


@transaction.atomic
def career_model_update(*, actor: Any, career_model: CareerModel, **values: Any) -> CareerModel:
    ensure_can(actor, "talent.career_manage", career_model)
    if "name" in values:
        values["name"] = _clean_name(values["name"])
        _check_model_name(career_model.organisation, values["name"], exclude_pk=career_model.pk)
    changed = _set(career_model, values, ("name", "description", "field_label", "sort_order", "is_active"))
    if changed:
        career_model.save(update_fields=changed)
        audit(actor, "career_model.update", career_model, changed=changed)
    return career_model


@transaction.atomic
def career_step_update(*, actor: Any, step: CareerStep, **values: Any) -> CareerStep:
    ensure_can(actor, "talent.career_manage", step)
    if "name" in values:
        values["name"] = _clean_name(values["name"])
    talent_type, sub_role = values.get("talent_type", step.talent_type), values.get("sub_role", step.sub_role)
    if sub_role is not None and (talent_type is None or sub_role.talent_type_id != talent_type.pk):
        raise ValidationError("区分は、選んだ人材像の区分にしてください。")
    changed = _set(step, values, ("name", "description", "talent_type", "sub_role"))
    if changed:
        step.save(update_fields=changed)
        audit(actor, "career_step.update", step, changed=changed)
    return step


# --- career plans and 自己申告 --------------------------------------------------------------------


def _own_staff(actor: Any):
    staff = getattr(actor, "staff", None)
    if staff is None:
        raise ValidationError(
            "ログインIDに職員レコードが結び付いていません。システム管理者に設定を依頼してください。"
        )
    return staff


@transaction.atomic
def career_plan_save(
    *,
    actor: Any,
    career_model: CareerModel | None,
    field: str = "",
    from_fiscal_year: int | None = None,
    next_role: str = "",
    objective: str = "",
) -> CareerPlan:
    """The acting person's own career plan."""
    ensure_can(actor, "talent.my_career")
    staff = _own_staff(actor)
    if career_model is not None and (
        career_model.organisation_id != staff.organisation_id or not career_model.is_active
    ):
        raise ValidationError("キャリアモデルを一覧から選んでください。")
    if from_fiscal_year is not None and not 1989 <= from_fiscal_year <= 2200:
        raise ValidationError("いつからの年度は、西暦の年（例: 2027）で入力してください。")
    plan, created = CareerPlan.objects.get_or_create(organisation=staff.organisation, staff=staff)
    values = {
        "career_model": career_model,
        "field": (field or "").strip(),
        "from_fiscal_year": from_fiscal_year,
        "next_role": (next_role or "").strip(),
        "objective": (objective or "").strip(),
    }
    changed = _set(plan, values, tuple(values))
    if changed:
        plan.save()
        audit(actor, "career_plan.update", plan, changed=changed)
    return plan


def _check_period(
    organisation, fiscal_year: int | None, opens_on: date | None, closes_on: date | None, exclude=None
):
    errors = []
    if fiscal_year is None or not 1989 <= fiscal_year <= 2200:
        errors.append("年度を西暦の年（例: 2027）で入力してください。")
    if opens_on is None or closes_on is None:
        errors.append("受付の開始日と締切日を入力してください。")
    elif closes_on < opens_on:
        errors.append("締切日は開始日以後の日付にしてください。")
    if not errors:
        clash = DeclarationPeriod.objects.filter(organisation=organisation, fiscal_year=fiscal_year)
        if exclude is not None:
            clash = clash.exclude(pk=exclude.pk)
        if clash.exists():
            errors.append(
                f"{fiscal_year}年度の自己申告の受付はすでにあります。その受付の期間を変えてください。"
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def declaration_period_create(
    *, actor: Any, fiscal_year: int, opens_on: date, closes_on: date, note: str = ""
) -> DeclarationPeriod:
    """hr opens the annual 自己申告 (the fiscal year is the one the wishes are for)."""
    ensure_can(actor, "talent.declaration_manage")
    _check_period(actor.organisation, fiscal_year, opens_on, closes_on)
    period = DeclarationPeriod.objects.create(
        organisation=actor.organisation,
        fiscal_year=fiscal_year,
        opens_on=opens_on,
        closes_on=closes_on,
        note=note,
    )
    audit(actor, "declaration_period.create", period, changed=["fiscal_year", "opens_on", "closes_on"])
    return period


@transaction.atomic
def declaration_period_update(*, actor: Any, period: DeclarationPeriod, **values: Any) -> DeclarationPeriod:
    ensure_can(actor, "talent.declaration_manage", period)
    merged = {k: values.get(k, getattr(period, k)) for k in ("fiscal_year", "opens_on", "closes_on")}
    _check_period(
        period.organisation, merged["fiscal_year"], merged["opens_on"], merged["closes_on"], exclude=period
    )
    changed = _set(period, values, ("opens_on", "closes_on", "note"))
    if changed:
        period.save(update_fields=changed)
        audit(actor, "declaration_period.update", period, changed=changed)
    return period


@transaction.atomic
def declaration_submit(
    *,
    actor: Any,
    period: DeclarationPeriod,
    wish: str,
    dx_interest: str,
    motivation: int,
    wish_unit=None,
    wish_text: str = "",
    comment: str = "",
    today: date | None = None,
) -> SelfDeclaration:
    """The acting person's 自己申告 for the period (once; changes are allowed while it is open)."""
    from jinzai.core.services import today as get_today

    ensure_can(actor, "talent.my_career", period)
    staff = _own_staff(actor)
    today = today or get_today()
    if not period.is_open_on(today):
        raise ValidationError(
            f"自己申告の受付期間（{format_date(period.opens_on)}〜{format_date(period.closes_on)}）ではありません。"
        )
    errors = []
    if wish not in SelfDeclaration.Wish.values:
        errors.append("異動の希望を選んでください。")
    if dx_interest not in SelfDeclaration.Interest.values:
        errors.append("DXの仕事への関心を選んでください。")
    if not isinstance(motivation, int) or not 1 <= motivation <= 5:
        errors.append("今の仕事への意欲を1〜5で選んでください。")
    if wish_unit is not None and wish_unit.organisation_id != staff.organisation_id:
        errors.append("希望する所属は一覧から選んでください。")
    if errors:
        raise ValidationError(errors)
    values = {
        "wish": wish,
        "wish_unit": wish_unit if wish != SelfDeclaration.Wish.STAY else None,
        "wish_text": (wish_text or "").strip()[:200],
        "dx_interest": dx_interest,
        "motivation": motivation,
        "comment": (comment or "").strip(),
    }
    declaration = SelfDeclaration.objects.filter(period=period, staff=staff).first()
    if declaration is None:
        declaration = SelfDeclaration.objects.create(
            organisation=staff.organisation, period=period, staff=staff, **values
        )
        audit(actor, "declaration.submit", declaration, changed=list(values))
        return declaration
    changed = _set(declaration, values, tuple(values))
    if changed:
        declaration.save()
        audit(actor, "declaration.update", declaration, changed=changed)
    return declaration


@transaction.atomic
def aptitude_note_add(*, actor: Any, staff, text: str) -> AptitudeNote:
    ensure_can(actor, "talent.aptitude_write", staff)
    text = (text or "").strip()
    if not text:
        raise ValidationError("適性のメモを書いてください。")
    if len(text) > 2000:
        raise ValidationError("適性のメモは2,000文字までにしてください。")
    person = getattr(actor, "staff", None)
    note = AptitudeNote.objects.create(
        organisation=staff.organisation,
        staff=staff,
        text=text,
        written_by=actor if getattr(actor, "pk", None) else None,
        written_by_name=(person.name if person else getattr(actor, "label", ""))[:120],
    )
    audit(actor, "aptitude_note.create", note, changed=["text"])
    return note


# --- evaluations: the write step of talent.importing.evaluations.EvaluationImporter ---------------


def evaluation_import_apply(*, actor: Any, plan: Any) -> dict:
    """Record the new evaluation results and change the changed ones, on the write path of every import
    (core.bulk): one INSERT and one UPDATE per batch, the audit rows in one."""
    organisation = plan.organisation
    rows = [
        {
            "organisation_id": organisation.pk,
            "staff_id": d.staff_id,
            "fiscal_year": d.fiscal_year,
            "item": d.item,
            "grade": d.grade,
            "source": Evaluation.Source.IMPORT,
        }
        for d in (row.data for row in plan.rows_of("add"))
    ]
    created = insert_and_fetch(
        Evaluation, rows, key=("staff_id", "fiscal_year", "item"), scope={"organisation_id": organisation.pk}
    )
    events = [build_event(actor, "evaluation.create", e, changed=["import"]) for e in created]
    updates = {row.data.existing_id: row.data for row in plan.rows_of("update")}
    changed = []
    for evaluation in Evaluation.objects.select_for_update().filter(pk__in=list(updates)):
        evaluation.grade = updates[evaluation.pk].grade
        changed.append(evaluation)
        events.append(build_event(actor, "evaluation.update", evaluation, changed=["import", "grade"]))
    update_rows(Evaluation, changed, ["grade"])
    audit_many(events)
    return {}


# --- settings -------------------------------------------------------------------------------------


@transaction.atomic
def talent_settings_update(*, actor: Any, **values: Any) -> TalentSettings:
    """Weights of the candidate score, the recommended grade band, the usual term of a designation and the
    thresholds of the risk report."""
    ensure_can(actor, "talent.settings_manage")
    settings, _ = TalentSettings.objects.get_or_create(organisation=actor.organisation)
    errors = []
    weights = values.pop("weights", None)
    if weights is not None:
        keys = {k for k, _, _ in SCORE_PARTS}
        if set(weights) - keys or any(not isinstance(v, int) or not 0 <= v <= 10 for v in weights.values()):
            errors.append("重みは0〜10の整数で入力してください。")
        elif not any(weights.values()):
            errors.append("重みのうち少なくとも1つは1以上にしてください。")
        else:
            values["weights"] = {k: weights[k] for k in sorted(weights)}
    low, high = values.get("band_min", settings.band_min), values.get("band_max", settings.band_max)
    for grade in (low, high):
        if grade is not None and grade.organisation_id != actor.organisation.pk:
            errors.append("職級は一覧から選んでください。")
    if low is not None and high is not None and low.rank > high.rank:
        errors.append("推薦する職級は、下限が上限以下になるように選んでください。")
    term = values.get("term_years", settings.term_years)
    if term is not None and not 1 <= term <= 10:
        errors.append("任期は1〜10年度で入力してください（任期を決めないときは空欄）。")
    if not 1 <= values.get("max_duties", settings.max_duties) <= 50:
        errors.append("1人が担う業務の上限は1〜50件にしてください。")
    if not 1 <= values.get("max_weight_share", settings.max_weight_share) <= 100:
        errors.append("1人が担う重みの上限は1〜100%にしてください。")
    if errors:
        raise ValidationError(errors)
    changed = _set(
        settings, values, ("weights", "band_min", "band_max", "term_years", "max_duties", "max_weight_share")
    )
    if changed:
        settings.save()
        audit(actor, "talent_settings.update", settings, changed=changed)
    return settings
