from django.urls import path

from clearway.core.discovery import app_modules
from clearway.members import views

# Pages about the Members that apps above members put together (the programme map, by reports) come from their
# `member_urls.py`, found by name: members imports none of them.
urlpatterns = [
    path("", views.member_directory, name="list"),
    *[pattern for _app, module in app_modules("member_urls") for pattern in module.urlpatterns],
    path("<str:iso3>/", views.member_detail, name="detail"),
]
