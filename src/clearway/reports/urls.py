from django.urls import path

from clearway.reports import views

urlpatterns = [
    path("", views.report_list_view, name="list"),
    path("new/", views.report_create_view, name="create"),
    path("<int:report_id>/", views.report_detail_view, name="detail"),
    path("<int:report_id>/edit/", views.report_edit_view, name="edit"),
    path("<int:report_id>/generate/", views.report_generate_view, name="generate"),
    path("<int:report_id>/share/", views.report_share_view, name="share"),
    path("<int:report_id>/blocks/<str:block_id>/", views.block_edit_view, name="block_edit"),
    path("<int:report_id>/blocks/<str:block_id>/resolve/", views.block_resolve_view, name="block_resolve"),
    path("<int:report_id>/blocks/<str:block_id>/add/", views.block_add_view, name="block_add"),
    path("<int:report_id>/blocks/<str:block_id>/remove/", views.block_remove_view, name="block_remove"),
    path("<int:report_id>/versions/", views.version_compare_view, name="versions"),
    path("<int:report_id>/preview/", views.report_preview_view, name="preview"),
    path("files/<int:file_id>/", views.file_download_view, name="download"),
]
