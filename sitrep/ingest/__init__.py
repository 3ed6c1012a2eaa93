"""Ingest stage: sources (files, JSONL, HTML, feeds, URLs) -> `Document`s.

`read_path` is the entry point for local inputs; it yields a `ReportError` for each report it cannot
read, never raising, so a batch always goes on.
"""

from sitrep.ingest.readers import (
    decode_text,
    document_from_record,
    read_jsonl_lines,
    read_path,
    read_text_file,
)

__all__ = ["decode_text", "document_from_record", "read_jsonl_lines", "read_path", "read_text_file"]
