"""Versions of the published dataset, and what changed between them.

Pure functions. The descriptor's ``version`` follows semantic versioning as the Data
Package standard reads it for data, bumped by comparing a new publication with the one in
``dist/``, from what a consumer's code or query can trip over:

- major: rows removed (a letter, a table or a cell a consumer may look up is gone), or a
  schema change an old reader may break on (a field renamed, retyped or dropped, a key or
  constraint changed, an allowed value taken away);
- minor: rows added, or a schema that only widens (a new allowed value, a new resource);
- patch: rows changed under the same keys (a corrected figure, a better reading), or
  anything else in the descriptor (titles, sources);
- nothing changed keeps the version.

``CHANGELOG.md`` records, for each version, the rows added, removed and changed per letter
and resource.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import schema

FIRST_VERSION = schema.SCHEMA_VERSION  # a dataset starts at the version of its contract
CHANGELOG_HEADER = "# Changelog\n\nWhat changed in the data, version by version (newest first).\n"


@dataclass
class Changes:
    """Row changes per (document id, resource): counts of added, removed, changed rows."""

    rows: dict[tuple[str, str], Counter] = field(default_factory=dict)

    def count(self, document_id: str, resource: str, kind: str, n: int = 1) -> None:
        self.rows.setdefault((document_id, resource), Counter())[kind] += n

    @property
    def any(self) -> bool:
        return any(sum(c.values()) for c in self.rows.values())

    def total(self, kind: str) -> int:
        """Rows of one kind (added, removed, changed) over every letter and resource."""
        return sum(c[kind] for c in self.rows.values())

    @property
    def letters(self) -> list[str]:
        """The letters with any row added, removed or changed, in order."""
        return sorted({doc for (doc, _), c in self.rows.items() if sum(c.values())})


@dataclass(frozen=True)
class Previous:
    """The publication in ``dist/`` now: its descriptor and its tables (None when there is none)."""

    descriptor: dict
    tables: dict[str, pa.Table]
    changelog: str


def read_previous(dist: Path, documents: set[str] | None = None) -> Previous | None:
    """The publication in ``dist``; with ``documents``, only those letters' rows are read."""
    descriptor_path = dist / "parquet" / "datapackage.json"
    where = [("document_id", "in", sorted(documents))] if documents else None
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        tables = {
            r["name"]: (
                pq.read_table(dist / "parquet" / r["path"], filters=where)
                if documents != set()
                else pq.read_schema(dist / "parquet" / r["path"]).empty_table()
            )
            for r in descriptor["resources"]
        }
    except (OSError, ValueError, KeyError, pa.ArrowInvalid):
        return None
    changelog_path = dist / "CHANGELOG.md"
    changelog = changelog_path.read_text(encoding="utf-8") if changelog_path.exists() else ""
    return Previous(descriptor, tables, changelog)


def keep_previous_rows(tables: dict[str, pa.Table], dist: Path) -> tuple[dict[str, pa.Table], list[str]]:
    """A refresh never silently drops data: a letter that has problems now and whose new
    reading would publish fewer of its tables than the publication in ``dist`` keeps its
    published rows (its documents row too, with today's count of problems) until it is
    read as fully again. Returns the tables and the letters kept."""
    documents = tables["documents"]
    failing = set(documents.filter(pc.greater(documents.column("problems"), 0)).column("document_id").to_pylist())
    if not failing:
        return tables, []
    previous = read_previous(dist, failing)
    if previous is None:
        return tables, []
    kept_resources = ("documents", "tables", "amounts", "consistency")
    for name in kept_resources:
        table = previous.tables.get(name)
        if table is None or table.schema != schema.RESOURCES_BY_NAME[name].to_pyarrow_schema():
            return tables, []  # published under another contract: nothing to keep
    now = _table_numbers(tables["tables"], failing)
    before = _table_numbers(previous.tables["tables"], failing)
    kept = sorted(doc for doc, numbers in before.items() if not numbers <= now.get(doc, set()))
    if not kept:
        return tables, []
    keep = pa.array(kept, pa.string())
    out = dict(tables)
    for name in kept_resources:
        current = tables[name].filter(pc.invert(pc.is_in(tables[name].column("document_id"), value_set=keep)))
        earlier = _only(previous.tables[name], set(kept))
        if name == "documents":
            counts = dict(zip(documents.column("document_id").to_pylist(), documents.column("problems").to_pylist()))
            earlier = earlier.set_column(
                earlier.schema.get_field_index("problems"),
                earlier.schema.field("problems"),
                pa.array([counts[d] for d in earlier.column("document_id").to_pylist()], pa.int64()),
            )
        out[name] = in_document_order(pa.concat_tables([current, earlier]))
    return out, kept


def _table_numbers(tables: pa.Table, documents: set[str]) -> dict[str, set[int]]:
    numbers: dict[str, set[int]] = {}
    for doc, number in zip(tables.column("document_id").to_pylist(), tables.column("table_number").to_pylist()):
        if doc in documents:
            numbers.setdefault(doc, set()).add(number)
    return numbers


def in_document_order(table: pa.Table) -> pa.Table:
    """Rows sorted by document id, each letter's rows in the order they have (one chunk).
    Rows already in that order are only joined into one chunk: sorting copies a table that
    at 100,000 letters is gigabytes."""
    if ascending(table.column("document_id")):
        return table.combine_chunks()
    numbered = table.append_column("__seq", pa.array(range(table.num_rows), pa.int64()))
    order = pc.sort_indices(numbered, sort_keys=[("document_id", "ascending"), ("__seq", "ascending")])
    return table.take(order).combine_chunks()


def ascending(ids: pa.ChunkedArray) -> bool:
    """Whether document ids come in document order (each letter's rows together)."""
    rows = len(ids)
    return rows < 2 or bool(pc.all(pc.greater_equal(ids.slice(1), ids.slice(0, rows - 1))).as_py())


def letter_starts(ids: pa.ChunkedArray) -> list[int]:
    """The first row of each letter, for document ids in document order."""
    rows = len(ids)
    if rows == 0:
        return []
    return [0, *(i + 1 for i in pc.indices_nonzero(pc.not_equal(ids.slice(1), ids.slice(0, rows - 1))).to_pylist())]


def joined_in_document_order(batches: list[dict[str, pa.Table]]) -> dict[str, pa.Table]:
    """One table per resource from batches of their rows: what ``in_document_order`` gives
    for the batches joined, taking the batches apart as it goes (it empties ``batches``).

    Batches that follow each other in document order (a publication made chunk by chunk)
    are joined column by column, each old column let go of once it is joined, so that the
    rows are never held twice: at 100,000 letters they are a gigabyte. Others are sorted."""
    if not batches:
        return {}
    schemas = {name: table.schema for name, table in batches[0].items()}
    chunks: dict[str, dict[str, list[pa.Array]]] = {name: {f: [] for f in s.names} for name, s in schemas.items()}
    batches.reverse()
    while batches:
        for name, table in batches.pop().items():
            for f in schemas[name].names:
                chunks[name][f].extend(table.column(f).chunks)
    joined = {}
    for name, schema_ in schemas.items():
        columns = chunks.pop(name)
        if not ascending(pa.chunked_array(columns["document_id"], schema_.field("document_id").type)):
            table = pa.Table.from_arrays(
                [pa.chunked_array(columns[f], schema_.field(f).type) for f in schema_.names], schema=schema_
            )
            del columns
            joined[name] = in_document_order(table)
            continue
        arrays = []
        for f in schema_.names:
            arrays.append(pa.concat_arrays(columns.pop(f)) if columns[f] else pa.array([], schema_.field(f).type))
            pa.default_memory_pool().release_unused()  # hand the old chunks' memory back now, not later
        joined[name] = pa.Table.from_arrays(arrays, schema=schema_)
    return joined


def _letter_runs(table: pa.Table) -> list[tuple[str, int, int]]:
    """Each letter's rows in a table in document order: (document id, first row, end row)."""
    ids = table.column("document_id")
    starts = letter_starts(ids)
    ends = [*starts[1:], table.num_rows]
    return list(zip(pc.take(ids, pa.array(starts, pa.int64())).to_pylist(), starts, ends))


def merged_in_document_order(kept: pa.Table, letters: set[str], fresh: pa.Table) -> pa.Table:
    """The rows of ``kept`` that belong to ``letters``, with every row of ``fresh``, in
    document order; both tables must be in document order and share no letter. Same rows as
    filtering, joining and ``in_document_order``, but by slices of whole letters: no sort."""
    pieces = sorted(
        [(doc, 0, start, end) for doc, start, end in _letter_runs(kept) if doc in letters]
        + [(doc, 1, start, end) for doc, start, end in _letter_runs(fresh)]
    )
    slices: list[list[int]] = []  # [source, first row, end row], neighbouring letters joined
    for _, source, start, end in pieces:
        if slices and slices[-1][0] == source and slices[-1][2] == start:
            slices[-1][2] = end
        else:
            slices.append([source, start, end])
    if len(slices) <= _MAX_SLICES:  # a refresh: a few runs of whole letters, joined as they are
        # Not copied into one chunk: the kept rows are the last assembly, mapped from disk, and
        # a copy would hold every row twice. The writers give the same bytes either way.
        tables = (kept, fresh)
        return pa.concat_tables([kept.slice(0, 0), *(tables[s].slice(a, b - a) for s, a, b in slices)])
    offsets = (0, kept.num_rows)  # many runs: one gather of the rows, where each source starts
    rows = pa.array(
        itertools.chain.from_iterable(range(offsets[s] + a, offsets[s] + b) for s, a, b in slices), pa.int64()
    )
    return pa.concat_tables([kept, fresh]).take(rows).combine_chunks()


# Joining slices costs a little per slice; past this many, one gather of all rows is quicker.
_MAX_SLICES = 256


def _schemas(descriptor: dict) -> list:
    def strip(field: dict) -> dict:
        return {k: v for k, v in field.items() if k != "description"}

    return [
        (
            r["name"],
            [strip(f) for f in r["schema"]["fields"]],
            r["schema"].get("primaryKey"),
            r["schema"].get("foreignKeys"),
        )
        for r in descriptor["resources"]
    ]


def rows_per_letter(table: pa.Table) -> dict[str, int]:
    """Rows per document id, counted by Arrow (hundreds of thousands of rows at scale)."""
    return {r["values"]: r["counts"] for r in pc.value_counts(table.column("document_id")).to_pylist()}


def _only(table: pa.Table, documents: set[str]) -> pa.Table:
    return table.filter(pc.is_in(table.column("document_id"), value_set=pa.array(sorted(documents), pa.string())))


def _comparable_tables(
    before: pa.Table | None, after: pa.Table, resource: schema.Resource
) -> tuple[pa.Table, pa.Table]:
    """The old and the new rows as they compare: under another contract, on the fields both
    have (a field added to the schema is not a row changed); with no key in common, or no
    old rows, every new row is added."""
    if before is not None and before.schema.names != after.schema.names:
        common = [n for n in after.schema.names if n in before.schema.names]
        if set(resource.primary_key) <= set(common):
            return before.select(common), after.select(common)
        before = None
    return (after.schema.empty_table() if before is None else before), after


def _count_rows(changes: Changes, resource: schema.Resource, before: pa.Table, after: pa.Table) -> None:
    """Count into ``changes`` the rows of one resource added, removed and changed: letters on
    one side only whole, letters on both sides row by row under the primary key."""
    was_counts, now_counts = rows_per_letter(before), rows_per_letter(after)
    for doc in now_counts.keys() - was_counts.keys():
        changes.count(doc, resource.name, "added", now_counts[doc])
    for doc in was_counts.keys() - now_counts.keys():
        changes.count(doc, resource.name, "removed", was_counts[doc])
    both = now_counts.keys() & was_counts.keys()
    if not both:
        return
    was, now = _keyed(_only(before, both), resource), _keyed(_only(after, both), resource)
    for key in now.keys() - was.keys():
        changes.count(key[0], resource.name, "added")
    for key in was.keys() - now.keys():
        changes.count(key[0], resource.name, "removed")
    for key in now.keys() & was.keys():
        if now[key] != was[key]:
            changes.count(key[0], resource.name, "changed")


def row_changes(old: dict[str, pa.Table], new: dict[str, pa.Table], documents: set[str] | None = None) -> Changes:
    """Rows added, removed and changed, by primary key, per letter and resource.

    ``documents`` limits the comparison to these letters (the others are known equal).
    Letters on one side only are counted whole; only letters on both sides are compared
    row by row.
    """
    changes = Changes()
    for resource in schema.RESOURCES:
        before, after = _comparable_tables(old.get(resource.name), new[resource.name], resource)
        if documents is not None:
            before, after = _only(before, documents), _only(after, documents)
        _count_rows(changes, resource, before, after)
    return changes


def _keyed(table: pa.Table, resource: schema.Resource) -> dict[tuple, tuple]:
    """The table's rows by their primary key."""
    names = table.schema.names
    key_at = [names.index(k) for k in resource.primary_key]
    columns = [table.column(n).to_pylist() for n in names]
    return {tuple(row[i] for i in key_at): row for row in zip(*columns)}


def bump(
    previous_version: str,
    *,
    schema_changed: bool = False,
    schema_widened: bool = False,
    rows_added: bool = False,
    rows_removed: bool = False,
    rows_changed: bool = False,
    metadata_changed: bool = False,
) -> str:
    """The next version (see the module's docstring): major for rows removed or a schema
    change that does not only widen, minor for rows added or a widened schema, patch for
    rows changed under the same keys or other metadata."""
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", previous_version or "")
    if not match:
        return FIRST_VERSION
    major, minor, patch = map(int, match.groups())
    if (schema_changed and not schema_widened) or rows_removed:
        return f"{major + 1}.0.0"
    if schema_changed or rows_added:
        return f"{major}.{minor + 1}.0"
    if rows_changed or metadata_changed:
        return f"{major}.{minor}.{patch + 1}"
    return previous_version


def widened(old: dict, new: dict) -> bool:
    """Whether the new schemas only widen the old: every resource and field kept with its
    type, keys and constraints, except enumerations that gained values; optional fields
    added after the old ones; new resources. A reader of the old schema that reads fields
    by name reads every old row as before."""
    before = {name: rest for name, *rest in _schemas(old)}
    after = {name: rest for name, *rest in _schemas(new)}
    for name, (fields, primary, foreign) in before.items():
        if name not in after:
            return False
        new_fields, new_primary, new_foreign = after[name]
        if (primary, foreign) != (new_primary, new_foreign) or len(fields) > len(new_fields):
            return False
        if any(f.get("constraints", {}).get("required") for f in new_fields[len(fields) :]):
            return False  # a new field that must be filled: rows of the old shape no longer fit
        for a, b in zip(fields, new_fields):
            a_constraints, b_constraints = dict(a.get("constraints", {})), dict(b.get("constraints", {}))
            a_enum, b_enum = a_constraints.pop("enum", None), b_constraints.pop("enum", None)
            if {k: v for k, v in a.items() if k != "constraints"} != {k: v for k, v in b.items() if k != "constraints"}:
                return False
            if a_constraints != b_constraints or (a_enum is None) != (b_enum is None):
                return False
            if a_enum is not None and not set(a_enum) <= set(b_enum):
                return False
    return True


def _comparable(descriptor: dict) -> dict:
    """A descriptor without what changes with every byte of data or with the version."""
    out = {k: v for k, v in descriptor.items() if k != "version"}
    out["resources"] = [{k: v for k, v in r.items() if k not in ("hash", "bytes")} for r in descriptor["resources"]]
    return out


@dataclass(frozen=True)
class Release:
    version: str
    changes: Changes
    changelog: str


def release(
    previous: Previous | None, descriptor: dict, tables: dict[str, pa.Table], documents: set[str] | None = None
) -> Release:
    """The version of a new publication and the changelog that goes with it.

    ``descriptor`` is the new Parquet descriptor (any version); ``documents`` the letters
    that may differ from the previous publication (None: compare all).
    """
    if previous is None:
        changes = row_changes({}, tables)
        entry = _entry(FIRST_VERSION, changes, "First publication.")
        return Release(FIRST_VERSION, changes, CHANGELOG_HEADER + "\n" + entry)
    schema_changed = _schemas(previous.descriptor) != _schemas(descriptor)
    changes = row_changes(previous.tables, tables, None if schema_changed else documents)
    metadata_changed = _comparable(previous.descriptor) != _comparable(descriptor)
    version = bump(
        previous.descriptor.get("version", ""),
        schema_changed=schema_changed,
        schema_widened=schema_changed and widened(previous.descriptor, descriptor),
        rows_added=changes.total("added") > 0,
        rows_removed=changes.total("removed") > 0,
        rows_changed=changes.total("changed") > 0,
        metadata_changed=metadata_changed,
    )
    if "\n## " not in previous.changelog:  # no history yet: this publication starts it
        entry = _entry(
            version, row_changes({}, tables), "First publication with a changelog; the counts are every row it holds."
        )
        return Release(version, changes, CHANGELOG_HEADER + "\n" + entry)
    changelog = previous.changelog
    if version != previous.descriptor.get("version"):
        note = (
            schema.CONTRACT_CHANGES.get(schema.SCHEMA_VERSION, "The schema changed.")
            if schema_changed
            else "Rows removed: a major version, as rows a consumer may look up are gone."
            if changes.total("removed")
            else ""
            if changes.total("added")
            else "Rows changed under the same keys (corrections): a patch."
            if changes.any
            else "Metadata only; no row changed."
        )
        head, _, rest = changelog.partition("\n## ")
        changelog = head.rstrip("\n") + "\n\n" + _entry(version, changes, note) + (("\n## " + rest) if rest else "")
    return Release(version, changes, changelog)


def _entry(version: str, changes: Changes, note: str) -> str:
    lines = [f"## {version}", ""]
    if note:
        lines += [note, ""]
    if changes.any:
        lines += ["| letter | resource | added | removed | changed |", "|---|---|---:|---:|---:|"]
        order = {r.name: i for i, r in enumerate(schema.RESOURCES)}
        for (document_id, resource), counts in sorted(changes.rows.items(), key=lambda x: (x[0][0], order[x[0][1]])):
            if sum(counts.values()):
                lines.append(
                    f"| {document_id} | {resource} | {counts['added']} | {counts['removed']} | {counts['changed']} |"
                )
        lines.append("")
    return "\n".join(lines) + "\n"
