"""Access-matrix rows of the skills app (see core/tests/test_access_matrix.py)."""

from datetime import date

from jinzai.core.access import SystemActor
from jinzai.core.importing import get_importer
from jinzai.core.services import import_create
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
        "unit": org.units["市民課"].pk,
        "test": test.pk,
        "attempt": attempt.pk,
        "question": test.sections.first().category.questions.first().pk,
        "framework_import": framework_import.pk,
        "question_import": question_import.pk,
    }
