import codecs
import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jinzai.core.tabular import MB, Row, TabularError, column_letter, read_table, write_csv, write_xlsx

LIMITS = {"max_bytes": 10 * MB, "max_xlsx_unpacked": 50 * MB, "max_xlsx_entries": 500}


def read(data: bytes, **kwargs):
    return read_table(data, **{**LIMITS, **kwargs})


def error_of(data: bytes, **kwargs) -> TabularError:
    with pytest.raises(TabularError) as exc_info:
        read(data, **kwargs)
    assert str(exc_info.value) == exc_info.value.message
    return exc_info.value


def make_xlsx(rows, *, extra_sheet=None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row_number, row in rows.items():
        for col, value in enumerate(row, start=1):
            sheet.cell(row=row_number, column=col, value=value)
    if extra_sheet:
        other = workbook.create_sheet("その他")
        other.append(extra_sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def no_openpyxl(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("openpyxl must not open this file")

    monkeypatch.setattr(openpyxl, "load_workbook", fail)


# --- column letters -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("index0", "letters"), [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (51, "AZ"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letter(index0, letters):
    assert column_letter(index0) == letters


def test_column_letter_rejects_negative():
    with pytest.raises(ValueError):
        column_letter(-1)


# --- refusing files -------------------------------------------------------------------------------


def test_empty_file():
    assert error_of(b"").message == "ファイルが空です。"


def test_too_big():
    assert error_of(b"a" * (10 * MB + 1)).message == "ファイルが大きすぎます（上限 10 MB）。"
    assert "上限 1.5 MB" in error_of(b"a" * (2 * MB), max_bytes=3 * MB // 2).message


def test_xls_refused():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert error_of(data).message == (
        "Excel 97-2003 形式（.xls）には対応していません。"
        "Excel で「.xlsx」または「CSV」形式で保存し直してください。"
    )


def test_password_protected_xlsx_refused():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le")
    assert "パスワード" in error_of(data).message


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"MZ\x90\x00\x03",
        b"name,age\nabc\x00def,1\n",
        b"PK\x05\x06" + b"\x00" * 18,  # empty zip archive
    ],
)
def test_other_binary_refused(data):
    assert error_of(data).message == (
        "CSV または Excel（.xlsx）ファイルを選んでください。このファイルはどちらでもありません。"
    )


def test_zip_that_is_not_xlsx_refused(no_openpyxl):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "Excel（.xlsx）ファイルとして開けません" in error_of(buffer.getvalue()).message


def test_corrupt_zip_refused(no_openpyxl):
    assert "Excel（.xlsx）ファイルとして開けません" in error_of(b"PK\x03\x04" + b"garbage" * 100).message


def test_zip_with_too_many_entries_refused_before_openpyxl(no_openpyxl):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(600):
            archive.writestr(f"xl/media/{i}.bin", b"")
    message = error_of(buffer.getvalue()).message
    assert message.startswith("Excel ファイルの中の部品が多すぎます（601 個、上限 500 個）。")


def test_zip_bomb_refused_before_openpyxl(no_openpyxl):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (4 * MB))
    data = buffer.getvalue()
    assert len(data) < 20_000
    message = error_of(data, max_xlsx_unpacked=2 * MB).message
    assert message.startswith("Excel ファイルの展開後のサイズが上限を超えています（上限 2 MB）。")


def test_broken_xlsx_content_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-a-workbook")
    assert "Excel（.xlsx）ファイルとして開けません" in error_of(buffer.getvalue()).message


# --- XLSX -----------------------------------------------------------------------------------------


def test_xlsx_values():
    data = make_xlsx(
        {
            1: ["職員番号", "氏名", "採用日", "時刻", "数", "率", "式", "可否", None, None],
            2: [
                "00123",
                "  山田 太郎 ",
                dt.date(2024, 4, 1),
                dt.datetime(2024, 4, 1, 9, 30),
                3,
                3.0,
                "=SUM(E2)",
            ],
            3: [None, None, None],
            5: [45, "鈴木", dt.datetime(2024, 4, 1), None, 1.5, 0.25, None, True],
        },
        extra_sheet=["別シート"],
    )
    table = read(data, filename="staff.csv")  # the name is ignored: the content is XLSX
    assert table.kind == "xlsx"
    assert table.encoding is None
    assert table.headers == ["職員番号", "氏名", "採用日", "時刻", "数", "率", "式", "可否"]
    assert table.rows == [
        Row(
            line=2,
            values=["00123", "山田 太郎", "2024-04-01", "2024-04-01 09:30:00", "3", "3", "=SUM(E2)", ""],
        ),
        Row(line=5, values=["45", "鈴木", "2024-04-01", "", "1.5", "0.25", "", "TRUE"]),
    ]


def test_xlsx_header_is_row_one():
    data = make_xlsx({2: ["氏名"], 3: ["山田"]})
    assert error_of(data).message == "1行目に見出し（列名）がありません。"


def test_xlsx_duplicate_headers():
    data = make_xlsx({1: ["職員番号", "氏名", "所属", " 氏名 "], 2: ["1", "a", "b", "c"]})
    assert error_of(data).message == "見出し「氏名」が2回あります（B列とD列）。"


def test_xlsx_rows_beyond_excel_limit_refused():
    # A crafted sheet claiming row 10^9 would otherwise make openpyxl yield a billion blank rows.
    data = make_xlsx({1: ["氏名"], 2: ["山田"]})
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        items = {info.filename: src.read(info) for info in src.infolist()}
    sheet = items["xl/worksheets/sheet1.xml"].decode()
    items["xl/worksheets/sheet1.xml"] = (
        sheet.replace('r="2"', 'r="1000000000"').replace('r="A2"', 'r="A1000000000"').encode()
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as dst:
        for name, content in items.items():
            dst.writestr(name, content)
    assert "行数が多すぎます" in error_of(buffer.getvalue()).message


# --- CSV ------------------------------------------------------------------------------------------


def test_cp932_with_variant_kanji_and_halfwidth_kana():
    data = "職員番号,氏名,カナ\r\n001,髙橋 﨑子,ﾀｶﾊｼ ｻｷｺ\r\n".encode("cp932")
    table = read(data)
    assert (table.kind, table.encoding) == ("csv", "cp932")
    assert table.headers == ["職員番号", "氏名", "カナ"]
    assert table.rows == [Row(line=2, values=["001", "髙橋 﨑子", "ﾀｶﾊｼ ｻｷｺ"])]


def test_utf8_with_bom():
    table = read(codecs.BOM_UTF8 + "氏名,所属\n山田,総務課\n".encode())
    assert table.encoding == "utf-8-sig"
    assert table.headers == ["氏名", "所属"]  # no BOM left in the first header
    assert table.rows == [Row(line=2, values=["山田", "総務課"])]


def test_utf8_with_bom_but_broken_names_the_line():
    err = error_of(codecs.BOM_UTF8 + "氏名\n山田\n".encode() + "髙橋\n".encode("cp932"))
    assert err.message.startswith("3行目を UTF-8 として読めません。")


def test_utf8_without_bom_and_ascii():
    assert read("氏名\n山田\n".encode()).encoding == "utf-8"
    assert read(b"name\nyamada\n").encoding == "utf-8"


def test_explicit_utf8_on_cp932_file_names_the_line():
    data = b"name,unit\r\nyamada,a\r\n" + "髙橋,財政課\r\n".encode("cp932")
    assert error_of(data, encoding="utf-8").message == (
        "3行目を UTF-8 として読めません。文字コードの指定を「自動判別」か「Shift_JIS（CP932）」にしてください。"
    )
    assert error_of(data, encoding="utf-8").line == 3


def test_explicit_cp932_failure_names_the_line():
    data = b"name\ra\rb\x81\xff\r"
    assert error_of(data, encoding="cp932").message == (
        "3行目を Shift_JIS（CP932）として読めません。文字コードの指定を「自動判別」か「UTF-8」にしてください。"
    )


def test_explicit_encodings_decode():
    assert read("氏名\n山田\n".encode("cp932"), encoding="cp932").rows[0].values == ["山田"]
    assert read(codecs.BOM_UTF8 + "氏名\n山田\n".encode(), encoding="utf-8").headers == ["氏名"]
    with pytest.raises(ValueError):
        read(b"a\n", encoding="latin-1")


def test_undetectable_encoding():
    assert error_of(b"name\n\x81\xff\n").message == (
        "文字コードを判別できません。UTF-8 または Shift_JIS（CP932）で保存してください。"
    )


def test_utf16_tab_separated_text_from_excel():
    data = "氏名\t所属\r\n山田\t総務課\r\n".encode("utf-16")
    table = read(data)
    assert table.encoding == "utf-16"
    assert table.rows == [Row(line=2, values=["山田", "総務課"])]


def test_tab_delimiter_only_without_commas():
    assert read("氏名\t所属\n山田\t総務課\n".encode()).headers == ["氏名", "所属"]
    assert read("氏名,備考\t欄\n山田,x\n".encode()).headers == ["氏名", "備考\t欄"]


def test_quoted_multiline_cell_is_one_line_and_blank_lines_count():
    data = '氏名,備考\r\n山田,"1行目\r\n2行目"\r\n\r\n,\r\n鈴木,"""引用"""\r\n'.encode()
    table = read(data)
    assert table.rows == [
        Row(line=2, values=["山田", "1行目\r\n2行目"]),
        Row(line=5, values=["鈴木", '"引用"']),
    ]


def test_short_rows_padded_long_rows_kept():
    table = read(b"a,b,c,,\nx\n1,2,3,4,\n")
    assert table.headers == ["a", "b", "c"]
    assert table.rows == [Row(line=2, values=["x", "", ""]), Row(line=3, values=["1", "2", "3", "4"])]


def test_old_mac_line_endings():
    assert read(b"a,b\r1,2\r").rows == [Row(line=2, values=["1", "2"])]


def test_unclosed_quote_names_the_line():
    err = error_of('氏名,備考\n山田,ok\n鈴木,"閉じていない\n佐藤,x\n'.encode())
    assert err.message.startswith('3行目の「"」（ダブルクォート）の対応が正しくありません。')
    assert err.line == 3


@pytest.mark.parametrize("data", [b"\n\nname\n", b" , ,\nx\n", b"\r\n", "\u3000\n".encode()])
def test_missing_header(data):
    err = error_of(data)
    assert (err.message, err.line) == ("1行目に見出し（列名）がありません。", 1)


def test_duplicate_headers_three_times():
    assert error_of("氏名,氏名,x,氏名\n".encode()).message == "見出し「氏名」が3回あります（A列、B列、D列）。"


def test_header_only_file_has_no_rows():
    table = read(b"name,unit\r\n")
    assert table.headers == ["name", "unit"]
    assert table.rows == []


@given(
    st.one_of(st.binary(max_size=300), st.text(max_size=200).map(str.encode)),
    st.sampled_from(["auto", "cp932"]),
)
def test_read_table_raises_only_tabular_error(data, encoding):
    try:
        table = read(data, encoding=encoding)
    except TabularError as exc:
        assert exc.message
    else:
        assert all(len(row.values) >= len(table.headers) for row in table.rows)


SMALL_XLSX = make_xlsx({1: ["氏名", "採用日"], 2: ["山田", dt.date(2024, 4, 1)]})


@given(st.integers(0, len(SMALL_XLSX) - 1), st.integers(0, 255), st.booleans())
def test_read_table_on_damaged_xlsx_raises_only_tabular_error(position, byte, truncate):
    damaged = bytearray(SMALL_XLSX)
    damaged[position] = byte
    try:
        read(bytes(damaged[: position + 1] if truncate else damaged))
    except TabularError as exc:
        assert exc.message


def test_limits_are_optional():
    assert read_table(b"name\nx\n").rows == [Row(line=2, values=["x"])]


# --- writing --------------------------------------------------------------------------------------

DANGEROUS = ["=1+1", "+81", "-1", "@SUM(A1)", "\tx"]


def test_write_csv_neutralizes_and_formats():
    data = write_csv(
        [["値", "日付", "数"], *[[value, dt.date(2024, 4, 1), -1] for value in DANGEROUS], [None, None, 1.5]],
        encoding="utf-8-sig",
    )
    assert data.startswith(codecs.BOM_UTF8)
    text = data.decode("utf-8-sig")
    assert text.split("\r\n")[:3] == ["値,日付,数", "'=1+1,2024/04/01,-1", "'+81,2024/04/01,-1"]
    table = read(data)
    assert [row.values[0] for row in table.rows] == ["'=1+1", "'+81", "'-1", "'@SUM(A1)", "'\tx", ""]


def test_write_csv_aware_datetime_in_jst():
    moment = dt.datetime(2024, 3, 31, 15, 30, tzinfo=dt.UTC)
    assert write_csv([[moment]], encoding="cp932") == b"2024/04/01 00:30:00\r\n"


def test_write_csv_cp932_round_trip():
    rows = [
        ["職員番号", "氏名", "カナ", "備考"],
        ["00123", "髙橋 﨑子", "ﾀｶﾊｼ", '改行\r\nと"引用",カンマ'],
        ["", "①㈱", "", ""],
    ]
    data = write_csv(rows, encoding="cp932")
    assert "髙橋".encode("cp932") in data
    table = read(data)
    assert table.encoding == "cp932"
    assert [table.headers, *[row.values for row in table.rows]] == rows


def test_write_csv_cp932_substitutes_look_alikes():
    assert write_csv([["A—B ¥100 • x"]], encoding="cp932").decode("cp932") == "A―B ￥100 ・ x\r\n"


def test_write_csv_cp932_unencodable_character():
    with pytest.raises(TabularError) as exc_info:
        write_csv([["氏名"], ["山田"], ["𠮷田"]], encoding="cp932")
    assert exc_info.value.message == (
        "3行目の「𠮷」は Shift_JIS（CP932）で書き出せません。UTF-8（BOM付き）で書き出してください。"
    )
    assert write_csv([["𠮷田"]], encoding="utf-8-sig").decode("utf-8-sig") == "𠮷田\r\n"


def test_write_csv_rejects_unknown_encoding():
    with pytest.raises(ValueError):
        write_csv([["a"]], encoding="latin-1")


def test_write_xlsx_round_trip():
    rows = [["00123", "髙橋 﨑子", dt.date(2024, 4, 1), 3, None], ["00124", "𠮷田", None, 1.5, True]]
    data = write_xlsx(["職員番号", "氏名", "採用日", "数", "可否"], rows, sheet_title="職員一覧")
    table = read(data)
    assert table.kind == "xlsx"
    assert table.headers == ["職員番号", "氏名", "採用日", "数", "可否"]
    assert table.rows == [
        Row(line=2, values=["00123", "髙橋 﨑子", "2024-04-01", "3", ""]),
        Row(line=3, values=["00124", "𠮷田", "", "1.5", "TRUE"]),
    ]


def test_write_xlsx_cells():
    data = write_xlsx(
        ["値", "日付"],
        [[value, dt.date(2024, 4, 1)] for value in DANGEROUS]
        + [["a\x00b\x07", dt.datetime(2024, 4, 1, 9, 30)]],
        sheet_title="一覧: 2024/04 [全員]",
    )
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.active
    assert sheet.title == "一覧_ 2024_04 _全員_"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    for row_number, value in enumerate(DANGEROUS, start=2):
        cell = sheet.cell(row=row_number, column=1)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (value, "s", True)
        date_cell = sheet.cell(row=row_number, column=2)
        assert date_cell.value == dt.datetime(2024, 4, 1)
        assert date_cell.number_format == "yyyy/mm/dd"
    assert sheet["A7"].value == "ab"
    assert sheet["A7"].quotePrefix is False
    assert sheet["B7"].value == dt.datetime(2024, 4, 1, 9, 30)
