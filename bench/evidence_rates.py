"""The rates that hurt users on the issue-17 evaluation set: figures, never a pass or fail.

For every case of tests/eval/expected_evidence.yaml that asks one scenario (a case with a review
step is asked as a user gets it before the review), on the embedded store built from the bundled data and the evaluation
inventories, with the cited fine caps passed as the CLI and dashboard pass them, it counts:

* answers citing a source dated after the as-of date (anywhere: scenario, evidence, actions,
  report sources). A source's date is its date in this tree's graph/data/kb/sources.yaml, so the same
  yardstick measures an older tree (run with PYTHONPATH at that tree); a source this tree no longer
  holds is dated by the decision it reports (S2: 2022-05-23, S7: 2025-10-07), a lower bound;
* payment-stop actions ("Stop payments" or "before further payments") in answers where no UK
  designation was found or assumed;
* answers that misname a kind of action: an action that is not an order called "the order", a
  raw "'issued'" status, a written statement's event called "vendor leaves the market", or a
  settlement listed under fines.

Usage:
    python bench/evidence_rates.py [--kb-dates PATH/TO/sources.yaml]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))

_LOWER_BOUNDS = {"S2": "2022-05-23", "S7": "2025-10-07"}
_PAYMENT_STOP = re.compile(r"(?i)stop payments|before further payments")


def _source_dates(path: Path) -> dict[str, str]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]
    return {**_LOWER_BOUNDS, **{r["id"]: str(r["date"]) for r in rows if r.get("date")}}


def _scenario(store: Any, spec: dict[str, Any]) -> Any:
    from graph.exposure.scenarios import compose, find_scenario
    from graph.model import Event

    if "ready" in spec:
        return find_scenario(store, spec["ready"])
    what = spec["what_if"]
    return compose(store, vendor_id=what["vendor"], event=Event(what["event"]),
                   effective_date=what["effective_date"],
                   jurisdiction=what.get("jurisdiction", "GB"))  # fmt: skip


def _cited(result: Any, report: Any) -> set[str]:
    ids = {s.id for s in result.scenario.sources} | {s.id for s in result.sources}
    ids |= {s.id for a in result.actions for s in a.sources}
    ids |= {s.id for d in result.dimensions for e in d.evidence for s in e.sources}
    ids |= {getattr(c, "id", "") for c in report.sources}
    return ids


def _settlements(store: Any) -> list[str]:
    rows = store.read("MATCH (a:EnforcementAction) RETURN a.name AS name, a.kinds AS kinds")
    return [r["name"] for r in rows if "settlement" in (r["kinds"] or [])]


def _misnamed(result: Any, text: str, settlements: list[str]) -> bool:
    kinds = list(getattr(result.scenario, "kinds", None) or [])
    action = result.scenario.action_id is not None
    if action and "order" not in kinds and re.search(r"\bthe order\b", text, re.I):
        return True  # also true on a tree without kinds: nothing said the action was not an order
    if "'issued'" in text:
        return True
    fines = [e.claim for d in result.dimensions for e in d.evidence if e.claim.startswith("Fines")]
    if any(name in claim for claim in fines for name in settlements):
        return True
    statement = "statement" in kinds or "statement" in result.scenario.name.casefold()
    return statement and "vendor leaves the market" in text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    from graph.settings import BUNDLED_DATA

    parser.add_argument("--kb-dates", type=Path, default=BUNDLED_DATA / "kb" / "sources.yaml")
    args = parser.parse_args()
    dates = _source_dates(args.kb_dates)

    from graph.exposure.engine import exposure
    from graph.exposure.rules import read_rules
    from graph.reports import build_report, render
    from graph.store.ladybug import LadybugStore
    from ingest.build import rebuild
    from tests.conftest import make_settings

    cases = yaml.safe_load((ROOT / "tests/eval/expected_evidence.yaml").read_text())["cases"]
    inventories = sorted((ROOT / "tests/eval/inventories").glob("*.csv"))
    with tempfile.TemporaryDirectory() as tmp:
        settings = make_settings(Path(tmp))
        store = LadybugStore(settings.home / "ladybug")
        rebuild(store, settings, extra_inventories=inventories)
        rules = read_rules(settings.data / "kb")
        settlements = _settlements(store)
        answers = future = payment = payment_no_uk = misnamed = 0
        for case in cases:
            if "scenario" not in case:
                continue
            scenario = _scenario(store, case["scenario"])
            day = date.fromisoformat(case["as_of"])
            result = exposure(store, case["customer"], scenario, day, rules=rules)
            report = build_report(result, graph_fingerprint="rates")
            text = render(report, "md").decode()
            answers += 1
            later = [s for s in _cited(result, report) if dates.get(s, "") > case["as_of"]]
            future += bool(later)
            stops = [a for a in result.actions if _PAYMENT_STOP.search(a.title + " " + a.detail)]
            uk = any(
                "UK designation" in e.claim and not e.claim.startswith("No UK designation")
                for d in result.dimensions for e in d.evidence
            ) or (getattr(scenario, "what_if", False) and scenario.jurisdiction in ("GB", "UN")
                  and scenario.event.value == "sanctions_designation")  # fmt: skip
            payment += len(stops)
            payment_no_uk += len(stops) if not uk else 0
            misnamed += _misnamed(result, text, settlements)
            if later:
                print(f"  {case['id']}: cites {sorted(later)} after {case['as_of']}")
        store.close()
    print(f"answers: {answers}")
    print(f"answers citing a source dated after the as-of date: {future}")
    print(f"payment-stop actions: {payment}, of which with no UK designation: {payment_no_uk}")
    print(f"answers misnaming a kind of action: {misnamed}")


if __name__ == "__main__":
    main()
