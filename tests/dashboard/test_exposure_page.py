"""The customer exposure page: score with formula and weights, affected processes with paths,
evidence, the action checklist, exposure over time, the graph and the downloads."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.reports.progress import ActionProgress
from graph.settings import Settings
from tests.dashboard.conftest import open_page, page_text, unescape

POLICE = {
    "customer": "customer:cust-northshire-police",
    "scenario": "ico-clearview-2022",
    "as_of": "2022-06-01",
}
CONTROL = {
    "customer": "customer:cust-fernhill-accountants",
    "scenario": "ico-clearview-2022",
    "as_of": "2022-06-01",
}


def _exposure(params: dict[str, str], tab: str | None = None) -> object:
    at = open_page("screens/exposure.py", {**params, **({"tab": tab} if tab else {})})
    assert not at.exception, at.exception
    assert at.title[0].value == "Customer exposure"
    return at


def test_police_sample_shows_clearview_at_tier_1(dashboard_env: Settings) -> None:
    at = _exposure(POLICE, "Affected processes")
    customer = next(s for s in at.sidebar.selectbox if s.label == "Customer")
    assert customer.value == "customer:cust-northshire-police"
    text = page_text(at)
    # 67.0, high: 0.3 x regulatory 81.7 (sensitivity 85 x scale 0.73 for 1,800 people, + 20 for
    # precedents) + 0.15 x reputational 100 + 0.25 x operational 30 + 0.2 x data remediation 100 (at
    # 2022-06-01 the UK-US data bridge, 2023-10-12, does not yet cover US storage).
    assert "Northshire Constabulary" in text and "Exposure score: 67.0 / 100" in text
    assert "HIGH" in text
    # The metric gives the status of the kind that carries the event (the stop-processing order).
    assert "Status as of date: in force" in text
    affected = at.dataframe[0].value
    assert list(affected["tier"]) == [1]
    assert (
        "Clearview AI" in affected["path"][0]
        and "Suspect identification trial" in affected["path"][0]
    )


def test_the_answer_comes_first_in_plain_sentences(dashboard_env: Settings) -> None:
    at = _exposure(POLICE)
    text = page_text(at)
    assert "What this means for us" in text and "What to do first" in text
    # The machinery is behind its own tab, not on the opening view.
    assert "VENDORGRAPH_WEIGHTS" not in text and "score = force(" not in text
    assert "Northshire" in text and "Clearview" in text


def test_score_tab_shows_formula_weights_and_dimensions(dashboard_env: Settings) -> None:
    at = _exposure(POLICE, "How this score is built")
    text = page_text(at)
    assert "score = reach(scope, jurisdiction)" in text and "Scope of the order" in text
    assert "= **67.0**" in text  # the arithmetic of this result, weights included
    # The declared kinds (graph.vocabulary.ACTION_KINDS), not a table of raw status codes.
    kinds = next(d.value for d in at.dataframe if "kind" in d.value.columns)
    said = {
        (k, s): f for k, s, f in zip(kinds["kind"], kinds["status"], kinds["force"], strict=True)
    }
    assert said[("order", "in force")] == 1.0 and said[("notice of intent", "proposed")] == 0.5
    assert said[("findings", "published")] == 0.4 and said[("statement", "made")] == 0.5
    assert "issued" not in set(kinds["status"])
    assert "The weights are set by whoever runs this service" in text
    assert "VENDORGRAPH_WEIGHTS" not in text and "weights.REACH" not in text
    dims = next(d.value for d in at.dataframe if "dimension" in d.value.columns)
    assert set(dims["dimension"]) == {
        "Operational",
        "Regulatory",
        "Data remediation",
        "Sanctions",
        "Reputational",
    }
    assert abs(sum(dims["weight"]) - 1.0) < 1e-9


def test_evidence_cites_sources_with_links_and_dates(dashboard_env: Settings) -> None:
    at = _exposure(POLICE, "Evidence")
    links = [unescape(m.value) for m in at.markdown if "https://ico.org.uk" in m.value]
    assert links and any("2022-05-23" in m for m in links)


def test_actions_are_a_checklist_kept_in_the_home(
    built_settings: Settings, built_store: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A home of its own around the session's graph: a tick is written to the home, and the shared
    # home must stay as other tests expect it.
    home = tmp_path / "home"
    home.mkdir()
    (home / "ladybug").symlink_to(built_settings.home / "ladybug")
    monkeypatch.setenv("VENDORGRAPH_HOME", str(home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    at = _exposure(POLICE, "Actions")
    labels = [c.label for c in at.checkbox]
    assert any("Suspend use of Clearview AI" in label and "CRITICAL" in label for label in labels)
    assert at.checkbox[0].disabled  # nobody to record as the one who did it yet
    at.text_input(key="progress-who").set_value("a.dpo").run()
    at.checkbox[0].check().run()
    assert not at.exception, at.exception
    assert at.checkbox[0].value is True
    assert "Done: marked by a.dpo on " in page_text(at)
    ticks = ActionProgress(home).load()
    assert [(t.by, t.done) for t in ticks.values()] == [("a.dpo", True)]


def test_over_time_shows_in_force_overturned_remitted(dashboard_env: Settings) -> None:
    at = _exposure({**POLICE, "as_of": "2025-11-01"}, "Over time")
    timeline = at.dataframe[0].value
    # Each status in the kind's own words (uk-law.md): the order "overturned", the fine "set aside".
    assert list(timeline["status"]) == [
        "not yet made public",
        "in force (order); imposed (fine)",
        "overturned (order); set aside (fine)",
        "overturned (order); set aside (fine)",
        "remitted",
    ]
    # The FTT's ruling of 2023-10-17 is known from its first report (S3, November 2023).
    assert list(timeline["date"])[2] == "2023-11"
    # Overturned: force 0.3 scales only the order-driven dimensions, not the duties:
    # 0.3 x 81.7 + 0.15 x 100 + 0.3 x (0.25 x 30 + 0.2 x 85) = 46.9.
    assert list(timeline["score"])[:3] == [0.0, 67.0, 46.9]
    assert list(timeline["band"])[1] == "high"
    assert "Upper Tribunal" in page_text(at)


def test_over_time_stops_at_the_as_of_date(dashboard_env: Settings) -> None:
    at = _exposure(POLICE, "Over time")  # as of 2022-06-01
    timeline = at.dataframe[0].value
    assert list(timeline["date"]) == ["2022-05-22", "2022-05-23"]
    text = page_text(at)
    assert "Upper Tribunal" not in text and "First-tier Tribunal" not in text


def test_control_customer_shows_low_band(dashboard_env: Settings) -> None:
    at = _exposure(CONTROL, "Affected processes")
    assert "LOW" in page_text(at)
    assert any("No process of this customer depends" in s.value for s in at.success)


def test_as_of_2024_shows_the_penalty_overturned(dashboard_env: Settings) -> None:
    at = _exposure({**POLICE, "as_of": "2024-01-01"})
    assert any(m.value == "overturned" for m in at.metric)


def test_export_tab_offers_every_report_format(dashboard_env: Settings) -> None:
    from graph.reports import FORMATS

    at = _exposure(POLICE, "Export")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [f"Download {f.upper()}" + (" tables" if f == "csv" else "") for f in FORMATS]


def test_graph_tab_draws_the_paths_and_links_to_the_explorer(dashboard_env: Settings) -> None:
    at = _exposure(POLICE, "Graph")
    rows = at.dataframe[0].value  # the table twin of the drawing
    assert "Clearview AI, Inc. (vendor)" in set(rows["from"]) | set(rows["to"])
    assert "offers" in set(rows["relationship"])
