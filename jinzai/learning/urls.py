from django.urls import path

from jinzai.core.views.imports import import_urls

from .views import certifications, costs, exports, internal, my, records, subsidies, training

app_name = "learning"

urlpatterns = [
    # self-service
    path("my/", my.my_learning, name="my_learning"),
    path("my/certifications/new/", my.my_cert_add, name="my_cert_add"),
    path("my/subsidies/new/", my.my_subsidy_apply, name="my_subsidy_apply"),
    path("my/subsidies/<int:pk>/withdraw/", my.my_subsidy_withdraw, name="my_subsidy_withdraw"),
    path("proofs/<int:pk>/", my.staffcert_proof, name="staffcert_proof"),
    # certifications
    path("certifications/", certifications.certification_list, name="certification_list"),
    path("certifications/new/", certifications.certification_create, name="certification_create"),
    path("certifications/<int:pk>/edit/", certifications.certification_edit, name="certification_edit"),
    path("certifications/report/", certifications.certification_report, name="certification_report"),
    path("staff-certifications/", certifications.staffcert_list, name="staffcert_list"),
    path("staff-certifications/record/", records.staffcert_record, name="staffcert_record"),
    *import_urls("staffcert", "staff-certifications/import/", "staff-certifications/import/"),
    path("staff-certifications/export/", exports.staffcert_export, name="staffcert_export"),
    path("staff-certifications/<int:pk>/", certifications.staffcert_detail, name="staffcert_detail"),
    path("staff-certifications/<int:pk>/verify/", certifications.staffcert_verify, name="staffcert_verify"),
    path("staff-certifications/<int:pk>/return/", certifications.staffcert_return, name="staffcert_return"),
    # subsidies
    path("subsidies/", subsidies.subsidy_list, name="subsidy_list"),
    path("subsidies/rules/new/", subsidies.subsidy_rule_create, name="subsidy_rule_create"),
    path("subsidies/rules/<int:pk>/edit/", subsidies.subsidy_rule_edit, name="subsidy_rule_edit"),
    path("subsidies/applications/<int:pk>/", subsidies.subsidy_application, name="subsidy_application"),
    path("subsidies/applications/<int:pk>/approve/", subsidies.subsidy_approve, name="subsidy_approve"),
    path("subsidies/applications/<int:pk>/reject/", subsidies.subsidy_reject, name="subsidy_reject"),
    path("subsidies/applications/<int:pk>/pay/", subsidies.subsidy_pay, name="subsidy_pay"),
    # training
    path("courses/", training.course_list, name="course_list"),
    path("courses/new/", training.course_create, name="course_create"),
    path("courses/<int:pk>/", training.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", training.course_edit, name="course_edit"),
    path("courses/<int:pk>/sessions/new/", training.session_create, name="session_create"),
    path("sessions/<int:pk>/", training.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", training.session_edit, name="session_edit"),
    path("sessions/<int:pk>/enrol/", training.session_enrol, name="session_enrol"),
    path("sessions/<int:pk>/apply/", my.session_apply, name="session_apply"),
    path("sessions/<int:pk>/results/", training.session_results, name="session_results"),
    *import_urls("completion", "sessions/<int:pk>/import/", "session-imports/"),
    path("sessions/<int:pk>/export/", exports.session_export, name="session_export"),
    path("completions/record/", records.completion_record, name="completion_record"),
    path("enrolments/", training.enrolment_list, name="enrolment_list"),
    path("enrolments/<int:pk>/approve/", training.enrolment_approve, name="enrolment_approve"),
    path("enrolments/<int:pk>/reject/", training.enrolment_reject, name="enrolment_reject"),
    path("enrolments/<int:pk>/confirm/", training.enrolment_confirm, name="enrolment_confirm"),
    path("enrolments/<int:pk>/cancel/", my.enrolment_cancel, name="enrolment_cancel"),
    path("enrolments/<int:pk>/feedback/", my.enrolment_feedback, name="enrolment_feedback"),
    # internal certification
    path("internal/", internal.internal_cert_list, name="internal_cert_list"),
    path(
        "internal/curricula/new/",
        internal.internal_cert_curriculum_create,
        name="internal_cert_curriculum_create",
    ),
    path(
        "internal/curricula/<int:pk>/edit/",
        internal.internal_cert_curriculum_edit,
        name="internal_cert_curriculum_edit",
    ),
    path("internal/rules/new/", internal.internal_cert_rule_create, name="internal_cert_rule_create"),
    path("internal/rules/<int:pk>/", internal.internal_cert_rule, name="internal_cert_rule"),
    path("internal/rules/<int:pk>/edit/", internal.internal_cert_rule_edit, name="internal_cert_rule_edit"),
    path("internal/rules/<int:pk>/confirm/", internal.internal_cert_confirm, name="internal_cert_confirm"),
    path("internal/awards/<int:pk>/revoke/", internal.internal_cert_revoke, name="internal_cert_revoke"),
    # costs
    path("costs/", costs.cost_report, name="cost_report"),
    path("costs/export/", costs.cost_export, name="cost_export"),
]
