"""The staff-import engine shared by the web import and `manage.py import_staff`.

`analyse()` reads a file and compares it with the database without writing
anything; it returns an `ImportPlan` (what would be added, changed,
transferred, retired, and every error with its line and column).
`people.services.staff_import_commit` re-runs the analysis inside one
transaction and applies it only when it has no errors, so a commit is
all-or-nothing and the same file imported twice changes nothing the second time.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from jinzai.core.dates import DateParseError, format_date, parse_date
from jinzai.core.models import Grade, Organisation
from jinzai.core.selectors import active_units, unit_paths
from jinzai.core.tabular import Table, TabularError, column_letter
from jinzai.core.text import kana_to_hiragana, normalize_person_name, normalize_staff_no, normalize_text
from jinzai.core.uploads import duplicate_column_message, missing_columns_message, read_upload

from .models import Assignment, EmploymentType, Staff

PREVIEW_ROWS = 200  # rows per category kept for the preview page


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
    FieldSpec("family_name", "姓", ("姓", "氏", "姓漢字")),
    FieldSpec("given_name", "名", ("名", "名漢字")),
    FieldSpec(
        "kana",
        "ふりがな",
        ("ふりがな", "フリガナ", "カナ氏名", "氏名カナ", "氏名かな", "よみがな", "ヨミガナ", "カナ"),
    ),
    FieldSpec("unit", "所属", ("所属", "所属名", "所属部署", "部署", "配属先", "所属部課係")),
    FieldSpec("unit_code", "所属コード", ("所属コード", "所属CD", "部署コード")),
    FieldSpec("unit_department", "所属部", ("所属部", "部", "部局", "所属部局")),
    FieldSpec("unit_division", "所属課", ("所属課", "課", "課名", "所属課室")),
    FieldSpec("unit_section", "所属係", ("所属係", "係", "係名", "担当", "所属担当")),
    FieldSpec("grade", "職名", ("職名", "職位", "職級", "役職", "職層")),
    FieldSpec("employment_type", "任用形態", ("任用形態", "任用区分", "雇用区分", "雇用形態", "職員区分")),
    FieldSpec("hired_on", "採用年月日", ("採用年月日", "採用日", "入庁日", "採用年月日和暦")),
    FieldSpec("retired_on", "退職日", ("退職日", "退職年月日", "離職日")),
    FieldSpec("email", "メール", ("メール", "メールアドレス", "Eメール", "E-mail", "email", "mail")),
    FieldSpec("phone", "電話（内線）", ("電話", "電話番号", "内線", "内線番号")),
)
FIELD_BY_KEY = {spec.key: spec for spec in FIELD_SPECS}
IGNORE = "__ignore__"
UNIT_PART_KEYS = ("unit_department", "unit_division", "unit_section")

EMPLOYMENT_VARIANTS: dict[str, str] = {
    "正規": EmploymentType.REGULAR,
    "正規職員": EmploymentType.REGULAR,
    "正職員": EmploymentType.REGULAR,
    "常勤": EmploymentType.REGULAR,
    "常勤職員": EmploymentType.REGULAR,
    "一般職": EmploymentType.REGULAR,
    "再任用": EmploymentType.REAPPOINTED,
    "再任用職員": EmploymentType.REAPPOINTED,
    "再任用短時間": EmploymentType.REAPPOINTED,
    "再任用短時間勤務職員": EmploymentType.REAPPOINTED,
    "再任用フルタイム": EmploymentType.REAPPOINTED,
    "任期付": EmploymentType.FIXED_TERM,
    "任期付職員": EmploymentType.FIXED_TERM,
    "一般任期付": EmploymentType.FIXED_TERM,
    "一般任期付職員": EmploymentType.FIXED_TERM,
    "特定任期付": EmploymentType.SPECIFIC_FIXED_TERM,
    "特定任期付職員": EmploymentType.SPECIFIC_FIXED_TERM,
    "会計年度任用": EmploymentType.FISCAL_YEAR,
    "会計年度任用職員": EmploymentType.FISCAL_YEAR,
    "会計年度": EmploymentType.FISCAL_YEAR,
    "臨時的任用": EmploymentType.TEMPORARY,
    "臨時的任用職員": EmploymentType.TEMPORARY,
    "臨時": EmploymentType.TEMPORARY,
    "臨時職員": EmploymentType.TEMPORARY,
}
EMPLOYMENT_EXAMPLES = "、".join(label for _, label in EmploymentType.choices)

_HEADER_STRIP = re.compile(r"[\s()（）\[\]［］「」【】<>＜＞:：・.．_\-－]")
_UNIT_SEPARATORS = re.compile(r"\s*[／/＞>|｜\\¥]\s*|\s+")
_UNIT_SUFFIX_SPLIT = re.compile(r"(.+?(?:部|局|課|室|係|班|センター))(?=.)")
_STAFF_NO = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-_]{0,19}$")
_KANA_OK = re.compile(r"^[\u3041-\u309f\u30fc\s]*$")


def header_key(text: str) -> str:
    return _HEADER_STRIP.sub("", normalize_text(text)).lower()


ALIAS_INDEX: dict[str, str] = {header_key(alias): spec.key for spec in FIELD_SPECS for alias in spec.aliases}


def match_header(header: str) -> str | None:
    return ALIAS_INDEX.get(header_key(header))


def unit_name_key(text: str) -> str:
    return re.sub(r"\s+", "", normalize_text(text))


@dataclass
class ImportOptions:
    effective_date: date
    encoding: str = "auto"
    full_sync: bool = False
    create_units: bool = False
    create_grades: bool = False
    mapping: dict[str, str] = field(default_factory=dict)  # header -> field key or IGNORE

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["effective_date"] = self.effective_date.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportOptions:
        data = dict(data)
        data["effective_date"] = date.fromisoformat(data["effective_date"])
        return cls(**data)


@dataclass
class Issue:
    line: int
    column: str
    value: str
    message: str


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class RowPlan:
    line: int
    staff_no: str
    name: str
    kind: str  # add | update | transfer | retire | unchanged
    values: dict[str, Any]
    staff_id: int | None = None
    unit_path: tuple[str, ...] | None = None
    unit_id: int | None = None
    grade_name: str | None = None
    changes: list[Change] = field(default_factory=list)


@dataclass
class Retirement:
    staff_id: int
    staff_no: str
    name: str
    unit: str


@dataclass
class ImportPlan:
    options: ImportOptions
    table_kind: str = ""
    encoding: str | None = None
    headers: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)
    fatal: str = ""
    errors: list[Issue] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    rows: list[RowPlan] = field(default_factory=list)
    retirements: list[Retirement] = field(default_factory=list)
    new_units: dict[tuple[str, ...], list[int]] = field(default_factory=dict)
    new_grades: dict[str, list[int]] = field(default_factory=dict)

    @property
    def needs_mapping(self) -> bool:
        return bool(self.unmapped)

    def rows_of(self, kind: str) -> list[RowPlan]:
        return [row for row in self.rows if row.kind == kind]

    @property
    def can_commit(self) -> bool:
        return not (self.fatal or self.errors or self.unmapped)

    def counts(self) -> dict[str, int]:
        by_kind: dict[str, int] = defaultdict(int)
        for row in self.rows:
            by_kind[row.kind] += 1
        return {
            "added": by_kind["add"],
            "updated": by_kind["update"],
            "transferred": by_kind["transfer"],
            "retired": len(self.retirements) + by_kind["retire"],
            "unchanged": by_kind["unchanged"],
            "errors": len(self.errors) + (1 if self.fatal else 0),
        }

    def summary(self) -> dict[str, Any]:
        """JSON-safe digest for the preview page and `--json`."""

        def rows(kind: str) -> list[dict[str, Any]]:
            return [
                {
                    "line": r.line,
                    "staff_no": r.staff_no,
                    "name": r.name,
                    "unit": " ／ ".join(r.unit_path or ()),
                    "changes": [asdict(c) for c in r.changes],
                }
                for r in self.rows_of(kind)[:PREVIEW_ROWS]
            ]

        return {
            "counts": self.counts(),
            "table_kind": self.table_kind,
            "encoding": self.encoding,
            "headers": self.headers,
            "mapping": self.mapping,
            "unmapped": self.unmapped,
            "fatal": self.fatal,
            "errors": [asdict(e) for e in self.errors[:1000]],
            "notices": self.notices,
            "add": rows("add"),
            "update": rows("update"),
            "transfer": rows("transfer"),
            "retire": (rows("retire") + [asdict(r) for r in self.retirements])[:PREVIEW_ROWS],
            "new_units": [
                {"path": " ／ ".join(p), "lines": lines[:20]} for p, lines in self.new_units.items()
            ],
            "new_grades": [{"name": g, "lines": lines[:20]} for g, lines in self.new_grades.items()],
            "can_commit": self.can_commit,
        }


# --- unit and grade resolution -------------------------------------------------


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


# --- analysis -----------------------------------------------------------------


def _resolve_mapping(plan: ImportPlan) -> dict[str, int]:
    """Map each field key to its column index; record unmapped headers and clashes."""
    columns: dict[str, int] = {}
    for idx, header in enumerate(plan.headers):
        chosen = plan.options.mapping.get(header)
        key = chosen if chosen else match_header(header)
        if key is None:
            plan.unmapped.append(header)
            continue
        plan.mapping[header] = key
        if key == IGNORE:
            continue
        if key not in FIELD_BY_KEY:
            plan.fatal = f"見出し「{header}」の割り当て先が正しくありません。"
            continue
        if key in columns:
            first = plan.headers[columns[key]]
            plan.fatal = duplicate_column_message(first, columns[key], header, idx, FIELD_BY_KEY[key].label)
        columns[key] = idx
    if plan.unmapped or plan.fatal:
        return columns
    missing = []
    if "staff_no" not in columns:
        missing.append("職員番号")
    if "name" not in columns and not ("family_name" in columns and "given_name" in columns):
        missing.append("氏名")
    if missing:
        plan.fatal = missing_columns_message(missing)
    return columns


def analyse(
    organisation: Organisation, data: bytes, options: ImportOptions, *, filename: str = ""
) -> ImportPlan:
    """Read `data` and compare it with the organisation's staff. Never writes."""
    plan = ImportPlan(options=options)
    try:
        table = read_upload(data, filename=filename, encoding=options.encoding)
    except TabularError as exc:
        plan.fatal = exc.message
        return plan
    plan.table_kind, plan.encoding, plan.headers = table.kind, table.encoding, list(table.headers)
    columns = _resolve_mapping(plan)
    if plan.unmapped or plan.fatal:
        return plan
    if not table.rows:
        plan.fatal = "2行目以降にデータがありません。"
        return plan
    _analyse_rows(organisation, table, columns, plan)
    return plan


def _cell(row_values: list[str], columns: dict[str, int], key: str) -> str | None:
    idx = columns.get(key)
    if idx is None:
        return None
    return row_values[idx] if idx < len(row_values) else ""


def _analyse_rows(
    organisation: Organisation, table: Table, columns: dict[str, int], plan: ImportPlan
) -> None:
    opts = plan.options
    effective = opts.effective_date
    units = UnitResolver(organisation, effective)
    grades = GradeResolver(organisation)
    grade_names = {g.pk: g.name for g in Grade.objects.filter(organisation=organisation)}
    existing = {
        row["staff_no"]: row
        for row in Staff.objects.filter(organisation=organisation).values(
            "id",
            "staff_no",
            "name",
            "kana",
            "employment_type",
            "grade_id",
            "current_unit_id",
            "hired_on",
            "retired_on",
            "email",
            "phone",
        )
    }
    open_starts = dict(
        Assignment.objects.filter(organisation=organisation, ended_on__isnull=True).values_list(
            "staff_id", "started_on"
        )
    )
    unit_keys = [k for k in ("unit", *UNIT_PART_KEYS, "unit_code") if k in columns]
    has_unit = bool(unit_keys)
    unit_key = unit_keys[0] if unit_keys else "unit"
    if "employment_type" not in columns:
        plan.notices.append("「任用形態」の列がないため、新しく登録する職員は「正規」として登録します。")
    if not has_unit:
        plan.notices.append("所属の列がないため、所属は変更しません（新しい職員は所属なしで登録します）。")
    seen: dict[str, int] = {}
    letters = {key: column_letter(idx) for key, idx in columns.items()}

    def err(line: int, key: str, value: str, message: str) -> None:
        label = FIELD_BY_KEY[key].label
        plan.errors.append(
            Issue(line=line, column=f"{letters.get(key, '')}列「{label}」", value=value, message=message)
        )

    for row in table.rows:
        line, raw = row.line, row.values
        n_errors = len(plan.errors)
        values: dict[str, Any] = {}

        staff_no = normalize_staff_no(_cell(raw, columns, "staff_no") or "")
        if not staff_no:
            err(line, "staff_no", "", "職員番号が空です。")
        elif not _STAFF_NO.match(staff_no):
            err(line, "staff_no", staff_no, "職員番号は半角の英数字（20文字まで）で入力してください。")
        elif staff_no in seen:
            err(line, "staff_no", staff_no, f"職員番号「{staff_no}」が{seen[staff_no]}行目と重複しています。")
        else:
            seen[staff_no] = line

        if "name" in columns:
            name = normalize_person_name(_cell(raw, columns, "name") or "")
        else:
            family = normalize_text(_cell(raw, columns, "family_name") or "")
            given = normalize_text(_cell(raw, columns, "given_name") or "")
            name = f"{family}\u3000{given}".strip("\u3000") if family or given else ""
        name_key = "name" if "name" in columns else "family_name"
        if not name:
            err(line, name_key, "", "氏名が空です。")
        elif len(name) > 100:
            err(line, name_key, name[:20] + "…", "氏名が長すぎます（100文字まで）。")
        values["name"] = name

        kana_raw = _cell(raw, columns, "kana")
        if kana_raw is not None:
            kana = normalize_person_name(kana_to_hiragana(kana_raw))
            if not _KANA_OK.match(kana):
                err(line, "kana", kana_raw, "ふりがなは、ひらがなかカタカナで入力してください。")
            values["kana"] = kana[:100]

        emp_raw = _cell(raw, columns, "employment_type")
        if emp_raw is not None:
            emp = EMPLOYMENT_VARIANTS.get(unit_name_key(emp_raw))
            if emp is None:
                msg = "任用形態が空です。" if not emp_raw else f"任用形態「{emp_raw}」はわかりません。"
                err(
                    line,
                    "employment_type",
                    emp_raw,
                    f"{msg}次のいずれかにしてください: {EMPLOYMENT_EXAMPLES}",
                )
            values["employment_type"] = emp

        for key in ("hired_on", "retired_on"):
            raw_date = _cell(raw, columns, key)
            if raw_date is None:
                continue
            try:
                values[key] = parse_date(raw_date)
            except DateParseError as exc:
                err(line, key, raw_date, exc.message)

        for key in ("email", "phone"):
            raw_val = _cell(raw, columns, key)
            if raw_val is None:
                continue
            val = normalize_text(raw_val).replace(" ", "")
            if key == "email" and val:
                try:
                    validate_email(val)
                except ValidationError:
                    err(
                        line,
                        key,
                        raw_val,
                        "メールアドレスの形式が正しくありません（例: taro@example.lg.jp）。",
                    )
            values[key] = val[:30] if key == "phone" else val

        retired_on = values.get("retired_on")
        unit_id = None
        unit_path: tuple[str, ...] | None = None
        if has_unit:
            code = normalize_text(_cell(raw, columns, "unit_code") or "")
            if code:
                unit_id = units.by_code.get(code)
                unit_path = units.paths.get(unit_id) if unit_id else None
            if unit_id is None:
                if "unit" in columns:
                    segments = units.split_cell(_cell(raw, columns, "unit") or "")
                else:
                    segments = [normalize_text(_cell(raw, columns, k) or "") for k in UNIT_PART_KEYS]
                    segments = [s for s in segments if s]
                if segments:
                    unit_id, unit_path = units.resolve(segments)
                    if unit_id is None:
                        if opts.create_units:
                            plan.new_units.setdefault(unit_path, []).append(line)
                        else:
                            err(
                                line,
                                unit_key,
                                " ／ ".join(unit_path),
                                "この所属は登録されていません。所属名を確かめるか、"
                                "「登録されていない所属を作成する」を選んでもう一度確認してください。",
                            )
                elif code:
                    err(line, "unit_code", code, f"所属コード「{code}」の所属は登録されていません。")
                elif retired_on is None:
                    err(line, unit_key, "", "所属が空です。")

        grade_id = None
        grade_name = None
        grade_raw = _cell(raw, columns, "grade")
        if grade_raw:
            grade_name = normalize_text(grade_raw)
            grade_id = grades.resolve(grade_name)
            if grade_id is None:
                if opts.create_grades:
                    plan.new_grades.setdefault(grade_name, []).append(line)
                else:
                    err(
                        line,
                        "grade",
                        grade_raw,
                        "この職名は登録されていません。職名を確かめるか、「登録されていない職名を追加する」を選んでください。",
                    )

        if len(plan.errors) > n_errors:
            continue

        current = existing.get(staff_no)
        plan_row = RowPlan(
            line=line,
            staff_no=staff_no,
            name=name,
            kind="unchanged",
            values=values,
            unit_path=unit_path,
            unit_id=unit_id,
            grade_name=grade_name,
        )
        if current is None:
            plan_row.kind = "add"
            plan_row.values.setdefault("employment_type", EmploymentType.REGULAR)
            if plan_row.values.get("employment_type") is None:
                plan_row.values["employment_type"] = EmploymentType.REGULAR
            plan.rows.append(plan_row)
            continue

        plan_row.staff_id = current["id"]
        for key, new in values.items():
            old = current[key]
            if (old or None) != (new or None):
                plan_row.changes.append(Change(FIELD_BY_KEY[key].label, _show(key, old), _show(key, new)))
        # A retired person keeps their history: a unit or grade in the file is not a transfer for them.
        stays_retired = retired_on is not None or (
            "retired_on" not in values and current["retired_on"] is not None
        )
        retiring = retired_on is not None and current["retired_on"] is None
        moved = False
        if (
            not stays_retired
            and has_unit
            and (unit_id is not None or unit_path)
            and (unit_id is None or unit_id != current["current_unit_id"])
        ):
            old_path = " ／ ".join(units.paths.get(current["current_unit_id"], ())) or "（なし）"
            plan_row.changes.append(Change("所属", old_path, " ／ ".join(unit_path or ())))
            moved = True
        if (
            not stays_retired
            and "grade" in columns
            and (grade_id != current["grade_id"] or (grade_id is None and grade_name))
        ):
            plan_row.changes.append(
                Change("職名", grade_names.get(current["grade_id"], "（なし）"), grade_name or "（なし）")
            )
            moved = True
        if moved and retired_on is None and current["retired_on"] is None:
            start = open_starts.get(current["id"])
            if start is not None and effective <= start:
                plan.errors.append(
                    Issue(
                        line=line,
                        column="発令日",
                        value=format_date(effective),
                        message=f"異動の発令日が、現在の配属の開始日（{format_date(start)}）以前です。"
                        "発令日をそれより後の日付にしてください。",
                    )
                )
                continue
        if retiring:
            plan_row.kind = "retire"
        else:
            plan_row.kind = "transfer" if moved else ("update" if plan_row.changes else "unchanged")
        plan.rows.append(plan_row)

    if opts.full_sync and not plan.errors:
        in_file = set(seen)
        paths = units.paths
        for staff_no, current in existing.items():
            if staff_no not in in_file and current["retired_on"] is None:
                plan.retirements.append(
                    Retirement(
                        staff_id=current["id"],
                        staff_no=staff_no,
                        name=current["name"],
                        unit=" ／ ".join(paths.get(current["current_unit_id"], ())),
                    )
                )


def _show(key: str, value: Any) -> str:
    if value is None or value == "":
        return "（なし）"
    if isinstance(value, date):
        return format_date(value)
    if key == "employment_type":
        return EmploymentType(value).label
    return str(value)


def retirement_date(options: ImportOptions) -> date:
    """Staff missing from a full-sync file retire the day before the effective date."""
    return options.effective_date - timedelta(days=1)
