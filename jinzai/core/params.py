"""Reading ids and numbers from query strings, form keys and files: one parser, bounded, never a 500.

``str.isdigit()`` accepts "²" and "①", which ``int()`` refuses, and an unbounded digit string overflows
SQLite's 64-bit integers. Every id or number a user can type goes through :func:`parse_int`
(ASCII digits only, within bounds); views use :func:`int_param` / :func:`id_param`, which answer a
Japanese 400 page (``BadRequest``) for a value that is present but not a number in range, or ignore it
when ``strict=False`` (a stale filter link should not break a list).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.core.exceptions import BadRequest

MAX_ID = 2**63 - 1  # SQLite INTEGER and PostgreSQL bigint
MAX_INT = 2**31 - 1  # PositiveIntegerField / IntegerField on every backend
_ASCII_INT = re.compile(r"^[+-]?[0-9]{1,19}$")


def parse_int(value: object, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """The integer ``value`` spells in ASCII digits within [minimum, maximum], else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip() if value is not None else ""
        if not _ASCII_INT.match(text):
            return None
        number = int(text)
    if minimum is not None and number < minimum:
        return None
    if maximum is not None and number > maximum:
        return None
    return number


def parse_id(value: object) -> int | None:
    """A primary key: 1 … MAX_ID."""
    return parse_int(value, minimum=1, maximum=MAX_ID)


def int_param(
    query: Mapping,
    name: str,
    *,
    default: int | None = None,
    minimum: int | None = None,
    maximum: int | None = MAX_INT,
    strict: bool = True,
) -> int | None:
    """``query[name]`` as an int; ``default`` when absent or empty; a 400 (or ``default``) when malformed."""
    raw = query.get(name)
    if raw is None or str(raw).strip() == "":
        return default
    number = parse_int(raw, minimum=minimum, maximum=maximum)
    if number is None:
        if strict:
            raise BadRequest(f"「{name}」の値「{str(raw)[:30]}」は正しい数値ではありません。")
        return default
    return number


def id_param(query: Mapping, name: str, *, strict: bool = True) -> int | None:
    """``query[name]`` as a primary key (see :func:`int_param`)."""
    return int_param(query, name, minimum=1, maximum=MAX_ID, strict=strict)


def fiscal_year_param(query: Mapping, name: str = "fy", *, default: int | None = None) -> int | None:
    """A 年度 (the 西暦 year it starts in) between 1989 and 2200; anything else keeps ``default``."""
    return int_param(query, name, default=default, minimum=1989, maximum=2200, strict=False)
