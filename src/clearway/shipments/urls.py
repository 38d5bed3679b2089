from django.urls import path
from django.views.generic import RedirectView

from clearway.shipments import views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="shipments:results"), name="index"),
    path("kpis/", views.result_list, name="results"),
    path("kpis/<int:result_id>/", views.result_detail, name="result"),
    path("kpis/<int:result_id>/attach/", views.result_attach, name="attach"),
    path("kpis/<int:result_id>/checks/", views.result_checks, name="checks"),
    path("kpis/<int:result_id>/quarantine.csv", views.result_quarantine, name="quarantine"),
]
