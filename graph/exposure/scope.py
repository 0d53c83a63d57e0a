"""How far an action reaches a customer: jurisdiction and scope as declared factors, and in words.

The scenario's order: a UK order protecting all UK residents binds a UK customer's processing
(reach 1); a foreign order, a one-complainant order, a class of sites, findings or guidance reach it
as precedent and reputational risk only, at the factors declared in graph.exposure.weights.REACH. Precedents (customers a
regulator or court acted against over their use of a vendor) are worded exactly as the record has
them, an investigation closed with no further action being said to be closed, never a sanction, and
weighed by graph.exposure.weights.PRECEDENT_FACTOR.

>>> order_reach(find_scenario(store, "garante-clearview-2022"), "GB")[1]
'an order protecting residents of Italy (Italian data): persuasive, not binding on United Kingdom processing (reach x0.35)'
"""

from __future__ import annotations

from typing import Any

from graph import vocabulary
from graph.dates import date_text
from graph.exposure.jurisdictions import country_name
from graph.exposure.weights import PRECEDENT_FACTOR, SCOPE_WORDS, reach
from graph.results import Scenario

__all__ = ["latest", "order_reach", "precedent_factor", "precedent_words"]


def order_reach(scenario: Scenario, home_country: str) -> tuple[float, str]:
    """The declared reach of the scenario's order for a customer of `home_country`, in words."""
    scope = scenario.scope or "not_stated"
    where = scenario.jurisdiction
    home = where is None or where == home_country
    factor = reach(home, scope)
    place = country_name(where) if where else "the customer's jurisdiction"
    words = SCOPE_WORDS.get(scope, scope)
    if scope == "all_residents":
        what = f"an order protecting residents of {place}"
    elif scope == "findings_or_guidance":
        what = f"findings or guidance without an order ({place})"
    elif scope == "not_stated":
        what = f"an action in {place}, scope not stated by the source"
    else:
        what = f"an action in {place} {words}"
    if scenario.scope_note:
        what += f" ({scenario.scope_note})"
    if home and scope == "all_residents":
        how = f"binding on {country_name(home_country)} processing at the force of its status"
    elif home:
        how = "binding only within its scope; otherwise precedent and reputational risk"
    else:
        how = f"persuasive, not binding on {country_name(home_country)} processing"
    return factor, f"{what}: {how} (reach x{factor:g})"


def latest(dates: list[str | None]) -> str | None:
    known = [d for d in dates if d]
    return max(known) if known else None


def precedent_words(row: dict[str, Any]) -> str:
    """A precedent exactly as the record has it: who acted, against whom, what, and its status."""
    action, status = row["action"], row["action"].get("status") or "issued"
    what = action.get("ordered") or action["name"]
    kind = vocabulary.kind_label(action.get("kinds"))
    text = f"{row['regulator']['name']}, {row['customer']['name']} ({date_text(action['date'])}, {kind}): {what}"
    words = action.get("status_words") or vocabulary.status_words(action.get("kinds"), status)
    if status == "closed":
        text += f"; closed {date_text(action.get('status_date') or action['date'])}, not a sanction"
    elif status != "issued":
        text += f"; {words} {date_text(action.get('status_date'))}"
    return text


def precedent_factor(row: dict[str, Any], home_country: str) -> float:
    home = (row["action"].get("jurisdiction") or "") == home_country
    factor = PRECEDENT_FACTOR["home" if home else "foreign"]
    if (row["action"].get("status") or "") == "closed":
        factor *= PRECEDENT_FACTOR["closed"]
    return factor
