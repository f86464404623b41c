"""Import a plan from JSON (the shape exports.plans.plan_as_dict writes) as a new draft.

A plan moves between organisations: names are resolved in the importing organisation — talent types and
sub-roles by name, grades by name, units by their path of names (a unique last name is enough when the
full path differs), certifications, courses and skill items by their label. What cannot be resolved
there (another organisation's 所属, a course not in this catalog, a tier this organisation does not have)
is left empty and listed as a warning on the new draft, with a link to fix it; a prefecture's template
carries no units at all and imports the same way. Only a malformed file is refused: every problem is
reported with its JSON path, e.g. 「targets[2].metric: 「xyz」は使えない測り方です。」, and nothing is
written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jinzai.core import hooks
from jinzai.core.access import ensure_can
from jinzai.core.audit import audit
from jinzai.core.selectors import grades_of, unit_tree
from jinzai.core.text import normalize_text
from jinzai.talent.models import SubRole, TalentType

from ..metrics import choice_params
from ..models import DevelopmentPlan, PlanLevel, RoadmapTask, Target
from .plans import EARLIEST_FY, LATEST_FY, TASK_TITLE_MAX, TITLE_MAX, YEARS
from .targets import check_target, metric_fields

MAX_TARGETS = 200
MAX_TASKS = 500
TOP_KEYS = {"title", "start_fy", "end_fy", "summary", "levels", "targets", "tasks"}
INFO_KEYS = {"format", "format_version", "exported_at", "organisation", "version", "status", "template"}
LEVEL_KEYS = {"talent_type", "current_level", "target_level", "note"}
TARGET_KEYS = {
    "label",
    "label_template",
    "purpose",
    "metric",
    "talent_type",
    "sub_role",
    "unit",
    "params",
    "target_value",
    "milestones",
}
PARAM_KEYS = {
    "unit_kind",
    "per_unit",
    "business_only",
    "grade_min",
    "grade_max",
    "employment_types",
    "also_types",
    "sector",
    "age_min",
    "age_max",
    "comparison",
}
PARAM_ALIASES = {"grade_min_rank": "grade_min", "grade_max_rank": "grade_max"}
TASK_KEYS = {"fiscal_year", "talent_type", "kind", "title", "owner_unit", "status", "notes"}
FIELD_PATHS = {
    "unit_kind": "params.unit_kind",
    "per_unit": "params.per_unit",
    "business_only": "params.business_only",
    "grade_min_rank": "params.grade_min",
    "grade_max_rank": "params.grade_max",
    "employment_types": "params.employment_types",
    "also_types": "params.also_types",
    "sector": "params.sector",
    "age_min": "params.age_min",
    "age_max": "params.age_max",
    "comparison": "params.comparison",
}
# Required references a draft may leave empty (each becomes a warning with a link to fix it).
REFERENCES = {"talent_type", "unit"}
FIELD_NAMES = {"talent_type": "人材像", "unit": "所属"}


class PlanImportError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass
class PlanSpec:
    title: str = ""
    start_fy: int = 0
    end_fy: int = 0
    summary: str = ""
    levels: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)
    # (kind, index in targets/tasks or None, field, message): becomes DevelopmentPlan.import_warnings
    warnings: list[tuple[str, int | None, str, str]] = field(default_factory=list)
    template: bool = False


def _key(text: Any) -> str:
    return normalize_text(str(text)).strip()


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Resolver:
    """Names of the importing organisation's types, sub-roles, grades and units (loaded once).

    Each lookup returns (object or None, why it was not found or None). A value of the wrong shape is an
    error of the file (`errors`); a well-formed name this organisation lacks is only "not found".
    """

    def __init__(self, organisation):
        self.types = {}
        for t in TalentType.objects.filter(organisation=organisation).order_by("-is_active", "sort_order"):
            self.types.setdefault(_key(t.name), t)
        self.sub_roles = {
            (s.talent_type_id, _key(s.name)): s for s in SubRole.objects.filter(organisation=organisation)
        }
        self.grades = {_key(g.name): g.rank for g in grades_of(organisation)}
        self.grade_ranks = set(self.grades.values())
        today = timezone.localdate()
        self.paths: dict[tuple, list] = {}
        self.leaves: dict[str, list] = {}
        names: dict[int, tuple] = {}
        for node in unit_tree(organisation):
            path = (*names.get(node.unit.parent_id, ()), _key(node.unit.name))
            names[node.unit.pk] = path
            valid = node.unit.is_valid_on(today)
            self.paths.setdefault(path, []).append((valid, node.unit))
            if valid:
                self.leaves.setdefault(path[-1], []).append(node.unit)

    def unit(self, value: Any, where: str, errors: list[str]) -> tuple[Any, str | None]:
        if value is None:
            return None, None
        if isinstance(value, str):
            parts = [p for p in value.replace("/", "／").split("／") if p.strip()]
        elif isinstance(value, list) and all(isinstance(p, str) for p in value):
            parts = value
        else:
            errors.append(
                f'{where}: 所属は名前の並び（例: ["総務部", "情報政策課"]）か文字列で書いてください。'
            )
            return None, None
        path = tuple(_key(p) for p in parts)
        if not path:
            errors.append(f"{where}: 所属の名前が空です。")
            return None, None
        found = sorted(self.paths.get(path, []), key=lambda vu: not vu[0])
        if found:
            return found[0][1], None
        leaves = self.leaves.get(path[-1], [])
        if len(leaves) == 1:
            return leaves[0], None
        shown = "／".join(parts)
        if len(leaves) > 1:
            return None, f"所属「{shown}」と同じ名前の所属がこの団体に複数あるため"
        return None, f"所属「{shown}」がこの団体にないため"

    def talent_type(self, value: Any, where: str, errors: list[str]) -> tuple[Any, str | None]:
        if value is None:
            return None, None
        if not isinstance(value, str):
            errors.append(f"{where}: 人材像は名前（文字列）で書いてください。")
            return None, None
        found = self.types.get(_key(value))
        return (found, None) if found else (None, f"人材像「{value}」がこの団体にないため")

    def sub_role(self, talent_type, value: Any, where: str, errors: list[str]) -> tuple[Any, str | None]:
        if value is None:
            return None, None
        if not isinstance(value, str):
            errors.append(f"{where}: 区分は名前（文字列）で書いてください。")
            return None, None
        if talent_type is None:
            return None, f"区分「{value}」の人材像がこの団体にないため"
        found = self.sub_roles.get((talent_type.pk, _key(value)))
        if found is None:
            return None, f"人材像「{talent_type.name}」に区分「{value}」がないため"
        return found, None

    def grade(self, value: Any, where: str, errors: list[str]) -> tuple[int | None, str | None]:
        if value is None:
            return None, None
        if isinstance(value, str):
            rank = self.grades.get(_key(value))
            return (rank, None) if rank is not None else (None, f"職名「{value}」がこの団体にないため")
        if _is_int(value) and value in self.grade_ranks:
            return value, None
        errors.append(f"{where}: 職級は職名（文字列）で書いてください。")
        return None, None


def _numeric(value: Any) -> Any:
    """Numbers pass; anything else (a string "12", true) becomes a marker the target check rejects."""
    if value is None or (isinstance(value, int | Decimal) and not isinstance(value, bool)):
        return value
    return "（数ではない値）"


def _unknown(obj: dict, allowed: set[str], where: str, errors: list[str]) -> None:
    for key in obj:
        if key not in allowed:
            errors.append(f"{where}{'.' if where else ''}{key}: 「{key}」という項目は使えません。")


def _list(data: dict, key: str, limit: int, errors: list[str]) -> list:
    value = data.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(f"{key}: 配列（[ ... ]）で書いてください。")
        return []
    if len(value) > limit:
        errors.append(f"{key}: 多すぎます（{len(value)}件）。{limit}件までにしてください。")
        return []
    return value


def parse_json(content: bytes) -> tuple[Any, list[str]]:
    limit = getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024)
    if len(content) > limit:
        return None, [
            f"ファイルが大きすぎます（{len(content):,}バイト）。{limit:,}バイトまでにしてください。"
        ]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, ["ファイルがUTF-8ではありません。JSONはUTF-8で保存してください。"]
    try:
        return json.loads(text, parse_float=Decimal), []
    except json.JSONDecodeError as exc:
        return None, [
            f"JSONとして読めません（{exc.lineno}行目 {exc.colno}文字目）。書き方を確かめてください。"
        ]


def _target(
    row: dict, where: str, plan, names: _Resolver, years: list[int], offset: int, template: bool
) -> tuple[dict | None, list[str], list[tuple[str, str]]]:
    """One target of the file: (clean values or None, errors, warnings as (field, message))."""
    local: list[str] = []
    notes: list[tuple[str, str]] = []
    label = row.get("label") if isinstance(row.get("label"), str) else ""
    shown = f"目標「{label[:40]}」" if label else where

    def missing(field_name: str, why: str, what: str) -> None:
        notes.append((field_name, f"{shown}: {why}、{what}を空欄にしました。"))

    talent_type, why = names.talent_type(row.get("talent_type"), f"{where}.talent_type", local)
    if why:
        missing("talent_type", why, "人材像")
    sub_role, why = names.sub_role(talent_type, row.get("sub_role"), f"{where}.sub_role", local)
    if why:
        notes.append(("sub_role", f"{shown}: {why}、区分を問わない目標にしました。"))
    unit, why = names.unit(row.get("unit"), f"{where}.unit", local)
    if why:
        missing("unit", why, "所属")
    params = row.get("params") or {}
    values: dict[str, Any] = {}
    if not isinstance(params, dict):
        local.append(f"{where}.params: {{ ... }} の形で書いてください。")
        params = {}
    params = {PARAM_ALIASES.get(k, k): v for k, v in params.items()}
    choices = choice_params()
    _unknown(params, PARAM_KEYS | set(choices), f"{where}.params", local)
    for key in set(params) & set(choices):
        # a certification, course, skill item … is written by its label; find it in this organisation
        options = {str(label): str(value) for value, label in choices[key].choices(plan.organisation)}
        options_by_value = {v: v for v in options.values()}
        wanted = str(params[key])
        if wanted in options:
            values[key] = options[wanted]
        elif wanted in options_by_value:
            values[key] = wanted
        else:
            notes.append(
                (
                    key,
                    f"{shown}: 「{choices[key].label}」の「{wanted}」がこの団体の一覧にないため、空欄にしました。",
                )
            )
    for key in ("unit_kind", "per_unit", "business_only", "employment_types", "sector", "comparison"):
        if key in params:
            values[key] = params[key]
    for key in ("age_min", "age_max"):
        if key in params:
            values[key] = _numeric(params[key])
    also = params.get("also_types")
    if also is not None:
        if not isinstance(also, list):
            local.append(
                f'{where}.params.also_types: 人材像の名前の並び（例: ["ゴールド", "シルバー"]）で書いてください。'
            )
        else:
            values["also_types"] = []
            for i, name in enumerate(also):
                other, why = names.talent_type(name, f"{where}.params.also_types[{i}]", local)
                if other is not None:
                    values["also_types"].append(other.pk)
                elif why:
                    notes.append(("also_types", f"{shown}: {why}、あわせて数える人材像から外しました。"))
    for key in ("grade_min", "grade_max"):
        rank, why = names.grade(params.get(key), f"{where}.params.{key}", local)
        values[f"{key}_rank"] = rank
        if why:
            bound = "下限" if key == "grade_min" else "上限"
            notes.append((f"{key}_rank", f"{shown}: {why}、職級の{bound}を外しました。"))
    milestones = row.get("milestones") or {}
    if not isinstance(milestones, dict):
        local.append(f'{where}.milestones: {{"2026": 4, ...}} の形で書いてください。')
        milestones = {}
    shifted = {}
    for fy, value in milestones.items():
        if not str(fy).isdigit() or int(fy) not in years:
            local.append(
                f"{where}.milestones.{fy}: {fy}年度は計画の期間（{years[0]}〜{years[-1]}年度）の外です。"
            )
            continue
        shifted[str(int(fy) + offset)] = _numeric(value)
    label_template = row.get("label_template")
    if label_template is not None and not isinstance(label_template, str):
        local.append(f"{where}.label_template: 文字列で書いてください。")
        label_template = ""
    values.update(
        label=label,
        label_template=label_template or "",
        purpose=row.get("purpose"),
        metric=row.get("metric") if isinstance(row.get("metric"), str) else "",
        talent_type=talent_type,
        sub_role=sub_role,
        unit=unit,
        target_value=_numeric(row.get("target_value")),
        milestones=shifted,
    )
    metric = hooks.METRICS.get(values["metric"])
    allow_empty = set(REFERENCES) | {p.key for p in metric.choice_params} if metric else set(REFERENCES)
    beyond: list[tuple[str, str]] = []
    clean, problems = check_target(plan, values, allow_empty=allow_empty, warnings=beyond)
    for name, message in beyond[:1]:  # one note per target is enough: the value and the unit count
        notes.append((name, f"{shown}: {message}"))
    for name, message in problems:
        if name.startswith("milestone_"):
            fy = name.removeprefix("milestone_")
            path = f"milestones.{int(fy) - offset}" if fy.isdigit() else "milestones"
        else:
            path = FIELD_PATHS.get(name, name)
        if name == "purpose":
            message = "種類は development（育成目標）か placement（配置目標）で書いてください。"
        local.append(f"{where}.{path}: {message}")
    if metric is not None and not local:
        # a required reference that is empty (a template has no units) is a warning, once per field
        noted = {f for f, _ in notes}
        needs = {n.removeprefix("params.") for n in metric.needs} & metric_fields(metric)
        for name in sorted(needs & REFERENCES - noted):
            if clean.get(name) is None:
                why = "ひな形のため" if template else "ファイルに書かれていないため"
                notes.append((name, f"{shown}: {why}{FIELD_NAMES[name]}が空です。"))
        for param in metric.choice_params:
            if param.required and param.key not in clean["params"] and param.key not in noted:
                notes.append((param.key, f"{shown}: 「{param.label}」が空です。"))
    return (None if local else clean), local, notes


def analyse(organisation, data: Any, *, start_fy: int | None = None) -> tuple[PlanSpec, list[str]]:
    """Check a parsed plan and resolve its names; (spec, errors). `start_fy` shifts every year."""
    errors: list[str] = []
    spec = PlanSpec()
    if not isinstance(data, dict):
        return spec, ["ファイルの中身は { ... } で囲んだ1つの計画にしてください。"]
    if data.get("format", "jinzai-plan") != "jinzai-plan":
        errors.append(f"format: 「{data.get('format')}」は計画のファイルではありません（jinzai-plan）。")
    _unknown(data, TOP_KEYS | INFO_KEYS, "", errors)
    spec.template = data.get("template") is True
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        errors.append("title: 計画の名称を書いてください。")
    elif len(title.strip()) > TITLE_MAX:
        errors.append(f"title: 計画の名称は{TITLE_MAX}文字以内にしてください。")
    else:
        spec.title = title.strip()
    summary = data.get("summary") or ""
    if not isinstance(summary, str):
        errors.append("summary: 概要は文字列で書いてください。")
    else:
        spec.summary = summary.strip()
    first, last = data.get("start_fy"), data.get("end_fy")
    offset = 0
    if not _is_int(first) or not EARLIEST_FY <= first <= LATEST_FY:
        errors.append(
            f"start_fy: 開始年度は{EARLIEST_FY}〜{LATEST_FY}の西暦の数で書いてください（例: 2026）。"
        )
        return spec, errors
    if not _is_int(last) or last - first + 1 not in YEARS:
        errors.append("end_fy: 終了年度は開始年度の2〜4年後にしてください（3〜5年の計画）。")
        return spec, errors
    if start_fy is not None:
        offset = start_fy - first
    spec.start_fy, spec.end_fy = first + offset, last + offset
    years = list(range(first, last + 1))
    plan = DevelopmentPlan(organisation=organisation, start_fy=spec.start_fy, end_fy=spec.end_fy)
    names = _Resolver(organisation)

    seen_types = set()
    for i, row in enumerate(_list(data, "levels", 50, errors)):
        where = f"levels[{i}]"
        if not isinstance(row, dict):
            errors.append(f"{where}: {{ ... }} の形で書いてください。")
            continue
        _unknown(row, LEVEL_KEYS, where, errors)
        talent_type, why = names.talent_type(row.get("talent_type"), f"{where}.talent_type", errors)
        if row.get("talent_type") is None:
            errors.append(f"{where}.talent_type: 人材像を書いてください。")
        elif talent_type is not None and talent_type.pk in seen_types:
            errors.append(f"{where}.talent_type: 人材像「{talent_type.name}」が2回出てきます。")
        levels = []
        for key in ("current_level", "target_level"):
            value = row.get(key)
            if not _is_int(value) or not 1 <= value <= 5:
                errors.append(f"{where}.{key}: レベルは1〜5の整数で書いてください。")
            levels.append(value)
        if all(_is_int(v) for v in levels) and levels[1] < levels[0]:
            errors.append(f"{where}.target_level: 目標レベルは現状レベル以上にしてください。")
        note = row.get("note") or ""
        if not isinstance(note, str):
            errors.append(f"{where}.note: 文字列で書いてください。")
        if why:
            spec.warnings.append(
                ("level", None, "talent_type", f"育成目標レベル: {why}、この行は取り込みませんでした。")
            )
        if talent_type is not None:
            seen_types.add(talent_type.pk)
            spec.levels.append(
                {
                    "talent_type": talent_type,
                    "current_level": levels[0],
                    "target_level": levels[1],
                    "note": note if isinstance(note, str) else "",
                }
            )

    for i, row in enumerate(_list(data, "targets", MAX_TARGETS, errors)):
        where = f"targets[{i}]"
        if not isinstance(row, dict):
            errors.append(f"{where}: {{ ... }} の形で書いてください。")
            continue
        _unknown(row, TARGET_KEYS, where, errors)
        clean, problems, notes = _target(row, where, plan, names, years, offset, spec.template)
        errors.extend(problems)
        if clean is not None:
            index = len(spec.targets)
            spec.targets.append(clean)
            spec.warnings.extend(("target", index, name, message) for name, message in notes)

    for i, row in enumerate(_list(data, "tasks", MAX_TASKS, errors)):
        where = f"tasks[{i}]"
        if not isinstance(row, dict):
            errors.append(f"{where}: {{ ... }} の形で書いてください。")
            continue
        _unknown(row, TASK_KEYS, where, errors)
        local = []
        fy = row.get("fiscal_year")
        if fy is not None and (not _is_int(fy) or fy not in years):
            local.append(
                f"{where}.fiscal_year: 年度は計画の期間（{first}〜{last}）の西暦か、"
                "長期的（定着化）なら null で書いてください。"
            )
        talent_type, type_why = names.talent_type(row.get("talent_type"), f"{where}.talent_type", local)
        if row.get("talent_type") is None:
            local.append(f"{where}.talent_type: 人材像を書いてください。")
        kind = row.get("kind")
        if kind not in RoadmapTask.Kind.values:
            local.append(
                f"{where}.kind: 区分は {', '.join(RoadmapTask.Kind.values)} のどれかで書いてください。"
            )
        title = row.get("title")
        if not isinstance(title, str) or not title.strip():
            local.append(f"{where}.title: 取組を書いてください。")
        elif len(title.strip()) > TASK_TITLE_MAX:
            local.append(f"{where}.title: 取組は{TASK_TITLE_MAX}文字以内にしてください。")
        status = row.get("status") or RoadmapTask.TaskStatus.PLANNED
        if status not in RoadmapTask.TaskStatus.values:
            local.append(
                f"{where}.status: 状況は {', '.join(RoadmapTask.TaskStatus.values)} のどれかで書いてください。"
            )
        notes = row.get("notes") or ""
        if not isinstance(notes, str):
            local.append(f"{where}.notes: 文字列で書いてください。")
        owner, owner_why = names.unit(row.get("owner_unit"), f"{where}.owner_unit", local)
        errors.extend(local)
        if local:
            continue
        shown = f"工程「{title.strip()[:40]}」"
        if type_why:
            spec.warnings.append(
                (
                    "task_skipped",
                    None,
                    title.strip(),
                    f"{shown}: {type_why}、この工程は取り込みませんでした。",
                )
            )
            continue
        index = len(spec.tasks)
        spec.tasks.append(
            {
                "fiscal_year": None if fy is None else fy + offset,
                "talent_type": talent_type,
                "kind": kind,
                "title": title.strip(),
                "owner_unit": owner,
                "status": status,
                "notes": notes.strip(),
            }
        )
        if owner_why:
            spec.warnings.append(
                ("task", index, "owner_unit", f"{shown}: {owner_why}、担当所属を空欄にしました。")
            )
    return spec, errors


def analyse_content(
    organisation, content: bytes, *, start_fy: int | None = None
) -> tuple[PlanSpec, list[str]]:
    data, errors = parse_json(content)
    if errors:
        return PlanSpec(), errors
    return analyse(organisation, data, start_fy=start_fy)


@transaction.atomic
def plan_import(
    *, actor: Any, content: bytes, start_fy: int | None = None, file_name: str = ""
) -> DevelopmentPlan:
    """Create a draft plan from a JSON file. Raises PlanImportError (nothing written) when the file is
    malformed; references this organisation lacks are left empty and kept in `plan.import_warnings`."""
    ensure_can(actor, "planning.plan_import")
    organisation = actor.organisation
    spec, errors = analyse_content(organisation, content, start_fy=start_fy)
    if errors:
        raise PlanImportError(errors)
    plan = DevelopmentPlan.objects.create(
        organisation=organisation,
        title=spec.title,
        start_fy=spec.start_fy,
        end_fy=spec.end_fy,
        summary=spec.summary,
        version=1,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    PlanLevel.objects.bulk_create(PlanLevel(plan=plan, organisation=organisation, **lv) for lv in spec.levels)
    targets = [
        Target.objects.create(plan=plan, organisation=organisation, sort_order=(i + 1) * 10, **t)
        for i, t in enumerate(spec.targets)
    ]
    tasks = [
        RoadmapTask.objects.create(plan=plan, organisation=organisation, sort_order=(i + 1) * 10, **t)
        for i, t in enumerate(spec.tasks)
    ]
    created = {"target": targets, "task": tasks}
    warnings = []
    for kind, index, name, message in spec.warnings:
        pk = created[kind][index].pk if index is not None and kind in created else None
        warnings.append({"kind": kind, "id": pk, "field": name, "message": message})
    if warnings:
        plan.import_warnings = warnings
        plan.save(update_fields=["import_warnings"])
    audit(
        actor,
        "plan.import",
        plan,
        detail={
            "file": file_name[:200],
            "levels": len(spec.levels),
            "targets": len(spec.targets),
            "tasks": len(spec.tasks),
            "warnings": len(warnings),
        },
    )
    return plan
