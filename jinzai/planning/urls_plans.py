"""URLs of development plans, targets, the roadmap, the wizard and the dashboard (mounted under /planning/)."""

from django.urls import path

from .views import dashboard, plans, roadmap, targets, wizard

urlpatterns = [
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/wizard/", wizard.wizard, name="wizard"),
    path("plans/import/", plans.plan_import, name="plan_import"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/approve/", plans.plan_approve, name="plan_approve"),
    path("plans/<int:pk>/revise/", plans.plan_revise, name="plan_revise"),
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
