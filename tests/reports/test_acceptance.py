"""Acceptance: with the demo data, the report for 1 September 2021 to 7 March 2022 states every fact of sections
II and III of the committee document PC0690, in the DOCX and the PDF, in English and in French."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation

from clearway.core.actors import SYSTEM
from clearway.reports.models import Report
from clearway.reports.services import report_export, report_generate
from tests.reports.conftest import docx_text, pdf_body_text
from tests.reports.test_exports import check_docx_structure, check_french_files, check_pdf_and_html

FACTS_EN = [
    # II. Capacity building activities
    "the Secretariat delivered the regional workshops for the North of Africa, Near and Middle East (MENA) and "
    "Europe (EUR) Regions",
    "The MENA workshop was held online between 27 and 30 September 2021 and gathered close to 100 experts from "
    "15 Member Customs administrations, as well as designated postal operators.",
    "The EUR workshop was held virtually between 24 and 28 January 2022 and gathered nearly 100 experts from 37 "
    "Member Customs administrations, as well as designated postal operators.",
    "Both workshops benefited from the involvement of speakers from the Universal Postal Union, the Global Express "
    "Association and the Organisation for Economic Co-operation and Development.",
    "A representative of Alibaba Group spoke at the MENA workshop.",
    "Alibaba Cainiao, Amazon and DHL delivered presentations at the EUR workshop.",
    "The Secretariat also contributed to the event “Workshop on e-commerce for the members of Mercosur (organised "
    "by the Inter-American Development Bank)”, held between 6 and 10 December 2021.",
    "Having completed the cycle of regional workshops for all WCO regions",
    "capacity building support would be provided to the Members that notify their intention to implement the "
    "E-Commerce FoS; complete an assessment following the KPIs for monitoring and evaluation of the E-Commerce FoS "
    "implementation, and make an official request from the respective Director General to the WCO.",
    # III. Survey
    "The Secretariat issued an official letter on 10 June 2021",
    "Consequently, 31 responses were submitted by Member administrations",
]
COVERAGE_EN = [
    r"a number of Member administrations replied that express carriers \(\d+ of 31\) were already covered in their "
    r"AEO programmes",
    r"Postal operators \(\d+ of 31\) were also covered by some other Members",
    r"namely e-vendors \(\d+ of 31\), e-marketplaces / e-platforms \(\d+ of 31\), fulfilment centres \(\d+ of 31\)"
    r".*were also covered by a few Members",
    r"some Members indicated their interest in expanding the programmes to cover [^.]*postal operators",
]
FACTS_FR = [
    "L'atelier MENA s'est tenu en ligne du 27 au 30 septembre 2021 et a réuni près de 100 experts de 15 "
    "administrations douanières membres, ainsi que des opérateurs postaux désignés.",
    "L'atelier EUR s'est tenu en mode virtuel du 24 au 28 janvier 2022 et a réuni près d'une centaine d'experts de "
    "37 administrations douanières membres, ainsi que des opérateurs postaux désignés.",
    "Union postale universelle",
    "Un représentant d'Alibaba Group est intervenu lors de l'atelier MENA.",
    "Alibaba Cainiao, Amazon et DHL ont fait des présentations lors de l'atelier EUR.",
    "Mercosur",
    "du 6 au 10 décembre 2021",
    "Le cycle d'ateliers régionaux étant achevé pour toutes les régions de l'OMD",
    "notifient leur intention de mettre en œuvre le Cadre de normes",
    "une demande officielle de leur Directeur général",
    "Le Secrétariat a adressé le 10 juin 2021 une lettre officielle",
    "31 réponses ont été soumises par des administrations membres",
]
COVERAGE_FR = [
    r"un certain nombre d'administrations membres ont répondu que les transporteurs express \(\d+ sur 31\)",
    r"Les opérateurs postaux \(\d+ sur 31\) étaient également couverts par plusieurs autres Membres",
    r"étaient également couverts par quelques Membres",
    r"leur intérêt pour l'extension de leur programme aux [^.]*opérateurs postaux",
]


@pytest.fixture
def demo_reports(db: Any) -> dict[str, Any]:
    call_command("demo_load", verbosity=0)
    return {r.language: r for r in Report.objects.filter(document_number="PC0690")}


def _assert_states(text: str, facts: list[str], patterns: list[str]) -> None:
    missing = [fact for fact in facts if fact not in text]
    assert not missing, f"not stated: {missing}"
    unmatched = [p for p in patterns if not re.search(p, text)]
    assert not unmatched, f"not stated: {unmatched}"


def _files(report: Any) -> tuple[bytes, bytes]:
    version = report_generate(report=report, actor=SYSTEM)
    docx = report_export(report=report, actor=SYSTEM, format="docx", version=version).file.read()
    pdf = report_export(report=report, actor=SYSTEM, format="pdf", version=version).file.read()
    return docx, pdf


def test_the_english_demo_report_states_every_fact_of_sections_two_and_three(
    demo_reports: dict[str, Any],
) -> None:
    report = demo_reports["en"]
    assert report.illustrative and report.versions.count() == 1  # generated once by the demo loader
    call_command("demo_load", verbosity=0)  # idempotent: nothing more is created or generated
    assert Report.objects.count() == 2 and report.versions.count() == 1
    docx, pdf = _files(report)
    _assert_states(docx_text(docx), FACTS_EN, COVERAGE_EN)
    _assert_states(pdf_body_text(pdf), FACTS_EN, COVERAGE_EN)
    check_docx_structure(docx)
    check_pdf_and_html(report, pdf)


def test_the_french_demo_report_states_the_same_facts_in_french(demo_reports: dict[str, Any]) -> None:
    docx, pdf = _files(demo_reports["fr"])
    _assert_states(docx_text(docx), FACTS_FR, COVERAGE_FR)
    _assert_states(pdf_body_text(pdf), FACTS_FR, COVERAGE_FR)
    check_french_files(docx, pdf)
    # Exported by someone reading in English, the French page's charts still speak French to screen readers.
    with translation.override("en"):
        html = report_export(report=demo_reports["fr"], actor=SYSTEM, format="html").file.read().decode()
    labels = re.findall(r'aria-label="([^"]*)"', html)
    assert "Axe X\u00a0: Répondants" in labels and "Axe X\u00a0: Membres" in labels
    assert not [label for label in labels if "axis" in label or "legend" in label.lower()]
