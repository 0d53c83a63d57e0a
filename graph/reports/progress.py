"""Action progress: which of an answer's actions are done, by whom and when, kept in the home so
that it outlives the browser session and every rebuild, and shown in every report.

One JSON line per tick or untick in `<home>/action_progress.jsonl`, keyed by the customer, the
scenario and the action's title; the latest line per key wins, and the file is the history.

Example:
    >>> ActionProgress(home).mark("customer:cust-x", "ico-clearview-2022", "Suspend the process", True, "a.dpo")  # doctest: +SKIP
    >>> with_progress(report, ActionProgress(home).load()).actions[0].done_by  # doctest: +SKIP
    'a.dpo'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from graph import decision_log
from graph.errors import InputError, UserError
from graph.reports.model import Report

__all__ = ["PROGRESS_FILE", "ActionProgress", "Tick", "with_progress"]

PROGRESS_FILE = "action_progress.jsonl"
Key = tuple[str, str, str]


@dataclass(frozen=True)
class Tick:
    """An action marked done (or no longer done) for a customer and scenario."""

    customer_id: str
    scenario_id: str
    action: str
    done: bool
    by: str
    at: str

    @property
    def key(self) -> Key:
        return (self.customer_id, self.scenario_id, self.action)


class ActionProgress:
    """The append-only progress file under a home directory."""

    def __init__(self, home: Path) -> None:
        self.path = home / PROGRESS_FILE

    def load(self) -> dict[Key, Tick]:
        """The latest tick per action; a damaged line stops with the file and line named."""
        found: dict[Key, Tick] = {}
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return found
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                tick = Tick(**json.loads(line))
            except (json.JSONDecodeError, TypeError) as err:
                raise InputError(self.path, number, f"not an action's progress: {err}") from None
            found[tick.key] = tick
        return found

    def mark(self, customer_id: str, scenario_id: str, action: str, done: bool, by: str) -> Tick:
        """Record that an action is (or is no longer) done, and who said so."""
        if not by.strip():
            raise UserError("say who marks the action done (a name or initials)")
        tick = Tick(customer_id, scenario_id, action, done, by.strip(), decision_log.now())
        decision_log.append(self.path, tick)
        return tick


def with_progress(report: Report, ticks: Mapping[Key, Tick]) -> Report:
    """The report with each done action's who and when."""
    actions = []
    for a in report.actions:
        tick = ticks.get((report.customer_id, report.scenario.id, a.title))
        done = tick is not None and tick.done
        actions.append(a.model_copy(update={"done_by": tick.by if done and tick else None,
                                            "done_at": tick.at if done and tick else None}))  # fmt: skip
    return report.model_copy(update={"actions": actions})
