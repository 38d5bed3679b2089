"""Charts of survey statistics, rendered on the server (SVG on pages, PNG in documents) via clearway.core.charts."""

from __future__ import annotations

import altair as alt
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from clearway.core.charts import PALETTE, chart_svg_of, chart_theme, chart_to_png
from clearway.surveys.statistics import QuestionStatistics


def choice_chart(question: QuestionStatistics) -> alt.Chart:
    """Horizontal bars: respondents per choice, with the share of respondents in the tooltip."""
    data = [
        {"choice": c.label, "count": c.count, "share": round(c.of_respondents * 100, 1), "order": i}
        for i, c in enumerate(question.choices)
    ]
    respondents, share, answer = _("Respondents"), _("% of respondents"), _("Answer")
    chart = (
        alt.Chart(alt.Data(values=data))
        .mark_bar(color=PALETTE[0])
        .encode(
            x=alt.X("count:Q", title=respondents, axis=alt.Axis(tickMinStep=1)),
            # titled for screen readers ("Answer: Yes"), the axis itself untitled
            y=alt.Y(
                "choice:N", title=answer, axis=alt.Axis(title=None), sort=alt.EncodingSortField(field="order")
            ),
            tooltip=[
                alt.Tooltip("choice:N", title=answer),
                alt.Tooltip("count:Q", title=respondents),
                alt.Tooltip("share:Q", title=share),
            ],
        )
        .properties(width=420, height=max(60, 24 * len(data)), title=question.label[:90])
    )
    return chart_theme(chart)


def matrix_chart(question: QuestionStatistics) -> alt.Chart:
    """Stacked bars: one bar per matrix row (e.g. stakeholder type), split by choice (covered now, planned…)."""
    data = [
        {"row": row.label, "choice": c.label, "count": c.count, "row_order": r}
        for r, row in enumerate(question.rows)
        for c in row.choices
    ]
    choices = [c.label for c in question.rows[0].choices] if question.rows else []
    respondents, answer, item = _("Respondents"), _("Answer"), pgettext("row of a matrix question", "Item")
    chart = (
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            x=alt.X("count:Q", title=respondents, stack="zero", axis=alt.Axis(tickMinStep=1)),
            # titled for screen readers ("Item: Express carriers; Answer: Covered now"), guides untitled
            y=alt.Y(
                "row:N", title=item, axis=alt.Axis(title=None), sort=alt.EncodingSortField(field="row_order")
            ),
            color=alt.Color(
                "choice:N",
                title=answer,
                legend=alt.Legend(title=None),
                sort=choices,  # also the order in which the bars are stacked
                scale=alt.Scale(domain=choices, range=PALETTE[: max(1, len(choices))]),
            ),
            tooltip=[
                alt.Tooltip("row:N", title=item),
                alt.Tooltip("choice:N", title=answer),
                alt.Tooltip("count:Q", title=respondents),
            ],
        )
        .properties(width=420, height=max(60, 26 * len(question.rows)), title=question.label[:90])
    )
    return chart_theme(chart)


def question_chart_svg(question: QuestionStatistics) -> str:
    """The SVG for a select or matrix question; '' for other types or when nobody answered."""
    if question.type == "matrix" and question.rows and question.answered:
        return chart_svg_of(matrix_chart, question=question)
    if question.type in ("select_one", "select_multiple") and question.answered:
        return chart_svg_of(choice_chart, question=question)
    return ""


def question_chart_png(question: QuestionStatistics, *, scale: float = 2.0) -> bytes:
    """The same chart as a PNG, for documents (Word, PDF); b'' when there is nothing to draw."""
    if question.type == "matrix" and question.rows and question.answered:
        return chart_to_png(matrix_chart(question), scale=scale)
    if question.type in ("select_one", "select_multiple") and question.answered:
        return chart_to_png(choice_chart(question), scale=scale)
    return b""
