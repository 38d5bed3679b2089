"""Illustrative demo data: a register of AEO programmes and arrangements, and the 2021 AEO and e-commerce survey
with 31 submitted answers from all six regions. Every row is flagged illustrative; none is a real fact about a
Member. Deterministic and idempotent: a second run changes nothing.

The answers follow the seed's collective summary: express carriers covered by a number of Members (13), postal
operators by some (7), e-vendors, e-marketplaces and fulfilment centres by a few (3, 3, 2), and several Members
planning or studying coverage of postal operators and other e-commerce stakeholders.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction

from clearway.aeo.models import (
    MraKind,
    MraStatus,
    MutualRecognition,
    Programme,
    RecordSource,
    RegisterUpdate,
    StakeholderType,
    UpdateStatus,
)
from clearway.aeo.questionnaire import QUESTIONNAIRE_CODE, WORKBOOK_XLSX
from clearway.aeo.services import mra_create, programme_create
from clearway.aeo.updates import register_update_confirm
from clearway.core.actors import SYSTEM
from clearway.core.demo_scale import NO_PROGRESS, SMALL, Scale, ScaleProgress
from clearway.members.models import Member

SURVEY_REFERENCE = "AEO e-commerce survey 2021"
CONFIRMED_IN_DEMO = ("ARE", "CHN", "KOR")
LETTER_DATE = datetime.date(2021, 6, 10)
DEADLINE = datetime.date(2021, 9, 30)

# Coverage letters per stakeholder type, in StakeholderType order (express carriers, postal operators, e-vendors,
# e-marketplaces, fulfilment centres, customs brokers, freight forwarders, other):
# C covered now, P planned, S under study, N not planned.
COVERAGE_LETTERS = {"C": "covered", "P": "planned", "S": "under_study", "N": "not_planned"}

# (ISO code, "does the administration run an AEO programme?", launch year, coverage letters)
SURVEY_ANSWERS: list[tuple[str, str, int | None, str]] = [
    ("KEN", "yes", 2016, "CPSSNCCN"),
    ("ZAF", "yes", 2010, "CSNSNCCN"),
    ("MUS", "yes", 2014, "PPNNNCCN"),
    ("RWA", "under_development", None, "PSSSNPPN"),
    ("ETH", "no", None, ""),
    ("NGA", "yes", 2018, "SNNNNCCN"),
    ("SEN", "under_development", None, "SSNNNPPN"),
    ("CIV", "under_development", None, "SNNNNPPN"),
    ("GHA", "yes", 2017, "PSNNNCCN"),
    ("EGY", "yes", 2015, "CPSSNCCN"),
    ("JOR", "yes", 2005, "CCSSSCCN"),
    ("SAU", "yes", 2017, "SCPPNCCS"),
    ("ARE", "yes", 2016, "CCCCCCCP"),
    ("TUN", "no", None, ""),
    ("DEU", "yes", 2008, "CCNNNCCN"),
    ("NLD", "yes", 2008, "CCSSSCCN"),
    ("GBR", "yes", 2008, "CNSSSCCN"),
    ("ESP", "yes", 2008, "PPNNNCCN"),
    ("POL", "yes", 2008, "NNNNNCCN"),
    ("TUR", "yes", 2013, "PPSSNCCN"),
    ("NOR", "yes", 2014, "SSNNNCCN"),
    ("CHN", "yes", 2008, "CCCCSCCP"),
    ("JPN", "yes", 2006, "PPNNNCCN"),
    ("KOR", "yes", 2009, "CCCCCCCC"),
    ("SGP", "yes", 2007, "SNNPPCCN"),
    ("AUS", "yes", 2016, "CPSSSCCS"),
    ("IND", "yes", 2011, "SNNNNCCN"),
    ("MYS", "yes", 2010, "PSPPNCCS"),
    ("USA", "yes", 2002, "CNSSSCCN"),
    ("CAN", "yes", 2002, "SSNNNCCN"),
    ("MEX", "yes", 2012, "CSSNNCCN"),
]

# Arrangements respondents report in the survey's repeat group (partner as typed, status, date, covers e-commerce).
SURVEY_MRAS: dict[str, list[tuple[str, str, str, str]]] = {
    "KOR": [("China", "signed", "2016-06-20", "yes"), ("Mexico", "under_negotiation", "", "no")],
    "CHN": [
        ("Republic of Korea", "signed", "2016-06-20", "yes"),
        ("Singapore", "signed", "2012-06-15", "no"),
    ],
    "ARE": [("Saudi Arabia", "signed", "2019-11-04", "yes")],
    "USA": [("Canada", "signed", "2008-06-27", "no"), ("Japan", "signed", "2009-06-26", "no")],
    "KEN": [("Uganda", "signed", "2019-05-14", "no")],
}

# The register before the survey (as a Compendium would have it): programmes of most respondents and of other
# Members, with little on e-commerce stakeholders. (ISO, status, launch year, express carriers covered?)
REGISTER: list[tuple[str, str, int | None, bool]] = [
    ("KEN", "operational", 2016, True),
    ("ZAF", "operational", 2010, False),
    ("MUS", "operational", 2014, False),
    ("UGA", "operational", 2013, False),
    ("TZA", "operational", 2015, False),
    ("EGY", "operational", 2015, True),
    ("JOR", "operational", 2005, True),
    ("ARE", "operational", 2016, True),
    ("MAR", "operational", 2015, False),
    ("DEU", "operational", 2008, True),
    ("NLD", "operational", 2008, True),
    ("GBR", "operational", 2008, False),
    ("ESP", "operational", 2008, False),
    ("POL", "operational", 2008, False),
    ("TUR", "operational", 2013, False),
    ("NOR", "operational", 2014, False),
    ("FRA", "operational", 2008, True),
    ("CHN", "operational", 2008, True),
    ("JPN", "operational", 2006, False),
    ("KOR", "operational", 2009, True),
    ("SGP", "operational", 2007, False),
    ("AUS", "operational", 2016, False),
    ("MYS", "operational", 2010, False),
    ("THA", "operational", 2012, False),
    ("NZL", "operational", 2008, False),
    ("USA", "operational", 2002, False),
    ("CAN", "operational", 2002, False),
    ("MEX", "operational", 2012, False),
    ("BRA", "operational", 2014, False),
    ("ARG", "operational", 2016, False),
    ("COL", "operational", 2011, False),
    ("PER", "operational", 2015, False),
    ("CHL", "under_development", None, False),
    ("RWA", "under_development", None, False),
    ("SEN", "under_development", None, False),
]

# (parties, status, date signed, covers e-commerce, name for a plurilateral arrangement)
MRAS: list[tuple[tuple[str, ...], str, str, bool, str]] = [
    (("CAN", "USA"), "signed", "2008-06-27", False, ""),
    (("JPN", "USA"), "signed", "2009-06-26", False, ""),
    (("JPN", "NZL"), "signed", "2008-05-20", False, ""),
    (("CAN", "KOR"), "signed", "2010-06-22", False, ""),
    (("KOR", "USA"), "signed", "2010-06-22", False, ""),
    (("KOR", "SGP"), "signed", "2010-11-11", False, ""),
    (("CHN", "SGP"), "signed", "2012-06-15", False, ""),
    (("CHN", "KOR"), "signed", "2016-06-20", True, ""),
    (("AUS", "NZL"), "signed", "2016-10-19", False, ""),
    (("CHN", "AUS"), "signed", "2017-11-13", False, ""),
    (("JPN", "MYS"), "signed", "2014-06-24", False, ""),
    (("DEU", "CHN"), "signed", "2015-05-12", False, ""),
    (("ARE", "KOR"), "signed", "2017-06-30", True, ""),
    (("MEX", "KOR"), "under_negotiation", "", False, ""),
    (("EGY", "JOR"), "under_negotiation", "", False, ""),
    (("BRA", "ARG"), "under_negotiation", "", False, ""),
    (("THA", "SGP"), "under_negotiation", "", True, ""),
    (("MAR", "FRA"), "under_negotiation", "", False, ""),
    (
        ("KEN", "UGA", "TZA"),
        "signed",
        "2019-05-14",
        False,
        "Regional arrangement – East Africa (illustrative)",
    ),
    (
        ("MEX", "COL", "PER"),
        "signed",
        "2018-07-24",
        False,
        "Regional arrangement – Latin America (illustrative)",
    ),
]

FEATURES_BY_STAKEHOLDER = {
    "express_carrier": ["adapted_security", "fewer_inspections", "priority_release"],
    "postal_operator": ["data_quality", "simplified_declarations"],
    "e_vendor": ["seller_vetting", "deferred_payment"],
    "e_marketplace": ["seller_vetting", "data_quality"],
    "fulfilment_centre": ["returns", "simplified_declarations"],
}
CHALLENGES = [
    "legal_basis",
    "many_small_operators",
    "foreign_operators",
    "data_quality",
    "resources",
    "operator_interest",
    "mra_partners",
]


def _member(iso3: str) -> Member:
    return Member.objects.select_related("region").get(iso3=iso3)


def coverage_from_letters(letters: str) -> dict[str, str]:
    return {
        code: COVERAGE_LETTERS[letter] for code, letter in zip(StakeholderType.values, letters, strict=True)
    }


def _register_load() -> str:
    if Programme.objects.filter(illustrative=True).exists():
        return "register already present"
    programmes: dict[str, Programme] = {}
    for iso3, status, year, express in REGISTER:
        facts = {
            "name_en": "AEO programme",
            "name_fr": "Programme OEA",
            "status": status,
            "launch_year": year,
            "operator_types": ["importer", "exporter", "carrier", "customs_agent"],
            "coverage": {"express_carrier": "covered"} if express else {},
        }
        programmes[iso3] = programme_create(
            actor=SYSTEM,
            member=_member(iso3),
            facts=facts,
            source=RecordSource.COMPENDIUM,
            source_detail="Illustrative entry",
            confirmed=iso3 != "SEN",
            illustrative=True,
        )
    for parties, status, signed, ecommerce, name in MRAS:
        mra_create(
            actor=SYSTEM,
            kind=MraKind.PLURILATERAL if len(parties) > 2 else MraKind.BILATERAL,
            programmes=[programmes[p] for p in parties],
            status=MraStatus(status),
            signed_on=datetime.date.fromisoformat(signed) if signed else None,
            covers_ecommerce=ecommerce,
            name_en=name,
            name_fr=name.replace("Regional arrangement", "Arrangement régional")
            .replace("East Africa", "Afrique de l'Est")
            .replace("Latin America", "Amérique latine")
            .replace("illustrative", "fictif"),
            source=RecordSource.COMPENDIUM,
            confirmed=True,
            illustrative=True,
        )
    return f"{len(programmes)} illustrative programmes, {MutualRecognition.objects.count()} arrangements"


def survey_answers_for(iso3: str, programme: str, year: int | None, letters: str) -> dict[str, Any]:
    """The answers one illustrative respondent gives (deterministic: seeded by the ISO code)."""
    rng = random.Random(f"aeo-demo-{iso3}")
    answers: dict[str, Any] = {"aeo_programme": programme}
    challenges = sorted(rng.sample(CHALLENGES, 2 if programme == "yes" else 3))
    answers["challenges"] = challenges
    answers["experience"] = _experience(programme, letters)
    if programme == "no":
        return answers
    coverage = coverage_from_letters(letters)
    answers.update({f"cov_{code}": value for code, value in coverage.items()})
    answers["operator_types"] = sorted(
        rng.sample(
            ["importer", "exporter", "manufacturer", "carrier", "warehouse_operator", "customs_agent"], 4
        )
    )
    features = sorted(
        {
            f
            for code, value in coverage.items()
            if value == "covered"
            for f in FEATURES_BY_STAKEHOLDER.get(code, [])
        }
    )
    if features:
        answers["ecommerce_features"] = features
        answers["ecommerce_features_detail"] = (
            "Illustrative answer: operators handling e-commerce consignments obtain the listed benefits once "
            "their advance data meet the quality requirements."
        )
    if coverage["other"] != "not_planned":
        answers["cov_other_specify"] = (
            "Illustrative answer: returns processors and payment service providers."
        )
    if programme == "yes":
        answers["launch_year"] = year
        mras = [
            {
                "mra_partner": partner,
                "mra_status": status,
                "mra_covers_ecommerce": covers,
                **({"mra_signed_on": signed} if signed else {}),
            }
            for partner, status, signed, covers in SURVEY_MRAS.get(iso3, [])
        ]
        if mras:
            answers["mras"] = mras
    return answers


def _experience(programme: str, letters: str) -> str:
    if programme == "no":
        return (
            "Illustrative answer: the administration plans to study other Members' AEO programmes before "
            "designing its own."
        )
    if "C" in letters[2:5]:
        return (
            "Illustrative answer: platforms and fulfilment centres were admitted after a pilot; data quality "
            "commitments were the key condition."
        )
    if letters[1] in "PS":
        return (
            "Illustrative answer: the administration intends to extend the programme to the designated postal "
            "operator and is observing other Members' practice."
        )
    return "Illustrative answer: e-commerce consignments are handled by AEO express carriers and brokers."


def _survey_load() -> str:
    from clearway.surveys.models import Disclosure, Survey, TargetKind
    from clearway.surveys.services import (
        questionnaire_import_xlsform,
        response_get_or_create,
        response_save_draft,
        response_submit,
        survey_close,
        survey_create,
        survey_open,
    )

    if Survey.objects.filter(reference=SURVEY_REFERENCE).exists():
        return "AEO survey already present"
    version = questionnaire_import_xlsform(file=WORKBOOK_XLSX, code=QUESTIONNAIRE_CODE, actor=SYSTEM)
    survey = survey_create(
        version=version,
        reference=SURVEY_REFERENCE,
        letter_date=LETTER_DATE,
        deadline=DEADLINE,
        signatory="Director, Compliance and Facilitation (illustrative)",
        signatory_title_en="WCO Secretariat",
        signatory_title_fr="Secrétariat de l'OMD",
        target_kind=TargetKind.ALL,
        actor=SYSTEM,
        disclosure=Disclosure.AGGREGATE,
        illustrative=True,
        letter_body_en=(
            "The Secretariat invites Members to share their national experience of expanding the "
            "AEO concept to cross-border e-commerce stakeholders, by answering the attached "
            "questionnaire. (Illustrative letter.)"
        ),
        letter_body_fr=(
            "Le Secrétariat invite les Membres à partager leur expérience nationale de l'extension du "
            "concept d'OEA aux acteurs du commerce électronique transfrontalier, en répondant au "
            "questionnaire joint. (Lettre fictive.)"
        ),
    )
    survey = survey_open(survey=survey, actor=SYSTEM)
    window = max((DEADLINE - LETTER_DATE).days, 1)
    for index, (iso3, programme, year, letters) in enumerate(SURVEY_ANSWERS):
        response = response_get_or_create(
            survey=survey, member=_member(iso3), actor=SYSTEM, illustrative=True
        )
        answers = survey_answers_for(iso3, programme, year, letters)
        response = response_save_draft(
            response=response, answers=answers, expected_version=response.version, actor=SYSTEM
        )
        response_submit(response=response, actor=SYSTEM, lang="en")
        # Answered between the letter and the deadline, as the survey says: a report for that time counts them.
        _submission_date(response, LETTER_DATE + datetime.timedelta(days=1 + index * (window - 1) // 31))
    survey_close(survey=survey, actor=SYSTEM, reason="illustrative survey closed after its deadline")
    confirmed = _confirm_examples()
    return (
        f"AEO survey with {len(SURVEY_ANSWERS)} illustrative responses; {confirmed} register updates confirmed, "
        f"the others await review"
    )


def _submission_date(response: Any, day: datetime.date) -> None:
    """Date a demo response's submission (and its revision) on `day`, noon UTC."""
    from clearway.surveys.models import Response, ResponseRevision

    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    Response.objects.filter(pk=response.pk).update(submitted_at=moment)
    ResponseRevision.objects.filter(response_id=response.pk).update(created_at=moment)


def _confirm_examples() -> int:
    """The secretariat demo account confirms a few survey-proposed updates, so the register shows both states."""
    from clearway.accounts.models import User

    reviewer = User.objects.filter(username="secretariat").first()
    if reviewer is None:
        return 0
    pending = RegisterUpdate.objects.filter(
        status=UpdateStatus.PENDING,
        response__survey__reference=SURVEY_REFERENCE,
        member__iso3__in=CONFIRMED_IN_DEMO,
    ).order_by("member__iso3")
    for update in pending:
        register_update_confirm(
            update=update, actor=reviewer, note="Illustrative: confirmed in the demo data."
        )
    return len(pending)


def demo_load(*, scale: Scale = SMALL, progress: ScaleProgress = NO_PROGRESS) -> str:
    message = _small_load()
    if not scale.extends:
        return message
    from clearway.aeo.demo_scale import register_load  # imported here: it builds on this module

    return f"{message}; {register_load(scale=scale, progress=progress)}"


@transaction.atomic
def _small_load() -> str:
    return f"{_register_load()}; {_survey_load()}"
