"""The one import pipeline: every file import (staff, designations, skill maps, questions, certifications,
completions …) is a declarative :class:`Importer` run by the same steps.

    read (core.tabular, bounded) → map headers to columns → parse every cell (line + column in each error)
    → the importer's row analysis against the database → preview → commit (all-or-nothing) or discard

An importer keeps only what is its own: its :class:`Column` specs (aliases, required, parser), its
:class:`Option` specs, how one row compares with the database (:meth:`Importer.analyse_row`) and its
apply step (a service function: :meth:`Importer.apply`). The views (core/views/imports.py), the
preview template, the options form (core/forms.py ``import_options_form``), the services
(core/services.py ``import_*``) and the management-command base (core/management/base.py
``ImportCommand``) are shared. :func:`analyse` never writes; the commit analyses the stored file again
inside its transaction and applies only when nothing is wrong, so a preview cannot commit stale
decisions and importing the same file twice changes nothing the second time.

Headers: each column is found by its label or an alias (width, case, spaces and brackets folded); a
header nobody recognises is a question to the user (map it to a column, or 「取り込まない」) — never
silently dropped. A missing required column is reported first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .dates import DateParseError, format_date, parse_date
from .params import parse_int
from .tabular import Table, TabularError, column_letter, read_table
from .text import kana_to_hiragana, normalize_person_name, normalize_staff_no, normalize_text

IGNORE = "__ignore__"
PREVIEW_ROWS = 200  # rows per kind kept for the preview page
MAX_ERRORS_SHOWN = 1000
_HEADER_STRIP = re.compile(r"[\s()（）\[\]［］「」【】<>＜＞:：・.．_\-－]")


def header_key(text: str) -> str:
    """A header (or a word in a cell) as compared: width and case folded, no spaces or brackets."""
    return _HEADER_STRIP.sub("", normalize_text(text or "")).lower()


def name_key(text: str) -> str:
    """A name as compared: width and case folded, no spaces (全角カッコ = 半角カッコ)."""
    return re.sub(r"\s+", "", normalize_text(text or "")).lower()


# --------------------------------------------------------------------------------------- parsers


class CellError(Exception):
    """A cell that cannot be read; the message says what is wrong and how to write it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


Parser = Callable[[str], Any]


def text(
    *, max_length: int = 200, label: str = "", multiline: bool = False, normalise: bool = True
) -> Parser:
    """Free text. ``normalise`` folds widths (half-width kana → full, full-width ASCII → half) as
    for names and codes; prose such as a skill descriptor keeps its characters and is only trimmed."""
    clean = normalize_text if normalise else (lambda line: line.strip())

    def parse(raw: str) -> str:
        if multiline:
            lines = [clean(line) for line in raw.splitlines()]
            value = "\n".join(line for line in lines if line)
        else:
            value = clean(raw)
        if len(value) > max_length:
            raise CellError(f"{label or '内容'}が長すぎます（{max_length:,}文字まで）。")
        return value

    return parse


_STAFF_NO = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-_]{0,19}$")


def staff_no(raw: str) -> str:
    value = normalize_staff_no(raw)
    if not value:
        raise CellError("職員番号が空です。")
    if not _STAFF_NO.match(value):
        raise CellError("職員番号は半角の英数字（20文字まで）で入力してください。")
    return value


def person_name(raw: str) -> str:
    value = normalize_person_name(raw)
    if len(value) > 100:
        raise CellError("氏名が長すぎます（100文字まで）。")
    return value


_KANA_OK = re.compile(r"^[\u3041-\u309f\u30fc\s]*$")


def kana(raw: str) -> str:
    value = normalize_person_name(kana_to_hiragana(raw))
    if not _KANA_OK.match(value):
        raise CellError("ふりがなは、ひらがなかカタカナで入力してください。")
    return value[:100]


def date_value(raw: str) -> date | None:
    try:
        return parse_date(raw)
    except DateParseError as exc:
        raise CellError(exc.message) from None


def email(raw: str) -> str:
    value = normalize_text(raw).replace(" ", "")
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise CellError("メールアドレスの形式が正しくありません（例: taro@example.lg.jp）。") from None
    return value


def phone(raw: str) -> str:
    return normalize_text(raw).replace(" ", "")[:30]


def choice(variants: Mapping[str, Any], *, examples: str, label: str, default: Any = None) -> Parser:
    """A word from a list (compared by :func:`header_key`); empty gives ``default``."""
    index = {header_key(word): value for word, value in variants.items()}

    def parse(raw: str) -> Any:
        if not normalize_text(raw):
            if default is None:
                raise CellError(f"{label}が空です。次のいずれかにしてください: {examples}")
            return default
        found = index.get(header_key(raw))
        if found is None:
            raise CellError(
                f"{label}「{normalize_text(raw)}」はわかりません。次のいずれかにしてください: {examples}"
            )
        return found

    return parse


def integer(*, minimum: int, maximum: int, label: str) -> Parser:
    def parse(raw: str) -> int | None:
        value = normalize_text(raw)
        if not value:
            return None
        number = parse_int(value, minimum=minimum, maximum=maximum)
        if number is None:
            raise CellError(f"{label}は{minimum}〜{maximum}の整数で入力してください。")
        return number

    return parse


TRUE_WORDS = ("○", "〇", "◯", "●", "1", "はい", "有", "あり", "済", "true", "yes", "y")
FALSE_WORDS = ("", "×", "-", "0", "いいえ", "無", "なし", "false", "no", "n")


def boolean(*, label: str) -> Parser:
    truthy = {header_key(w) for w in TRUE_WORDS}
    falsy = {header_key(w) for w in FALSE_WORDS}

    def parse(raw: str) -> bool:
        key = header_key(raw)
        if key in truthy:
            return True
        if key in falsy:
            return False
        raise CellError(f"{label}は「○」か空欄で入力してください。")

    return parse


# --------------------------------------------------------------------------------------- specs


@dataclass(frozen=True)
class Column:
    """One column an importer reads. Its ``label`` is also what exports write as the header."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    parse: Parser | None = None  # None: the normalised text
    informational: bool = False  # recognised (an export writes it) but not imported
    help: str = ""

    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class Option:
    """A choice made on upload (effective date, full sync …); shown on the upload and preview forms
    and offered as ``--<key-with-dashes>`` by the management command."""

    key: str
    label: str
    kind: str = "bool"  # bool | date | text
    default: Any = None  # for dates: "today"
    help: str = ""
    required: bool = False
    max_length: int = 200


ENCODING_CHOICES = (
    ("auto", "自動判別（おすすめ）"),
    ("cp932", "Shift_JIS（CP932）"),
    ("utf-8", "UTF-8"),
    ("utf-8-sig", "UTF-8（BOM付き）"),
)


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
class PlanRow:
    line: int | None  # None: not in the file (e.g. a full sync's retirement)
    kind: str
    display: dict[str, str]
    changes: list[Change] = field(default_factory=list)
    data: Any = None  # what the apply step needs; not stored


@dataclass
class PreviewTable:
    """A block of the preview above the rows, for what an importer wants a person to see before anything
    is applied (the impact of a draft transfer list …): a heading, a sentence, a table. ``tone`` "warning"
    marks a block that needs attention."""

    title: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    lead: str = ""
    empty: str = "ありません。"
    tone: str = ""
    numeric: list[int] = field(default_factory=list)  # column indexes shown right-aligned


@dataclass
class Plan:
    """The analysis of one file: what would happen, and everything that is wrong."""

    importer: Importer
    organisation: Any
    options: dict[str, Any]
    context: Any = None
    table_kind: str = ""
    encoding: str | None = None
    headers: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    fatal: str = ""
    errors: list[Issue] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    rows: list[PlanRow] = field(default_factory=list)
    extras: dict[str, list[str]] = field(default_factory=dict)  # title -> items (units to create …)
    tables: list[PreviewTable] = field(default_factory=list)  # Importer.preview_tables (impact …)
    state: dict[str, Any] = field(default_factory=dict)  # the importer's reference data
    columns: dict[str, int] = field(default_factory=dict)  # column key -> index
    row_count: int = 0
    result: dict[str, Any] = field(default_factory=dict)  # what the apply step returned (ids …)

    @property
    def can_commit(self) -> bool:
        return not (self.fatal or self.errors or self.unmapped or self.missing)

    def rows_of(self, *kinds: str) -> list[PlanRow]:
        return [row for row in self.rows if row.kind in kinds]

    def add(self, kind: str, line: int | None, display: dict[str, Any], **kwargs: Any) -> PlanRow:
        row = PlanRow(line=line, kind=kind, display={k: _shown(v) for k, v in display.items()}, **kwargs)
        self.rows.append(row)
        return row

    def counts(self) -> dict[str, int]:
        by_kind: dict[str, int] = defaultdict(int)
        for row in self.rows:
            by_kind[row.kind] += 1
        counts = {kind: by_kind[kind] for kind, _ in self.importer.kinds}
        counts["errors"] = len(self.errors) + (1 if self.fatal else 0) + (1 if self.missing else 0)
        return counts

    def error_dicts(self) -> list[dict[str, Any]]:
        """Every problem as rows (line, column, value, message), the file-level ones first."""
        out: list[dict[str, Any]] = []
        if self.missing:
            out.append(
                {"line": 1, "column": "", "value": "", "message": missing_columns_message(self.missing)}
            )
        if self.fatal:
            out.append({"line": 1, "column": "", "value": "", "message": self.fatal})
        for header in self.unmapped:
            out.append(
                {
                    "line": 1,
                    "column": header,
                    "value": header,
                    "message": f"見出し「{header}」が何の項目か読み取れません。割り当てる項目を選ぶか「取り込まない」を選んでください。",
                }
            )
        out.extend(asdict(e) for e in self.errors)
        return out

    def summary(self) -> dict[str, Any]:
        """JSON-safe digest kept on the ImportRecord for the preview page and ``--json``."""
        return {
            "counts": self.counts(),
            "table_kind": self.table_kind,
            "encoding": self.encoding,
            "headers": self.headers,
            "mapping": self.mapping,
            "unmapped": self.unmapped,
            "missing": self.missing,
            "missing_message": missing_columns_message(self.missing) if self.missing else "",
            "fatal": self.fatal,
            "errors": [asdict(e) for e in self.errors[:MAX_ERRORS_SHOWN]],
            "notices": self.notices,
            "rows": {
                kind: [
                    {"line": r.line, **r.display, "changes": [asdict(c) for c in r.changes]}
                    for r in self.rows_of(kind)[:PREVIEW_ROWS]
                ]
                for kind, _ in self.importer.kinds
            },
            "extras": [
                {"title": t, "items": items[:200], "total": len(items)} for t, items in self.extras.items()
            ],
            "tables": [
                {
                    **asdict(t),
                    "rows": [[_shown(v) for v in r] for r in t.rows[:PREVIEW_ROWS]],
                    "total": len(t.rows),
                }
                for t in self.tables
            ],
            "row_count": self.row_count,
            "can_commit": self.can_commit,
        }


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def show_value(value: Any) -> str:
    """A value as the preview shows it in 「変わる項目」."""
    text_value = _shown(value)
    return text_value if text_value else "（なし）"


def missing_columns_message(labels: list[str]) -> str:
    return (
        "必須の列「"
        + "」「".join(labels)
        + "」がありません。1行目の見出しに"
        + "・".join(labels)
        + "の列を加えるか、下の「列の割り当て」でどの列がそれに当たるかを選んでください。"
    )


class Cells:
    """One data row: parsed values by column key, with the errors of this row recorded on the plan."""

    def __init__(self, plan: Plan, line: int, values: list[str]) -> None:
        self.plan, self.line, self._values = plan, line, values
        self.parsed: dict[str, Any] = {}
        self._errors_before = len(plan.errors)

    def has(self, key: str) -> bool:
        return key in self.plan.columns

    def raw(self, key: str) -> str | None:
        index = self.plan.columns.get(key)
        if index is None:
            return None
        return self._values[index] if index < len(self._values) else ""

    def get(self, key: str, default: Any = None) -> Any:
        return self.parsed.get(key, default)

    def error(self, key: str | None, message: str, value: str | None = None) -> None:
        column = ""
        if key is not None and key in self.plan.columns:
            label = self.plan.importer.column(key, self.plan).label
            column = f"{column_letter(self.plan.columns[key])}列「{label}」"
        elif key is not None:
            column = key  # a file-level setting such as 「発令日」
        shown = self.raw(key) if value is None and key is not None else value
        self.plan.errors.append(Issue(self.line, column, (shown or "")[:100], message))

    @property
    def ok(self) -> bool:
        return len(self.plan.errors) == self._errors_before


# -------------------------------------------------------------------------------------- importer


class Importer:
    """What one kind of file import declares. Subclasses set the class attributes and override the hooks."""

    key: ClassVar[str]  # stored in ImportRecord.kind
    title: ClassVar[str]  # 「職員データ取込」
    lead: ClassVar[str] = ""  # one paragraph on the upload page
    permission: ClassVar[str]
    url_name: ClassVar[str]  # "people:staff_import" — the preview is url_name + "_preview" …
    columns: ClassVar[tuple[Column, ...]] = ()
    options: ClassVar[tuple[Option, ...]] = ()
    # (kind, label, shows changes) in the order the preview shows them; "unchanged" last
    kinds: ClassVar[tuple[tuple[str, str], ...]] = (("add", "新規"), ("unchanged", "変更なし"))
    changes_shown_for: ClassVar[tuple[str, ...]] = ("update",)
    section_titles: ClassVar[
        dict[str, str]
    ] = {}  # heading of a kind's table on the preview (default: its label)
    done_titles: ClassVar[dict[str, str]] = {}  # the same headings once committed, in the past tense

    def section_title(self, kind: str, label: str, *, committed: bool) -> str:
        if committed:
            return self.done_titles.get(kind) or f"{self.section_titles.get(kind, label)}（反映済み）"
        return self.section_titles.get(kind, label)

    unit: ClassVar[str] = "件"  # 名 for people
    display: ClassVar[tuple[tuple[str, str], ...]] = ()  # (key, label) columns of the preview tables
    help_lines: ClassVar[tuple[str, ...]] = ()
    context_label: ClassVar[str] = ""  # e.g. 「研修の開催回」 when the import belongs to an object
    committed_message: ClassVar[str] = "取込を反映しました。"
    discarded_message: ClassVar[str] = "取込を取り消しました。データは変わっていません。"

    # --- declared ------------------------------------------------------------------------------
    def get_columns(self, plan: Plan) -> tuple[Column, ...]:
        """The columns for this organisation (an importer may add e.g. one per talent type)."""
        return self.columns

    def column(self, key: str, plan: Plan) -> Column:
        for column in self.get_columns(plan):
            if column.key == key:
                return column
        raise KeyError(key)

    def default_options(self) -> dict[str, Any]:
        from .services import today

        values: dict[str, Any] = {"encoding": "auto", "mapping": {}}
        for option in self.options:
            values[option.key] = today().isoformat() if option.default == "today" else option.default
        return values

    def missing_columns(self, found: set[str], plan: Plan) -> list[str]:
        """Labels of required columns the file lacks (an importer may ask for either of two)."""
        return [c.label for c in self.get_columns(plan) if c.required and c.key not in found]

    # --- scope ---------------------------------------------------------------------------------
    def get_context(self, viewer: Any, pk: int) -> Any:
        """The object an import belongs to (a session …), scoped to the viewer; 404 otherwise."""
        raise NotImplementedError

    def context_of(self, record: Any) -> Any:
        return None

    parents: ClassVar[
        tuple[tuple[str, str], ...]
    ] = ()  # breadcrumb before the upload page: (label, url name)

    def crumbs(self, context: Any) -> list[tuple[str, str]]:
        """(label, url) of the breadcrumb between ホーム and the upload page."""
        from django.urls import reverse

        return [(label, reverse(name)) for label, name in self.parents]

    def upload_url(self, context: Any) -> str:
        from django.urls import reverse

        return reverse(self.url_name, kwargs={"pk": context.pk} if context is not None else {})

    def done_url(self, record: Any) -> str | None:
        """Where the preview links to once committed (e.g. back to the session)."""
        return None

    # --- analysis and apply --------------------------------------------------------------------
    def prepare(self, plan: Plan) -> None:
        """Load the reference data the row analysis needs into ``plan.state`` (few queries)."""

    def analyse_row(self, plan: Plan, row: Cells) -> None:
        """Compare one row with the database; ``plan.add(kind, …)`` or ``row.error(…)``."""
        raise NotImplementedError

    def finish(self, plan: Plan) -> None:
        """After the last row (e.g. a full sync's retirements, notices)."""

    def preview_tables(self, plan: Plan) -> list[PreviewTable]:
        """Blocks the preview shows above the rows (what applying would change elsewhere); called after
        :meth:`finish` when the file has no error, at the preview and again at the commit."""
        return []

    def lock_for(self, organisation: Any, context: Any) -> None:
        """Lock what the commit's analysis reads (``select_for_update``) so nothing changes in between."""

    def apply(self, plan: Plan, actor: Any) -> dict[str, Any]:
        """Write the plan (called inside the commit's transaction, only when it has no error)."""
        raise NotImplementedError

    def commit_detail(self, plan: Plan) -> dict[str, Any]:
        return {}


def register_importer(cls: type[Importer]) -> type[Importer]:
    """Class decorator: the importer joins ``core.hooks.IMPORTERS`` (the shared views, services and
    command find it by its key). An app's hooks.py imports its importing module."""
    from . import hooks

    hooks.IMPORTERS.register(cls())
    return cls


def get_importer(key: str) -> Importer:
    from . import hooks

    return hooks.IMPORTERS[key]


# -------------------------------------------------------------------------------------- analysis


def read_upload(data: bytes, *, encoding: str = "auto") -> Table:
    """read_table within the operator's limits (size, XLSX parts, columns and rows)."""
    return read_table(
        data,
        encoding=encoding,
        max_bytes=settings.IMPORT_MAX_BYTES,
        max_xlsx_unpacked=settings.IMPORT_XLSX_MAX_UNPACKED,
        max_xlsx_entries=settings.IMPORT_XLSX_MAX_ENTRIES,
        max_columns=settings.IMPORT_MAX_COLUMNS,
        max_rows=settings.IMPORT_MAX_ROWS,
    )


def count_rows(data: bytes) -> int:
    """Rough number of lines of a file, without parsing it (decides whether it runs as a job)."""
    from .tabular import estimate_rows

    return estimate_rows(data)


def _index(importer: Importer, plan: Plan) -> dict[str, str]:
    index: dict[str, str] = {}
    for column in importer.get_columns(plan):
        for name in column.names():
            index.setdefault(header_key(name), column.key)
    return index


def _map_headers(importer: Importer, plan: Plan) -> None:
    index = _index(importer, plan)
    keys = {c.key: c for c in importer.get_columns(plan)}
    chosen = plan.options.get("mapping") or {}
    for position, header in enumerate(plan.headers):
        if not header:
            continue
        key = chosen.get(header) or index.get(header_key(header))
        if key is None:
            plan.unmapped.append(header)
            continue
        if key != IGNORE and key not in keys:
            plan.fatal = f"見出し「{header}」の割り当て先が正しくありません。"
            return
        plan.mapping[header] = key
        if key == IGNORE or keys[key].informational:
            continue
        if key in plan.columns:
            first = plan.columns[key]
            plan.fatal = (
                f"「{plan.headers[first]}」（{column_letter(first)}列）と「{header}」（{column_letter(position)}列）が"
                f"どちらも「{keys[key].label}」を表しています。どちらか一方の列だけにしてください。"
            )
            return
        plan.columns[key] = position
    plan.missing = importer.missing_columns(set(plan.columns), plan)


def analyse(
    importer: Importer,
    organisation: Any,
    data: bytes,
    options: dict[str, Any] | None = None,
    *,
    context: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """Read ``data`` and compare it with the database. Never writes. ``progress(done, total)``."""
    merged = importer.default_options()
    merged.update(options or {})
    plan = Plan(importer=importer, organisation=organisation, options=merged, context=context)
    try:
        table = read_upload(data, encoding=merged.get("encoding") or "auto")
    except TabularError as exc:
        plan.fatal = exc.message
        return plan
    plan.table_kind, plan.encoding, plan.headers = table.kind, table.encoding, list(table.headers)
    plan.row_count = len(table.rows)
    _map_headers(importer, plan)
    if plan.fatal or plan.missing or plan.unmapped:
        return plan
    if not table.rows:
        plan.fatal = "2行目以降にデータがありません。"
        return plan
    importer.prepare(plan)
    if plan.fatal:
        return plan
    parsers = {key: importer.column(key, plan).parse for key in plan.columns}
    total = len(table.rows)
    for n, data_row in enumerate(table.rows, start=1):
        if progress is not None and n % 1000 == 0:
            progress(n, total)
        cells = Cells(plan, data_row.line, data_row.values)
        for key, parse in parsers.items():
            raw = cells.raw(key) or ""
            if parse is None:
                cells.parsed[key] = normalize_text(raw)
                continue
            try:
                cells.parsed[key] = parse(raw)
            except CellError as exc:
                cells.error(key, exc.message, raw)
        importer.analyse_row(plan, cells)
    if not plan.errors:
        importer.finish(plan)
    if not plan.errors and not plan.fatal:
        plan.tables = list(importer.preview_tables(plan))
    return plan


def options_for_json(options: Mapping[str, Any]) -> dict[str, Any]:
    """Options as stored on the record (dates as ISO strings)."""
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in options.items()}


def option_date(plan: Plan, key: str) -> date:
    value = plan.options.get(key)
    return value if isinstance(value, date) else date.fromisoformat(value)


def iter_batches(items: Iterable[Any], size: int = 1000) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
