from django.urls import path

from clearway.accounts import views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("language/", views.language_switch, name="language"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
