"""The official letter that sends a survey to Members, as a Word document (python-docx) and as HTML."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils import formats, translation
from django.utils.translation import gettext as _

from clearway.core.i18n import localized
from clearway.surveys.models import Survey, TargetKind


@dataclass(frozen=True)
class Letter:
    lang: str
    reference: str  # "Our reference: …", in the letter's language
    date: str
    addressees: str
    subject: str  # "Subject: …", in the letter's language
    salutation: str
    paragraphs: list[str]
    closing: str
    deadline: str
    signatory: str
    signatory_title: str
    illustrative: bool


def _addressees(survey: Survey, lang: str) -> str:
    if survey.target_kind == TargetKind.ALL:
        return _("To the Directors General of Customs of WCO Members")
    if survey.target_kind == TargetKind.REGION:
        names = ", ".join(localized(r, "name", lang) for r in survey.target_regions.order_by("order"))
        return _("To the Directors General of Customs of WCO Members in: %(regions)s") % {"regions": names}
    names = ", ".join(localized(m, "name", lang) for m in survey.targets.order_by("name_en"))
    return _("To the Directors General of Customs of: %(members)s") % {"members": names}


def letter_content(*, survey: Survey, lang: str) -> Letter:
    with translation.override(lang):
        title = survey.title_in(lang)
        body = localized(survey, "letter_body", lang)
        paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()] or [
            _(
                "The WCO Secretariat is collecting the experience of Members for the questionnaire “%(title)s”."
            )
            % {"title": title},
            _(
                "Each administration is invited to give one institutional answer. Your focal point and contributors "
                "can answer in Clearway, where answers are saved as they are typed; only the focal point submits."
            ),
        ]
        deadline = formats.date_format(survey.deadline, "DATE_FORMAT")
        paragraphs.append(
            _("We would be grateful to receive your answer by %(deadline)s.") % {"deadline": deadline}
        )
        paragraphs.append(
            _("Answer online in Clearway (menu Surveys, reference %(reference)s).")
            % {"reference": survey.reference}
        )
        return Letter(
            lang=lang,
            reference=_("Our reference: %(reference)s") % {"reference": survey.reference},
            date=formats.date_format(survey.letter_date, "DATE_FORMAT"),
            addressees=_addressees(survey, lang),
            subject=_("Subject: %(subject)s") % {"subject": title},
            salutation=_("Dear Director General,"),
            paragraphs=paragraphs,
            closing=_("Yours sincerely,"),
            deadline=deadline,
            signatory=survey.signatory,
            signatory_title=localized(survey, "signatory_title", lang),
            illustrative=survey.illustrative,
        )


def letter_to_docx(*, survey: Survey, lang: str) -> bytes:
    from docx import Document
    from docx.shared import Pt

    letter = letter_content(survey=survey, lang=lang)
    with translation.override(lang):
        document = Document()
        style = document.styles["Normal"]
        style.font.name = "Calibri"  # type: ignore[attr-defined]
        style.font.size = Pt(11)  # type: ignore[attr-defined]
        if letter.illustrative:
            document.add_paragraph(_("Illustrative document: not a real letter of the WCO."))
        document.add_paragraph(_("World Customs Organization")).runs[0].bold = True
        document.add_paragraph(f"{letter.reference}\n{letter.date}")
        document.add_paragraph(letter.addressees)
        document.add_paragraph().add_run(letter.subject).bold = True
        document.add_paragraph(letter.salutation)
        for paragraph in letter.paragraphs:
            document.add_paragraph(paragraph)
        document.add_paragraph(letter.closing)
        document.add_paragraph(
            letter.signatory + (f"\n{letter.signatory_title}" if letter.signatory_title else "")
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
