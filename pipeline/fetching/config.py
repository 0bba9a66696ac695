"""The sources the pipeline fetches from, as ``sources.toml`` declares them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError

DEFAULT_SRU = "https://repository.overheid.nl/sru"


@dataclass(frozen=True)
class Sources:
    dossiers: tuple[str, ...]
    sru: str = DEFAULT_SRU
    # Hosts documents may come from, besides the search service's own.
    document_hosts: tuple[str, ...] = ("repository.overheid.nl", "zoek.officielebekendmakingen.nl")
    user_agent: str = "nl-kamerbrief-tables (open-data pipeline; +https://github.com/)"
    requests_per_second: float = 2.0
    page_size: int = 100
    max_document_bytes: int = 50 * 1024 * 1024
    max_search_bytes: int = 20 * 1024 * 1024
    folder: str = "officielebekendmakingen"  # under raw/


def load(path: Path) -> Sources:
    """Read the sources file; a clear error naming it when it is wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PipelineError(f"{path}: no such sources file") from None
    except tomllib.TOMLDecodeError as error:
        raise PipelineError(f"{path}: not valid TOML ({error})") from None
    section = data.get("officielebekendmakingen", {})
    dossiers = section.get("dossiers", [])
    if not isinstance(dossiers, list) or not all(isinstance(d, (str, int)) for d in dossiers):
        raise PipelineError(f"{path}: 'dossiers' must list dossier numbers")
    known = {f for f in Sources.__dataclass_fields__ if f != "dossiers"}
    unknown = set(section) - known - {"dossiers"}
    if unknown:
        raise PipelineError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {
        k: (tuple(v) if isinstance(v, list) else v) for k, v in section.items() if k != "dossiers"
    }
    return Sources(dossiers=tuple(str(d) for d in dossiers), **values)
