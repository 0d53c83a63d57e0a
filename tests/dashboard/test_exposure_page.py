"""The customer exposure page in Streamlit's AppTest, with assertions on what it shows."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from graph.settings import Settings
from tests.dashboard.conftest import APP


def _run(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [m.value for m in at.info]
    parts += [str(m.value) for m in at.metric] + [m.label for m in at.metric]
    return "\n".join(parts)


def test_police_sample_shows_clearview_at_tier_1(dashboard_env: Settings) -> None:
    at = _run({"customer": "customer:cust-northshire-police", "scenario": "ico-clearview-2022", "as_of": "2022-06-01"})
    assert not at.exception, at.exception
    assert at.title[0].value == "Customer exposure"
    assert at.sidebar.selectbox[0].value == "customer:cust-northshire-police"
    text = _text(at)
    assert "Northshire Constabulary" in text and "HIGH" in text or "CRITICAL" in text
    affected = at.dataframe[1].value
    assert list(affected["tier"]) == [1]
    assert "Clearview AI" in affected["path"][0]
    assert any("ico.org.uk" in m.value for m in at.markdown)  # cited source links
    actions = at.dataframe[2].value
    assert "Suspend" in " ".join(actions["action"])


def test_control_customer_shows_low_band(dashboard_env: Settings) -> None:
    at = _run({"customer": "customer:cust-fernhill-accountants", "scenario": "ico-clearview-2022", "as_of": "2022-06-01"})
    assert not at.exception, at.exception
    assert "LOW" in _text(at)
    assert any("No process of this customer depends" in s.value for s in at.success)


def test_as_of_2024_shows_the_penalty_overturned(dashboard_env: Settings) -> None:
    at = _run({"customer": "customer:cust-northshire-police", "scenario": "ico-clearview-2022", "as_of": "2024-01-01"})
    assert not at.exception, at.exception
    assert any(m.value == "overturned" for m in at.metric)


def test_missing_graph_is_a_message_not_a_traceback(tmp_path: object, monkeypatch: object) -> None:
    import pytest

    mp = pytest.MonkeyPatch()
    mp.setenv("VENDORGRAPH_HOME", str(tmp_path))
    try:
        at = AppTest.from_file(APP, default_timeout=60).run()
    finally:
        mp.undo()
    assert not at.exception
    assert any("vendorgraph ingest" in e.value for e in at.error)
