"""Assets: letter parts -> tidy resources -> staged datapackages -> published datapackages.

Publication is two assets on purpose: the blocking validation check guards
``staged_datapackages``, so a failed check skips ``published_datapackages`` and
``dist/`` keeps the previous publication.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pyarrow as pa

from pipeline import packaging, parts, schema, versioning
from pipeline.consistency import mismatch_findings, status_counts
from pipeline.defs.resources import PipelinePaths, Publishing, PublishOptions
from pipeline.errors import ExtractionError

GROUP = "kamerbrief_tables"


def _column_schema(resource: schema.Resource) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(f.name, f.type, description=f.description) for f in resource.fields])


def problem_rows(documents: pa.Table, problems: pa.Table, limit: int | None = None) -> list[dict]:
    """Each problem as ``file:line: reason`` with its letter (first ``limit``)."""
    rows = (problems if limit is None else problems.slice(0, limit)).to_pylist()
    return [
        {
            "document_id": r["document_id"],
            "where": r["source_path"] + (f":{r['line']}" if r["line"] is not None else ""),
            "table_number": r["table_number"],
            "reason": r["reason"],
        }
        for r in rows
    ]


def _preview(table: pa.Table, rows: int = 10) -> dg.MetadataValue:
    head = table.slice(0, rows).to_pylist()
    names = table.column_names
    lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
    lines += ["| " + " | ".join("" if r[n] is None else str(r[n]) for n in names) + " |" for r in head]
    return dg.MetadataValue.md("\n".join(lines))


@dg.asset(
    group_name=GROUP,
    # After a fetch when both run (the daily fetch_and_publish); raw/ alone otherwise.
    deps=[dg.AssetKey("fetched_sources")],
    description="Every letter in raw/, extracted into the rows of the five resources: every table "
    "read for certain, and a problem (file, line, reason) for every table that could not "
    "be. Each letter is made and validated once per content and cached; a refresh makes "
    "only new and changed letters, in parallel on all cores, and drops removed ones.",
)
def extracted_letters(context: dg.AssetExecutionContext, paths: PipelinePaths, options: PublishOptions) -> parts.Corpus:
    try:
        corpus = parts.build_corpus(
            paths.raw,
            parts.Workspace(paths.cache.root),
            workers=options.workers or None,
            letter_limits=options.letter_limits(),
        )
    except ExtractionError as error:
        raise dg.Failure(
            description=str(error),
            metadata={"file": error.path, "line": error.line if error.line is not None else -1, "reason": error.reason},
        ) from None
    warnings = [w for doc in sorted(corpus.warnings) for w in corpus.warnings[doc]]
    for warning in warnings:
        context.log.warning(warning)
    if corpus.limited:
        context.log.warning(f"a limit stopped some letters; the limits in force: {options.letter_limits().summary()}")
    context.add_output_metadata(
        {
            "documents": corpus.tables["documents"].num_rows,
            "tables": corpus.tables["tables"].num_rows,
            "amounts": corpus.tables["amounts"].num_rows,
            "problems": corpus.tables["problems"].num_rows,
            "letters reused": corpus.reused,
            "letters made": corpus.made,
            "warnings": dg.MetadataValue.json(warnings),
        }
    )
    return corpus


@dg.multi_asset(
    group_name=GROUP,
    outs={
        r.name: dg.AssetOut(
            description=r.description,
            metadata={"dagster/column_schema": _column_schema(r), "primary_key": ", ".join(r.primary_key)},
        )
        for r in schema.RESOURCES
    },
    description="The letters normalised into the five tidy resources of the data contract. A letter "
    "with problems whose new reading would lose tables it had published keeps its "
    "published rows.",
)
def tidy_resources(context: dg.AssetExecutionContext, paths: PipelinePaths, extracted_letters: parts.Corpus):
    resources, kept = versioning.keep_previous_rows(extracted_letters.tables, paths.dist)
    for document_id in kept:
        context.log.warning(f"{document_id}: cannot be read as fully as before; its published rows are kept")
    for name, table in resources.items():
        metadata = {"dagster/row_count": table.num_rows, "preview": _preview(table)}
        if name == "consistency":
            metadata.update(status_counts(table))
        if name == "documents":
            metadata["letters keeping their published rows"] = dg.MetadataValue.json(kept)
        yield dg.Output(table, output_name=name, metadata=metadata)


@dataclass(frozen=True)
class StagedPublication:
    """What ``staged_datapackages`` hands on: the staging folder with the new publication
    (None when ``dist/`` already holds it), the two descriptors (staged, or in ``dist/``),
    the version, and what it was made from."""

    folder: Path | None
    descriptors: dict[str, Path]  # format -> datapackage.json
    version: str | None  # None when unchanged
    inputs: str  # Corpus.inputs
    keys: dict[str, str]  # document id -> part key
    rows: int  # rows in the five resources
    # (letter, resource, rows added, removed, changed) against dist/; empty when unchanged
    changes: tuple[tuple[str, str, int, int, int], ...] = ()

    @property
    def unchanged(self) -> bool:
        return self.folder is None


@dg.asset(
    group_name=GROUP,
    description="The whole publication written to a staging folder beside dist/: both datapackages "
    "(CSV and Parquet) with their version, the changelog, a chart per letter, the "
    "dataset card, one zip per package and SHA256SUMS.",
)
def staged_datapackages(
    context: dg.AssetExecutionContext,
    paths: PipelinePaths,
    publishing: Publishing,  # held from the run's start: nothing else stages or swaps meanwhile
    extracted_letters: parts.Corpus,
    documents: pa.Table,
    tables: pa.Table,
    amounts: pa.Table,
    consistency: pa.Table,
    problems: pa.Table,
) -> StagedPublication:
    resources = {
        "documents": documents,
        "tables": tables,
        "amounts": amounts,
        "consistency": consistency,
        "problems": problems,
    }
    corpus = extracted_letters
    inputs = corpus.inputs  # rows kept from dist/ are what the last publication already held
    rows = sum(t.num_rows for t in resources.values())
    last = packaging.last_publication(paths.cache, paths.dist)
    if last is not None and last.get("inputs") == inputs:
        context.add_output_metadata({"unchanged": True})
        return StagedPublication(
            None,
            {fmt: paths.dist / fmt / "datapackage.json" for fmt in packaging.FORMATS},
            None,
            inputs,
            corpus.keys,
            rows,
        )
    staging = packaging.staging_dir(paths.dist, context.run_id)
    shutil.rmtree(staging, ignore_errors=True)
    sources = [
        packaging.Source(packaging.source_title(d), d["url"])
        for d in documents.select(["document_id", "title", "reference", "date", "url"]).to_pylist()
    ]
    workspace = parts.Workspace(paths.cache.root)
    may_differ = None
    if last is not None and "keys" in last:
        before = last["keys"]
        may_differ = {d for d in before.keys() | corpus.keys.keys() if before.get(d) != corpus.keys.get(d)}
    try:
        kept = workspace.kept_files()
        letter_files = {doc: workspace.files_for(doc, key, corpus, kept) for doc, key in corpus.keys.items()}
        publication = packaging.write_publication(
            resources,
            staging,
            sources,
            versioning.read_previous(paths.dist, may_differ),
            may_differ,
            letter_files,
            deflated=paths.cache.deflated_pieces(paths.dist),
        )
        descriptors = publication.descriptors
    except BaseException:
        packaging.discard_staged(staging)  # leave nothing half-written behind
        raise
    context.add_output_metadata({fmt: dg.MetadataValue.path(str(path)) for fmt, path in descriptors.items()})
    context.add_output_metadata({"version": publication.version})
    return StagedPublication(
        staging, dict(descriptors), publication.version, inputs, corpus.keys, rows, tuple(publication.changes)
    )


@dataclass(frozen=True)
class Published:
    """What ``published_datapackages`` did, for ``pipeline.run`` to summarise."""

    descriptors: dict[str, str]  # format -> its datapackage.json
    statuses: dict[str, int]  # relations by status
    mismatches: list[dict]  # each relation that does not add up, as printed
    problems: list[dict]  # each part not read: document_id, where, reason
    version: str | None  # the version given (None when nothing changed)
    unchanged: bool  # dist/ already held this publication
    changes: list[list]  # per letter and resource: rows added, removed, changed
    stamp: dict | None  # of dist/ as this run published it (None for a preview or no change)


@dg.asset(
    group_name=GROUP,
    description="The validated datapackages, swapped into dist/ in one step.",
)
def published_datapackages(
    context: dg.AssetExecutionContext,
    paths: PipelinePaths,
    options: PublishOptions,
    publishing: Publishing,
    staged_datapackages: StagedPublication,
    consistency: pa.Table,
    documents: pa.Table,
    amounts: pa.Table,
    problems: pa.Table,
) -> Published:
    staged = staged_datapackages
    stamp = None  # of dist/ as this run published it
    if staged.folder is not None and options.dry_run:
        packaging.discard_staged(staged.folder)  # a preview: checked, then thrown away
    elif staged.folder is not None:
        publishing.swap_in(staged.folder)
        stamp = packaging.record_publication(paths.cache, paths.dist, staged.inputs, staged.keys).as_record()
    published = {fmt: str(paths.dist / fmt / "datapackage.json") for fmt in packaging.FORMATS}
    statuses = status_counts(consistency)
    mismatches = mismatch_findings(consistency, amounts, documents)
    context.add_output_metadata(
        {
            **{fmt: dg.MetadataValue.path(p) for fmt, p in published.items()},
            "mismatches": len(mismatches),
        }
    )
    listed = problem_rows(documents, problems)
    done = "nothing changed" if staged.unchanged else ("previewed" if options.dry_run else "published")
    context.log.info(
        f"{done}" + (f" as version {staged.version}" if staged.version else "") + f": {documents.num_rows} "
        f"letters, {amounts.num_rows} amounts, {sum(statuses.values())} relations checked, {len(listed)} problems"
    )
    if listed:  # the last word of the run, where the UI and `dg launch` show it
        letters = len({p["document_id"] for p in listed})
        context.log.warning(
            f"published with {len(listed)} problem(s) in {letters} letter(s) not read fully "
            f"(first: {listed[0]['where']}: {listed[0]['reason']}); `pipeline problems` lists them all"
        )
    return Published(
        descriptors=published,
        statuses=statuses,
        mismatches=mismatches,
        problems=listed,
        version=staged.version,
        unchanged=staged.unchanged,
        changes=[list(c) for c in staged.changes],
        stamp=stamp,
    )
