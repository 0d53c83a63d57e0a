"""`vendorgraph resolve`: list the inventory names that did not resolve, confirm or reject links.

`list` shows names awaiting review (with the candidate the screening engine proposes) and names
kept as new vendors; `confirm` and `reject` record a verdict in the home directory, which every
rebuild re-applies, then rebuild the graph so that answers use it. A name from any column may be
confirmed to a vendor (for a product or built_on name: "a product of that vendor"), a name from the
product or built_on column also to a product. A rejected name is settled: answers show it once as
reviewed, never as a name that could change them.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from graph.errors import UserError
from graph.resolution.queue import decide, review_queue
from graph.settings import settings
from graph.store.backend import open_store
from graph.store.journal import writer_lock
from graph.store.protocol import StoreUnavailable
from ingest.build import rebuild
from vendorgraph.tables import WordTable

__all__ = ["resolve_app"]

resolve_app = typer.Typer(
    no_args_is_help=True,
    help="Review how inventory names resolved to the knowledge base (list, confirm, reject).",
)
_out = Console()
_err = Console(stderr=True)


def _fail(exc: Exception) -> typer.Exit:
    _err.print(f"[bold red]error:[/] {escape(str(exc).splitlines()[0])}", highlight=False)
    return typer.Exit(2)


@resolve_app.command("list")
def list_names(
    everything: Annotated[
        bool, typer.Option("--all", help="Also names linked automatically, confirmed or rejected.")
    ] = False,
    customer: Annotated[str | None, typer.Option(help="Only this customer's names.")] = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Names awaiting review, then names kept as new (not in the knowledge base)."""
    who = (
        None
        if customer is None
        else customer
        if customer.startswith("customer:")
        else f"customer:{customer}"
    )
    try:
        with open_store() as store:
            entries = review_queue(store, everything=everything, customer=who)
    except (UserError, StoreUnavailable, OSError) as exc:
        raise _fail(exc) from None
    if json_out:
        sys.stdout.write(
            json.dumps([asdict(e) for e in entries], indent=2, ensure_ascii=False) + "\n"
        )
        return
    if not entries:
        _out.print("Every inventory name resolved: nothing to review.")
        return
    rows = [
        (
            e.name, ", ".join(e.fields) or e.kind, e.status, e.candidate or e.target or "-",
            f"{e.score:.2f}" if e.score is not None else "-",
            ", ".join(c.removeprefix("customer:") for c in e.customers),
        )
        for e in entries
    ]  # fmt: skip
    columns = ("name", "column", "status", "candidate / target", "score", "customers")
    _out.print(WordTable(columns, rows, ids=("candidate / target",)))
    _out.print(
        "`--json` gives how each name was scored; confirm or reject with `vendorgraph resolve confirm|reject NAME`."
    )


def _decide(
    name: str,
    verdict: str,
    target: str | None,
    kind: str | None,
    reviewer: str,
    reason: str,
    again: bool,
) -> None:
    config = settings()
    try:
        # The writers' lock for the decision and the rebuild: a concurrent ingest cannot build
        # from a registry this rebuild would then overwrite with an older one (graph.store.journal).
        with open_store(config, for_writing=again) as store, writer_lock(config.home):
            decision = decide(
                store,
                config.home,
                name,
                verdict,
                target=target,
                kind=kind,
                reviewer=reviewer,
                reason=reason,
            )
            if again:
                rebuild(store, config)
    except (UserError, StoreUnavailable, OSError) as exc:
        raise _fail(exc) from None
    done = "the graph was rebuilt" if again else "run `vendorgraph ingest` to apply it"
    _out.print(
        escape(f"Recorded: '{decision.name}' {verdict} as {decision.target}; {done}."),
        highlight=False,
    )


_TO = typer.Option(
    "--to",
    help="vendor:ID or product:ID (or a bare ID only one node has), e.g. vendor:hikvision; for a"
    " product or built_on name a vendor means a product of that vendor (default: the proposed"
    " candidate).",
)
_KIND = typer.Option(
    help="vendor or product: which writings of the name propose the default candidate, when it is"
    " written in a vendor column and in a product column."
)
_REVIEWER = typer.Option(help="Who decides.")
_REASON = typer.Option(help="Why, e.g. 'same company, UK subsidiary'.")
_REBUILD = typer.Option("--rebuild/--no-rebuild", help="Rebuild the graph so answers use it.")


@resolve_app.command()
def confirm(
    name: Annotated[str, typer.Argument(help="The name as the inventory writes it.")],
    reviewer: Annotated[str, _REVIEWER],
    reason: Annotated[str, _REASON],
    to: Annotated[str | None, _TO] = None,
    kind: Annotated[str | None, _KIND] = None,
    again: Annotated[bool, _REBUILD] = True,
) -> None:
    """Link a name to a knowledge-base node for every inventory that writes it."""
    _decide(name, "confirmed", to, kind, reviewer, reason, again)


@resolve_app.command()
def reject(
    name: Annotated[str, typer.Argument(help="The name as the inventory writes it.")],
    reviewer: Annotated[str, _REVIEWER],
    reason: Annotated[str, _REASON],
    to: Annotated[str | None, _TO] = None,
    kind: Annotated[str | None, _KIND] = None,
    again: Annotated[bool, _REBUILD] = True,
) -> None:
    """Say a name is not a knowledge-base node: it stays a separate supplier, is not proposed again,
    and answers show it once as reviewed."""
    _decide(name, "rejected", to, kind, reviewer, reason, again)
