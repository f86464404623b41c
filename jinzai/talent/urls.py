from django.urls import path

from . import views

app_name = "talent"

urlpatterns = [
    path("types/", views.type_list, name="type_list"),
    path("types/new/", views.type_create, name="type_create"),
    path("types/<int:pk>/", views.type_edit, name="type_edit"),
    path("types/<int:pk>/sub-roles/new/", views.subrole_create, name="subrole_create"),
    path("sub-roles/<int:pk>/", views.subrole_edit, name="subrole_edit"),
    path("designations/", views.designation_list, name="designation_list"),
    path("designations/export/", views.designation_export, name="designation_export"),
    path("designations/new/", views.designation_create, name="designation_create"),
    path("designations/<int:pk>/edit/", views.designation_edit, name="designation_edit"),
    path("designations/<int:pk>/end/", views.designation_end, name="designation_end"),
    path("designations/import/", views.designation_import, name="designation_import"),
    path(
        "designations/import/<int:pk>/",
        views.designation_import_preview,
        name="designation_import_preview",
    ),
    path(
        "designations/import/<int:pk>/commit/",
        views.designation_import_commit,
        name="designation_import_commit",
    ),
    path(
        "designations/import/<int:pk>/discard/",
        views.designation_import_discard,
        name="designation_import_discard",
    ),
]
