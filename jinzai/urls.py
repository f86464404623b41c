from django.urls import include, path

urlpatterns = [
    path("", include("jinzai.core.urls")),
    path("staff/", include("jinzai.people.urls")),
    path("talent/", include("jinzai.talent.urls")),
    path("planning/", include("jinzai.planning.urls")),
    path("skills/", include("jinzai.skills.urls")),
    path("learning/", include("jinzai.learning.urls")),
    path("region/", include("jinzai.region.urls")),
]

handler400 = "jinzai.core.errors.bad_request"
handler403 = "jinzai.core.errors.permission_denied"
handler404 = "jinzai.core.errors.not_found"
handler500 = "jinzai.core.errors.server_error"
