"""The designation-import engine shared by the web import and `manage.py designate`.

`analyse()` reads a file (CSV/XLSX) and compares it with the database without writing anything;
it returns a `DesignationPlan`: the rows that would become new designations, the rows already
designated (same person, type and sub-role, not ended: 変更なし), and every error with its line
and column. `talent.import_services.designation_import_apply` re-runs the analysis inside one
transaction and writes only when there is no error, so a commit is all-or-nothing and importing
the same file twice changes nothing the second time.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from jinzai.core.dates import DateParseError, format_date, parse_date
from jinzai.core.models import Organisation
from jinzai.core.selectors import unit_paths
from jinzai.core.tabular import TabularError, column_letter
from jinzai.core.text import normalize_staff_no, normalize_text, search_key
from jinzai.core.uploads import duplicate_column_message, missing_columns_message, read_upload
from jinzai.people.importing import header_key
from jinzai.people.models import Staff

from .models import Designation, SubRole, TalentType

PREVIEW_ROWS = 200  # rows per category kept for the preview page
MAX_DUTIES = 2000


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    aliases: tuple[str, ...]


FIELD_SPECS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "staff_no",
        "職員番号",
        ("職員番号", "職員コード", "職員No", "職員NO", "職員ID", "職員CD", "社員番号", "個人番号"),
    ),
    FieldSpec("name", "氏名", ("氏名", "名前", "職員氏名", "氏名漢字", "漢字氏名")),
    FieldSpec(
        "talent_type",
        "人材像",
        ("人材像", "人材像名", "人材の類型", "人材類型", "類型", "人材区分", "人材の種類", "指定人材像"),
    ),
    FieldSpec("sub_role", "区分", ("区分", "サブロール", "人材像区分", "担当区分", "役割区分", "役割")),
    FieldSpec(
        "method",
        "指定方法",
        ("指定方法", "指定の方法", "選定方法", "選任方法", "任命方法", "方法", "指定区分"),
    ),
    FieldSpec("duties", "事務分掌", ("事務分掌", "分掌事務", "担当事務", "担当業務", "職務内容", "業務内容")),
    FieldSpec(
        "started_on",
        "開始日",
        ("開始日", "指定日", "指定開始日", "開始年月日", "指定年月日", "発令日", "任命日"),
    ),
    FieldSpec("ended_on", "終了日", ("終了日", "指定終了日", "終了年月日", "解除日", "任期満了日")),
    FieldSpec("note", "備考", ("備考", "メモ", "特記事項")),
)
FIELD_BY_KEY = {spec.key: spec for spec in FIELD_SPECS}
ALIAS_INDEX: dict[str, str] = {header_key(alias): spec.key for spec in FIELD_SPECS for alias in spec.aliases}

M = Designation.Method
_METHOD_WORDS: dict[str, tuple[str, ...]] = {
    M.VOLUNTEER: (
        "手挙げ",
        "手上げ",
        "手挙",
        "手挙げ（庁内公募）",
        "庁内公募",
        "公募",
        "自薦",
        "立候補",
        "応募",
        "volunteer",
    ),
    M.NOMINATED: (
        "指名",
        "指名・兼務発令なし",
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
        "指名・兼務発令あり",
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
    header_key(word): method for method, words in _METHOD_WORDS.items() for word in words
}
METHOD_VARIANTS.update({header_key(label): value for value, label in M.choices})
METHOD_EXAMPLES = "手挙げ、指名（兼務発令なし）、兼務発令あり"

_STAFF_NO = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-_]{0,19}$")
_EMBEDDED_SUB_ROLE = re.compile(r"^(.+?)\((.+)\)$")


def match_header(header: str) -> str | None:
    return ALIAS_INDEX.get(header_key(header))


def name_key(text: str) -> str:
    """Type and sub-role names as compared: width/case folded, no spaces (全角カッコ = 半角カッコ)."""
    return re.sub(r"\s+", "", normalize_text(text or "")).lower()


def clean_multiline(text: str) -> str:
    """Free text kept line by line (事務分掌 often lists duties on separate lines)."""
    lines = [normalize_text(line) for line in (text or "").splitlines()]
    return "\n".join(line for line in lines if line)


def method_of(text: str) -> str | None:
    return METHOD_VARIANTS.get(header_key(text))


@dataclass
class ImportOptions:
    default_start_date: date
    encoding: str = "auto"

    def to_json(self) -> dict[str, Any]:
        return {"default_start_date": self.default_start_date.isoformat(), "encoding": self.encoding}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportOptions:
        return cls(
            default_start_date=date.fromisoformat(data["default_start_date"]),
            encoding=data.get("encoding", "auto"),
        )


@dataclass
class Issue:
    line: int
    column: str
    value: str
    message: str


@dataclass
class RowPlan:
    line: int
    kind: str  # add | unchanged
    staff_id: int
    staff_no: str
    name: str
    unit: str
    talent_type_id: int
    sub_role_id: int | None
    role: str
    method: str
    duties: str
    started_on: date
    ended_on: date | None
    note: str = ""
    existing_id: int | None = None

    def digest(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "staff_no": self.staff_no,
            "name": self.name,
            "unit": self.unit,
            "role": self.role,
            "method": M(self.method).label,
            "duties": self.duties[:80] + ("…" if len(self.duties) > 80 else ""),
            "started_on": self.started_on.isoformat(),
            "ended_on": self.ended_on.isoformat() if self.ended_on else "",
        }


@dataclass
class DesignationPlan:
    options: ImportOptions
    table_kind: str = ""
    encoding: str | None = None
    headers: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    fatal: str = ""
    errors: list[Issue] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    rows: list[RowPlan] = field(default_factory=list)

    def rows_of(self, kind: str) -> list[RowPlan]:
        return [row for row in self.rows if row.kind == kind]

    @property
    def can_commit(self) -> bool:
        return not (self.fatal or self.errors)

    def counts(self) -> dict[str, int]:
        by_kind: dict[str, int] = defaultdict(int)
        for row in self.rows:
            by_kind[row.kind] += 1
        return {
            "added": by_kind["add"],
            "unchanged": by_kind["unchanged"],
            "errors": len(self.errors) + (1 if self.fatal else 0),
        }

    def error_dicts(self) -> list[dict[str, Any]]:
        errors = [asdict(e) for e in self.errors]
        if self.fatal:
            errors.insert(0, {"line": 1, "column": "", "value": "", "message": self.fatal})
        return errors

    def summary(self) -> dict[str, Any]:
        """JSON-safe digest for the preview page."""
        return {
            "counts": self.counts(),
            "table_kind": self.table_kind,
            "encoding": self.encoding,
            "headers": self.headers,
            "ignored": self.ignored,
            "fatal": self.fatal,
            "errors": [asdict(e) for e in self.errors[:1000]],
            "notices": self.notices,
            "add": [r.digest() for r in self.rows_of("add")[:PREVIEW_ROWS]],
            "unchanged": [r.digest() for r in self.rows_of("unchanged")[:PREVIEW_ROWS]],
            "can_commit": self.can_commit,
        }


# --- reference data -----------------------------------------------------------------------------


class TypeResolver:
    """Finds talent types by name and their sub-roles; knows which type a stray sub-role belongs to."""

    def __init__(self, organisation: Organisation):
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
        """The type named `text`; "DX推進リーダー（業務担当）" also finds the type with its sub-role."""
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


# --- analysis -----------------------------------------------------------------------------------


def _resolve_columns(plan: DesignationPlan) -> dict[str, int]:
    columns: dict[str, int] = {}
    for idx, header in enumerate(plan.headers):
        key = match_header(header)
        if key is None:
            plan.ignored.append(header)
            continue
        if key in columns:
            first = plan.headers[columns[key]]
            plan.fatal = duplicate_column_message(first, columns[key], header, idx, FIELD_BY_KEY[key].label)
            return columns
        columns[key] = idx
    missing = [FIELD_BY_KEY[k].label for k in ("staff_no", "talent_type") if k not in columns]
    if missing:
        plan.fatal = missing_columns_message(missing)
    if plan.ignored and not plan.fatal:
        plan.notices.append("次の列は使いません: " + "、".join(f"「{h}」" for h in plan.ignored if h) + "。")
    return columns


def analyse(
    organisation: Organisation, data: bytes, options: ImportOptions, *, filename: str = ""
) -> DesignationPlan:
    """Read `data` and compare it with the organisation's staff and designations. Never writes."""
    plan = DesignationPlan(options=options)
    try:
        table = read_upload(data, filename=filename, encoding=options.encoding)
    except TabularError as exc:
        plan.fatal = exc.message
        return plan
    plan.table_kind, plan.encoding, plan.headers = table.kind, table.encoding, list(table.headers)
    columns = _resolve_columns(plan)
    if plan.fatal:
        return plan
    if not table.rows:
        plan.fatal = "2行目以降にデータがありません。"
        return plan
    _Analyser(organisation, columns, plan).run(table.rows)
    return plan


class _Analyser:
    def __init__(self, organisation: Organisation, columns: dict[str, int], plan: DesignationPlan):
        self.plan, self.columns = plan, columns
        self.letters = {key: column_letter(idx) for key, idx in columns.items()}
        self.types = TypeResolver(organisation)
        self.staff = {
            row["staff_no"]: row
            for row in Staff.objects.filter(organisation=organisation).values(
                "id", "staff_no", "name", "retired_on", "current_unit_id"
            )
        }
        self.short_staff_no: dict[str, list[str]] = defaultdict(list)  # "101" -> ["000101"]
        for staff_no in self.staff:
            if staff_no.isdigit() and staff_no.startswith("0"):
                self.short_staff_no[staff_no.lstrip("0")].append(staff_no)
        self.paths = unit_paths(organisation)
        self.existing: dict[tuple[int, int, int | None], list[dict]] = defaultdict(list)
        for d in Designation.objects.filter(organisation=organisation).values(
            "id", "staff_id", "talent_type_id", "sub_role_id", "started_on", "ended_on"
        ):
            self.existing[(d["staff_id"], d["talent_type_id"], d["sub_role_id"])].append(d)
        from .selectors import _today

        self.today = _today()
        self.seen: dict[tuple[int, int, int | None], int] = {}
        self.padded_lines: list[int] = []

    def cell(self, values: list[str], key: str) -> str | None:
        idx = self.columns.get(key)
        if idx is None:
            return None
        return values[idx] if idx < len(values) else ""

    def err(self, line: int, key: str, value: str, message: str) -> None:
        column = f"{self.letters.get(key, '')}列「{FIELD_BY_KEY[key].label}」"
        self.plan.errors.append(Issue(line=line, column=column, value=value, message=message))

    def run(self, rows) -> None:
        if "method" not in self.columns:
            self.plan.notices.append(
                "「指定方法」の列がないため、指定の方法は「指名・兼務発令なし」とします。"
            )
        if "started_on" not in self.columns:
            self.plan.notices.append(
                f"「開始日」の列がないため、開始日はすべて {format_date(self.plan.options.default_start_date)} とします。"
            )
        for row in rows:
            self.row(row.line, row.values)
        if self.padded_lines:
            lines = "、".join(str(n) for n in self.padded_lines[:10]) + (
                "…" if len(self.padded_lines) > 10 else ""
            )
            self.plan.notices.append(
                f"先頭の0が省かれた職員番号を、登録されている職員番号に合わせて読みました（{lines}行目）。"
            )

    def find_staff(self, line: int, raw: str) -> dict | None:
        staff_no = normalize_staff_no(raw)
        if not staff_no:
            self.err(line, "staff_no", "", "職員番号が空です。")
            return None
        if not _STAFF_NO.match(staff_no):
            self.err(line, "staff_no", staff_no, "職員番号は半角の英数字（20文字まで）で入力してください。")
            return None
        staff = self.staff.get(staff_no)
        if staff is None and staff_no.isdigit():
            candidates = self.short_staff_no.get(staff_no.lstrip("0"), [])
            if len(candidates) == 1:
                staff = self.staff[candidates[0]]
                self.padded_lines.append(line)
        if staff is None:
            self.err(
                line,
                "staff_no",
                staff_no,
                f"職員番号「{staff_no}」の職員は登録されていません。職員番号を確かめるか、先に職員データを取り込んでください。",
            )
        return staff

    def row(self, line: int, raw: list[str]) -> None:
        n_errors = len(self.plan.errors)
        opts = self.plan.options
        staff = self.find_staff(line, self.cell(raw, "staff_no") or "")

        name_raw = self.cell(raw, "name")
        if staff is not None and name_raw and search_key(name_raw) != search_key(staff["name"]):
            self.err(
                line,
                "name",
                name_raw,
                f"職員番号「{staff['staff_no']}」の職員は「{staff['name']}」さんです。氏名と職員番号を確かめてください。",
            )
        if staff is not None and staff["retired_on"] is not None:
            self.err(
                line,
                "staff_no",
                staff["staff_no"],
                f"{staff['name']}さんは退職しています（退職日 {format_date(staff['retired_on'])}）。退職した職員は指定できません。",
            )

        type_raw = self.cell(raw, "talent_type") or ""
        talent_type, sub_role = None, None
        if not normalize_text(type_raw):
            self.err(
                line,
                "talent_type",
                "",
                f"人材像が空です。次のいずれかを書いてください: {self.types.type_names()}",
            )
        else:
            talent_type, sub_role = self.types.find_type(type_raw)
            if talent_type is None:
                self.err(
                    line,
                    "talent_type",
                    type_raw,
                    f"人材像「{normalize_text(type_raw)}」は登録されていません。次のいずれかにしてください: {self.types.type_names()}",
                )
            elif not talent_type.is_active:
                self.err(line, "talent_type", type_raw, f"人材像「{talent_type.name}」は使用をやめています。")

        sub_raw = self.cell(raw, "sub_role") or ""
        if talent_type is not None and normalize_text(sub_raw):
            sub_role = self.types.sub_roles[talent_type.pk].get(name_key(sub_raw))
            if sub_role is None:
                own = "、".join(s.name for s in self.types.sub_roles[talent_type.pk].values() if s.is_active)
                owners = [
                    n for n in self.types.sub_role_owners.get(name_key(sub_raw), []) if n != talent_type.name
                ]
                message = f"区分「{normalize_text(sub_raw)}」は人材像「{talent_type.name}」にはありません。"
                if owners:
                    message += f"（「{'」「'.join(owners)}」の区分です。）"
                message += (
                    f"次のいずれかにするか、空にしてください: {own}"
                    if own
                    else "この人材像には区分がないため、空にしてください。"
                )
                self.err(line, "sub_role", sub_raw, message)
            elif not sub_role.is_active:
                self.err(line, "sub_role", sub_raw, f"区分「{sub_role.name}」は使用をやめています。")

        method = M.NOMINATED
        method_raw = self.cell(raw, "method")
        if method_raw is not None and normalize_text(method_raw):
            found = method_of(method_raw)
            if found is None:
                self.err(
                    line,
                    "method",
                    method_raw,
                    f"指定方法「{normalize_text(method_raw)}」はわかりません。次のいずれかにしてください: {METHOD_EXAMPLES}（空なら「指名・兼務発令なし」）",
                )
            else:
                method = found

        dates: dict[str, date | None] = {}
        for key in ("started_on", "ended_on"):
            value = self.cell(raw, key)
            try:
                dates[key] = parse_date(value)
            except DateParseError as exc:
                self.err(line, key, value or "", exc.message)
                dates[key] = None
        started_on = dates["started_on"] or opts.default_start_date
        ended_on = dates["ended_on"]
        if ended_on is not None and ended_on < started_on:
            self.err(
                line,
                "ended_on",
                self.cell(raw, "ended_on") or "",
                f"終了日が開始日（{format_date(started_on)}）より前です。開始日以後の日付にしてください。",
            )

        duties = clean_multiline(self.cell(raw, "duties") or "")
        if len(duties) > MAX_DUTIES:
            self.err(line, "duties", duties[:20] + "…", f"事務分掌が長すぎます（{MAX_DUTIES}文字まで）。")
        note = normalize_text(self.cell(raw, "note") or "")
        if len(note) > 200:
            self.err(line, "note", note[:20] + "…", "備考が長すぎます（200文字まで）。")

        if len(self.plan.errors) > n_errors or staff is None or talent_type is None:
            return

        key = (staff["id"], talent_type.pk, sub_role.pk if sub_role else None)
        role = f"{talent_type.name}（{sub_role.name}）" if sub_role else talent_type.name
        if key in self.seen:
            self.err(
                line,
                "staff_no",
                staff["staff_no"],
                f"{staff['name']}さんの「{role}」は{self.seen[key]}行目と重複しています。1行にまとめてください。",
            )
            return
        self.seen[key] = line
        plan_row = RowPlan(
            line=line,
            kind="add",
            staff_id=staff["id"],
            staff_no=staff["staff_no"],
            name=staff["name"],
            unit=self.paths.get(staff["current_unit_id"], ""),
            talent_type_id=talent_type.pk,
            sub_role_id=sub_role.pk if sub_role else None,
            role=role,
            method=method,
            duties=duties,
            started_on=started_on,
            ended_on=ended_on,
            note=note,
        )
        for existing in self.existing.get(key, []):
            if existing["ended_on"] is None or existing["ended_on"] >= self.today:
                plan_row.kind, plan_row.existing_id = "unchanged", existing["id"]
                break
        else:
            for existing in self.existing.get(key, []):
                if (existing["ended_on"] is None or existing["ended_on"] >= started_on) and (
                    ended_on is None or existing["started_on"] <= ended_on
                ):
                    period = f"{format_date(existing['started_on'])}〜{format_date(existing['ended_on'])}"
                    self.err(
                        line,
                        "started_on" if "started_on" in self.columns else "staff_no",
                        format_date(started_on),
                        f"{staff['name']}さんは{period}の期間、すでに「{role}」に指定されていました。"
                        "期間が重ならないように開始日を直してください。",
                    )
                    return
        self.plan.rows.append(plan_row)
