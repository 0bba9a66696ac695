"""The source in Dagster: Kamerstukken as dynamic partitions, a sensor on the search
service, and the asset that fetches one document. Wiring only: the work is in
``pipeline.fetching``.

- ``source_feed`` (sensor) searches the dossiers of ``sources.toml`` from its cursor (per
  dossier, the latest modified day seen), adds a ``kamerstukken`` partition for each new
  document and requests a run of ``source_document`` for each new or changed record
  (run key ``<id>@<modified>``, the record's timestamp where it has one, so a record is
  fetched once per version, even two versions of one day).
- ``source_document`` (one partition per document id) stores that document in raw/, where
  the ``raw_letters_changed`` sensor picks it up for publication.
- ``fetched_sources`` fetches every dossier in one go; the daily schedule runs it and then
  the publication (job ``fetch_and_publish``).
"""

import json
from pathlib import Path

import dagster as dg

from pipeline.defs.resources import INFO_LOG, PipelinePaths
from pipeline.errors import PipelineError
from pipeline.fetching import config, sru
from pipeline.fetching.fetch import client_for, fetch_dossiers, fetch_record
from pipeline.fetching.store import Store, UnsafeIdentifier, document_stem

KAMERSTUKKEN = "kamerstukken"  # the partitions' name, one partition per Kamerstuk identifier
kamerstukken = dg.DynamicPartitionsDefinition(name=KAMERSTUKKEN)


class SourceSettings(dg.ConfigurableResource):
    """Where the sources are declared, and (for a mirror or a test) the search service's URL."""

    sources_file: str = "sources.toml"
    sru_url: str = ""  # default: the one in the sources file

    def load(self) -> config.Sources:
        return config.load(Path(self.sources_file))

    def url(self, sources: config.Sources) -> str:
        return self.sru_url or sources.sru


class RecordConfig(dg.Config):
    """The search record a run fetches (the sensor fills it in)."""

    identifier: str
    dossier: str
    modified: str
    title: str = ""
    type: str = ""
    urls: dict[str, str] = {}
    preferred_url: str = ""
    main_document: str = ""  # an attachment's main document


@dg.asset(
    partitions_def=kamerstukken,
    group_name="source",
    description="One Kamerstuk fetched from officielebekendmakingen into raw/ (XML, metadata, "
    "or the PDF where the XML holds no text), with its provenance.",
)
def source_document(
    context: dg.AssetExecutionContext, config: RecordConfig, sources: SourceSettings, paths: PipelinePaths
) -> dg.MaterializeResult:
    settings = sources.load()
    record = sru.Record(
        config.identifier,
        config.modified,
        config.title,
        config.type,
        dict(config.urls),
        config.preferred_url,
        main_document=config.main_document,
    )
    store = Store(paths.raw / settings.folder)
    outcome = fetch_record(client_for(settings, sources.url(settings)), store, settings, record, config.dossier)
    context.log.info(f"{config.identifier}: {outcome}")
    return dg.MaterializeResult(metadata={"outcome": outcome, "modified": config.modified})


@dg.asset(
    group_name="source",
    description="Every new or changed Kamerstuk of the dossiers in sources.toml, fetched into raw/.",
)
def fetched_sources(
    context: dg.AssetExecutionContext, sources: SourceSettings, paths: PipelinePaths
) -> dg.MaterializeResult:
    settings = sources.load()
    summary = fetch_dossiers(settings, paths.raw, sru_url=sources.url(settings))
    for line in summary.lines():
        context.log.info(line)
    if summary.failed:
        context.log.warning(f"{len(summary.failed)} document(s) could not be fetched; the next fetch tries again")
    return dg.MaterializeResult(
        metadata={
            "found": summary.found,
            "new": len(summary.new),
            "changed": len(summary.changed),
            "failed": len(summary.failed),
        }
    )


fetch_documents = dg.define_asset_job(
    "fetch_documents",
    selection=[source_document],
    config=INFO_LOG,
    partitions_def=kamerstukken,
    description="Fetch one Kamerstuk (a partition) into raw/.",
)


@dg.sensor(
    job=fetch_documents,
    minimum_interval_seconds=3600,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Searches officielebekendmakingen for new or changed Kamerstukken of the dossiers in "
    "sources.toml and fetches each one.",
)
def source_feed(context: dg.SensorEvaluationContext, sources: SourceSettings) -> dg.SensorResult | dg.SkipReason:
    settings = sources.load()
    cursors: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    client = client_for(settings, sources.url(settings))
    requests: list[dg.RunRequest] = []
    new_keys: list[str] = []
    known = set(context.instance.get_dynamic_partitions(KAMERSTUKKEN))
    for dossier in settings.dossiers:
        since = cursors.get(dossier)
        try:
            records = list(
                sru.search(
                    client,
                    sources.url(settings),
                    sru.query(dossier, sru.day_of(since) or None),
                    settings.page_size,
                    settings.max_search_bytes,
                )
            )
        except PipelineError as error:
            context.log.warning(f"dossier {dossier}: {error}")
            continue
        for record in records:
            try:
                key = document_stem(record.identifier)
            except UnsafeIdentifier as error:
                context.log.warning(str(error))
                continue
            if key not in known:
                known.add(key)
                new_keys.append(key)
            run_config = dg.RunConfig(
                ops={
                    "source_document": RecordConfig(
                        identifier=record.identifier,
                        dossier=record.dossier_for(dossier),
                        modified=record.modified,
                        title=record.title,
                        type=record.type,
                        urls=record.urls,
                        preferred_url=record.preferred_url,
                        main_document=record.main_document,
                    )
                }
            )
            requests.append(dg.RunRequest(partition_key=key, run_key=f"{key}@{record.modified}", run_config=run_config))
            cursors[dossier] = sru.later_day(cursors.get(dossier), record.day)
    if not requests:
        return dg.SkipReason("no new or changed Kamerstukken")
    return dg.SensorResult(
        run_requests=requests,
        cursor=json.dumps(cursors, sort_keys=True),
        dynamic_partitions_requests=[kamerstukken.build_add_request(new_keys)] if new_keys else [],
    )


SOURCE_ASSETS = [source_document, fetched_sources]
__all__ = ["SOURCE_ASSETS", "SourceSettings", "Store", "fetch_documents", "kamerstukken", "source_feed"]
