from django.urls import path

from clearway.aeo import views

urlpatterns = [
    path("", views.register_list, name="register"),
    path("export.<str:fmt>", views.register_export, name="export"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:programme_id>/", views.programme_detail, name="programme"),
    path("programmes/<int:programme_id>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:programme_id>/confirm/", views.programme_confirm, name="programme_confirm"),
    path("members/<str:iso3>/", views.member_programmes, name="member"),
    path("members/<str:iso3>/propose/", views.member_propose, name="member_propose"),
    path("network/", views.mra_network, name="network"),
    path("mras/new/", views.mra_create, name="mra_create"),
    path("updates/", views.update_list, name="updates"),
    path("updates/decide/", views.update_bulk, name="updates_bulk"),
    path("updates/<int:update_id>/", views.update_review, name="update"),
    path("surveys/<int:survey_id>/annex/", views.survey_annex, name="annex"),
]
