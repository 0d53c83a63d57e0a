"""Reproducible: the same graph and inputs give byte-identical Markdown, JSON and CSV (and PDF)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from graph.reports import FORMATS, build_portfolio_report, build_report, render
from graph.reports.csv_export import render_table

from .conftest import FINGERPRINT, GENERATED_AT, SAMPLES
from .samples import CLEARVIEW, portfolio_rows


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.parametrize("fmt", FORMATS)
def test_same_inputs_same_bytes(name: str, fmt: str) -> None:
    first, second = (
        build_report(SAMPLES[name](), graph_fingerprint=FINGERPRINT, generated_at=GENERATED_AT)
        for _ in range(2)
    )
    assert render(first, fmt) == render(second, fmt)
    if fmt == "csv":
        assert render_table(first, "evidence") == render_table(second, "evidence")


def test_portfolio_same_bytes() -> None:
    made = [
        build_portfolio_report(
            portfolio_rows(),
            CLEARVIEW,
            as_of="2022-06-01",
            graph_fingerprint=FINGERPRINT,
            generated_at=GENERATED_AT,
        )
        for _ in range(2)
    ]
    for fmt in FORMATS:
        assert render(made[0], fmt) == render(made[1], fmt)


def test_only_the_provenance_changes_with_the_generation_time() -> None:
    result = SAMPLES["police"]()
    early = build_report(result, graph_fingerprint=FINGERPRINT, generated_at=GENERATED_AT)
    late = build_report(
        result, graph_fingerprint=FINGERPRINT, generated_at=datetime(2027, 3, 4, tzinfo=UTC)
    )
    assert early.model_dump(exclude={"provenance"}) == late.model_dump(exclude={"provenance"})
    early_md = render(early, "md").decode().splitlines()
    late_md = render(late, "md").decode().splitlines()
    changed = [a for a, b in zip(early_md, late_md, strict=True) if a != b]
    assert changed == ["| Generated at | 2026-01-02T03:04:05Z |"]
    assert render(early, "csv") == render(late, "csv")  # the tables carry no generation time


def test_the_fingerprint_is_part_of_the_output() -> None:
    result = SAMPLES["police"]()
    other = build_report(result, graph_fingerprint="0" * 64, generated_at=GENERATED_AT)
    ours = build_report(result, graph_fingerprint=FINGERPRINT, generated_at=GENERATED_AT)
    assert render(other, "json") != render(ours, "json")
