"""Readers and builds: every source format read into validated records, and the graph built from them.

One reader per format (OFAC, UK Sanctions List, ConList, EU, UN, FtM, the knowledge base,
inventories), each streaming records and rejections with file, line, field and reason; `pipeline`
and `build` write them through a store; `registry` and `registration` keep what a user registered.

May use: graph (never dashboard/ or the CLI).
"""
