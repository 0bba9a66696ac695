"""Budget tables from Dutch parliamentary letters, as validated Frictionless datapackages.

The package is layered: pure modules read, extract and normalise (``reading``,
``dutch``, ``extraction``, ``consistency``, ``tidy``), ``schema`` declares every
published field once, ``packaging`` writes and validates the datapackages, and the
Dagster layer (``definitions`` and ``defs/``) only wires those together.
"""
