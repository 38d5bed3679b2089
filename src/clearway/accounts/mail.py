"""E-mail to one person, written in their language. Sent only by background jobs (see `accounts.jobs` and
`notifications.jobs`), inside the transaction that records the job's success, so a message goes out once."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

from clearway.accounts.models import User


def user_language(user: User) -> str:
    return user.preferred_language if user.preferred_language in ("en", "fr") else settings.LANGUAGE_CODE


def absolute_url(path: str) -> str:
    return f"{settings.CLEARWAY_BASE_URL}{path}" if path.startswith("/") else path


def _text_render(name: str, context: dict[str, Any]) -> str:
    """A plain-text template rendered without HTML escaping: an e-mail says "d'examen", never "d&#x27;examen"."""
    template = get_template(name).template  # type: ignore[attr-defined]  # the Django engine's own Template
    return str(template.render(Context(context, autoescape=False)))


def mail_compose(*, user: User, template: str, context: dict[str, Any]) -> EmailMessage:
    """`<template>_subject.txt` and `<template>_body.txt` rendered in the recipient's language."""
    with translation.override(user_language(user)):
        context = {"recipient": user, "base_url": settings.CLEARWAY_BASE_URL, **context}
        subject = _text_render(f"{template}_subject.txt", context)
        body = _text_render(f"{template}_body.txt", context)
    # One line; the no-break spaces of French typography stay (str.split would take them for spaces).
    return EmailMessage(subject=re.sub(r"[ \t\r\n]+", " ", subject).strip(), body=body, to=[user.email])


def mail_send(message: EmailMessage) -> None:
    """Send one message now; an error (an SMTP server that refuses) is raised to the job, which records it."""
    get_connection(fail_silently=False).send_messages([message])
