"""Writes to plan targets (育成目標・配置目標), validated against the metric registry.

`check_target` is the one validator: the target form, the JSON import and the services use it, so a
rule (say, "a sub-role must belong to the type") is written once. It returns (field, message) pairs;
field names are the form's (label, metric, talent_type, sub_role, unit, unit_kind, per_unit,
business_only, grade_min_rank, grade_max_rank, employment_types, target_value, milestone_<FY>).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from jinzai.core import hooks
from jinzai.core.access import ensure_can
from jinzai.core.audit import audit
from jinzai.core.dates import fiscal_year_label
from jinzai.core.models import Unit
from jinzai.people.models import EmploymentType

from ..metrics import Metric
from ..models import DevelopmentPlan, Target
from .plans import ensure_editable

LABEL_MAX = Target._meta.get_field("label").max_length
PARAM_KEYS = (
    "unit_kind",
    "per_unit",
    "business_only",
    "grade_min_rank",
    "grade_max_rank",
    "employment_types",
)
WHOLE_UNITS = {"名", "所属", "レベル"}
MAX_VALUE = Decimal("99999999")


def metric_fields(metric: Metric) -> set[str]:
    """Form field names a metric uses (required or optional)."""
    names = set()
    for item in (*metric.needs, *metric.accepts):
        names.add(item.removeprefix("params."))
    return names


def _number(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise InvalidOperation
    return Decimal(str(value))


def _check_value(value: Any, metric: Metric, what: str) -> tuple[Decimal | None, str | None]:
    try:
        number = _number(value)
    except (InvalidOperation, ValueError):
        return None, f"{what}は数字で入力してください。"
    if number is None:
        return None, None
    if not number.is_finite() or number < 0:
        return None, f"{what}は0以上の数にしてください。"
    if number > MAX_VALUE:
        return None, f"{what}が大きすぎます。"
    if metric.unit in WHOLE_UNITS and number != number.to_integral_value():
        return None, f"{what}は整数で入力してください（単位: {metric.unit}）。"
    if metric.unit == "%" and number > 100:
        return None, f"{what}は0〜100（%）で入力してください。"
    if metric.unit == "レベル" and not 1 <= number <= 5:
        return None, f"{what}はレベル1〜5で入力してください。"
    if number.as_tuple().exponent < -2:
        return None, f"{what}は小数第2位までで入力してください。"
    return number, None


def _check_choice_params(plan: DevelopmentPlan, metric: Metric, values: dict, params: dict) -> list:
    """Validate the choice parameters a metric declares (see metrics.ParamChoice)."""
    errors = []
    for param in metric.choice_params:
        raw = values.get(param.key)
        raw = "" if raw is None else str(raw)
        allowed = {str(value) for value, _ in param.choices(plan.organisation)}
        if raw and raw in allowed:
            params[param.key] = raw
        elif raw:
            errors.append((param.key, f"「{param.label}」は一覧から選んでください。"))
        elif param.required:
            errors.append((param.key, f"この測り方では「{param.label}」を選んでください。"))
    return errors


def check_target(plan: DevelopmentPlan, values: dict) -> tuple[dict, list[tuple[str, str]]]:
    """Validate and normalise target values; returns (clean values, errors).

    `values`: label, purpose, metric, talent_type, sub_role, unit (objects or None), the PARAM_KEYS,
    target_value and milestones ({"2026": number or "", …}). Fields the metric does not use are dropped.
    """
    errors: list[tuple[str, str]] = []
    org_id = plan.organisation_id
    label = (values.get("label") or "").strip()
    if not label:
        errors.append(
            ("label", "目標の内容（例: 各課に業務担当のDX推進リーダーを1名以上）を入力してください。")
        )
    elif len(label) > LABEL_MAX:
        errors.append(("label", f"目標は{LABEL_MAX}文字以内にしてください。"))
    purpose = values.get("purpose") or ""
    if purpose not in Target.Purpose.values:
        errors.append(("purpose", "種類（育成目標・配置目標）を選んでください。"))
    key = values.get("metric") or ""
    metric = hooks.METRICS.get(key)
    if metric is None:
        errors.append(("metric", f"「{key}」は使えない測り方です。" if key else "測り方を選んでください。"))
        return {}, errors
    fields = metric_fields(metric)
    params: dict[str, Any] = {}
    errors.extend(_check_choice_params(plan, metric, values, params))
    needs = {n.removeprefix("params.") for n in metric.needs}
    talent_type = values.get("talent_type") if "talent_type" in fields else None
    sub_role = values.get("sub_role") if "sub_role" in fields else None
    unit = values.get("unit") if "unit" in fields else None
    if talent_type is not None and talent_type.organisation_id != org_id:
        errors.append(("talent_type", "人材像は同じ団体のものから選んでください。"))
    elif talent_type is None and "talent_type" in needs:
        errors.append(("talent_type", "この測り方では人材像を選んでください。"))
    if sub_role is not None and (talent_type is None or sub_role.talent_type_id != talent_type.pk):
        type_name = talent_type.name if talent_type else "（未選択）"
        errors.append(("sub_role", f"区分「{sub_role.name}」は人材像「{type_name}」のものではありません。"))
    if unit is not None and unit.organisation_id != org_id:
        errors.append(("unit", "所属は同じ団体のものから選んでください。"))
    elif unit is None and "unit" in needs:
        errors.append(("unit", "この測り方では所属（例: 情報政策課）を選んでください。"))

    if "unit_kind" in fields:
        kind = values.get("unit_kind") or ""
        if kind in Unit.Kind.values:
            params["unit_kind"] = kind
        elif kind or "unit_kind" in needs:
            errors.append(("unit_kind", "所属の区分（部局・課・係）を選んでください。"))
    if "per_unit" in fields:
        raw = values.get("per_unit")
        try:
            per_unit = 1 if raw in (None, "") else int(str(raw))
            if not 1 <= per_unit <= 99 or isinstance(raw, bool):
                raise ValueError
            params["per_unit"] = per_unit
        except ValueError:
            errors.append(("per_unit", "各所属に必要な人数は1〜99の整数で入力してください。"))
    if "business_only" in fields:
        raw = values.get("business_only", True)
        if not isinstance(raw, bool):
            errors.append(
                ("business_only", "業務担当部局だけを数えるかどうかは true か false で指定してください。")
            )
        else:
            params["business_only"] = raw
    ranks = {}
    for name in ("grade_min_rank", "grade_max_rank"):
        if name not in fields:
            continue
        raw = values.get(name)
        if raw in (None, ""):
            continue
        try:
            if isinstance(raw, bool):
                raise ValueError
            ranks[name] = params[name] = int(str(raw))
        except ValueError:
            errors.append((name, "職級は職名・職級の一覧から選んでください。"))
    if len(ranks) == 2 and ranks["grade_min_rank"] > ranks["grade_max_rank"]:
        errors.append(("grade_max_rank", "職級の範囲は、下限が上限以下になるように選んでください。"))
    if "employment_types" in fields:
        chosen = values.get("employment_types") or []
        if not isinstance(chosen, list | tuple) or any(c not in EmploymentType.values for c in chosen):
            allowed = "、".join(EmploymentType.values)
            errors.append(("employment_types", f"任用形態は次から選んでください: {allowed}"))
        elif chosen:
            params["employment_types"] = sorted(set(chosen), key=EmploymentType.values.index)

    target_value, message = _check_value(values.get("target_value"), metric, "最終目標値")
    if message:
        errors.append(("target_value", message))
    elif target_value is None:
        errors.append(("target_value", "最終目標値を入力してください。"))
    milestones: dict[str, Any] = {}
    raw_milestones = values.get("milestones") or {}
    years = plan.fiscal_years
    for fy_key, raw in raw_milestones.items():
        field = f"milestone_{fy_key}"
        if not (str(fy_key).isdigit() and int(fy_key) in years):
            errors.append((field, f"{fy_key}年度は計画の期間（{years[0]}〜{years[-1]}年度）の外です。"))
            continue
        number, message = _check_value(raw, metric, f"{fiscal_year_label(int(fy_key))}の目安")
        if message:
            errors.append((field, message))
        elif number is not None:
            if int(fy_key) == years[-1] and target_value is not None and number != target_value:
                errors.append(
                    (
                        field,
                        "最終年度の目安は最終目標値と同じにするか、空欄（最終目標値を使う）にしてください。",
                    )
                )
                continue
            milestones[str(int(fy_key))] = (
                int(number) if number == number.to_integral_value() else float(number)
            )
    clean = {
        "label": label,
        "purpose": purpose,
        "metric": key,
        "talent_type": talent_type,
        "sub_role": sub_role,
        "unit": unit,
        "params": params,
        "target_value": target_value,
        "milestones": dict(sorted(milestones.items())),
    }
    return clean, errors


def _clean_or_raise(plan: DevelopmentPlan, values: dict) -> dict:
    clean, errors = check_target(plan, values)
    if errors:
        raise ValidationError([message for _, message in errors])
    return clean


@transaction.atomic
def target_create(*, actor: Any, plan: DevelopmentPlan, **values: Any) -> Target:
    ensure_can(actor, "planning.plan_edit", plan)
    ensure_editable(plan)
    clean = _clean_or_raise(plan, values)
    last = plan.targets.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0
    target = Target.objects.create(plan=plan, sort_order=last + 10, **clean)
    audit(actor, "target.create", target, changed=list(clean), organisation=plan.organisation)
    return target


@transaction.atomic
def target_update(*, actor: Any, target: Target, **values: Any) -> Target:
    plan = target.plan
    ensure_can(actor, "planning.plan_edit", plan)
    ensure_editable(plan)
    clean = _clean_or_raise(plan, values)
    changed = []
    for k, v in clean.items():
        current = getattr(target, k)
        if k == "target_value":
            current = Decimal(current)
        if current != v:
            setattr(target, k, v)
            changed.append(k)
    if changed:
        target.save()
        audit(actor, "target.update", target, changed=changed, organisation=plan.organisation)
    return target


@transaction.atomic
def target_delete(*, actor: Any, target: Target) -> None:
    plan = target.plan
    ensure_can(actor, "planning.plan_edit", plan)
    ensure_editable(plan)
    audit(
        actor,
        "target.delete",
        target,
        detail={"plan": plan.pk, "label": target.label},
        organisation=plan.organisation,
    )
    target.delete()
