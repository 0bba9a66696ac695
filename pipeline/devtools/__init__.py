"""Tools for developing the pipeline, not parts of it: the benchmark (``pipeline bench``) and
the generator of synthetic letters with their truth (for the tests and the benchmark).

Nothing published depends on them, so the code's digest (``pipeline.freshness``) leaves this
folder out: changing the benchmark does not make every letter again."""
