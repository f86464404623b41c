"""The import engine of the learning app: certifications held (人事) and completions of a session
(e-learning provider's list). Same conventions as jinzai/talent/importing.py: read_table, header aliases,
normalised staff numbers and dates (和暦 too), errors as (line, column, value, message); `analyse`
never writes; the commit re-analyses inside its transaction and writes only when there is no error.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from jinzai.core.dates import DateParseError, format_date, parse_date
from jinzai.core.tabular import TabularError, column_letter, read_table
from jinzai.core.text import normalize_staff_no, normalize_text, search_key
from jinzai.people.importing import header_key
from jinzai.people.models import Staff

from .models import Certification, Enrolment, LearningImport, Session, StaffCertification

PREVIEW_ROWS = 200
_STAFF_NO = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-_]{0,19}$")

COMMON = {
    "staff_no": (
        "職員番号",
        ("職員番号", "職員コード", "職員No", "職員NO", "職員ID", "社員番号", "受講者ID", "ユーザーID"),
    ),
    "name": ("氏名", ("氏名", "名前", "職員氏名", "受講者名", "受講者氏名")),
}
FIELDS = {
    LearningImport.Kind.CERTIFICATIONS: {
        **COMMON,
        "certification": ("資格", ("資格", "資格名", "資格・試験", "試験名", "試験区分")),
        "acquired_on": ("取得日", ("取得日", "合格日", "取得年月日", "合格年月日", "登録日", "更新日")),
        "certificate_no": ("登録番号", ("登録番号", "証書番号", "合格証書番号", "認定番号", "番号")),
    },
    LearningImport.Kind.COMPLETIONS: {
        **COMMON,
        "result": ("結果", ("結果", "状態", "受講状況", "修了状況", "ステータス")),
        "completed_on": ("修了日", ("修了日", "完了日", "受講完了日", "修了年月日")),
    },
}
REQUIRED = {
    LearningImport.Kind.CERTIFICATIONS: ("staff_no", "certification", "acquired_on"),
    LearningImport.Kind.COMPLETIONS: ("staff_no",),
}
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
RESULT_VARIANTS = {header_key(w): r for r, words in _RESULT_WORDS.items() for w in words}
RESULT_EXAMPLES = "修了、未修了、欠席（空なら修了）"


def cert_key(text: str) -> str:
    key = re.sub(r"\s+", "", normalize_text(text or "")).lower()
    return key.removesuffix("試験") if len(key) > 2 else key


@dataclass
class Issue:
    line: int
    column: str
    value: str
    message: str


@dataclass
class Row:
    line: int
    kind: str  # add | update | unchanged
    staff_id: int
    staff_no: str
    name: str
    label: str  # the certification or the result, as shown
    day: date | None
    certification_id: int | None = None
    certificate_no: str = ""
    result: str = ""
    enrolment_id: int | None = None

    def digest(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "staff_no": self.staff_no,
            "name": self.name,
            "label": self.label,
            "day": format_date(self.day) if self.day else "",
        }


@dataclass
class ImportPlan:
    kind: str
    fatal: str = ""
    headers: list[str] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def can_commit(self) -> bool:
        return not (self.fatal or self.errors)

    def rows_of(self, kind: str) -> list[Row]:
        return [r for r in self.rows if r.kind == kind]

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.rows_of("add")),
            "updated": len(self.rows_of("update")),
            "unchanged": len(self.rows_of("unchanged")),
            "errors": len(self.errors) + (1 if self.fatal else 0),
        }

    def summary(self) -> dict[str, Any]:
        return {
            "counts": self.counts(),
            "fatal": self.fatal,
            "headers": self.headers,
            "errors": [asdict(e) for e in self.errors[:1000]],
            "notices": self.notices,
            "add": [r.digest() for r in self.rows_of("add")[:PREVIEW_ROWS]],
            "update": [r.digest() for r in self.rows_of("update")[:PREVIEW_ROWS]],
            "unchanged": [r.digest() for r in self.rows_of("unchanged")[:PREVIEW_ROWS]],
            "can_commit": self.can_commit,
        }


def analyse(
    kind: str, organisation, data: bytes, *, filename: str = "", session: Session | None = None
) -> ImportPlan:
    """Read the file and compare it with the database. Never writes."""
    plan = ImportPlan(kind=kind)
    try:
        table = read_table(data, filename=filename)  # the operator's size limits apply
    except TabularError as exc:
        plan.fatal = exc.message
        return plan
    plan.headers = list(table.headers)
    specs = FIELDS[kind]
    aliases = {header_key(a): key for key, (_, names) in specs.items() for a in names}
    columns: dict[str, int] = {}
    for idx, header in enumerate(plan.headers):
        key = aliases.get(header_key(header))
        if key is not None and key not in columns:
            columns[key] = idx
    missing = [specs[k][0] for k in REQUIRED[kind] if k not in columns]
    if missing:
        plan.fatal = f"必須の列「{'」「'.join(missing)}」がありません。1行目の見出しに加えてください。"
        return plan
    if not table.rows:
        plan.fatal = "2行目以降にデータがありません。"
        return plan
    _Analyser(kind, organisation, columns, plan, session).run(table.rows)
    return plan


class _Analyser:
    def __init__(self, kind, organisation, columns, plan, session):
        self.kind, self.columns, self.plan, self.session = kind, columns, plan, session
        self.specs = FIELDS[kind]
        self.staff = {
            s["staff_no"]: s
            for s in Staff.objects.filter(organisation=organisation).values(
                "id", "staff_no", "name", "retired_on"
            )
        }
        self.seen: dict[tuple, int] = {}
        if kind == LearningImport.Kind.CERTIFICATIONS:
            self.certs: dict[str, Certification] = {}
            for cert in Certification.objects.filter(organisation=organisation):
                for text in (cert.name, cert.short_name, cert.key):
                    if text:
                        self.certs.setdefault(cert_key(text), cert)
            self.existing = set(
                StaffCertification.objects.filter(organisation=organisation)
                .exclude(status=StaffCertification.Status.RETURNED)
                .values_list("staff_id", "certification_id", "acquired_on")
            )
            self.permanent = set(
                StaffCertification.objects.filter(
                    organisation=organisation,
                    status=StaffCertification.Status.VERIFIED,
                    certification__validity_months__isnull=True,
                ).values_list("staff_id", "certification_id")
            )
        else:
            self.enrolments = {
                e["staff_id"]: e
                for e in Enrolment.objects.filter(session=session, status__in=Enrolment.ACTIVE).values(
                    "id", "staff_id", "status", "result"
                )
            }

    def cell(self, values, key) -> str:
        idx = self.columns.get(key)
        return "" if idx is None or idx >= len(values) else values[idx]

    def err(self, line, key, value, message) -> None:
        column = (
            f"{column_letter(self.columns[key])}列「{self.specs[key][0]}」" if key in self.columns else ""
        )
        self.plan.errors.append(Issue(line, column, str(value), message))

    def run(self, rows) -> None:
        for row in rows:
            self.row(row.line, row.values)

    def find_staff(self, line, values):
        staff_no = normalize_staff_no(self.cell(values, "staff_no"))
        if not staff_no or not _STAFF_NO.match(staff_no):
            self.err(
                line, "staff_no", staff_no, "職員番号が空か、形が正しくありません（半角英数字20文字まで）。"
            )
            return None
        staff = self.staff.get(staff_no)
        if staff is None:
            self.err(line, "staff_no", staff_no, f"職員番号「{staff_no}」の職員は登録されていません。")
            return None
        name = self.cell(values, "name")
        if name and search_key(name) != search_key(staff["name"]):
            self.err(
                line,
                "name",
                name,
                f"職員番号「{staff_no}」の職員は「{staff['name']}」さんです。氏名と職員番号を確かめてください。",
            )
            return None
        if staff["retired_on"] is not None:
            self.err(line, "staff_no", staff_no, f"{staff['name']}さんは退職しています。")
            return None
        return staff

    def date_of(self, line, values, key, *, required: bool) -> tuple[bool, date | None]:
        raw = self.cell(values, key)
        try:
            value = parse_date(raw)
        except DateParseError as exc:
            self.err(line, key, raw, exc.message)
            return False, None
        if value is None and required:
            self.err(line, key, "", f"{self.specs[key][0]}が空です。")
            return False, None
        return True, value

    def row(self, line, values) -> None:
        staff = self.find_staff(line, values)
        if self.kind == LearningImport.Kind.CERTIFICATIONS:
            self.cert_row(line, values, staff)
        else:
            self.completion_row(line, values, staff)

    def cert_row(self, line, values, staff) -> None:
        raw = self.cell(values, "certification")
        cert = self.certs.get(cert_key(raw))
        if cert is None:
            self.err(
                line,
                "certification",
                raw,
                f"資格「{normalize_text(raw)}」は資格の一覧にありません。資格名か略称で書いてください。",
            )
        ok, acquired_on = self.date_of(line, values, "acquired_on", required=True)
        if staff is None or cert is None or not ok:
            return
        key = (staff["id"], cert.pk, acquired_on)
        if key in self.seen:
            self.err(
                line, "certification", raw, f"{self.seen[key]}行目と同じ内容です。1行にまとめてください。"
            )
            return
        self.seen[key] = line
        unchanged = key in self.existing or (staff["id"], cert.pk) in self.permanent
        self.plan.rows.append(
            Row(
                line=line,
                kind="unchanged" if unchanged else "add",
                staff_id=staff["id"],
                staff_no=staff["staff_no"],
                name=staff["name"],
                label=cert.name,
                day=acquired_on,
                certification_id=cert.pk,
                certificate_no=normalize_text(self.cell(values, "certificate_no"))[:50],
            )
        )

    def completion_row(self, line, values, staff) -> None:
        raw = self.cell(values, "result")
        result = Enrolment.Result.COMPLETED
        if normalize_text(raw):
            result = RESULT_VARIANTS.get(header_key(raw))
            if result is None:
                self.err(
                    line,
                    "result",
                    raw,
                    f"結果「{normalize_text(raw)}」はわかりません。次のいずれかにしてください: {RESULT_EXAMPLES}",
                )
        ok, completed_on = self.date_of(line, values, "completed_on", required=False)
        if staff is None or result is None or not ok:
            return
        if staff["id"] in self.seen:
            self.err(
                line,
                "staff_no",
                staff["staff_no"],
                f"{self.seen[staff['id']]}行目と同じ職員です。1行にまとめてください。",
            )
            return
        self.seen[staff["id"]] = line
        existing = self.enrolments.get(staff["id"])
        if existing is None:
            kind = "add"
        elif existing["status"] == Enrolment.Status.CONFIRMED and existing["result"] == result:
            kind = "unchanged"
        else:
            kind = "update"
        day = (completed_on or self.session.ends_on) if result == Enrolment.Result.COMPLETED else None
        self.plan.rows.append(
            Row(
                line=line,
                kind=kind,
                staff_id=staff["id"],
                staff_no=staff["staff_no"],
                name=staff["name"],
                label=Enrolment.Result(result).label,
                day=day,
                result=result,
                enrolment_id=existing["id"] if existing else None,
            )
        )
