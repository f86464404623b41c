"""Builders for staff-import files (CSV/XLSX bytes) used by the people tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

import openpyxl

EFFECTIVE = date(2026, 4, 1)

HEADER = ["職員番号", "氏名", "ふりがな", "所属", "職名", "任用形態", "採用年月日", "メール"]

# world.own exactly as conftest builds it: importing these rows changes nothing.
OWN_ROWS = [
    [
        "000101",
        "山田　太郎",
        "やまだ　たろう",
        "市民部市民課窓口係",
        "主事",
        "正規",
        "2015/4/1",
        "000101@example.lg.jp",
    ],
    [
        "000102",
        "佐藤　花子",
        "さとう　はなこ",
        "市民部市民課",
        "課長",
        "正規",
        "2015/4/1",
        "000102@example.lg.jp",
    ],
    [
        "000103",
        "鈴木　一郎",
        "すずき　いちろう",
        "総務部総務課人事係",
        "主事",
        "正規",
        "2015/4/1",
        "000103@example.lg.jp",
    ],
    [
        "000104",
        "髙橋　美咲",
        "たかはし　みさき",
        "総務部総務課",
        "主事",
        "正規",
        "2015/4/1",
        "000104@example.lg.jp",
    ],
]


def own_rows() -> list[list[str]]:
    """A fresh copy of OWN_ROWS (tests edit it)."""
    return [list(r) for r in OWN_ROWS]


def csv_bytes(rows: Sequence[Sequence[object]], encoding: str = "cp932", header=HEADER) -> bytes:
    """CSV with CRLF line ends; `header=None` writes `rows` as they are (first row is the header)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[object]], header=HEADER) -> bytes:
    """One worksheet; values are written as given (dates become real date cells)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if header is not None:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def options(**kwargs) -> dict:
    """Options of the staff import as the pipeline takes them (dates as ISO strings)."""
    kwargs.setdefault("effective_date", EFFECTIVE)
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in kwargs.items()}


def new_row(
    staff_no="000201",
    name="新井　次郎",
    kana="あらい　じろう",
    unit="市民部市民課窓口係",
    grade="主事",
    emp="正規",
    hired="2026/4/1",
    email="",
) -> list[str]:
    return [staff_no, name, kana, unit, grade, emp, hired, email]
