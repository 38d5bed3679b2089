from django.urls import path

from clearway.capacity import progress_views, views

urlpatterns = [
    path("", views.register, name="register"),
    path("register.<str:fmt>", views.register_export_view, name="register_export"),
    path("calendar/", views.activity_calendar, name="calendar"),
    path("coverage/", views.coverage, name="coverage"),
    path("activities/new/", views.activity_edit, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/speakers/", views.activity_speaker_add, name="activity_speaker_add"),
    path("activities/<int:pk>/documents/", views.activity_document_add, name="activity_document_add"),
    path(
        "activities/<int:pk>/documents/<int:document_id>/", views.activity_document_download, name="document"
    ),
    path("activities/<int:pk>/assignments/", views.activity_assign, name="activity_assign"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/standards/", progress_views.request_standards_edit, name="request_standards"),
    path("progress/", progress_views.programme_progress_view, name="progress"),
    path("requests/<int:pk>/to/<str:target>/", views.request_transition, name="request_transition"),
    path("requests/<int:pk>/actions/<int:action_id>/done/", views.follow_up_action_done, name="action_done"),
    path("requests/<int:pk>/letters/<str:letter>/", views.request_letter_download, name="request_letter"),
    path("experts/", views.expert_list, name="expert_list"),
    path("experts/<int:pk>/availability/", views.expert_availability, name="expert_availability"),
    path("experts/<int:pk>/absences/", views.expert_absence_add, name="expert_absence_add"),
    path(
        "experts/<int:pk>/absences/<int:absence_id>/delete/",
        views.expert_absence_remove,
        name="expert_absence_remove",
    ),
    path("members/<str:iso3>/", views.member_history, name="member_history"),
]
