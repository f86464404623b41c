from django.urls import path

from jinzai.core.views.imports import import_urls

from .views import campaigns, criteria, frameworks, knowledge, matrix, sheets

app_name = "skills"

urlpatterns = [
    # スキルマップ
    path("frameworks/", frameworks.framework_list, name="framework_list"),
    path("frameworks/new/", frameworks.framework_create, name="framework_create"),
    *import_urls("framework", "frameworks/import/", "frameworks/import/"),
    path("frameworks/<int:pk>/", frameworks.framework_detail, name="framework_detail"),
    path("frameworks/<int:pk>/edit/", frameworks.framework_edit, name="framework_edit"),
    path("frameworks/<int:pk>/export/", frameworks.framework_export, name="framework_export"),
    path("frameworks/<int:pk>/categories/new/", frameworks.category_create, name="framework_category_create"),
    path("frameworks/categories/<int:pk>/", frameworks.category_edit, name="framework_category_edit"),
    path("frameworks/<int:pk>/items/new/", frameworks.item_create, name="framework_item_create"),
    path("frameworks/items/<int:pk>/", frameworks.item_edit, name="framework_item_edit"),
    path("frameworks/<int:pk>/profiles/", frameworks.profile_edit, name="framework_profile"),
    path("criteria/", criteria.criteria_list, name="framework_criteria"),
    path("criteria/new/", criteria.criterion_create, name="framework_criterion_create"),
    path("criteria/<int:pk>/", criteria.criterion_edit, name="framework_criterion_edit"),
    path("criteria/<int:pk>/delete/", criteria.criterion_delete, name="framework_criterion_delete"),
    # 評価の実施
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/close/", campaigns.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/pending/", campaigns.campaign_pending, name="campaign_pending"),
    path(
        "campaigns/<int:pk>/pending/export/",
        campaigns.campaign_pending_export,
        name="campaign_pending_export",
    ),
    # 自分の評価・所属長の確認
    path("mine/", sheets.my_assessments, name="my_assessments"),
    path("mine/<int:pk>/", sheets.my_sheet, name="my_sheet"),
    path("review/", sheets.rate_list, name="rate_list"),
    path("review/<int:pk>/", sheets.rate, name="rate"),
    # スキルの分布
    path("matrix/", matrix.matrix_view, name="matrix"),
    path("matrix/export/", matrix.matrix_export, name="matrix_export"),
    path("matrix/units/<int:pk>/", matrix.matrix_unit, name="matrix_unit"),
    path("matrix/units/<int:pk>/export/", matrix.matrix_unit_export, name="matrix_unit_export"),
    path("gap/", matrix.gap, name="gap"),
    path("gap/export/", matrix.gap_export, name="gap_export"),
    # テスト
    path("tests/", knowledge.test_list, name="test_list"),
    path("tests/new/", knowledge.test_create, name="test_create"),
    path("tests/<int:pk>/", knowledge.test_detail, name="test_detail"),
    path("tests/<int:pk>/edit/", knowledge.test_edit, name="test_edit"),
    path("tests/<int:pk>/start/", knowledge.test_start, name="test_start"),
    path("tests/<int:pk>/answer/", knowledge.test_answer, name="test_answer"),
    path("tests/<int:pk>/results/", knowledge.test_results, name="test_results"),
    path("tests/<int:pk>/results/export/", knowledge.test_results_export, name="test_results_export"),
    path("attempts/<int:pk>/", knowledge.attempt_detail, name="attempt_detail"),
    path("questions/", knowledge.question_list, name="question_list"),
    path("questions/new/", knowledge.question_create, name="question_create"),
    path("questions/<int:pk>/", knowledge.question_edit, name="question_edit"),
    path("questions/export/", knowledge.question_export, name="question_export"),
    path("questions/categories/new/", knowledge.question_category_create, name="question_category_create"),
    *import_urls("question", "questions/import/", "questions/import/"),
]
