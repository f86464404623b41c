"""Unit tree and unit / grade forms through the test client."""

from __future__ import annotations

import re

from django.urls import reverse

from jinzai.core.models import AuditEvent, Grade, Unit

ERROR_SUMMARY = "入力内容を確かめてください"


def _tree(html: str) -> list[tuple[int, str]]:
    return [
        (int(depth), name)
        for depth, name in re.findall(r'<span class="tree-indent tree-depth-(\d+)">([^<]+)</span>', html)
    ]


def _unit_post(**overrides) -> dict:
    data = {"name": "", "kind": "division", "parent": "", "code": "", "valid_from": "", "valid_to": ""}
    data.update(overrides)
    return data


def test_unit_list_shows_the_tree_in_order_with_indentation(world, login):
    client = login(world.own.users["hr"])
    response = client.get(reverse("core:unit_list"))
    assert response.status_code == 200
    html = response.getvalue().decode()
    assert _tree(html) == [
        (0, "総務部"),
        (1, "総務課"),
        (2, "人事係"),
        (0, "市民部"),
        (1, "市民課"),
        (2, "窓口係"),
    ]
    assert '<tr class="depth-2">' in html
    assert "他所町" not in html
    # staff counts per unit: 窓口係 has 山田 only
    assert "1名" in html


def test_unit_list_is_read_only_for_executive(world, login):
    client = login(world.own.users["executive"])
    html = client.get(reverse("core:unit_list")).content.decode()
    assert [name for _, name in _tree(html)][:3] == ["総務部", "総務課", "人事係"]
    assert reverse("core:unit_create") not in html
    assert reverse("core:unit_edit", args=[world.own.units["市民課"].pk]) not in html


def test_unit_create_via_form(world, login):
    client = login(world.own.users["hr"])
    parent = world.own.units["総務部"]
    response = client.post(
        reverse("core:unit_create"),
        _unit_post(name="情報政策課", parent=str(parent.pk), code="0102", is_dx="on", is_business="on"),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:unit_list")
    unit = Unit.objects.get(organisation=world.own.org, name="情報政策課")
    assert unit.parent == parent and unit.is_dx and unit.is_business and not unit.is_it
    event = AuditEvent.objects.get(action="unit.create")
    assert event.username == "a-hr" and event.organisation == world.own.org
    html = client.get(reverse("core:unit_list")).content.decode()
    assert "所属「情報政策課」を作成しました。" in html
    names = [name for _, name in _tree(html)]
    assert names.index("情報政策課") == names.index("人事係") + 1  # last child of 総務部
    assert (1, "情報政策課") in _tree(html)


def test_unit_create_bad_input_shows_japanese_summary_and_saves_nothing(world, login):
    client = login(world.own.users["hr"])
    before = Unit.objects.count()
    response = client.post(
        reverse("core:unit_create"),
        _unit_post(name="", valid_from="2026-04-01", valid_to="2026-03-31"),
    )
    assert response.status_code == 200
    html = response.getvalue().decode()
    assert ERROR_SUMMARY in html
    assert "（2件）" in html
    assert "有効終了日は有効開始日以後の日付にしてください。" in html
    assert "所属名を入力してください。" in html  # at the field and in the summary, naming the field
    assert "このフィールドは必須です。" not in html
    assert 'role="alert"' in html
    assert Unit.objects.count() == before
    assert not AuditEvent.objects.filter(action__startswith="unit.").exists()


def test_unit_create_get_prefills_parent(world, login):
    client = login(world.own.users["admin"])
    parent = world.own.units["市民部"]
    html = client.get(reverse("core:unit_create") + f"?parent={parent.pk}").content.decode()
    assert f'<option value="{parent.pk}" selected>市民部</option>' in html


def test_unit_edit_form_changes_the_unit(world, login):
    client = login(world.own.users["dx_office"])
    unit = world.own.units["市民課"]
    html = client.get(reverse("core:unit_edit", args=[unit.pk])).content.decode()
    assert 'value="市民課"' in html
    assert f'<option value="{unit.pk}"' not in html  # a unit is not offered as its own parent
    response = client.post(
        reverse("core:unit_edit", args=[unit.pk]),
        _unit_post(
            name="市民窓口課",
            parent=str(world.own.units["市民部"].pk),
            code="0201",
            valid_to="2027-03-31",
            is_business="on",
        ),
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "市民窓口課" and unit.valid_to.isoformat() == "2027-03-31"
    event = AuditEvent.objects.get(action="unit.update")
    assert event.changed == ["name", "valid_to"]
    assert event.username == "a-dx_office"


def test_unit_edit_into_own_descendant_shows_error_and_changes_nothing(world, login):
    client = login(world.own.users["hr"])
    top = world.own.units["総務部"]
    response = client.post(
        reverse("core:unit_edit", args=[top.pk]),
        _unit_post(name="総務部改", kind="department", parent=str(world.own.units["人事係"].pk), code="01"),
    )
    assert response.status_code == 200
    html = response.getvalue().decode()
    assert ERROR_SUMMARY in html
    assert "上位の所属に自分自身やその下の所属は指定できません。" in html
    top.refresh_from_db()
    assert top.parent_id is None and top.name == "総務部"
    assert not AuditEvent.objects.filter(action="unit.update").exists()


def test_unit_edit_of_a_foreign_unit_is_404(world, login):
    client = login(world.own.users["hr"])
    unit = world.foreign.units["市民課"]
    response = client.post(reverse("core:unit_edit", args=[unit.pk]), _unit_post(name="乗っ取り"))
    assert response.status_code == 404
    assert Unit.objects.get(pk=unit.pk).name == "市民課"


def test_grade_list_shows_grades_in_rank_order_and_adds_one(world, login):
    client = login(world.own.users["hr"])
    response = client.get(reverse("core:grade_list"))
    html = response.getvalue().decode()
    names = re.findall(r'<td class="num">\d+</td><td>([^<]+)</td>', html)
    assert names == ["主事", "主任", "主査", "係長", "課長補佐", "課長", "次長", "部長"]
    assert 'name="rank" value="9"' in html
    response = client.post(reverse("core:grade_list"), {"name": "参事", "rank": "9", "aliases": "参事級"})
    assert response.status_code == 302
    grade = Grade.objects.get(organisation=world.own.org, name="参事")
    assert (grade.rank, grade.aliases) == (9, "参事級")
    assert AuditEvent.objects.get(action="grade.create").username == "a-hr"
    assert "職名「参事」を追加しました。" in client.get(reverse("core:grade_list")).content.decode()


def test_grade_list_rejects_a_duplicate_name_in_japanese(world, login):
    client = login(world.own.users["admin"])
    response = client.post(reverse("core:grade_list"), {"name": "係長", "rank": "9", "aliases": ""})
    assert response.status_code == 200
    html = response.getvalue().decode()
    assert ERROR_SUMMARY in html
    assert "職名「係長」はすでにあります。" in html
    assert Grade.objects.filter(organisation=world.own.org).count() == 8


def test_grade_list_rejects_a_bad_rank(world, login):
    client = login(world.own.users["hr"])
    response = client.post(reverse("core:grade_list"), {"name": "参事", "rank": "0", "aliases": ""})
    assert response.status_code == 200
    assert ERROR_SUMMARY in response.getvalue().decode()
    assert not Grade.objects.filter(name="参事").exists()


def test_grade_edit_saves_and_rejects_a_taken_name(world, login):
    client = login(world.own.users["hr"])
    grade = Grade.objects.get(organisation=world.own.org, name="主査")
    url = reverse("core:grade_edit", args=[grade.pk])
    html = client.get(url).content.decode()
    assert 'value="主査"' in html
    response = client.post(url, {"name": "主査", "rank": "3", "aliases": "主査級"})
    assert response.status_code == 302
    grade.refresh_from_db()
    assert grade.aliases == "主査級"
    assert AuditEvent.objects.get(action="grade.update").changed == ["aliases"]
    response = client.post(url, {"name": "主任", "rank": "3", "aliases": ""})
    assert response.status_code == 200
    assert "職名「主任」はすでにあります。" in response.getvalue().decode()
    grade.refresh_from_db()
    assert (grade.name, grade.aliases) == ("主査", "主査級")


def test_grade_edit_of_a_foreign_grade_is_404(world, login):
    client = login(world.own.users["hr"])
    grade = Grade.objects.get(organisation=world.foreign.org, name="主査")
    assert client.get(reverse("core:grade_edit", args=[grade.pk])).status_code == 404


def test_unit_list_exports_to_excel_with_paths(world, login):
    import io

    import openpyxl

    from jinzai.core.models import AuditEvent

    client = login(world.own.users["hr"])
    response = client.get(reverse("core:unit_export") + "?format=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "総務部 ／ 総務課 ／ 人事係" in values
    assert AuditEvent.objects.filter(action="unit.export", username="a-hr").exists()
