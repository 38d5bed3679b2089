from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from clearway.accounts import access, contacts, selectors, services
from clearway.accounts.forms import (
    ContactAddForm,
    ContactDeactivateForm,
    ContactRoleForm,
    NotificationEmailForm,
    PasswordResetRequestForm,
    PasswordSetForm,
)
from clearway.accounts.http import request_user, response_with_language
from clearway.accounts.models import AccessPurpose, ApiToken, User
from clearway.accounts.roles import MEMBER_ROLES
from clearway.accounts.two_factor.selectors import two_factor_enrolled, two_factor_offered
from clearway.accounts.two_factor.views import sign_in_code_ask
from clearway.core.exceptions import ClearwayError, NotFound, ValidationFailed


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
        user = form.get_user()
        if two_factor_enrolled(user=user):
            return sign_in_code_ask(self.request, user=user, next_url=self.get_success_url())
        response = super().form_valid(form)
        language = request_user(self.request).preferred_language
        translation.activate(language)
        return response_with_language(response, language)


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
    notification_form = NotificationEmailForm(initial={"notification_email": user.notification_email})
    token_form = TokenForm()
    if request.method == "POST" and "notification_email" in request.POST:
        notification_form = NotificationEmailForm(request.POST)
        if notification_form.is_valid():
            services.user_set_notification_email(
                user=user, choice=notification_form.cleaned_data["notification_email"]
            )
            messages.success(request, _("Your choice of e-mails was saved."))
            return redirect(f"{reverse('accounts:profile')}#notifications")
    elif request.method == "POST" and "language" in request.POST:
        language_form = LanguageForm(request.POST)
        if language_form.is_valid():
            services.user_set_language(user=user, language=language_form.cleaned_data["language"])
            translation.activate(language_form.cleaned_data["language"])
            messages.success(request, _("Your preferred language was saved."))
            return response_with_language(
                redirect("accounts:profile"), language_form.cleaned_data["language"]
            )
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
            "notification_form": notification_form,
            "token_form": token_form,
            "new_token": new_token,
            "tokens": selectors.api_token_list_for_user(user=user),
            "two_factor_offered": two_factor_offered(),
            "two_factor_on": two_factor_enrolled(user=user),
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


# ---------------------------------------------------------------- contacts of Member administrations


@login_required
def contacts_index(request: HttpRequest) -> HttpResponse:
    """The Secretariat's (or a regional office's) overview of every Member's people; a Member's users go to their
    own administration's page."""
    user = request_user(request)
    if user.role in MEMBER_ROLES and user.member is not None:
        return redirect("accounts:contacts", iso3=user.member.iso3)
    members = selectors.contact_member_list(viewer=user)
    if not members.exists() and not user.is_secretariat:
        raise NotFound()
    missing = request.GET.get("missing") == "focal_point"
    if missing:
        members = members.filter(focal_points=0)
    return render(request, "accounts/contacts_index.html", {"members": members, "missing": missing})


def _contacts_page(request: HttpRequest, iso3: str, add_form: ContactAddForm | None = None) -> HttpResponse:
    from clearway.members.selectors import member_get

    viewer = request_user(request)
    member = member_get(viewer=viewer, iso3=iso3)
    if not selectors.contacts_visible(viewer=viewer, member=member):
        raise NotFound()
    can_manage = contacts.contact_can_manage(actor=viewer, member_id=member.pk)
    return render(
        request,
        "accounts/contacts.html",
        {
            "member": member,
            "contacts": selectors.contact_list_for_member(viewer=viewer, member=member),
            "can_manage": can_manage,
            "add_form": (add_form or ContactAddForm()) if can_manage else None,
            "role_choices": ContactRoleForm.base_fields["role"].choices,  # type: ignore[attr-defined]
        },
    )


@login_required
def contact_list(request: HttpRequest, iso3: str) -> HttpResponse:
    return _contacts_page(request, iso3)


@login_required
@require_POST
def contact_add(request: HttpRequest, iso3: str) -> HttpResponse:
    from clearway.members.selectors import member_get

    actor = request_user(request)
    member = member_get(viewer=actor, iso3=iso3)
    form = ContactAddForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            person = contacts.contact_add(
                actor=actor,
                member=member,
                email=data["email"],
                role=data["role"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                job_title=data["job_title"],
                language=data["language"],
                invite=data["invite"],
            )
        except ValidationFailed as exc:
            for field, errors in exc.field_errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, str(error))
        else:
            if data["invite"]:
                messages.success(
                    request, _("%(name)s was added and invited by e-mail.") % {"name": person.display_name}
                )
            else:
                messages.success(request, _("%(name)s was added.") % {"name": person.display_name})
            return redirect("accounts:contacts", iso3=member.iso3)
    response = _contacts_page(request, iso3, add_form=form)
    response.status_code = 400
    return response


def _contact_action(
    request: HttpRequest, user_id: int, act: Callable[[User, User], str]
) -> HttpResponseRedirect:
    """Run one change on one of a Member's people and go back to their Member's page with its outcome."""
    actor = request_user(request)
    person = selectors.contact_get_for_user(viewer=actor, user_id=user_id)
    try:
        messages.success(request, act(actor, person))
    except ClearwayError as exc:
        messages.error(request, str(exc.message))
    assert person.member is not None  # contact_get_for_user returns a Member's people only
    return redirect(f"{reverse('accounts:contacts', args=[person.member.iso3])}#person-{person.pk}")


@login_required
@require_POST
def contact_role(request: HttpRequest, user_id: int) -> HttpResponseRedirect:
    form = ContactRoleForm(request.POST)

    def act(actor: User, person: User) -> str:
        if not form.is_valid():
            raise ValidationFailed(_("Choose one of the roles of a Member's people."))
        contacts.contact_role_change(actor=actor, user=person, role=form.cleaned_data["role"])
        return _("%(name)s is now: %(role)s.") % {"name": person.display_name, "role": person.role_label}

    return _contact_action(request, user_id, act)


@login_required
@require_POST
def contact_deactivate(request: HttpRequest, user_id: int) -> HttpResponseRedirect:
    form = ContactDeactivateForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""

    def act(actor: User, person: User) -> str:
        contacts.contact_deactivate(actor=actor, user=person, reason=reason)
        return _("%(name)s can no longer sign in.") % {"name": person.display_name}

    return _contact_action(request, user_id, act)


@login_required
@require_POST
def contact_reactivate(request: HttpRequest, user_id: int) -> HttpResponseRedirect:
    def act(actor: User, person: User) -> str:
        contacts.contact_reactivate(actor=actor, user=person)
        return _("%(name)s is active again.") % {"name": person.display_name}

    return _contact_action(request, user_id, act)


@login_required
@require_POST
def contact_invite(request: HttpRequest, user_id: int) -> HttpResponseRedirect:
    def act(actor: User, person: User) -> str:
        contacts.contact_invite(actor=actor, user=person)
        return _("An invitation was sent to %(email)s.") % {"email": person.email}

    return _contact_action(request, user_id, act)


# ---------------------------------------------------------------- one-time links: invitations, password resets

LINK_SESSION_KEY = "clearway_access_link"


@never_cache
def activate(request: HttpRequest, token: str) -> HttpResponse:
    """A link from an e-mail: kept in the session and the address replaced by one without the secret, so the
    secret stays out of the browser's history and of any page's Referer."""
    request.session[LINK_SESSION_KEY] = token
    return redirect("accounts:password_set")


@never_cache
def password_set(request: HttpRequest) -> HttpResponse:
    raw = request.session.get(LINK_SESSION_KEY, "")
    try:
        link = access.access_link_get(raw=raw)
    except NotFound as exc:
        return render(request, "accounts/link_invalid.html", {"reason": exc.message}, status=404)
    form = PasswordSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = access.access_link_use(raw=raw, password=form.cleaned_data["password"])
        except ValidationFailed as exc:
            for error in exc.field_errors.get("password", [str(exc.message)]):
                form.add_error("password", str(error))
        except NotFound as exc:
            return render(request, "accounts/link_invalid.html", {"reason": exc.message}, status=404)
        else:
            request.session.pop(LINK_SESSION_KEY, None)
            if two_factor_enrolled(user=user):  # a new password is not the second factor
                messages.success(request, _("Your password is set. Give a code from your app to sign in."))
                return sign_in_code_ask(request, user=user, next_url=reverse(settings.LOGIN_REDIRECT_URL))
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            translation.activate(user.preferred_language)
            messages.success(
                request,
                _("Welcome to Clearway, %(name)s. Your password is set; sign in next time as %(username)s.")
                % {"name": user.display_name, "username": user.username},
            )
            return response_with_language(redirect(settings.LOGIN_REDIRECT_URL), user.preferred_language)
    invitation = link.purpose == AccessPurpose.INVITATION
    if request.method == "GET":  # the page speaks the person's language before they have chosen one here
        translation.activate(link.user.preferred_language)
    return render(
        request,
        "accounts/password_set.html",
        {"form": form, "link": link, "person": link.user, "invitation": invitation},
    )


@never_cache
def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        access.password_reset_request(email=form.cleaned_data["email"])
        # The same answer whether an account has this address or not: the page tells nobody who has an account.
        return render(request, "accounts/password_reset_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/password_reset.html", {"form": form})
