"""Skill-map and question imports: errors with line and column, all-or-nothing commit, export round trip."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from jinzai.skills.importing import analyse_framework, analyse_questions
from jinzai.skills.models import Framework, Question, RoleProfile, SkillImport
from jinzai.skills.services.imports import skill_import_commit, skill_import_create

from ._helpers import literacy, system

HEADER = "区分,項目,説明,レベル1,レベル2,レベル3,期待レベル：一般行政職員\n"


def test_framework_errors_name_line_and_column():
    content = (HEADER + "基礎,読む力,,知る,使う,教える,2\n基礎,読む力,,知る,,教える,4\n").encode("cp932")
    analysis = analyse_framework(content, ["一般行政職員"])
    messages = {(e["line"], e["column"], e["message"]) for e in analysis.errors}
    assert (3, "B列「項目」", "同じ項目名が前の行にもあります。") in messages
    assert (3, "E列「レベル2」", "レベル2の目指す行動を入力してください。") in messages
    assert (3, "G列「期待レベル：一般行政職員」", "期待レベルは1〜3の数字で入力してください。") in messages


def test_unknown_talent_type_column_is_an_error():
    analysis = analyse_framework(
        (HEADER.replace("一般行政職員", "未登録") + "a,b,,1,2,3,\n").encode(), ["一般行政職員"]
    )
    assert analysis.errors[0]["message"].startswith("人材像「未登録」は登録されていません")


@pytest.mark.django_db
def test_framework_import_commits_all_or_nothing(world):
    actor = system(world.own)
    bad = skill_import_create(
        actor=actor,
        kind="framework",
        file_name="m.csv",
        content=(HEADER + "基礎,読む力,,知る,,教える,\n").encode(),
        options={"name": "新しいマップ"},
    )
    with pytest.raises(ValidationError):
        skill_import_commit(actor=actor, record=bad)
    assert not Framework.objects.filter(name="新しいマップ").exists()
    good = skill_import_create(
        actor=actor,
        kind="framework",
        file_name="m.csv",
        content=(HEADER + "基礎,読む力,,知る,使う,教える,2\n").encode(),
        options={"name": "新しいマップ"},
    )
    result = skill_import_commit(actor=actor, record=good)
    framework = Framework.objects.get(pk=result["framework"])
    assert framework.level_count == 3 and framework.items.get().descriptors == ["知る", "使う", "教える"]
    assert RoleProfile.objects.get(item__framework=framework).expected_level == 2
    good.refresh_from_db()
    assert good.status == SkillImport.Status.COMMITTED and good.content is None


@pytest.mark.django_db
def test_export_then_import_gives_the_same_map(world, login):
    client = login(world.own.users["dx_office"])
    response = client.get(f"/skills/frameworks/{literacy(world.own).pk}/export/?format=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    assert [c.value for c in sheet[1]][:6] == ["区分", "項目", "説明", "レベル1", "レベル2", "レベル3"]
    record = skill_import_create(
        actor=system(world.own),
        kind="framework",
        file_name="x.xlsx",
        content=response.getvalue(),
        options={"name": "写し"},
    )
    assert record.summary["errors"] == []
    copy = Framework.objects.get(pk=skill_import_commit(actor=system(world.own), record=record)["framework"])
    assert list(copy.items.values_list("name", "descriptors")) == list(
        literacy(world.own).items.order_by("sort_order").values_list("name", "descriptors")
    )
    assert (
        RoleProfile.objects.filter(item__framework=copy).count()
        == RoleProfile.objects.filter(item__framework=literacy(world.own)).count()
    )


def test_question_import_checks_answers_and_kinds():
    csv = (
        "分野,問題文,形式,選択肢1,選択肢2,選択肢3,正解,解説\n"
        '基礎,良い問い,複数,a,b,c,"1,3",説明\n'
        "基礎,悪い正解,単一,a,b,,3,\n"
        "基礎,単一なのに複数,単一,a,b,c,1・2,\n"
    )
    analysis = analyse_questions(csv.encode("cp932"))
    assert analysis.rows[0]["correct"] == [0, 2] and analysis.rows[0]["kind"] == "multiple"
    assert [(e["line"], e["column"]) for e in analysis.errors] == [(3, "G列「正解」"), (4, "G列「正解」")]


@pytest.mark.django_db
def test_question_import_creates_categories(world):
    csv = "分野,問題文,選択肢1,選択肢2,正解\n新分野,問い,a,b,2\n"
    record = skill_import_create(
        actor=system(world.own), kind="questions", file_name="q.csv", content=csv.encode(), options={}
    )
    assert skill_import_commit(actor=system(world.own), record=record) == {"questions": 1}
    question = Question.objects.get(organisation=world.own.org)
    assert (question.category.name, question.kind, question.correct) == ("新分野", "single", [1])
