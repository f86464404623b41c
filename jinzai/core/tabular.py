"""Reading uploaded CSV/XLSX files safely, and writing CSV/XLSX exports.

Reading (:func:`read_table`) never trusts the file name or the declared type: the kind is detected
from the content, sizes are checked before anything is unpacked, and every problem is reported as a
:class:`TabularError` whose ``message`` is polite Japanese saying what is wrong and how to fix it.
Line numbers are those a spreadsheet shows: the header is line 1, blank lines still count, and a
quoted CSV cell spanning several physical lines is one line.

Writing (:func:`write_csv`, :func:`write_xlsx`) defuses formula injection in every string cell.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Literal

from jinzai.core.text import FORMULA_TRIGGERS, neutralize_cell

__all__ = [
    "Row",
    "Table",
    "TabularError",
    "column_letter",
    "csv_writer",
    "read_table",
    "write_csv",
    "write_xlsx",
    "xlsx_writer",
]

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 10 * MB
DEFAULT_MAX_XLSX_UNPACKED = 200 * MB
DEFAULT_MAX_XLSX_ENTRIES = 2000
MAX_LINES = 1_048_576  # Excel's row limit; also stops a crafted sheet from claiming row 10^9.
DEFAULT_MAX_COLUMNS = 200
DEFAULT_MAX_ROWS = 200_000

JST = dt.timezone(dt.timedelta(hours=9), "JST")

_SNIFF_BYTES = 8192
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_OLE_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")  # password-protected .xlsx is an OLE file
# PDF, PNG, JPEG, GIF, Windows/Linux executables, other ZIP variants, gzip, RAR, 7z.
_BINARY_MAGIC = (
    b"%PDF-",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"MZ",
    b"\x7fELF",
    b"PK",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_READ_AS = {"utf-8": "UTF-8 として", "utf-8-sig": "UTF-8 として", "cp932": "Shift_JIS（CP932）として"}
_OTHER_ENCODING_CHOICE = {"utf-8": "Shift_JIS（CP932）", "utf-8-sig": "Shift_JIS（CP932）", "cp932": "UTF-8"}

# Characters CP932 cannot encode that have an unmistakable look-alike it can:
# NBSP→space, ¥→￥, ·→・, non-breaking hyphen→‐, –→－, —→―, •→・.
_CP932_SUBSTITUTES = str.maketrans(
    "\u00a0\u00a5\u00b7\u2011\u2013\u2014\u2022", " \uffe5\u30fb\u2010\uff0d\u2015\u30fb"
)
_SHEET_TITLE_FORBIDDEN_RE = re.compile(r"[\[\]:*?/\\]")
_NEWLINE_RE = re.compile(rb"\r\n|\r|\n")

_NOT_TABULAR = "CSV または Excel（.xlsx）ファイルを選んでください。このファイルはどちらでもありません。"
_NOT_XLSX = (
    "Excel（.xlsx）ファイルとして開けません。ファイルが壊れているか、別の形式です。"
    "Excel で開いて「.xlsx」形式で保存し直してください。"
)
_SIMPLIFY = "不要なシートや画像を削除するか、CSV 形式で保存し直してください。"
_NO_HEADER = "1行目に見出し（列名）がありません。"


class TabularError(Exception):
    """The file cannot be read or written. ``message`` is Japanese and tells the user how to fix it."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Row:
    line: int  # as a spreadsheet numbers it; the header is line 1
    values: list[str]  # stripped; at least len(headers) items (padded with ""), more if data overhangs


@dataclass
class Table:
    headers: list[str]  # stripped; trailing blank header cells removed
    rows: list[Row]  # fully blank rows are skipped
    encoding: str | None  # "utf-8", "utf-8-sig", "cp932" or "utf-16" for CSV; None for XLSX
    kind: Literal["csv", "xlsx"]


def column_letter(index0: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 → "A", 25 → "Z", 26 → "AA"."""
    if index0 < 0:
        raise ValueError("column index must be >= 0")
    letters = ""
    n = index0 + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _format_mb(limit: int) -> str:
    return f"{limit // MB} MB" if limit % MB == 0 else f"{limit / MB:.1f} MB"


def _setting(value: int | None, name: str, default: int) -> int:
    """An explicit limit wins; otherwise ``settings.<name>``; otherwise ``default`` (also without Django)."""
    if value is not None:
        return value
    try:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured
    except ImportError:
        return default
    try:
        return getattr(settings, name, default)
    except ImproperlyConfigured:
        return default


# --------------------------------------------------------------------------------------------- reading


def read_table(
    data: bytes,
    *,
    filename: str = "",
    encoding: str = "auto",
    max_bytes: int | None = None,
    max_xlsx_unpacked: int | None = None,
    max_xlsx_entries: int | None = None,
    max_columns: int | None = None,
    max_rows: int | None = None,
) -> Table:
    """Read an uploaded CSV or XLSX file into a :class:`Table`.

    The kind is detected from the content; ``filename`` is informational only. For XLSX only the
    first worksheet is read, formulas are returned as their text (``"=SUM(A1)"``), dates as
    ``"YYYY-MM-DD"`` and integral numbers without ``".0"``. For CSV, ``encoding`` is ``"auto"``
    (BOM, then UTF-8, then CP932; a UTF-16 file with BOM is also accepted), ``"utf-8"``,
    ``"utf-8-sig"`` or ``"cp932"``; the delimiter is a comma, or a tab if the first line has tabs
    and no commas.

    Limits not passed explicitly come from ``settings.IMPORT_MAX_BYTES``, ``IMPORT_XLSX_MAX_UNPACKED``,
    ``IMPORT_XLSX_MAX_ENTRIES``, ``IMPORT_MAX_COLUMNS`` and ``IMPORT_MAX_ROWS`` (defaults 10 MB,
    200 MB, 2000, 200 columns, 200,000 rows; also used without Django). The number of rows and of
    header columns is checked before the file is parsed, so a crafted file cannot tie up a worker.
    """
    max_bytes = _setting(max_bytes, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)
    limits = _Limits(
        columns=_setting(max_columns, "IMPORT_MAX_COLUMNS", DEFAULT_MAX_COLUMNS),
        rows=_setting(max_rows, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS),
    )
    if not data:
        raise TabularError("ファイルが空です。")
    if len(data) > max_bytes:
        raise TabularError(f"ファイルが大きすぎます（上限 {_format_mb(max_bytes)}）。")

    head = data[:_SNIFF_BYTES]
    if head.startswith(_ZIP_MAGIC):
        return _read_xlsx(
            data,
            max_unpacked=_setting(max_xlsx_unpacked, "IMPORT_XLSX_MAX_UNPACKED", DEFAULT_MAX_XLSX_UNPACKED),
            max_entries=_setting(max_xlsx_entries, "IMPORT_XLSX_MAX_ENTRIES", DEFAULT_MAX_XLSX_ENTRIES),
            limits=limits,
        )
    if head.startswith(_OLE_MAGIC):
        if _OLE_ENCRYPTED_MARK in data:
            raise TabularError(
                "パスワードで保護された Excel ファイルは読み込めません。"
                "Excel でパスワードを解除してから保存し直してください。"
            )
        raise TabularError(
            "Excel 97-2003 形式（.xls）には対応していません。"
            "Excel で「.xlsx」または「CSV」形式で保存し直してください。"
        )
    if not head.startswith(_UTF16_BOMS) and (b"\x00" in head or head.startswith(_BINARY_MAGIC)):
        raise TabularError(_NOT_TABULAR)
    return _read_csv(data, encoding, limits)


@dataclass(frozen=True)
class _Limits:
    columns: int
    rows: int

    def check_rows(self, rows: int) -> None:
        if rows > self.rows + 1:  # + the header line
            raise TabularError(
                f"行数が多すぎます（約{rows - 1:,}行、上限 {self.rows:,}行）。ファイルを分けて取り込んでください。"
            )

    def check_columns(self, columns: int, line: int) -> None:
        if columns > self.columns:
            raise TabularError(
                f"{line}行目の列が多すぎます（{columns:,}列、上限 {self.columns:,}列）。"
                "使わない列を削除してから取り込んでください。",
                line=line,
            )


def estimate_rows(data: bytes) -> int:
    """Lines of a CSV or rows of an XLSX's first sheet, counted without parsing (0 when unreadable)."""
    if data[:4] == _ZIP_MAGIC:
        try:
            return _xlsx_row_count(data)
        except Exception:  # a broken archive is reported by read_table
            return 0
    return len(_NEWLINE_RE.findall(data)) + (0 if data.endswith((b"\n", b"\r")) else 1)


def _first_sheet_name(archive: zipfile.ZipFile) -> str | None:
    names = [n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
    if not names:
        return None
    return min(names, key=lambda n: int(re.sub(r"\D", "", n.rsplit("/", 1)[1])))


def _xlsx_row_count(data: bytes) -> int:
    """Count <row> elements of the first sheet while inflating it in chunks (bounded memory)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        name = _first_sheet_name(archive)
        if name is None:
            return 0
        count, tail = 0, b""
        with archive.open(name) as sheet:
            while chunk := sheet.read(1 << 20):
                block = tail + chunk
                count += len(re.findall(rb"<(?:\w+:)?row[\s>/]", block))
                tail = block[-16:]
                count -= len(re.findall(rb"<(?:\w+:)?row[\s>/]", tail))
        return count


def _read_xlsx(data: bytes, *, max_unpacked: int, max_entries: int, limits: _Limits) -> Table:
    # Check the archive with zipfile first: openpyxl would happily inflate a zip bomb. zipfile never
    # inflates an entry beyond its declared size, so the declared sizes are a safe bound.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except Exception:  # BadZipFile, but malformed archives raise many kinds of errors
        raise TabularError(_NOT_XLSX) from None
    if len(entries) > max_entries:
        raise TabularError(
            f"Excel ファイルの中の部品が多すぎます（{len(entries)} 個、上限 {max_entries} 個）。{_SIMPLIFY}"
        )
    if sum(entry.file_size for entry in entries) > max_unpacked:
        raise TabularError(
            f"Excel ファイルの展開後のサイズが上限を超えています（上限 {_format_mb(max_unpacked)}）。{_SIMPLIFY}"
        )
    if not any(entry.filename == "xl/workbook.xml" for entry in entries):
        raise TabularError(_NOT_XLSX)
    try:
        rows = _xlsx_row_count(data)
    except Exception:
        raise TabularError(_NOT_XLSX) from None
    limits.check_rows(rows)

    import openpyxl  # imported lazily: it is slow to import and only needed here

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises anything from KeyError to XML parse errors on broken files
        raise TabularError(_NOT_XLSX) from None
    try:
        if not workbook.worksheets:
            raise TabularError(_NO_HEADER, line=1)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # ignore the stored <dimension>, which may be wrong or huge
        return _build_table(
            sheet.iter_rows(values_only=True), _xlsx_text, kind="xlsx", encoding=None, limits=limits
        )
    except TabularError:
        raise
    except Exception:
        raise TabularError(_NOT_XLSX) from None
    finally:
        workbook.close()


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text else text
    formula_text = getattr(value, "text", None)  # ArrayFormula, DataTableFormula
    if isinstance(formula_text, str):
        return formula_text.strip()
    return str(value).strip()


def _read_csv(data: bytes, encoding: str, limits: _Limits) -> Table:
    limits.check_rows(estimate_rows(data))
    first_line = _NEWLINE_RE.split(data[: 1 << 20], 1)[0]
    limits.check_columns(max(first_line.count(b","), first_line.count(b"\t")) + 1, 1)
    text, used_encoding = _decode(data, encoding)
    first_line_text = text.split("\n", 1)[0].split("\r", 1)[0]
    delimiter = "\t" if "\t" in first_line_text and "," not in first_line_text else ","
    return _build_table(
        _csv_records(text, delimiter), str.strip, kind="csv", encoding=used_encoding, limits=limits
    )


def _decode(data: bytes, encoding: str) -> tuple[str, str]:
    """Decode strictly; returns ``(text, encoding used)``. A UTF-8 BOM is dropped."""
    if encoding == "auto":
        if data.startswith(_UTF16_BOMS):
            try:
                return data.decode("utf-16"), "utf-16"
            except UnicodeDecodeError:
                pass  # reported below
        elif data.startswith(codecs.BOM_UTF8):
            try:
                return _decode_at(data, "utf-8"), "utf-8-sig"
            except _BadLine as bad:
                raise TabularError(
                    f"{bad.line}行目を UTF-8 として読めません。ファイルが壊れていないか確認し、保存し直してください。",
                    line=bad.line,
                ) from None
        else:
            for candidate in ("utf-8", "cp932"):
                try:
                    return data.decode(candidate), candidate
                except UnicodeDecodeError:
                    continue
        raise TabularError("文字コードを判別できません。UTF-8 または Shift_JIS（CP932）で保存してください。")

    if encoding not in _READ_AS:
        raise ValueError(f"unsupported encoding {encoding!r}")
    try:
        return _decode_at(data, "cp932" if encoding == "cp932" else "utf-8"), encoding
    except _BadLine as bad:
        raise TabularError(
            f"{bad.line}行目を {_READ_AS[encoding]}読めません。"
            f"文字コードの指定を「自動判別」か「{_OTHER_ENCODING_CHOICE[encoding]}」にしてください。",
            line=bad.line,
        ) from None


class _BadLine(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _decode_at(data: bytes, codec: str) -> str:
    """Decode strictly, skipping a UTF-8 BOM; on failure raise :class:`_BadLine` with the physical line."""
    skip = len(codecs.BOM_UTF8) if codec == "utf-8" and data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        offset = skip + exc.start  # CP932 and UTF-8 never use CR/LF bytes inside a character
        raise _BadLine(len(_NEWLINE_RE.findall(data, 0, offset)) + 1) from None


def _csv_records(text: str, delimiter: str) -> Iterator[list[str]]:
    # strict=True: an unclosed quote is an error instead of silently swallowing the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line += 1
            if "field larger than field limit" in str(exc):
                message = f"{line}行目に長すぎるセルがあります。セルの内容を短くしてください。"
            else:
                message = (
                    f'{line}行目の「"」（ダブルクォート）の対応が正しくありません。'
                    'セルの中で「"」を使うときは「""」のように2つ重ねてください。'
                )
            raise TabularError(message, line=line) from None
        line += 1
        yield record


def _build_table(
    records: Iterable[Sequence[object]],
    to_text: Callable[[object], str],
    *,
    kind: Literal["csv", "xlsx"],
    encoding: str | None,
    limits: _Limits | None = None,
) -> Table:
    headers: list[str] | None = None
    rows: list[Row] = []
    limits = limits or _Limits(columns=DEFAULT_MAX_COLUMNS, rows=DEFAULT_MAX_ROWS)
    for line, record in enumerate(records, start=1):
        if line > MAX_LINES or line > limits.rows + 1:
            limits.check_rows(line)
            raise TabularError(f"行数が多すぎます（上限 {MAX_LINES:,} 行）。ファイルを分けてください。")
        if len(record) > limits.columns:
            limits.check_columns(len(_trim_blank_tail([to_text(v) for v in record], 0)), line)
        values = [to_text(value) for value in record]
        if headers is None:
            headers = _trim_blank_tail(values, 0)
            if not headers:
                raise TabularError(_NO_HEADER, line=1)
            _check_duplicate_headers(headers)
            continue
        if not any(values):
            continue
        values = _trim_blank_tail(values, len(headers))
        values.extend([""] * (len(headers) - len(values)))
        rows.append(Row(line=line, values=values))
    if headers is None:
        raise TabularError(_NO_HEADER, line=1)
    return Table(headers=headers, rows=rows, encoding=encoding, kind=kind)


def _trim_blank_tail(values: list[str], keep: int) -> list[str]:
    end = len(values)
    while end > keep and not values[end - 1]:
        end -= 1
    return values[:end]


def _check_duplicate_headers(headers: list[str]) -> None:
    positions: dict[str, list[int]] = {}
    for index, header in enumerate(headers):
        if header:
            positions.setdefault(header, []).append(index)
    for header, indexes in positions.items():
        if len(indexes) > 1:
            letters = [f"{column_letter(i)}列" for i in indexes]
            joined = "と".join(letters) if len(letters) == 2 else "、".join(letters)
            raise TabularError(f"見出し「{header}」が{len(indexes)}回あります（{joined}）。", line=1)


# --------------------------------------------------------------------------------------------- writing


def _export_text(value: object) -> str:
    """Text of a non-string CSV cell."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(JST)
        return value.strftime("%Y/%m/%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y/%m/%d")
    return str(value)


class _CsvWriter:
    """Writes CSV rows to a binary file as they come (see :func:`csv_writer`)."""

    def __init__(self, out: IO[bytes], *, encoding: str, header: Sequence[object] | None) -> None:
        if encoding not in ("cp932", "utf-8-sig"):
            raise ValueError(f"unsupported encoding {encoding!r}")
        self.out, self.encoding, self.line = out, encoding, 0
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")
        if encoding == "utf-8-sig":
            out.write(codecs.BOM_UTF8)
        if header is not None:
            self.write(header)

    def __enter__(self) -> _CsvWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def write(self, row: Sequence[object]) -> None:
        self.line += 1
        cells = []
        for value in row:
            if isinstance(value, str):
                text = value.translate(_CP932_SUBSTITUTES) if self.encoding == "cp932" else value
                cells.append(neutralize_cell(text))
            else:
                cells.append(_export_text(value))
        self._writer.writerow(cells)
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        if self.encoding == "utf-8-sig":
            self.out.write(text.encode("utf-8", errors="replace"))  # only lone surrogates can fail
            return
        try:
            self.out.write(text.encode("cp932"))
        except UnicodeEncodeError as exc:
            raise TabularError(
                f"{self.line}行目の「{exc.object[exc.start]}」は Shift_JIS（CP932）で書き出せません。"
                "UTF-8（BOM付き）で書き出してください。",
                line=self.line,
            ) from None


def csv_writer(out: IO[bytes], *, encoding: str, header: Sequence[object] | None = None) -> _CsvWriter:
    """A CSV writer with CRLF line ends that writes each row to ``out`` at once (constant memory).

    String cells pass through :func:`~jinzai.core.text.neutralize_cell`; dates are written as
    ``2026/04/01`` and aware datetimes in JST. For ``"cp932"`` a few look-alike characters are
    substituted (— → ―, ¥ → ￥, • → ・ ...); any other character CP932 lacks raises
    :class:`TabularError` naming the line (1-based, header included) and the character.
    """
    return _CsvWriter(out, encoding=encoding, header=header)


def write_csv(rows: Iterable[Sequence[object]], *, encoding: Literal["cp932", "utf-8-sig"]) -> bytes:
    """All rows (the first one is normally the header) as CSV bytes; see :func:`csv_writer`."""
    out = io.BytesIO()
    writer = csv_writer(out, encoding=encoding)
    for row in rows:
        writer.write(row)
    return out.getvalue()


class _XlsxWriter:
    """Writes one worksheet row by row with openpyxl's write-only mode (see :func:`xlsx_writer`)."""

    def __init__(self, headers: Sequence[str], out: IO[bytes], *, sheet_title: str) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        self.out = out
        self.workbook = Workbook(write_only=True)
        title = _SHEET_TITLE_FORBIDDEN_RE.sub("_", sheet_title).strip().strip("'")[:31]
        self.sheet = self.workbook.create_sheet(title=title or "Sheet1")
        self.sheet.freeze_panes = "A2"
        for index, header in enumerate(headers):
            width = sum(2 if ord(ch) > 0xFF else 1 for ch in str(header)) + 4  # full-width counts double
            self.sheet.column_dimensions[column_letter(index)].width = min(60, max(10, width))
        bold = Font(bold=True)
        header_cells = []
        for header in headers:
            cell = self._cell(header if isinstance(header, str) else str(header))
            cell.font = bold
            header_cells.append(cell)
        self.sheet.append(header_cells)

    def _cell(self, value: object):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        if isinstance(value, dt.date):
            is_datetime = isinstance(value, dt.datetime)
            if is_datetime and value.tzinfo is not None:
                value = value.astimezone(JST).replace(tzinfo=None)
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = "yyyy/mm/dd hh:mm" if is_datetime else "yyyy/mm/dd"
            return cell
        if value is None or isinstance(value, bool | int | float | Decimal):
            return value
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        cell = WriteOnlyCell(self.sheet, value=text)
        cell.data_type = "s"  # openpyxl would store "=..." as a formula
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
        return cell

    def write(self, row: Sequence[object]) -> None:
        self.sheet.append([self._cell(value) for value in row])

    def __enter__(self) -> _XlsxWriter:
        return self

    def __exit__(self, exc_type, *exc: object) -> None:
        if exc_type is None:
            self.workbook.save(self.out)
        else:
            self.workbook.close()


def xlsx_writer(headers: Sequence[str], out: IO[bytes], *, sheet_title: str) -> _XlsxWriter:
    """One worksheet written row by row; the workbook is saved into ``out`` when the ``with`` block ends.

    Bold, frozen header row. Strings are always stored as text, never as formulas: a string that a
    spreadsheet would take for a formula (``=1+1``, ``+81...``, ``-``, ``@x``) is stored as a text cell
    with Excel's "quote prefix" style, so it displays as typed and stays text when edited (unlike CSV,
    no visible apostrophe is added). Characters XML cannot carry are removed. Dates become real date
    cells (``yyyy/mm/dd``; datetimes ``yyyy/mm/dd hh:mm``, aware ones in JST).
    """
    return _XlsxWriter(headers, out, sheet_title=sheet_title)


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence[object]], *, sheet_title: str) -> bytes:
    """All rows as XLSX bytes; see :func:`xlsx_writer`."""
    out = io.BytesIO()
    with xlsx_writer(headers, out, sheet_title=sheet_title) as writer:
        for row in rows:
            writer.write(row)
    return out.getvalue()
