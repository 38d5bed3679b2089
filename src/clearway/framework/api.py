from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from clearway.core.api_schema import model_resolver
from clearway.framework import selectors
from clearway.framework.models import Edition, Standard

router = Router()


class EditionOut(Schema):
    code: str
    year: int
    adopted: str
    title_en: str
    title_fr: str
    standard_count: int
    confirmed: bool

    @model_resolver
    def resolve_standard_count(edition: Edition) -> int:
        counted = getattr(edition, "standard_count", None)  # annotated by `selectors.edition_list`
        return counted if counted is not None else edition.standards.count()


class StandardOut(Schema):
    edition: str
    number: int
    key: str
    title_en: str
    title_fr: str
    principle_number: int
    principle_roman: str
    confirmed: bool

    @model_resolver
    def resolve_edition(standard: Standard) -> str:
        return standard.edition.code

    @model_resolver
    def resolve_principle_number(standard: Standard) -> int:
        return standard.principle.number

    @model_resolver
    def resolve_principle_roman(standard: Standard) -> str:
        return standard.principle.roman


@router.get("/editions", response=list[EditionOut])
def editions_list(request: HttpRequest) -> list[EditionOut]:
    return [EditionOut.from_orm(e) for e in selectors.edition_list()]


@router.get("/editions/{code}", response=EditionOut)
def edition_detail(request: HttpRequest, code: str) -> EditionOut:
    return EditionOut.from_orm(selectors.edition_get(code=code))


@router.get("/editions/{code}/standards", response=list[StandardOut])
def standards_list(request: HttpRequest, code: str) -> list[StandardOut]:
    edition = selectors.edition_get(code=code)
    return [StandardOut.from_orm(s) for s in selectors.standard_list(edition=edition)]


@router.get("/editions/{code}/standards/{number}", response=StandardOut)
def standard_detail(request: HttpRequest, code: str, number: int) -> StandardOut:
    return StandardOut.from_orm(selectors.standard_get(edition_code=code, number=number))
