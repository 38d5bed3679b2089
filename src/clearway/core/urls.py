from django.urls import path

from clearway.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("ping/", views.ping, name="ping"),
    path("search/", views.search, name="search"),
    path("audit/", views.audit_list, name="audit"),
    path("audit/export/<str:fmt>/", views.audit_export, name="audit_export"),
    path("jobs/", views.jobs_list, name="jobs"),
    path("jobs/<uuid:job_id>/", views.job_status, name="job"),
    path("jobs/<uuid:job_id>/retry/", views.job_retry_view, name="job_retry"),
    path("jobs/<uuid:job_id>/cancel/", views.job_cancel_view, name="job_cancel"),
]
