from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from clearway.accounts import selectors, services
from clearway.accounts.http import request_user
from clearway.accounts.models import ApiToken
from clearway.core.exceptions import NotFound, ValidationFailed


def _with_language(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax", secure=settings.HTTPS)
    return response


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        from clearway.accounts.demo import DEMO_ACCOUNTS, demo_accounts_present

        context["demo_accounts"] = (
            DEMO_ACCOUNTS if settings.ENVIRONMENT != "production" and demo_accounts_present() else []
        )
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        language = request_user(self.request).preferred_language
        translation.activate(language)
        return _with_language(response, language)


class SignOutView(auth_views.LogoutView):
    pass


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Preferred language"), choices=settings.LANGUAGES)


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Token name"), max_length=100)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    new_token = None
    language_form = LanguageForm(initial={"language": user.preferred_language})
    token_form = TokenForm()
    if request.method == "POST" and "language" in request.POST:
        language_form = LanguageForm(request.POST)
        if language_form.is_valid():
            services.user_set_language(user=user, language=language_form.cleaned_data["language"])
            translation.activate(language_form.cleaned_data["language"])
            messages.success(request, _("Your preferred language was saved."))
            return _with_language(redirect("accounts:profile"), language_form.cleaned_data["language"])
    elif request.method == "POST":
        token_form = TokenForm(request.POST)
        if token_form.is_valid():
            try:
                _token, new_token = services.api_token_create(
                    actor=user,
                    user=user,
                    name=token_form.cleaned_data["name"],
                )
            except ValidationFailed as exc:
                token_form.add_error("name", str(exc.message))
    return render(
        request,
        "accounts/profile.html",
        {
            "language_form": language_form,
            "token_form": token_form,
            "new_token": new_token,
            "tokens": selectors.api_token_list_for_user(user=user),
        },
    )


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """The language buttons in the header: remembered for the session and, when signed in, on the profile."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_set_language(user=request_user(request), language=language)
    return set_language(request)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponseRedirect:
    user = request_user(request)
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise NotFound()
    services.api_token_revoke(actor=user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:profile")
