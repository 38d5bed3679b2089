from django.urls import path

from clearway.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_list, name="audit"),
    path("jobs/<uuid:job_id>/", views.job_status, name="job"),
]
