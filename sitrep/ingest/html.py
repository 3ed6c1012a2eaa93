"""HTML pages -> `Document`: clean article text (trafilatura) plus title, publisher, date, canonical URL.

`Document.text` is the clean article text itself (normalised like text files), so evidence offsets found
downstream point straight into it; the markup is not kept in the Document (the fetcher's caller may keep
the raw bytes).
"""

from __future__ import annotations

import hashlib
import re
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from sitrep.config import Settings
from sitrep.ingest.published import find_dateline, normalize_published
from sitrep.ingest.text import normalize_text
from sitrep.types import Document, ReportError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_SLUG = re.compile(r"[^a-z0-9]+")
_DOCUMENT_TAG = re.compile(r"<(?:html|body|head)\b", re.I)


def url_doc_id(url: str) -> str:
    """A readable, stable document id for an URL: host, last path words and a short hash."""
    parts = urlsplit(url)
    host = (parts.hostname or "url").removeprefix("www.")
    segs = [s for s in parts.path.split("/") if s]
    last = segs[-1] if segs else ""
    last = re.sub(r"\.(s?html?|php|aspx?)$", "", last.lower())
    slug = _SLUG.sub("-", last).strip("-")[:48]
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]
    return "-".join(p for p in (host, slug, digest) if p)


def decode_html(raw: bytes, charset: str | None = None) -> str:
    """Bytes of a page -> str: the HTTP charset, else the page's <meta charset>, else UTF-8, else a guess."""
    candidates = [charset] if charset else []
    m = _META_CHARSET.search(raw[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii", "replace"))
    candidates.append("utf-8")
    for enc in candidates:
        try:
            return raw.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is not None:
            return str(best)
    except ImportError:  # pragma: no cover - installed with trafilatura
        pass
    return raw.decode("utf-8", errors="replace")


def max_html_bytes(settings: Settings) -> int:
    """Pages carry much markup besides their text: the raw page may be as large as a fetch may be."""
    return max(settings.fetch_max_bytes, settings.max_report_bytes)


def _head_meta(html: str) -> dict[str, str]:
    """Canonical URL and site name straight from the markup (trafilatura does not resolve relative
    canonical links)."""
    out: dict[str, str] = {}
    try:
        from lxml import html as lh

        tree = lh.fromstring(html)
    except Exception:  # noqa: BLE001 - lxml raises several types on junk; metadata is optional
        return out
    for el in tree.iter("link"):
        rels = (el.get("rel") or "").lower().split()
        if "canonical" in rels and el.get("href"):
            out.setdefault("canonical", el.get("href").strip())
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or "").lower()
        val = (el.get("content") or "").strip()
        if not val:
            continue
        if key == "og:url":
            out.setdefault("og_url", val)
        elif key in ("og:site_name", "application-name", "publisher"):
            out.setdefault("site_name", val)
    return out


def _absolute_http(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    full = urljoin(base, href) if base else href
    return full if urlsplit(full).scheme in ("http", "https") else None


def html_to_document(
    html: str | bytes,
    url: str | None = None,
    doc_id: str | None = None,
    *,
    settings: Settings | None = None,
    charset: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    published: str | None = None,
    published_source: str | None = None,
    origin: str | None = None,
    language: str | None = None,
    min_chars: int = 1,
    **_ignored: Any,
) -> Document:
    """Clean article text and metadata from a page.  Values passed in (e.g. from a feed item) win over
    the page's own metadata; `published` falls back to HTML metadata, then a dateline in the text.
    Raises ReportError when no article text can be found."""
    settings = settings or Settings()
    rid = doc_id or (url_doc_id(url) if url else None)
    size = len(html) if isinstance(html, bytes) else len(html.encode("utf-8", "replace"))
    if size > max_html_bytes(settings):  # markup: the fetch limit; the clean text: max_report_bytes
        raise ReportError(
            rid or "html", f"too large: {size:,} bytes of HTML (limit {max_html_bytes(settings):,})"
        )
    if isinstance(html, bytes):
        if b"\x00" in html[:8192]:
            raise ReportError(rid or "html", "binary content (NUL bytes), not an HTML page")
        html = decode_html(html, charset)
    if not html.strip():
        raise ReportError(rid or "html", "empty page")
    if not _DOCUMENT_TAG.search(html[:2048]):  # a fragment (feed content): give it a page around it
        html = f"<html><head></head><body><article>{html}</article></body></html>"

    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = trafilatura.bare_extraction(
                html,
                url=url,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                favor_recall=True,
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
        except Exception as e:  # noqa: BLE001 - trafilatura/lxml errors on broken markup vary
            raise ReportError(rid or "html", f"cannot parse HTML: {type(e).__name__}: {e}") from None
        text = normalize_text(res.text or "") if res is not None else ""
        if len(text.strip()) < min_chars:
            text = normalize_text(trafilatura.html2txt(html) or "")
    if len(text.strip()) < min_chars:
        raise ReportError(rid or "html", "no article text found in the page")
    text_bytes = len(text.encode("utf-8"))
    if text_bytes > settings.max_report_bytes:
        raise ReportError(
            rid or "html",
            f"too large: {text_bytes:,} bytes of article text (limit {settings.max_report_bytes:,}; "
            "SITREP_MAX_REPORT_BYTES)",
        )

    head = _head_meta(html)
    canonical = (
        _absolute_http(head.get("canonical"), url)
        or _absolute_http(head.get("og_url"), url)
        or _absolute_http(getattr(res, "url", None), url)
        or url
    )
    if rid is None:
        rid = url_doc_id(canonical) if canonical else "html-" + hashlib.sha256(text.encode()).hexdigest()[:12]

    pub = normalize_published(published)
    source = (published_source or "given") if pub else None
    if pub is None and res is not None:
        pub = normalize_published(getattr(res, "date", None))
        source = "html" if pub else None
    if pub is None:
        pub = find_dateline(text)
        source = "dateline" if pub else None

    page_title = getattr(res, "title", None) if res is not None else None
    site = head.get("site_name") or (getattr(res, "sitename", None) if res is not None else None)
    return Document(
        id=rid,
        text=text,
        title=title or page_title or None,
        publisher=publisher or site or None,
        published=pub,
        url=canonical,
        language=language or (getattr(res, "language", None) if res is not None else None) or "en",
        origin=origin or url,
        published_source=source,
    )


def read_html_file(path: Path, settings: Settings, doc_id: str | None = None, **meta: Any) -> Document:
    """A saved HTML page -> Document (id: the file name without extension, like text files)."""
    rid = doc_id or path.stem
    try:
        size = path.stat().st_size
        if size > max_html_bytes(settings):
            raise ReportError(rid, f"too large: {size:,} bytes of HTML (limit {max_html_bytes(settings):,})")
        raw = path.read_bytes()
    except OSError as e:
        raise ReportError(rid, f"cannot read {path}: {e.strerror}") from None
    meta = {k: v for k, v in meta.items() if v is not None}
    url = meta.pop("url", None)
    return html_to_document(raw, url=url, doc_id=rid, settings=settings, origin=str(path), **meta)
