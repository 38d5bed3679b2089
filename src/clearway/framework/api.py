from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

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


class StandardOut(Schema):
    edition: str
    number: int
    key: str
    title_en: str
    title_fr: str
    principle_number: int
    principle_roman: str
    confirmed: bool


def _edition_out(e: Edition) -> EditionOut:
    return EditionOut(
        code=e.code,
        year=e.year,
        adopted=e.adopted,
        title_en=e.title_en,
        title_fr=e.title_fr,
        standard_count=getattr(e, "standard_count", e.standards.count()),
        confirmed=e.confirmed,
    )


def _standard_out(s: Standard) -> StandardOut:
    return StandardOut(
        edition=s.edition.code,
        number=s.number,
        key=s.key,
        title_en=s.title_en,
        title_fr=s.title_fr,
        principle_number=s.principle.number,
        principle_roman=s.principle.roman,
        confirmed=s.confirmed,
    )


@router.get("/editions", response=list[EditionOut])
def editions_list(request: HttpRequest) -> list[EditionOut]:
    return [_edition_out(e) for e in selectors.edition_list()]


@router.get("/editions/{code}", response=EditionOut)
def edition_detail(request: HttpRequest, code: str) -> EditionOut:
    return _edition_out(selectors.edition_get(code=code))


@router.get("/editions/{code}/standards", response=list[StandardOut])
def standards_list(request: HttpRequest, code: str) -> list[StandardOut]:
    edition = selectors.edition_get(code=code)
    return [_standard_out(s) for s in selectors.standard_list(edition=edition)]


@router.get("/editions/{code}/standards/{number}", response=StandardOut)
def standard_detail(request: HttpRequest, code: str, number: int) -> StandardOut:
    return _standard_out(selectors.standard_get(edition_code=code, number=number))
