"""The designation import (指定の一括取込): its columns and how a row compares with the designations.

The pipeline is core/importing.py; the write step is ``talent.services.designation_import_apply``.
A row is 新規 (no designation of that person, type and sub-role on its dates), 変更 (the designation
with the same start date exists and its end, method, duties or note differ), or 変更なし (it exists
as written, or the person holds it now). The designation list export re-imports unchanged.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from jinzai.core import importing as imp
from jinzai.core.dates import format_date
from jinzai.core.importing import Cells, Change, Column, Importer, Option, Plan, name_key, register_importer
from jinzai.core.selectors import unit_paths
from jinzai.core.text import normalize_text, search_key
from jinzai.people.models import Staff

from ..models import Designation, SubRole, TalentType

MAX_DUTIES = 2000
M = Designation.Method
_METHOD_WORDS: dict[str, tuple[str, ...]] = {
    M.VOLUNTEER: ("手挙げ", "手上げ", "手挙", "庁内公募", "公募", "自薦", "立候補", "応募", "volunteer"),
    M.NOMINATED: (
        "指名",
        "指名（兼務発令なし）",
        "兼務発令なし",
        "兼務発令無し",
        "兼務発令無",
        "発令なし",
        "指名のみ",
        "任命",
        "推薦",
        "他薦",
        "nominated",
    ),
    M.APPOINTED: (
        "指名（兼務発令あり）",
        "兼務発令あり",
        "兼務発令有り",
        "兼務発令有",
        "発令あり",
        "兼務発令",
        "兼務",
        "兼務辞令",
        "併任",
        "兼任",
        "appointed",
    ),
}
METHOD_VARIANTS: dict[str, str] = {
    **{word: method for method, words in _METHOD_WORDS.items() for word in words},
    **{label: value for value, label in M.choices},
}
METHOD_INDEX = {imp.header_key(word): method for word, method in METHOD_VARIANTS.items()}
METHOD_EXAMPLES = "手挙げ、指名（兼務発令なし）、兼務発令あり"
_EMBEDDED_SUB_ROLE = re.compile(r"^(.+?)\((.+)\)$")


class TypeResolver:
    """Finds talent types by name and their sub-roles; knows which type a stray sub-role belongs to."""

    def __init__(self, organisation):
        self.types = {t.pk: t for t in TalentType.objects.filter(organisation=organisation)}
        self.by_name = {name_key(t.name): t.pk for t in self.types.values()}
        self.sub_roles: dict[int, dict[str, SubRole]] = defaultdict(dict)
        self.sub_role_owners: dict[str, list[str]] = defaultdict(list)
        for sub in SubRole.objects.filter(organisation=organisation).order_by("sort_order", "id"):
            self.sub_roles[sub.talent_type_id][name_key(sub.name)] = sub
            owner = self.types.get(sub.talent_type_id)
            if owner is not None:
                self.sub_role_owners[name_key(sub.name)].append(owner.name)

    def find_type(self, text: str) -> tuple[TalentType | None, SubRole | None]:
        """The type named ``text``; "DX推進リーダー（業務担当）" also finds the type with its sub-role."""
        key = name_key(text)
        pk = self.by_name.get(key)
        if pk is not None:
            return self.types[pk], None
        m = _EMBEDDED_SUB_ROLE.match(key)
        if m:
            pk = self.by_name.get(m[1])
            if pk is not None:
                sub = self.sub_roles[pk].get(m[2])
                if sub is not None:
                    return self.types[pk], sub
        return None, None

    def type_names(self) -> str:
        return "、".join(
            t.name for t in sorted(self.types.values(), key=lambda t: (t.sort_order, t.pk)) if t.is_active
        )


@dataclass
class DesignationRow:
    staff_id: int
    talent_type_id: int
    sub_role_id: int | None
    method: str
    duties: str
    started_on: date
    ended_on: date | None
    end_reason: str
    note: str
    existing_id: int | None = None


@register_importer
class DesignationImporter(Importer):
    key = "designation"
    title = "指定の一括取込"
    lead = "DX推進リーダーなどに指定する職員の一覧（CSV または Excel）を読み込みます。"
    permission = "talent.designation_import"
    url_name = "talent:designation_import"
    parents = (("人材の指定", "talent:designation_list"),)
    unit = "件"
    kinds = (("add", "新規の指定"), ("update", "変更"), ("unchanged", "変更なし"))
    section_titles = {
        "add": "新しく指定する人",
        "update": "内容が変わる指定",
        "unchanged": "指定済みで変更のない人",
    }
    done_titles = {
        "add": "新しく指定した人",
        "update": "内容を変えた指定",
        "unchanged": "指定済みで変更のなかった人",
    }
    display = (
        ("staff_no", "職員番号"),
        ("name", "氏名"),
        ("unit", "所属"),
        ("role", "人材像"),
        ("period", "期間"),
    )
    committed_message = "指定の取込を反映しました。"
    discarded_message = "取込を取り消しました。指定は変わっていません。"
    help_lines = (
        "人材像は登録済みの名称で書きます。「DX推進リーダー（業務担当）」のように区分を続けて書くこともできます。",
        "指定方法が空なら「指名・兼務発令なし」、開始日が空なら上で選んだ日から指定します。",
        "氏名が書いてあれば、職員番号の人と合っているか確かめます。先頭の 0 が省かれた職員番号も読めます。",
        "指定一覧の書き出しファイル（ふりがな・所属・状態の列を含む）をそのまま読み込めます。",
    )
    columns = (
        Column(
            "staff_no",
            "職員番号",
            ("職員コード", "職員No", "職員NO", "職員ID", "職員CD", "社員番号", "個人番号"),
            required=True,
            parse=imp.staff_no,
        ),
        Column("name", "氏名", ("名前", "職員氏名", "氏名漢字", "漢字氏名")),
        Column("kana", "ふりがな", ("フリガナ", "カナ氏名", "氏名カナ"), informational=True),
        Column("unit", "所属", ("所属名", "部署"), informational=True),
        Column(
            "talent_type",
            "人材像",
            ("人材像名", "人材の類型", "人材類型", "類型", "人材区分", "人材の種類", "指定人材像"),
            required=True,
        ),
        Column("sub_role", "区分", ("サブロール", "人材像区分", "担当区分", "役割区分", "役割")),
        Column("method", "指定方法", ("指定の方法", "選定方法", "選任方法", "任命方法", "方法", "指定区分")),
        Column(
            "duties",
            "事務分掌",
            ("分掌事務", "担当事務", "担当業務", "職務内容", "業務内容"),
            parse=imp.text(max_length=MAX_DUTIES, label="事務分掌", multiline=True),
        ),
        Column(
            "started_on",
            "開始日",
            ("指定日", "指定開始日", "開始年月日", "指定年月日", "発令日", "任命日"),
            parse=imp.date_value,
        ),
        Column(
            "ended_on", "終了日", ("指定終了日", "終了年月日", "解除日", "任期満了日"), parse=imp.date_value
        ),
        Column("end_reason", "終了の理由", ("終了理由", "解除理由"), parse=imp.text(label="終了の理由")),
        Column("status", "状態", (), informational=True),
        Column("note", "備考", ("メモ", "特記事項"), parse=imp.text(label="備考")),
    )
    options = (
        Option(
            "default_start_date",
            "開始日が空の行の開始日",
            kind="date",
            default="today",
            help="ファイルに開始日の列がないとき、または開始日が空の行に使います。",
        ),
    )

    def prepare(self, plan: Plan) -> None:
        org = plan.organisation
        st = plan.state
        st["types"] = TypeResolver(org)
        st["staff"] = {
            row["staff_no"]: row
            for row in Staff.objects.filter(organisation=org).values(
                "id", "staff_no", "name", "retired_on", "current_unit_id"
            )
        }
        st["short"] = defaultdict(list)  # "101" -> ["000101"]
        for number in st["staff"]:
            if number.isascii() and number.isdigit() and number.startswith("0"):
                st["short"][number.lstrip("0")].append(number)
        st["paths"] = unit_paths(org)
        st["existing"] = defaultdict(list)
        for d in Designation.objects.filter(organisation=org).values(
            "id",
            "staff_id",
            "talent_type_id",
            "sub_role_id",
            "started_on",
            "ended_on",
            "method",
            "duties",
            "note",
            "end_reason",
        ):
            st["existing"][(d["staff_id"], d["talent_type_id"], d["sub_role_id"])].append(d)
        from jinzai.core.services import today

        st["today"] = today()
        st["seen"] = {}
        st["padded"] = []
        st["default_start"] = imp.option_date(plan, "default_start_date")
        if "method" not in plan.columns:
            plan.notices.append("「指定方法」の列がないため、指定の方法は「指名・兼務発令なし」とします。")
        if "started_on" not in plan.columns:
            plan.notices.append(
                f"「開始日」の列がないため、開始日はすべて {format_date(st['default_start'])} とします。"
            )

    def _staff(self, plan: Plan, row: Cells) -> dict | None:
        st = plan.state
        number = row.get("staff_no")
        if not number:
            return None
        staff = st["staff"].get(number)
        if staff is None and number.isascii() and number.isdigit():
            candidates = st["short"].get(number.lstrip("0"), [])
            if len(candidates) == 1:
                staff = st["staff"][candidates[0]]
                st["padded"].append(row.line)
        if staff is None:
            row.error(
                "staff_no",
                f"職員番号「{number}」の職員は登録されていません。職員番号を確かめるか、先に職員データを取り込んでください。",
            )
            return None
        name = row.get("name")
        if name and search_key(name) != search_key(staff["name"]):
            row.error(
                "name",
                f"職員番号「{staff['staff_no']}」の職員は「{staff['name']}」さんです。氏名と職員番号を確かめてください。",
            )
        if staff["retired_on"] is not None:
            row.error(
                "staff_no",
                f"{staff['name']}さんは退職しています（退職日 {format_date(staff['retired_on'])}）。退職した職員は指定できません。",
                staff["staff_no"],
            )
        return staff

    def _type(self, plan: Plan, row: Cells) -> tuple[TalentType | None, SubRole | None]:
        types: TypeResolver = plan.state["types"]
        raw = row.get("talent_type") or ""
        if not raw:
            row.error("talent_type", f"人材像が空です。次のいずれかを書いてください: {types.type_names()}")
            return None, None
        talent_type, sub_role = types.find_type(raw)
        if talent_type is None:
            row.error(
                "talent_type",
                f"人材像「{raw}」は登録されていません。次のいずれかにしてください: {types.type_names()}",
            )
            return None, None
        if not talent_type.is_active:
            row.error("talent_type", f"人材像「{talent_type.name}」は使用をやめています。")
        sub_raw = row.get("sub_role") or ""
        if sub_raw:
            sub_role = types.sub_roles[talent_type.pk].get(name_key(sub_raw))
            if sub_role is None:
                own = "、".join(s.name for s in types.sub_roles[talent_type.pk].values() if s.is_active)
                owners = [
                    n for n in types.sub_role_owners.get(name_key(sub_raw), []) if n != talent_type.name
                ]
                message = f"区分「{sub_raw}」は人材像「{talent_type.name}」にはありません。"
                if owners:
                    message += f"（「{'」「'.join(owners)}」の区分です。）"
                message += (
                    f"次のいずれかにするか、空にしてください: {own}"
                    if own
                    else "この人材像には区分がないため、空にしてください。"
                )
                row.error("sub_role", message)
            elif not sub_role.is_active:
                row.error("sub_role", f"区分「{sub_role.name}」は使用をやめています。")
        return talent_type, sub_role

    def analyse_row(self, plan: Plan, row: Cells) -> None:
        st = plan.state
        staff = self._staff(plan, row)
        talent_type, sub_role = self._type(plan, row)
        method = M.NOMINATED
        if normalize_text(row.get("method") or ""):
            found = METHOD_INDEX.get(imp.header_key(row.get("method")))
            if found is None:
                row.error(
                    "method",
                    f"指定方法「{row.get('method')}」はわかりません。次のいずれかにしてください: {METHOD_EXAMPLES}（空なら「指名・兼務発令なし」）",
                )
            else:
                method = found
        started_on = row.get("started_on") or st["default_start"]
        ended_on = row.get("ended_on")
        if ended_on is not None and ended_on < started_on:
            row.error(
                "ended_on",
                f"終了日が開始日（{format_date(started_on)}）より前です。開始日以後の日付にしてください。",
            )
        if not row.ok or staff is None or talent_type is None:
            return
        key = (staff["id"], talent_type.pk, sub_role.pk if sub_role else None)
        role = f"{talent_type.name}（{sub_role.name}）" if sub_role else talent_type.name
        if key in st["seen"]:
            row.error(
                "staff_no",
                f"{staff['name']}さんの「{role}」は{st['seen'][key]}行目と重複しています。1行にまとめてください。",
                staff["staff_no"],
            )
            return
        st["seen"][key] = row.line
        data = DesignationRow(
            staff_id=staff["id"],
            talent_type_id=talent_type.pk,
            sub_role_id=sub_role.pk if sub_role else None,
            method=method,
            duties=row.get("duties") or "",
            started_on=started_on,
            ended_on=ended_on,
            end_reason=row.get("end_reason") or "",
            note=row.get("note") or "",
        )
        display = {
            "staff_no": staff["staff_no"],
            "name": staff["name"],
            "unit": st["paths"].get(staff["current_unit_id"], ""),
            "role": role,
            "period": f"{format_date(started_on)}〜{format_date(ended_on) if ended_on else ''}",
        }
        existing = st["existing"].get(key, [])
        same_start = next((e for e in existing if e["started_on"] == started_on), None)
        if same_start is not None:
            data.existing_id = same_start["id"]
            changes = self._changes(plan, row, same_start, data)
            plan.add("update" if changes else "unchanged", row.line, display, changes=changes, data=data)
            return
        if "started_on" not in plan.columns or not row.get("started_on"):
            current = next(
                (e for e in existing if e["ended_on"] is None or e["ended_on"] >= st["today"]), None
            )
            if current is not None:  # "this person is a leader": already true
                data.existing_id = current["id"]
                plan.add("unchanged", row.line, display, data=data)
                return
        for e in existing:
            if (e["ended_on"] is None or e["ended_on"] >= started_on) and (
                ended_on is None or e["started_on"] <= ended_on
            ):
                period = f"{format_date(e['started_on'])}〜{format_date(e['ended_on'])}"
                row.error(
                    "started_on" if "started_on" in plan.columns else "staff_no",
                    f"{staff['name']}さんは{period}の期間、すでに「{role}」に指定されていました。"
                    "期間が重ならないように開始日を直してください。",
                    format_date(started_on),
                )
                return
        plan.add("add", row.line, display, data=data)

    def _changes(self, plan: Plan, row: Cells, existing: dict, data: DesignationRow) -> list[Change]:
        """Differences in the columns the file has (a column it lacks is left as it is)."""
        changes = []
        fields = [
            ("ended_on", "終了日"),
            ("end_reason", "終了の理由"),
            ("duties", "事務分掌"),
            ("note", "備考"),
        ]
        if "method" in plan.columns:
            fields.append(("method", "指定方法"))
        for field_name, label in fields:
            if field_name != "method" and field_name not in plan.columns:
                setattr(data, field_name, existing[field_name])
                continue
            old, new = existing[field_name], getattr(data, field_name)
            if (old or None) != (new or None):
                if field_name == "method":
                    old, new = M(old).label, M(new).label
                changes.append(Change(label, imp.show_value(old), imp.show_value(new)))
        if "method" not in plan.columns:
            data.method = existing["method"]
        return changes

    def finish(self, plan: Plan) -> None:
        padded = plan.state["padded"]
        if padded:
            lines = "、".join(str(n) for n in padded[:10]) + ("…" if len(padded) > 10 else "")
            plan.notices.append(
                f"先頭の0が省かれた職員番号を、登録されている職員番号に合わせて読みました（{lines}行目）。"
            )

    def lock_for(self, organisation, context) -> None:
        # A designation made meanwhile on screen cannot overlap one of the file.
        list(
            Staff.objects.select_for_update()
            .filter(organisation=organisation)
            .values_list("pk", flat=True)[:1]
        )

    def apply(self, plan: Plan, actor) -> dict[str, Any]:
        from ..services import designation_import_apply

        return designation_import_apply(actor=actor, plan=plan)

    def commit_detail(self, plan: Plan) -> dict:
        return {"default_start_date": plan.state["default_start"].isoformat()}
