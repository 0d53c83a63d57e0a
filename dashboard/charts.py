"""Charts for the dashboard (Vega-Lite through Altair: rendered by Streamlit's bundled frontend, so
they work offline). Each chart has a description for screen readers and a table of the same data
beside it on the page; colour is never the only carrier of meaning (bands are also written out).

Streamlit fits a chart into its height, legend and all, so the heights below leave room for the
legend; titles are page text above the chart rather than part of it, for the same reason.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import streamlit as st

from dashboard.widgets import md
from graph.explore.views import BAND_COLOURS, BAND_ORDER
from graph.exposure.weights import BANDS
from graph.vocabulary import NOT_PUBLIC

__all__ = [
    "band_scale",
    "portfolio_chart",
    "timeline_chart",
    "vendor_timeline_chart",
    "weighted_chart",
]

_MULTIPLY = "\N{MULTIPLICATION SIGN}"
_LEGEND_ROOM = 60


def _data(values: list[dict[str, Any]]) -> Any:
    # Inline values, so a chart needs neither pandas nor a data URL.
    return alt.Data(values=values)  # type: ignore[no-untyped-call]


def _show(chart: Any, title: str, description: str, height: int) -> None:
    st.markdown(f"**{md(title)}**")
    text = f"{title}. {description}"
    # `alt` is what a screen reader announces for the chart. Streamlit logs a warning with a stack
    # trace when the spec also sets `description`, so the text is given once, as `alt`.
    st.altair_chart(chart.properties(height=height), width="stretch", alt=text[:1000])


def band_scale() -> alt.Scale:
    return alt.Scale(domain=BAND_ORDER, range=[BAND_COLOURS[b] for b in BAND_ORDER])


def _band_legend() -> alt.Legend:
    return alt.Legend(title="Band", orient="bottom", direction="horizontal")


def portfolio_chart(rows: list[dict[str, Any]], title: str) -> None:
    """Horizontal bars: one per customer, score 0-100, coloured and labelled by band."""
    if not rows:
        return
    bars = alt.Chart(_data(rows)).mark_bar().encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title="Exposure score (0-100)"),
        # An explicit order: a field sort is dropped when layers with other data share the axis.
        y=alt.Y("customer:N", sort=[r["customer"] for r in rows], title=None,
                axis=alt.Axis(labelLimit=320)),
        color=alt.Color("band:N", scale=band_scale(), legend=_band_legend()),
        tooltip=["rank:Q", "customer:N", "score:Q", "band:N", alt.Tooltip("affected processes:Q"), "drivers:N"],
    )  # fmt: skip
    labels = (
        bars.mark_text(align="left", dx=4)
        .encode(text=alt.Text("label:N"), color=alt.value("#212529"))
        .transform_calculate(label="format(datum.score, '.1f') + ' ' + upper(datum.band)")
    )
    floors = [{"band": name, "floor": floor} for name, floor in BANDS if floor > 0]
    rules = (
        alt.Chart(_data(floors))
        .mark_rule(strokeDash=[4, 4], color="#868e96")
        .encode(x=alt.X("floor:Q"), tooltip=["band:N", "floor:Q"])
    )
    description = "; ".join(f"{r['customer']}: {r['score']:.1f} {r['band']}" for r in rows)
    _show(bars + labels + rules, title, description, 60 + 30 * len(rows) + _LEGEND_ROOM)


def timeline_chart(rows: list[dict[str, Any]], title: str, as_of: str | None = None) -> None:
    """The exposure score as a step line over the dates the enforcement history changed."""
    if not rows:
        return
    base = alt.Chart(_data(rows)).encode(
        x=alt.X("date:T", title="Date", axis=alt.Axis(format="%b %Y", tickCount="month"))
    )
    line = base.mark_line(interpolate="step-after", color="#495057").encode(
        y=alt.Y("score:Q", scale=alt.Scale(domain=[0, 100]), title="Exposure score")
    )
    points = base.mark_point(filled=True, size=140, opacity=1).encode(
        y="score:Q",
        color=alt.Color("band:N", scale=band_scale(), legend=_band_legend()),
        tooltip=["date:T", "score:Q", "band:N", "status:N", "what happened:N"],
    )
    # The baseline sits a day before the action was made public; labelling it too would overprint
    # the first status.
    labels = (
        base.mark_text(dy=-14, color="#212529")
        .encode(y="score:Q", text="status:N")
        .transform_filter(f"datum.status != '{NOT_PUBLIC}'")
    )
    layers = line + points + labels
    if as_of:  # the page's as-of date, so the curve reads against the rest of the page
        marker = alt.Chart(_data([{"date": as_of, "label": f"as of {as_of}"}]))
        layers += marker.mark_rule(color="#1971c2", strokeDash=[2, 3]).encode(
            x="date:T", tooltip=["label:N"]
        )
        layers += marker.mark_text(color="#1971c2", align="left", dx=4, y=8).encode(
            x="date:T", text="label:N"
        )
    description = "; ".join(f"{r['date']}: {r['score']:.1f} ({r['status']})" for r in rows)
    _show(layers, title, description, 300 + _LEGEND_ROOM)


def vendor_timeline_chart(rows: list[dict[str, Any]], title: str) -> None:
    """Every status step of a vendor's actions: date across, jurisdiction down, status as colour."""
    if not rows:
        return
    chart = alt.Chart(_data(rows)).mark_point(filled=True, size=110, opacity=0.9).encode(
        x=alt.X("date:T", title="Date", axis=alt.Axis(format="%Y", tickCount="year"), scale=alt.Scale(nice="year")),
        y=alt.Y("jurisdiction:N", title="Jurisdiction", sort="ascending"),
        color=alt.Color("status:N", scale=alt.Scale(scheme="dark2"),
                        legend=alt.Legend(title="Status", orient="bottom", direction="horizontal", columns=7)),
        shape=alt.Shape("relation:N", legend=alt.Legend(title="Action", orient="bottom", direction="horizontal")),
        tooltip=["date:T", "jurisdiction:N", "action:N", "status:N", "note:N"],
    )  # fmt: skip
    jurisdictions = len({r["jurisdiction"] for r in rows})
    description = f"{len(rows)} status steps across {jurisdictions} jurisdictions."
    _show(chart, title, description, 70 + 26 * jurisdictions + 2 * _LEGEND_ROOM)


def weighted_chart(rows: list[dict[str, Any]], title: str) -> None:
    """Each dimension's weighted contribution to the score before the order's force is applied."""
    chart = (
        alt.Chart(_data(rows))
        .mark_bar(color="#1971c2")
        .encode(
            x=alt.X("weighted:Q", title=f"score {_MULTIPLY} weight"),
            y=alt.Y("dimension:N", sort="-x", title=None),
            tooltip=["dimension:N", "score:Q", "weight:Q", "weighted:Q"],
        )
    )
    description = "; ".join(f"{r['dimension']}: {r['weighted']}" for r in rows)
    _show(chart, title, description, 60 + 28 * len(rows))
