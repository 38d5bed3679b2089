from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from clearway.accounts.http import request_user
from clearway.notifications import selectors, services

PAGE_SIZE = 50


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(
        selectors.notification_list_for_user(user=user, unread_only=unread_only), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "items": [selectors.notification_text(n) for n in page.object_list],
            "unread_only": unread_only,
            "unread": selectors.notification_unread_count(user=user),
        },
    )


@login_required
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponseRedirect:
    """Following a notification marks it read and goes to the page it is about."""
    user = request_user(request)
    notification = selectors.notification_get_for_user(user=user, notification_id=notification_id)
    services.notification_mark_read(user=user, notification=notification)
    safe = url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None)
    return redirect(notification.url if notification.url and safe else "notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponseRedirect:
    count = services.notification_mark_all_read(user=request_user(request))
    messages.success(
        request,
        ngettext("%(n)d notification marked as read.", "%(n)d notifications marked as read.", count)
        % {"n": count}
        if count
        else _("Nothing was unread."),
    )
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponseRedirect:
    user = request_user(request)
    notification = selectors.notification_get_for_user(user=user, notification_id=notification_id)
    services.notification_mark_read(user=user, notification=notification)
    return redirect("notifications:list")
