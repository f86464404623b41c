"""Skill-map and question imports: errors with line and column, all-or-nothing commit, export round trip."""

import io

import openpyxl
import pytest

from jinzai.core.importing import analyse, get_importer
from jinzai.core.models import ImportRecord
from jinzai.core.services import ImportNotCommittable, import_commit, import_create
from jinzai.skills.models import Framework, Question, RoleProfile

from ._helpers import literacy, system

HEADER = "区分,項目,説明,レベル1,レベル2,レベル3,期待レベル：一般行政職員\n"
FRAMEWORK, QUESTION = get_importer("framework"), get_importer("question")


def upload(world, importer, content: bytes, **options):
    return import_create(
        actor=system(world.own), importer=importer, file_name="f.csv", content=content, options=options
    )


@pytest.mark.django_db
def test_framework_errors_name_line_and_column(world):
    content = (HEADER + "基礎,読む力,,知る,使う,教える,2\n基礎,読む力,,知る,,教える,4\n").encode("cp932")
    plan = analyse(FRAMEWORK, world.own.org, content, {"name": "新しいマップ"})
    messages = {(e.line, e.column, e.message) for e in plan.errors}
    assert (3, "B列「項目」", "同じ項目名が2行目にもあります。") in messages
    assert (3, "E列「レベル2」", "レベル2の目指す行動を入力してください。") in messages
    assert (3, "G列「期待レベル：一般行政職員」", "期待レベルは1〜3の数字で入力してください。") in messages


@pytest.mark.django_db
def test_unknown_talent_type_column_is_a_question_not_a_silent_drop(world):
    plan = analyse(
        FRAMEWORK,
        world.own.org,
        (HEADER.replace("一般行政職員", "未登録") + "a,b,,1,2,3,\n").encode(),
        {"name": "x"},
    )
    assert plan.unmapped == ["期待レベル：未登録"] and not plan.can_commit


@pytest.mark.django_db
def test_level_columns_must_follow_on(world):
    plan = analyse(FRAMEWORK, world.own.org, "区分,項目,レベル1,レベル2\na,b,1,2\n".encode(), {"name": "x"})
    assert "レベル1" in plan.fatal and not plan.can_commit


@pytest.mark.django_db
def test_framework_import_commits_all_or_nothing(world):
    actor = system(world.own)
    bad = upload(world, FRAMEWORK, (HEADER + "基礎,読む力,,知る,,教える,\n").encode(), name="新しいマップ")
    with pytest.raises(ImportNotCommittable):
        import_commit(actor=actor, importer=FRAMEWORK, record=bad)
    assert not Framework.objects.filter(name="新しいマップ").exists()
    good = upload(
        world, FRAMEWORK, (HEADER + "基礎,読む力,,知る,使う,教える,2\n").encode(), name="新しいマップ"
    )
    counts = import_commit(actor=actor, importer=FRAMEWORK, record=good)
    assert counts["add"] == 1
    good.refresh_from_db()
    framework = Framework.objects.get(pk=good.summary["result"]["framework"])
    assert framework.level_count == 3 and framework.items.get().descriptors == ["知る", "使う", "教える"]
    assert RoleProfile.objects.get(item__framework=framework).expected_level == 2
    assert good.status == ImportRecord.Status.COMMITTED and good.content is None
    assert FRAMEWORK.done_url(good) == f"/skills/frameworks/{framework.pk}/"


@pytest.mark.django_db
def test_export_then_import_gives_the_same_map(world, login):
    client = login(world.own.users["dx_office"])
    original = literacy(world.own)
    response = client.get(f"/skills/frameworks/{original.pk}/export/?format=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    assert [c.value for c in sheet[1]][:6] == ["区分", "項目", "説明", "レベル1", "レベル2", "レベル3"]
    # under the same name: every column recognised, every item unchanged
    same = upload(world, FRAMEWORK, response.getvalue(), name=original.name)
    assert same.summary["unmapped"] == [] and same.summary["errors"] == []
    assert same.summary["counts"]["unchanged"] == original.items.count()
    assert same.summary["counts"]["add"] == same.summary["counts"]["update"] == 0
    # under another name: a copy
    record = upload(world, FRAMEWORK, response.getvalue(), name="写し")
    import_commit(actor=system(world.own), importer=FRAMEWORK, record=record)
    record.refresh_from_db()
    copy = Framework.objects.get(pk=record.summary["result"]["framework"])
    assert list(copy.items.values_list("name", "descriptors")) == list(
        original.items.order_by("sort_order").values_list("name", "descriptors")
    )
    assert (
        RoleProfile.objects.filter(item__framework=copy).count()
        == RoleProfile.objects.filter(item__framework=original).count()
    )


@pytest.mark.django_db
def test_changing_a_descriptor_updates_the_item_in_place(world):
    original = literacy(world.own)
    item = original.items.order_by("sort_order").first()
    descriptors = list(item.descriptors)
    cells = [item.category.name, item.name, "", *(["新しい行動"] + descriptors[1:])]
    header = "区分,項目,説明," + ",".join(f"レベル{n}" for n in original.levels) + "\n"
    content = (header + ",".join(cells) + "\n").encode()
    record = upload(world, FRAMEWORK, content, name=original.name)
    assert record.summary["counts"]["update"] == 1
    import_commit(actor=system(world.own), importer=FRAMEWORK, record=record)
    item.refresh_from_db()
    assert item.descriptors[0] == "新しい行動" and item.framework_id == original.pk


@pytest.mark.django_db
def test_question_import_checks_answers_and_kinds(world):
    csv = (
        "分野,問題文,形式,選択肢1,選択肢2,選択肢3,正解,解説\n"
        '基礎,良い問い,複数,a,b,c,"1,3",説明\n'
        "基礎,悪い正解,単一,a,b,,3,\n"
        "基礎,単一なのに複数,単一,a,b,c,1・2,\n"
        "基礎,丸数字の正解,単一,a,b,c,①,\n"
    )
    plan = analyse(QUESTION, world.own.org, csv.encode("cp932"), {})
    assert plan.rows[0].data["correct"] == [0, 2] and plan.rows[0].data["kind"] == "multiple"
    assert [(e.line, e.column) for e in plan.errors] == [
        (3, "G列「正解」"),
        (4, "G列「正解」"),
        (5, "G列「正解」"),
    ]


@pytest.mark.django_db
def test_question_import_creates_categories_and_re_imports_unchanged(world, login):
    csv = "分野,問題文,選択肢1,選択肢2,正解\n新分野,問い,a,b,2\n"
    record = upload(world, QUESTION, csv.encode())
    assert import_commit(actor=system(world.own), importer=QUESTION, record=record)["add"] == 1
    question = Question.objects.get(organisation=world.own.org, text="問い")
    assert (question.category.name, question.kind, question.correct) == ("新分野", "single", [1])
    exported = login(world.own.users["dx_office"]).get("/skills/questions/export/?format=csv").getvalue()
    again = upload(world, QUESTION, exported)
    assert again.summary["unmapped"] == [] and again.summary["errors"] == []
    assert again.summary["counts"]["add"] == again.summary["counts"]["update"] == 0
