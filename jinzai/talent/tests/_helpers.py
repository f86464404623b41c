"""Shared helpers of the talent tests: the default types of an organisation and designation files."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from jinzai.people.tests import _files as files
from jinzai.talent.models import SubRole, TalentType

START = date(2026, 4, 1)
HEADER = ["職員番号", "氏名", "人材像", "区分", "指定方法", "事務分掌", "開始日", "終了日"]


def leader(org) -> TalentType:
    return TalentType.objects.get(organisation=org.org, kind=TalentType.Kind.LEADER)


def expert(org) -> TalentType:
    return TalentType.objects.get(organisation=org.org, kind=TalentType.Kind.EXPERT)


def sub(org, name: str) -> SubRole:
    return SubRole.objects.get(talent_type=leader(org), name=name)


def csv_bytes(rows: Sequence[Sequence[object]], encoding: str = "cp932", header=HEADER) -> bytes:
    return files.csv_bytes(rows, encoding=encoding, header=header)


def xlsx_bytes(rows: Sequence[Sequence[object]], header=HEADER) -> bytes:
    return files.xlsx_bytes(rows, header=header)


def options(**kwargs) -> dict:
    kwargs.setdefault("default_start_date", START)
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in kwargs.items()}


def row(
    staff_no="000104",
    name="髙橋　美咲",
    talent_type="DX推進リーダー",
    sub_role="業務担当",
    method="兼務発令あり",
    duties="窓口業務の見直し",
    start="令和8年4月1日",
    end="",
) -> list[str]:
    return [staff_no, name, talent_type, sub_role, method, duties, start, end]
