"""analyse(): reading, header aliases, mapping, normalisation, units, grades, counts and errors (no writes)."""

from __future__ import annotations

import codecs
import io
import zipfile
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from jinzai.core.importing import IGNORE, analyse, get_importer
from jinzai.core.models import Grade, Unit
from jinzai.people.models import Assignment, EmploymentType, Staff

from ._files import HEADER, csv_bytes, new_row, options, own_rows, xlsx_bytes


def run(world, data: bytes, **opts):
    return analyse(get_importer("staff"), world.own.org, data, options(**opts))


def only_row(plan):
    assert not plan.fatal, plan.fatal
    assert not plan.errors, plan.errors
    assert len(plan.rows) == 1
    return plan.rows[0]


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "detected"), [("cp932", "cp932"), ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig")]
)
def test_unchanged_file_in_each_encoding_is_detected(world, encoding, detected):
    plan = run(world, csv_bytes(own_rows(), encoding=encoding))
    assert plan.fatal == ""
    assert plan.encoding == detected
    assert plan.counts() == {
        "add": 0,
        "update": 0,
        "transfer": 0,
        "retire": 0,
        "unchanged": 4,
        "errors": 0,
    }
    assert plan.can_commit


def test_utf8_bom_is_not_part_of_the_first_header(world):
    data = csv_bytes(own_rows(), encoding="utf-8-sig")
    assert data.startswith(codecs.BOM_UTF8)
    plan = run(world, data)
    assert plan.headers[0] == "職員番号"
    assert plan.mapping["職員番号"] == "staff_no"


def test_encoding_override_reads_cp932(world):
    plan = run(world, csv_bytes(own_rows(), encoding="cp932"), encoding="cp932")
    assert plan.encoding == "cp932"
    assert plan.counts()["unchanged"] == 4


def test_wrong_explicit_encoding_is_fatal_with_a_clear_message(world):
    plan = run(world, csv_bytes(own_rows(), encoding="cp932"), encoding="utf-8")
    assert "UTF-8" in plan.fatal
    assert "読めません" in plan.fatal
    assert plan.rows == []
    assert not plan.can_commit
    assert plan.counts()["errors"] == 1


# --- headers, aliases and mapping ------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        ["職員コード", "名前", "フリガナ", "所属", "職位", "任用区分", "採用日", "メール"],
        ["職員No", "氏名", "カナ氏名", "所属", "職級", "雇用区分", "採用年月日", "メール"],
        ["職員番号", "名前", "ふりがな", "所属", "職名", "任用形態", "採用日", "メール"],
    ],
)
def test_header_aliases_are_recognised(world, header):
    plan = run(world, csv_bytes(own_rows(), header=header))
    assert plan.unmapped == []
    assert plan.fatal == ""
    assert [plan.mapping[h] for h in header] == [
        "staff_no",
        "name",
        "kana",
        "unit",
        "grade",
        "employment_type",
        "hired_on",
        "email",
    ]
    assert plan.counts()["unchanged"] == 4


def test_retired_on_alias(world):
    plan = run(world, csv_bytes([["000101", "山田　太郎", ""]], header=["職員番号", "氏名", "退職日"]))
    assert plan.mapping["退職日"] == "retired_on"
    assert plan.rows[0].kind == "unchanged"


def test_unknown_header_needs_mapping_and_blocks_commit(world):
    rows = [r + ["メモ"] for r in own_rows()]
    plan = run(world, csv_bytes(rows, header=HEADER + ["備考欄"]))
    assert plan.unmapped == ["備考欄"]
    assert plan.unmapped
    assert not plan.can_commit
    assert plan.rows == []


def test_mapping_ignore_resolves_an_unknown_header(world):
    rows = [r + ["メモ"] for r in own_rows()]
    plan = run(world, csv_bytes(rows, header=HEADER + ["備考欄"]), mapping={"備考欄": IGNORE})
    assert plan.unmapped == []
    assert plan.mapping["備考欄"] == IGNORE
    assert plan.can_commit
    assert plan.counts()["unchanged"] == 4


def test_mapping_to_a_field_key_uses_the_column(world):
    header = ["社番", "漢字名前", "所属"]
    rows = [["000101", "山田　太郎", "市民部市民課窓口係"]]
    plan = run(world, csv_bytes(rows, header=header))
    assert set(plan.unmapped) == {"社番", "漢字名前"}
    plan = run(world, csv_bytes(rows, header=header), mapping={"社番": "staff_no", "漢字名前": "name"})
    row = only_row(plan)
    assert row.data.staff_no == "000101"
    assert row.kind == "unchanged"


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        (["氏名", "所属"], "職員番号"),
        (["職員番号", "所属"], "氏名"),
    ],
)
def test_missing_required_column_is_fatal_and_names_it(world, header, missing):
    plan = run(world, csv_bytes([["x", "市民部"]], header=header))
    assert plan.missing == [missing]
    assert "必須の列" in plan.error_dicts()[0]["message"] and missing in plan.error_dicts()[0]["message"]
    assert plan.rows == []
    assert not plan.can_commit


def test_header_only_file_is_fatal(world):
    plan = run(world, csv_bytes([], header=HEADER))
    assert "データがありません" in plan.fatal


def test_family_and_given_name_columns(world):
    plan = run(world, csv_bytes([["000101", "山田", "太郎"]], header=["職員番号", "姓", "名"]))
    row = only_row(plan)
    assert row.data.values["name"] == "山田\u3000太郎"
    assert row.kind == "unchanged"


def test_two_columns_for_one_field_is_fatal(world):
    plan = run(
        world, csv_bytes([["000101", "山田　太郎", "山田　太郎"]], header=["職員番号", "氏名", "名前"])
    )
    assert "B列" in plan.fatal and "C列" in plan.fatal
    assert not plan.can_commit


def test_duplicate_header_is_fatal(world):
    plan = run(world, csv_bytes([["000101", "山田　太郎", "x"]], header=["職員番号", "氏名", "氏名"]))
    assert "氏名" in plan.fatal
    assert plan.rows == []


def test_tab_delimited_file(world):
    data = "職員番号\t氏名\t所属\r\n000101\t山田　太郎\t窓口係\r\n".encode("cp932")
    assert only_row(run(world, data)).kind == "unchanged"


def test_full_width_header_alias(world):
    plan = run(world, csv_bytes([["000101", "山田　太郎"]], header=["職員ＮＯ", "氏　名"]))
    assert plan.mapping == {"職員ＮＯ": "staff_no", "氏　名": "name"}
    assert only_row(plan).kind == "unchanged"


# --- unit resolution ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "unit_key"),
    [
        ("総務部総務課人事係", "人事係"),
        ("総務部 総務課", "総務課"),
        ("総務部／総務課", "総務課"),
        ("総務部　総務課　人事係", "人事係"),
        ("総務部/総務課/人事係", "人事係"),
        ("窓口係", "窓口係"),
        ("総務課人事係", "人事係"),
        ("総務部＞総務課＞人事係", "人事係"),
    ],
)
def test_unit_cell_forms_resolve(world, cell, unit_key):
    plan = run(world, csv_bytes([new_row(unit=cell)]))
    row = only_row(plan)
    assert row.kind == "add"
    assert row.data.unit_id == world.own.units[unit_key].pk


def test_unit_in_separate_columns(world):
    header = ["職員番号", "氏名", "所属部", "所属課", "所属係"]
    rows = [
        ["000201", "新井　次郎", "総務部", "総務課", "人事係"],
        ["000202", "川口　三郎", "市民部", "市民課", ""],
    ]
    plan = run(world, csv_bytes(rows, header=header))
    assert not plan.errors
    assert [r.data.unit_id for r in plan.rows] == [world.own.units["人事係"].pk, world.own.units["市民課"].pk]


def test_unit_code_column(world):
    plan = run(
        world, csv_bytes([["000201", "新井　次郎", "010101"]], header=["職員番号", "氏名", "所属コード"])
    )
    assert only_row(plan).data.unit_id == world.own.units["人事係"].pk


def test_unknown_unit_code_is_an_error(world):
    plan = run(
        world, csv_bytes([["000201", "新井　次郎", "999999"]], header=["職員番号", "氏名", "所属コード"])
    )
    assert len(plan.errors) == 1
    assert "999999" in plan.errors[0].message
    assert plan.errors[0].line == 2


def test_unit_of_another_organisation_is_not_found_by_name(world):
    Unit.objects.create(organisation=world.foreign.org, name="観光課", code="0999")
    plan = run(world, csv_bytes([new_row(unit="観光課")]))
    assert len(plan.errors) == 1
    assert plan.errors[0].column == "D列「所属」"


def test_unknown_units_are_errors_without_create_units(world):
    rows = [
        new_row(staff_no="000201", unit="総務部総務課新規係"),
        new_row(staff_no="000202", unit="企画部 企画課"),
    ]
    plan = run(world, csv_bytes(rows))
    assert dict(plan.state["new_units"]) == {}
    assert [(e.line, e.column) for e in plan.errors] == [(2, "D列「所属」"), (3, "D列「所属」")]
    assert plan.errors[0].value == "総務部 ／ 総務課 ／ 新規係"
    assert "所属は登録されていません" in plan.errors[0].message
    assert plan.rows == []


def test_unknown_units_are_planned_with_create_units(world):
    rows = [
        new_row(staff_no="000201", unit="総務部総務課新規係"),
        new_row(staff_no="000202", unit="企画部 企画課"),
        new_row(staff_no="000203", unit="企画部／企画課"),
    ]
    plan = run(world, csv_bytes(rows), create_units=True)
    assert plan.errors == []
    assert dict(plan.state["new_units"]) == {
        ("総務部", "総務課", "新規係"): [2],
        ("企画部", "企画課"): [3, 4],
    }
    assert plan.counts()["add"] == 3
    assert plan.can_commit


# --- normalisation -----------------------------------------------------------------------------


def test_full_width_staff_no_keeps_leading_zeros(world):
    row = only_row(run(world, csv_bytes([new_row(staff_no="０００３")])))
    assert row.data.staff_no == "0003"
    assert row.kind == "add"


def test_full_width_existing_staff_no_matches_existing_staff(world):
    rows = own_rows()[:1]
    rows[0][0] = "０００１０１"
    row = only_row(run(world, csv_bytes(rows)))
    assert row.data.staff_no == "000101"
    assert row.kind == "unchanged"


def test_half_width_katakana_kana_becomes_hiragana(world):
    row = only_row(run(world, csv_bytes([new_row(kana="ｱﾗｲ ｼﾞﾛｳ")])))
    assert row.data.values["kana"] == "あらい\u3000じろう"


def test_katakana_and_half_width_kana_of_existing_staff_is_unchanged(world):
    rows = own_rows()[:1]
    rows[0][2] = "ﾔﾏﾀﾞ ﾀﾛｳ"
    assert only_row(run(world, csv_bytes(rows))).kind == "unchanged"
    rows[0][2] = "ヤマダ　タロウ"
    assert only_row(run(world, csv_bytes(rows))).kind == "unchanged"


def test_name_spaces_are_normalised(world):
    rows = own_rows()[:1]
    rows[0][1] = " 山田  太郎 "
    row = only_row(run(world, csv_bytes(rows)))
    assert row.data.values["name"] == "山田\u3000太郎"
    assert row.kind == "unchanged"


def test_full_width_digits_in_dates_and_email(world):
    row = only_row(run(world, csv_bytes([new_row(hired="２０２４／４／１", email="ｊｉｒｏ@example.lg.jp")])))
    assert row.data.values["hired_on"] == date(2024, 4, 1)
    assert row.data.values["email"] == "jiro@example.lg.jp"


def test_kana_with_kanji_is_an_error(world):
    plan = run(world, csv_bytes([new_row(kana="新井")]))
    assert len(plan.errors) == 1
    assert plan.errors[0].column == "C列「ふりがな」"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024/4/1", date(2024, 4, 1)),
        ("2024-04-01", date(2024, 4, 1)),
        ("令和6年4月1日", date(2024, 4, 1)),
        ("R6.4.1", date(2024, 4, 1)),
        ("H30.4.1", date(2018, 4, 1)),
        ("平成30年4月1日", date(2018, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
    ],
)
def test_date_formats(world, text, expected):
    assert only_row(run(world, csv_bytes([new_row(hired=text)]))).data.values["hired_on"] == expected


def test_invalid_date_is_an_error_with_line_column_value(world):
    rows = [new_row(staff_no="000201"), new_row(staff_no="000202", hired="令和6年13月1日")]
    plan = run(world, csv_bytes(rows))
    assert len(plan.errors) == 1
    e = plan.errors[0]
    assert e.line == 3
    assert e.column == "G列「採用年月日」"
    assert e.value == "令和6年13月1日"
    assert "日付として読めません" in e.message
    assert not plan.can_commit


def test_excel_date_cells(world):
    data = xlsx_bytes(
        [
            [
                "000201",
                "新井　次郎",
                "あらい　じろう",
                "市民部市民課窓口係",
                "主事",
                "正規",
                datetime(2024, 4, 1),
                "",
            ],
            ["000202", "川口　三郎", "かわぐち　さぶろう", "市民課", "主事", "正規", date(2018, 10, 1), ""],
        ]
    )
    plan = run(world, data)
    assert plan.table_kind == "xlsx"
    assert plan.errors == []
    assert [r.data.values["hired_on"] for r in plan.rows] == [date(2024, 4, 1), date(2018, 10, 1)]


def test_xlsx_staff_no_number_cell_and_text_cell(world):
    data = xlsx_bytes([["000101", "山田　太郎"], [201, "新井　次郎"]], header=["職員番号", "氏名"])
    plan = run(world, data)
    assert [(r.data.staff_no, r.kind) for r in plan.rows] == [("000101", "unchanged"), ("201", "add")]


def test_xlsx_formula_is_read_as_text(world):
    data = xlsx_bytes([["000201", "=1+1", "", "窓口係", "", "正規", "", ""]])
    row = only_row(run(world, data))
    assert row.data.values["name"] == "=1+1"
    assert row.display["name"] == "=1+1"


@pytest.mark.parametrize("text", ["会計年度任用職員", "会計年度任用", "会計年度"])
def test_fiscal_year_employment_variants(world, text):
    assert (
        only_row(run(world, csv_bytes([new_row(emp=text)]))).data.values["employment_type"] == "fiscal_year"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("正規職員", EmploymentType.REGULAR),
        ("再任用短時間勤務職員", EmploymentType.REAPPOINTED),
        ("任期付職員", EmploymentType.FIXED_TERM),
        ("臨時的任用職員", EmploymentType.TEMPORARY),
    ],
)
def test_other_employment_variants(world, text, expected):
    assert only_row(run(world, csv_bytes([new_row(emp=text)]))).data.values["employment_type"] == expected


def test_unknown_employment_type_is_an_error(world):
    plan = run(world, csv_bytes([new_row(emp="アルバイト")]))
    assert len(plan.errors) == 1
    assert plan.errors[0].column == "F列「任用形態」"
    assert "アルバイト" in plan.errors[0].message


def test_unknown_grade_is_an_error_unless_create_grades(world):
    rows = [new_row(grade="参事")]
    plan = run(world, csv_bytes(rows))
    assert len(plan.errors) == 1
    assert plan.errors[0].column == "E列「職名」"
    assert plan.errors[0].value == "参事"
    assert dict(plan.state["new_grades"]) == {}
    plan = run(world, csv_bytes(rows), create_grades=True)
    assert plan.errors == []
    assert dict(plan.state["new_grades"]) == {"参事": [2]}
    assert plan.counts()["add"] == 1


def test_known_grade_resolves(world):
    plan = run(world, csv_bytes([new_row(grade="係長")]))
    assert only_row(plan).data.grade_name == "係長"
    assert dict(plan.state["new_grades"]) == {}


# --- preview counts ------------------------------------------------------------------------------


def test_counts_of_a_mixed_file(world):
    rows = own_rows()
    rows[0][3] = "総務部総務課人事係"  # 000101: unit change → transfer
    rows[1][4] = "次長"  # 000102: grade change → transfer
    rows[2][7] = "suzuki@example.lg.jp"  # 000103: email change → update
    rows.append(new_row(staff_no="000201"))  # new
    plan = run(world, csv_bytes(rows))
    assert plan.counts() == {
        "add": 1,
        "update": 1,
        "transfer": 2,
        "retire": 0,
        "unchanged": 1,
        "errors": 0,
    }
    update = plan.rows_of("update")[0]
    assert update.data.staff_no == "000103"
    assert [(c.label, c.old, c.new) for c in update.changes] == [
        ("メール", "000103@example.lg.jp", "suzuki@example.lg.jp")
    ]
    transfer = {r.data.staff_no: r for r in plan.rows_of("transfer")}
    assert [c.label for c in transfer["000101"].changes] == ["所属"]
    assert transfer["000101"].changes[0].new == "総務部 ／ 総務課 ／ 人事係"
    assert [(c.label, c.old, c.new) for c in transfer["000102"].changes] == [("職名", "課長", "次長")]


def test_full_sync_retires_active_staff_missing_from_the_file(world):
    rows = own_rows()[:3]  # 000104 missing
    plan = run(world, csv_bytes(rows))
    assert [r for r in plan.rows_of("retire") if r.line is None] == []
    assert plan.counts()["retire"] == 0
    plan = run(world, csv_bytes(rows), full_sync=True)
    assert [r.data.staff_no for r in [r for r in plan.rows_of("retire") if r.line is None]] == ["000104"]
    assert [r for r in plan.rows_of("retire") if r.line is None][0].display["unit"] == "総務部 ／ 総務課"
    assert plan.counts()["retire"] == 1
    assert plan.counts()["unchanged"] == 3


def test_full_sync_ignores_already_retired_staff(world):
    Staff.objects.filter(pk=world.own.staff["other"].pk).update(retired_on=date(2025, 3, 31))
    plan = run(world, csv_bytes(own_rows()[:3]), full_sync=True)
    assert [r for r in plan.rows_of("retire") if r.line is None] == []


def test_full_sync_does_not_touch_other_organisations(world):
    plan = run(world, csv_bytes(own_rows()), full_sync=True)
    assert [r for r in plan.rows_of("retire") if r.line is None] == []
    assert plan.counts()["unchanged"] == 4


def test_transfer_effective_on_or_before_current_start_is_an_error(world):
    rows = own_rows()[:1]
    rows[0][3] = "人事係"
    plan = analyse(
        get_importer("staff"), world.own.org, csv_bytes(rows), options(effective_date=date(2020, 4, 1))
    )
    assert len(plan.errors) == 1
    assert plan.errors[0].column == "発令日"
    assert plan.errors[0].line == 2


def test_errors_carry_line_column_value_and_japanese_message(world):
    rows = [
        new_row(staff_no="000201"),
        new_row(staff_no="", name="名無し"),
        new_row(staff_no="000203", name=""),
        new_row(staff_no="000204", email="not-an-email"),
    ]
    plan = run(world, csv_bytes(rows))
    got = [(e.line, e.column, e.value) for e in plan.errors]
    assert got == [
        (3, "A列「職員番号」", ""),
        (4, "B列「氏名」", ""),
        (5, "H列「メール」", "not-an-email"),
    ]
    assert plan.errors[0].message == "職員番号が空です。"
    assert plan.errors[1].message == "氏名が空です。"
    assert "メールアドレス" in plan.errors[2].message
    assert plan.counts()["errors"] == 3


def test_duplicate_staff_no_names_the_other_line(world):
    rows = [
        new_row(staff_no="000201"),
        new_row(staff_no="000202"),
        new_row(staff_no="000201", name="別人　です"),
    ]
    plan = run(world, csv_bytes(rows))
    assert len(plan.errors) == 1
    e = plan.errors[0]
    assert e.line == 4
    assert e.column == "A列「職員番号」"
    assert "2行目" in e.message
    assert "重複" in e.message


def test_duplicate_after_normalisation(world):
    rows = [new_row(staff_no="000201"), new_row(staff_no="０００２０１")]
    plan = run(world, csv_bytes(rows))
    assert [(e.line, e.value) for e in plan.errors] == [(3, "000201")]


def test_multiline_quoted_cell_counts_as_one_line(world):
    data = (
        '職員番号,氏名,採用年月日\r\n000201,"新井\r\n次郎",2024/4/1\r\n000202,川口　三郎,2024/4/31\r\n'
    ).encode("cp932")
    plan = run(world, data)
    assert len(plan.errors) == 1
    assert plan.errors[0].line == 3
    assert plan.errors[0].column == "C列「採用年月日」"


def test_blank_lines_still_count(world):
    data = "職員番号,氏名,採用年月日\r\n000201,新井　次郎,2024/4/1\r\n\r\n000202,川口　三郎,bad\r\n".encode()
    plan = run(world, data)
    assert [e.line for e in plan.errors] == [4]


# --- rejected files ----------------------------------------------------------------------------------


def test_file_over_import_max_bytes_is_fatal(world, settings):
    settings.IMPORT_MAX_BYTES = 1024
    rows = [new_row(staff_no=f"{i:06d}") for i in range(200, 260)]
    data = csv_bytes(rows)
    assert len(data) > 1024
    plan = run(world, data)
    assert "大きすぎます" in plan.fatal
    assert plan.rows == []


def test_xlsx_with_too_many_entries_is_fatal(world, settings):
    data = xlsx_bytes(own_rows())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        n = len(z.infolist())
    settings.IMPORT_XLSX_MAX_ENTRIES = n - 1
    plan = run(world, data)
    assert "部品が多すぎます" in plan.fatal
    assert plan.rows == []


def test_xlsx_too_large_unpacked_is_fatal(world, settings):
    settings.IMPORT_XLSX_MAX_UNPACKED = 2048
    plan = run(world, xlsx_bytes(own_rows()))
    assert "展開後のサイズ" in plan.fatal
    assert plan.rows == []


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "CSV または Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, ".xls"),
        (b"PK\x03\x04not really a zip", "Excel（.xlsx）ファイルとして開けません"),
        (b"", "空です"),
    ],
)
def test_non_tabular_files_are_fatal(world, data, needle):
    plan = analyse(get_importer("staff"), world.own.org, data, options())
    assert needle in plan.fatal
    assert plan.rows == []
    assert not plan.can_commit


def test_analyse_never_writes(world):
    before = (Staff.objects.count(), Assignment.objects.count(), Unit.objects.count(), Grade.objects.count())
    rows = own_rows()
    rows[0][3] = "企画部企画課"
    rows[1][4] = "参事"
    rows.append(new_row(staff_no="000201"))
    plan = run(world, csv_bytes(rows), create_units=True, create_grades=True, full_sync=True)
    assert plan.can_commit
    after = (Staff.objects.count(), Assignment.objects.count(), Unit.objects.count(), Grade.objects.count())
    assert after == before


# --- property: never raises ---------------------------------------------------------------------------


@hsettings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text())
def test_analyse_never_raises_on_arbitrary_text(world, text):
    plan = analyse(
        get_importer("staff"), world.own.org, text.encode("utf-8", errors="surrogatepass"), options()
    )
    if (
        plan.fatal or plan.errors or plan.unmapped or plan.missing
    ):  # e.g. only 「所属」: 職員番号 and 氏名 missing
        assert not plan.can_commit
    else:
        assert plan.rows
        assert plan.can_commit


@hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cells=st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=12), min_size=2, max_size=2)
)
def test_analyse_never_raises_on_arbitrary_cells(world, cells):
    data = csv_bytes([cells], encoding="utf-8", header=["職員番号", "氏名"])
    plan = analyse(get_importer("staff"), world.own.org, data, options())
    assert plan.fatal or plan.errors or len(plan.rows) == 1
