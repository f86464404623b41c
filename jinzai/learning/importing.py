"""The learning imports (core/importing.py runs them): certifications held (人事's records) and the
completions of a session (an e-learning provider's list), with the export layouts that re-import unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from jinzai.core import importing as imp
from jinzai.core.importing import Cells, Column, Importer, Plan, register_importer
from jinzai.core.text import normalize_text, search_key
from jinzai.people.models import Staff

from .models import Certification, Enrolment, StaffCertification

STAFF_NO = Column(
    "staff_no",
    "職員番号",
    ("職員コード", "職員No", "職員NO", "職員ID", "社員番号", "受講者ID", "ユーザーID"),
    required=True,
    parse=imp.staff_no,
)
NAME = Column("name", "氏名", ("名前", "職員氏名", "受講者名", "受講者氏名"))
_RESULT_WORDS = {
    Enrolment.Result.COMPLETED: (
        "修了",
        "完了",
        "受講完了",
        "合格",
        "済",
        "修了済",
        "completed",
        "complete",
        "passed",
    ),
    Enrolment.Result.ATTENDED: ("未修了", "受講中", "途中", "未完了", "in progress", "incomplete"),
    Enrolment.Result.ABSENT: ("欠席", "未受講", "未着手", "not started", "absent"),
}
RESULT_VARIANTS = {w: r for r, words in _RESULT_WORDS.items() for w in words}
RESULT_VARIANTS.update({label: value for value, label in Enrolment.Result.choices})
RESULT_EXAMPLES = "修了、未修了、欠席（空なら修了）"


def cert_key(text: str) -> str:
    key = re.sub(r"\s+", "", normalize_text(text or "")).lower()
    return key.removesuffix("試験") if len(key) > 2 else key


def _staff_index(organisation) -> dict[str, dict]:
    return {
        s["staff_no"]: s
        for s in Staff.objects.filter(organisation=organisation).values(
            "id", "staff_no", "name", "retired_on"
        )
    }


def find_staff(plan: Plan, row: Cells) -> dict | None:
    """The person of the row: registered, the name (when given) matching, not retired."""
    number = row.get("staff_no")
    if not number:
        return None
    staff = plan.state["staff"].get(number)
    if staff is None:
        row.error("staff_no", f"職員番号「{number}」の職員は登録されていません。")
        return None
    name = row.get("name")
    if name and search_key(name) != search_key(staff["name"]):
        row.error(
            "name",
            f"職員番号「{number}」の職員は「{staff['name']}」さんです。氏名と職員番号を確かめてください。",
        )
        return None
    if staff["retired_on"] is not None:
        row.error("staff_no", f"{staff['name']}さんは退職しています。")
        return None
    return staff


@dataclass
class CertRow:
    staff_id: int
    certification_id: int
    acquired_on: date
    certificate_no: str


@register_importer
class CertificationImporter(Importer):
    key = "staffcert"
    title = "資格の一括登録"
    lead = "人事の記録にある職員の資格（職員番号・資格・取得日）の一覧（CSV または Excel）を読み込みます。確認済みとして登録します。"
    permission = "learning.staffcert_verify"
    url_name = "learning:staffcert_import"
    parents = (("職員の資格", "learning:staffcert_list"),)
    kinds = (("add", "新しく登録"), ("unchanged", "登録済み"))
    section_titles = {"add": "新しく登録する資格", "unchanged": "登録済みの資格（変更なし）"}
    done_titles = {"add": "新しく登録した資格", "unchanged": "登録済みだった資格（変更なし）"}
    display = (("staff_no", "職員番号"), ("name", "氏名"), ("certification", "資格"), ("day", "取得日"))
    committed_message = "資格の一括登録を反映しました。"
    help_lines = (
        "資格は資格の一覧にある名称か略称で書きます（「ITパスポート試験」「IP」など）。",
        "同じ人・資格・取得日の行は「登録済み」になります。職員の資格の一覧を書き出したファイルをそのまま読み込めます。",
    )
    columns = (
        STAFF_NO,
        NAME,
        Column("kana", "ふりがな", (), informational=True),
        Column("unit", "所属", (), informational=True),
        Column("certification", "資格", ("資格名", "資格・試験", "試験名", "試験区分"), required=True),
        Column(
            "acquired_on",
            "取得日",
            ("合格日", "取得年月日", "合格年月日", "登録日", "更新日"),
            required=True,
            parse=imp.date_value,
        ),
        Column(
            "certificate_no",
            "登録番号",
            ("証書番号", "合格証書番号", "認定番号", "番号"),
            parse=imp.text(max_length=50, label="登録番号"),
        ),
        Column("expires_on", "有効期限", ("期限",), informational=True),
        Column("status", "状態", (), informational=True),
    )

    def done_url(self, record) -> str | None:
        from django.urls import reverse

        return reverse("learning:staffcert_list")

    def prepare(self, plan: Plan) -> None:
        org = plan.organisation
        st = plan.state
        st["staff"] = _staff_index(org)
        st["certs"] = {}
        for cert in Certification.objects.filter(organisation=org):
            for text in (cert.name, cert.short_name, cert.key):
                if text:
                    st["certs"].setdefault(cert_key(text), cert)
        st["existing"] = set(
            StaffCertification.objects.filter(organisation=org)
            .exclude(status=StaffCertification.Status.RETURNED)
            .values_list("staff_id", "certification_id", "acquired_on")
        )
        st["permanent"] = set(
            StaffCertification.objects.filter(
                organisation=org,
                status=StaffCertification.Status.VERIFIED,
                certification__validity_months__isnull=True,
            ).values_list("staff_id", "certification_id")
        )
        st["seen"] = {}

    def analyse_row(self, plan: Plan, row: Cells) -> None:
        st = plan.state
        staff = find_staff(plan, row)
        raw = row.get("certification") or ""
        cert = st["certs"].get(cert_key(raw))
        if cert is None:
            row.error(
                "certification",
                f"資格「{raw}」は資格の一覧にありません。資格名か略称で書いてください。"
                if raw
                else "資格が空です。資格名か略称で書いてください。",
            )
        acquired_on = row.get("acquired_on")
        if acquired_on is None and row.ok:
            row.error("acquired_on", "取得日が空です。")
        if staff is None or cert is None or not row.ok:
            return
        key = (staff["id"], cert.pk, acquired_on)
        if key in st["seen"]:
            row.error("certification", f"{st['seen'][key]}行目と同じ内容です。1行にまとめてください。")
            return
        st["seen"][key] = row.line
        unchanged = key in st["existing"] or (staff["id"], cert.pk) in st["permanent"]
        plan.add(
            "unchanged" if unchanged else "add",
            row.line,
            {
                "staff_no": staff["staff_no"],
                "name": staff["name"],
                "certification": cert.name,
                "day": acquired_on,
            },
            data=CertRow(staff["id"], cert.pk, acquired_on, row.get("certificate_no") or ""),
        )

    def lock_for(self, organisation, context) -> None:
        list(
            Staff.objects.select_for_update()
            .filter(organisation=organisation)
            .values_list("pk", flat=True)[:1]
        )

    def apply(self, plan: Plan, actor) -> dict[str, Any]:
        from .services.certifications import staffcert_import_apply

        return staffcert_import_apply(actor=actor, plan=plan)


@dataclass
class CompletionRow:
    staff_id: int
    result: str
    day: date | None
    enrolment_id: int | None


@register_importer
class CompletionImporter(Importer):
    key = "completion"
    title = "修了の一括登録"
    lead = "研修の受講結果（職員番号・結果・修了日）の一覧（CSV または Excel）を読み込みます。"
    permission = "learning.course_manage"
    url_name = "learning:session_import"
    context_label = "研修の開催回"
    kinds = (("add", "新しく登録"), ("update", "結果を更新"), ("unchanged", "変更なし"))
    section_titles = {
        "add": "新しく登録する受講者",
        "update": "結果が変わる受講者",
        "unchanged": "変更のない受講者",
    }
    done_titles = {
        "add": "新しく登録した受講者",
        "update": "結果を変えた受講者",
        "unchanged": "変更のなかった受講者",
    }
    changes_shown_for = ()
    display = (("staff_no", "職員番号"), ("name", "氏名"), ("result", "結果"), ("day", "修了日"))
    committed_message = "修了の一括登録を反映しました。"
    help_lines = (
        f"結果は {RESULT_EXAMPLES} のいずれかで書きます。修了日が空なら、開催回の終了日を修了日にします。",
        "開催回の「受講者の一覧を書き出す」で作ったファイルをそのまま読み込めます。",
    )
    columns = (
        STAFF_NO,
        NAME,
        Column("unit", "所属", (), informational=True),
        Column(
            "result",
            "結果",
            ("状態", "受講状況", "修了状況", "ステータス"),
            parse=imp.choice(
                RESULT_VARIANTS, examples=RESULT_EXAMPLES, label="結果", default=Enrolment.Result.COMPLETED
            ),
        ),
        Column("completed_on", "修了日", ("完了日", "受講完了日", "修了年月日"), parse=imp.date_value),
    )

    def get_context(self, viewer, pk: int):
        from .selectors import get_session_for_viewer

        return get_session_for_viewer(viewer, pk)

    def context_of(self, record):
        from .models import Session

        return Session.objects.select_related("course").get(
            pk=record.context_id, organisation_id=record.organisation_id
        )

    def crumbs(self, context) -> list[tuple[str, str]]:
        from django.urls import reverse

        if context is None:
            return []
        return [
            ("研修", reverse("learning:course_list")),
            (str(context), reverse("learning:session_detail", kwargs={"pk": context.pk})),
        ]

    def done_url(self, record) -> str | None:
        from django.urls import reverse

        return reverse("learning:session_detail", kwargs={"pk": record.context_id})

    def prepare(self, plan: Plan) -> None:
        st = plan.state
        st["staff"] = _staff_index(plan.organisation)
        st["enrolments"] = {
            e["staff_id"]: e
            for e in Enrolment.objects.filter(session=plan.context, status__in=Enrolment.ACTIVE).values(
                "id", "staff_id", "status", "result", "completed_on"
            )
        }
        st["seen"] = {}

    def analyse_row(self, plan: Plan, row: Cells) -> None:
        st = plan.state
        staff = find_staff(plan, row)
        result = row.get("result") or Enrolment.Result.COMPLETED
        if staff is None or not row.ok:
            return
        if staff["id"] in st["seen"]:
            row.error("staff_no", f"{st['seen'][staff['id']]}行目と同じ職員です。1行にまとめてください。")
            return
        st["seen"][staff["id"]] = row.line
        day = (
            (row.get("completed_on") or plan.context.ends_on)
            if result == Enrolment.Result.COMPLETED
            else None
        )
        existing = st["enrolments"].get(staff["id"])
        if existing is None:
            kind = "add"
        elif (
            existing["status"] == Enrolment.Status.CONFIRMED
            and existing["result"] == result
            and (existing["completed_on"] == day or not row.get("completed_on"))
        ):
            kind = "unchanged"
        else:
            kind = "update"
        plan.add(
            kind,
            row.line,
            {
                "staff_no": staff["staff_no"],
                "name": staff["name"],
                "result": Enrolment.Result(result).label,
                "day": day,
            },
            data=CompletionRow(staff["id"], result, day, existing["id"] if existing else None),
        )

    def lock_for(self, organisation, context) -> None:
        from .models import Session

        Session.objects.select_for_update().filter(pk=context.pk).first()

    def apply(self, plan: Plan, actor) -> dict[str, Any]:
        from .services.training import completion_import_apply

        return completion_import_apply(actor=actor, plan=plan)
