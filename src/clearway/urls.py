from __future__ import annotations

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from clearway.api import api
from clearway.core.discovery import app_modules

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

# Each domain app's pages live under /<app>/ (core at the root), namespaced by the app label.
for _app, _module in app_modules("urls"):
    prefix = "" if _app == "core" else f"{_app}/"
    urlpatterns.append(path(prefix, include((_module.urlpatterns, _app), namespace=_app)))
