from django.urls import path

from clearway.accounts import views
from clearway.accounts.two_factor import views as two_factor_views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/code/", two_factor_views.sign_in_code, name="two_factor_sign_in"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("two-factor/", two_factor_views.two_factor, name="two_factor"),
    path("two-factor/people/", two_factor_views.two_factor_people, name="two_factor_people"),
    path(
        "people/<int:user_id>/two-factor/reset/", two_factor_views.two_factor_reset, name="two_factor_reset"
    ),
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
