"""Normalisation of Japanese text for storage, search and export.

Pure Python (no Django). Every function accepts any ``str`` and never raises for it.

Conventions:

* Values typed by people or imported from files go through :func:`normalize_text` before they are
  stored: half-width katakana become full-width, full-width ASCII letters/digits/symbols become
  half-width, whitespace runs (including the ideographic space U+3000) become one ASCII space.
  Unlike ``unicodedata.normalize("NFKC")`` this does *not* touch kanji, so compatibility ideographs
  used in names (e.g. 﨑) are stored as typed.
* Search works on keys built by :func:`search_key` (stored column) and :func:`search_terms`
  (query), so both sides are folded the same way.
* Every cell written to CSV/XLSX goes through :func:`neutralize_cell` (formula injection).
"""

from __future__ import annotations

import re

import jaconv

__all__ = [
    "FORMULA_TRIGGERS",
    "kana_to_hiragana",
    "neutralize_cell",
    "normalize_digits",
    "normalize_staff_no",
    "normalize_text",
    "search_key",
    "search_terms",
]

_WHITESPACE_RE = re.compile(r"\s+")  # str patterns are Unicode-aware: includes U+3000, NBSP, etc.

# Control characters (category Cc) that are not whitespace, plus zero-width space, word joiner and
# BOM: invisible and never wanted in a stored value (PostgreSQL even rejects NUL in text columns).
# Whitespace control characters (tab, newline, U+001C-U+001F, U+0085) are collapsed instead.
_INVISIBLE_RE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u200b\u2060\ufeff]")

# jaconv.h2z leaves a lone half-width (semi-)voiced sound mark alone; map it to the full-width one.
_LONE_SOUND_MARKS = str.maketrans({"\uff9e": "\u309b", "\uff9f": "\u309c"})

_HALFWIDTH_KANA_RE = re.compile(r"[\uff61-\uff9f]")
_FULLWIDTH_ASCII_RE = re.compile(r"[\uff01-\uff5e]")

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# Variant kanji folded to their common form in search keys only (never in stored values), so that
# searching 「高橋」 also finds 「髙橋」. Changing this table requires recomputing stored search keys.
_SEARCH_KANJI_FOLD = str.maketrans(
    {
        "髙": "高",
        "﨑": "崎",
        "嵜": "崎",
        "邉": "辺",
        "邊": "辺",
        "濵": "浜",
        "濱": "浜",
        "齋": "斎",
        "齊": "斎",
        "澤": "沢",
        "櫻": "桜",
        "國": "国",
        "廣": "広",
        "眞": "真",
        "曻": "昇",
        "德": "徳",
        "冨": "富",
    }
)

_SEARCH_SEPARATOR = "|"

# Leading characters that make spreadsheet software treat a cell as a formula (OWASP "CSV
# injection"), plus their full-width forms, which Japanese Excel may convert on entry.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def normalize_text(s: str) -> str:
    """Normalise a free-text value for storage.

    >>> normalize_text("  ﾔﾏﾀﾞ\u3000ＴＡＲＯ　１２３  ")
    'ヤマダ TARO 123'
    """
    if not s:
        return ""
    s = _INVISIBLE_RE.sub("", s)
    # jaconv is the slow part of an import: call it only when a half-/full-width form is present.
    if _HALFWIDTH_KANA_RE.search(s):
        s = jaconv.h2z(s, kana=True, ascii=False, digit=False).translate(_LONE_SOUND_MARKS)
    if _FULLWIDTH_ASCII_RE.search(s):
        s = jaconv.z2h(s, kana=False, ascii=True, digit=True)
    return _WHITESPACE_RE.sub(" ", s).strip()


def normalize_digits(s: str) -> str:
    """Convert full-width digits to ASCII digits and strip surrounding whitespace."""
    return s.translate(_FULLWIDTH_DIGITS).strip()


def normalize_staff_no(s: str) -> str:
    """Normalise a staff number: :func:`normalize_text` without any spaces. Leading zeros are kept."""
    return normalize_text(s).replace(" ", "")


def search_key(*parts: str | None) -> str:
    """Build a key for case/width/kana-insensitive substring search.

    Each part is normalised, hiragana become katakana, ASCII is lower-cased, common variant kanji
    are folded (髙→高, 﨑→崎, 邊→辺 ...), and all whitespace is removed. Parts are joined with
    ``"|"`` (and ``"|"`` is removed from the parts), so a query term can never match across two
    fields. ``None`` parts count as empty.

    Use it for the stored column and, via :func:`search_terms`, for every query term.
    """
    keys = []
    for part in parts:
        text = normalize_text(part or "")
        text = jaconv.hira2kata(text).lower().translate(_SEARCH_KANJI_FOLD)
        keys.append(_WHITESPACE_RE.sub("", text).replace(_SEARCH_SEPARATOR, ""))
    return _SEARCH_SEPARATOR.join(keys)


def search_terms(query: str | None) -> list[str]:
    """Split a search query on whitespace (ASCII or U+3000) into search keys; empty terms are dropped."""
    terms = (search_key(term) for term in _WHITESPACE_RE.split(query or ""))
    return [term for term in terms if term]


def kana_to_hiragana(s: str) -> str:
    """Normalise a furigana value for storage as hiragana.

    Half-width katakana become full-width, katakana become hiragana; ``ー`` is kept and whitespace
    is normalised like :func:`normalize_text`.

    >>> kana_to_hiragana("ﾔﾏﾀﾞ　タロー")
    'やまだ たろー'
    """
    return jaconv.kata2hira(normalize_text(s))


def neutralize_cell(value: object) -> object:
    """Defuse a value for CSV/XLSX export so spreadsheet software will not run it as a formula.

    A ``str`` starting with ``= + - @``, tab or carriage return (or full-width ``＝ ＋ － ＠``) gets a
    leading single quote. Any other value is returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def normalize_person_name(s: str) -> str:
    """A name or its reading as HR files write it: normalised, with one full-width space between parts."""
    return normalize_text(s).replace(" ", "\u3000")
