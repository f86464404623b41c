"""Aptitude notes, evaluations and the 自己申告's free text are invisible to managers, executives and prefecture
roles; the field table says who reads what, and docs/roles.md carries the same table."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from jinzai.core.access import can_see_field, personal_field
from jinzai.core.roles import Role
from jinzai.talent.models import AptitudeNote, Evaluation

from . import _careers as h

APTITUDE = "窓口の改善に向いています（適性）"
COMMENT = "家族の介護のため、近い職場を希望します（申し出）"
GRADE_ITEM = "知識・技能（ICT技能）"


@pytest.fixture
def sensitive(world):
    own = world.own
    staff = own.staff["staff"]  # 山田 (窓口係, in the manager's units)
    AptitudeNote.objects.create(organisation=own.org, staff=staff, text=APTITUDE, written_by_name="人事")
    Evaluation.objects.create(organisation=own.org, staff=staff, fiscal_year=2025, item=GRADE_ITEM, grade="A")
    p = h.period(own)
    h.declare(own, staff, p, wish="move", interest="yes", motivation=5, comment=COMMENT)
    return staff


@pytest.mark.parametrize("role", ["manager", "executive", "dx_office"])
def test_card_hides_aptitude_evaluations_and_the_free_text(world, login, sensitive, role):
    response = login(world.own.users[role]).get(reverse("people:staff_detail", kwargs={"pk": sensitive.pk}))
    html = response.content.decode() if response.status_code == 200 else ""
    assert APTITUDE not in html and GRADE_ITEM not in html and COMMENT not in html
    if role == "manager":
        assert (
            response.status_code == 200
            and "自己申告" not in html.split("キャリア・DX業務")[-1].split("DX業務の担当")[0]
        )
    if role == "executive":
        assert response.status_code in (403, 404)  # executives see no other person's card at all


def test_hr_reads_everything_and_the_person_their_own_except_aptitude(world, login, sensitive):
    html = (
        login(world.own.users["hr"])
        .get(reverse("people:staff_detail", kwargs={"pk": sensitive.pk}))
        .content.decode()
    )
    assert APTITUDE in html and GRADE_ITEM in html and COMMENT in html
    html = login(world.own.users["staff"]).get(reverse("people:my_card")).content.decode()
    assert GRADE_ITEM in html and COMMENT in html and APTITUDE not in html


def test_prefecture_roles_never_see_a_municipal_card(world, login, sensitive):
    response = login(world.pref.users["prefecture_support"]).get(
        reverse("people:staff_detail", kwargs={"pk": sensitive.pk})
    )
    assert response.status_code in (403, 404)
    for key in ("talent.aptitude", "talent.evaluations", "talent.declaration_text"):
        assert not can_see_field(world.pref.members["prefecture_support"], sensitive, key)


@pytest.mark.parametrize("key", ["talent.aptitude", "talent.evaluations", "talent.declaration_text"])
def test_field_table_rules(world, sensitive, key):
    own = world.own
    for role in ("manager", "executive", "dx_office", "admin"):
        assert not can_see_field(own.members[role], sensitive, key), (key, role)
    assert can_see_field(own.members["hr"], sensitive, key)
    assert personal_field(key).roles == frozenset({Role.HR})


def test_declaration_export_and_list_are_hr_only(world, login, sensitive):
    period = sensitive.self_declarations.first().period
    url = reverse("talent:declaration_export", kwargs={"pk": period.pk})
    for role in ("manager", "executive", "dx_office"):
        assert login(world.own.users[role]).get(url).status_code == 403
    assert COMMENT in login(world.own.users["hr"]).get(url + "?format=csv&encoding=utf-8-sig").content.decode(
        "utf-8-sig"
    )


def test_aptitude_note_form_is_hr_only(world, login, sensitive):
    url = reverse("talent:aptitude_add", kwargs={"pk": sensitive.pk})
    assert login(world.own.users["manager"]).get(url).status_code == 403
    client = login(world.own.users["hr"])
    response = client.post(url, {"text": " "})
    assert response.status_code == 200 and "field-message" in response.content.decode()
    assert client.post(url, {"text": "データ集計が得意"}).status_code == 302
    assert AptitudeNote.objects.filter(staff=sensitive).count() == 2


def test_roles_md_lists_every_talent_field():
    text = (Path(__file__).resolve().parents[3] / "docs" / "roles.md").read_text(encoding="utf-8")
    from jinzai.core.access import personal_fields

    for f in personal_fields():
        if f.key.startswith("talent."):
            assert f"`{f.key}`" in text, f.key


def test_the_evaluation_import(world):
    from jinzai.core.importing import get_importer
    from jinzai.core.services import import_commit, import_create

    hr = world.own.members["hr"]
    content = "職員番号,年度,評価項目,評価\n000101,令和7年度,ICT技能,Ａ\n000101,R7,ICT技能,B\n000999,2025,ICT技能,S\n000102,2025,ICT技能,D\n".encode()
    record = import_create(
        actor=hr, importer=get_importer("evaluation"), file_name="e.csv", content=content, options={}
    )
    messages = [e["message"] for e in record.summary["errors"]]
    assert "同じ職員・年度・項目が2行目にもあります。" in messages
    assert "職員番号「000999」の職員は登録されていません。" in messages
    assert "評価は S・A・B・C か a・b・c のどれかで書いてください。" in messages
    content = "職員番号,年度,評価項目,評価\n000101,令和7年度,ICT技能,Ａ\n".encode()
    record = import_create(
        actor=hr, importer=get_importer("evaluation"), file_name="e.csv", content=content, options={}
    )
    import_commit(actor=hr, importer=get_importer("evaluation"), record=record)
    e = Evaluation.objects.get(staff=world.own.staff["staff"], item="ICT技能")
    assert (e.fiscal_year, e.grade) == (2025, "A")
    assert date(2025, 4, 1)  # the fiscal year is the one it starts in
