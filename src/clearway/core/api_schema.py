"""What every API operation shares in its OpenAPI description: bounded integer types and the error answers.

An integer the database cannot hold (an id above 64 bits, a negative version) is refused by the schema with 422,
before any query; the bounds are in the OpenAPI document, so clients and schema-based tests know them. Every
operation declares the errors the one exception mapping (clearway.api) may answer, with one error body.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Iterable
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, create_model

BIGINT_MAX = 2**63 - 1  # ids (BigAutoField)
INTEGER_MAX = 2**31 - 1  # versions, counts and years (integer columns on PostgreSQL)

ObjectId = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
Version = Annotated[int, Field(ge=0, le=INTEGER_MAX)]
Count = Annotated[int, Field(ge=0, le=INTEGER_MAX)]
Year = Annotated[int, Field(ge=1900, le=2200)]

ERROR_SCHEMA_NAME = "ErrorOut"
ERROR_SCHEMA: dict[str, Any] = {
    "title": ERROR_SCHEMA_NAME,
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string", "description": "The kind of error, e.g. ValidationFailed, NotFound."},
        "message": {"type": "string", "description": "What went wrong, in the reader's language."},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "Messages per input field, when some values are not valid.",
        },
        "detail": {"type": "array", "items": {}, "description": "The schema validation errors (422)."},
    },
}
ERROR_STATUSES: dict[str, str] = {
    "400": "Some values are not valid (the business rules).",
    "401": "Not signed in and no API token.",
    "403": "Not allowed for this user.",
    "404": "Not found, or not visible to this user.",
    "409": "A concurrent change, a duplicate or a change of state not allowed now.",
    "422": "The request does not match the schema.",
    "503": "The database is briefly unavailable; try again.",
}


def openapi_errors_declare(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers to every operation of `schema` (an OpenAPI document), those it declares kept."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components[ERROR_SCHEMA_NAME] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}}}
    for methods in schema.get("paths", {}).values():
        for operation in methods.values():
            responses = operation.setdefault("responses", {})
            declared = {str(status) for status in responses}  # ninja's keys are numbers
            for status, description in ERROR_STATUSES.items():
                if status in declared or (status == "401" and not operation.get("security")):
                    continue
                responses[int(status)] = {"description": description, "content": content}
    return schema


def dataclass_schema(source: type, *, exclude: Iterable[str] = ()) -> type[Schema]:
    """A ninja Schema with the fields (names and types) of a dataclass, less `exclude`: an API output that says
    what the dataclass says without declaring its fields again. Subclass it to add or retype fields."""
    hints = typing.get_type_hints(source)
    left_out = set(exclude)
    fields: dict[str, Any] = {
        f.name: (hints[f.name], ...) for f in dataclasses.fields(source) if f.name not in left_out
    }
    return create_model(f"{source.__name__}Schema", __base__=Schema, **fields)


T = typing.TypeVar("T")


def model_resolver(func: Callable[[Any], T]) -> staticmethod[[Any], T]:
    """A schema's `resolve_<field>` that reads the field from the model (`member.region.code`).

    Ninja validates again the schemas a view returns (and those nested in them), running their resolvers on the
    schema itself: there the value already resolved is kept."""
    field = func.__name__.removeprefix("resolve_")

    def resolve(obj: Any) -> T:
        return typing.cast(T, getattr(obj, field)) if isinstance(obj, Schema) else func(obj)

    resolve.__name__ = func.__name__
    return staticmethod(resolve)
