from django.urls import path

from clearway.surveys import views

urlpatterns = [
    path("", views.survey_index, name="index"),
    path("new/", views.survey_new, name="new"),
    path("remind-open/", views.survey_remind_open, name="remind_open"),
    path("questionnaires/", views.questionnaire_index, name="questionnaires"),
    path("questionnaires/<slug:code>/v<int:number>/", views.questionnaire_preview, name="questionnaire"),
    path("questionnaires/<slug:code>/v<int:number>/xlsform/", views.questionnaire_download, name="xlsform"),
    path("<int:survey_id>/", views.survey_detail, name="detail"),
    path("<int:survey_id>/transition/", views.survey_transition, name="transition"),
    path("<int:survey_id>/remind/", views.survey_remind_view, name="remind"),
    path("<int:survey_id>/disclosure/", views.survey_disclosure, name="disclosure"),
    path("<int:survey_id>/letter/", views.survey_letter, name="letter"),
    path("<int:survey_id>/letter.docx", views.survey_letter_docx, name="letter_docx"),
    path("<int:survey_id>/answer/", views.response_answer, name="answer"),
    path("<int:survey_id>/responses/<int:response_id>/", views.response_detail, name="response"),
    path(
        "<int:survey_id>/responses/<int:response_id>/files/<int:file_id>/",
        views.response_file_download,
        name="response_file",
    ),
    path("<int:survey_id>/statistics/", views.survey_statistics_view, name="statistics"),
    path("<int:survey_id>/summary/", views.survey_summary_view, name="summary"),
    path("<int:survey_id>/export/", views.survey_export, name="export"),
]
