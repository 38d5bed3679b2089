"""Cross-cutting records: the audit trail and background jobs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One write by one actor: what changed, from what, to what, and why."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True, help_text=_("Kept when the user is deleted"))
    action = models.CharField(max_length=100, db_index=True)
    # The app whose data changed: pages cache what they draw under the latest event of the apps they show.
    app = models.CharField(max_length=50, blank=True, default="")
    object_type = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=64, db_index=True)
    object_label = models.CharField(max_length=300, blank=True)
    member_iso3 = models.CharField(max_length=3, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["app", "id"], name="core_audit_app_latest")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"
        )


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class JobFailure(models.TextChoices):
    """Why a job did not succeed, named in the reader's language on the pages (the details stay in `error`)."""

    ERROR = "error", _("The work stopped with an error.")
    WORKER_LOST = "worker_lost", _("The worker running this job stopped answering, and no attempts are left.")
    CANCELLED = "cancelled", _("An operator cancelled this job.")
    UNKNOWN_KIND = "unknown_kind", _("This version of Clearway does not know this kind of job.")


class Job(models.Model):
    """Long work (a report, a computation) run in the background with visible progress."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=100)
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.FloatField(default=0.0)
    message = models.CharField(max_length=500, blank=True)
    result = models.JSONField(null=True, blank=True)
    result_file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    error = models.TextField(blank=True, help_text=_("What went wrong, with the technical details"))
    failure = models.CharField(max_length=20, choices=JobFailure.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The queue entry (django-tasks' result id) that carries this job to a worker.
    task_id = models.CharField(max_length=64, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    # Who runs it now: a token unique to one attempt on one worker, valid until `lease_expires_at`.
    lease_owner = models.CharField(max_length=120, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True, help_text=_("The worker that ran the last attempt"))

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "lease_expires_at"], name="job_status_lease")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0) & models.Q(progress__lte=1), name="job_progress_0_1"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="running") | models.Q(lease_expires_at__isnull=False),
                name="job_running_has_lease",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.id} ({self.status})"


class WorkerProcess(models.Model):
    """A `clearway worker` process, as it last reported itself: operators see which are alive and busy."""

    worker_id = models.CharField(max_length=100, primary_key=True)
    hostname = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("worker process")
        verbose_name_plural = _("worker processes")
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return self.worker_id


class ScheduledRun(models.Model):
    """One occurrence of scheduled work, recorded once: the unique key is what keeps two workers from both
    running it."""

    name = models.CharField(max_length=100)
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    worker = models.CharField(max_length=100, blank=True)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-due_at"]
        constraints = [models.UniqueConstraint(fields=["name", "due_at"], name="scheduled_run_once")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.due_at:%Y-%m-%d %H:%M}"
