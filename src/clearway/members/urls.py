from django.urls import path

from clearway.members import views

urlpatterns = [
    path("", views.member_directory, name="list"),
    path("map/", views.member_map, name="map"),
    path("<str:iso3>/", views.member_detail, name="detail"),
]
