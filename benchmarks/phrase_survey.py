"""Survey of the casualty phrase grammar on real text (../shared dev sets).

    .venv/bin/python benchmarks/phrase_survey.py [--show-misses N] [--shared ../shared]

acled-dev: one report = one event; the predicted toll is the sum of the killed figures over the report's
sentences (no cumulative or negated ones; combined "killed and injured" figures by ACLED's halving), compared with ACLED's coded fatalities.
fakes-dev: the article's crowd label `killed`; we report whether any killed figure is found, whether
the label equals one of the found figures or the sum of one sentence's figures (articles often give
several tolls), and how often the largest event toll (score_fakes.py's choice of main event, with
background sentences dropped) equals the label.
Also: dates (acled-dev first non-background date vs ACLED's date), sources (seed gold sources found in
their evidence lines; speed on fakes-dev) and casualty_mentions speed per sentence.  --show-misses prints missed sentences to the terminal for
inspection (nothing is written to the repo).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitrep.extract.casualties import casualty_mentions  # noqa: E402
from sitrep.extract.dates import date_mentions, parse_published  # noqa: E402
from sitrep.extract.sources import SourceResolver  # noqa: E402

SENT = re.compile(r"(?<=[.!?])[\"”']?\s+(?=[A-Z\"“0-9])")
DEATH_WORD = re.compile(r"\b(kill|dead|died|death|bod(?:y|ies)|fatalit|lives|murder|assassinat|execut|behead|slain)", re.I)


def sentences(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for m in SENT.finditer(text):
        out.append((pos, text[pos:m.start()]))
        pos = m.end()
    out.append((pos, text[pos:]))
    return [(o, s) for o, s in out if s.strip()]


def killed_figures(text: str) -> tuple[list[int], list[int], int]:
    """(per-event killed figures, all killed figures incl. cumulative and per-sentence sums, sentences)."""
    event, every = [], []
    sents = sentences(text)
    for off, s in sents:
        own = []
        for m in casualty_mentions(s, off):
            if m.kind != "killed" or m.negated or m.count.best is None:
                continue
            every.append(m.count.best)
            if not m.count.cumulative:
                event.append(m.count.best)
                own.append(m.count.best)
        if len(own) > 1:
            every.append(sum(own))  # "killing five women and a child"
    return event, every, len(sents)


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def acled(shared: Path, show: int) -> dict:
    texts = load(shared / "corpus/acled-dev/texts.jsonl")
    gold = {g["document"]["id"]: g for g in load(shared / "corpus/acled-dev/gold.jsonl")}
    n = exact = gold_nz = pred_nz = both_nz = 0
    misses = []
    for t in texts:
        ev = gold[t["id"]]["events"][0]
        g = (ev.get("fatalities") or {}).get("low") or 0
        figs, _, _ = killed_figures(t["text"])
        p = sum(figs)
        n += 1
        exact += p == g
        gold_nz += g > 0
        pred_nz += p > 0
        both_nz += g > 0 and p > 0
        if p != g:
            misses.append((g, p, t["text"]))
    if show:
        for g, p, text in misses[:show]:
            print(f"  ACLED gold={g} pred={p}: {text[:400]}")
    return {"reports": n, "exact": exact, "gold_nonzero": gold_nz, "pred_nonzero": pred_nz,
            "nonzero_recall": both_nz / max(1, gold_nz), "nonzero_precision": both_nz / max(1, pred_nz)}


def fakes(shared: Path, show: int) -> dict:
    texts = load(shared / "corpus/fakes-dev/texts.jsonl")
    labels = {x["id"]: x for x in load(shared / "corpus/fakes-dev/labels.jsonl")}
    n = lab_nz = found_any = found_value = zero_lab = zero_found = proxy_exact = proxy_20 = 0
    shown = 0
    for t in texts:
        k = labels.get(t["id"], {}).get("killed")
        if k is None:
            continue
        n += 1
        event, every, _ = killed_figures(t["text"])
        top = main_toll(t["text"], parse_published(t.get("published")))
        proxy_exact += top == k
        proxy_20 += abs(top - k) <= 0.2 * max(k, 1)
        if k > 0:
            lab_nz += 1
            found_any += bool(every)
            found_value += k in every
            if k not in every and shown < show:
                shown += 1
                print(f"  FAKES label={k} found={every[:8]}")
                for _, s in sentences(t["text"]):
                    if DEATH_WORD.search(s):
                        print("     |", s[:300])
        else:
            zero_lab += 1
            zero_found += bool(event)
    return {"articles": n, "label_nonzero": lab_nz, "found_any_figure": found_any,
            "found_label_value": found_value, "label_zero": zero_lab, "label_zero_but_figure": zero_found,
            "max_rule_exact": proxy_exact, "max_rule_within_20pct": proxy_20}


def main_toll(text: str, published) -> int:
    """score_fakes.py's rule on phrase level: the largest event toll (updated tolls included, aggregates
    over many events not, nor figures in a sentence whose only dates are background)."""
    top = 0
    for off, s in sentences(text):
        ds = date_mentions(s, published)
        if ds and all(d.background for d in ds):
            continue
        for m in casualty_mentions(s, off):
            if m.kind == "killed" and not m.negated and not m.aggregate and m.count.best:
                top = max(top, m.count.best)
    return top


def dates(shared: Path) -> dict:
    """acled-dev: the first non-background date of a note against ACLED's event date."""
    texts = load(shared / "corpus/acled-dev/texts.jsonl")
    gold = {g["document"]["id"]: g for g in load(shared / "corpus/acled-dev/gold.jsonl")}
    exact = 0
    for t in texts:
        ms = [m for m in date_mentions(t["text"], parse_published(t.get("published"))) if not m.background]
        exact += bool(ms) and ms[0].date == gold[t["id"]]["events"][0]["date"]
    sents = [(s, parse_published(d.get("published"))) for d in load(shared / "corpus/fakes-dev/texts.jsonl")
             for _, s in sentences(d["text"])]
    t0 = time.perf_counter()
    for s, p in sents:
        date_mentions(s, p)
    us = round(1e6 * (time.perf_counter() - t0) / len(sents), 1)
    return {"reports": len(texts), "first_date_exact": exact, "fakes_us_per_sentence": us}


def sources(shared: Path) -> dict:
    """Seed report: gold sources named by the resolver in their evidence sentences; fakes-dev: speed."""
    seed = shared / "corpus/seed"
    found = total = 0
    for gpath in seed.glob("*.gold.json"):
        g = json.loads(gpath.read_text())
        text = (seed / g["document"]["file"]).read_text()
        r = SourceResolver(text, publisher=g["document"].get("publisher"))
        for ev in g["events"]:
            for src in ev.get("sources", []):
                total += 1
                i = text.find(ev["evidence"][:60])
                line_start = text.rfind("\n", 0, i) + 1
                line_end = text.find("\n", i)
                line = text[line_start:line_end if line_end >= 0 else len(text)]
                found += src in [m.name for m in r.sources_in(line, line_start)]
    docs = load(shared / "corpus/fakes-dev/texts.jsonl")
    t0 = time.perf_counter()
    n = 0
    for d in docs:
        r = SourceResolver(d["text"], publisher=d.get("publisher"))
        for off, s in sentences(d["text"]):
            r.sources_in(s, off)
            n += 1
    dt = time.perf_counter() - t0
    return {"seed_gold_sources": total, "found": found, "fakes_sentences": n,
            "us_per_sentence_incl_doc_scan": round(1e6 * dt / max(1, n), 1)}


def speed(shared: Path) -> dict:
    sents = [s for t in load(shared / "corpus/fakes-dev/texts.jsonl") for _, s in sentences(t["text"])]
    t0 = time.perf_counter()
    for s in sents:
        casualty_mentions(s)
    dt = time.perf_counter() - t0
    return {"sentences": len(sents), "seconds": round(dt, 3), "us_per_sentence": round(1e6 * dt / len(sents), 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--show-misses", type=int, default=0)
    a = ap.parse_args()
    shared = Path(a.shared)
    if not (shared / "corpus").is_dir():
        print("../shared not present; nothing to survey")
        return
    print("acled-dev:", json.dumps(acled(shared, a.show_misses)))
    print("fakes-dev:", json.dumps(fakes(shared, a.show_misses)))
    print("dates:", json.dumps(dates(shared)))
    print("sources:", json.dumps(sources(shared)))
    print("casualty speed:", json.dumps(speed(shared)))


if __name__ == "__main__":
    main()
