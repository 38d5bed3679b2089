"""Pages under /members/ that reports puts together (members/urls.py finds this module by its name)."""

from django.urls import path

from clearway.reports.programme_map import member_map

urlpatterns = [
    path("map/", member_map, name="map"),
]
