from django.urls import path

from clearway.assessments import views

urlpatterns = [
    path("", views.assessment_home, name="home"),
    path("catalogues/<slug:code>/", views.catalogue_detail, name="catalogue"),
    path("cycles/new/", views.cycle_create, name="cycle_create"),
    path("cycles/<int:cycle_id>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:cycle_id>/close/", views.cycle_close, name="cycle_close"),
    path("cycles/<int:cycle_id>/remind/", views.cycle_remind, name="cycle_remind"),
    path("cycles/<int:cycle_id>/benchmarks/", views.cycle_benchmarks, name="benchmarks"),
    path("cycles/<int:cycle_id>/export.<str:fmt>", views.cycle_export, name="cycle_export"),
    path("commitments/", views.commitment_list, name="commitments"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("evidence/<int:evidence_id>/delete/", views.evidence_delete, name="evidence_delete"),
    path("<int:assessment_id>/", views.assessment_detail, name="detail"),
    path("<int:assessment_id>/edit/", views.assessment_edit, name="edit"),
    path("<int:assessment_id>/answers/<str:code>/history/", views.answer_history, name="history"),
    path("<int:assessment_id>/submit/", views.assessment_submit, name="submit"),
    path("<int:assessment_id>/review/<str:decision>/", views.assessment_review, name="review"),
    path("<int:assessment_id>/comments/", views.comment_add, name="comment"),
    path("<int:assessment_id>/reopen/", views.assessment_reopen_request, name="reopen_request"),
    path("<int:assessment_id>/evidence/", views.evidence_upload, name="evidence_upload"),
]
