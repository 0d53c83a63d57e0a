"""Start Streamlit with the dashboard's heavy modules already imported.

Streamlit imports a page's modules on the first visit, which made the first page after a server
start about a second slower than later ones. Importing them here, in the server process before
Streamlit starts, moves most of that second to start-up. Only libraries and graph/ are imported:
the dashboard's own modules declare Streamlit caches, and custom components (st-link-analysis)
register with the runtime when imported, so both must load inside Streamlit's runtime.
"""

from __future__ import annotations

import sys

__all__ = ["main"]


def main(argv: list[str]) -> None:
    """Run `streamlit` with `argv` after pre-importing the heavy modules."""
    import altair  # noqa: F401
    import ladybug  # noqa: F401
    import networkx  # noqa: F401
    import pandas  # type: ignore[import-untyped]  # noqa: F401
    import pyarrow  # noqa: F401
    from streamlit.web import cli

    import graph.explore.explorer
    import graph.exposure.engine
    import graph.exposure.scenarios
    import graph.exposure.timeline  # noqa: F401

    sys.argv = ["streamlit", *argv]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
