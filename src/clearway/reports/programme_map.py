"""What the programme map (members/map.py draws it) shows for each Member: its assessment status or overall score
in a cycle, its response to a survey, or the workshops it attended. Put together here, above the domain apps,
since it reads three of them.

Each value is read through the selectors of the app that owns it, so the map shows what the reader may see and
nothing more: another Member's draft assessment or survey response is "not shown", as on the cycle and survey
pages.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q, TextChoices
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from clearway.assessments.analytics import cycle_heatmap
from clearway.assessments.models import AssessmentCycle, AssessmentStatus
from clearway.assessments.selectors import assessment_list_for_user, cycle_current, cycle_get, cycle_list
from clearway.capacity.models import ActivityKind, ActivityStatus
from clearway.capacity.selectors import activity_queryset
from clearway.core.actors import Actor, request_actor
from clearway.core.charts import PALETTE
from clearway.core.viewers import viewer_is_secretariat, viewer_member_id
from clearway.members.map import NO_DATA, MapCategory, MapRow, ProgrammeMap, boundary_codes, programme_map_svg
from clearway.members.models import Member
from clearway.members.selectors import member_list
from clearway.surveys.models import ResponseState, Survey, SurveyState
from clearway.surveys.selectors import response_list, survey_get_for_user, survey_list


class MapMeasure(TextChoices):
    STATUS = "status", gettext_lazy("Assessment status in a cycle")
    SCORE = "score", gettext_lazy("Overall score in a cycle")
    SURVEY = "survey", gettext_lazy("Response to a survey")
    WORKSHOPS = "workshops", gettext_lazy("Workshops attended")


WORKSHOP_KINDS = [
    ActivityKind.NATIONAL_WORKSHOP,
    ActivityKind.REGIONAL_WORKSHOP,
    ActivityKind.SUBREGIONAL_WORKSHOP,
]


def programme_map(
    *, viewer: Actor, measure: str, cycle: AssessmentCycle | None = None, survey: Survey | None = None
) -> ProgrammeMap:
    """Every Member the viewer may see with its value for `measure` (a MapMeasure), as the viewer may see it.

    `cycle` is needed for the status and score maps, `survey` for the survey map; without them, every Member
    has nothing to show.
    """
    members = sorted(member_list(viewer=viewer), key=lambda m: m.name.casefold())
    if measure == MapMeasure.SCORE:
        return _score_map(viewer=viewer, members=members, cycle=cycle)
    if measure == MapMeasure.SURVEY:
        categories, values = _survey_values(viewer=viewer, survey=survey)
        legend = _("Response")
    elif measure == MapMeasure.WORKSHOPS:
        categories, values = _workshop_values(viewer=viewer)
        legend = _("Workshops")
    else:
        categories, values = _status_values(viewer=viewer, cycle=cycle)
        legend = _("Status")
    labels = {c.key: c.label for c in categories}
    drawn = boundary_codes()
    rows = []
    for member in members:
        key, label = values.get(member.pk, (categories[-1].key, ""))
        rows.append(MapRow(member, key, label or labels[key], drawn=member.iso3 in drawn))
    return ProgrammeMap(measure=measure, legend=legend, rows=rows, categories=categories)


Values = dict[int, tuple[str, str]]  # Member id -> (category key, label when it says more than the category)


def _status_values(*, viewer: Actor, cycle: AssessmentCycle | None) -> tuple[list[MapCategory], Values]:
    colours = {
        AssessmentStatus.VALIDATED: PALETTE[2],
        AssessmentStatus.SUBMITTED: PALETTE[0],
        AssessmentStatus.RETURNED: PALETTE[3],
        AssessmentStatus.IN_PROGRESS: PALETTE[1],
        AssessmentStatus.NOT_STARTED: PALETTE[5],
    }
    categories = [MapCategory(str(s), str(s.label), colour) for s, colour in colours.items()]
    categories.append(MapCategory("none", _("No assessment to show"), NO_DATA))
    if cycle is None:
        return categories, {}
    visible = assessment_list_for_user(user=viewer, cycle=cycle)
    return categories, {a.member_id: (a.status, "") for a in visible}


def _score_map(*, viewer: Actor, members: list[Member], cycle: AssessmentCycle | None) -> ProgrammeMap:
    """Overall scores of the cycle's completed assessments the viewer may see, over the indicators disclosed to
    the viewer (the stored scores, as on the cycle's heat map)."""
    scores = {}
    if cycle is not None:
        scores = {row.assessment.member_id: row.overall for row in cycle_heatmap(viewer=viewer, cycle=cycle)}
    drawn, none = boundary_codes(), _("No score to show")
    rows = [
        MapRow(
            member,
            "",
            none if (score := scores.get(member.pk)) is None else f"{score:.1f}",
            score=score,
            drawn=member.iso3 in drawn,
        )
        for member in members
    ]
    return ProgrammeMap(measure=MapMeasure.SCORE, legend=_("Overall score (0-100)"), rows=rows)


def _survey_values(*, viewer: Actor, survey: Survey | None) -> tuple[list[MapCategory], Values]:
    """The responses the viewer may read (`response_list`); a Member not asked, or whose response is not the
    viewer's to see, has nothing to show. Who was asked is shown only where the survey page shows it."""
    categories = [
        MapCategory(ResponseState.SUBMITTED, _("Submitted"), PALETTE[0]),
        MapCategory(ResponseState.DRAFT, _("Draft in progress"), PALETTE[1]),
        MapCategory("not_started", _("Not started"), PALETTE[3]),
        MapCategory("none", _("No response to show"), NO_DATA),
    ]
    if survey is None:
        return categories, {}
    values: Values = {r.member_id: (r.state, "") for r in response_list(user=viewer, survey=survey)}
    asked = survey.targets.values_list("pk", flat=True)
    if not viewer_is_secretariat(viewer):
        asked = asked.filter(pk=viewer_member_id(viewer) or 0)
    for member_id in asked:
        values.setdefault(member_id, ("not_started", ""))
    return categories, values


def _workshop_values(*, viewer: Actor) -> tuple[list[MapCategory], Values]:
    """Delivered workshops each Member took part in (listed as a participant, or hosting its national workshop);
    else whether a regional or sub-regional workshop was delivered for its region (the register often records
    how many Members took part in those, not which)."""
    categories = [
        MapCategory("national", _("National workshop"), PALETTE[0]),
        MapCategory("participant", _("Took part in a regional or sub-regional workshop"), PALETTE[2]),
        MapCategory("region", _("A workshop was held for its region"), PALETTE[4]),
        MapCategory("none", _("No workshop yet"), NO_DATA),
    ]
    workshops = (
        activity_queryset(viewer=viewer)
        .prefetch_related(None)
        .filter(status=ActivityStatus.DELIVERED, kind__in=WORKSHOP_KINDS)
    )
    attended: dict[int, set[int]] = {}
    national: set[int] = set()
    pairs = workshops.filter(Q(members__isnull=False)).values_list("pk", "members", "kind")
    hosted = workshops.filter(support_request__isnull=False).values_list(
        "pk", "support_request__member", "kind"
    )
    for activity_id, member_id, kind in [*pairs, *hosted]:
        attended.setdefault(member_id, set()).add(activity_id)
        if kind == ActivityKind.NATIONAL_WORKSHOP:
            national.add(member_id)
    values: Values = {}
    for member_id, activities in attended.items():
        count = len(activities)
        label = ngettext("%(count)d workshop", "%(count)d workshops", count) % {"count": count}
        values[member_id] = ("national" if member_id in national else "participant", label)
    regions = set(workshops.filter(region__isnull=False).values_list("region_id", flat=True))
    for member_id in member_list(viewer=viewer).filter(region_id__in=regions).values_list("pk", flat=True):
        values.setdefault(member_id, ("region", ""))
    return categories, values


# ---------------------------------------------------------------- the page (members:map, see member_urls.py)


def _chosen_id(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


@login_required
def member_map(request: HttpRequest) -> HttpResponse:
    """The programme on a world map, by the measure chosen, with the same values as a table."""
    measure = request.GET.get("show", "")
    measure = measure if measure in MapMeasure.values else MapMeasure.STATUS
    cycle_id, survey_id = _chosen_id(request, "cycle"), _chosen_id(request, "survey")
    cycle = cycle_get(viewer=request_actor(request), cycle_id=cycle_id) if cycle_id else cycle_current()
    surveys = survey_list(user=request_actor(request)).order_by("-letter_date", "-id")
    # By default the latest survey sent (a draft has no responses yet).
    latest = surveys.exclude(state=SurveyState.DRAFT).first() or surveys.first()
    survey = survey_get_for_user(user=request_actor(request), survey_id=survey_id) if survey_id else latest
    programme = programme_map(viewer=request_actor(request), measure=measure, cycle=cycle, survey=survey)
    return render(
        request,
        "members/map.html",
        {
            "programme": programme,
            "map_svg": programme_map_svg(programme=programme),
            "measures": MapMeasure.choices,
            "cycles": cycle_list(viewer=request_actor(request)),
            "cycle": cycle,
            "surveys": surveys,
            "survey": survey,
        },
    )
