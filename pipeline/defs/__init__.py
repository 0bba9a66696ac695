"""The Dagster layer: thin asset, check and resource modules that wire the pure modules.

Nothing here parses or writes data itself; it calls ``reading``, ``extraction``,
``tidy``, ``packaging`` and turns their results into materialisations and checks.
"""
