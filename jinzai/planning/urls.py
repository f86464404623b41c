"""URLs of the planning app (mounted under /planning/): levels, the basic policy, the structure and plans."""

from django.urls import path

from .views import dashboard, levels, plans, policy, roadmap, structure, targets, wizard

app_name = "planning"

urlpatterns = [
    # 育成目標レベルと現状レベル評価
    path("levels/", levels.level_list, name="level_list"),
    path("levels/<int:pk>/edit/", levels.level_edit, name="level_edit"),
    path("levels/assessments/new/", levels.assessment_create, name="assessment_create"),
    # 基本方針
    path("policy/", policy.policy_list, name="policy_list"),
    path("policy/new/", policy.policy_create, name="policy_create"),
    path("policy/<int:pk>/", policy.policy_detail, name="policy_detail"),
    path("policy/<int:pk>/edit/", policy.policy_edit, name="policy_edit"),
    path("policy/<int:pk>/approve/", policy.policy_approve_view, name="policy_approve"),
    path("policy/<int:pk>/revise/", policy.policy_revise_view, name="policy_revise"),
    path("policy/<int:pk>/word/", policy.policy_docx, name="policy_docx"),
    # 推進体制
    path("structure/", structure.structure, name="structure"),
    path("structure/bodies/new/", structure.body_create_view, name="body_create"),
    path("structure/bodies/<int:pk>/edit/", structure.body_edit, name="body_edit"),
    path("structure/bodies/<int:pk>/members/new/", structure.member_add, name="member_add"),
    path("structure/members/<int:pk>/remove/", structure.member_remove, name="member_remove"),
    path("structure/bodies/<int:pk>/meetings/new/", structure.meeting_add, name="meeting_add"),
    # 育成計画・目標・工程・ウィザード・ダッシュボード
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/wizard/", wizard.wizard, name="wizard"),
    path("plans/import/", plans.plan_import, name="plan_import"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/approve/", plans.plan_approve, name="plan_approve"),
    path("plans/<int:pk>/revise/", plans.plan_revise, name="plan_revise"),
    path("plans/<int:pk>/levels/sync/", plans.plan_level_sync, name="plan_level_sync"),
    path("plans/<int:pk>/dashboard/", dashboard.plan_dashboard, name="plan_dashboard"),
    path("plans/<int:pk>/word/", plans.plan_docx, name="plan_docx"),
    path("plans/<int:pk>/excel/", plans.plan_xlsx, name="plan_xlsx"),
    path("plans/<int:pk>/json/", plans.plan_json, name="plan_json"),
    path("plans/<int:pk>/targets/new/", targets.target_create, name="target_create"),
    path("targets/<int:pk>/edit/", targets.target_edit, name="target_edit"),
    path("targets/<int:pk>/delete/", targets.target_delete, name="target_delete"),
    path("plans/<int:pk>/tasks/new/", roadmap.task_create, name="task_create"),
    path("tasks/<int:pk>/edit/", roadmap.task_edit, name="task_edit"),
    path("tasks/<int:pk>/delete/", roadmap.task_delete, name="task_delete"),
    path("starter/<int:pk>/", dashboard.starter_update, name="starter_update"),
]
