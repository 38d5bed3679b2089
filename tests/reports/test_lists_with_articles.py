"""Lists of who spoke read as the secretariat writes them: each name with its article and, in French, "de"
agreeing with it ("de la Chine", "du Kenya", "des Émirats arabes unis", "de l'Inde"); read back from DOCX and PDF."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from clearway.capacity.services import activity_speaker_add, organisation_ensure
from clearway.members.models import Region
from clearway.reports.phrases import country_with_article, of_each
from clearway.reports.production import report_produce
from tests.capacity.factories import activity_make
from tests.reports.conftest import docx_text, pdf_body_text

D = datetime.date


@pytest.mark.parametrize(
    ("name", "lang", "expected"),
    [
        ("Chine", "fr", "la Chine"),
        ("Kenya", "fr", "le Kenya"),
        ("Émirats arabes unis", "fr", "les Émirats arabes unis"),
        ("Inde", "fr", "l'Inde"),
        ("Mexique", "fr", "le Mexique"),
        ("Cuba", "fr", "Cuba"),
        ("Royaume-Uni", "fr", "le Royaume-Uni"),
        ("Sierra Leone", "fr", "la Sierra Leone"),
        ("Corée, République de", "fr", "la République de Corée"),
        ("Salomon, Îles", "fr", "les Îles Salomon"),
        ("China", "en", "China"),
        ("United Arab Emirates", "en", "the United Arab Emirates"),
        ("Netherlands", "en", "the Netherlands"),
        ("Congo (Republic of the)", "en", "the Republic of the Congo"),
        ("Hong Kong, China", "en", "Hong Kong, China"),
    ],
)
def test_a_country_takes_the_article_of_its_name(name: str, lang: str, expected: str) -> None:
    assert country_with_article(name, lang) == expected


def test_french_de_agrees_with_each_article() -> None:
    names = [
        "l'Union postale universelle",
        "la Chine",
        "le Kenya",
        "les Émirats arabes unis",
        "l'Inde",
        "Cuba",
    ]
    assert of_each(names, "fr") == (
        "de l'Union postale universelle, de la Chine, du Kenya, des Émirats arabes unis, de l'Inde et de Cuba"
    )
    assert of_each(["Haïti", "Israël"], "fr") == "d'Haïti et d'Israël"
    assert of_each(["the UPU", "China"], "en") == "from the UPU and China"


EXPECTED = {
    "en": "The workshop benefited from the involvement of speakers from the Universal Postal Union, China, Kenya, "
    "the United Arab Emirates and India.",
    "fr": "L'atelier a bénéficié de la participation d'intervenants de l'Union postale universelle, de la Chine, "
    "du Kenya, des Émirats arabes unis et de l'Inde.",
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_speakers_from_members_and_institutions_read_back_from_docx_and_pdf(
    make_report: Any, secretariat: Any, db: Any, lang: str
) -> None:
    workshop = activity_make(
        title_en="Regional workshop for AP",
        start_date=D(2021, 5, 10),
        end_date=D(2021, 5, 12),
        region=Region.objects.get(code="AP"),
        participants_value=60,
    )
    upu = organisation_ensure(
        name_en="Universal Postal Union",
        name_fr="Union postale universelle",
        acronym="UPU",
        kind="international",
        actor=secretariat,
    )
    # Customs administrations recorded under their country's English name only: the report names the country
    # in its own language, from the Members table.
    administrations = [
        organisation_ensure(name_en=name, kind="administration", actor=secretariat)
        for name in ("China", "Kenya", "United Arab Emirates", "India")
    ]
    for organisation in [upu, *administrations]:
        activity_speaker_add(actor=secretariat, activity=workshop, organisation=organisation)
    report = make_report(
        lang, period_start=D(2021, 1, 1), period_end=D(2021, 6, 30), document_number="PC0770"
    )
    produced = report_produce(report=report, actor=secretariat, formats=["docx", "pdf"])
    docx, pdf = (record.file.read() for record in produced.files)
    for text in (docx_text(docx), pdf_body_text(pdf)):
        assert EXPECTED[lang] in text, text[:3000]


@pytest.mark.parametrize(
    ("lang", "done", "expected"),
    [
        ("en", ["Europe (EUR)"], "have been held for the Europe (EUR) Region; the cycle of regional workshops "
         "remains to be completed for the Americas (AM) and Asia/Pacific (AP) Regions."),
        ("fr", ["Europe (EUR)"], "pour la région suivante\u00a0: Europe (EUR)\u00a0; le cycle d'ateliers régionaux "
         "reste à achever pour les régions suivantes\u00a0: Americas (AM) et Asia/Pacific (AP)."),
        ("en", [], "No regional workshop has been held yet; the cycle"),
    ],
)  # fmt: skip
def test_the_coverage_sentence_agrees_with_the_number_of_regions(
    lang: str, done: list[str], expected: str
) -> None:
    from django.utils import translation

    from clearway.reports.facts import RegionalCoverageFact
    from clearway.reports.sections.capacity import coverage_sentence

    coverage = RegionalCoverageFact(
        all_regions_completed=False, regions_done=done, regions_missing=["Americas (AM)", "Asia/Pacific (AP)"]
    )
    with translation.override(lang):
        assert expected in coverage_sentence(coverage, lang)
