"""URLs of maturity levels, the basic policy and the structure (mounted under /planning/)."""

from django.urls import path

from .views import levels, policy, structure

urlpatterns = [
    path("levels/", levels.level_list, name="level_list"),
    path("levels/<int:pk>/edit/", levels.level_edit, name="level_edit"),
    path("levels/assessments/new/", levels.assessment_create, name="assessment_create"),
    path("policy/", policy.policy_list, name="policy_list"),
    path("policy/new/", policy.policy_create, name="policy_create"),
    path("policy/<int:pk>/", policy.policy_detail, name="policy_detail"),
    path("policy/<int:pk>/edit/", policy.policy_edit, name="policy_edit"),
    path("policy/<int:pk>/approve/", policy.policy_approve_view, name="policy_approve"),
    path("policy/<int:pk>/revise/", policy.policy_revise_view, name="policy_revise"),
    path("policy/<int:pk>/word/", policy.policy_docx, name="policy_docx"),
    path("structure/", structure.structure, name="structure"),
    path("structure/bodies/new/", structure.body_create_view, name="body_create"),
    path("structure/bodies/<int:pk>/edit/", structure.body_edit, name="body_edit"),
    path("structure/bodies/<int:pk>/members/new/", structure.member_add, name="member_add"),
    path("structure/members/<int:pk>/remove/", structure.member_remove, name="member_remove"),
    path("structure/bodies/<int:pk>/meetings/new/", structure.meeting_add, name="meeting_add"),
]
