"""Plain text: bytes -> clean text (the checks every format shares: size, binary content, encoding,
emptiness), and text files -> `Document`s."""

from __future__ import annotations

import re
from pathlib import Path

from sitrep.config import Settings
from sitrep.types import Document, ReportError

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def decode_text(report_id: str, raw: bytes, max_bytes: int) -> str:
    """Bytes -> clean text, or ReportError: empty, too large, binary, not UTF-8."""
    if len(raw) > max_bytes:
        raise ReportError(
            report_id, f"too large: {len(raw):,} bytes (limit {max_bytes:,}; SITREP_MAX_REPORT_BYTES)"
        )
    if not raw.strip():
        raise ReportError(report_id, "empty report")
    if b"\x00" in raw[:8192]:
        raise ReportError(report_id, "binary content (NUL bytes), not a text report")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ReportError(
            report_id, f"not valid UTF-8 (byte {e.start}): re-encode the file as UTF-8"
        ) from None
    if len(_CONTROL.findall(text[:8192])) > 20:
        raise ReportError(report_id, "binary content (control characters), not a text report")
    return normalize_text(text)


def normalize_text(text: str) -> str:
    """Unify newlines and strip trailing spaces; offsets of evidence refer to this form."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def read_text_file(path: Path, settings: Settings, doc_id: str | None = None, **meta) -> Document:
    rid = doc_id or path.stem
    try:
        size = path.stat().st_size
        if size > settings.max_report_bytes:
            raise ReportError(
                rid,
                f"too large: {size:,} bytes (limit {settings.max_report_bytes:,}; SITREP_MAX_REPORT_BYTES)",
            )
        raw = path.read_bytes()
    except OSError as e:
        raise ReportError(rid, f"cannot read {path}: {e.strerror}") from None
    text = decode_text(rid, raw, settings.max_report_bytes)
    meta = {k: v for k, v in meta.items() if v is not None}
    if meta.get("published") and "published_source" not in meta:
        meta["published_source"] = "given"
    return Document(id=rid, text=text, origin=str(path), **meta)
