"""The designation-import engine: headers and aliases, 和暦, errors with line+column, idempotency."""

from __future__ import annotations

from datetime import date

from jinzai.core.importing import analyse, get_importer
from jinzai.core.services import ImportNotCommittable, import_apply
from jinzai.talent.models import Designation

from ._helpers import csv_bytes, options, row, xlsx_bytes

IMPORTER = get_importer("designation")


def plan_of(world, data: bytes, **kwargs):
    kwargs.pop("filename", None)
    return analyse(IMPORTER, world.own.org, data, options(**kwargs))


def apply(world, data: bytes, **kwargs):
    return import_apply(
        actor=world.own.members["hr"],
        importer=IMPORTER,
        organisation=world.own.org,
        content=data,
        options=options(**kwargs),
    ).counts()


def test_aliases_wareki_and_method_variants(world):
    header = [
        "職員コード",
        "名前",
        "人材の類型",
        "サブロール",
        "選定方法",
        "担当事務",
        "指定日",
        "解除日",
        "所属",
    ]
    rows = [
        [
            "000104",
            "髙橋 美咲",
            "ＤＸ推進リーダー",
            "業務担当",
            "指名（兼務発令あり）",
            "窓口改革",
            "R8.4.1",
            "",
            "総務課",
        ],
        ["000101", "ﾔﾏﾀﾞ", "高度専門人材", "", "手挙げ", "", "令和8年5月1日", "令和9年3月31日", ""],
    ]
    rows[1][1] = ""  # no name: nothing to compare
    plan = plan_of(world, csv_bytes(rows, header=header))
    assert plan.errors == [] and plan.fatal == ""
    assert plan.mapping["所属"] == "unit"  # the export's column: recognised, not imported
    first, second = plan.rows
    assert (first.kind, first.display["role"], first.data.method, first.data.started_on) == (
        "add",
        "DX推進リーダー（業務担当）",
        "appointed",
        date(2026, 4, 1),
    )
    assert (second.data.method, second.data.started_on, second.data.ended_on) == (
        "volunteer",
        date(2026, 5, 1),
        date(2027, 3, 31),
    )


def test_defaults_for_missing_columns_and_embedded_sub_role(world):
    plan = plan_of(
        world, csv_bytes([["000104", "DX推進リーダー（DX推進担当）"]], header=["職員番号", "人材像"])
    )
    (r,) = plan.rows
    assert (r.display["role"], r.data.method, r.data.started_on) == (
        "DX推進リーダー（DX推進担当）",
        "nominated",
        date(2026, 4, 1),
    )
    assert any("指名・兼務発令なし" in n for n in plan.notices)
    assert any("開始日はすべて 2026年4月1日" in n for n in plan.notices)


def test_errors_carry_line_column_value_and_reason(world):
    rows = [
        row(),
        row(staff_no="009999", name=""),  # unknown staff
        row(staff_no="000101", name="山田　太郎", talent_type="スーパー人材"),  # unknown type
        row(staff_no="000103", name="鈴木　一郎", talent_type="高度専門人材", sub_role="業務担当"),
        row(staff_no="000102", name="佐藤　花子", method="くじ引き", start="令和8年13月1日"),
        row(staff_no="000102", name="山田　太郎", sub_role="DX推進担当"),  # name does not match
    ]
    plan = plan_of(world, csv_bytes(rows))
    errors = {(e.line, e.column): e for e in plan.errors}
    assert errors[(3, "A列「職員番号」")].message.startswith("職員番号「009999」の職員は登録されていません。")
    assert errors[(4, "C列「人材像」")].value == "スーパー人材"
    assert "登録されていません" in errors[(4, "C列「人材像」")].message
    sub_role_error = errors[(5, "D列「区分」")]
    assert sub_role_error.message.startswith("区分「業務担当」は人材像「高度専門人材」にはありません。")
    assert "「DX推進リーダー」の区分です" in sub_role_error.message
    assert "わかりません" in errors[(6, "E列「指定方法」")].message
    assert errors[(6, "G列「開始日」")].value == "令和8年13月1日"
    assert "佐藤　花子" in errors[(7, "B列「氏名」")].message
    assert [r.line for r in plan.rows] == [2]
    assert not plan.can_commit


def test_duplicate_rows_are_errors(world):
    plan = plan_of(world, csv_bytes([row(), row(duties="別の書き方")]))
    (error,) = plan.errors
    assert (error.line, error.column) == (3, "A列「職員番号」")
    assert "2行目と重複しています" in error.message


def test_end_before_start_and_retired_staff(world):
    staff = world.own.staff["staff"]
    staff.retired_on = date(2026, 3, 31)
    staff.save()
    rows = [row(start="2026/4/1", end="2026/3/1"), row(staff_no="000101", name="山田　太郎")]
    plan = plan_of(world, csv_bytes(rows))
    messages = {(e.line, e.column): e.message for e in plan.errors}
    assert "開始日（2026年4月1日）より前" in messages[(2, "H列「終了日」")]
    assert "退職しています" in messages[(3, "A列「職員番号」")]


def test_commit_is_idempotent(world):
    data = csv_bytes([row(), row(staff_no="000101", name="山田　太郎", sub_role="DX推進担当")])
    assert apply(world, data) == {"add": 2, "update": 0, "unchanged": 0, "errors": 0}
    d = Designation.objects.get(staff=world.own.staff["other"])
    assert (d.method, d.duties, d.source, d.started_on) == (
        "appointed",
        "窓口業務の見直し",
        "import",
        date(2026, 4, 1),
    )
    assert apply(world, data) == {"add": 0, "update": 0, "unchanged": 2, "errors": 0}
    # a different default start date does not make an already designated person new again
    assert apply(world, data, default_start_date=date(2026, 5, 1)) == {
        "add": 0,
        "update": 0,
        "unchanged": 2,
        "errors": 0,
    }
    assert Designation.objects.count() == 2


def test_nothing_is_written_when_one_row_is_wrong(world):
    data = csv_bytes([row(), row(staff_no="000101", name="山田　太郎", talent_type="不明")])
    try:
        apply(world, data)
    except ImportNotCommittable as exc:
        assert len(exc.plan.errors) == 1
    else:
        raise AssertionError("the import should have been refused")
    assert not Designation.objects.exists()


def test_overlap_with_an_ended_designation_is_an_error(world):
    apply(world, csv_bytes([row(end="2026/4/30")]))  # ended before today (2026-06-01)
    plan = plan_of(world, csv_bytes([row(start="2026/4/15")]))
    (error,) = plan.errors
    assert (
        error.column == "G列「開始日」"
        and "すでに「DX推進リーダー（業務担当）」に指定されていました" in error.message
    )
    plan = plan_of(world, csv_bytes([row(start="2026/5/1")]))
    assert plan.errors == [] and plan.rows[0].kind == "add"


def test_cp932_file_utf8_file_and_xlsx(world):
    for data, name in (
        (csv_bytes([row()], encoding="cp932"), "d.csv"),
        (csv_bytes([row()], encoding="utf-8-sig"), "d.csv"),
        (xlsx_bytes([row()]), "d.xlsx"),
    ):
        plan = analyse(IMPORTER, world.own.org, data, options())
        assert plan.errors == [] and plan.counts()["add"] == 1, name
    assert analyse(IMPORTER, world.own.org, csv_bytes([row()]), options()).encoding == "cp932"


def test_xlsx_number_without_leading_zeros_is_matched(world):
    r = row()
    r[0] = 104  # Excel dropped the zeros
    plan = analyse(IMPORTER, world.own.org, xlsx_bytes([r]), options())
    assert plan.errors == [] and plan.rows[0].display["staff_no"] == "000104"
    assert any("先頭の0" in n for n in plan.notices)


def test_missing_required_column_is_fatal(world):
    plan = plan_of(world, csv_bytes([["000104", "髙橋　美咲"]], header=["職員番号", "氏名"]))
    assert plan.missing == ["人材像"]
    assert plan.error_dicts()[0]["message"].startswith("必須の列「人材像」がありません。")
    assert plan.counts()["errors"] == 1
