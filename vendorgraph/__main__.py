"""`python -m vendorgraph`: the same command line as the `vendorgraph` script."""

from vendorgraph.main import main

main()
