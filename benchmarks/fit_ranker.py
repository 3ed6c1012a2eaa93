"""Fit the geocoder's candidate ranker (sitrep/geo/ranker.json) and print what each feature adds.

    .venv/bin/python benchmarks/fit_ranker.py --train ../shared/corpus/acled-train \
        --train-geo ../shared/corpus/geo-dev --validate ../shared/corpus/acled-dev \
        [--hard 3] [--acled-regions word] [--prior hand] [--geo-weight 3] [--geo-folds 2] \
        [--ablation] [--cache .cache/ranker] [--out sitrep/geo/ranker.json]

(`make ranker` runs the fit BENCHMARKS.md reports.)  Every candidate reading of a recognised
name gets the features of `sitrep.geo.resolve` (kind of place, population, name-match quality, a
region or its seat town, country focus, regions named in the text, "Town, Region" links, kind
words, distance to the other places).  A name is a training example when some of its readings are
right and some wrong: on ACLED notes (texts.jsonl + gold.jsonl) a reading is right within 25 km of a
gold event's place; on GeoWebNews-style sets (gold toponyms with offsets) within 161 km of the gold
toponym it overlaps.  ACLED codes a province's or district's name at its seat town, so on ACLED
notes a region reading stands at its seat; when both a region and its seat town are then right,
`--acled-regions` says which the note means ("word": the region when the text calls the name one,
"Idlib province", "Sarmin, Idlib", else the town).  The model is a pairwise logistic regression (scikit-learn, no
intercept): right minus wrong feature vectors, each name weighted equally, so its coefficients are
the weights the resolver adds up.  Context features depend on the first-pass picks, which depend on
the weights: the fit is repeated (--rounds) with the features recomputed under the previous round's
weights.  Validation: the share of names (in the validation set's examples) whose top reading is
right, ACLED's place among the resolved places of each note (<= 25 km), and on the toponym sets
recognition F1 and Acc@161 as score_geo.py computes them; `--geo-folds k` refits with each k-th of
the toponym texts held out and scores hand-set and fitted weights on it.  `--prior hand`
regularises towards the hand-set weights (a fitted multiple of them) rather than towards 0;
`--geo-weight` weighs a toponym set's names against the ACLED notes' (there are fewer).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from dataclasses import asdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitrep.config import Settings  # noqa: E402
from sitrep.geo.distance import haversine_km  # noqa: E402
from sitrep.geo.gazetteer import Entry, Gazetteer  # noqa: E402
from sitrep.geo.geocoder import RESOLVE_WINDOW, Geocoder, ensure_gazetteer  # noqa: E402
from sitrep.geo.names import fold, skeleton, strip_admin_words  # noqa: E402
from sitrep.geo.recognize import find_mentions  # noqa: E402
from sitrep.geo.resolve import FEATURE_GROUPS, FITTED, Resolver, Weights, called_region  # noqa: E402

ACLED_KM = 25
GEO_KM = 161


def read_set(path: Path) -> list[dict]:
    """Texts with their gold: {"text", "points": [(lat, lon)]} for ACLED notes, or {"text",
    "toponyms": [...]} for a toponym set."""
    texts = [json.loads(x) for x in (path / "texts.jsonl").open(encoding="utf-8")]
    gold = {}
    for line in (path / "gold.jsonl").open(encoding="utf-8"):
        g = json.loads(line)
        if "toponyms" in g:
            gold[g["id"]] = {"toponyms": [t for t in g["toponyms"] if t.get("lat") is not None]}
        else:
            pts = [(e["location"]["lat"], e["location"]["lon"], e["location"].get("name") or "")
                   for e in g["events"] if e.get("location") and e["location"].get("lat") is not None]
            gold[g["document"]["id"]] = {"points": pts}
    return [{"id": t["id"], "text": t["text"], **gold[t["id"]]} for t in texts if t["id"] in gold]


def same_place_name(written: str, gold: str) -> bool:
    """Does the text's name write the gold place's name ("Kismayo" for Kismaayo, "al-Madid" for
    Al Madid, "Bardera district" for Bardera)?"""
    a, b = skeleton(strip_admin_words(written)), skeleton(strip_admin_words(gold))
    return bool(a) and (a == b or fold(written) == fold(gold))


def parse(items: list[dict], gaz: Gazetteer, settings: Settings, cache: Path | None = None, name: str = "") -> None:
    """Each item's recognised mentions (they do not depend on the weights).  With `cache`, kept in
    a pickle per set, keyed by the set's texts and the gazetteer, so a refit skips the parse."""
    key = hashlib.sha256("\0".join(x["text"] for x in items).encode() + str(gaz.path.stat().st_mtime).encode()
                         ).hexdigest()[:16]
    path = cache / f"mentions-{name}-{key}.pickle" if cache else None
    if path is not None and path.exists():
        for it, ms in zip(items, pickle.loads(path.read_bytes()), strict=True):
            it["mentions"] = ms
        return
    import spacy

    nlp = spacy.load(settings.spacy_model)
    for it, doc in zip(items, nlp.pipe([x["text"] for x in items], batch_size=settings.batch_size), strict=True):
        it["mentions"] = find_mentions(doc, gaz)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps([it["mentions"] for it in items]))


def examples(items: list[dict], gaz: Gazetteer, weights: Weights, hard: int = 0, regions: str = "seat"
             ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per training name: (features of its right readings, features of its wrong readings; only
    the `hard` best-scored wrong ones if given).  `regions` says which of a region reading and its
    seat town is right on an ACLED note when both are near ACLED's point: "seat" both, "town" the
    town, "word" the region if the text calls the name one ("Idlib province"), else the town."""
    resolver = Resolver(gaz, weights)
    seats = Geocoder(gaz)

    def seat(e: Entry) -> tuple[float, float]:
        return (seats.seat(e.id) if e.feature in ("A.ADM1", "A.ADM2") else None) or (e.lat, e.lon)

    current = np.array([getattr(weights, k) for k in FITTED])
    out = []
    for it in items:
        _, reading = resolver.resolve_reading(it["text"], it["mentions"])
        for i, cands in reading.features.items():
            m = reading.mentions[i]
            if "points" in it:
                # only the names of the gold places: a note's other names (its country, the province
                # of a town) are no example of where those names are
                points = [(a, b) for a, b, name in it["points"] if same_place_name(m.text, name)]
                km = ACLED_KM
            else:
                over = [g for g in it["toponyms"] if g["start"] < m.end and g["end"] > m.start]
                points = [(over[0]["lat"], over[0]["lon"])] if over else []
                km = GEO_KM
            if not points:
                continue
            # a province or district reading is coded at its seat town, as ACLED does (and sitrep)
            at = [seat(e) if "points" in it else (e.lat, e.lon) for e, _ in cands]
            right = [any(haversine_km(x, y, a, b) <= km for a, b in points) for x, y in at]
            kinds = {e.feature[0] for r, (e, _) in zip(right, cands, strict=True) if r and e.feature[0] in "AP"}
            if "points" in it and regions != "seat" and kinds == {"A", "P"}:
                # both the region and its seat town are near ACLED's point: which one the note means
                want = "A" if regions == "word" and called_region(reading, i) else "P"
                right = [r and e.feature[0] == want for r, (e, _) in zip(right, cands, strict=True)]
            if any(right) and not all(right):
                vec = np.array([[f.get(k, 0.0) for k in FITTED] for _, f in cands])
                ok = np.array(right)
                neg = vec[~ok]
                if hard:  # the wrong readings that score best now: the ones a pick confuses
                    neg = neg[np.argsort(-(neg @ current))[:hard]]
                out.append((vec[ok], neg))
    return out


def pairs(ex: list[tuple[np.ndarray, np.ndarray]], keep: list[int], weights: list[float] | None = None
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ws = [], [], []
    for n, (pos, neg) in enumerate(ex):
        d = (pos[:, None, :] - neg[None, :, :]).reshape(-1, pos.shape[1])[:, keep]
        w = (weights[n] if weights else 1.0) / len(d)
        xs += [d, -d]
        ys += [np.ones(len(d)), np.zeros(len(d))]
        ws += [np.full(len(d), w)] * 2
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ws)


def fit(ex, keep: list[int], c: float, weights: list[float] | None = None, prior: Weights | None = None
        ) -> dict[str, float]:
    """The weights: coefficients of a logistic regression on the pairs.  With `prior`, its score is
    one more column, so the regularisation draws the weights towards a multiple of it instead of 0."""
    from sklearn.linear_model import LogisticRegression

    x, y, w = pairs(ex, keep, weights)
    base = np.array([getattr(prior, FITTED[k]) for k in keep]) if prior is not None else None
    if base is not None:
        x = np.hstack([x, (x @ base)[:, None]])
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=2000)
    model.fit(x, y, sample_weight=w)
    beta = model.coef_[0]
    if base is not None:
        beta = beta[:-1] + beta[-1] * base
    coef = dict.fromkeys(FITTED, 0.0)
    coef.update({FITTED[k]: round(float(v), 4) for k, v in zip(keep, beta, strict=True)})
    return coef


def top1(ex, coef: dict[str, float]) -> float:
    """Share of names whose best-scored reading is a right one."""
    w = np.array([coef[k] for k in FITTED])
    hit = sum(float((pos @ w).max()) > float((neg @ w).max()) for pos, neg in ex)
    return hit / len(ex) if ex else 0.0


def among_ours(items: list[dict], gaz: Gazetteer, weights: Weights) -> float:
    """ACLED notes: the gold place among the note's resolved places (<= 25 km)."""
    resolver = Resolver(gaz, weights)
    seats = Geocoder(gaz)
    hit = n = 0
    for it in items:
        if not it.get("points"):
            continue
        n += 1
        places = resolver.resolve(it["text"], it["mentions"])
        at = [(p.geo_precision in (2, 3) and p.geonameid and seats.seat(p.geonameid)) or (p.lat, p.lon)
              for p in places if p.lat is not None and not p.demonym]
        hit += any(haversine_km(x, y, a, b) <= ACLED_KM for x, y in at for a, b, _ in it["points"])
    return hit / n if n else 0.0


def geo_scores(items: list[dict], gaz: Gazetteer, weights: Weights) -> dict[str, float]:
    """A toponym set: recognition F1 and Acc@161 as score_geo.py computes them, the places
    resolved as `sitrep places` does (windows of RESOLVE_WINDOW mentions)."""
    resolver = Resolver(gaz, weights)
    tp = predicted = gold = hit = 0
    for it in items:
        ms = it["mentions"]
        places = [p for k in range(0, len(ms), RESOLVE_WINDOW) for p in resolver.resolve(it["text"], ms[k:k + RESOLVE_WINDOW])]
        predicted += len(places)
        gold += len(it["toponyms"])
        used: set[int] = set()
        for g in it["toponyms"]:
            for j, p in enumerate(places):
                if j not in used and p.start < g["end"] and p.end > g["start"]:
                    used.add(j)
                    tp += 1
                    hit += p.lat is not None and haversine_km(g["lat"], g["lon"], p.lat, p.lon) <= GEO_KM
                    break
    prec, rec = tp / max(predicted, 1), tp / max(gold, 1)
    return {"f1": round(2 * prec * rec / (prec + rec), 4) if tp else 0.0, "acc161": round(hit / max(tp, 1), 4)}


def fit_rounds(acled: list[dict], geo: list[dict], gaz: Gazetteer, args: argparse.Namespace, keep: list[int]
               ) -> tuple[dict[str, float], list, list[float]]:
    """The fitted weights after `args.rounds` rounds (features recomputed under the last weights),
    the last round's examples and their weights."""
    weights, coef, ex, ws = Weights.hand(), asdict(Weights.hand()), [], []
    prior = Weights.hand() if args.prior == "hand" else None
    for _ in range(args.rounds):
        a = examples(acled, gaz, weights, args.hard, args.acled_regions)
        g = examples(geo, gaz, weights, args.hard, args.acled_regions)
        ex, ws = a + g, [1.0] * len(a) + [args.geo_weight] * len(g)
        coef = fit(ex, keep, args.C, ws, prior)
        weights = Weights.fitted(coef)
    return coef, ex, ws


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", type=Path, action="append", required=True, help="ACLED-style set (repeatable)")
    ap.add_argument("--train-geo", type=Path, action="append", default=[], help="toponym set (repeatable)")
    ap.add_argument("--validate", type=Path, required=True, help="ACLED-style validation set")
    ap.add_argument("--out", type=Path, help="write the fitted weights here (JSON)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--C", type=float, default=1.0, help="inverse regularisation strength")
    ap.add_argument("--hard", type=int, default=0, help="pair the right readings with this many wrong ones")
    ap.add_argument("--acled-regions", choices=("seat", "town", "word"), default="seat",
                    help="on ACLED notes, which of a region and its seat town is right (see examples())")
    ap.add_argument("--geo-weight", type=float, default=1.0, help="weight of a toponym set's name (an ACLED one's is 1)")
    ap.add_argument("--prior", choices=("none", "hand"), default="none",
                    help="regularise towards the hand-set weights (times a fitted factor) instead of 0")
    ap.add_argument("--ablation", action="store_true", help="refit without each feature group")
    ap.add_argument("--geo-folds", type=int, default=0,
                    help="also fit on the ACLED sets and all but one fold of the toponym sets, and score "
                         "hand-set and fitted weights on the fold left out (each in turn)")
    ap.add_argument("--cache", type=Path, help="keep each set's recognised mentions here")
    args = ap.parse_args()

    settings = Settings.from_env()
    gaz = Gazetteer(ensure_gazetteer(settings))
    acled = [read_set(p) for p in args.train]
    geo = [read_set(p) for p in args.train_geo]
    valid = read_set(args.validate)
    for p, items in zip(args.train + args.train_geo + [args.validate], acled + geo + [valid], strict=True):
        parse(items, gaz, settings, args.cache, p.name)
    acled_items = [it for s in acled for it in s]
    geo_items = [it for s in geo for it in s]

    hand = Weights.hand()
    keep = list(range(len(FITTED)))
    report: dict = {"hand": {"valid_top1": round(top1(examples(valid, gaz, hand), asdict(hand)), 4),
                             "valid_among_ours_25km": round(among_ours(valid, gaz, hand), 4)}}
    coef, ex, ws = fit_rounds(acled_items, geo_items, gaz, args, keep)
    weights = Weights.fitted(coef)
    vex = examples(valid, gaz, weights)
    report["fitted"] = {"train_names": len(ex), "valid_names": len(vex), "valid_top1": round(top1(vex, coef), 4),
                        "valid_among_ours_25km": round(among_ours(valid, gaz, weights), 4)}
    if geo:
        report["hand"]["train_geo"] = geo_scores(geo_items, gaz, hand)
        report["fitted"]["train_geo"] = geo_scores(geo_items, gaz, weights)
    if args.ablation:
        for group, names in FEATURE_GROUPS.items():
            sub = [k for k, f in enumerate(FITTED) if f not in names]
            c2 = fit(ex, sub, args.C, ws, Weights.hand() if args.prior == "hand" else None)
            w2 = Weights.fitted(c2)
            report[f"without {group}"] = {"valid_top1": round(top1(vex, c2), 4),
                                          "valid_among_ours_25km": round(among_ours(valid, gaz, w2), 4)}
    for k in range(args.geo_folds):
        # a toponym text's fold by its position: every n-th text, so each fold spans the whole set
        held = [it for s in geo for n, it in enumerate(s) if n % args.geo_folds == k]
        rest = [it for s in geo for n, it in enumerate(s) if n % args.geo_folds != k]
        c2, _, _ = fit_rounds(acled_items, rest, gaz, args, keep)
        w2 = Weights.fitted(c2)
        report[f"fold {k + 1} of {args.geo_folds}"] = {
            "held_out_texts": len(held), "hand": geo_scores(held, gaz, hand), "fitted": geo_scores(held, gaz, w2),
            "fitted_valid_top1": round(top1(examples(valid, gaz, w2), c2), 4),
            "fitted_valid_among_ours_25km": round(among_ours(valid, gaz, w2), 4)}
    report["coefficients"] = coef
    print(json.dumps(report, indent=1))
    if args.out:
        write_ranker(args.out, coef, args, train=[p.name for p in args.train + args.train_geo],
                     validate=args.validate.name, train_names=len(ex))
    return 0


def write_ranker(path: Path, coef: dict[str, float], args: argparse.Namespace, **about: object) -> None:
    """The weights as `Weights.load` reads them, with how they were fitted."""
    meta = {"model": "pairwise logistic regression (scikit-learn), no intercept", "C": args.C,
            "rounds": args.rounds, "hard": args.hard, "acled_regions": args.acled_regions,
            "geo_weight": args.geo_weight, "prior": args.prior, **about}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"meta": meta, "weights": coef}, indent=1) + "\n")


if __name__ == "__main__":
    sys.exit(main())
