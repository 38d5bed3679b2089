from django.urls import path

from clearway.framework import views

urlpatterns = [
    path("", views.framework_index, name="index"),
    path("diff/", views.edition_diff_view, name="diff"),
    path("<str:code>/", views.edition_detail, name="edition"),
    path("<str:code>/standards/<int:number>/", views.standard_detail, name="standard"),
]
