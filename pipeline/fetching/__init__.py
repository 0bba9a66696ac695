"""Fetching Kamerstukken from officielebekendmakingen: search, download, store in raw/.

Pure functions and small classes, no Dagster: ``config`` reads ``sources.toml``,
``http`` is the one polite HTTP client (User-Agent, rate, retries, size and host limits),
``xmlsafe`` parses the service's untrusted XML, ``sru`` pages through the search service,
``store`` decides where a document goes in raw/ and writes it atomically with its
provenance, and ``fetch`` puts them together (``fetch_dossiers``).
"""
