from django.urls import path

from clearway.accounts import views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("language/", views.language_switch, name="language"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("contacts/", views.contacts_index, name="contacts_index"),
    path("contacts/<str:iso3>/", views.contact_list, name="contacts"),
    path("contacts/<str:iso3>/add/", views.contact_add, name="contact_add"),
    path("people/<int:user_id>/role/", views.contact_role, name="contact_role"),
    path("people/<int:user_id>/deactivate/", views.contact_deactivate, name="contact_deactivate"),
    path("people/<int:user_id>/reactivate/", views.contact_reactivate, name="contact_reactivate"),
    path("people/<int:user_id>/invite/", views.contact_invite, name="contact_invite"),
    path("activate/set-password/", views.password_set, name="password_set"),
    path("activate/<str:token>/", views.activate, name="activate"),
    path("password-reset/", views.password_reset, name="password_reset"),
]
