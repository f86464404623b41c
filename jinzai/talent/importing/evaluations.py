"""The import of evaluation results on digital items (人事評価のデジタルに関する項目) from the HR system.

A row is one person, fiscal year and item with its grade: S/A/B/C or a/b/c (both scales are in use; full-width
letters are read). 新規 when the person has no result for that year and item, 変更 when the grade differs,
変更なし otherwise. The write step is ``talent.services.careers.evaluation_import_apply``. hr only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinzai.core import importing as imp
from jinzai.core.dates import DateParseError, parse_date
from jinzai.core.importing import CellError, Cells, Change, Column, Importer, Plan, register_importer
from jinzai.core.text import normalize_text
from jinzai.people.models import Staff

from ..models import Evaluation

_ERA_YEAR = re.compile(r"^(令和|R|平成|H)(元|\d{1,2})(年度?)?$", re.IGNORECASE)
_ERA_BASE = {"令和": 2018, "r": 2018, "平成": 1988, "h": 1988}


def fiscal_year(raw: str) -> int:
    """「2025」「2025年度」「令和7年度」「R7」 → 2025."""
    text = normalize_text(raw).replace(" ", "").removesuffix("年度").removesuffix("度")
    if not text:
        raise CellError("年度が空です。例: 2025、令和7年度")
    match = _ERA_YEAR.match(text)
    if match:
        n = 1 if match.group(2) == "元" else int(match.group(2))
        return _ERA_BASE[match.group(1).lower() if match.group(1).isascii() else match.group(1)] + n
    digits = text.removesuffix("年")
    if digits.isascii() and digits.isdigit() and 1989 <= int(digits) <= 2200:
        return int(digits)
    try:
        day = parse_date(raw)
    except DateParseError:
        day = None
    if day is not None:
        from jinzai.core.dates import fiscal_year_of

        return fiscal_year_of(day)
    raise CellError("年度は 2025 や 令和7年度 のように書いてください。")


def grade(raw: str) -> str:
    value = normalize_text(raw).replace(" ", "")
    if value not in Evaluation.GRADES:
        raise CellError("評価は S・A・B・C か a・b・c のどれかで書いてください。")
    return value


@dataclass
class EvaluationRow:
    staff_id: int
    fiscal_year: int
    item: str
    grade: str
    existing_id: int | None = None


@register_importer
class EvaluationImporter(Importer):
    key = "evaluation"
    title = "人事評価（デジタルの項目）の取込"
    lead = (
        "人事評価システムから書き出した、デジタルに関する評価項目の結果（CSV または Excel）を読み込みます。"
    )
    permission = "talent.evaluation_import"
    url_name = "talent:evaluation_import"
    parents = (("自己申告と人事評価", "talent:declaration_periods"),)
    unit = "件"
    kinds = (("add", "新規"), ("update", "変更"), ("unchanged", "変更なし"))
    display = (
        ("staff_no", "職員番号"),
        ("name", "氏名"),
        ("fiscal_year", "年度"),
        ("item", "評価項目"),
        ("grade", "評価"),
    )
    committed_message = "人事評価の結果を取り込みました。"
    help_lines = (
        "1行に1人・1年度・1項目です。評価は S・A・B・C か a・b・c で書きます（全角でも読めます）。",
        "同じ人・年度・項目がすでにあるときは、評価を書き換えます。結果は人事担当と本人だけが見られます。",
    )
    columns = (
        Column(
            "staff_no",
            "職員番号",
            ("職員コード", "職員No", "職員NO", "職員ID"),
            required=True,
            parse=imp.staff_no,
        ),
        Column("name", "氏名", ("名前", "職員氏名"), informational=True),
        Column("fiscal_year", "年度", ("評価年度", "対象年度"), required=True, parse=fiscal_year),
        Column(
            "item",
            "評価項目",
            ("項目", "評価要素", "評価の項目"),
            required=True,
            parse=imp.text(max_length=100, label="評価項目"),
        ),
        Column("grade", "評価", ("評語", "評定", "評価結果", "結果"), required=True, parse=grade),
    )

    def prepare(self, plan: Plan) -> None:
        org = plan.organisation
        plan.state["staff"] = dict(Staff.objects.filter(organisation=org).values_list("staff_no", "pk"))
        plan.state["names"] = dict(Staff.objects.filter(organisation=org).values_list("pk", "name"))
        plan.state["existing"] = {
            (staff_id, fy, item): (pk, g)
            for pk, staff_id, fy, item, g in Evaluation.objects.filter(organisation=org).values_list(
                "pk", "staff_id", "fiscal_year", "item", "grade"
            )
        }
        plan.state["seen"] = {}

    def analyse_row(self, plan: Plan, row: Cells) -> None:
        st = plan.state
        staff_no, item = row.get("staff_no"), row.get("item")
        if not row.ok:
            return
        staff_id = st["staff"].get(staff_no)
        if staff_id is None:
            row.error("staff_no", f"職員番号「{staff_no}」の職員は登録されていません。", staff_no)
            return
        if not item:
            row.error("item", "評価項目が空です。")
            return
        key = (staff_id, row.get("fiscal_year"), item)
        if key in st["seen"]:
            row.error("item", f"同じ職員・年度・項目が{st['seen'][key]}行目にもあります。")
            return
        st["seen"][key] = row.line
        data = EvaluationRow(staff_id, row.get("fiscal_year"), item, row.get("grade"))
        display = {
            "staff_no": staff_no,
            "name": st["names"].get(staff_id, ""),
            "fiscal_year": f"{data.fiscal_year}年度",
            "item": item,
            "grade": data.grade,
        }
        existing = st["existing"].get(key)
        if existing is None:
            plan.add("add", row.line, display, data=data)
        elif existing[1] != data.grade:
            data.existing_id = existing[0]
            plan.add(
                "update", row.line, display, changes=[Change("評価", existing[1], data.grade)], data=data
            )
        else:
            plan.add("unchanged", row.line, display, data=data)

    def apply(self, plan: Plan, actor) -> dict:
        from ..services.careers import evaluation_import_apply

        return evaluation_import_apply(actor=actor, plan=plan)
