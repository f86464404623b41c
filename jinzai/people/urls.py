from django.urls import path

from jinzai.core.views.imports import import_urls

from . import views

app_name = "people"

urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("export/", views.staff_export, name="staff_export"),
    path("new/", views.staff_create, name="staff_create"),
    path("<int:pk>/", views.staff_detail, name="staff_detail"),
    path("<int:pk>/edit/", views.staff_edit, name="staff_edit"),
    path("<int:pk>/transfer/", views.staff_transfer, name="staff_transfer"),
    path("me/", views.my_card, name="my_card"),
    *import_urls("staff", "import/", "import/"),
]
