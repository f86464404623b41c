"""The shipped list of 全国地方公共団体コード (data/lg_codes.csv, see data/README.md for its source)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .text import kana_to_hiragana

DATA_FILE = Path(__file__).resolve().parent / "data" / "lg_codes.csv"


@dataclass(frozen=True)
class LocalGovernment:
    code: str
    name: str
    kana: str
    kind: str  # "prefecture" or "municipality" (Organisation.Kind values)
    prefecture_code: str  # "" for a prefecture

    @property
    def label(self) -> str:
        return f"{self.name}（{self.code}）"


@cache
def _load() -> dict[str, LocalGovernment]:
    with DATA_FILE.open(encoding="utf-8", newline="") as f:
        return {row["code"]: LocalGovernment(**row) for row in csv.DictReader(f)}


def all_entries() -> list[LocalGovernment]:
    return list(_load().values())


def get(code: str) -> LocalGovernment | None:
    return _load().get((code or "").strip())


def prefectures() -> list[LocalGovernment]:
    return [e for e in _load().values() if e.kind == "prefecture"]


def prefecture_by_number(number: str) -> LocalGovernment | None:
    """The prefecture whose JIS X 0401 number (01–47) is `number`."""
    number = (number or "").strip().zfill(2)
    return next((e for e in prefectures() if e.code[:2] == number), None)


def in_prefecture(prefecture_code: str) -> list[LocalGovernment]:
    """The prefecture itself, then its municipalities in code order."""
    own = get(prefecture_code)
    if own is None or own.kind != "prefecture":
        return []
    return [own] + [e for e in _load().values() if e.prefecture_code == prefecture_code]


def prefecture_of(entry: LocalGovernment) -> LocalGovernment | None:
    return get(entry.prefecture_code) if entry.prefecture_code else None


def full_name(entry: LocalGovernment) -> str:
    """「東京都八王子市」; a prefecture's own name."""
    pref = prefecture_of(entry)
    return (pref.name if pref else "") + entry.name


def search(query: str, limit: int = 20) -> list[LocalGovernment]:
    """By code (digits from the start), name, 「都道府県名＋名称」 or reading; exact matches first."""
    q = kana_to_hiragana(query or "").replace(" ", "")
    if not q:
        return []
    if q.isascii() and q.isdigit():
        return [e for e in _load().values() if e.code.startswith(q)][:limit]
    exact, starts = [], []
    for e in _load().values():
        names = (e.name, e.kana, full_name(e))
        if q in names:
            exact.append(e)
        elif any(n.startswith(q) for n in names):
            starts.append(e)
    return (exact + starts)[:limit]
