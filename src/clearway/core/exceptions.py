"""One exception hierarchy for Clearway, mapped once to HTTP statuses (API and pages) and CLI exit codes."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ClearwayError(Exception):
    """Base class. `message` is translatable; `http_status` and `exit_code` say how consumers report it."""

    http_status = 400
    exit_code = 1
    default_message: str | Promise = _("The request could not be completed.")

    def __init__(
        self, message: str | Promise | None = None, *, field_errors: dict[str, list[str]] | None = None
    ):
        self.message = message if message is not None else self.default_message
        self.field_errors = field_errors or {}
        super().__init__(str(self.message))

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"error": type(self).__name__, "message": str(self.message)}
        if self.field_errors:
            data["fields"] = {k: [str(m) for m in v] for k, v in self.field_errors.items()}
        return data


class ValidationFailed(ClearwayError):
    http_status = 400
    exit_code = 2
    default_message = _("Some values are not valid.")


class PermissionDenied(ClearwayError):
    http_status = 403
    exit_code = 3
    default_message = _("You do not have permission to do this.")


class NotFound(ClearwayError):
    http_status = 404
    exit_code = 4
    default_message = _("Not found, or not visible to you.")


class Conflict(ClearwayError):
    """A concurrent change or a duplicate: the caller's data was kept, nothing was overwritten."""

    http_status = 409
    exit_code = 5
    default_message = _("Someone else changed this in the meantime.")


class InvalidTransition(ClearwayError):
    http_status = 409
    exit_code = 6
    default_message = _("This change of state is not allowed now.")


class ProcessingFailed(ClearwayError):
    """The input was acceptable but processing failed (a bug or an unavailable resource)."""

    http_status = 500
    exit_code = 1
    default_message = _("Processing failed.")
