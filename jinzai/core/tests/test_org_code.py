"""全国地方公共団体コード: check digit, validation messages and the createorg / orgs commands."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from jinzai.core.models import AuditEvent, Grade, Organisation, org_code_check_digit, validate_org_code

REAL_CODES = {
    "010006": "北海道",
    "130001": "東京都",
    "011002": "札幌市",
    "132012": "八王子市",
}


@pytest.mark.parametrize("code", sorted(REAL_CODES))
def test_real_codes_are_accepted(code):
    assert org_code_check_digit(code[:5]) == int(code[5])
    validate_org_code(code)  # does not raise


def test_remainder_zero_gives_one_and_remainder_one_gives_zero():
    # 00000: total 0, remainder 0 -> check digit 1
    assert org_code_check_digit("00000") == 1
    # 20000: total 2*6 = 12, remainder 1 -> check digit 0
    assert org_code_check_digit("20000") == 0
    # an ordinary case: remainder 9 -> 2
    assert org_code_check_digit("13201") == 2


def test_wrong_check_digit_is_rejected_in_japanese():
    with pytest.raises(ValidationError) as exc:
        validate_org_code("132013")
    assert exc.value.code == "check_digit"
    assert exc.value.messages == ["団体コード「132013」の検査数字（6桁目）が正しくありません。"]


@pytest.mark.parametrize("value", ["13201", "1320120", "13201a", "", "13 012", "-13201"])
def test_bad_format_is_rejected_in_japanese(value):
    with pytest.raises(ValidationError) as exc:
        validate_org_code(value)
    assert exc.value.code == "format"
    assert exc.value.messages == ["団体コードは6桁の数字で入力してください（例: 132012）。"]


@pytest.mark.parametrize(
    "value",
    [
        "１３２０１２",  # full-width digits: str.isdigit() is True and int() reads them
        "13201²",  # superscript two: str.isdigit() is True but int() raises ValueError
    ],
)
def test_non_ascii_digits_are_rejected_as_format_errors(value):
    # A code must be six ASCII digits; anything else is a polite ValidationError, never a crash
    # and never a code stored in a form that `--org 132012` lookups cannot find.
    with pytest.raises(ValidationError) as exc:
        validate_org_code(value)
    assert exc.value.code == "format"


def test_model_field_runs_the_validator(db):
    org = Organisation(code="132013", name="八王子市", kind="municipality")
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert "code" in exc.value.message_dict


def _createorg(*args):
    out = StringIO()
    call_command("createorg", *args, stdout=out)
    return out.getvalue()


def test_createorg_creates_prefecture_and_municipality_with_default_grades(db):
    out = _createorg("--code", "130001", "--name", "東京都", "--kind", "prefecture")
    assert "130001" in out and "東京都" in out
    out = _createorg(
        "--code", "132012", "--name", "八王子市", "--kind", "municipality", "--prefecture", "130001"
    )
    assert "登録しました" in out
    tokyo = Organisation.objects.get(code="130001")
    hachioji = Organisation.objects.get(code="132012")
    assert tokyo.kind == "prefecture" and tokyo.prefecture is None
    assert hachioji.name == "八王子市" and hachioji.kind == "municipality"
    assert hachioji.prefecture == tokyo
    grades = list(Grade.objects.filter(organisation=hachioji).order_by("rank").values_list("name", "rank"))
    assert grades == [
        ("主事", 1),
        ("主任", 2),
        ("主査", 3),
        ("係長", 4),
        ("課長補佐", 5),
        ("課長", 6),
        ("次長", 7),
        ("部長", 8),
    ]
    event = AuditEvent.objects.get(action="organisation.create", organisation=hachioji)
    assert event.username == "manage.py createorg"
    assert event.object_id == str(hachioji.pk)


def test_createorg_refuses_a_bad_check_digit(db):
    with pytest.raises(CommandError) as exc:
        _createorg("--code", "132013", "--name", "八王子市", "--kind", "municipality")
    assert "検査数字" in str(exc.value)
    assert not Organisation.objects.exists()
    assert not Grade.objects.exists()


def test_createorg_refuses_a_five_digit_code(db):
    with pytest.raises(CommandError) as exc:
        _createorg("--code", "13201", "--name", "八王子市", "--kind", "municipality")
    assert "6桁の数字" in str(exc.value)
    assert not Organisation.objects.exists()


def test_createorg_creates_a_missing_prefecture_from_the_shipped_list(db):
    # issue 12 item 14: a town's createorg no longer fails until its prefecture exists
    out = _createorg(
        "--code", "132012", "--name", "八王子市", "--kind", "municipality", "--prefecture", "130001"
    )
    assert "130001 東京都" in out and "132012 八王子市" in out
    tokyo = Organisation.objects.get(code="130001")
    assert (tokyo.name, tokyo.kind) == ("東京都", "prefecture")
    assert Organisation.objects.get(code="132012").prefecture == tokyo


def test_createorg_needs_only_the_code_of_a_listed_organisation(db):
    out = _createorg("--code", "473821")
    assert "470007 沖縄県（所属する都道府県）" in out
    yonaguni = Organisation.objects.get(code="473821")
    assert (yonaguni.name, yonaguni.kind, yonaguni.prefecture.name) == ("与那国町", "municipality", "沖縄県")
    with pytest.raises(CommandError) as exc:
        _createorg("--code", "473821")
    assert "すでに登録" in str(exc.value)


def test_createorg_refuses_an_unlisted_prefecture_code(db):
    with pytest.raises(CommandError) as exc:
        _createorg("--code", "992011", "--name", "見本市", "--kind", "municipality", "--prefecture", "990001")
    assert "990001" in str(exc.value)
    assert not Organisation.objects.exists()


def test_createorg_refuses_a_municipality_as_prefecture(db):
    _createorg("--code", "011002", "--name", "札幌市", "--kind", "municipality")
    with pytest.raises(CommandError):
        _createorg(
            "--code", "132012", "--name", "八王子市", "--kind", "municipality", "--prefecture", "011002"
        )
    assert not Organisation.objects.filter(code="132012").exists()


def test_createorg_refuses_a_duplicate_code(db):
    _createorg("--code", "010006", "--name", "北海道", "--kind", "prefecture")
    with pytest.raises(CommandError) as exc:
        _createorg("--code", "010006", "--name", "北海道2", "--kind", "prefecture")
    assert "すでに登録" in str(exc.value)
    assert Organisation.objects.filter(code="010006").count() == 1


def test_orgs_json_lists_code_name_kind_prefecture_and_staff_count(world):
    out = StringIO()
    call_command("orgs", "--json", stdout=out)
    rows = {row["code"]: row for row in json.loads(out.getvalue())}
    pref, own, foreign = world.pref.org, world.own.org, world.foreign.org
    assert set(rows) == {pref.code, own.code, foreign.code}
    assert rows[own.code] == {
        "code": own.code,
        "name": "自分市",
        "kind": "municipality",
        "prefecture": pref.code,
        "staff_count": 4,
    }
    assert rows[pref.code]["prefecture"] is None
    assert rows[pref.code]["kind"] == "prefecture"
    assert rows[pref.code]["name"] == "見本テスト県"
    assert list(rows) == sorted(rows)  # ordered by code


def test_orgs_staff_count_leaves_out_retired_staff(world):
    from datetime import date

    s = world.foreign.staff["other"]
    s.retired_on = date(2025, 3, 31)
    s.save(update_fields=["retired_on"])
    out = StringIO()
    call_command("orgs", "--json", stdout=out)
    rows = {row["code"]: row for row in json.loads(out.getvalue())}
    assert rows[world.foreign.org.code]["staff_count"] == 3
    assert rows[world.own.org.code]["staff_count"] == 4
