import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jinzai.core.dates import (
    ERAS,
    DateParseError,
    fiscal_year_bounds,
    fiscal_year_label,
    fiscal_year_of,
    format_date,
    parse_date,
    to_wareki,
    wareki_year,
)

D = dt.date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024/4/1", D(2024, 4, 1)),
        ("2024-04-01", D(2024, 4, 1)),
        ("2024.4.1", D(2024, 4, 1)),
        ("2024年4月1日", D(2024, 4, 1)),
        ("2024 年 4 月 1 日", D(2024, 4, 1)),
        ("20240401", D(2024, 4, 1)),
        ("２０２４／０４／０１", D(2024, 4, 1)),
        ("令和6年4月1日", D(2024, 4, 1)),
        ("令和元年5月1日", D(2019, 5, 1)),
        ("令和６年４月１日", D(2024, 4, 1)),
        ("R6.4.1", D(2024, 4, 1)),
        ("R6/4/1", D(2024, 4, 1)),
        ("R06.04.01", D(2024, 4, 1)),
        ("r6.4.1", D(2024, 4, 1)),
        ("Ｒ６．４．１", D(2024, 4, 1)),
        ("H30.4.1", D(2018, 4, 1)),
        ("S60.4.1", D(1985, 4, 1)),
        ("T1.7.30", D(1912, 7, 30)),
        ("M45.7.29", D(1912, 7, 29)),
        ("平成30年4月1日", D(2018, 4, 1)),
        ("平成31年4月30日", D(2019, 4, 30)),
        ("平成元年1月8日", D(1989, 1, 8)),
        ("昭和64年1月7日", D(1989, 1, 7)),
        ("平30.4.1", D(2018, 4, 1)),
        ("㍻30年4月1日", D(2018, 4, 1)),
        ("2024/04/01 00:00:00", D(2024, 4, 1)),
        ("2024/4/1 0:00", D(2024, 4, 1)),
        ("2024-04-01T00:00:00", D(2024, 4, 1)),
        ("  2024/4/1  ", D(2024, 4, 1)),
        ("2024/2/29", D(2024, 2, 29)),
    ],
)
def test_parse_date_accepts(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000"])
def test_parse_date_blank_is_none(raw):
    assert parse_date(raw) is None


def test_parse_date_passes_dates_through():
    assert parse_date(D(2024, 4, 1)) == D(2024, 4, 1)
    result = parse_date(dt.datetime(2024, 4, 1, 15, 30))
    assert result == D(2024, 4, 1)
    assert type(result) is D


@pytest.mark.parametrize(
    "raw",
    [
        "令和6年13月1日",
        "2023/2/29",
        "2024/4-1",
        "2024/4/1 12:00",
        "2024/4/1/1",
        "R6",
        "X6.4.1",
        "明日",
        "1800/1/1",  # before 明治: cannot be shown in 和暦
        "00000101",
        "45383",  # serials only with allow_serial=True
    ],
)
def test_parse_date_rejects_with_message(raw):
    with pytest.raises(DateParseError) as exc_info:
        parse_date(raw)
    assert exc_info.value.message == f"「{raw}」は日付として読めません。例: 2024/4/1、令和6年4月1日"
    assert str(exc_info.value) == exc_info.value.message
    assert isinstance(exc_info.value, ValueError)


@pytest.mark.parametrize(
    ("raw", "era"),
    [
        ("平成31年5月1日", "平成"),  # that day is 令和元年
        ("平成32年4月1日", "平成"),
        ("令和1年4月30日", "令和"),
        ("令和元年4月30日", "令和"),
        ("令和0年5月1日", "令和"),
        ("S64.1.8", "昭和"),
        ("H1.1.7", "平成"),
    ],
)
def test_parse_date_rejects_dates_outside_their_era(raw, era):
    with pytest.raises(DateParseError) as exc_info:
        parse_date(raw)
    assert exc_info.value.message == f"「{raw}」は{era}の期間外です。例: 2024/4/1、令和6年4月1日"


def test_parse_date_message_shows_value_stripped_and_shortened():
    with pytest.raises(DateParseError) as exc_info:
        parse_date("  ばつ  ")
    assert exc_info.value.message.startswith("「ばつ」")
    with pytest.raises(DateParseError) as exc_info:
        parse_date("あ" * 200)
    assert "あ" * 41 not in exc_info.value.message


def test_parse_date_excel_serial():
    assert parse_date(45383, allow_serial=True) == D(2024, 4, 1)
    assert parse_date(45383.75, allow_serial=True) == D(2024, 4, 1)
    assert parse_date("45383", allow_serial=True) == D(2024, 4, 1)
    assert parse_date("20240401", allow_serial=True) == D(2024, 4, 1)
    for bad in [45383, 1.5, True]:
        with pytest.raises(DateParseError):
            parse_date(bad)
    for bad in [0, -1, float("nan"), float("inf"), 10**30]:
        with pytest.raises(DateParseError):
            parse_date(bad, allow_serial=True)


def test_parse_date_rejects_other_types():
    with pytest.raises(TypeError):
        parse_date(["2024/4/1"])


@given(st.text(), st.booleans())
def test_parse_date_raises_only_date_parse_error(s, allow_serial):
    try:
        result = parse_date(s, allow_serial=allow_serial)
    except DateParseError as exc:
        assert exc.message.startswith("「")
    else:
        assert result is None or isinstance(result, D)


@given(st.dates(min_value=ERAS[0].start, max_value=D(2200, 12, 31)))
def test_round_trip_through_text(d):
    assert parse_date(to_wareki(d)) == d
    assert parse_date(to_wareki(d, "short")) == d
    assert parse_date(format_date(d)) == d
    assert parse_date(d.isoformat()) == d


def test_to_wareki():
    assert to_wareki(D(2026, 4, 1)) == "令和8年4月1日"
    assert to_wareki(D(2019, 5, 1)) == "令和元年5月1日"
    assert to_wareki(D(2019, 4, 30)) == "平成31年4月30日"
    assert to_wareki(D(1989, 1, 7)) == "昭和64年1月7日"
    assert to_wareki(D(2026, 4, 1), style="short") == "R8.4.1"
    assert to_wareki(D(2019, 5, 1), style="short") == "R1.5.1"
    assert to_wareki(dt.datetime(2026, 4, 1, 9, 0)) == "令和8年4月1日"
    with pytest.raises(ValueError):
        to_wareki(D(1868, 1, 24))
    with pytest.raises(ValueError):
        to_wareki(D(2026, 4, 1), style="medium")


def test_wareki_year():
    assert wareki_year(D(2026, 4, 1)) == ("令和", 8)
    assert wareki_year(D(2019, 4, 30)) == ("平成", 31)
    assert wareki_year(D(1926, 12, 25)) == ("昭和", 1)
    assert wareki_year(D(1868, 1, 25)) == ("明治", 1)


def test_fiscal_year():
    assert fiscal_year_of(D(2026, 4, 1)) == 2026
    assert fiscal_year_of(D(2027, 3, 31)) == 2026
    assert fiscal_year_of(D(2026, 3, 31)) == 2025
    assert fiscal_year_bounds(2026) == (D(2026, 4, 1), D(2027, 3, 31))


@pytest.mark.parametrize(
    ("fy", "label"),
    [
        (2026, "令和8年度（2026年度）"),
        (2020, "令和2年度（2020年度）"),
        (2019, "平成31年度（2019年度）"),
        (1989, "平成元年度（1989年度）"),
    ],
)
def test_fiscal_year_label(fy, label):
    assert fiscal_year_label(fy) == label


def test_format_date():
    assert format_date(D(2026, 4, 1)) == "2026年4月1日"
    assert format_date(D(2026, 4, 1), style="wareki") == "令和8年4月1日"
    assert format_date(None) == ""
    assert format_date(None, style="wareki") == ""
    with pytest.raises(ValueError):
        format_date(D(2026, 4, 1), style="iso")
