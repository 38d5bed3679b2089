"""The background job that e-mails an invitation or a password-reset link.

The link's secret is made in the job's commit, which runs once per link (the job's lease): the secret is stored
only as its digest, and the message goes out in the transaction that records both, so a link is sent once."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from clearway.accounts.mail import absolute_url, mail_compose, mail_send
from clearway.accounts.models import AccessLink, AccessPurpose
from clearway.core.jobs import Commit, ProgressCallback, job_handler
from clearway.core.models import Job

TEMPLATES = {
    AccessPurpose.INVITATION: "accounts/email/invitation",
    AccessPurpose.PASSWORD_RESET: "accounts/email/password_reset",
}


@job_handler("accounts.access_link_send", label=gettext_lazy("Invitation or password-reset e-mail"))
def access_link_send_job(job: Job, progress: ProgressCallback) -> Commit:
    """params: link (id)."""
    link_id = job.params["link"]

    def commit() -> dict[str, Any]:
        link = AccessLink.objects.select_related("user", "user__member", "created_by").get(pk=link_id)
        raw = AccessLink.generate()
        still_open = AccessLink.objects.filter(
            pk=link.pk,
            digest="",
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).update(digest=AccessLink.digest_of(raw), sent_at=timezone.now())
        if not still_open or not link.user.email or not link.user.is_active:
            return {"sent": False}
        message = mail_compose(
            user=link.user,
            template=TEMPLATES[AccessPurpose(link.purpose)],
            context={
                "link": link,
                "url": absolute_url(reverse("accounts:activate", args=[raw])),
                "inviter": link.created_by.display_name if link.created_by else "",
            },
        )
        mail_send(message)
        return {"sent": True, "to": link.user.email, "purpose": link.purpose}

    return commit
