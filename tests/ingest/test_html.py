from __future__ import annotations

import re
from pathlib import Path

from sitrep.config import Settings
from sitrep.ingest import read_path
from sitrep.ingest.html import html_to_document, read_html_file, url_doc_id
from sitrep.ingest.published import find_dateline, normalize_published
from sitrep.types import Document, ReportError

ARTICLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Airstrike kills 12 in market town | Levant Monitor</title>
<meta property="og:site_name" content="Levant Monitor">
<meta property="og:title" content="Airstrike kills 12 in market town">
<meta property="article:published_time" content="2017-04-07T09:30:00+03:00">
<link rel="canonical" href="/news/2017/04/airstrike-market">
<script>var tracking = "An airstrike killed 999 people";</script>
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | Subscribe now!</nav>
<article><h1>Airstrike kills 12 in market town</h1>
<p>IDLIB, Syria &mdash; An airstrike killed at least 12 civilians, including three children, in the town
of Khan Shaykhun on Friday, the Syrian Observatory for Human Rights said.</p>
<p>Rescue workers said the death toll could rise as &quot;dozens&quot; were still trapped under rubble &amp; debris.</p>
<p>The monitor blamed government forces for the strike, which hit a market in the town centre.</p>
</article>
<aside class="related">Related: Ten things to do in Paris this weekend</aside>
<footer>Copyright 2017 Levant Monitor. All rights reserved. Cookie policy.</footer>
</body></html>
"""


def test_article_text_and_metadata():
    doc = html_to_document(ARTICLE.encode("utf-8"), url="https://levant.example/a?id=7")
    assert isinstance(doc, Document)
    assert doc.title == "Airstrike kills 12 in market town"
    assert doc.publisher == "Levant Monitor"
    assert doc.published == "2017-04-07" and doc.published_source == "html"
    assert doc.url == "https://levant.example/news/2017/04/airstrike-market"  # canonical, made absolute
    assert doc.id.startswith("levant.example-a-")
    # clean text: entities decoded, no markup, no scripts, no navigation or footer
    assert '"dozens"' in doc.text and "rubble & debris" in doc.text
    assert "<" not in doc.text and "999" not in doc.text
    assert "Subscribe" not in doc.text and "Cookie policy" not in doc.text
    # one line per paragraph; the paragraph's inner newline is folded
    assert "in the town of Khan Shaykhun" in doc.text


def test_evidence_offsets_point_into_clean_text():
    doc = html_to_document(ARTICLE, url="https://levant.example/a")
    phrase = "killed at least 12 civilians"
    start = doc.text.index(phrase)
    assert doc.text[start : start + len(phrase)] == phrase
    # offsets found by a regex (as the extractor does) are stable across a second conversion
    again = html_to_document(ARTICLE, url="https://levant.example/a")
    assert again.text == doc.text and again.content_hash == doc.content_hash
    m = re.search(r"Khan Shaykhun", doc.text)
    assert m and doc.text[m.start() : m.end()] == "Khan Shaykhun"


def test_given_metadata_wins_over_page():
    doc = html_to_document(
        ARTICLE, published="Sat, 08 Apr 2017 01:00:00 +0000", published_source="feed", publisher="Feed Name"
    )
    assert doc.published == "2017-04-08" and doc.published_source == "feed"
    assert doc.publisher == "Feed Name"


def test_dateline_fallback_and_flag():
    page = "<html><body><article><p>DOUMA, Fri 07 Apr 2017 &ndash; Shelling hit the town. Five people were killed, medics said.</p></article></body></html>"
    doc = html_to_document(page)
    assert doc.published == "2017-04-07" and doc.published_source == "dateline"
    undated = html_to_document(
        "<html><body><p>Shelling hit the town. Five people were killed, medics said.</p></body></html>"
    )
    assert undated.published is None and undated.published_source is None


def test_find_dateline_forms():
    assert find_dateline("Fri 07 Apr 2017 - text") == "2017-04-07"
    assert find_dateline("BEIRUT, Friday, April 7, 2017 (AP) — text") == "2017-04-07"
    assert find_dateline("Updated 2018-04-06 12:00") == "2018-04-06"
    assert find_dateline("7th of the month, 31 Feb 2017") is None
    assert find_dateline("x" * 500 + " 7 April 2017") is None  # only near the top
    # an event date inside a sentence is not a dateline
    lead = (
        "Rescuers said that the attack on 4 April 2017 killed dozens of people in the town of Khan Shaykhun."
    )
    assert find_dateline(lead) is None
    assert find_dateline("By Jane Doe\nPublished 8 April 2017\n" + lead) == "2017-04-08"
    assert find_dateline(lead + "\n" + lead + " It was Friday, 7 April 2017, when they came.") is None
    assert find_dateline("Posted on April 19 2017 by A. Writer Six killed in Aleppo bombing") == "2017-04-19"
    assert (
        find_dateline("Date of publication 7 July 2016 Video More than 33 people were killed") == "2016-07-07"
    )
    byline = (
        "Syria air strikes kill 32 across the country, monitor says AFP Monday 2 Feb 2015 Syrian government"
    )
    assert find_dateline(byline) == "2015-02-02"
    assert normalize_published("Fri, 07 Apr 2017 23:30:00 -0500") == "2017-04-07"  # writer's own day
    assert normalize_published("2017-04-07T09:30:00Z") == "2017-04-07"
    assert normalize_published("yesterday") is None


def test_html_file_via_read_path(tmp_path: Path):
    p = tmp_path / "strike.html"
    p.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.htm").write_text("<html><body></body></html>")
    (tmp_path / "latin.html").write_bytes(
        '<html><head><meta charset="iso-8859-1"></head><body><p>Caf\xe9 bombed in Al-Bab, two dead.</p></body></html>'.encode(
            "latin-1"
        )
    )
    out = {getattr(d, "id", None) or d.report_id: d for d in read_path(tmp_path, Settings())}
    assert isinstance(out["strike"], Document) and out["strike"].origin == str(p)
    assert out["strike"].url is None  # relative canonical and no base: not guessed
    assert isinstance(out["empty"], ReportError) and "no article text" in out["empty"].reason
    assert "Café bombed" in out["latin"].text


def test_html_file_limits(tmp_path: Path):
    p = tmp_path / "big.html"
    p.write_text("<html><body>" + "<p>word</p>" * 2000 + "</body></html>")
    try:
        read_html_file(p, Settings(max_report_bytes=1000))
    except ReportError as e:
        assert "too large" in e.reason
    else:
        raise AssertionError("expected ReportError")


def test_url_doc_id_readable_and_stable():
    a = url_doc_id("https://www.example.org/world/2017/04/07/strike-kills-12.html")
    assert a.startswith("example.org-strike-kills-12-") and a == url_doc_id(
        "https://www.example.org/world/2017/04/07/strike-kills-12.html"
    )
    assert url_doc_id("https://example.org/a?x=1") != url_doc_id("https://example.org/a?x=2")


def test_markup_weight_is_not_text_weight():
    heavy = (
        "<html><head><script>"
        + "var x = 1;" * 50_000
        + "</script></head><body><p>Two were killed in Daraa.</p></body></html>"
    )
    s = Settings(max_report_bytes=10_000, fetch_max_bytes=1_000_000)
    assert html_to_document(heavy, settings=s).text == "Two were killed in Daraa."
    try:
        html_to_document(heavy, settings=Settings(max_report_bytes=10_000, fetch_max_bytes=100_000))
    except ReportError as e:
        assert "bytes of HTML" in e.reason
    else:
        raise AssertionError("expected ReportError")
