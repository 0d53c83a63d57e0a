"""After each build: log its change set, re-score who it affects, raise and deliver alerts.

`Monitor.before` runs while the previous graph is still visible (graph.changes.incremental calls it with
the change set): it makes sure every scenario that will be compared has a "before" score, reusing
the previous build's scores when they were taken on that very graph and date, else scoring the
old graph. `Monitor.after` scores the new graph, compares (graph.changes.alerts), appends the build to the
change log (graph.changes.log) and posts new alerts to the webhook (graph.changes.webhook) when one is set.
A first build only logs: there is nothing to compare with. It runs after the graph and the
registry have committed (ingest.build), so nothing here can undo or split them; a delivery that
failed is one line in `warnings` for the command to print.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from graph.changes import alerts
from graph.changes.change_set import ChangeSet
from graph.changes.incremental import BuildResult
from graph.changes.log import DETAIL_LIMIT, ChangeLog, now
from graph.changes.score_cache import load_scores, save_scores
from graph.changes.webhook import Delivery, deliver
from graph.errors import UserError
from graph.exposure.batch import Progress
from graph.results import Scenario
from graph.store.protocol import QueryError, Store, StoreUnavailable

__all__ = ["Monitor"]

_PRODUCTS = "MATCH (v:Vendor {id: $v})-[:OFFERS]->(p:Product) RETURN p.id AS id"
_ENTITIES = "MATCH (v:Vendor {id: $v})-[:MATCHES]->(l:ListedEntity) RETURN l.id AS id"
_DESIGNATIONS = (
    "MATCH (v:Vendor {id: $v})-[:MATCHES]->(l:ListedEntity) "
    "MATCH (d:Designation)-[:DESIGNATES]->(l) RETURN d.id AS id"
)
_PROCESSES = "MATCH (c:Customer)-[:RUNS]->(p:Process) RETURN c.id AS c, p.id AS p"


def _scenario_ids(store: Store, scenario: Scenario) -> set[str]:
    """Ids whose change can move exposure to `scenario`: vendor, action, products, listings."""
    ids = {scenario.vendor_id, *(x for x in (scenario.action_id, scenario.product_id) if x)}
    for query in (_PRODUCTS, _ENTITIES, _DESIGNATIONS):
        ids |= {row["id"] for row in store.read(query, {"v": scenario.vendor_id})}
    return ids


class Monitor:
    """Change log, re-scoring and alerts around one build of `store` (home: where they live)."""

    def __init__(
        self,
        store: Store,
        home: Path,
        as_of: str | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.store = store
        self.progress = progress  # told how the re-scoring goes, scenario by scenario
        self.home = Path(home)
        self.as_of = as_of or dt.date.today().isoformat()
        try:
            self.previous = store.version()
        except StoreUnavailable:
            self.previous = ""
        saved = load_scores(self.home)
        fresh = saved.get("version") == self.previous and saved.get("as_of") == self.as_of
        self.before_scores: alerts.Scores = saved.get("scores", {}) if fresh else {}
        self.affected = alerts.Affected()
        self.started = time.perf_counter()
        self.warnings: list[str] = []

    def _scenarios(self, changes: ChangeSet) -> tuple[dict[str, Scenario], int]:
        scenarios = alerts.ready_scenarios(self.store)
        touched, skipped = alerts.touched_scenarios(self.store, changes, self.as_of)
        scenarios.update(touched)
        return scenarios, skipped

    def before(self, changes: ChangeSet) -> None:
        """Score, on the graph about to be replaced, the pairs the change set can move and the
        previous build's scores do not already hold."""
        if changes.first_build or not len(changes):
            return
        self.affected = alerts.affected(self.store, changes)
        scenarios, _ = self._scenarios(changes)
        known = self.before_scores

        def missing(key: str, cid: str) -> bool:
            vendor = scenarios[key].vendor_id
            return self.affected(cid, vendor) and cid not in known.get(key, {}).get("rows", {})

        for key, scored in alerts.score_all(
            self.store, scenarios, self.as_of, missing, progress=self.progress
        ).items():
            entry = known.setdefault(key, {"scenario": scored["scenario"], "rows": {}})
            entry["rows"].update(scored["rows"])

    def after(self, result: BuildResult) -> dict[str, Any]:
        """Score the new graph, raise alerts, log the build and deliver; returns the log entry."""
        changes = result.changes
        raised: list[alerts.Alert] = []
        skipped = 0
        scoring = 0.0
        problem: str | None = None
        if not changes.first_build:
            try:
                raised, skipped, scoring = self._rescore(result)
            except (QueryError, StoreUnavailable) as exc:
                # The graph and registry have committed: a re-scoring the store cannot finish
                # (a query timeout on a huge change set) is said, never turned into a failure.
                problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                self.warnings.append(
                    f"re-scoring after this build stopped ({problem}); no alerts were raised "
                    "for it, and the next build scores the graph afresh"
                )
        details = changes.as_dicts(DETAIL_LIMIT)
        logged = alerts.logged(raised)
        entry = {
            "version": result.version,
            "previous": self.previous,
            "built_at": now(),
            "backend": self.store.backend,
            "mode": result.mode,
            "first_build": changes.first_build,
            "as_of": self.as_of,
            "counts": changes.counts(),
            "changes": details,
            "truncated": len(changes) - len(details),
            "alerts": logged,
            "what_ifs_skipped": skipped,
            "scoring_seconds": round(scoring, 3),
            **({"scoring_error": problem} if problem else {}),
        }
        try:
            ChangeLog(self.home).append(entry)
        except (UserError, OSError) as exc:  # committed already: say it, do not fail
            self.warnings.append(f"the change log was not written: {str(exc).splitlines()[0]}")
        if raised:
            sent = deliver(self.home, [{"version": result.version, **a} for a in logged])
            self.warnings += delivery_warnings(sent)
        return entry

    def _rescore(self, result: BuildResult) -> tuple[list[alerts.Alert], int, float]:
        """Alerts on the new graph, what-ifs left out, seconds; the scores kept for next time."""
        changes = result.changes
        raised: list[alerts.Alert] = []
        skipped = 0
        start = time.perf_counter()
        scores: alerts.Scores = self.before_scores
        if len(changes):
            self.affected.merge(alerts.affected(self.store, changes))
            scenarios, skipped = self._scenarios(changes)

            def moved(key: str, cid: str) -> bool:
                return self.affected(cid, scenarios[key].vendor_id)

            fresh = alerts.score_all(
                self.store, scenarios, self.as_of, moved, progress=self.progress
            )
            scores = {}
            for key, scored in fresh.items():
                rows = dict(self.before_scores.get(key, {}).get("rows", {}))
                rows.update(scored["rows"])
                scores[key] = {"scenario": scored["scenario"], "rows": rows}
            context = {k: _scenario_ids(self.store, s) for k, s in scenarios.items()}
            customers: dict[str, set[str]] = {}
            for row in self.store.read(_PROCESSES):
                customers.setdefault(row["c"], set()).add(row["p"])
            raised = alerts.compare(self.before_scores, scores, changes, context, customers)
        save_scores(self.home, {"version": result.version, "as_of": self.as_of, "scores": scores})
        return raised, skipped, time.perf_counter() - start


def delivery_warnings(delivery: Delivery | None) -> list[str]:
    """The one line a command prints when the webhook did not take its alerts."""
    if delivery is None or (delivery.error is None and not delivery.dropped):
        return []
    waiting = f"{delivery.pending} alert(s) wait in the outbox (`vendorgraph changes --outbox`)"
    dropped = f"; {delivery.dropped} oldest dropped by its cap" if delivery.dropped else ""
    if delivery.error is None:
        return [f"webhook: delivered, but the outbox was full{dropped}"]
    return [f"webhook delivery failed: {delivery.error}; {waiting}{dropped}"]
