"""URLs -> `Document`s through the safe fetcher."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sitrep.config import Settings
from sitrep.ingest.fetch import FEED_TYPES, HTML_TYPES, FetchResult, SafeFetcher, borrowed
from sitrep.ingest.html import html_to_document, url_doc_id
from sitrep.ingest.published import find_dateline, normalize_published
from sitrep.ingest.text import decode_text
from sitrep.types import Document, ReportError


def is_url(value: object) -> bool:
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def looks_like_feed(res: FetchResult) -> bool:
    if res.content_type in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
        return True
    head = res.content[:1024].lstrip().lower()
    return res.content_type in FEED_TYPES and (b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head)


def document_from_fetch(
    res: FetchResult, settings: Settings, doc_id: str | None = None, **meta: Any
) -> Document:
    """A fetched page (HTML or plain text) -> Document.  Feeds are refused with a pointer to `watch`."""
    rid = doc_id or url_doc_id(res.url)
    meta = {k: v for k, v in meta.items() if v is not None}
    if res.content_type in HTML_TYPES or (not res.content_type and b"<html" in res.content[:2048].lower()):
        return html_to_document(
            res.content,
            url=res.final_url,
            doc_id=rid,
            settings=settings,
            charset=res.charset,
            origin=res.url,
            **meta,
        )
    if looks_like_feed(res):
        raise ReportError(rid, f"{res.url} is a feed, not an article: use `sitrep watch {res.url}`")
    if res.content_type in ("text/plain", ""):
        raw = res.content
        if res.charset and res.charset.lower() not in ("utf-8", "utf8"):
            try:
                raw = raw.decode(res.charset).encode("utf-8")
            except (LookupError, UnicodeDecodeError):
                pass
        text = decode_text(rid, raw, settings.max_report_bytes)
        published = normalize_published(meta.pop("published", None))
        source = meta.pop("published_source", "given") if published else None
        if published is None:
            published = find_dateline(text)
            source = "dateline" if published else None
        meta.pop("url", None)
        return Document(
            id=rid,
            text=text,
            url=res.final_url,
            origin=res.url,
            published=published,
            published_source=source,
            **{k: v for k, v in meta.items() if k in ("title", "publisher", "language")},
        )
    raise ReportError(rid, f"unsupported content type {res.content_type!r} for an article")


def read_url(
    url: str, settings: Settings, fetcher: SafeFetcher | None = None, doc_id: str | None = None, **meta: Any
) -> Document:
    """Fetch `url` safely and turn the page into a Document; raises ReportError with the reason."""
    with borrowed(fetcher, settings) as f:
        return document_from_fetch(fetch_page(f, url, doc_id), settings, doc_id=doc_id, **meta)


def fetch_page(fetcher: SafeFetcher, url: str, doc_id: str | None = None) -> FetchResult:
    """`fetcher.get(url)`, its refusal named after the report it was for (`doc_id` or the URL's)."""
    try:
        return fetcher.get(url)
    except ReportError as e:
        raise ReportError(doc_id or url_doc_id(url), f"{url}: {e.reason}") from None


def read_urls(urls: Iterable[str], settings: Settings, **meta: Any) -> Iterator[Document | ReportError]:
    """Documents from URLs, one fetcher for all; a failing URL yields its ReportError and the rest go on."""
    with SafeFetcher(settings) as f:
        for u in urls:
            try:
                yield read_url(u, settings, fetcher=f, **meta)
            except ReportError as e:
                yield e
