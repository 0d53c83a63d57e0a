"""The `vendorgraph` command line: every command module registered on one Typer app.

Importing a command module registers its commands (in this order in `--help`); the shared app,
consoles and error handling are vendorgraph.app's.
"""

from __future__ import annotations

import logging

from vendorgraph import (  # noqa: F401 - imported for the commands they register
    answers,
    info_command,
    query_command,
    screen_command,
    serve,
    sources,
)
from vendorgraph.app import app
from vendorgraph.changes import register as register_changes
from vendorgraph.knowledge_command import knowledge_app
from vendorgraph.resolve import resolve_app

__all__ = ["app", "main"]

app.add_typer(resolve_app, name="resolve")
app.add_typer(knowledge_app, name="knowledge")
# `changes` and `watch` live in their own module (builds as differences).
register_changes(app)


def main() -> None:
    # The Neo4j driver logs each transient retry as a warning on stderr; a command says how it
    # ended in one line of its own.
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    app()


if __name__ == "__main__":
    main()
