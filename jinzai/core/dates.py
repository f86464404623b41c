"""Dates for Japanese municipalities: Japanese eras (和暦), fiscal years (年度) and lenient parsing.

Pure Python (no Django).

* :func:`parse_date` reads what people type or what spreadsheets export (western or 和暦, full-width
  or half-width) and raises only :class:`DateParseError`, whose ``message`` can be shown as is.
* :func:`to_wareki`, :func:`format_date` and :func:`fiscal_year_label` produce display text.

Dates before the start of 明治 (1868-01-25) cannot be expressed in 和暦 and are rejected by
:func:`parse_date`; :func:`to_wareki` raises ``ValueError`` for them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from jinzai.core.text import normalize_text

__all__ = [
    "ERAS",
    "DateParseError",
    "Era",
    "fiscal_year_bounds",
    "fiscal_year_label",
    "fiscal_year_of",
    "format_date",
    "parse_date",
    "to_wareki",
    "wareki_year",
]


@dataclass(frozen=True)
class Era:
    name: str  # 令和
    letter: str  # R
    start: dt.date


ERAS: tuple[Era, ...] = (
    Era("明治", "M", dt.date(1868, 1, 25)),
    Era("大正", "T", dt.date(1912, 7, 30)),
    Era("昭和", "S", dt.date(1926, 12, 25)),
    Era("平成", "H", dt.date(1989, 1, 8)),
    Era("令和", "R", dt.date(2019, 5, 1)),
)

_ERA_BY_TOKEN: dict[str, Era] = {}
for _era in ERAS:
    _ERA_BY_TOKEN[_era.name] = _ERA_BY_TOKEN[_era.name[0]] = _ERA_BY_TOKEN[_era.letter.lower()] = _era
del _era

# Single-character era ligatures (㍾㍽㍼㍻㋿), spelled out before parsing.
_ERA_LIGATURES = str.maketrans({"㍾": "明治", "㍽": "大正", "㍼": "昭和", "㍻": "平成", "㋿": "令和"})

_EXAMPLE = "例: 2024/4/1、令和6年4月1日"
_MAX_SHOWN = 40  # characters of the user's value repeated in an error message

_FLAGS = re.ASCII | re.IGNORECASE
# A trailing midnight time as spreadsheets export it: "2024/04/01 00:00:00", "2024/4/1 0:00", "...T00:00".
_MIDNIGHT_RE = re.compile(r"(?:\s+|T)0?0:00(?::00(?:\.0+)?)?$", _FLAGS)
_WHITESPACE_RE = re.compile(r"\s+")
_WESTERN_RE = re.compile(r"(\d{4})(?:([/.\-])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})日?)", _FLAGS)
_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})", _FLAGS)
_WAREKI_RE = re.compile(
    r"(明治|大正|昭和|平成|令和|[明大昭平令MTSHR])(\d{1,3}|元)"
    r"(?:年(\d{1,2})月(\d{1,2})日?|([/.\-])(\d{1,2})\5(\d{1,2}))",
    _FLAGS,
)
_SERIAL_RE = re.compile(r"\d{1,5}(?:\.\d+)?", _FLAGS)

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MAX_SERIAL = (dt.date.max - _EXCEL_EPOCH).days


class DateParseError(ValueError):
    """A value could not be read as a date. ``message`` is polite Japanese for the user."""

    def __init__(self, message: str, value: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.value = value


def _shown(value: object) -> str:
    text = str(value).strip()
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "…"


def _unreadable(value: object) -> DateParseError:
    return DateParseError(f"「{_shown(value)}」は日付として読めません。{_EXAMPLE}", value)


def _outside_era(value: object, era: Era) -> DateParseError:
    return DateParseError(f"「{_shown(value)}」は{era.name}の期間外です。{_EXAMPLE}", value)


def parse_date(value: object, *, allow_serial: bool = False) -> dt.date | None:
    """Read a date from user input or a spreadsheet cell.

    * ``date``/``datetime`` → the date; ``None`` and blank strings → ``None``.
    * ``int``/``float`` (and digit-only strings of up to 5 digits) are Excel serial numbers
      (epoch 1899-12-30) only when ``allow_serial=True``; otherwise they are rejected.
    * Strings, after width normalisation: ``2024/4/1``, ``2024-04-01``, ``2024.4.1``,
      ``2024年4月1日``, ``20240401``, ``令和6年4月1日``, ``令和元年5月1日``, ``R6.4.1``, ``r6/4/1``,
      ``R06.04.01``, ``H30.4.1``, ``平30.4.1``; a trailing midnight time (``00:00[:00]``) is ignored.
      和暦 dates must lie inside their era (平成31年5月1日 is rejected: that day is 令和元年).

    Raises :class:`DateParseError` (and nothing else for ``str`` input). Other types raise ``TypeError``.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise _unreadable(value)
    if isinstance(value, int | float):
        if not allow_serial:
            raise _unreadable(value)
        return _from_serial(value, value)
    if not isinstance(value, str):
        raise TypeError(f"parse_date() does not accept {type(value).__name__}")

    text = normalize_text(value).translate(_ERA_LIGATURES)
    text = _WHITESPACE_RE.sub("", _MIDNIGHT_RE.sub("", text))
    if not text:
        return None
    if allow_serial and _SERIAL_RE.fullmatch(text):
        return _from_serial(float(text), value)
    if m := _WESTERN_RE.fullmatch(text):
        year, month, day = m[1], m[3] or m[5], m[4] or m[6]
        return _make_date(int(year), int(month), int(day), value)
    if m := _COMPACT_RE.fullmatch(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), value)
    if m := _WAREKI_RE.fullmatch(text):
        era = _ERA_BY_TOKEN[m[1].lower()]
        era_year = 1 if m[2] == "元" else int(m[2])
        month, day = m[3] or m[6], m[4] or m[7]
        d = _make_date(era.start.year + era_year - 1, int(month), int(day), value)
        if not (era.start <= d < _end_of(era)) or era_year < 1:
            raise _outside_era(value, era)
        return d
    raise _unreadable(value)


def _make_date(year: int, month: int, day: int, original: object) -> dt.date:
    try:
        d = dt.date(year, month, day)
    except ValueError:
        raise _unreadable(original) from None
    if d < ERAS[0].start:
        raise _unreadable(original)
    return d


def _from_serial(serial: float, original: object) -> dt.date:
    if not 1 <= serial <= _MAX_SERIAL:  # also rejects NaN and infinities
        raise _unreadable(original)
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _end_of(era: Era) -> dt.date:
    """First day after ``era`` (``date.max`` for the current era)."""
    index = ERAS.index(era)
    return ERAS[index + 1].start if index + 1 < len(ERAS) else dt.date.max


def _era_of(d: dt.date) -> Era:
    for era in reversed(ERAS):
        if d >= era.start:
            return era
    raise ValueError(f"{d.isoformat()} is before {ERAS[0].name} and has no Japanese era")


def _as_date(d: dt.date) -> dt.date:
    return d.date() if isinstance(d, dt.datetime) else d


def _year_text(year: int) -> str:
    return "元" if year == 1 else str(year)


def wareki_year(d: dt.date) -> tuple[str, int]:
    """``(era_name, era_year)`` of a date, e.g. ``("令和", 8)``. ``ValueError`` before 明治."""
    d = _as_date(d)
    era = _era_of(d)
    return era.name, d.year - era.start.year + 1


def to_wareki(d: dt.date, style: str = "long") -> str:
    """``"令和8年4月1日"`` (``"令和元年5月1日"`` for year 1), or with ``style="short"`` ``"R8.4.1"``."""
    d = _as_date(d)
    era = _era_of(d)
    year = d.year - era.start.year + 1
    if style == "long":
        return f"{era.name}{_year_text(year)}年{d.month}月{d.day}日"
    if style == "short":
        return f"{era.letter}{year}.{d.month}.{d.day}"
    raise ValueError(f"unknown style {style!r}")


def format_date(d: dt.date | None, style: str = "western") -> str:
    """``"2026年4月1日"`` (western) or ``"令和8年4月1日"`` (``style="wareki"``); ``None`` → ``""``."""
    if d is None:
        return ""
    d = _as_date(d)
    if style == "western":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "wareki":
        return to_wareki(d)
    raise ValueError(f"unknown style {style!r}")


def fiscal_year_of(d: dt.date) -> int:
    """Fiscal year (年度, April–March) of a date, named by the western year it starts in."""
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_bounds(fy: int) -> tuple[dt.date, dt.date]:
    """First and last day of fiscal year ``fy``: ``(date(fy, 4, 1), date(fy + 1, 3, 31))``."""
    return dt.date(fy, 4, 1), dt.date(fy + 1, 3, 31)


def fiscal_year_label(fy: int) -> str:
    """``"令和8年度（2026年度）"``. The era is the one in force on April 1 (2019 → 平成31年度)."""
    era, year = wareki_year(dt.date(fy, 4, 1))
    return f"{era}{_year_text(year)}年度（{fy}年度）"
