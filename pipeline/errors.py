"""The project's own errors: each names the file, the line (where there is one) and the reason."""

from __future__ import annotations


class PipelineError(Exception):
    """Base of every error the pipeline reports to a user in plain words."""


class ExtractionError(PipelineError):
    """A letter (or its metadata) that cannot be read as written.

    ``str(error)`` is ``<file>:<line>: <reason>``, or ``<file>: <reason>`` when no
    single line is to blame.
    """

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")

    def __reduce__(self):  # keep the three parts when pickled across processes
        return (type(self), (self.path, self.line, self.reason))
