from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.login_otp, name="login_otp"),
    path("setup/", views.first_run, name="first_run"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("account/confirm/", views.reauth, name="reauth"),
    path("account/twofactor/", views.twofactor_overview, name="twofactor"),
    path("account/twofactor/setup/", views.twofactor_setup, name="twofactor_setup"),
    path("account/twofactor/codes/", views.twofactor_codes, name="twofactor_codes"),
    path("account/twofactor/disable/", views.twofactor_disable, name="twofactor_disable"),
    path("switch/", views.switch_membership, name="switch_membership"),
    path("settings/", views.user_settings, name="user_settings"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/export/", views.unit_export, name="unit_export"),
    path("units/flags/", views.unit_flags, name="unit_flags"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("grades/", views.grade_list, name="grade_list"),
    path("grades/<int:pk>/edit/", views.grade_edit, name="grade_edit"),
    path("admin/users/", views.user_list, name="user_list"),
    path("admin/users/new/", views.user_create, name="user_create"),
    path("admin/memberships/<int:pk>/", views.membership_edit, name="membership_edit"),
    path("admin/memberships/<int:pk>/password/", views.membership_password, name="membership_password"),
    path(
        "admin/memberships/<int:pk>/twofactor-reset/",
        views.membership_twofactor_reset,
        name="membership_twofactor_reset",
    ),
    path("admin/security/", views.security_policy, name="security_policy"),
    path("admin/audit/", views.audit_list, name="audit_list"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
]
