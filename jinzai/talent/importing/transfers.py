"""The draft transfer list (異動内示): a simulation first, then — only when hr presses 「反映する」 — the
assignment history, all-or-nothing, through the one import pipeline (core/importing.py).

A row names a person (職員番号), their new unit and/or title, their concurrent posts (兼務) and the date
(発令日, usually 4月1日; the upload's date when the column is missing or empty). The preview shows what would
change elsewhere before anything is applied (:func:`talent.selectors.transfers.impact_tables`). The write
step is ``talent.services.transfers.transfer_import_apply`` → ``people.services.transfers_apply``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, NamedTuple

from jinzai.core import importing as imp
from jinzai.core.dates import fiscal_year_of, format_date
from jinzai.core.importing import Cells, Change, Column, Importer, Option, Plan, register_importer
from jinzai.core.text import normalize_text
from jinzai.people.importing import GradeResolver, UnitResolver, transfer_refusal
from jinzai.people.models import Assignment, ConcurrentPost, Staff

from ..selectors.transfers import Move, impact_tables


def next_april(today: date) -> date:
    """The next 4月1日 (the usual date of the annual transfers)."""
    return date(fiscal_year_of(today) + 1, 4, 1)


@register_importer
class TransferImporter(Importer):
    key = "transfer"
    title = "人事異動のシミュレーション（異動内示の取込）"
    lead = (
        "異動内示の一覧（職員番号・異動先・職名・兼務・発令日）を読み込み、反映する前に、"
        "DX推進リーダーのいなくなる所属、担い手のいなくなるDX業務、育成計画の目標への影響を確かめます。"
    )
    permission = "talent.transfer_simulate"
    url_name = "talent:transfer_import"
    parents = ()
    unit = "名"
    kinds = (("transfer", "異動"), ("concurrent", "兼務だけ変わる"), ("unchanged", "変更なし"))
    changes_shown_for = ("transfer", "concurrent")
    section_titles = {
        "transfer": "異動する職員",
        "concurrent": "兼務だけが変わる職員",
        "unchanged": "今と変わらない職員",
    }
    done_titles = {
        "transfer": "異動した職員",
        "concurrent": "兼務を変えた職員",
        "unchanged": "変わらなかった職員",
    }
    display = (("staff_no", "職員番号"), ("name", "氏名"), ("on", "発令日"))
    committed_message = "異動内示を反映しました。職務経験（配属の履歴）に追加しました。"
    discarded_message = "異動内示の取込を取り消しました。配属は変わっていません。"
    help_lines = (
        "異動先は「総務部情報政策課」のような所属の名前か、所属コードで書きます。空欄は所属が変わらない人です。",
        "兼務は兼務先の所属を書きます（2つ以上は「、」で区切ります）。列があって空欄の人は、兼務がなくなります。",
        "反映する前の確認画面で、リーダーや業務の担い手への影響と、育成計画の目標の変化を確かめられます。",
    )
    columns = (
        Column(
            "staff_no",
            "職員番号",
            ("職員コード", "職員No", "職員NO", "職員ID", "社員番号"),
            required=True,
            parse=imp.staff_no,
        ),
        Column("name", "氏名", ("名前", "職員氏名"), informational=True),
        Column("current", "現所属", ("現在の所属", "異動前の所属"), informational=True),
        Column(
            "unit",
            "異動先",
            ("新所属", "異動後の所属", "異動先所属", "発令所属", "新しい所属", "所属"),
            parse=imp.text(label="異動先"),
            help="異動後の所属。空欄は所属が変わりません。",
        ),
        Column(
            "grade",
            "職名",
            ("新職名", "異動後の職名", "職位", "職級"),
            parse=imp.text(max_length=50, label="職名"),
            help="異動後の職名。空欄は職名が変わりません。",
        ),
        Column(
            "concurrent",
            "兼務",
            ("兼務先", "兼務所属", "兼務発令"),
            parse=imp.text(max_length=400, label="兼務"),
            help="兼務する所属（2つ以上は「、」で区切ります）。空欄は兼務なし。",
        ),
        Column("on", "発令日", ("異動日", "発令年月日", "異動年月日"), parse=imp.date_value),
    )
    options = (
        Option(
            "effective_date",
            "発令日（列がないか空欄の行）",
            kind="date",
            default="next_april",
            help="ふつうは次の4月1日です。",
            required=True,
        ),
    )

    def default_options(self) -> dict[str, Any]:
        from jinzai.core.services import today

        values = super().default_options()
        values["effective_date"] = next_april(today()).isoformat()
        return values

    def missing_columns(self, found: set[str], plan: Plan) -> list[str]:
        missing = [] if "staff_no" in found else ["職員番号"]
        if not found & {"unit", "grade", "concurrent"}:
            missing.append("異動先")
        return missing

    def prepare(self, plan: Plan) -> None:
        org = plan.organisation
        st = plan.state
        st["effective"] = imp.option_date(plan, "effective_date")
        st["units"] = UnitResolver(org, st["effective"])
        st["grades"] = GradeResolver(org)
        # every person of the organisation, as tuples and unsorted (the few retired people's dates apart)
        staff = Staff.objects.filter(organisation=org).order_by()
        retired = dict(staff.filter(retired_on__isnull=False).values_list("staff_no", "retired_on"))
        st["staff"] = {
            row[1]: row for row in staff.values_list("id", "staff_no", "name", "current_unit_id", "grade_id")
        }
        st["retired"] = retired
        st["open_from"] = None  # open postings starting on or after this day are in st["open_starts"]
        st["open_starts"] = {}
        st["resolved"] = {}  # cell -> (unit id, path as written): a 課 named on many rows
        posts: dict[int, set[int]] = {}
        if "concurrent" in plan.columns:
            for staff_id, unit_id in ConcurrentPost.objects.filter(
                organisation=org, ended_on__isnull=True
            ).values_list("staff_id", "unit_id"):
                posts.setdefault(staff_id, set()).add(unit_id)
        st["posts"] = {k: frozenset(v) for k, v in posts.items()}
        st["seen"] = {}
        st["moves"] = []
        st["names"] = {}

    def _unit(self, plan: Plan, row: Cells, key: str, text: str) -> int | None:
        resolved = plan.state["resolved"]
        if text not in resolved:
            units: UnitResolver = plan.state["units"]
            code = normalize_text(text)
            if code in units.by_code:
                resolved[text] = (units.by_code[code], ())
            else:
                resolved[text] = units.resolve(units.split_cell(text))
        unit_id, path = resolved[text]
        if unit_id is None:
            row.error(
                key,
                f"「{' ／ '.join(path) or text}」は登録されていない所属です。所属名か所属コードを確かめてください。",
            )
        return unit_id

    def analyse_row(self, plan: Plan, row: Cells) -> None:
        st = plan.state
        staff_no = row.get("staff_no")
        if not staff_no:
            return
        if staff_no in st["seen"]:
            row.error(
                "staff_no", f"職員番号「{staff_no}」が{st['seen'][staff_no]}行目と重複しています。", staff_no
            )
            return
        st["seen"][staff_no] = row.line
        row_of = st["staff"].get(staff_no)
        person = _Person(*row_of, st["retired"].get(staff_no)) if row_of is not None else None
        if person is None:
            row.error("staff_no", f"職員番号「{staff_no}」の職員は登録されていません。", staff_no)
            return
        if person.retired_on is not None:
            row.error(
                "staff_no",
                f"{person.name}さんは退職しています（{format_date(person.retired_on)}）。",
                staff_no,
            )
            return
        on = row.get("on") or st["effective"]
        unit_id = None
        if row.has("unit") and row.get("unit"):
            unit_id = self._unit(plan, row, "unit", row.get("unit"))
        grade_id = None
        if row.has("grade") and row.get("grade"):
            grade_id = st["grades"].resolve(row.get("grade"))
            if grade_id is None:
                row.error(
                    "grade", "この職名は登録されていません。職名・職級の一覧にある名前で書いてください。"
                )
        concurrent = None
        if row.has("concurrent"):
            found = set()
            for part in re.split(r"[、，,;；]", row.get("concurrent") or ""):
                if normalize_text(part):
                    pk = self._unit(plan, row, "concurrent", part)
                    if pk is not None:
                        found.add(pk)
            concurrent = frozenset(found)
        if not row.ok:
            return
        paths = st["units"].paths
        changes = []
        if unit_id == person.current_unit_id:
            unit_id = None
        if grade_id == person.grade_id:
            grade_id = None
        if unit_id is not None:
            changes.append(Change("所属", _path(paths, person.current_unit_id), _path(paths, unit_id)))
        if grade_id is not None:
            names = st.setdefault("grade_by_id", _grade_names(plan.organisation))
            changes.append(Change("職名", names.get(person.grade_id, "（なし）"), names.get(grade_id, "")))
        moves_main = unit_id is not None or grade_id is not None
        if moves_main:
            refusal = transfer_refusal(_open_starts(plan, on).get(person.id), on)
            if refusal:
                row.error("on", refusal, format_date(on))
                return
        before = st["posts"].get(person.id, frozenset())
        if concurrent is not None and concurrent != before:
            changes.append(Change("兼務", _names(paths, before), _names(paths, concurrent)))
        elif concurrent is not None:
            concurrent = None
        kind = "transfer" if moves_main else "concurrent" if concurrent is not None else "unchanged"
        move = Move(person.id, on, unit_id, grade_id, concurrent, from_unit_id=person.current_unit_id)
        if kind != "unchanged":
            st["moves"].append(move)
            st["names"][person.id] = person.name
        plan.add(
            kind,
            row.line,
            {"staff_no": staff_no, "name": person.name, "on": on},
            changes=changes,
            data=move,
        )

    def preview_tables(self, plan: Plan) -> list:
        return impact_tables(plan.organisation, plan.state.get("moves", []), names=plan.state.get("names"))

    def lock_for(self, organisation, context) -> None:
        list(
            Staff.objects.select_for_update()
            .filter(organisation=organisation)
            .values_list("pk", flat=True)[:1]
        )

    def apply(self, plan: Plan, actor) -> dict:
        from ..services.transfers import transfer_import_apply

        return transfer_import_apply(actor=actor, plan=plan)

    def commit_detail(self, plan: Plan) -> dict:
        return {
            "effective_date": plan.state["effective"].isoformat(),
            "moves": len(plan.state.get("moves", [])),
        }


def _open_starts(plan: Plan, on: date) -> dict[int, date]:
    """The start of each open posting that is on or after ``on`` — the only ones that refuse a move on ``on``
    (``transfer_refusal``); a person missing here started before. Read again only for an earlier date (a
    list usually has one date: one query, not the whole organisation's postings)."""
    st = plan.state
    if st["open_from"] is None or on < st["open_from"]:
        st["open_starts"] = dict(
            Assignment.objects.filter(
                organisation=plan.organisation, ended_on__isnull=True, started_on__gte=on
            )
            .order_by()
            .values_list("staff_id", "started_on")
        )
        st["open_from"] = on
    return st["open_starts"]


class _Person(NamedTuple):
    id: int
    staff_no: str
    name: str
    current_unit_id: int | None
    grade_id: int | None
    retired_on: date | None


def _path(paths: dict, unit_id) -> str:
    return " ／ ".join(paths.get(unit_id, ())) or "（なし）"


def _names(paths: dict, unit_ids) -> str:
    return "、".join(sorted(_path(paths, pk) for pk in unit_ids)) or "（なし）"


def _grade_names(organisation) -> dict[int, str]:
    from jinzai.core.models import Grade

    return dict(Grade.objects.filter(organisation=organisation).values_list("pk", "name"))
