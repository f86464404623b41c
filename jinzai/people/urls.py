from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("export/", views.staff_export, name="staff_export"),
    path("<int:pk>/", views.staff_detail, name="staff_detail"),
    path("<int:pk>/edit/", views.staff_edit, name="staff_edit"),
    path("<int:pk>/transfer/", views.staff_transfer, name="staff_transfer"),
    path("me/", views.my_card, name="my_card"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/commit/", views.import_commit, name="import_commit"),
    path("import/<int:pk>/discard/", views.import_discard, name="import_discard"),
]
