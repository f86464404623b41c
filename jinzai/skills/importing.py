"""Skill maps and the question bank from CSV/XLSX (core/importing.py runs them), and their export layouts.

Skill map layout: 区分, 項目, 説明, レベル1 … レベル5 (3 to 5 level columns), then one column
「期待レベル：<人材像>」 per talent type. Importing under the name of an existing map compares item by
item (新しい項目 / 変更 / 変更なし) — never deletes an item —, so an exported map re-imports unchanged.
Question layout: 分野, 問題文, 形式, 選択肢1 … 選択肢6, 正解 (numbers such as 2 or 1,3), 解説; a
question is the same when its 分野 and 問題文 are.
"""

from __future__ import annotations

import re
from typing import Any

from jinzai.core import importing as imp
from jinzai.core.importing import Cells, Change, Column, Importer, Option, Plan, header_key, register_importer
from jinzai.core.params import parse_int
from jinzai.core.text import normalize_text

from .models import MAX_LEVELS, MIN_LEVELS, Framework, Item, Question, RoleProfile

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

KIND_INDEX = {header_key(word): kind for word, kind in KIND_WORDS.items()}


def expected_header(type_name: str) -> str:
    return f"{EXPECTED_PREFIX}：{type_name}"


def _types(organisation) -> list:
    from jinzai.talent.models import TalentType

    return list(TalentType.objects.filter(organisation=organisation).order_by("sort_order", "id"))


# --- skill maps ---------------------------------------------------------------------------------


@register_importer
class FrameworkImporter(Importer):
    key = "framework"
    title = "スキルマップの取込"
    lead = "区分・項目・レベルごとの目指す行動・人材像ごとの期待レベルを並べた表（CSV または Excel）を読み込みます。"
    permission = "skills.framework_manage"
    url_name = "skills:framework_import"
    parents = (("スキルマップ", "skills:framework_list"),)
    unit = "項目"
    kinds = (("add", "新しい項目"), ("update", "変わる項目"), ("unchanged", "変更なし"))
    section_titles = {"add": "追加する項目", "update": "内容が変わる項目", "unchanged": "変更のない項目"}
    done_titles = {"add": "追加した項目", "update": "内容を変えた項目", "unchanged": "変更のなかった項目"}
    display = (("category", "区分"), ("name", "項目"))
    committed_message = "スキルマップを取り込みました。"
    help_lines = (
        "レベルの列は「レベル1」から続けて3〜5列置きます。期待レベルの列は「期待レベル：人材像の名称」です（なくても構いません）。",
        "同じ名称のスキルマップがあれば、項目ごとに照らし合わせて追加・更新します。ファイルにない項目は消しません。",
        "スキルマップの「Excelに書き出す」で作ったファイルをそのまま読み込めます。",
    )
    options = (
        Option(
            "name",
            "スキルマップの名称",
            kind="text",
            required=True,
            max_length=80,
            help="新しい名称なら新しいスキルマップになり、今ある名称ならその内容を更新します。",
        ),
    )

    def get_columns(self, plan: Plan) -> tuple[Column, ...]:
        columns = [
            Column(
                "category",
                "区分",
                ("スキルの区分", "カテゴリ"),
                required=True,
                parse=imp.text(max_length=60, label="区分", normalise=False),
            ),
            Column(
                "name",
                "項目",
                ("項目名", "スキル項目"),
                required=True,
                parse=imp.text(max_length=60, label="項目名", normalise=False),
            ),
            Column(
                "description",
                "説明",
                ("項目の説明",),
                parse=imp.text(max_length=2000, label="説明", multiline=True, normalise=False),
            ),
        ]
        for n in range(1, MAX_LEVELS + 1):
            columns.append(
                Column(
                    f"level_{n}",
                    f"レベル{n}",
                    (f"Lv{n}", f"レベル{n}の目指す行動"),
                    parse=imp.text(max_length=1000, label=f"レベル{n}", multiline=True, normalise=False),
                )
            )
        if "types" not in plan.state:
            plan.state["types"] = _types(plan.organisation)
        for t in plan.state["types"]:
            columns.append(
                Column(f"expected_{t.pk}", expected_header(t.name), (f"{EXPECTED_PREFIX}（{t.name}）",))
            )
        return tuple(columns)

    def prepare(self, plan: Plan) -> None:
        st = plan.state
        levels = [n for n in range(1, MAX_LEVELS + 1) if f"level_{n}" in plan.columns]
        if levels != list(range(1, len(levels) + 1)) or not MIN_LEVELS <= len(levels) <= MAX_LEVELS:
            plan.fatal = f"「レベル1」から続けて{MIN_LEVELS}〜{MAX_LEVELS}個のレベルの列を置いてください。"
            return
        st["level_count"] = len(levels)
        name = normalize_text(plan.options.get("name") or "")
        if not name:
            plan.fatal = "スキルマップの名称を入力してください。"
            return
        framework = Framework.objects.filter(organisation=plan.organisation, name=name).first()
        st["framework"] = framework
        st["items"] = {}
        if framework is not None:
            if framework.level_count != len(levels):
                plan.fatal = (
                    f"スキルマップ「{name}」のレベルは{framework.level_count}段階ですが、ファイルは{len(levels)}段階です。"
                    "レベルの列の数を合わせるか、別の名称で取り込んでください。"
                )
                return
            profiles: dict[int, dict[int, int]] = {}
            for item_id, type_id, level in RoleProfile.objects.filter(item__framework=framework).values_list(
                "item_id", "talent_type_id", "expected_level"
            ):
                profiles.setdefault(item_id, {})[type_id] = level
            for item in Item.objects.filter(framework=framework).select_related("category"):
                st["items"][item.name] = {
                    "id": item.pk,
                    "category": item.category.name,
                    "description": item.description,
                    "descriptors": list(item.descriptors),
                    "expected": profiles.get(item.pk, {}),
                }
            plan.notices.append(
                f"スキルマップ「{name}」はすでにあるため、項目ごとに照らし合わせます（ファイルにない項目は消しません）。"
            )
        st["seen"] = {}
        st["type_names"] = {t.pk: t.name for t in st["types"]}

    def analyse_row(self, plan: Plan, row: Cells) -> None:
        st = plan.state
        category, name = row.get("category") or "", row.get("name") or ""
        if not category:
            row.error("category", "区分を入力してください。")
        if not name:
            row.error("name", "項目名を入力してください。")
        elif name in st["seen"]:
            row.error("name", f"同じ項目名が{st['seen'][name]}行目にもあります。")
        else:
            st["seen"][name] = row.line
        descriptors = []
        for n in range(1, st["level_count"] + 1):
            text_value = row.get(f"level_{n}") or ""
            if not text_value:
                row.error(f"level_{n}", f"レベル{n}の目指す行動を入力してください。")
            descriptors.append(text_value)
        expected: dict[int, int] = {}
        for type_id in st["type_names"]:
            key = f"expected_{type_id}"
            raw = normalize_text(row.get(key) or "")
            if not raw:
                continue
            level = parse_int(re.sub(r"(レベル|Lv|LV|lv)", "", raw), minimum=1, maximum=st["level_count"])
            if level is None:
                row.error(key, f"期待レベルは1〜{st['level_count']}の数字で入力してください。")
            else:
                expected[type_id] = level
        if not row.ok:
            return
        data = {
            "category": category,
            "name": name,
            "description": row.get("description") or "",
            "descriptors": descriptors,
            "expected": expected,
        }
        display = {"category": category, "name": name}
        old = st["items"].get(name)
        if old is None:
            plan.add("add", row.line, display, data=data)
            return
        data["id"] = old["id"]
        changes = []
        if old["category"] != category:
            changes.append(Change("区分", old["category"], category))
        if "description" in plan.columns and old["description"] != data["description"]:
            changes.append(
                Change(
                    "説明", imp.show_value(old["description"][:30]), imp.show_value(data["description"][:30])
                )
            )
        elif "description" not in plan.columns:
            data["description"] = old["description"]
        for n, (before, after) in enumerate(zip(old["descriptors"], descriptors, strict=False), start=1):
            if before != after:
                changes.append(
                    Change(f"レベル{n}", before[:30] + ("…" if len(before) > 30 else ""), after[:30])
                )
        for type_id, type_name in st["type_names"].items():
            if f"expected_{type_id}" not in plan.columns:
                if type_id in old["expected"]:
                    expected[type_id] = old["expected"][type_id]
                continue
            before, after = old["expected"].get(type_id), expected.get(type_id)
            if before != after:
                changes.append(
                    Change(f"期待レベル（{type_name}）", imp.show_value(before), imp.show_value(after))
                )
        plan.add("update" if changes else "unchanged", row.line, display, changes=changes, data=data)

    def done_url(self, record) -> str | None:
        from django.urls import reverse

        framework = (record.summary.get("result") or {}).get("framework")
        return reverse("skills:framework_detail", kwargs={"pk": framework}) if framework else None

    def apply(self, plan: Plan, actor) -> dict[str, Any]:
        from .services.frameworks import framework_import_apply

        return framework_import_apply(actor=actor, plan=plan)


def framework_export_rows(framework, structure, types, profiles) -> tuple[list[str], list[list]]:
    """The layout FrameworkImporter reads: the export of a map re-imports unchanged."""
    headers = ["区分", "項目", "説明", *[f"レベル{n}" for n in framework.levels]]
    headers += [expected_header(t.name) for t in types]
    rows = []
    for category, items in structure:
        for item in items:
            rows.append(
                [category.name, item.name, item.description, *[item.descriptor(n) for n in framework.levels]]
                + [profiles.get((item.pk, t.pk), "") for t in types]
            )
    return headers, rows


# --- question bank ------------------------------------------------------------------------------


def _answer_numbers(raw: str) -> list[str]:
    return [p for p in re.split(r"[,、，・\s]+", normalize_text(raw)) if p]


@register_importer
class QuestionImporter(Importer):
    key = "question"
    title = "問題の取込"
    lead = "知識テストの問題（分野・問題文・選択肢・正解・解説）の表（CSV または Excel）を読み込みます。"
    permission = "skills.test_manage"
    url_name = "skills:question_import"
    parents = (("問題", "skills:question_list"),)
    unit = "問"
    kinds = (("add", "新しい問題"), ("update", "変わる問題"), ("unchanged", "変更なし"))
    section_titles = {"add": "追加する問題", "update": "内容が変わる問題", "unchanged": "変更のない問題"}
    done_titles = {"add": "追加した問題", "update": "内容を変えた問題", "unchanged": "変更のなかった問題"}
    display = (("category", "分野"), ("text", "問題文"))
    committed_message = "問題を取り込みました。"
    help_lines = (
        "正解は選択肢の番号で書きます。複数なら「1,3」のように区切ります。形式が空なら、正解の数で単一・複数を決めます。",
        "分野と問題文が同じ問題は同じ問題として照らし合わせます。問題の「書き出す」で作ったファイルをそのまま読み込めます。",
    )
    columns = (
        Column(
            "category",
            "分野",
            ("カテゴリ", "問題の分野"),
            required=True,
            parse=imp.text(max_length=60, label="分野", normalise=False),
        ),
        Column(
            "text",
            "問題文",
            ("問題", "設問"),
            required=True,
            parse=imp.text(max_length=2000, label="問題文", multiline=True, normalise=False),
        ),
        Column("kind", "形式", ("出題形式", "回答形式")),
        *[
            Column(
                f"choice_{n}",
                f"選択肢{n}",
                (f"選択肢{'１２３４５６'[n - 1]}",),
                required=n <= 2,
                parse=imp.text(max_length=500, label=f"選択肢{n}", normalise=False),
            )
            for n in range(1, MAX_CHOICES + 1)
        ],
        Column("correct", "正解", ("答え", "正答"), required=True),
        Column(
            "explanation",
            "解説",
            ("説明",),
            parse=imp.text(max_length=2000, label="解説", multiline=True, normalise=False),
        ),
    )

    def prepare(self, plan: Plan) -> None:
        st = plan.state
        st["existing"] = {}
        for q in Question.objects.filter(organisation=plan.organisation).select_related("category"):
            st["existing"][(q.category.name, q.text)] = q
        st["seen"] = {}

    def analyse_row(self, plan: Plan, row: Cells) -> None:
        st = plan.state
        category, text_value = row.get("category") or "", row.get("text") or ""
        if not category:
            row.error("category", "分野を入力してください。")
        if not text_value:
            row.error("text", "問題文を入力してください。")
        choices = [row.get(f"choice_{n}") or "" for n in range(1, MAX_CHOICES + 1)]
        while choices and not choices[-1]:
            choices.pop()
        if len(choices) < 2 or not all(choices):
            row.error("choice_1", "選択肢は1から順に2つ以上入力してください。")
        answer = row.get("correct") or ""
        numbers = _answer_numbers(answer)
        correct = sorted(
            {n - 1 for p in numbers if (n := parse_int(p, minimum=1, maximum=MAX_CHOICES)) is not None}
        )
        if not numbers or len(correct) != len(numbers) or any(c >= len(choices) for c in correct):
            row.error(
                "correct",
                f"正解は選択肢の番号（1〜{max(2, len(choices))}）で、複数なら「1,3」のように入力してください。",
            )
        kind_text = row.get("kind") or ""
        if kind_text:
            kind = KIND_INDEX.get(header_key(kind_text))
            if kind is None:
                row.error("kind", "形式は「単一」か「複数」と入力してください。")
        else:
            kind = Question.Kind.MULTIPLE if len(correct) > 1 else Question.Kind.SINGLE
        if kind == Question.Kind.SINGLE and len(correct) > 1:
            row.error("correct", "単一選択の問題には、正解を1つだけ入力してください。")
        if not row.ok:
            return
        key = (category, text_value)
        if key in st["seen"]:
            row.error("text", f"同じ分野・問題文の問題が{st['seen'][key]}行目にもあります。")
            return
        st["seen"][key] = row.line
        data = {
            "category": category,
            "text": text_value,
            "kind": kind,
            "choices": choices,
            "correct": correct,
            "explanation": row.get("explanation") or "",
        }
        display = {"category": category, "text": text_value[:60]}
        old = st["existing"].get(key)
        if old is None:
            plan.add("add", row.line, display, data=data)
            return
        data["id"] = old.pk
        changes = []
        for field, label in (
            ("kind", "形式"),
            ("choices", "選択肢"),
            ("correct", "正解"),
            ("explanation", "解説"),
        ):
            before, after = getattr(old, field), data[field]
            if before != after:
                if field == "correct":
                    before, after = ",".join(str(c + 1) for c in before), ",".join(str(c + 1) for c in after)
                elif field == "kind":
                    before, after = Question.Kind(before).label, Question.Kind(after).label
                elif field == "choices":
                    before, after = "／".join(before), "／".join(after)
                changes.append(
                    Change(label, imp.show_value(str(before)[:40]), imp.show_value(str(after)[:40]))
                )
        plan.add("update" if changes else "unchanged", row.line, display, changes=changes, data=data)

    def done_url(self, record) -> str | None:
        from django.urls import reverse

        return reverse("skills:question_list")

    def apply(self, plan: Plan, actor) -> dict[str, Any]:
        from .services.knowledge import question_import_apply

        return question_import_apply(actor=actor, plan=plan)


QUESTION_HEADERS = [c.label for c in QuestionImporter.columns]


def question_export_rows(questions) -> list[list]:
    """The layout QuestionImporter reads."""
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
