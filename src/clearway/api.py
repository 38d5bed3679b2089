"""The typed API under /api/: django-ninja, OpenAPI at /api/openapi.json.

Every domain app may expose `router` in its `api.py`; it is mounted at /api/<app>/.
Authentication: `Authorization: Bearer <token>` for machine clients, or the browser session (with CSRF).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import DataError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import APIKeyCookie, HttpBearer

from clearway.core.actors import request_actor
from clearway.core.api_schema import openapi_errors_declare
from clearway.core.discovery import app_modules
from clearway.core.exceptions import ClearwayError, NotFound, ValidationFailed
from clearway.core.search import search_for_user
from clearway.core.todo import todo_list_for_user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from clearway.accounts.services import api_token_authenticate

        user = api_token_authenticate(raw=token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; unsafe methods must carry the CSRF token."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


class ClearwayAPI(NinjaAPI):
    """The API whose OpenAPI document declares, on every operation, the errors the mapping below answers."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        openapi_errors_declare(schema)
        return schema


api = ClearwayAPI(
    title="Clearway API",
    version="1",
    description="Typed API of Clearway: the WCO E-Commerce Framework of Standards, Members, assessments, "
    "capacity building, surveys, AEO, shipment KPIs and reports.",
    auth=[TokenAuth(), SessionAuth(csrf=True)],
    urls_namespace="api",
)


@api.exception_handler(ClearwayError)
def _clearway_error(request: HttpRequest, exc: ClearwayError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.http_status)


@api.exception_handler(ValidationError)
def _schema_mismatch(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A request that does not match the schema: 422, the pydantic errors under `detail`."""
    body = ValidationFailed().as_dict() | {"detail": exc.errors}
    return api.create_response(request, body, status=422)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, NotFound().as_dict(), status=404)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"error": "HttpError", "message": str(exc)}, status=exc.status_code)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def _out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A value the database cannot hold (a number too large, a text too long) that no schema bound caught."""
    error = ValidationFailed(_("A value is out of the range the database can hold."))
    return api.create_response(request, error.as_dict(), status=400)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def _database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A database that did not answer (a PostgreSQL restart): 503 with Retry-After; clients try again."""
    response = api.create_response(
        request,
        {
            "error": "Unavailable",
            "message": _("The database is briefly unavailable; try again in a few seconds."),
        },
        status=503,
    )
    response["Retry-After"] = "5"
    return response


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"error": "Unauthenticated", "message": _("Sign in or send an API token.")}, status=401
    )


class HealthOut(Schema):
    status: str
    database: str


@api.get("/health", auth=None, response={200: HealthOut, 503: HealthOut}, tags=["monitoring"])
def health(request: HttpRequest) -> Status[HealthOut]:
    """For monitoring: 200 when the application and its database answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Status(200, HealthOut(status="ok", database=connection.vendor))
    except Exception:  # any database failure means unhealthy
        return Status(503, HealthOut(status="unavailable", database=connection.vendor))


class TaskOut(Schema):
    kind: str
    title: str
    url: str
    due: datetime.date | None
    overdue: bool
    detail: str


@api.get("/me/tasks", response=list[TaskOut], tags=["me"])
def my_tasks(request: HttpRequest) -> list[TaskOut]:
    """What is the signed-in user's to do, overdue first, in the user's language (as on the home page)."""
    return [
        TaskOut(kind=i.kind, title=i.title, url=i.url, due=i.due, overdue=i.overdue, detail=i.detail)
        for i in todo_list_for_user(user=request_actor(request))
    ]


class SearchHitOut(Schema):
    title: str
    url: str
    detail: str


class SearchGroupOut(Schema):
    kind: str
    label: str
    hits: list[SearchHitOut]


@api.get("/search", response=list[SearchGroupOut], tags=["search"])
def search(request: HttpRequest, q: str = "", limit: int = Query(10, ge=1, le=50)) -> list[SearchGroupOut]:
    """What the signed-in user may see that matches `q` (2 characters or more), grouped by kind (Members,
    indicators, cycles, assessments, activities, requests, surveys, documents), best match first, as the search
    box finds it."""
    return [
        SearchGroupOut(
            kind=group.kind.key,
            label=group.label,
            hits=[SearchHitOut(title=h.title, url=h.url, detail=h.detail) for h in group.hits],
        )
        for group in search_for_user(user=request_actor(request), query=q, limit=limit)
    ]


for _app, _module in app_modules("api"):
    _router = getattr(_module, "router", None)
    if _router is not None:
        api.add_router(f"/{_app}/", _router, tags=[_app])
