"""Ingest stage: sources (files, JSONL, HTML, feeds, URLs) -> `Document`s.

`read_path` is the entry point for local inputs and http(s) URLs; it yields a `ReportError` for each
report it cannot read, never raising, so a batch always goes on.  Feeds: `sitrep.ingest.watch`.
Heavier pieces (trafilatura, httpx, feedparser) are imported only when used.
"""

from sitrep.ingest.progress import Summary, progress
from sitrep.ingest.readers import (
    decode_text,
    document_from_record,
    read_jsonl_lines,
    read_path,
    read_text_file,
)

__all__ = [
    "Summary",
    "decode_text",
    "document_from_record",
    "html_to_document",
    "progress",
    "read_html_file",
    "read_jsonl_lines",
    "read_path",
    "read_text_file",
    "read_url",
    "read_urls",
    "SafeFetcher",
    "watch_once",
]

_LAZY = {
    "html_to_document": "sitrep.ingest.html",
    "read_html_file": "sitrep.ingest.html",
    "read_url": "sitrep.ingest.urls",
    "read_urls": "sitrep.ingest.urls",
    "SafeFetcher": "sitrep.ingest.fetch",
    "watch_once": "sitrep.ingest.watch",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
