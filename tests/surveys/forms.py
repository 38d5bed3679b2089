"""Real-world-style XLSForms written with openpyxl, as KoboToolbox and ODK users build them."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

EN, FR = "English (en)", "French (fr)"


def build_xlsform(
    survey: Sequence[dict[str, Any]],
    choices: Sequence[dict[str, Any]] = (),
    settings: dict[str, Any] | None = None,
) -> bytes:
    """A workbook whose columns are the union of the keys used, in first-seen order (as spreadsheet users do)."""
    workbook = Workbook()
    sheets = [("survey", survey), ("choices", choices)]
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        headers: list[str] = []
        for row in rows:
            headers += [k for k in row if k not in headers]
        sheet.append(headers or ["list_name", "name", "label"])
        for row in rows:
            sheet.append([row.get(h) for h in headers])
    if settings:
        sheet = workbook.create_sheet("settings")
        sheet.append(list(settings))
        sheet.append(list(settings.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _l(en: str, fr: str, column: str = "label") -> dict[str, str]:
    return {f"{column}::{EN}": en, f"{column}::{FR}": fr}


def kobo_programme_form() -> bytes:
    """KoboToolbox style: metadata rows, `$kuid` bookkeeping, two languages, skip logic, select multiple,
    constraint with message, required with message, and a repeat group."""
    survey = [
        {"type": "start", "name": "start", "$kuid": "a1"},
        {"type": "end", "name": "end", "$kuid": "a2"},
        {
            "type": "select_one yesno",
            "name": "has_programme",
            **_l("Do you run a programme?", "Avez-vous un programme ?"),
            "required": "yes",
            **_l("Please answer.", "Veuillez répondre.", "required_message"),
            "$kuid": "a3",
        },
        {
            "type": "integer",
            "name": "launch_year",
            **_l("Launch year", "Année de lancement"),
            "relevant": "${has_programme} = 'yes'",
            "constraint": ". >= 1990 and . <= 2030",
            **_l("Between 1990 and 2030.", "Entre 1990 et 2030.", "constraint_message"),
            "required": "yes",
            "$kuid": "a4",
        },
        {
            "type": "select_multiple operators",
            "name": "operators",
            **_l("Operators covered", "Opérateurs couverts"),
            "relevant": "${has_programme} = 'yes'",
            "$kuid": "a5",
        },
        {
            "type": "text",
            "name": "other_operator",
            **_l("Which other operator?", "Quel autre opérateur ?"),
            "relevant": "selected(${operators}, 'other')",
            "constraint": "string-length(.) <= 50",
            "$kuid": "a6",
        },
        {
            "type": "begin repeat",
            "name": "arrangements",
            **_l("Mutual recognition arrangements", "Arrangements de reconnaissance mutuelle"),
            "relevant": "${has_programme} = 'yes'",
            "$kuid": "a7",
        },
        {"type": "text", "name": "partner", **_l("Partner", "Partenaire"), "required": "yes", "$kuid": "a8"},
        {
            "type": "select_one mra_scope",
            "name": "scope",
            **_l("Covers e-commerce operators?", "Couvre le commerce électronique ?"),
            "$kuid": "a9",
        },
        {"type": "end repeat", "$kuid": "a10"},
        {
            "type": "decimal",
            "name": "share_ecommerce",
            **_l("Share of e-commerce (%)", "Part du commerce électronique (%)"),
            "constraint": ". >= 0 and . <= 100",
            "$kuid": "a11",
        },
        {"type": "date", "name": "last_review", **_l("Last review", "Dernière révision"), "$kuid": "a12"},
        {"type": "note", "name": "thanks", **_l("Thank you.", "Merci."), "$kuid": "a13"},
    ]
    choices = [
        {"list_name": "yesno", "name": "yes", **_l("Yes", "Oui")},
        {"list_name": "yesno", "name": "no", **_l("No", "Non")},
        {"list_name": "operators", "name": "express", **_l("Express carriers", "Transporteurs express")},
        {"list_name": "operators", "name": "postal", **_l("Postal operators", "Opérateurs postaux")},
        {"list_name": "operators", "name": "platforms", **_l("E-platforms", "Plateformes")},
        {"list_name": "operators", "name": "other", **_l("Other", "Autre")},
        {"list_name": "mra_scope", "name": "yes", **_l("Yes", "Oui")},
        {"list_name": "mra_scope", "name": "no", **_l("No", "Non")},
    ]
    settings = {
        "form_title": "Programme survey",
        f"form_title::{FR}": "Enquête sur les programmes",
        "form_id": "programme_survey",
        "version": "2026010101",
        "default_language": EN,
    }
    return build_xlsform(survey, choices, settings)


def odk_matrix_form() -> bytes:
    """ODK style: short language columns (label::en / label::fr), a matrix as a field-list group whose first
    select_one has appearance `label` and the rows `list-nolabel`, a group with relevance, count-selected and not()."""
    survey = [
        {
            "type": "select_one yn",
            "name": "ready",
            "label::en": "Ready?",
            "label::fr": "Prêt ?",
            "required": "yes",
        },
        {
            "type": "begin group",
            "name": "coverage",
            "label::en": "Coverage by stakeholder",
            "label::fr": "Couverture par acteur",
            "appearance": "field-list",
            "relevant": "${ready} = 'yes'",
        },
        {
            "type": "select_one status",
            "name": "coverage_header",
            "label::en": "Stakeholder",
            "label::fr": "Acteur",
            "appearance": "label",
        },
        {
            "type": "select_one status",
            "name": "cover_express",
            "label::en": "Express carriers",
            "label::fr": "Transporteurs express",
            "appearance": "list-nolabel",
            "required": "yes",
        },
        {
            "type": "select_one status",
            "name": "cover_postal",
            "label::en": "Postal operators",
            "label::fr": "Opérateurs postaux",
            "appearance": "list-nolabel",
        },
        {"type": "end group"},
        {
            "type": "begin group",
            "name": "details",
            "label::en": "Details",
            "label::fr": "Détails",
            "relevant": "not(${ready} = 'no')",
        },
        {
            "type": "select_multiple challenge",
            "name": "challenges",
            "label::en": "Challenges",
            "label::fr": "Défis",
            "constraint": "count-selected(.) <= 2",
            "constraint_message::en": "At most two.",
            "constraint_message::fr": "Deux au plus.",
        },
        {"type": "text", "name": "experience", "label::en": "Experience", "label::fr": "Expérience"},
        {"type": "end group"},
    ]
    choices = [
        {"list_name": "yn", "name": "yes", "label::en": "Yes", "label::fr": "Oui"},
        {"list_name": "yn", "name": "no", "label::en": "No", "label::fr": "Non"},
        {"list_name": "status", "name": "now", "label::en": "Covered now", "label::fr": "Couvert"},
        {"list_name": "status", "name": "planned", "label::en": "Planned", "label::fr": "Prévu"},
        {"list_name": "status", "name": "study", "label::en": "Under study", "label::fr": "À l'étude"},
        {"list_name": "status", "name": "not_planned", "label::en": "Not planned", "label::fr": "Non prévu"},
        {
            "list_name": "challenge",
            "name": "legal",
            "label::en": "Legal basis",
            "label::fr": "Base juridique",
        },
        {"list_name": "challenge", "name": "data", "label::en": "Data", "label::fr": "Données"},
        {"list_name": "challenge", "name": "staff", "label::en": "Staff", "label::fr": "Personnel"},
    ]
    settings = {"form_title": "Coverage", "form_id": "coverage", "version": "1"}
    return build_xlsform(survey, choices, settings)


def single_language_form() -> bytes:
    """The smallest Kobo form: plain `label` column, no settings sheet."""
    survey = [
        {"type": "text", "name": "name", "label": "Your name"},
        {"type": "select_one yn", "name": "ok", "label": "All fine?"},
    ]
    choices = [
        {"list_name": "yn", "name": "yes", "label": "Yes"},
        {"list_name": "yn", "name": "no", "label": "No"},
    ]
    return build_xlsform(survey, choices)


def stats_form() -> bytes:
    """The form the statistics tests compute by hand."""
    survey = [
        {"type": "select_one yn", "name": "has_prog", **_l("Programme?", "Programme ?"), "required": "yes"},
        {"type": "integer", "name": "year", **_l("Year", "Année"), "relevant": "${has_prog} = 'yes'"},
        {"type": "select_multiple types", "name": "types", **_l("Types", "Types")},
        {"type": "begin group", "name": "cover", **_l("Coverage", "Couverture"), "appearance": "field-list"},
        {
            "type": "select_one cov",
            "name": "cover_header",
            **_l("Stakeholder", "Acteur"),
            "appearance": "label",
        },
        {
            "type": "select_one cov",
            "name": "cover_express",
            **_l("Express", "Express"),
            "appearance": "list-nolabel",
        },
        {
            "type": "select_one cov",
            "name": "cover_postal",
            **_l("Postal", "Postal"),
            "appearance": "list-nolabel",
        },
        {"type": "end group"},
        {"type": "text", "name": "experience", **_l("Experience", "Expérience")},
        {"type": "begin repeat", "name": "mra", **_l("Arrangements", "Arrangements")},
        {"type": "text", "name": "partner", **_l("Partner", "Partenaire")},
        {"type": "end repeat"},
    ]
    choices = [
        {"list_name": "yn", "name": "yes", **_l("Yes", "Oui")},
        {"list_name": "yn", "name": "no", **_l("No", "Non")},
        {"list_name": "types", "name": "a", **_l("Type A", "Type A")},
        {"list_name": "types", "name": "b", **_l("Type B", "Type B")},
        {"list_name": "types", "name": "c", **_l("Type C", "Type C")},
        {"list_name": "cov", "name": "now", **_l("Covered now", "Couvert")},
        {"list_name": "cov", "name": "planned", **_l("Planned", "Prévu")},
        {"list_name": "cov", "name": "no", **_l("Not planned", "Non prévu")},
    ]
    return build_xlsform(
        survey, choices, {"form_title": "Stats", f"form_title::{FR}": "Statistiques", "form_id": "stats"}
    )


def or_other_form() -> bytes:
    """`select_one … or_other`: pyxform adds the `other` choice and a “specify other” question."""
    survey = [
        {
            "type": "select_one channel or_other",
            "name": "channel",
            "label::en": "Main channel",
            "label::fr": "Canal",
        },
        {
            "type": "integer",
            "name": "parcels",
            "label::en": "Parcels a day",
            "label::fr": "Colis par jour",
            "relevant": "${channel} != ''",
        },
    ]
    choices = [
        {"list_name": "channel", "name": "post", "label::en": "Post", "label::fr": "Poste"},
        {"list_name": "channel", "name": "express", "label::en": "Express", "label::fr": "Express"},
    ]
    return build_xlsform(survey, choices, {"form_title": "Channels", "form_id": "channels"})


def _l3(en: str, fr: str, es: str, column: str = "label") -> dict[str, str]:
    return {f"{column}::{EN}": en, f"{column}::{FR}": fr, f"{column}::Español (es)": es}


def odk_features_form() -> bytes:
    """An ODK Collect style form in three languages: metadata, a field-list group, cascading selects, piping,
    markdown, a calculation shown read-only, a repeat sized by an answer, relevance chains, time, geopoint,
    range and acknowledge questions, and Kobo's bookkeeping columns."""
    survey = [
        {"type": "start", "name": "start"},
        {"type": "today", "name": "today"},
        {
            "type": "note",
            "name": "welcome",
            **_l3(
                "**Welcome.** This form is about *your* port.",
                "**Bienvenue.** Ce formulaire porte sur *votre* port.",
                "**Bienvenida.** Este formulario trata de *su* puerto.",
            ),
        },
        {"type": "begin group", "name": "where", **_l3("Where", "Où", "Dónde"), "appearance": "field-list"},
        {
            "type": "select_one country",
            "name": "country",
            **_l3("Country", "Pays", "País"),
            "required": "yes",
        },
        {
            "type": "select_one city",
            "name": "city",
            **_l3("City", "Ville", "Ciudad"),
            "choice_filter": "cc = ${country}",
            "appearance": "minimal",
        },
        {"type": "end group"},
        {
            "type": "text",
            "name": "officer",
            **_l3("Name of the officer", "Nom de l'agent", "Nombre del agente"),
        },
        {
            "type": "integer",
            "name": "offices",
            **_l3(
                "How many offices does ${officer} run?",
                "Combien de bureaux ${officer} dirige-t-il ?",
                "¿Cuántas oficinas dirige ${officer}?",
            ),
            "constraint": ". >= 0 and . <= 5",
            **_l3("From 0 to 5.", "De 0 à 5.", "De 0 a 5.", "constraint_message"),
        },
        {
            "type": "begin repeat",
            "name": "office",
            **_l3("Office", "Bureau", "Oficina"),
            "repeat_count": "${offices}",
        },
        {
            "type": "text",
            "name": "office_name",
            **_l3("Office name", "Nom du bureau", "Nombre de la oficina"),
            "required": "yes",
        },
        {"type": "integer", "name": "staff", **_l3("Staff", "Effectif", "Personal")},
        {"type": "end repeat"},
        {"type": "calculate", "name": "total_staff", "calculation": "${offices} * 10"},
        {
            "type": "note",
            "name": "staff_note",
            **_l3(
                "Expected staff: ${total_staff}",
                "Effectif attendu : ${total_staff}",
                "Personal previsto: ${total_staff}",
            ),
            "relevant": "${offices} > 0",
        },
        {
            "type": "select_one yn",
            "name": "scanner",
            **_l3("Is there a scanner?", "Y a-t-il un scanner ?", "¿Hay un escáner?"),
            "appearance": "horizontal",
        },
        {
            "type": "select_one yn",
            "name": "scanner_works",
            **_l3("Does it work?", "Fonctionne-t-il ?", "¿Funciona?"),
            "relevant": "${scanner} = 'yes'",
        },
        {
            "type": "text",
            "name": "scanner_fault",
            **_l3("What is wrong with it?", "Quel est le problème ?", "¿Qué le pasa?"),
            "relevant": "${scanner_works} = 'no'",
            "required": "yes",
        },
        {"type": "time", "name": "opens", **_l3("Opening time", "Heure d'ouverture", "Hora de apertura")},
        {
            "type": "geopoint",
            "name": "location",
            **_l3("Location of the port", "Emplacement du port", "Ubicación del puerto"),
        },
        {
            "type": "range",
            "name": "congestion",
            **_l3("Congestion", "Engorgement", "Congestión"),
            "parameters": "start=0 end=10 step=1",
        },
        {
            "type": "image",
            "name": "gate",
            **_l3("Photo of the gate", "Photo du portail", "Foto de la puerta"),
        },
        {
            "type": "acknowledge",
            "name": "confirm",
            **_l3("I confirm these answers", "Je confirme ces réponses", "Confirmo estas respuestas"),
            "required": "yes",
        },
    ]
    for number, row in enumerate(survey):
        row["$kuid"] = f"k{number}"
    choices = [
        {"list_name": "country", "name": "ke", **_l3("Kenya", "Kenya", "Kenia")},
        {"list_name": "country", "name": "tz", **_l3("Tanzania", "Tanzanie", "Tanzania")},
        {"list_name": "city", "name": "mba", **_l3("Mombasa", "Mombasa", "Mombasa"), "cc": "ke"},
        {"list_name": "city", "name": "ksm", **_l3("Kisumu", "Kisumu", "Kisumu"), "cc": "ke"},
        {
            "list_name": "city",
            "name": "dar",
            **_l3("Dar es Salaam", "Dar es Salaam", "Dar es-Salam"),
            "cc": "tz",
        },
        {"list_name": "yn", "name": "yes", **_l3("Yes", "Oui", "Sí")},
        {"list_name": "yn", "name": "no", **_l3("No", "Non", "No")},
    ]
    settings = {"form_title": "Port survey", "form_id": "port_survey", "version": "3", "default_language": EN}
    return build_xlsform(survey, choices, settings)
