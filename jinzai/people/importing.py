"""The staff import (人事給与システムの職員ファイル): its columns and how a row compares with the database.

The pipeline (reading, headers, parsing, preview, commit) is core/importing.py; the write step is
``people.services.staff_import_apply``. A row is 新規 (a new 職員番号), 異動 (another unit or grade:
a new assignment from the effective date), 変更 (master data), 退職 (a 退職日 appears, or — with
全件照合 — the person is missing from the file) or 変更なし.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from jinzai.core import importing as imp
from jinzai.core.dates import format_date
from jinzai.core.importing import Cells, Change, Column, Importer, Option, Plan, register_importer, show_value
from jinzai.core.models import Grade, Organisation
from jinzai.core.selectors import active_units, unit_paths
from jinzai.core.text import normalize_text

from .models import Assignment, EmploymentType, Staff

EMPLOYMENT_VARIANTS: dict[str, str] = {
    **{label: value for value, label in EmploymentType.choices},
    "正規職員": EmploymentType.REGULAR,
    "正職員": EmploymentType.REGULAR,
    "常勤": EmploymentType.REGULAR,
    "常勤職員": EmploymentType.REGULAR,
    "一般職": EmploymentType.REGULAR,
    "再任用職員": EmploymentType.REAPPOINTED,
    "再任用短時間": EmploymentType.REAPPOINTED,
    "再任用短時間勤務職員": EmploymentType.REAPPOINTED,
    "再任用フルタイム": EmploymentType.REAPPOINTED,
    "任期付職員": EmploymentType.FIXED_TERM,
    "一般任期付": EmploymentType.FIXED_TERM,
    "一般任期付職員": EmploymentType.FIXED_TERM,
    "特定任期付職員": EmploymentType.SPECIFIC_FIXED_TERM,
    "会計年度任用職員": EmploymentType.FISCAL_YEAR,
    "会計年度": EmploymentType.FISCAL_YEAR,
    "臨時的任用職員": EmploymentType.TEMPORARY,
    "臨時": EmploymentType.TEMPORARY,
    "臨時職員": EmploymentType.TEMPORARY,
}
EMPLOYMENT_EXAMPLES = "、".join(label for _, label in EmploymentType.choices)
UNIT_PART_KEYS = ("unit_department", "unit_division", "unit_section")
MASTER_KEYS = ("name", "kana", "employment_type", "hired_on", "retired_on", "birth_date", "email", "phone")
LABELS = {
    "name": "氏名",
    "kana": "ふりがな",
    "employment_type": "任用形態",
    "hired_on": "採用年月日",
    "retired_on": "退職日",
    "birth_date": "生年月日",
    "email": "メール",
    "phone": "電話（内線）",
}

_UNIT_SEPARATORS = re.compile(r"\s*[／/＞>|｜\\¥]\s*|\s+")
_UNIT_SUFFIX_SPLIT = re.compile(r"(.+?(?:部|局|課|室|係|班|センター))(?=.)")


def unit_name_key(text: str) -> str:
    return re.sub(r"\s+", "", normalize_text(text))


# --- unit and grade resolution -------------------------------------------------------------------


class UnitResolver:
    """Finds units by code, by path ("総務部総務課人事係", "総務部 ／ 総務課") or by a unique name."""

    def __init__(self, organisation: Organisation, on: date):
        self.units = {u.pk: u for u in active_units(organisation, on)}
        self.by_code = {u.code: u.pk for u in self.units.values() if u.code}
        self.children: dict[int | None, dict[str, int]] = defaultdict(dict)
        by_name: dict[str, list[int]] = defaultdict(list)
        for unit in self.units.values():
            parent = unit.parent_id if unit.parent_id in self.units else None
            self.children[parent][unit_name_key(unit.name)] = unit.pk
            by_name[unit_name_key(unit.name)].append(unit.pk)
        self.unique_name = {name: ids[0] for name, ids in by_name.items() if len(ids) == 1}
        self.paths = {
            pk: tuple(p.split(" ／ ")) for pk, p in unit_paths(organisation).items() if pk in self.units
        }

    def _walk(self, segments: list[str], start: int | None) -> int | None:
        node = start
        for seg in segments:
            node = self.children.get(node, {}).get(seg)
            if node is None:
                return None
        return node

    def _concat(self, text: str, parent: int | None) -> int | None:
        """Match a string with no separators against concatenated names down the tree."""
        for name, pk in self.children.get(parent, {}).items():
            if text == name:
                return pk
            if text.startswith(name):
                found = self._concat(text[len(name) :], pk)
                if found is not None:
                    return found
        return None

    def resolve(self, segments: list[str]) -> tuple[int | None, tuple[str, ...]]:
        """Return (unit id or None, the path as written/split) for the given name segments."""
        segments = [unit_name_key(s) for s in segments if unit_name_key(s)]
        if not segments:
            return None, ()
        if len(segments) == 1:
            text = segments[0]
            pk = self._concat(text, None)
            if pk is None and text in self.unique_name:
                pk = self.unique_name[text]
            if pk is None:
                for name, uid in self.unique_name.items():
                    if text.startswith(name) and uid in self.children:
                        pk = self._concat(text[len(name) :], uid)
                        if pk is not None:
                            break
            if pk is not None:
                return pk, self.paths.get(pk, (text,))
            return None, tuple(_UNIT_SUFFIX_SPLIT.sub(r"\1\n", text).split("\n"))
        pk = self._walk(segments, None)
        if pk is None and segments[0] in self.unique_name:
            pk = self._walk(segments[1:], self.unique_name[segments[0]])
        if pk is not None:
            return pk, self.paths.get(pk, tuple(segments))
        return None, tuple(segments)

    def split_cell(self, text: str) -> list[str]:
        return [s for s in _UNIT_SEPARATORS.split(normalize_text(text)) if s]


class GradeResolver:
    def __init__(self, organisation: Organisation):
        self.index: dict[str, int] = {}
        for grade in Grade.objects.filter(organisation=organisation):
            for name in [grade.name, *grade.alias_list()]:
                self.index[unit_name_key(name)] = grade.pk
                self.index[unit_name_key(name).rstrip("級職")] = grade.pk

    def resolve(self, text: str) -> int | None:
        key = unit_name_key(text)
        return self.index.get(key) or self.index.get(key.rstrip("級職"))


# --- the importer --------------------------------------------------------------------------------


@dataclass
class StaffRow:
    """What the apply step needs of one row (or of a full sync's retirement)."""

    staff_no: str
    values: dict[str, Any] = field(default_factory=dict)
    staff_id: int | None = None
    unit_id: int | None = None
    unit_path: tuple[str, ...] | None = None
    grade_name: str | None = None
    concurrent: frozenset[int] | None = None  # 兼務: the units, when the file has the column


def transfer_refusal(current_start: date | None, effective: date) -> str | None:
    """The one rule of a transfer's date, shared by the transfer form and the import: the new
    assignment must start after the open one did (it ends the day before)."""
    if current_start is not None and effective <= current_start:
        return (
            f"異動の発令日が、現在の配属の開始日（{format_date(current_start)}）以前です。"
            "発令日をそれより後の日付にしてください。"
        )
    return None


def retirement_date(effective: date) -> date:
    """Staff missing from a full-sync file retire the day before the effective date."""
    return effective - timedelta(days=1)


@register_importer
class StaffImporter(Importer):
    key = "staff"
    title = "職員データ取込"
    lead = "人事給与システムから書き出した職員一覧（CSV または Excel）を読み込みます。"
    permission = "people.staff_import"
    url_name = "people:staff_import"
    parents = (("職員一覧", "people:staff_list"),)
    unit = "名"
    kinds = (
        ("add", "新規"),
        ("transfer", "異動"),
        ("update", "変更"),
        ("retire", "退職"),
        ("unchanged", "変更なし"),
    )
    changes_shown_for = ("transfer", "update", "retire")
    section_titles = {
        "add": "新規に登録する職員",
        "transfer": "異動する職員",
        "update": "情報が変わる職員",
        "retire": "退職とする職員",
        "unchanged": "変更のない職員",
    }
    done_titles = {
        "add": "新規に登録した職員",
        "transfer": "異動した職員",
        "update": "情報を変えた職員",
        "retire": "退職とした職員",
        "unchanged": "変更のなかった職員",
    }
    display = (("staff_no", "職員番号"), ("name", "氏名"), ("unit", "所属"))
    committed_message = "職員データの取込を反映しました。"
    discarded_message = "取込を取り消しました。職員データは変わっていません。"
    help_lines = (
        "氏名は1つの列でも、姓・名の2列でも読めます。所属は「総務部総務課人事係」のような1つの列、所属部・所属課・所属係の列、所属コードのどれでも読めます。",
        "職員番号の先頭の 0 は保たれます。空のセルはその項目を空にします（列がない項目は変わりません）。",
    )
    columns = (
        Column(
            "staff_no",
            "職員番号",
            ("職員コード", "職員No", "職員NO", "職員ID", "職員CD", "社員番号", "個人番号"),
            required=True,
            parse=imp.staff_no,
        ),
        Column("name", "氏名", ("名前", "職員氏名", "氏名漢字", "漢字氏名"), parse=imp.person_name),
        Column("family_name", "姓", ("氏", "姓漢字"), parse=imp.text(max_length=50, label="姓")),
        Column("given_name", "名", ("名漢字",), parse=imp.text(max_length=50, label="名")),
        Column(
            "kana",
            "ふりがな",
            ("フリガナ", "カナ氏名", "氏名カナ", "氏名かな", "よみがな", "ヨミガナ", "カナ"),
            parse=imp.kana,
        ),
        Column(
            "unit",
            "所属",
            ("所属名", "所属部署", "部署", "配属先", "所属部課係"),
            parse=imp.text(label="所属"),
        ),
        Column(
            "unit_code",
            "所属コード",
            ("所属CD", "部署コード"),
            parse=imp.text(max_length=30, label="所属コード"),
        ),
        Column("unit_department", "所属部", ("部", "部局", "所属部局"), parse=imp.text(label="所属部")),
        Column("unit_division", "所属課", ("課", "課名", "所属課室"), parse=imp.text(label="所属課")),
        Column("unit_section", "所属係", ("係", "係名", "担当", "所属担当"), parse=imp.text(label="所属係")),
        Column(
            "grade", "職名", ("職位", "職級", "役職", "職層"), parse=imp.text(max_length=50, label="職名")
        ),
        Column(
            "employment_type",
            "任用形態",
            ("任用区分", "雇用区分", "雇用形態", "職員区分"),
            parse=imp.choice(EMPLOYMENT_VARIANTS, examples=EMPLOYMENT_EXAMPLES, label="任用形態"),
        ),
        Column("hired_on", "採用年月日", ("採用日", "入庁日", "採用年月日和暦"), parse=imp.date_value),
        Column("retired_on", "退職日", ("退職年月日", "離職日"), parse=imp.date_value),
        Column(
            "concurrent",
            "兼務",
            ("兼務先", "兼務所属", "兼務発令"),
            parse=imp.text(max_length=400, label="兼務"),
            help="兼務する所属（例: 総務部情報政策課）。2つ以上は「、」で区切ります。空欄は兼務なしです。",
        ),
        Column(
            "birth_date",
            "生年月日",
            ("誕生日", "生年月日和暦"),
            parse=imp.date_value,
            help="任意。人事担当と本人だけが見られます。",
        ),
        Column("email", "メール", ("メールアドレス", "Eメール", "E-mail", "email", "mail"), parse=imp.email),
        Column("phone", "電話（内線）", ("電話", "電話番号", "内線", "内線番号"), parse=imp.phone),
    )
    options = (
        Option(
            "effective_date",
            "異動の発令日",
            kind="date",
            default="today",
            help="所属や職名が変わった職員の新しい配属は、この日から始まります。",
        ),
        Option(
            "full_sync",
            "全件照合（ファイルにない在職者を退職として扱う）",
            help="人事給与システムから全職員を書き出したファイルのときだけ選びます。退職日は発令日の前日になります。",
        ),
        Option("create_units", "登録されていない所属を作成する"),
        Option("create_grades", "登録されていない職名を追加する"),
    )

    def missing_columns(self, found: set[str], plan: Plan) -> list[str]:
        missing = [] if "staff_no" in found else ["職員番号"]
        if "name" not in found and not {"family_name", "given_name"} <= found:
            missing.append("氏名")
        return missing

    # --- analysis ---------------------------------------------------------------------------------
    def prepare(self, plan: Plan) -> None:
        org = plan.organisation
        effective = imp.option_date(plan, "effective_date")
        st = plan.state
        st["effective"] = effective
        st["units"] = UnitResolver(org, effective)
        st["grades"] = GradeResolver(org)
        st["grade_names"] = dict(Grade.objects.filter(organisation=org).values_list("pk", "name"))
        st["existing"] = {
            row["staff_no"]: row
            for row in Staff.objects.filter(organisation=org).values(
                "id", "staff_no", "current_unit_id", "grade_id", *MASTER_KEYS
            )
        }
        st["open_starts"] = dict(
            Assignment.objects.filter(organisation=org, ended_on__isnull=True).values_list(
                "staff_id", "started_on"
            )
        )
        st["seen"] = {}
        if "concurrent" in plan.columns:
            from .models import ConcurrentPost

            open_posts: dict[int, set[int]] = defaultdict(set)
            for staff_id, unit_id in ConcurrentPost.objects.filter(
                organisation=org, ended_on__isnull=True
            ).values_list("staff_id", "unit_id"):
                open_posts[staff_id].add(unit_id)
            st["concurrent_open"] = {k: frozenset(v) for k, v in open_posts.items()}
        st["new_units"] = defaultdict(list)
        st["new_grades"] = defaultdict(list)
        unit_keys = [k for k in ("unit", *UNIT_PART_KEYS, "unit_code") if k in plan.columns]
        st["unit_key"] = unit_keys[0] if unit_keys else None
        if "employment_type" not in plan.columns:
            plan.notices.append("「任用形態」の列がないため、新しく登録する職員は「正規」として登録します。")
        if not unit_keys:
            plan.notices.append(
                "所属の列がないため、所属は変更しません（新しい職員は所属なしで登録します）。"
            )

    def _name(self, row: Cells) -> str:
        if row.has("name"):
            return row.get("name") or ""
        family, given = row.get("family_name") or "", row.get("given_name") or ""
        return f"{family}\u3000{given}".strip("\u3000") if family or given else ""

    def _unit(
        self, plan: Plan, row: Cells, retired_on: date | None
    ) -> tuple[int | None, tuple[str, ...] | None]:
        st = plan.state
        units: UnitResolver = st["units"]
        unit_key = st["unit_key"]
        if unit_key is None:
            return None, None
        code = row.get("unit_code") or ""
        if code and code in units.by_code:
            unit_id = units.by_code[code]
            return unit_id, units.paths.get(unit_id)
        if row.has("unit"):
            segments = units.split_cell(row.get("unit") or "")
        else:
            segments = [s for s in (row.get(k) or "" for k in UNIT_PART_KEYS) if s]
        if segments:
            unit_id, path = units.resolve(segments)
            if unit_id is None:
                if plan.options.get("create_units"):
                    st["new_units"][path].append(row.line)
                else:
                    row.error(
                        unit_key,
                        "この所属は登録されていません。所属名を確かめるか、"
                        "「登録されていない所属を作成する」を選んでもう一度確認してください。",
                        " ／ ".join(path),
                    )
            return unit_id, path
        if code:
            row.error("unit_code", f"所属コード「{code}」の所属は登録されていません。")
        elif retired_on is None:
            row.error(unit_key, "所属が空です。")
        return None, None

    def analyse_row(self, plan: Plan, row: Cells) -> None:
        st = plan.state
        staff_no = row.get("staff_no")
        if staff_no:
            if staff_no in st["seen"]:
                row.error(
                    "staff_no",
                    f"職員番号「{staff_no}」が{st['seen'][staff_no]}行目と重複しています。",
                    staff_no,
                )
            else:
                st["seen"][staff_no] = row.line
        name = self._name(row)
        name_key = "name" if row.has("name") else "family_name"
        raw_name = (
            row.raw("name")
            if row.has("name")
            else (row.raw("family_name") or "") + (row.raw("given_name") or "")
        )
        if not name and not normalize_text(raw_name or ""):
            row.error(name_key, "氏名が空です。")
        values: dict[str, Any] = {"name": name}
        for key in MASTER_KEYS[1:]:
            if row.has(key):
                values[key] = row.get(key)
        if row.has("employment_type") and values.get("employment_type") is None:
            values.pop("employment_type")
        retired_on = values.get("retired_on")
        unit_id, unit_path = self._unit(plan, row, retired_on)
        grade_id, grade_name = None, row.get("grade") or None
        if grade_name:
            grade_id = st["grades"].resolve(grade_name)
            if grade_id is None:
                if plan.options.get("create_grades"):
                    st["new_grades"][grade_name].append(row.line)
                else:
                    row.error(
                        "grade",
                        "この職名は登録されていません。職名を確かめるか、「登録されていない職名を追加する」を選んでください。",
                    )
        concurrent = self._concurrent(plan, row) if row.has("concurrent") else None
        if not row.ok:
            return
        data = StaffRow(
            staff_no,
            values,
            unit_id=unit_id,
            unit_path=unit_path,
            grade_name=grade_name,
            concurrent=concurrent,
        )
        display = {"staff_no": staff_no, "name": name, "unit": " ／ ".join(unit_path or ())}
        current = st["existing"].get(staff_no)
        if current is None:
            values.setdefault("employment_type", EmploymentType.REGULAR)
            plan.add("add", row.line, display, data=data)
            return
        data.staff_id = current["id"]
        changes = [
            Change(LABELS[key], _show(key, current[key]), _show(key, new))
            for key, new in values.items()
            if (current[key] or None) != (new or None)
        ]
        # A retired person keeps their history: a unit or grade in the file is not a transfer for them.
        stays_retired = retired_on is not None or (
            "retired_on" not in values and current["retired_on"] is not None
        )
        retiring = retired_on is not None and current["retired_on"] is None
        moved = False
        paths = st["units"].paths
        if (
            not stays_retired
            and st["unit_key"] is not None
            and (unit_id is not None or unit_path)
            and (unit_id is None or unit_id != current["current_unit_id"])
        ):
            old_path = " ／ ".join(paths.get(current["current_unit_id"], ())) or "（なし）"
            changes.append(Change("所属", old_path, " ／ ".join(unit_path or ())))
            moved = True
        if (
            not stays_retired
            and row.has("grade")
            and (grade_id != current["grade_id"] or (grade_id is None and grade_name))
        ):
            old_grade = st["grade_names"].get(current["grade_id"], "（なし）")
            changes.append(Change("職名", old_grade, grade_name or "（なし）"))
            moved = True
        if moved and retired_on is None and current["retired_on"] is None:
            refusal = transfer_refusal(st["open_starts"].get(current["id"]), st["effective"])
            if refusal:
                row.error("発令日", refusal, format_date(st["effective"]))
                return
        if concurrent is not None and not stays_retired:
            before = st["concurrent_open"].get(current["id"], frozenset())
            if before != concurrent:
                changes.append(Change("兼務", _unit_names(paths, before), _unit_names(paths, concurrent)))
            else:
                data.concurrent = None  # nothing to write
        elif concurrent is not None:
            data.concurrent = None
        kind = "retire" if retiring else "transfer" if moved else "update" if changes else "unchanged"
        plan.add(kind, row.line, display, changes=changes, data=data)

    def _concurrent(self, plan: Plan, row: Cells) -> frozenset[int]:
        """The units of the 兼務 cell (「、」 between two or more); each must be a registered unit."""
        units: UnitResolver = plan.state["units"]
        found: set[int] = set()
        for part in re.split(r"[、，,;；]", row.get("concurrent") or ""):
            if not normalize_text(part):
                continue
            unit_id, path = units.resolve(units.split_cell(part))
            if unit_id is None:
                row.error(
                    "concurrent",
                    f"兼務先「{' ／ '.join(path)}」は登録されていない所属です。所属名を確かめてください。",
                )
                continue
            found.add(unit_id)
        return frozenset(found)

    def finish(self, plan: Plan) -> None:
        st = plan.state
        for path, lines in st["new_units"].items():
            plan.extras.setdefault("作成する所属", []).append(f"{' ／ '.join(path)}（{_lines(lines)}行目）")
        for grade, lines in st["new_grades"].items():
            plan.extras.setdefault("追加する職名", []).append(f"{grade}（{_lines(lines)}行目）")
        if not plan.options.get("full_sync"):
            return
        last_day = retirement_date(st["effective"])
        paths = st["units"].paths
        for staff_no, current in st["existing"].items():
            if staff_no not in st["seen"] and current["retired_on"] is None:
                plan.add(
                    "retire",
                    None,
                    {
                        "staff_no": staff_no,
                        "name": current["name"],
                        "unit": " ／ ".join(paths.get(current["current_unit_id"], ())),
                    },
                    changes=[Change("退職日", "（なし）", format_date(last_day) + "（ファイルにないため）")],
                    data=StaffRow(staff_no, {"retired_on": last_day}, staff_id=current["id"]),
                )

    def lock_for(self, organisation, context) -> None:
        # Serialise staff imports and on-screen edits of the organisation's staff.
        list(
            Staff.objects.select_for_update()
            .filter(organisation=organisation)
            .values_list("pk", flat=True)[:1]
        )

    def apply(self, plan: Plan, actor) -> dict:
        from .services import staff_import_apply

        return staff_import_apply(actor=actor, plan=plan)

    def commit_detail(self, plan: Plan) -> dict:
        return {
            "effective_date": plan.state["effective"].isoformat(),
            "full_sync": bool(plan.options.get("full_sync")),
        }


def _unit_names(paths: dict, unit_ids) -> str:
    names = sorted(" ／ ".join(paths.get(pk, ())) for pk in unit_ids)
    return "、".join(n for n in names if n) or "（なし）"


def _lines(lines: list[int]) -> str:
    shown = "、".join(str(n) for n in lines[:20])
    return shown + ("…" if len(lines) > 20 else "")


def _show(key: str, value: Any) -> str:
    if key == "employment_type" and value:
        return EmploymentType(value).label
    return show_value(value)
