"""`vendorgraph changes` and `vendorgraph watch`: what builds changed, who moved, what waits for
the webhook, and rebuilds on new files. Registered on the main app by `register(app)`
(vendorgraph/main.py calls it)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from graph.changes.log import ChangeLog
from graph.changes.outbox import Outbox, max_alerts, max_bytes
from graph.changes.words import (
    baseline,
    by_customer,
    describe,
    describe_alert,
    how_built,
    listed,
    raised,
    summary,
)
from graph.settings import settings
from graph.store.backend import open_store
from graph.store.files import write_atomic
from graph.store.protocol import QueryError, StoreUnavailable

__all__ = ["register"]

err = Console(stderr=True)
out = Console()


@contextmanager
def _user_errors() -> Iterator[None]:
    """A user's mistake is one line on stderr and exit code 2, never a traceback."""
    from ingest.problems import UserError

    try:
        yield
    except (UserError, StoreUnavailable, QueryError, LookupError, ValueError, OSError) as exc:
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        err.print(f"[bold red]error:[/] {escape(text)}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


def _source_names(entries: list[dict[str, Any]], limit: int) -> dict[str, str]:
    """Source titles for the sources the listed changes cite (ids only without a graph)."""
    from graph.provenance import source_refs

    ids = {s for e in entries for c in listed(e.get("changes", []))[:limit] for s in c.get("sources") or []}  # fmt: skip
    try:
        with open_store() as store:
            refs = source_refs(store, sorted(ids))
            return {r.id: ", from ".join(x for x in (r.title or r.id, r.pack) if x) for r in refs}
    except StoreUnavailable:
        return {}


def _print_entry(entry: dict[str, Any], limit: int, names: dict[str, str] | None = None) -> None:
    first = baseline(entry)
    # A first build's counts are said once, in its baseline line.
    counts = "" if first is not None else f": {escape(summary(entry.get('counts', {})))}"
    out.print(
        f"[bold]{escape(entry['version'])}[/] built {escape(entry.get('built_at', '?'))} "
        f"{escape(how_built(entry))}{counts}",
        highlight=False,
    )
    alerts = raised(entry)
    if alerts:
        groups = by_customer(alerts)
        out.print(
            f"  [yellow]{len(groups)} customer(s) whose exposure moved, biggest move first:[/]"
        )
        for customer, moved in groups[:limit]:
            out.print(f"  - {escape(customer)}:", highlight=False)
            for alert in moved[:3]:
                text = describe_alert(alert, customer=False)
                out.print(f"      {escape(text)}", highlight=False, soft_wrap=True)
            if len(moved) > 3:
                out.print(f"      … and {len(moved) - 3} more scenario(s) for this customer")
    if first is not None:
        out.print(f"  {escape(first)}", highlight=False, soft_wrap=True)
        return
    changes = listed(entry.get("changes", []))
    name = (lambda i: names.get(i, i)) if names else None
    for change in changes[:limit]:
        out.print(f"  · {escape(describe(change, name))}", highlight=False, soft_wrap=True)
    hidden = sum(entry.get("counts", {}).values()) - min(len(changes), limit)
    if hidden > 0:
        out.print(f"  … and {hidden} more change(s) (use --json or --report)")


def changes(
    since: Annotated[
        str | None, typer.Option(help="Only builds after this version, or on or after this date.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the builds as JSON.")] = False,
    report: Annotated[
        str | None, typer.Option(help="Write the change report: md, html or json.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option(help="File for --report (default: standard output).")
    ] = None,
    limit: Annotated[int, typer.Option(help="Changes and alerts listed per build.")] = 20,
    outbox: Annotated[
        bool, typer.Option("--outbox", help="Show the alerts waiting for the webhook instead.")
    ] = False,
) -> None:
    """List what each build changed and which customers' exposure moved."""
    config = settings()
    with _user_errors():
        if outbox:
            _show_outbox(Outbox(config.home), json_out, limit)
            return
        entries = ChangeLog(config.home).since(since)
        if report is not None:
            from graph.reports.change_render import render_change
            from graph.reports.change_report import build_change_report

            try:
                with open_store(config) as store:
                    built = build_change_report(entries, store, since)
            except StoreUnavailable:
                built = build_change_report(entries, None, since)  # sources by id only
            data = render_change(built, report)
            if output is None:
                sys.stdout.buffer.write(data)
            else:
                write_atomic(output, data)  # never through a symlink, never half a file
                err.print(f"wrote {escape(str(output))}", highlight=False)
            return
        if json_out:
            body = {"since": since, "builds": list(reversed(entries))}
            sys.stdout.write(json.dumps(body, indent=2, ensure_ascii=False, default=str) + "\n")
            return
        if not entries:
            out.print("No build recorded" + (f" since {escape(since)}." if since else " yet."))
        names = _source_names(entries, limit) if entries else {}
        for entry in reversed(entries):
            _print_entry(entry, limit, names)


def _alert_line(alert: dict[str, Any]) -> str:
    try:
        return describe_alert(alert)
    except (KeyError, TypeError, ValueError, AttributeError):
        return "an alert this version cannot describe (see --json)"


def _show_outbox(box: Outbox, json_out: bool, limit: int) -> None:
    waiting = box.pending()
    state = box.state()
    info: dict[str, Any] = {
        "waiting": len(waiting),
        "bytes": box.size(),
        "dropped": state.dropped,
        "caps": {"alerts": max_alerts(), "bytes": max_bytes()},
        "last_attempt": state.last_attempt,
        "last_error": state.last_error,
        "last_sent": state.last_sent,
        "alerts": waiting,
    }
    if json_out:
        sys.stdout.write(json.dumps(info, indent=2, ensure_ascii=False, default=str) + "\n")
        return
    caps = f"at most {max_alerts()} alerts and {max_bytes():,} bytes are kept"
    out.print(
        f"{len(waiting)} alert(s) wait for the webhook ({box.size():,} bytes; {caps}).",
        highlight=False,
    )
    if state.dropped:
        out.print(f"{state.dropped} older alert(s) were dropped by that cap.", highlight=False)
    if state.last_attempt:
        how = f"failed: {state.last_error}" if state.last_error else "delivered"
        out.print(f"Last attempt {escape(state.last_attempt)}: {escape(how)}", highlight=False)
    for alert in waiting[-limit:]:
        version = escape(str(alert.get("version", "?")))
        out.print(f"  - {escape(_alert_line(alert))} (build {version})", highlight=False)


def watch(
    folder: Annotated[Path, typer.Argument(help="Folder of inventories and list files.")],
    interval: Annotated[float, typer.Option(help="Seconds between polls.")] = 30.0,
    once: Annotated[
        bool, typer.Option(help="Check once and rebuild if anything changed (for cron).")
    ] = False,
    max_polls: Annotated[int | None, typer.Option(help="Stop after this many polls.")] = None,
    replace: Annotated[
        bool,
        typer.Option(
            help="Let a new or changed inventory take over customers another source holds "
            "(as `ingest --replace`); without it such a file is refused and tried again."
        ),
    ] = False,
) -> None:
    """Re-ingest whenever an inventory or list file in FOLDER changes (with --once, from cron
    or a systemd timer: docs/changes.md)."""
    from ingest.build import rebuild
    from ingest.registration import Change, apply_change
    from ingest.registry import Registry
    from vendorgraph.watch import Watcher

    config = settings()

    def on_change(paths: list[Path]) -> None:
        # A changed file replaces what was registered from the same path; the whole change is one
        # registration transaction (ingest.registration): refused or failed, nothing is kept. It
        # takes over customers another source holds only when told (--replace).
        registry = Registry.load(config.home)
        changed = watcher.inventories(paths)
        sources = {Path(e.source) for e in registry.inventories}
        again = [str(p.resolve()) for p in changed if p.resolve() in sources]
        with open_store(config, for_writing=True) as store:
            if changed:
                change = Change(inventories=list(changed), unregister=again, replace=replace)
                report = apply_change(store, config, change).report
            else:  # list files are read in place: a rebuild picks up their new content
                report = rebuild(store, config)
        built = report.build
        said = summary(built.changes.counts()) if built else "built"
        names = ", ".join(p.name for p in paths[:5])
        err.print(f"{len(paths)} file(s) changed ({escape(names)}): {escape(said)}")
        for r in report.rejections[:20]:
            err.print(f"  rejected: {escape(str(r))}", highlight=False)
        for line in report.warnings:
            err.print(f"[yellow]warning:[/] {escape(line)}", highlight=False, soft_wrap=True)

    def on_error(exc: Exception) -> None:
        err.print(f"[bold red]error:[/] {escape(str(exc).splitlines()[0])}; will retry")

    with _user_errors():
        watcher = Watcher(folder, config.home / "changes" / "watch.json")
        builds = watcher.run(
            on_change, on_error=on_error, interval=interval, max_polls=max_polls, once=once
        )
    err.print(f"watch: {builds} build(s)")


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the `vendorgraph` app."""
    app.command("changes")(changes)
    app.command("watch")(watch)
