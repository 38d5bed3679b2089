"""Programme-scale surveys (`clearway demo load --scale full`): illustrative questionnaires of about sixty questions
(skip logic, choices, numbers with constraints, free text, matrices), imported through the XLSForm path, and
surveys sent by letter from 2021 on, each answered by every Member taking part; the latest ones are still open.

Answers are drawn question by question following the questionnaire's own skip logic, so a submitted response is
complete for `definition.answers_validate`. Responses, revisions and audit events are written as the services
write them (`response_get_or_create`, `response_save_draft`, `response_submit`). Deterministic and idempotent: a
survey that exists (by its letter reference) is left as it is.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from clearway.accounts.models import User
from clearway.accounts.roles import Role
from clearway.core.actors import SYSTEM
from clearway.core.audit import model_snapshot
from clearway.core.demo_scale import (
    Scale,
    ScaleProgress,
    audit_insert,
    bulk_insert,
    dated_event,
    moment,
    scale_random,
)
from clearway.core.models import AuditEvent
from clearway.members.demo_scale import member_level, members_taking_part
from clearway.members.models import Member
from clearway.surveys import definition as defn
from clearway.surveys.models import (
    Disclosure,
    QuestionnaireVersion,
    Response,
    ResponseRevision,
    ResponseState,
    RevisionKind,
    Survey,
    SurveyState,
    TargetKind,
)
from clearway.surveys.services import questionnaire_import_xlsform
from clearway.surveys.xlsform import definition_to_xlsform

D = datetime.date
FIRST_LETTER, LAST_LETTER, LAST_DAY = D(2021, 2, 1), D(2026, 10, 15), D(2026, 10, 31)
REFERENCE = "ILLUSTRATIVE/PS/{year}/{number:02d}"
SIGNATORY = "Director, Compliance and Facilitation (illustrative)"
THEMES = [
    ("advance electronic data", "les données électroniques préalables"),
    ("risk management", "la gestion des risques"),
    ("revenue collection", "le recouvrement des recettes"),
    ("returns of goods", "les retours de marchandises"),
    ("AEO for e-commerce operators", "l'OEA pour les opérateurs du commerce électronique"),
    ("cooperation with postal operators", "la coopération avec les opérateurs postaux"),
    ("measurement of e-commerce", "la mesure du commerce électronique"),
    ("inter-agency cooperation", "la coopération entre administrations"),
]
FREE_TEXT = {
    "en": "Illustrative answer: the administration is extending this practice to all border posts.",
    "fr": "Réponse fictive : l'administration étend cette pratique à tous les postes frontières.",
}


def _t(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


def _choices(*items: tuple[str, str, str]) -> list[dict[str, Any]]:
    return [{"name": name, "label": _t(en, fr)} for name, en, fr in items]


CHOICE_LISTS = {
    "yesno": _choices(("yes", "Yes", "Oui"), ("no", "No", "Non")),
    "stage": _choices(
        ("full", "Fully implemented", "Pleinement mis en œuvre"),
        ("partial", "Partially implemented", "Partiellement mis en œuvre"),
        ("pilot", "Pilot stage", "Phase pilote"),
        ("none", "Not implemented", "Non mis en œuvre"),
    ),
    "partners": _choices(
        ("postal", "Postal operators", "Opérateurs postaux"),
        ("express", "Express carriers", "Transporteurs express"),
        ("platforms", "E-platforms", "Plateformes de commerce électronique"),
        ("agencies", "Other agencies", "Autres administrations"),
    ),
    "quality": _choices(
        ("good", "Good", "Bonne"),
        ("adequate", "Adequate", "Suffisante"),
        ("poor", "Poor", "Insuffisante"),
    ),
}


def questionnaire_definition(*, number: int, questions: int) -> dict[str, Any]:
    """An illustrative questionnaire with exactly `questions` answerable fields, in blocks of one theme each."""
    theme_en, theme_fr = THEMES[(number - 1) % len(THEMES)]
    children: list[dict[str, Any]] = [
        {
            "type": "note",
            "name": "intro",
            "label": _t(
                "Illustrative questionnaire (demonstration data at programme scale).",
                "Questionnaire fictif (données de démonstration à l'échelle du programme).",
            ),
        }
    ]
    fields = 0
    for block in range(1, questions + 1):
        for node in _block(block, *THEMES[(number + block - 2) % len(THEMES)]):
            size = len(node.get("rows", [])) or 1
            if fields + size <= questions:
                children.append(node)
                fields += size
        if fields >= questions:
            break
    return {
        "schema": defn.SCHEMA,
        "form_id": f"illustrative_programme_{number}",
        "form_version": "2026-01",
        "title": _t(
            f"Illustrative programme survey {number}: {theme_en}",
            f"Enquête fictive du programme {number} : {theme_fr}",
        ),
        "default_language": "en",
        "languages": ["en", "fr"],
        "choice_lists": CHOICE_LISTS,
        "children": children,
    }


def _block(block: int, topic_en: str, topic_fr: str) -> list[dict[str, Any]]:
    """Nine fields on one topic: whether it is in place, then details asked only when it is."""
    p = f"b{block}"
    when = f"${{{p}_in_place}} = 'yes'"

    def q(kind: str, name: str, en: str, fr: str, **extra: Any) -> dict[str, Any]:
        return {"type": kind, "name": f"{p}_{name}", "label": _t(en, fr), **extra}

    return [
        q(
            "select_one",
            "in_place",
            f"Is {topic_en} in place?",
            f"{topic_fr.capitalize()} : est-ce en place ?",
            list="yesno",
            required=True,
        ),
        q(
            "select_one",
            "stage",
            "How far is it implemented?",
            "Où en est la mise en œuvre ?",
            list="stage",
            relevant=when,
            required=True,
        ),
        q("select_multiple", "partners", "With whom?", "Avec qui ?", list="partners", relevant=when),
        q(
            "integer",
            "staff",
            "How many officers work on it?",
            "Combien d'agents y travaillent ?",
            constraint=". >= 0",
            relevant=when,
        ),
        q(
            "decimal",
            "share",
            "Share of e-commerce consignments concerned (%)",
            "Part des envois du commerce électronique concernés (%)",
            constraint=". >= 0 and . <= 100",
            constraint_message=_t("Between 0 and 100.", "Entre 0 et 100."),
        ),
        q("text", "notes", "Comments", "Commentaires"),
        {
            "type": "matrix",
            "name": f"{p}_quality",
            "label": _t("How good are the results?", "Quelle est la qualité des résultats ?"),
            "appearance": "field-list",
            "list": "quality",
            "relevant": when,
            "header": {"name": f"{p}_quality_header", "label": _t("Aspect", "Aspect")},
            "rows": [
                q("select_one", f"quality_{key}", en, fr, list="quality", appearance="list-nolabel")
                for key, en, fr in (
                    ("speed", "Speed", "Rapidité"),
                    ("accuracy", "Accuracy", "Exactitude"),
                    ("coverage", "Coverage", "Couverture"),
                )
            ],
        },
    ]


def answers_draw(definition: dict[str, Any], rng: Any, *, level: float, lang: str) -> dict[str, Any]:
    """Answers to every relevant question (some optional ones left blank), better for a higher `level` (0-1):
    choices listed first are taken to be the better ones."""
    answers: dict[str, Any] = {}
    for node, ancestors in defn.walk(definition["children"]):
        if node["type"] not in defn.QUESTION_TYPES or any(a["type"] == "repeat" for a in ancestors):
            continue
        if (not node.get("required") and rng.random() < 0.15) or not defn.is_relevant(
            node, ancestors, answers
        ):
            continue
        answers[node["name"]] = _value(definition, node, rng, level, lang)
    return answers


def _value(definition: dict[str, Any], node: dict[str, Any], rng: Any, level: float, lang: str) -> Any:
    kind = node["type"]
    if kind in ("select_one", "select_multiple"):
        names = [c["name"] for c in defn.choices_of(definition, node.get("list", ""))]
        if kind == "select_multiple":
            return sorted(rng.sample(names, rng.randint(1, min(3, len(names)))))
        rank = (1 - level) + rng.uniform(-0.3, 0.3)
        return names[max(0, min(len(names) - 1, int(rank * len(names))))]
    if kind == "integer":
        return rng.randint(0, 250)
    if kind == "decimal":
        return round(max(0.0, min(100.0, 100 * level + rng.uniform(-25, 25))), 1)
    if kind == "date":
        return (LAST_DAY - datetime.timedelta(days=rng.randrange(1500))).isoformat()
    return FREE_TEXT[lang]


@dataclass(frozen=True)
class SurveySpec:
    number: int
    reference: str
    letter_date: D
    deadline: D
    disclosure: str

    @property
    def open(self) -> bool:
        return self.deadline > LAST_DAY

    @property
    def opened_at(self) -> datetime.datetime:
        return moment(self.letter_date, 60)

    @property
    def closed_at(self) -> datetime.datetime | None:
        """A week after the deadline; None while the survey is open."""
        return None if self.open else moment(self.deadline + datetime.timedelta(days=7))


def survey_specs(*, scale: Scale) -> list[SurveySpec]:
    """The surveys' letters, evenly spread from 2021 to October 2026 (those still running are open)."""
    span = (LAST_LETTER - FIRST_LETTER).days
    disclosures = [Disclosure.AGGREGATE, Disclosure.AGGREGATE, Disclosure.ATTRIBUTED, Disclosure.SECRETARIAT]
    specs = []
    for index in range(scale.surveys):
        letter = FIRST_LETTER + datetime.timedelta(days=span * index // max(1, scale.surveys - 1))
        reference = REFERENCE.format(year=letter.year, number=index + 1)
        deadline = letter + datetime.timedelta(days=100)
        specs.append(
            SurveySpec(index + 1, reference, letter, deadline, disclosures[index % len(disclosures)])
        )
    return specs


def surveys_load(*, scale: Scale, progress: ScaleProgress) -> str:
    members = members_taking_part(scale=scale)
    versions = [_questionnaire_import(number, scale) for number in range(1, scale.questionnaires + 1)]
    existing = set(Survey.objects.filter(illustrative=True).values_list("reference", flat=True))
    specs = [s for s in survey_specs(scale=scale) if s.reference not in existing]
    progress.add(len(specs) * len(members))
    people = _people(members)
    for spec in specs:
        with transaction.atomic():
            _survey_load(spec, versions[(spec.number - 1) % len(versions)], scale, members, people)
        progress.advance(len(members))
    return (
        f"{len(specs)} survey(s) with {len(specs) * len(members)} responses, {len(versions)} questionnaires"
    )


def _questionnaire_import(number: int, scale: Scale) -> QuestionnaireVersion:
    """Through the XLSForm import, as a user's workbook would come (the same version when already imported)."""
    workbook = definition_to_xlsform(
        questionnaire_definition(number=number, questions=scale.survey_questions)
    )
    return questionnaire_import_xlsform(
        file=io.BytesIO(workbook),
        code=f"illustrative-programme-{number}",
        actor=SYSTEM,
        source_name="demo.xlsx",
    )


@dataclass(frozen=True)
class People:
    secretariat: User | None
    focal: dict[int, User]
    writers: dict[int, list[User]]


def _people(members: list[Member]) -> People:
    users = User.objects.filter(
        member__in=members, role__in=[Role.MEMBER_FOCAL_POINT, Role.MEMBER_CONTRIBUTOR]
    )
    focal: dict[int, User] = {}
    writers: dict[int, list[User]] = {}
    for user in users.order_by("username"):
        if user.member_id is None:
            continue
        writers.setdefault(user.member_id, []).append(user)
        if user.role == Role.MEMBER_FOCAL_POINT:
            focal.setdefault(user.member_id, user)
    return People(User.objects.filter(username="secretariat").first(), focal, writers)


def _survey_load(
    spec: SurveySpec, version: QuestionnaireVersion, scale: Scale, members: list[Member], people: People
) -> None:
    survey = _survey(spec, version, scale, people)
    bulk_insert(Survey, [survey])
    survey.targets.set(members)
    plans = [ResponsePlan.build(survey, spec, member, people) for member in members]
    bulk_insert(Response, [p.response for p in plans])
    bulk_insert(ResponseRevision, [r for p in plans for r in p.revisions()])
    events = list(_survey_events(survey, spec, members, people.secretariat))
    audit_insert(events + [e for p in plans for e in p.events()])


def _survey(spec: SurveySpec, version: QuestionnaireVersion, scale: Scale, people: People) -> Survey:
    year = spec.letter_date.year
    return Survey(
        version=version,
        reference=spec.reference,
        title_en=f"{version.title_en} ({year})",
        title_fr=f"{version.title_fr} ({year})",
        letter_date=spec.letter_date,
        signatory=SIGNATORY,
        signatory_title_en="WCO Secretariat",
        signatory_title_fr="Secrétariat de l'OMD",
        letter_body_en="The Secretariat invites Members to answer the attached questionnaire. (Illustrative letter.)",
        letter_body_fr="Le Secrétariat invite les Membres à répondre au questionnaire joint. (Lettre fictive.)",
        target_kind=TargetKind.ALL if scale.members is None else TargetKind.LIST,
        deadline=spec.deadline,
        state=SurveyState.OPEN if spec.open else SurveyState.CLOSED,
        disclosure=spec.disclosure,
        illustrative=True,
        opened_at=spec.opened_at,
        closed_at=spec.closed_at,
        created_by=people.secretariat,
        created_at=moment(spec.letter_date - datetime.timedelta(days=5)),
        updated_at=spec.closed_at or spec.opened_at,
    )


def _survey_events(
    survey: Survey, spec: SurveySpec, members: list[Member], secretariat: User | None
) -> Iterator[AuditEvent]:
    """surveys.survey.create, .open and, once past its deadline, .closed, as `survey_create` and the
    transitions record them."""
    times = ["state", "opened_at", "closed_at"]
    draft = {"state": SurveyState.DRAFT, "opened_at": None, "closed_at": None}
    created = {**model_snapshot(survey), **draft, "targets": sorted(m.iso3 for m in members)}
    yield dated_event(
        secretariat or SYSTEM, "surveys.survey.create", survey, survey.created_at, after=created
    )
    opened = {**draft, "state": SurveyState.OPEN, "opened_at": spec.opened_at}
    yield dated_event(
        secretariat or SYSTEM, "surveys.survey.open", survey, spec.opened_at, before=draft, after=opened
    )
    if spec.closed_at is not None:
        closed = model_snapshot(survey, times)
        reason = "illustrative survey closed after its deadline"
        action = "surveys.survey.closed"
        yield dated_event(
            secretariat or SYSTEM, action, survey, spec.closed_at, before=opened, after=closed, reason=reason
        )


@dataclass
class ResponsePlan:
    """A Member's response: its saves (answers as saved, who, when) and, unless still a draft, its submission."""

    response: Response
    saves: list[tuple[dict[str, Any], User | None, datetime.datetime]] = field(default_factory=list)
    created_by: User | None = None

    @classmethod
    def build(cls, survey: Survey, spec: SurveySpec, member: Member, people: People) -> ResponsePlan:
        rng = scale_random("response", spec.reference, member.iso3)
        writers = people.writers.get(member.pk) or [None]  # type: ignore[list-item]
        writer = rng.choice(writers)
        lang = getattr(writer, "preferred_language", "en")
        level = member_level(member)
        answers = answers_draw(survey.version.definition, rng, level=level, lang=lang)
        submitted = not spec.open or rng.random() < 0.7
        last = min(spec.deadline, LAST_DAY)
        window = max(3, min(40, (last - spec.letter_date).days - 2))
        created = moment(
            spec.letter_date + datetime.timedelta(days=rng.randint(2, window)), rng.randrange(540)
        )
        done = created + (moment(last) - created) * rng.uniform(0.2, 0.95)
        response = Response(survey=survey, member=member, illustrative=True, created_at=created)
        plan = cls(response, created_by=writer)
        if rng.random() < 0.15:  # saved a first time half done
            half = dict(list(answers.items())[: len(answers) // 2])
            plan.saves.append((half, writer, created + (done - created) / 3))
        if submitted or rng.random() < 0.5:
            plan.saves.append((answers, rng.choice(writers), done))
        elif not plan.saves:
            plan.saves.append((dict(list(answers.items())[: len(answers) // 3]), writer, done))
        response.answers, response.updated_by, response.updated_at = plan.saves[-1]
        response.version = 1 + len(plan.saves)
        if submitted:
            focal = people.focal.get(member.pk)
            response.state, response.submitted_by = ResponseState.SUBMITTED, focal
            response.submitted_at = response.updated_at = done + datetime.timedelta(
                minutes=rng.randint(5, 600)
            )
        return plan

    def revisions(self) -> list[ResponseRevision]:
        r, submitted_at = self.response, self.response.submitted_at
        if r.state != ResponseState.SUBMITTED or submitted_at is None:
            return []
        return [
            ResponseRevision(
                response=r,
                kind=RevisionKind.SUBMITTED,
                response_version=r.version,
                answers=r.answers,
                actor=r.submitted_by,
                created_at=submitted_at,
            )
        ]

    def events(self) -> Iterator[AuditEvent]:
        """response_create, one response_save per save, response_submit: the services' records."""
        r = self.response
        empty = {"answers": {}, "version": 1, "state": ResponseState.DRAFT}
        created = {
            **model_snapshot(r),
            **empty,
            "submitted_at": None,
            "submitted_by": None,
            "updated_by": self.created_by.pk if self.created_by else None,
        }
        yield dated_event(
            self.created_by or SYSTEM, "surveys.response.create", r, r.created_at, after=created
        )
        before = empty
        for number, (answers, author, at) in enumerate(self.saves, start=2):
            after = {"answers": answers, "version": number, "state": ResponseState.DRAFT}
            yield dated_event(author or SYSTEM, "surveys.response.save", r, at, before=before, after=after)
            before = after
        submitted_at = r.submitted_at
        if r.state == ResponseState.SUBMITTED and submitted_at is not None:
            before = {"state": ResponseState.DRAFT, "submitted_at": None}
            after = {"state": ResponseState.SUBMITTED, "submitted_at": submitted_at}
            action = "surveys.response.submit"
            yield dated_event(r.submitted_by or SYSTEM, action, r, submitted_at, before=before, after=after)
