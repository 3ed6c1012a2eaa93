"""Ingest stage: sources (files, JSONL, HTML, feeds, URLs) -> `Document`s.

`read_path` is the entry point for local inputs and http(s) URLs; it yields a `ReportError` for each
report it cannot read, never raising, so a batch always goes on.  Modules, lowest first: text (bytes ->
clean text), published (publication dates), html, fetch (the safe fetcher), urls (pages), feeds
(RSS/Atom items and what `watch` has seen), jsonl, readers (dispatch by path, suffix or URL).
Heavier libraries (trafilatura, httpx, feedparser) are imported only when used.  Following feeds over
time is `sitrep.run.watch`.
"""

from sitrep.ingest.jsonl import document_from_record, read_jsonl_lines
from sitrep.ingest.readers import read_path, read_url_documents
from sitrep.ingest.text import decode_text, read_text_file

__all__ = [
    "decode_text",
    "document_from_record",
    "read_jsonl_lines",
    "read_path",
    "read_text_file",
    "read_url_documents",
]
