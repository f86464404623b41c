"""A plan as a document: Word (the guidebook's layout), Excel (the target table) and JSON (the whole plan).

The JSON shape is also what `plan_import` reads (services/plan_import.py): talent types, sub-roles and
grades are referred to by name, units by their path of names (e.g. ["総務部", "情報政策課"]), so a
plan moves between organisations.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from jinzai.core import hooks
from jinzai.core.dates import fiscal_year_label, format_date
from jinzai.core.selectors import grades_of, unit_tree

from .metrics import choice_params
from .models import DevelopmentPlan, RoadmapTask, Status
from .progress import TargetProgress
from .selectors_plans import LONG_TERM, level_names, plan_levels, plan_tasks, roadmap_grid

FORMAT = "jinzai-plan"
FORMAT_VERSION = 1
FONT = "Yu Gothic"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def number(value) -> int | float | None:
    if value is None:
        return None
    d = Decimal(value)
    return int(d) if d == d.to_integral_value() else float(d)


def with_unit(value, unit: str) -> str:
    """「12所属」「2名」「50%」「レベル2」; blank for None."""
    n = number(value)
    if n is None:
        return "—"
    text = f"{n:,}" if isinstance(n, int) else f"{n:,.2f}".rstrip("0").rstrip(".")
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


# --- JSON ------------------------------------------------------------------------------------------


def plan_as_dict(plan: DevelopmentPlan) -> dict:
    organisation = plan.organisation
    paths = unit_name_paths(organisation)
    grade_names = {g.rank: g.name for g in grades_of(organisation)}
    years = {str(fy) for fy in plan.fiscal_years}
    targets = []
    choices = choice_params()
    labels: dict[str, dict[str, str]] = {}  # choice values (ids) travel by their labels
    for t in plan.targets.select_related("talent_type", "sub_role").order_by("sort_order", "id"):
        params = {}
        for key, value in t.params.items():
            if key in ("grade_min_rank", "grade_max_rank"):
                name = grade_names.get(int(value))
                params[key.removesuffix("_rank")] = name if name else int(value)
            elif key in choices:
                if key not in labels:
                    labels[key] = {str(v): str(label) for v, label in choices[key].choices(organisation)}
                params[key] = labels[key].get(str(value), value)
            else:
                params[key] = value
        targets.append(
            {
                "label": t.label,
                "purpose": t.purpose,
                "metric": t.metric,
                "talent_type": t.talent_type.name if t.talent_type else None,
                "sub_role": t.sub_role.name if t.sub_role else None,
                "unit": paths.get(t.unit_id) if t.unit_id else None,
                "params": params,
                "target_value": number(t.target_value),
                "milestones": {k: v for k, v in sorted((t.milestones or {}).items()) if k in years},
            }
        )
    tasks = [
        {
            "fiscal_year": task.fiscal_year,
            "talent_type": task.talent_type.name,
            "kind": task.kind,
            "title": task.title,
            "owner_unit": paths.get(task.owner_unit_id) if task.owner_unit_id else None,
            "status": task.status,
            "notes": task.notes,
        }
        for task in plan_tasks(plan)
    ]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.localtime().isoformat(timespec="seconds"),
        "organisation": organisation.name,
        "title": plan.title,
        "start_fy": plan.start_fy,
        "end_fy": plan.end_fy,
        "version": plan.version,
        "status": plan.status,
        "summary": plan.summary,
        "levels": [
            {
                "talent_type": lv.talent_type.name,
                "current_level": lv.current_level,
                "target_level": lv.target_level,
                "note": lv.note,
            }
            for lv in plan_levels(plan)
        ],
        "targets": targets,
        "tasks": tasks,
    }


# --- Excel -----------------------------------------------------------------------------------------


def xlsx_table(plan: DevelopmentPlan, progress: list[TargetProgress]) -> tuple[list[str], list[list]]:
    headers = ["目標", "種類", "人材像", "区分", "測り方", "単位", "計画初日の値", "最終目標"]
    for fy in plan.fiscal_years:
        label = fiscal_year_label(fy)
        headers += [f"{label} 目安", f"{label} 実績", f"{label} 状況"]
    rows = []
    for p in progress:
        t = p.target
        metric = hooks.METRICS.get(t.metric)
        row = [
            t.label,
            t.get_purpose_display(),
            t.talent_type.name if t.talent_type else "",
            t.sub_role.name if t.sub_role else "",
            metric.label if metric else t.metric,
            p.unit,
            number(p.baseline),
            number(t.target_value),
        ]
        for y in p.years:
            row += [number(y.expected), number(y.actual), y.status_label]
        rows.append(row)
    return headers, rows


# --- Word ------------------------------------------------------------------------------------------


def _set_fonts(owner, name: str = FONT) -> None:
    rpr = owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _add_field(paragraph, code: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, text, end):
        run._r.append(element)


def _shade(cell, fill: str = "E8F0FE") -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _write(cell, text: str, *, bold: bool = False, size: float = 9, align=None) -> None:
    lines = str(text).split("\n")
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            paragraph = cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = Pt(size)
        if align is not None:
            paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)


def _table(doc, headers: list[str], rows: list[list[str]], widths_mm: list[float], *, num_from: int = 99):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _repeat_header(table.rows[0])
    for i, header in enumerate(headers):
        cell = table.rows[0].cells[i]
        _write(cell, header, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _shade(cell)
    for values in rows:
        cells = table.add_row().cells
        for i, value in enumerate(values):
            _write(cells[i], value, align=WD_ALIGN_PARAGRAPH.RIGHT if i >= num_from else None)
    for i, width in enumerate(widths_mm):
        table.columns[i].width = Mm(width)
        for cell in table.columns[i].cells:
            cell.width = Mm(width)
    return table


def _split(total: float, fixed: list[float], n: int) -> list[float]:
    """`fixed` widths, then `n` equal columns sharing what is left of `total` (mm)."""
    rest = total - sum(fixed)
    return [*fixed, *([rest / n] * n)]


def plan_docx(plan: DevelopmentPlan, progress: list[TargetProgress]) -> bytes:
    doc = Document()
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
        _set_fonts(doc.styles[style_name].element)
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.styles["Title"].font.size = Pt(18)
    doc.styles["Heading 1"].font.size = Pt(13)
    for style_name in ("Title", "Heading 1"):
        doc.styles[style_name].font.color.rgb = RGBColor(0x1A, 0x1A, 0x1C)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_field(footer, "PAGE")
    footer.add_run(" / ")
    _add_field(footer, "NUMPAGES")
    width = 170.0

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
    doc.add_heading("1. 育成目標レベル", level=1)
    if levels:
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
        _table(doc, headers, rows, [34, 45, 45, 46] if has_note else [40, 65, 65])
    else:
        doc.add_paragraph("（育成目標レベルは設定していません）")

    doc.add_heading("2. 育成目標・配置目標", level=1)
    years = plan.fiscal_years
    if progress:
        headers = ["人材像", "目標", "最終目標"] + [_fy_short(fy) for fy in years]
        rows = []
        for p in sorted(progress, key=lambda p: _type_order(p)):
            t = p.target
            row = [
                t.talent_type.name if t.talent_type else "（共通）",
                f"〈{'育成' if t.purpose == 'development' else '配置'}〉{t.label}",
                with_unit(t.target_value, p.unit),
            ]
            row += [with_unit(y.expected, p.unit) for y in p.years]
            rows.append(row)
        year_width = 18.0 if len(years) <= 3 else 15.0
        widths = [26.0, width - 26 - 20 - year_width * len(years), 20.0] + [year_width] * len(years)
        _table(doc, headers, rows, widths, num_from=2)
        doc.add_paragraph(
            "年度の欄は、その年度末に目指す値（目安）です。入力した年度目標がないときは、"
            "計画初日の値から最終目標までを年数で等分しています。"
        ).runs[0].font.size = Pt(8.5)
    else:
        doc.add_paragraph("（目標はまだ登録していません）")

    landscape = doc.add_section()
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Mm(297), Mm(210)
    doc.add_heading("3. 工程", level=1)
    grid = roadmap_grid(plan)
    if grid["count"]:
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
        _table(doc, headers, rows, _split(257.0, [30], len(grid["columns"])))
    else:
        doc.add_paragraph("（工程はまだ登録していません）")

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _type_order(p: TargetProgress) -> tuple:
    t = p.target.talent_type
    return (t.sort_order if t else 10**6, t.pk if t else 0, p.target.sort_order, p.target.pk)


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
