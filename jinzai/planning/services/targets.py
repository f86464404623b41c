"""Writes to plan targets (育成目標・配置目標), validated against the metric registry.

`check_target` is the one validator: the target form, the JSON import and the services use it, so a
rule (say, "a sub-role must belong to the type") is written once. It returns (field, message) pairs;
field names are the form's (label, metric, talent_type, also_types, sub_role, unit, unit_kind, per_unit,
business_only, grade_min_rank, grade_max_rank, employment_types, sector, age_min, age_max, comparison,
target_value, milestone_<FY>).

Impossible targets are refused with the reason: coverage of more units than the organisation has, a share
above 100 %, a level above 5. A label built from a template (the wizard's 「年4名が目安」) is rebuilt
whenever the number in it changes.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from jinzai.core import hooks
from jinzai.core.access import ensure_can
from jinzai.core.audit import audit
from jinzai.core.dates import fiscal_year_label
from jinzai.core.models import Sector, Unit
from jinzai.core.params import parse_int
from jinzai.people.models import EmploymentType
from jinzai.talent.models import TalentType

from ..metrics import Metric
from ..models import DevelopmentPlan, Target
from ..selectors.plans import level_names, units_of_kind_count
from ..selectors.progress import AT_LEAST, COMPARISONS
from .plans import clear_warnings, ensure_editable

LABEL_MAX = Target._meta.get_field("label").max_length
PARAM_KEYS = (
    "also_types",
    "unit_kind",
    "per_unit",
    "business_only",
    "grade_min_rank",
    "grade_max_rank",
    "employment_types",
    "sector",
    "age_min",
    "age_max",
    "comparison",
)
POPULATION_FIELDS = ("sector", "age_min", "age_max")  # every share (%) of a population understands them
WHOLE_UNITS = {"名", "所属", "レベル"}
MAX_VALUE = Decimal("99999999")
AGE_MIN, AGE_MAX = 15, 80


def metric_fields(metric: Metric) -> set[str]:
    """Form field names a metric uses (required or optional)."""
    names = {"comparison"}
    for item in (*metric.needs, *metric.accepts):
        names.add(item.removeprefix("params."))
    if metric.unit == "%":
        names.update(POPULATION_FIELDS)
    names.update(param.key for param in metric.choice_params)
    return names


# --- labels with numbers in them ---------------------------------------------------------------------


def render_label(template: str, *, plan: DevelopmentPlan, value: Any, talent_type: TalentType | None) -> str:
    """Fill {value}, {per_year} and {level_name} of a label template (plain replacement, no format())."""
    number = Decimal(str(value)) if value not in (None, "") else Decimal(0)
    whole = int(number) if number == number.to_integral_value() else number
    years = len(plan.fiscal_years)
    text = template.replace("{value}", f"{whole:,}" if isinstance(whole, int) else str(whole))
    text = text.replace("{per_year}", f"{math.ceil(number / years) if years else 0:,}")
    if "{level_name}" in text:
        name = ""
        if talent_type is not None and isinstance(whole, int):
            name = level_names(plan.organisation).get((talent_type.pk, whole), "")
        text = text.replace("（{level_name}）", f"（{name}）" if name else "").replace("{level_name}", name)
    return text[:LABEL_MAX]


# --- checks --------------------------------------------------------------------------------------------


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
        return None, f"{what}は0〜100（%）で入力してください。割合は100%を超えられません。"
    if metric.unit == "レベル" and not 1 <= number <= 5:
        return None, f"{what}はレベル1〜5で入力してください。"
    if number.as_tuple().exponent < -2:
        return None, f"{what}は小数第2位までで入力してください。"
    return number, None


def _check_choice_params(
    plan: DevelopmentPlan, metric: Metric, values: dict, params: dict, allow_empty: set[str]
) -> list:
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
        elif param.required and param.key not in allow_empty:
            errors.append((param.key, f"この測り方では「{param.label}」を選んでください。"))
    return errors


def _whole(raw: Any, low: int, high: int) -> int | None:
    return parse_int(raw, minimum=low, maximum=high)


def _check_types(plan, fields: set[str], values: dict, params: dict, errors: list) -> TalentType | None:
    org_id = plan.organisation_id
    talent_type = values.get("talent_type") if "talent_type" in fields else None
    if talent_type is not None and talent_type.organisation_id != org_id:
        errors.append(("talent_type", "人材像は同じ団体のものから選んでください。"))
        return None
    if "also_types" not in fields:
        return talent_type
    also = values.get("also_types") or []
    if not isinstance(also, list | tuple):
        errors.append(("also_types", "あわせて数える人材像は一覧から選んでください。"))
        return talent_type
    chosen = []
    for item in also:
        pk = item.pk if isinstance(item, TalentType) else parse_int(item, minimum=1)
        if pk is None:
            errors.append(("also_types", "あわせて数える人材像は一覧から選んでください。"))
            return talent_type
        if talent_type is not None and pk == talent_type.pk:
            continue
        if pk not in chosen:
            chosen.append(pk)
    if chosen:
        known = set(
            TalentType.objects.filter(organisation_id=org_id, pk__in=chosen).values_list("pk", flat=True)
        )
        if set(chosen) - known:
            errors.append(("also_types", "あわせて数える人材像は同じ団体のものから選んでください。"))
        elif talent_type is None:
            errors.append(("talent_type", "あわせて数える人材像を選ぶときは、先に人材像を選んでください。"))
        else:
            params["also_types"] = chosen
    return talent_type


def check_target(
    plan: DevelopmentPlan,
    values: dict,
    *,
    allow_empty: set[str] | frozenset[str] = frozenset(),
    warnings: list[tuple[str, str]] | None = None,
) -> tuple[dict, list[tuple[str, str]]]:
    """Validate and normalise target values; returns (clean values, errors).

    `values`: label (or label_template), purpose, metric, talent_type, sub_role, unit (objects or None),
    the PARAM_KEYS, target_value and milestones ({"2026": number or "", …}). Fields the metric does not
    use are dropped. `allow_empty` names required fields that may stay empty (an import that could not
    resolve them in this organisation lists them as warnings on the plan instead). With `warnings`, a
    value beyond what this organisation can reach (more 課 than it has) is noted there, not refused: a
    plan from a larger organisation still imports, and the draft says what to change.
    """
    errors: list[tuple[str, str]] = []
    org_id = plan.organisation_id
    template = (values.get("label_template") or "").strip()
    label = (values.get("label") or "").strip()
    if not template:
        _check_label(label, errors)
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
    errors.extend(_check_choice_params(plan, metric, values, params, set(allow_empty)))
    needs = {n.removeprefix("params.") for n in metric.needs}
    talent_type = _check_types(plan, fields, values, params, errors)
    sub_role = values.get("sub_role") if "sub_role" in fields else None
    unit = values.get("unit") if "unit" in fields else None
    type_missing = talent_type is None and "talent_type" in needs and "talent_type" not in allow_empty
    if type_missing and not any(field == "talent_type" for field, _ in errors):
        errors.append(("talent_type", "この測り方では人材像を選んでください。"))
    if sub_role is not None and (talent_type is None or sub_role.talent_type_id != talent_type.pk):
        type_name = talent_type.name if talent_type else "（未選択）"
        errors.append(("sub_role", f"区分「{sub_role.name}」は人材像「{type_name}」のものではありません。"))
    elif sub_role is not None and params.get("also_types"):
        errors.append(
            (
                "sub_role",
                "区分で絞るときは、あわせて数える人材像は選べません（区分は1つの人材像のものです）。",
            )
        )
    if unit is not None and unit.organisation_id != org_id:
        errors.append(("unit", "所属は同じ団体のものから選んでください。"))
    elif unit is None and "unit" in needs and "unit" not in allow_empty:
        errors.append(("unit", "この測り方では所属（例: 情報政策課）を選んでください。"))

    if "unit_kind" in fields:
        kind = values.get("unit_kind") or ""
        if kind in Unit.Kind.values:
            params["unit_kind"] = kind
        elif kind or "unit_kind" in needs:
            errors.append(("unit_kind", "所属の区分（部局・課・係）を選んでください。"))
    if "per_unit" in fields:
        raw = values.get("per_unit")
        per_unit = 1 if raw in (None, "") else _whole(raw, 1, 99)
        if per_unit is None or isinstance(raw, bool):
            errors.append(("per_unit", "各所属に必要な人数は1〜99の整数で入力してください。"))
        else:
            params["per_unit"] = per_unit
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
        rank = None if isinstance(raw, bool) else _whole(raw, 0, 10_000)
        if rank is None:
            errors.append((name, "職級は職名・職級の一覧から選んでください。"))
        else:
            ranks[name] = params[name] = rank
    if len(ranks) == 2 and ranks["grade_min_rank"] > ranks["grade_max_rank"]:
        errors.append(("grade_max_rank", "職級の範囲は、下限が上限以下になるように選んでください。"))
    if "employment_types" in fields:
        chosen = values.get("employment_types") or []
        if not isinstance(chosen, list | tuple) or any(c not in EmploymentType.values for c in chosen):
            allowed = "、".join(EmploymentType.values)
            errors.append(("employment_types", f"任用形態は次から選んでください: {allowed}"))
        elif chosen:
            params["employment_types"] = sorted(set(chosen), key=EmploymentType.values.index)
    if "sector" in fields:
        sector = values.get("sector") or ""
        if sector in Sector.values:
            params["sector"] = sector
        elif sector:
            errors.append(("sector", "部門は一覧から選んでください。"))
    ages = {}
    for name in ("age_min", "age_max"):
        if name not in fields or values.get(name) in (None, ""):
            continue
        age = None if isinstance(values[name], bool) else _whole(values[name], AGE_MIN, AGE_MAX)
        if age is None:
            errors.append((name, f"年齢は{AGE_MIN}〜{AGE_MAX}歳の整数で入力してください。"))
        else:
            ages[name] = params[name] = age
    if len(ages) == 2 and ages["age_min"] > ages["age_max"]:
        errors.append(("age_max", "年齢の範囲は、下限が上限以下になるようにしてください。"))
    comparison = values.get("comparison") or AT_LEAST
    if comparison not in dict(COMPARISONS):
        errors.append(("comparison", "達成の判定（以上・上回る）を選んでください。"))
    elif comparison != AT_LEAST:
        params["comparison"] = comparison

    target_value, message = _check_value(values.get("target_value"), metric, "最終目標値")
    if message:
        errors.append(("target_value", message))
    elif target_value is None:
        errors.append(("target_value", "最終目標値を入力してください。"))
    limit = _coverage_limit(plan, key, params)
    over = errors if warnings is None else warnings
    if limit is not None and target_value is not None and target_value > limit[0]:
        over.append(("target_value", _over_limit("最終目標値", target_value, limit)))
    milestones: dict[str, Any] = {}
    raw_milestones = values.get("milestones") or {}
    years = plan.fiscal_years
    for fy_key, raw in raw_milestones.items():
        field = f"milestone_{fy_key}"
        if not (str(fy_key).isdigit() and int(fy_key) in years):
            errors.append((field, f"{fy_key}年度は計画の期間（{years[0]}〜{years[-1]}年度）の外です。"))
            continue
        what = f"{fiscal_year_label(int(fy_key))}の目安"
        number, message = _check_value(raw, metric, what)
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
            if limit is not None and number > limit[0]:
                over.append((field, _over_limit(what, number, limit)))
                if warnings is None:
                    continue
            milestones[str(int(fy_key))] = (
                int(number) if number == number.to_integral_value() else float(number)
            )

    if template:
        label = render_label(template, plan=plan, value=target_value, talent_type=talent_type)
        _check_label(label, errors)
    clean = {
        "label": label,
        "label_template": template[:LABEL_MAX],
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


def _check_label(label: str, errors: list) -> None:
    if not label:
        errors.append(
            ("label", "目標の内容（例: 各課に業務担当のDX推進リーダーを1名以上）を入力してください。")
        )
    elif len(label) > LABEL_MAX:
        errors.append(("label", f"目標は{LABEL_MAX}文字以内にしてください。"))


def _coverage_limit(plan: DevelopmentPlan, metric: str, params: dict) -> tuple[int, str] | None:
    """(how many units a coverage target can count, what they are) — units valid during the plan."""
    if metric != "coverage" or params.get("unit_kind") not in Unit.Kind.values:
        return None
    business_only = params.get("business_only", True)
    n = units_of_kind_count(plan.organisation, params["unit_kind"], business_only=business_only, plan=plan)
    kind = Unit.Kind(params["unit_kind"]).label
    what = f"業務担当部局の{kind}" if business_only else f"{kind}"
    return n, what


def _over_limit(what: str, value: Decimal, limit: tuple[int, str]) -> str:
    n, units = limit
    return (
        f"{what}（{int(value):,}所属）が、この団体の{units}の数（計画期間中に有効なもの: {n:,}所属）を超えています。"
        f"{n:,}所属以下にするか、所属の設定（区分・業務担当部局）を確かめてください。"
    )


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
    target = Target.objects.create(
        plan=plan, organisation_id=plan.organisation_id, sort_order=last + 10, **clean
    )
    audit(actor, "target.create", target, changed=list(clean), organisation=plan.organisation)
    return target


@transaction.atomic
def target_update(*, actor: Any, target: Target, **values: Any) -> Target:
    """Save a target. A label built from a template is rebuilt unless the user rewrote the label."""
    plan = target.plan
    ensure_can(actor, "planning.plan_edit", target)
    ensure_editable(plan)
    if "label_template" not in values:
        unchanged = (values.get("label") or "").strip() == target.label
        values["label_template"] = target.label_template if unchanged else ""
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
    clear_warnings(plan, "target", target.pk)
    return target


@transaction.atomic
def target_delete(*, actor: Any, target: Target) -> None:
    plan = target.plan
    ensure_can(actor, "planning.plan_edit", target)
    ensure_editable(plan)
    audit(
        actor,
        "target.delete",
        target,
        detail={"plan": plan.pk, "label": target.label},
        organisation=plan.organisation,
    )
    pk = target.pk
    target.delete()
    clear_warnings(plan, "target", pk)
