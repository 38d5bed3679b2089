"""Notification e-mails, sent by the workers: one job per immediate e-mail, and a daily digest.

Each message goes out in the job's commit (see core.jobs): that function runs once per job, under the job's
lease, in the transaction that records both the job's success and the notifications as e-mailed, after checking
that no other job e-mailed them. Two workers therefore never send the same notification twice. A mail server
that refuses a message fails the job (nothing is recorded as e-mailed): an operator runs it again from the jobs
page. The jobs are not retried by themselves, as a message may have left before the error.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from clearway.accounts.mail import absolute_url, mail_compose, mail_send, user_language
from clearway.accounts.models import NotificationEmail, User
from clearway.core.actors import SYSTEM
from clearway.core.jobs import Commit, ProgressCallback, job_enqueue, job_handler
from clearway.core.models import Job
from clearway.core.schedules import Schedule, schedule_register
from clearway.notifications.models import EmailDue, Notification
from clearway.notifications.selectors import NotificationText, notification_text


def _texts(user: User, notifications: list[Notification]) -> list[NotificationText]:
    with translation.override(user_language(user)):
        return [notification_text(n) for n in notifications]


def _claim(notifications: list[Notification], now: datetime) -> list[Notification]:
    """Mark the notifications e-mailed; keeps those no other job marked first."""
    ids = [n.pk for n in notifications]
    Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=now)
    ours = set(Notification.objects.filter(pk__in=ids, emailed_at=now).values_list("pk", flat=True))
    return [n for n in notifications if n.pk in ours]


def _message(user: User, template: str, notifications: list[Notification]) -> EmailMessage:
    texts = _texts(user, notifications)
    return mail_compose(
        user=user,
        template=template,
        context={
            "items": [{"text": t, "link": absolute_url(t.url) if t.url else ""} for t in texts],
            "first": texts[0],
            "settings_url": absolute_url("/accounts/profile/#notifications"),
            "list_url": absolute_url("/notifications/"),
        },
    )


@job_handler("notifications.email", label=gettext_lazy("Notification e-mail"))
def notification_email_job(job: Job, progress: ProgressCallback) -> Commit:
    """params: notification (id). One e-mail for one notification, in the recipient's language."""
    notification_id = job.params["notification"]

    def commit() -> dict[str, Any]:
        notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
        if notification is None or not _claim([notification], timezone.now()):
            return {"sent": False}
        user = notification.recipient
        if not (user.is_active and user.email):
            return {"sent": False}
        message = _message(user, "notifications/email/notification", [notification])
        mail_send(message)
        return {"sent": True, "to": user.email, "subject": message.subject}

    return commit


@job_handler("notifications.digest", label=gettext_lazy("Daily digests"))
def notification_digest_job(job: Job, progress: ProgressCallback) -> Commit:
    """Queue one digest e-mail for each person with notifications waiting for the daily digest."""

    def commit() -> dict[str, Any]:
        until = timezone.now()
        waiting = Notification.objects.filter(
            email_due=EmailDue.DAILY, emailed_at__isnull=True, created_at__lte=until
        )
        people = sorted(set(waiting.values_list("recipient_id", flat=True)))
        for user_id in people:
            job_enqueue(
                kind="notifications.digest_email",
                params={"user": user_id, "until": until.isoformat()},
                actor=SYSTEM,
            )
        return {"digests": len(people)}

    return commit


@job_handler("notifications.digest_email", label=gettext_lazy("Daily digest e-mail"))
def notification_digest_email_job(job: Job, progress: ProgressCallback) -> Commit:
    """params: user (id), until (ISO time). The day's notifications of one person in one e-mail."""
    user_id, until = job.params["user"], datetime.fromisoformat(job.params["until"])

    def commit() -> dict[str, Any]:
        user = User.objects.get(pk=user_id)
        waiting = Notification.objects.filter(
            recipient=user, email_due=EmailDue.DAILY, emailed_at__isnull=True, created_at__lte=until
        ).order_by("created_at", "pk")
        if not (user.is_active and user.email) or user.notification_email == NotificationEmail.NONE:
            dropped = waiting.update(email_due=EmailDue.NONE)  # they no longer want e-mail
            return {"sent": False, "dropped": dropped}
        notifications = _claim(list(waiting), timezone.now())
        if not notifications:
            return {"sent": False}
        message = _message(user, "notifications/email/digest", notifications)
        mail_send(message)
        return {"sent": True, "to": user.email, "notifications": len(notifications)}

    return commit


DIGEST = schedule_register(
    Schedule(
        name="notifications.digest",
        kind="notifications.digest",
        every=timedelta(days=1),
        offset=timedelta(hours=6),  # 06:00 UTC: the morning in Europe and Africa, the afternoon in Asia
    )
)
