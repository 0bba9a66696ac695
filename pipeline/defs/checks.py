"""Asset checks. The per-resource checks are generated from the schema declaration;
validation of the staged packages by Frictionless blocks publication."""

import inspect

import dagster as dg
import pyarrow as pa

from pipeline import packaging, schema
from pipeline.consistency import MISMATCH, mismatch_rows, status_counts
from pipeline.contract import violations
from pipeline.defs.assets import StagedPublication, problem_rows
from pipeline.defs.resources import PublishOptions


def _resource_check(resource: schema.Resource) -> dg.AssetChecksDefinition:
    def _check(**tables: pa.Table) -> dg.AssetCheckResult:
        found = violations(resource, tables[resource.name], tables)
        return dg.AssetCheckResult(
            passed=not found,
            description="; ".join(found[:10]) if found else "meets the contract",
            metadata={"violations": len(found)},
        )

    # Dagster reads the inputs off the signature: one parameter per table the check reads.
    names = [resource.name, *(fk.resource for fk in resource.foreign_keys)]
    _check.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=pa.Table) for n in names],
        return_annotation=dg.AssetCheckResult,
    )
    return dg.asset_check(
        asset=resource.name,
        name=f"{resource.name}_meets_contract",
        blocking=True,
        description=(
            f"Every row of {resource.name} has the declared types, required values, constraints, "
            f"a unique primary key ({', '.join(resource.primary_key)})"
            + (" and resolvable foreign keys." if resource.foreign_keys else ".")
        ),
        additional_ins={fk.resource: dg.AssetIn(fk.resource) for fk in resource.foreign_keys},
    )(_check)


RESOURCE_CHECKS = [_resource_check(r) for r in schema.RESOURCES]


@dg.asset_check(
    asset="consistency",
    name="printed_totals_add_up",
    blocking=False,
    description="Every relation the letters imply holds exactly or within rounding. A mismatch is "
    "a finding about the source: it is published and reported, at WARN severity.",
)
def printed_totals_add_up(consistency: pa.Table) -> dg.AssetCheckResult:
    counts = status_counts(consistency)
    mismatches = counts[MISMATCH]
    return dg.AssetCheckResult(
        passed=not mismatches,
        severity=dg.AssetCheckSeverity.WARN,
        description=(
            f"{mismatches} of {consistency.num_rows} relations do not add up"
            if mismatches
            else f"all {consistency.num_rows} relations add up"
        ),
        metadata={
            "relations": consistency.num_rows,
            **counts,
            "mismatches": dg.MetadataValue.json(mismatch_rows(consistency, limit=50)),
        },
    )


@dg.asset_check(
    asset="problems",
    name="letters_read_fully",
    blocking=True,
    additional_ins={"documents": dg.AssetIn("documents")},
    description="Every table-like part of every letter was read. A part that could not be read for "
    "certain is listed (file:line: reason) and its letter published without it, at WARN "
    "severity; with strict publishing (pipeline publish --strict) it stops the publication.",
)
def letters_read_fully(problems: pa.Table, documents: pa.Table, options: PublishOptions) -> dg.AssetCheckResult:
    letters = len(set(problems.column("document_id").to_pylist()))
    rows = problem_rows(documents, problems, limit=50)
    shown = "; ".join(f"{r['where']}: {r['reason']}" for r in rows[:10])
    return dg.AssetCheckResult(
        passed=not problems.num_rows,
        severity=dg.AssetCheckSeverity.ERROR if options.strict else dg.AssetCheckSeverity.WARN,
        description=(
            f"{problems.num_rows} part(s) of {letters} letter(s) could not be read: {shown}"
            if problems.num_rows
            else "every letter was read fully"
        ),
        metadata={"problems": problems.num_rows, "letters": letters, "listed": dg.MetadataValue.json(rows)},
    )


@dg.asset_check(
    asset="staged_datapackages",
    name="frictionless_valid",
    blocking=True,
    description="Frictionless validates both staged packages: types, constraints, primary and "
    "foreign keys, hashes and byte counts (for large corpora the rows are validated "
    "per letter as they are made). A failure stops publication.",
)
def frictionless_valid(staged_datapackages: StagedPublication) -> dg.AssetCheckResult:
    staged = staged_datapackages
    descriptors = staged.descriptors
    if staged.folder is None:
        return dg.AssetCheckResult(
            passed=True,
            description="dist/ already holds this publication, its files as recorded",
            metadata={"errors": 0, "scope": "unchanged"},
        )
    full = staged.rows <= FULL_VALIDATION_MAX_ROWS
    issues = None
    try:
        issues = packaging.validate_packages(descriptors) if full else packaging.validate_descriptors(descriptors)
    finally:
        if issues != []:  # rejected or unvalidated: these packages will never be published
            packaging.discard_staged(staged.folder)
    scope = (
        "every row of both packages"
        if full
        else "both descriptors and every file's hash and byte count; the rows were validated "
        "letter by letter when each was made"
    )
    return dg.AssetCheckResult(
        passed=not issues,
        description="; ".join(str(i) for i in issues[:10]) if issues else f"valid: {scope}",
        metadata={"errors": len(issues), "scope": scope},
    )


# Up to this many rows, Frictionless reads every row of both packages on every run (a few
# seconds); above it, rows are validated per letter as they are made (see pipeline.parts).
FULL_VALIDATION_MAX_ROWS = 10_000

CHECKS = [*RESOURCE_CHECKS, printed_totals_add_up, letters_read_fully, frictionless_valid]
