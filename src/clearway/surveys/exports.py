"""Response exports (CSV, XLSX): one row per response plus, in XLSX, one sheet per repeat group.

Labels are in the language asked for; every choice of a select multiple also gets its own 0/1 column (as
KoboToolbox does), and an answer outside a choice list is written as given, so nothing is silently dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from clearway.core.actors import Actor
from clearway.core.exports import Sheets, Table, TabularExport
from clearway.surveys import definition as defn
from clearway.surveys.models import Response, ResponseState, Survey
from clearway.surveys.selectors import response_list


def _columns(definition: dict[str, Any], fields: list[defn.Field], lang: str) -> list[tuple[str, Any]]:
    """(header, getter) pairs for the given fields."""
    columns: list[tuple[str, Any]] = []
    for f in fields:
        label = f"{f.label_in(lang)} [{f.name}]"
        if f.type == "select_one":
            columns.append((label, lambda a, f=f: _label(definition, f, a.get(f.name), lang)))
        elif f.type == "select_multiple":
            columns.append(
                (label, lambda a, f=f: "; ".join(_label(definition, f, v, lang) for v in a.get(f.name) or []))
            )
            for choice in defn.choices_of(definition, f.list):
                header = f"{f.label_in(lang)}: {defn.text_in(choice.get('label'), lang)} [{f.name}/{choice['name']}]"
                columns.append(
                    (
                        header,
                        lambda a, f=f, c=choice["name"]: (
                            None if a.get(f.name) is None else int(c in a.get(f.name, []))
                        ),
                    )
                )
        else:
            columns.append((label, lambda a, f=f: _cell(a.get(f.name))))
    return columns


def _cell(value: Any) -> Any:
    """An uploaded file is written as its name (the file itself is on the response's page)."""
    return str(value.get("name", "")) if isinstance(value, dict) else value


def _label(definition: dict[str, Any], f: defn.Field, value: Any, lang: str) -> str:
    return "" if value is None else defn.choice_label(definition, f.list, str(value), lang)


def _base_headers() -> list[str]:
    return [_("ISO code"), _("Member"), _("Region"), _("State"), _("Submitted on"), _("Version")]


def _base_row(response: Response) -> list[Any]:
    return [
        response.member.iso3,
        response.member.name,
        response.member.region.code,
        response.get_state_display(),
        response.submitted_at,
        response.version,
    ]


def _responses(survey: Survey, viewer: Actor, include_drafts: bool) -> list[Response]:
    qs = response_list(user=viewer, survey=survey).order_by("member__name_en")
    if not include_drafts:
        qs = qs.filter(state=ResponseState.SUBMITTED)
    return list(qs)


def export_sheets(
    *, survey: Survey, viewer: Actor, lang: str, include_drafts: bool = False
) -> dict[str, tuple[Sequence[str], Iterable[Sequence[Any]]]]:
    definition = survey.version.definition
    all_fields = defn.fields(definition)
    responses = _responses(survey, viewer, include_drafts)
    with translation.override(lang):
        main = _columns(definition, [f for f in all_fields if not f.repeat], lang)
        effective = {r.pk: defn.answers_effective(definition, r.answers) for r in responses}
        sheets: dict[str, tuple[Sequence[str], Iterable[Sequence[Any]]]] = {
            _("Responses"): (
                _base_headers() + [h for h, _g in main],
                [_base_row(r) + [g(effective[r.pk]) for _h, g in main] for r in responses],
            ),
        }
        for repeat in defn.repeats(definition):
            columns = _columns(definition, [f for f in all_fields if f.repeat == repeat["name"]], lang)
            rows = [
                [r.member.iso3, r.member.name, index, *[g(item) for _h, g in columns]]
                for r in responses
                for index, item in enumerate(effective[r.pk].get(repeat["name"], []), start=1)
            ]
            label = defn.text_in(repeat.get("label"), lang) or repeat["name"]
            suffix = f" ({repeat['name']})"
            title = label[: max(3, 31 - len(suffix))] + suffix
            sheets[title] = ([_("ISO code"), _("Member"), _("Item"), *[h for h, _g in columns]], rows)
    return sheets


def _xlsx_sheets(survey: Survey, viewer: Actor, lang: str, include_drafts: bool) -> Sheets:
    sheets = export_sheets(survey=survey, viewer=viewer, lang=lang, include_drafts=include_drafts)
    with translation.override(lang):
        notes = [f"{survey.title} ({survey.reference})"]
        if survey.illustrative:
            notes.append(_("Illustrative data: not real answers of Members."))
        return Sheets(dict(sheets), notes=notes)


def _csv_table(survey: Survey, viewer: Actor, lang: str, include_drafts: bool) -> Table:
    """The main sheet; each repeat group item is appended as JSON in one column per repeat, so CSV loses nothing."""
    definition = survey.version.definition
    sheets = export_sheets(survey=survey, viewer=viewer, lang=lang, include_drafts=include_drafts)
    sheet_headers, sheet_rows = next(iter(sheets.values()))
    headers, rows = list(sheet_headers), [list(row) for row in sheet_rows]
    repeat_names = [r["name"] for r in defn.repeats(definition)]
    if repeat_names:
        responses = _responses(survey, viewer, include_drafts)
        headers += [f"[{name}]" for name in repeat_names]
        for row, response in zip(rows, responses, strict=True):
            effective = defn.answers_effective(definition, response.answers)
            row += [json.dumps(effective.get(name, []), ensure_ascii=False) for name in repeat_names]
    if survey.illustrative:
        headers.append("illustrative")
        rows = [[*row, "illustrative"] for row in rows]
    return headers, rows


def responses_export(
    *, survey: Survey, viewer: Actor, lang: str, include_drafts: bool = False
) -> TabularExport:
    """Responses as XLSX (one sheet per repeat group) or CSV (repeat groups as JSON columns)."""

    def sheets(fmt: str) -> Sheets:
        if fmt == "csv":
            return Sheets({"responses": _csv_table(survey, viewer, lang, include_drafts)})
        return _xlsx_sheets(survey, viewer, lang, include_drafts)

    filename = f"responses-{survey.reference.replace('/', '-')}-{lang}"
    return TabularExport(filename=filename, sheets=sheets, language=lang)
