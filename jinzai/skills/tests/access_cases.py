"""Access-matrix rows of the skills app (see core/tests/test_access_matrix.py)."""

import re
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jinzai.core.access import SystemActor
from jinzai.core.importing import get_importer
from jinzai.core.services import import_create
from jinzai.core.tests._matrix import FORM, Post, form
from jinzai.skills import services
from jinzai.skills.models import Framework, Participant

VIEW = {"hr", "dx_office", "executive", "manager"}
MANAGE = {"dx_office"}
CAMPAIGN_VIEW = {"hr", "dx_office", "executive"}
RESULTS = {"hr", "dx_office"}
SELF = {"staff", "manager", "hr", "dx_office", "executive"}
MATRIX = {"manager", "hr", "dx_office", "executive"}
PEOPLE = {"manager", "hr", "dx_office"}  # person-level heatmaps: never executives

CASES: dict[str, tuple[str | None, set[str], str]] = {
    "skills:framework_list": (None, VIEW, "get"),
    "skills:framework_create": (None, MANAGE, "get"),
    "skills:framework_detail": ("framework", VIEW, "get"),
    "skills:framework_edit": ("framework", MANAGE, "get"),
    "skills:framework_export": ("framework", VIEW, "get"),
    "skills:framework_category_create": ("framework", MANAGE, "get"),
    "skills:framework_category_edit": ("category", MANAGE, "get"),
    "skills:framework_item_create": ("framework", MANAGE, "get"),
    "skills:framework_item_edit": ("item", MANAGE, "get"),
    "skills:framework_profile": ("framework", MANAGE, "get"),
    "skills:framework_import": (None, MANAGE, "get"),
    "skills:framework_import_preview": ("framework_import", MANAGE, "get"),
    "skills:framework_import_commit": ("framework_import", MANAGE, "post"),
    "skills:framework_import_discard": ("framework_import", MANAGE, "post"),
    "skills:framework_criteria": (None, VIEW, "get"),
    "skills:framework_criterion_create": (None, MANAGE, "get"),
    "skills:framework_criterion_edit": ("criterion", MANAGE, "get"),
    "skills:campaign_list": (None, CAMPAIGN_VIEW, "get"),
    "skills:campaign_create": (None, MANAGE, "get"),
    "skills:campaign_detail": ("campaign", CAMPAIGN_VIEW, "get"),
    "skills:campaign_edit": ("campaign", MANAGE, "get"),
    "skills:campaign_close": ("campaign", MANAGE, "post"),
    "skills:campaign_pending": ("campaign", RESULTS, "get"),
    "skills:campaign_pending_export": ("campaign", RESULTS, "get"),
    "skills:my_assessments": (None, SELF, "get"),
    "skills:my_sheet": ("campaign", SELF, "get"),
    "skills:rate_list": (None, {"manager"}, "get"),
    "skills:rate": ("sheet", {"manager"}, "get"),
    "skills:matrix": (None, MATRIX, "get"),
    "skills:matrix_export": (None, MATRIX, "get"),
    "skills:matrix_unit": ("unit", PEOPLE, "get"),
    "skills:matrix_unit_export": ("unit", PEOPLE, "get"),
    "skills:gap": (None, MATRIX, "get"),
    "skills:gap_export": (None, MATRIX, "get"),
    "skills:test_list": (None, SELF, "get"),
    "skills:test_create": (None, MANAGE, "get"),
    "skills:test_detail": ("test", SELF, "get"),
    "skills:test_edit": ("test", MANAGE, "get"),
    "skills:test_answer": ("test", SELF, "get"),
    "skills:test_start": ("test", SELF, "post"),
    "skills:test_results": ("test", RESULTS, "get"),
    "skills:test_results_export": ("test", RESULTS, "get"),
    "skills:attempt_detail": ("attempt", RESULTS, "get"),
    "skills:question_list": (None, MANAGE, "get"),
    "skills:question_create": (None, MANAGE, "get"),
    "skills:question_edit": ("question", MANAGE, "get"),
    "skills:question_export": (None, MANAGE, "get"),
    "skills:question_category_create": (None, MANAGE, "get"),
    "skills:question_import": (None, MANAGE, "get"),
    "skills:question_import_preview": ("question_import", MANAGE, "get"),
    "skills:question_import_commit": ("question_import", MANAGE, "post"),
    "skills:question_import_discard": ("question_import", MANAGE, "post"),
    # last: deletes the criterion the rows above use
    "skills:framework_criterion_delete": ("criterion", MANAGE, "post"),
}
SPECIAL: set[str] = set()

QUESTIONS_CSV = "分野,問題文,形式,選択肢1,選択肢2,正解,解説\nDXの基礎,クラウドの説明として正しいものは,単一,自前で持つ,ネット越しに使う,2,\n"


def make_objects(org, hr_member) -> dict[str, int]:
    system = SystemActor(organisation=org.org, label="test")
    framework = Framework.objects.get(organisation=org.org, key="literacy")
    item = framework.items.order_by("sort_order").first()
    from jinzai.talent.models import TalentType

    general = TalentType.objects.get(organisation=org.org, kind="general")
    criterion = services.criterion_create(
        actor=system, items=[item], talent_type=general, level=2, min_level=2, min_share=80
    )
    campaign = services.campaign_create(
        actor=system,
        name="令和8年度 DXリテラシー評価",
        fiscal_year=2026,
        framework=framework,
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 6, 30),
    )
    sheet = Participant.objects.get(campaign=campaign, staff=org.staff["staff"])
    sheet_other = Participant.objects.get(campaign=campaign, staff=org.staff["other"])  # 総務課
    category = services.question_category_create(actor=system, name="DXの基礎")
    for n in range(3):
        services.question_create(
            actor=system,
            category=category,
            text=f"問題{n}",
            kind="single",
            choices=["はい", "いいえ"],
            correct=[0],
        )
    test = services.knowledge_test_create(
        actor=system, sections={category: 2}, name="DXリーダー向けアセスメント", pass_score=50, is_open=True
    )
    attempt = services.attempt_start(actor=hr_member, test=test)
    services.attempt_submit(actor=hr_member, attempt=attempt, answers={})
    framework_import = import_create(
        actor=system,
        importer=get_importer("framework"),
        file_name="map.csv",
        content="区分,項目,説明,レベル1,レベル2,レベル3\n基礎,読む力,,知る,使う,教える\n".encode(),
        options={"name": "取込マップ"},
    )
    question_import = import_create(
        actor=system,
        importer=get_importer("question"),
        file_name="q.csv",
        content=QUESTIONS_CSV.encode(),
        options={},
    )
    return {
        "framework": framework.pk,
        "category": item.category_id,
        "item": item.pk,
        "criterion": criterion.pk,
        "campaign": campaign.pk,
        "sheet": sheet.pk,
        "sheet_other": sheet_other.pk,
        "unit": org.units["市民課"].pk,
        "test": test.pk,
        "attempt": attempt.pk,
        "question": test.sections.first().category.questions.first().pk,
        "framework_import": framework_import.pk,
        "question_import": question_import.pk,
    }


# --- POST with a valid body (the method dimension; see core/tests/test_access_matrix.py) ----------------

MAP_CSV = "区分,項目,説明,レベル1,レベル2,レベル3\n基礎,書く力,,知る,使う,教える\n".encode()


def _url(name, key):
    return lambda ctx: reverse(name, kwargs={"pk": ctx.obj(key)})


def _upload(content, file_name, **fields):
    def body(ctx):
        return {**ctx.form(**fields), "file": SimpleUploadedFile(file_name, content, content_type="text/csv")}

    return body


def _with_answers(ctx):
    """The test page after starting: every question answered with its first choice."""
    from jinzai.skills.models import KnowledgeTest

    test = KnowledgeTest.objects.get(pk=ctx.obj("test"))
    services.attempt_start(actor=_membership(ctx), test=test)
    html = ctx.client.get(ctx.url).content.decode()
    body = ctx.form()
    for name, value in re.findall(r'name="(q_\d+)"[^>]*value="([^"]*)"', html):
        body.setdefault(name, value)
    assert any(k.startswith("q_") for k in body), "no question on the test page"
    return body


def _profile(ctx):
    body = ctx.form()
    first = sorted(k for k in body if k.startswith("p_"))[0]
    return {**body, first: "1" if body[first] != "1" else "2"}


def _self_rated(ctx):
    """Every item rated 2 and the sheet submitted."""
    body = ctx.form(action="submit")
    for key in [k for k in body if k.startswith("comment_")]:
        body[f"level_{key.removeprefix('comment_')}"] = "2"
    return body


def _reviewed(ctx):
    """The person submitted their sheet; the manager rates every item 2 and confirms."""
    from jinzai.core.models import Membership
    from jinzai.skills.models import Participant
    from jinzai.skills.services.campaigns import SelfRating, sheet_save

    sheet = Participant.objects.get(pk=ctx.obj("sheet"))
    person = Membership.objects.get(organisation=ctx.org.org, role="staff")
    items = sheet.campaign.framework.items.all()
    sheet_save(
        actor=person,
        participant=sheet,
        ratings={i.pk: SelfRating(level=2, comment="", evidence="") for i in items},
        version=sheet.version,
        submit=True,
    )
    body = ctx.form(action="confirm")
    for item in items:
        body[f"manager_{item.pk}"] = "2"
    return body


def _membership(ctx):
    from jinzai.core.models import Membership

    return Membership.objects.get(user=ctx.user, is_active=True)


POSTS = {
    "skills:framework_create": Post(None, MANAGE, form(name="データ活用スキル", level_count="3")),
    "skills:framework_edit": Post("framework", MANAGE, form(description="全職員の基礎")),
    "skills:framework_category_create": Post("framework", MANAGE, form(name="応用")),
    "skills:framework_category_edit": Post("category", MANAGE, form(description="基礎の区分")),
    "skills:framework_item_create": Post(
        "framework",
        MANAGE,
        lambda ctx: {**ctx.form(name="表計算"), **{f"descriptor_{n}": "使える" for n in range(1, 6)}},
    ),
    "skills:framework_item_edit": Post("item", MANAGE, form(description="読む力")),
    "skills:framework_profile": Post("framework", MANAGE, _profile),
    "skills:framework_import": Post(None, MANAGE, _upload(MAP_CSV, "map.csv", name="取込マップ2")),
    "skills:framework_import_preview": Post("framework_import", MANAGE, FORM),
    "skills:framework_import_commit": Post(
        "framework_import", MANAGE, form(_url("skills:framework_import_preview", "framework_import"))
    ),
    "skills:framework_import_discard": Post(
        "framework_import", MANAGE, form(_url("skills:framework_import_preview", "framework_import"))
    ),
    "skills:framework_criterion_create": Post(
        None,
        MANAGE,
        lambda ctx: ctx.form(level="3", min_level="3", min_share="50", items=[str(ctx.obj("item"))]),
    ),
    "skills:framework_criterion_edit": Post("criterion", MANAGE, form(min_share="60")),
    "skills:framework_criterion_delete": Post(
        "criterion", MANAGE, form(lambda ctx: reverse("skills:framework_criteria"))
    ),
    "skills:campaign_create": Post(
        None,
        MANAGE,
        lambda ctx: ctx.form(
            name="令和8年度 追加の評価",
            starts_on="2026-12-01",
            ends_on="2027-01-31",
            framework=str(ctx.obj("framework")),
        ),
    ),
    "skills:campaign_edit": Post("campaign", MANAGE, form(name="令和8年度 DXリテラシー評価（延長）")),
    "skills:campaign_close": Post(
        "campaign", MANAGE, form(_url("skills:campaign_detail", "campaign"), confirm="yes")
    ),
    "skills:my_sheet": Post("campaign", SELF, _self_rated, as_roles=("staff",)),
    "skills:rate": Post("sheet", {"manager"}, _reviewed, outside="sheet_other"),
    "skills:test_create": Post(
        None,
        MANAGE,
        lambda ctx: {
            k: ("2" if k.startswith("count_") else v) for k, v in ctx.form(name="基礎テスト").items()
        },
    ),
    "skills:test_edit": Post("test", MANAGE, form(pass_score="60")),
    "skills:test_start": Post("test", SELF, lambda ctx: {}, as_roles=("staff",)),
    "skills:test_answer": Post("test", SELF, _with_answers, as_roles=("staff",)),
    "skills:question_create": Post(
        None,
        MANAGE,
        form(text="クラウドとは", kind="single", choice_0="自前", choice_1="ネット越し", correct="1"),
    ),
    "skills:question_edit": Post("question", MANAGE, form(explanation="基本")),
    "skills:question_category_create": Post(None, MANAGE, form(name="情報セキュリティ")),
    "skills:question_import": Post(None, MANAGE, _upload(QUESTIONS_CSV.encode(), "q.csv")),
    "skills:question_import_preview": Post("question_import", MANAGE, FORM),
    "skills:question_import_commit": Post(
        "question_import", MANAGE, form(_url("skills:question_import_preview", "question_import"))
    ),
    "skills:question_import_discard": Post(
        "question_import", MANAGE, form(_url("skills:question_import_preview", "question_import"))
    ),
}
