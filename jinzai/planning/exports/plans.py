"""A plan as a document: Word (the guidebook's layout), Excel (targets and roadmap) and JSON (the whole plan).

The Word plan follows the guidebook's three parts: (1) 育成の目標レベル — current → target per type and
the five-level definition table; (2) 達成すべき目標 — per type 〈育成目標〉/〈配置目標〉, the yearly
target table and the 工程; (3) 育成手法 — the roadmap's 育成 tasks and the course catalog.

The JSON shape is also what `plan_import` reads (services/plan_import.py): talent types, sub-roles and
grades are referred to by name, units by their path of names (e.g. ["総務部", "情報政策課"]), so a
plan moves between organisations; a template (``template=True``) carries no unit at all.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from jinzai.core import hooks
from jinzai.core.dates import fiscal_year_label, format_date
from jinzai.core.exports import XLSX_TYPE
from jinzai.core.models import Sector
from jinzai.core.selectors import grades_of, unit_tree
from jinzai.people.models import EmploymentType

from ..metrics import choice_params
from ..models import DevelopmentPlan, RoadmapTask, Status
from ..selectors.documents import development_methods, level_definitions
from ..selectors.plans import LONG_TERM, level_names, plan_levels, plan_targets, plan_tasks, roadmap_grid
from ..selectors.progress import MORE_THAN, TargetProgress
from . import word

FORMAT = "jinzai-plan"
FORMAT_VERSION = 1
DOCX_TYPE = word.CONTENT_TYPE
XLSX = XLSX_TYPE


def number(value) -> int | float | None:
    if value is None:
        return None
    d = Decimal(value)
    return int(d) if d == d.to_integral_value() else float(d)


def with_unit(value, unit: str) -> str:
    """「12所属」「2名」「50%」「レベル2.5」; 「—」 for None. People and units are whole, levels ≤ 1 decimal."""
    n = number(value)
    if n is None:
        return "—"
    if isinstance(n, int):
        text = f"{n:,}"
    elif unit == "レベル":
        text = f"{n:.1f}"
    else:
        text = f"{n:,.2f}".rstrip("0").rstrip(".")
    return f"レベル{text}" if unit == "レベル" else f"{text}{unit}"


def period_text(plan: DevelopmentPlan) -> str:
    n = plan.end_fy - plan.start_fy + 1
    return f"{fiscal_year_label(plan.start_fy)}〜{fiscal_year_label(plan.end_fy)}（{n}年間）"


def unit_name_paths(organisation) -> dict[int, list[str]]:
    paths: dict[int, list[str]] = {}
    for node in unit_tree(organisation):
        parent = paths.get(node.unit.parent_id, [])
        paths[node.unit.pk] = [*parent, node.unit.name]
    return paths


# --- what a target counts, in words ----------------------------------------------------------------


@dataclass
class Lookups:
    """Names the descriptions of a plan's targets need, loaded once per document."""

    types: dict[int, str]
    tiers: dict[int, list[str]]
    grades: dict[int, str]
    paths: dict[int, list[str]]
    choices: dict[str, dict[str, str]]

    @classmethod
    def of(cls, organisation) -> Lookups:
        from ..selectors.plans import talent_types_of, tiers_of

        choices = {
            key: {str(v): str(label) for v, label in param.choices(organisation)}
            for key, param in choice_params().items()
        }
        return cls(
            types={t.pk: t.name for t in talent_types_of(organisation, active_only=False)},
            tiers=tiers_of(organisation),
            grades={g.rank: g.name for g in grades_of(organisation)},
            paths=unit_name_paths(organisation),
            choices=choices,
        )


POPULATION_HEADERS = [
    "数える人材像",
    "区分",
    "所属",
    "職級の範囲",
    "任用形態",
    "部門",
    "年齢",
    "数える資格・研修・項目",
    "達成の判定",
]


def describe_target(target, lookups: Lookups) -> dict[str, str]:
    """The population and conditions of a target as the column texts of POPULATION_HEADERS."""
    params = target.params or {}
    types = []
    for pk in [target.talent_type_id, *(params.get("also_types") or [])]:
        if pk and lookups.types.get(int(pk)) and lookups.types[int(pk)] not in types:
            name = lookups.types[int(pk)]
            tiers = lookups.tiers.get(int(pk))
            types.append(f"{name}（{'・'.join(tiers)}を含む）" if tiers and not target.sub_role_id else name)
    low, high = params.get("grade_min_rank"), params.get("grade_max_rank")
    band = ""
    if low is not None or high is not None:
        band = f"{lookups.grades.get(int(low), '') if low is not None else ''}〜" + (
            lookups.grades.get(int(high), "") if high is not None else ""
        )
    employment = "・".join(EmploymentType(v).label for v in params.get("employment_types") or ())
    age_low, age_high = params.get("age_min"), params.get("age_max")
    age = ""
    if age_low is not None or age_high is not None:
        age = f"{age_low if age_low is not None else ''}〜{age_high if age_high is not None else ''}歳"
    chosen = [
        lookups.choices.get(key, {}).get(str(params[key]), str(params[key]))
        for key in lookups.choices
        if params.get(key) not in (None, "")
    ]
    unit = "／".join(lookups.paths.get(target.unit_id, [])) if target.unit_id else ""
    if params.get("unit_kind"):
        from jinzai.core.models import Unit

        kind = Unit.Kind(params["unit_kind"]).label
        scope = "業務担当部局の" if params.get("business_only", True) else ""
        unit = f"{scope}すべての{kind}（各{params.get('per_unit', 1)}名以上）"
    return dict(
        zip(
            POPULATION_HEADERS,
            [
                "＋".join(types),
                target.sub_role.name if target.sub_role_id else "",
                unit,
                band,
                employment,
                Sector(params["sector"]).label if params.get("sector") in Sector.values else "",
                age,
                "・".join(chosen),
                "目標値を上回ったら達成" if params.get("comparison") == MORE_THAN else "目標値以上で達成",
            ],
            strict=True,
        )
    )


# --- JSON ------------------------------------------------------------------------------------------


def plan_as_dict(plan: DevelopmentPlan, *, template: bool = False) -> dict:
    """The whole plan; with `template`, no unit references (a prefecture's template for its members)."""
    organisation = plan.organisation
    paths = unit_name_paths(organisation)
    grade_names = {g.rank: g.name for g in grades_of(organisation)}
    type_names = {}
    years = {str(fy) for fy in plan.fiscal_years}
    targets = []
    choices = choice_params()
    labels: dict[str, dict[str, str]] = {}  # choice values (ids) travel by their labels
    for t in plan_targets(plan):
        params = {}
        for key, value in t.params.items():
            if key in ("grade_min_rank", "grade_max_rank"):
                name = grade_names.get(int(value))
                params[key.removesuffix("_rank")] = name if name else int(value)
            elif key == "also_types":
                if not type_names:
                    from ..selectors.plans import talent_types_of

                    type_names = {x.pk: x.name for x in talent_types_of(organisation, active_only=False)}
                params[key] = [type_names[int(pk)] for pk in value if int(pk) in type_names]
            elif key in choices:
                if key not in labels:
                    labels[key] = {str(v): str(label) for v, label in choices[key].choices(organisation)}
                params[key] = labels[key].get(str(value), value)
            else:
                params[key] = value
        row = {
            "label": t.label,
            "purpose": t.purpose,
            "metric": t.metric,
            "talent_type": t.talent_type.name if t.talent_type else None,
            "sub_role": t.sub_role.name if t.sub_role else None,
            "unit": paths.get(t.unit_id) if t.unit_id and not template else None,
            "params": params,
            "target_value": number(t.target_value),
            "milestones": {k: v for k, v in sorted((t.milestones or {}).items()) if k in years},
        }
        if t.label_template:
            row["label_template"] = t.label_template
        targets.append(row)
    tasks = [
        {
            "fiscal_year": task.fiscal_year,
            "talent_type": task.talent_type.name,
            "kind": task.kind,
            "title": task.title,
            "owner_unit": paths.get(task.owner_unit_id) if task.owner_unit_id and not template else None,
            "status": RoadmapTask.TaskStatus.PLANNED if template else task.status,
            "notes": task.notes,
        }
        for task in plan_tasks(plan)
    ]
    result = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.localtime().isoformat(timespec="seconds"),
        "organisation": organisation.name,
    }
    if template:
        result["template"] = True
    else:
        result.update(version=plan.version, status=plan.status)
    result.update(
        title=plan.title,
        start_fy=plan.start_fy,
        end_fy=plan.end_fy,
        summary=plan.summary,
        levels=[
            {
                "talent_type": lv.talent_type.name,
                "current_level": lv.current_level,
                "target_level": lv.target_level,
                "note": lv.note,
            }
            for lv in plan_levels(plan)
        ],
        targets=targets,
        tasks=tasks,
    )
    return result


# --- Excel -----------------------------------------------------------------------------------------


def xlsx_table(plan: DevelopmentPlan, progress: list[TargetProgress]) -> tuple[list[str], list[list]]:
    """The 目標 sheet: each target with what it counts, then 目安・実績・状況 per fiscal year."""
    lookups = Lookups.of(plan.organisation)
    headers = ["目標", "種類", "人材像", "測り方", "単位", *POPULATION_HEADERS, "計画初日の値", "最終目標"]
    for fy in plan.fiscal_years:
        label = fiscal_year_label(fy)
        headers += [f"{label} 目安", f"{label} 実績", f"{label} 状況"]
    rows = []
    for p in progress:
        t = p.target
        metric = hooks.METRICS.get(t.metric)
        described = describe_target(t, lookups)
        row = [
            t.label,
            t.get_purpose_display(),
            t.talent_type.name if t.talent_type else "",
            metric.label if metric else t.metric,
            p.unit,
            *(described[h] for h in POPULATION_HEADERS),
            number(p.baseline),
            number(t.target_value),
        ]
        for y in p.years:
            row += [number(y.expected), number(y.actual), y.status_label]
        rows.append(row)
    return headers, rows


ROADMAP_HEADERS = ["年度", "人材像", "区分", "取組", "担当所属", "状況", "メモ"]


def roadmap_rows(plan: DevelopmentPlan) -> list[list]:
    paths = unit_name_paths(plan.organisation)
    return [
        [
            fiscal_year_label(task.fiscal_year) if task.fiscal_year is not None else "長期的（定着化）",
            task.talent_type.name,
            task.get_kind_display(),
            task.title,
            "／".join(paths.get(task.owner_unit_id, [])) if task.owner_unit_id else "",
            task.get_status_display(),
            task.notes,
        ]
        for task in plan_tasks(plan)
    ]


def plan_xlsx(plan: DevelopmentPlan, progress: list[TargetProgress]) -> bytes:
    """Two sheets — 目標 and 工程 — written with openpyxl's write-only mode; text never becomes a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    headers, rows = xlsx_table(plan, progress)
    for title, sheet_headers, sheet_rows in (
        ("目標", headers, rows),
        ("工程", ROADMAP_HEADERS, roadmap_rows(plan)),
    ):
        sheet = workbook.create_sheet(title=title)
        sheet.freeze_panes = "A2"
        for i, header in enumerate(sheet_headers):
            width = sum(2 if ord(ch) > 0xFF else 1 for ch in header) + 4
            sheet.column_dimensions[_column(i)].width = min(60, max(10, width))

        def cell(value, *, header=False, sheet=sheet):
            if value is None or isinstance(value, int | float):
                return value
            c = WriteOnlyCell(sheet, value=str(value))
            c.data_type = "s"
            if str(value).startswith(("=", "+", "-", "@")):
                c.quotePrefix = True
            if header:
                c.font = bold
            return c

        sheet.append([cell(h, header=True) for h in sheet_headers])
        for row in sheet_rows:
            sheet.append([cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- Word ------------------------------------------------------------------------------------------

PORTRAIT_WIDTH = 170.0
LANDSCAPE_WIDTH = 257.0


def plan_docx(plan: DevelopmentPlan, progress: list[TargetProgress]) -> bytes:
    doc = word.new_document()
    doc.core_properties.title = plan.title
    doc.core_properties.author = plan.organisation.name
    doc.add_paragraph(plan.title, style="Title")
    meta = doc.add_paragraph()
    meta.add_run(f"{plan.organisation.name}　").bold = True
    meta.add_run(f"計画期間：{period_text(plan)}")
    status = f"第{plan.version}版（{plan.get_status_display()}"
    if plan.status in (Status.APPROVED, Status.SUPERSEDED) and plan.approved_on:
        status += f"・{format_date(plan.approved_on)}承認"
        if plan.approver_name:
            status += f"・承認者 {plan.approver_name}"
    doc.add_paragraph(status + "）")
    if plan.summary:
        doc.add_heading("計画の概要", level=1)
        for line in plan.summary.splitlines():
            if line.strip():
                doc.add_paragraph(line.strip())

    names = level_names(plan.organisation)
    levels = plan_levels(plan)
    _levels_part(doc, plan, levels, names)
    word.landscape(doc)
    _definitions(doc, plan)
    _targets_part(doc, plan, progress, levels, names)
    _roadmap(doc, plan)
    _methods(doc, plan)
    return word.to_bytes(doc)


def _levels_part(doc, plan, levels, names) -> None:
    doc.add_heading("(1) 育成の目標レベル", level=1)
    if not levels:
        doc.add_paragraph("（育成目標レベルは設定していません）")
        return
    has_note = any(lv.note for lv in levels)
    headers = ["人材像", "現状", "目標"] + (["育成目標の内容"] if has_note else [])
    rows = []
    for lv in levels:
        row = [
            lv.talent_type.name,
            _level_text(names, lv.talent_type_id, lv.current_level),
            _level_text(names, lv.talent_type_id, lv.target_level),
        ]
        if has_note:
            row.append(lv.note)
        rows.append(row)
    word.table(doc, headers, rows, [34, 45, 45, 46] if has_note else [40, 65, 65])
    word.small_note(
        doc,
        "育成目標レベルは、職員一人ひとりではなく、団体全体としての状態です。各レベルの状態は次の表のとおりです。",
    )


def _definitions(doc, plan) -> None:
    doc.add_heading("育成目標レベルの定義", level=2)
    headers, rows = level_definitions(plan)
    if not rows:
        doc.add_paragraph("（人材像がありません）")
        return
    word.table(
        doc,
        ["人材像", *headers],
        [[r["talent_type"].name, *r["cells"]] for r in rows],
        word.split(LANDSCAPE_WIDTH, [32], 5),
        size=8,
    )


def _targets_part(doc, plan, progress, levels, names) -> None:
    doc.add_heading("(2) 達成すべき目標", level=1)
    by_type: dict[int | None, list[TargetProgress]] = {}
    for p in progress:
        by_type.setdefault(p.target.talent_type_id, []).append(p)
    level_of = {lv.talent_type_id: lv for lv in levels}
    types = [lv.talent_type for lv in levels]
    for p in progress:
        t = p.target.talent_type
        if t is not None and t not in types:
            types.append(t)
    if not types and not progress:
        doc.add_paragraph("（目標はまだ登録していません）")
        return
    for talent_type in types:
        doc.add_heading(talent_type.name, level=2)
        lv = level_of.get(talent_type.pk)
        development = [p for p in by_type.get(talent_type.pk, []) if p.target.purpose == "development"]
        placement = [p for p in by_type.get(talent_type.pk, []) if p.target.purpose == "placement"]
        doc.add_paragraph("〈育成目標〉").runs[0].bold = True
        lines = []
        if lv is not None:
            lines.append(
                f"現状「レベル{lv.current_level}」のところ、「レベル{lv.target_level}」の状態とする。"
                + (f"（{lv.note}）" if lv.note else "")
            )
        lines += [
            f"{p.target.label}（最終目標 {with_unit(p.target.target_value, p.unit)}）" for p in development
        ]
        _bullets(doc, lines or ["（育成目標はまだ登録していません）"])
        if placement:
            doc.add_paragraph("〈配置目標〉").runs[0].bold = True
            _bullets(
                doc,
                [
                    f"{p.target.label}（最終目標 {with_unit(p.target.target_value, p.unit)}）"
                    for p in placement
                ],
            )
    common = by_type.get(None, [])
    if common:
        doc.add_heading("人材像を問わない目標", level=2)
        _bullets(doc, [f"〈{p.target.get_purpose_display()}〉{p.target.label}" for p in common])

    doc.add_heading("年度ごとの目安", level=2)
    years = plan.fiscal_years
    if not progress:
        doc.add_paragraph("（目標はまだ登録していません）")
        return
    headers = ["人材像", "目標", "最終目標"] + [_fy_short(fy) for fy in years]
    rows = []
    for p in sorted(progress, key=_type_order(types)):
        t = p.target
        row = [
            t.talent_type.name if t.talent_type else "（共通）",
            f"〈{'育成' if t.purpose == 'development' else '配置'}〉{t.label}",
            with_unit(t.target_value, p.unit),
        ]
        row += [with_unit(y.expected, p.unit) for y in p.years]
        rows.append(row)
    year_width = 24.0 if len(years) <= 3 else 20.0
    widths = [32.0, LANDSCAPE_WIDTH - 32 - 24 - year_width * len(years), 24.0] + [year_width] * len(years)
    word.table(doc, headers, rows, widths, num_from=2)
    word.small_note(
        doc,
        "年度の欄は、その年度末に目指す値（目安）です。入力した年度目標がないときは、"
        "計画初日の値から最終目標までを年数で等分しています（人数・所属の数は整数に切り上げ、"
        "レベルは小数第1位まで）。育成目標レベルは、計画に書いた現状から数えます。",
    )


def _roadmap(doc, plan) -> None:
    doc.add_heading("工程", level=2)
    grid = roadmap_grid(plan)
    if not grid["count"]:
        doc.add_paragraph("（工程はまだ登録していません）")
        return
    headers = ["人材像"] + [
        (f"計画{i}年目\n{_fy_short(c)}" if c != LONG_TERM else "長期的\n（定着化）")
        for i, c in enumerate(grid["columns"], start=1)
    ]
    rows = []
    for row in grid["rows"]:
        cells = [row["talent_type"].name]
        for cell in row["cells"]:
            lines = []
            for kind_label, tasks in cell:
                lines.append(f"〈{kind_label}〉")
                lines += [f"・{_task_text(task)}" for task in tasks]
            cells.append("\n".join(lines))
        rows.append(cells)
    word.table(doc, headers, rows, word.split(LANDSCAPE_WIDTH, [30], len(grid["columns"])))


def _methods(doc, plan) -> None:
    doc.add_heading("(3) 育成手法", level=1)
    doc.add_paragraph(
        "工程の「育成」の取組と、研修の一覧（対象の人材像を決めた研修）から、人材像ごとの育成手法をまとめます。"
    )
    methods, common = development_methods(plan)
    if not methods and not common:
        doc.add_paragraph("（育成の取組と研修はまだ登録していません）")
        return
    for m in methods:
        doc.add_heading(m.talent_type.name, level=2)
        if m.tasks:
            doc.add_paragraph("〈工程の育成の取組〉").runs[0].bold = True
            _bullets(
                doc,
                [
                    f"{fiscal_year_label(t.fiscal_year).split('（')[0] if t.fiscal_year else '長期的'}："
                    f"{_task_text(t)}"
                    for t in m.tasks
                ],
            )
        for group, lines in m.courses.items():
            doc.add_paragraph(f"〈{group}〉").runs[0].bold = True
            _bullets(doc, lines)
        if not m.tasks and not m.courses:
            doc.add_paragraph("（この人材像の育成の取組・研修はまだありません）")
    if common:
        doc.add_heading("すべての職員が受けられる研修", level=2)
        _bullets(doc, common)


def _bullets(doc, lines: list[str]) -> None:
    for line in lines:
        paragraph = doc.add_paragraph(f"・{line}")
        paragraph.paragraph_format.left_indent = Pt(10.5)
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _type_order(types):
    position = {t.pk: i for i, t in enumerate(types)}

    def key(p: TargetProgress) -> tuple:
        t = p.target.talent_type
        return (position.get(t.pk, 10**6) if t else 10**7, p.target.sort_order, p.target.pk)

    return key


def _fy_short(fy: int) -> str:
    label = fiscal_year_label(fy)  # 令和8年度（2026年度）
    era, _, western = label.partition("（")
    return f"{era}\n（{western}"


def _level_text(names: dict, type_id: int, level: int) -> str:
    name = names.get((type_id, level))
    return f"レベル{level}：{name}" if name else f"レベル{level}"


def _task_text(task: RoadmapTask) -> str:
    if task.status == RoadmapTask.TaskStatus.PLANNED:
        return task.title
    return f"{task.title}（{task.get_status_display()}）"
