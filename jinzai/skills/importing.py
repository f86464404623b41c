"""Reading a skill map or a question bank from CSV/XLSX, and the matching export layouts.

`analyse_*` reads a file and checks every row without writing; errors carry the line as a spreadsheet
numbers it (header = line 1), the column as 「B列「項目」」, the value and a Japanese message. The
commit services re-run the analysis inside one transaction and write only when there is no error.

Skill map layout: 区分, 項目, 説明, レベル1 … レベル5 (3 to 5 level columns), then one column
「期待レベル：<人材像>」 per talent type. Question layout: 分野, 問題文, 形式, 選択肢1 … 選択肢6,
正解 (numbers such as 2 or 1,3), 解説.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from jinzai.core.tabular import TabularError, column_letter, read_table
from jinzai.core.text import normalize_text
from jinzai.people.importing import header_key

from .models import MAX_LEVELS, MIN_LEVELS, Question

EXPECTED_PREFIX = "期待レベル"
MAX_CHOICES = 6
KIND_WORDS = {
    "単一": Question.Kind.SINGLE,
    "単一選択": Question.Kind.SINGLE,
    "single": Question.Kind.SINGLE,
    "択一": Question.Kind.SINGLE,
    "複数": Question.Kind.MULTIPLE,
    "複数選択": Question.Kind.MULTIPLE,
    "multiple": Question.Kind.MULTIPLE,
}


@dataclass
class Analysis:
    rows: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    def error(self, line: int, col: int | None, header: str, value: str, message: str) -> None:
        column = f"{column_letter(col)}列「{header}」" if col is not None else ""
        self.errors.append({"line": line, "column": column, "value": value, "message": message})

    def to_json(self) -> dict:
        return asdict(self)


def _read(content: bytes, analysis: Analysis):
    try:
        return read_table(content)
    except TabularError as exc:
        analysis.error(exc.line or 1, None, "", "", exc.message)
        return None


def _index(headers: list[str]) -> dict[str, int]:
    return {header_key(h): i for i, h in enumerate(headers)}


def _level(text: str) -> int | None:
    text = normalize_text(text).replace("レベル", "").replace("Lv", "").replace("LV", "").strip()
    return int(text) if text.isdigit() else None


def analyse_framework(content: bytes, type_names: list[str]) -> Analysis:
    analysis = Analysis()
    table = _read(content, analysis)
    if table is None:
        return analysis
    idx = _index(table.headers)
    for required in ("区分", "項目"):
        if header_key(required) not in idx:
            analysis.error(1, None, "", "", f"1行目に「{required}」の列がありません。")
    levels = [n for n in range(1, MAX_LEVELS + 1) if header_key(f"レベル{n}") in idx]
    if levels != list(range(1, len(levels) + 1)) or not MIN_LEVELS <= len(levels) <= MAX_LEVELS:
        analysis.error(
            1,
            None,
            "",
            "",
            f"「レベル1」から続けて{MIN_LEVELS}〜{MAX_LEVELS}個のレベルの列を置いてください。",
        )
    types = {header_key(n): n for n in type_names}
    expected_cols: dict[int, str] = {}
    for col, header in enumerate(table.headers):
        if header.startswith(EXPECTED_PREFIX):
            name = re.sub(rf"^{EXPECTED_PREFIX}[：:（(\s]*", "", header).rstrip("）)").strip()
            if header_key(name) in types:
                expected_cols[col] = types[header_key(name)]
            else:
                analysis.error(
                    1,
                    col,
                    header,
                    name,
                    f"人材像「{name}」は登録されていません。人材像の名称に合わせてください。",
                )
    if analysis.errors:
        return analysis
    seen: set[str] = set()
    level_count = len(levels)
    for row in table.rows:
        v = row.values

        def cell(name: str, v=v) -> tuple[int, str]:
            col = idx.get(header_key(name))
            return col, (v[col].strip() if col is not None and col < len(v) else "")

        cat_col, category = cell("区分")
        item_col, name = cell("項目")
        _, description = cell("説明")
        if not category:
            analysis.error(row.line, cat_col, "区分", "", "区分を入力してください。")
        if not name:
            analysis.error(row.line, item_col, "項目", "", "項目名を入力してください。")
            continue
        if name in seen:
            analysis.error(row.line, item_col, "項目", name, "同じ項目名が前の行にもあります。")
        seen.add(name)
        descriptors = []
        for n in range(1, level_count + 1):
            col, text = cell(f"レベル{n}")
            if not text:
                analysis.error(row.line, col, f"レベル{n}", "", f"レベル{n}の目指す行動を入力してください。")
            descriptors.append(text)
        expected = {}
        for col, type_name in expected_cols.items():
            raw = v[col].strip() if col < len(v) else ""
            if not raw:
                continue
            level = _level(raw)
            if level is None or not 1 <= level <= level_count:
                analysis.error(
                    row.line,
                    col,
                    table.headers[col],
                    raw,
                    f"期待レベルは1〜{level_count}の数字で入力してください。",
                )
            else:
                expected[type_name] = level
        analysis.rows.append(
            {
                "line": row.line,
                "category": category,
                "name": name,
                "description": description,
                "descriptors": descriptors,
                "expected": expected,
            }
        )
    if not analysis.rows and not analysis.errors:
        analysis.error(2, None, "", "", "取り込む行がありません。")
    analysis.counts = {
        "items": len(analysis.rows),
        "level_count": level_count,
        "categories": len({r["category"] for r in analysis.rows}),
    }
    return analysis


def framework_export_rows(framework, structure, types, profiles) -> tuple[list[str], list[list]]:
    headers = ["区分", "項目", "説明", *[f"レベル{n}" for n in framework.levels]]
    headers += [f"{EXPECTED_PREFIX}：{t.name}" for t in types]
    rows = []
    for category, items in structure:
        for item in items:
            rows.append(
                [category.name, item.name, item.description, *[item.descriptor(n) for n in framework.levels]]
                + [profiles.get((item.pk, t.pk), "") for t in types]
            )
    return headers, rows


def analyse_questions(content: bytes) -> Analysis:
    analysis = Analysis()
    table = _read(content, analysis)
    if table is None:
        return analysis
    idx = _index(table.headers)
    for required in ("分野", "問題文", "選択肢1", "選択肢2", "正解"):
        if header_key(required) not in idx:
            analysis.error(1, None, "", "", f"1行目に「{required}」の列がありません。")
    if analysis.errors:
        return analysis
    for row in table.rows:
        v = row.values

        def cell(name: str, v=v) -> tuple[int | None, str]:
            col = idx.get(header_key(name))
            return col, (v[col].strip() if col is not None and col < len(v) else "")

        _, category = cell("分野")
        text_col, text = cell("問題文")
        kind_col, kind_text = cell("形式")
        answer_col, answer = cell("正解")
        _, explanation = cell("解説")
        choices = [cell(f"選択肢{n}")[1] for n in range(1, MAX_CHOICES + 1)]
        while choices and not choices[-1]:
            choices.pop()
        errors_before = len(analysis.errors)
        if not category:
            analysis.error(row.line, idx[header_key("分野")], "分野", "", "分野を入力してください。")
        if not text:
            analysis.error(row.line, text_col, "問題文", "", "問題文を入力してください。")
        if len(choices) < 2 or not all(choices):
            analysis.error(
                row.line,
                idx[header_key("選択肢1")],
                "選択肢1",
                "",
                "選択肢は1から順に2つ以上入力してください。",
            )
        numbers = [
            normalize_text(p).strip() for p in re.split(r"[,、，・\s]+", normalize_text(answer)) if p.strip()
        ]
        correct = sorted({int(n) - 1 for n in numbers if n.isdigit()})
        if not numbers or len(correct) != len(numbers) or any(not 0 <= c < len(choices) for c in correct):
            analysis.error(
                row.line,
                answer_col,
                "正解",
                answer,
                f"正解は選択肢の番号（1〜{max(2, len(choices))}）で、複数なら「1,3」のように入力してください。",
            )
        kind = (
            KIND_WORDS.get(normalize_text(kind_text).strip())
            if kind_text
            else (Question.Kind.MULTIPLE if len(correct) > 1 else Question.Kind.SINGLE)
        )
        if kind is None:
            analysis.error(
                row.line, kind_col, "形式", kind_text, "形式は「単一」か「複数」と入力してください。"
            )
        elif kind == Question.Kind.SINGLE and len(correct) > 1:
            analysis.error(
                row.line, answer_col, "正解", answer, "単一選択の問題には、正解を1つだけ入力してください。"
            )
        if len(analysis.errors) == errors_before:
            analysis.rows.append(
                {
                    "line": row.line,
                    "category": category,
                    "text": text,
                    "kind": kind,
                    "choices": choices,
                    "correct": correct,
                    "explanation": explanation,
                }
            )
    if not analysis.rows and not analysis.errors:
        analysis.error(2, None, "", "", "取り込む行がありません。")
    analysis.counts = {
        "questions": len(analysis.rows),
        "categories": len({r["category"] for r in analysis.rows}),
    }
    return analysis


QUESTION_HEADERS = [
    "分野",
    "問題文",
    "形式",
    *[f"選択肢{n}" for n in range(1, MAX_CHOICES + 1)],
    "正解",
    "解説",
]


def question_export_rows(questions) -> list[list]:
    rows = []
    for q in questions:
        choices = list(q.choices) + [""] * (MAX_CHOICES - len(q.choices))
        rows.append(
            [
                q.category.name,
                q.text,
                q.get_kind_display(),
                *choices,
                ",".join(str(c + 1) for c in q.correct),
                q.explanation,
            ]
        )
    return rows
