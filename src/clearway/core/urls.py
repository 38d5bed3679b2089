from django.urls import path

from clearway.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_list, name="audit"),
    path("audit/export/<str:fmt>/", views.audit_export, name="audit_export"),
    path("jobs/<uuid:job_id>/", views.job_status, name="job"),
]
