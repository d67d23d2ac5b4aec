from django.contrib import admin
from django.urls import include, path

from .api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("posts/", include("posts.urls")),
    path("titles/", include("titles.urls")),
    path("", include("workflow.urls")),
]
