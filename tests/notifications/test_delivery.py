"""How notifications reach people: each person's choice of e-mail (each at once, a daily digest, none), the
daily digest, work left to the background, and e-mail sent once even by two workers."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from clearway.accounts.models import NotificationEmail
from clearway.core.actors import SYSTEM
from clearway.core.jobs import Commit, ProgressCallback, job_enqueue, job_handler
from clearway.core.models import Job, JobStatus
from clearway.notifications.models import EmailDue, Notification
from clearway.notifications.selectors import notification_list_for_user, notification_text
from clearway.notifications.services import notification_send

WAIT = 120  # seconds: a bound for slow machines, never a target


def _send(recipients: list[Any], **params: Any) -> list[Notification]:
    return notification_send(
        actor=SYSTEM,
        recipients=recipients,
        kind="capacity.request_changed",
        params={
            "member": {"en": "Kenya", "fr": "Kenya"},
            "state": {"en": "Approved", "fr": "Approuvée"},
            **params,
        },
        url="/capacity/requests/1/",
    )


@pytest.mark.parametrize(
    ("choice", "emailed_now", "due"),
    [
        (NotificationEmail.IMMEDIATE, 1, EmailDue.IMMEDIATE),
        (NotificationEmail.DAILY, 0, EmailDue.DAILY),
        (NotificationEmail.NONE, 0, EmailDue.NONE),
    ],
)
def test_each_person_gets_the_emails_they_chose_and_always_the_notification(
    make_user: Any, committed: Any, mailoutbox: Any, choice: str, emailed_now: int, due: str
) -> None:
    person = make_user("secretariat_staff", notification_email=choice)
    with committed():
        _send([person])
    assert notification_list_for_user(user=person).count() == 1
    assert Notification.objects.get(recipient=person).email_due == due
    assert len(mailoutbox) == emailed_now


def test_a_person_without_an_email_address_and_a_deactivated_one(
    make_user: Any, committed: Any, mailoutbox: Any
) -> None:
    no_address = make_user("secretariat_staff", username="no-mail")
    no_address.email = ""
    no_address.save()
    gone = make_user("secretariat_staff", username="gone")
    gone.is_active = False
    gone.save()
    with committed():
        _send([no_address, gone])
    assert notification_list_for_user(user=no_address).count() == 1
    assert notification_list_for_user(user=gone).count() == 0
    assert mailoutbox == []


def test_the_daily_digest_gathers_a_persons_notifications_in_one_email_in_their_language(
    make_user: Any, committed: Any, mailoutbox: Any
) -> None:
    daily = make_user(
        "secretariat_staff", username="daily", preferred_language="fr", notification_email="daily"
    )
    other = make_user("secretariat_staff", username="other", notification_email="daily")
    with committed():
        _send([daily, other], reason="Dossier complet")
        _send([daily])
    assert mailoutbox == []
    with committed():
        job_enqueue(actor=SYSTEM, kind="notifications.digest", params={})
    digest = next(m for m in mailoutbox if daily.email in m.to)
    assert len(mailoutbox) == 2
    assert digest.subject == "[Clearway] Votre résumé quotidien\u00a0: 2\u00a0notifications"
    assert digest.body.count("Demande d'appui national (Kenya)\u00a0: Approuvée.") == 2
    assert "Dossier complet" in digest.body
    # The next digest has nothing left to send.
    with committed():
        job_enqueue(actor=SYSTEM, kind="notifications.digest", params={})
    assert len(mailoutbox) == 2
    assert not Notification.objects.filter(email_due=EmailDue.DAILY, emailed_at__isnull=True).exists()


def test_a_person_who_stopped_emails_gets_no_digest(make_user: Any, committed: Any, mailoutbox: Any) -> None:
    person = make_user("secretariat_staff", notification_email="daily")
    with committed():
        _send([person])
    person.notification_email = NotificationEmail.NONE
    person.save()
    with committed():
        job_enqueue(actor=SYSTEM, kind="notifications.digest", params={})
    assert mailoutbox == [] and notification_list_for_user(user=person).count() == 1


def test_the_same_change_notified_twice_is_kept_once(make_user: Any, committed: Any, mailoutbox: Any) -> None:
    person = make_user("secretariat_staff")
    with committed():
        notification_send(
            actor=SYSTEM, recipients=[person], kind="jobs.ready", params={"what": "Report"}, key="job:1"
        )
        notification_send(
            actor=SYSTEM, recipients=[person], kind="jobs.ready", params={"what": "Report"}, key="job:1"
        )
    assert notification_list_for_user(user=person).count() == 1 and len(mailoutbox) == 1


@job_handler("tests.notifications.report", label="tests.notifications.report")
def _report_job(job: Job, progress: ProgressCallback) -> Commit:
    if job.params.get("fail"):
        raise ValueError("the printer is on fire")
    return lambda: {"url": "/reports/7/", "download_url": "/reports/files/3/", "format": "pdf"}


def test_who_left_work_to_the_background_hears_when_it_is_ready_or_why_it_failed(
    focal_a: Any, committed: Any, mailoutbox: Any
) -> None:
    with committed():
        job_enqueue(kind="tests.notifications.report", params={}, actor=focal_a)
        job_enqueue(kind="tests.notifications.report", params={"fail": True}, actor=focal_a)
    failed, ready = [notification_text(n) for n in notification_list_for_user(user=focal_a)]
    assert ready.title == "tests.notifications.report (PDF) is ready." and ready.url == "/reports/files/3/"
    assert failed.title == "tests.notifications.report could not be completed."
    assert failed.detail == "Reason: the printer is on fire"
    assert len([m for m in mailoutbox if focal_a.email in m.to]) == 2


def test_work_ready_is_named_in_the_readers_language(
    focal_a: Any, committed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    from clearway.core import jobs

    kind = jobs.job_kind_get("tests.notifications.report")
    assert kind is not None
    monkeypatch.setitem(
        jobs._KINDS, kind.name, dataclasses.replace(kind, label=gettext_lazy("Committee report"))
    )
    with committed():
        job_enqueue(kind="tests.notifications.report", params={}, actor=focal_a)
    (note,) = notification_list_for_user(user=focal_a)
    assert notification_text(note).title == "Committee report (PDF) is ready."
    with translation.override("fr"):
        assert notification_text(note).title == "Prêt\u00a0: Rapport de comité (PDF)."


def _until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"still waiting after {WAIT} s for {what}")


@pytest.fixture
def mail_workers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """Real `clearway worker` processes writing each e-mail to a file under tmp_path/mail/."""
    monkeypatch.setenv("CLEARWAY_EMAIL_BACKEND", "file")
    monkeypatch.setenv("CLEARWAY_DATA_DIR", str(tmp_path))
    return request.getfixturevalue("worker_processes")


@pytest.mark.django_db(transaction=True)
def test_two_workers_send_each_email_once_even_when_two_jobs_carry_it(
    mail_workers: Any, make_user: Any, tmp_path: Path
) -> None:
    from clearway.core.models import WorkerProcess

    people = [make_user("secretariat_staff", username=f"staff-{i}") for i in range(12)]
    first, second = mail_workers(), mail_workers()
    _until(lambda: WorkerProcess.objects.count() == 2, "both workers to be ready")
    notes = [n for index in range(3) for n in _send(people, reason=f"round {index}")]
    for note in notes:  # a second job for each e-mail, as if it had been queued twice
        job_enqueue(actor=SYSTEM, kind="notifications.email", params={"notification": note.pk})
    emails = Job.objects.filter(kind="notifications.email")
    assert emails.count() == 72
    _until(lambda: emails.filter(status=JobStatus.SUCCEEDED).count() == 72, "72 e-mail jobs to end")
    files = sorted((tmp_path / "mail").glob("*.eml"))
    recipients = sorted(line for f in files for line in f.read_text().splitlines() if line.startswith("To: "))
    assert recipients == sorted(f"To: {p.email}" for p in people for _ in range(3))
    assert sorted(job.result["sent"] for job in emails) == [False] * 36 + [True] * 36
    assert set(emails.values_list("attempts", flat=True)) == {1}
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert first.poll() is None and second.poll() is None
    assert mail.outbox == []  # nothing went through the test's own mailbox


def _check(extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **extra_env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    clearway = os.path.join(os.path.dirname(sys.executable), "clearway")
    return subprocess.run([clearway, "check"], env=environment, capture_output=True, text=True, timeout=120)


def test_the_email_back_end_is_named_and_a_bad_name_stops_start_up(tmp_path: Path) -> None:
    result = _check({"CLEARWAY_DATA_DIR": str(tmp_path), "CLEARWAY_EMAIL_BACKEND": "carrier-pigeon"})
    assert result.returncode == 2
    assert "CLEARWAY_EMAIL_BACKEND='carrier-pigeon' is not valid" in result.stderr
    assert _check({"CLEARWAY_DATA_DIR": str(tmp_path), "CLEARWAY_EMAIL_BACKEND": "file"}).returncode == 0


def test_a_failing_notification_never_undoes_the_change_it_reports(
    focal_a: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from clearway.accounts.services import api_token_create
    from clearway.notifications import subscribers

    def broken(instance: Any, event: Any) -> None:
        Notification.objects.create(
            recipient=focal_a, kind="jobs.ready"
        )  # written, then undone with the error
        raise RuntimeError("a bug in a notification")

    monkeypatch.setitem(subscribers.HANDLERS, "accounts.api_token.create", broken)
    settings.ENVIRONMENT = "production"
    token, _raw = api_token_create(actor=focal_a, user=focal_a, name="nightly")
    assert token.pk is not None and not Notification.objects.exists()
    assert "could not notify accounts.api_token.create" in caplog.text
    settings.ENVIRONMENT = "test"  # in tests the bug shows
    with pytest.raises(RuntimeError):
        api_token_create(actor=focal_a, user=focal_a, name="again")


def test_email_subjects_and_bodies_are_plain_text_never_html_escaped(
    make_user: Any, committed: Any, mailoutbox: Any
) -> None:
    person = make_user(
        "secretariat_staff",
        notification_email=NotificationEmail.IMMEDIATE,
        preferred_language="fr",
        first_name="D'Arcy & <Co>",
    )
    with committed():
        _send([person], state={"en": "Under review", "fr": "En cours d'examen"})
    message = mailoutbox[0]
    assert message.subject == "[Clearway] Demande d'appui national (Kenya)\u00a0: En cours d'examen."
    assert "D'Arcy & <Co>" in message.body and "En cours d'examen" in message.body
    assert "&#x27;" not in message.body + message.subject and "&amp;" not in message.body
