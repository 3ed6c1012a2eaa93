"""HTML ingest on fakes-dev: each article is wrapped in a page with navigation, related links, a cookie
banner and a footer (no date metadata), then read back with `html_to_document`.

Measures pages/s, how much of the article text comes back (word recall), how much page furniture leaks
in (boilerplate word share), whether every article sentence is found verbatim in Document.text (so
evidence offsets can point at it), how often the dateline fallback finds a date, and how often that
date agrees with the corpus's `published` field (which is itself noisy in FA-KES).

    .venv/bin/python benchmarks/ingest_html.py [--limit N]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

NAV = "Home World Politics Business Opinion Sport Subscribe Login Newsletter"
RELATED = ["Ten gadgets to buy this winter", "Celebrity chef opens seaside bistro", "Markets rally on tech stocks"]
FOOTER = "Copyright Example Media Group. All rights reserved. Privacy policy. Cookie settings. Contact us."
BOILER_WORDS = set(re.findall(r"[a-z]+", " ".join([NAV, *RELATED, FOOTER]).lower())) - {"the", "on", "to", "this", "us"}
SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"])")


def page(rec: dict) -> str:
    sents = SENT.split(rec["text"])
    paras = [" ".join(sents[i : i + 3]) for i in range(0, len(sents), 3)]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
    nav = " ".join(f'<a href="/{w.lower()}">{w}</a>' for w in NAV.split())
    related = "".join(f'<li><a href="/r{i}">{t}</a></li>' for i, t in enumerate(RELATED))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(rec.get("title") or "")} | Example News</title>
<meta property="og:site_name" content="{html.escape(rec.get("publisher") or "Example News")}">
<script>window.dataLayer = [{{"page": "article"}}];</script><style>p {{ margin: 0 }}</style></head>
<body><header><nav>{nav}</nav></header>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<main><article><h1>{html.escape(rec.get("title") or "")}</h1>
{body}
</article><aside class="related"><h3>Most read</h3><ul>{related}</ul></aside></main>
<footer>{FOOTER}</footer></body></html>"""


def words(s: str) -> list[str]:
    return re.findall(r"[a-z]+", s.lower())


def main() -> int:
    global SHARED  # --shared replaces the default location for the whole run
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--shared", type=Path, default=SHARED,
                    help="the evaluation data folder (corpus/, eval/); default ../shared beside the repository")
    a = ap.parse_args()
    SHARED = a.shared
    path = SHARED / "corpus" / "fakes-dev" / "texts.jsonl"
    if not path.exists():
        print("../shared not present: skipped")
        return 0
    sys.path.insert(0, str(ROOT))
    from sitrep.ingest.html import html_to_document
    from sitrep.ingest.readers import normalize_text

    recs = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    if a.limit:
        recs = recs[: a.limit]
    pages = [page(r).encode("utf-8") for r in recs]
    html_to_document(pages[0])  # warm-up (imports)
    t0 = time.perf_counter()
    docs = [html_to_document(p, url=f"https://news.example/a/{r['id']}") for p, r in zip(pages, recs, strict=True)]
    dt = time.perf_counter() - t0

    recall = leak = 0.0
    sent_total = sent_found = 0
    dated = dated_ok = 0
    for r, d in zip(recs, docs, strict=True):
        gold = words(r["text"])
        got = words(d.text)
        got_set = set(got)
        recall += sum(w in got_set for w in gold) / max(1, len(gold))
        gold_set = set(gold)
        leak += sum(w in BOILER_WORDS and w not in gold_set for w in got) / max(1, len(got))
        for s in SENT.split(normalize_text(r["text"])):
            sent_total += 1
            sent_found += s in d.text
        if d.published:
            dated += 1
            dated_ok += d.published == (r.get("published") or "")[:10]
    n = len(recs)
    out = {
        "pages": n,
        "pages_per_s": round(n / dt, 1),
        "ms_per_page": round(1000 * dt / n, 1),
        "word_recall": round(recall / n, 4),
        "boilerplate_word_share": round(leak / n, 4),
        "sentences_verbatim": round(sent_found / max(1, sent_total), 4),
        "dateline_found": round(dated / n, 4),
        "dateline_agrees_with_corpus_date": round(dated_ok / max(1, dated), 4),
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
