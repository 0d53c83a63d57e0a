"""`vendorgraph knowledge`: help to write a knowledge pack (a template) and check one (for CI).

Registering a pack is `vendorgraph ingest --knowledge FILE` (vendorgraph.sources): the same checks,
then a build. `check` writes nothing and exits non-zero when the pack would be refused.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from graph import vocabulary
from graph.settings import settings
from ingest.build import registered_packs
from ingest.knowledge_pack import check_pack_file
from ingest.knowledge_template import CSV_TEMPLATE, TEMPLATE
from ingest.registry import Registry
from vendorgraph.app import err, out, print_json, user_errors

__all__ = ["knowledge_app"]

knowledge_app = typer.Typer(
    no_args_is_help=True,
    help="Write and check knowledge packs: your own sources, vendors and regulatory actions.",
)


@knowledge_app.command()
def template(
    csv: Annotated[
        bool, typer.Option("--csv", help="The spreadsheet form: one row per action.")
    ] = False,
) -> None:
    """Print a commented example pack (fictional) to start from."""
    sys.stdout.write(CSV_TEMPLATE if csv else TEMPLATE)


@knowledge_app.command()
def check(
    path: Annotated[Path, typer.Argument(help="A pack file (.yaml, .csv) or a folder of them.")],
    replace: Annotated[
        bool, typer.Option(help="Check as `ingest --knowledge ... --replace` would.")
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Check a pack against the knowledge base and registered packs, without registering it."""
    config = settings()
    with user_errors():
        packs = registered_packs(Registry.load(config.home))
        result = check_pack_file(config.data / "kb", path, packs, replace=replace)
    if json_out:
        print_json(
            {
                "ok": not result.problems,
                "problems": result.problems,
                "adds": dict(result.adds),
                "links": result.links,
                "replaced": result.replaced,
            }
        )
    elif result.problems:
        n = len(result.problems)
        err.print(f"[bold red]{n} problem{'s' if n != 1 else ''}[/]: the pack would be refused")
        for problem in result.problems:
            err.print(f"  {escape(problem)}", highlight=False, soft_wrap=True)
    else:
        adds = ", ".join(vocabulary.counted(label, n) for label, n in sorted(result.adds.items()))
        out.print(
            escape(f"{path}: a valid knowledge pack: {adds or 'no facts'}; {result.links} links."),
            highlight=False,
        )
        for line in result.replaced:
            out.print(escape(f"replaces {line}"), highlight=False)
    if result.problems:
        raise typer.Exit(1)
