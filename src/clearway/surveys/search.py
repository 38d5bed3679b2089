"""What the search box finds in surveys: the surveys the reader may see (`survey_list` rules: a draft stays with
the secretariat) and their official letters, by title or letter reference."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clearway.core.actors import Actor
from clearway.core.search import DOCUMENTS, SearchHit, SearchKind, search_match, search_rank_of
from clearway.surveys.models import Survey
from clearway.surveys.selectors import survey_list

SURVEYS = SearchKind("surveys", _("Surveys"), order=60)


def search_results(*, user: Actor, query: str, limit: int) -> list[SearchHit]:
    # The visible surveys by id: `survey_list` joins each survey's targets (a row per Member) for its rules.
    visible = Survey.objects.filter(pk__in=survey_list(user=user).values("pk")).select_related("version")
    found = list(
        search_match(visible, query=query, fields=["title_en", "title_fr"], codes=["reference"])[:limit]
    )
    surveys = [
        SearchHit(
            kind=SURVEYS,
            title=survey.title,
            url=reverse("surveys:detail", args=[survey.pk]),
            detail=f"{survey.reference} · {survey.get_state_display()}",
            rank=search_rank_of(survey),
        )
        for survey in found
    ]
    letters = [
        SearchHit(
            kind=DOCUMENTS,
            title=gettext("Letter %(reference)s: %(title)s")
            % {"reference": survey.reference, "title": survey.title},
            url=reverse("surveys:letter", args=[survey.pk]),
            detail=gettext("Survey letter dated %(date)s") % {"date": date_format(survey.letter_date)},
            rank=search_rank_of(survey),
        )
        for survey in found
    ]
    return surveys + letters
