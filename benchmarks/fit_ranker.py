"""Fit the geocoder's candidate ranker (sitrep/geo/ranker.json) and print what each feature adds.

    .venv/bin/python benchmarks/fit_ranker.py --train ../shared/corpus/acled-train \
        --train-geo ../shared/corpus/geo-dev --validate ../shared/corpus/acled-dev \
        [--out sitrep/geo/ranker.json] [--ablation]

Every candidate reading of a recognised name gets the features of `sitrep.geo.resolve` (kind of
place, population, name-match quality, country focus, regions named in the text, "Town, Region"
links, kind words, distance to the other places).  A name is a training example when some of its
readings are right and some wrong: on ACLED notes (texts.jsonl + gold.jsonl) a reading is right
within 25 km of a gold event's place; on GeoWebNews-style sets (gold toponyms with offsets) within
161 km of the gold toponym it overlaps.  ACLED codes a province's or district's name at its seat
town, and so does sitrep's extractor: there a region reading stands at its seat.  The model is a pairwise logistic regression (scikit-learn,
no intercept): right minus wrong feature vectors, each name weighted equally, so its coefficients
are the weights the resolver adds up.  Context features depend on the first-pass picks, which
depend on the weights: the fit is repeated (--rounds) with the features recomputed under the
previous round's weights.  Validation: the share of names (in the validation set's examples) whose
top reading is right, and ACLED's place among the resolved places of each note (<= 25 km).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitrep.config import Settings  # noqa: E402
from sitrep.geo.distance import haversine_km  # noqa: E402
from sitrep.geo.gazetteer import Entry, Gazetteer  # noqa: E402
from sitrep.geo.geocoder import Geocoder, ensure_gazetteer  # noqa: E402
from sitrep.geo.names import fold, skeleton, strip_admin_words  # noqa: E402
from sitrep.geo.recognize import find_mentions  # noqa: E402
from sitrep.geo.resolve import FEATURE_GROUPS, FITTED, Resolver, Weights  # noqa: E402

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
    return [{"text": t["text"], **gold[t["id"]]} for t in texts if t["id"] in gold]


def same_place_name(written: str, gold: str) -> bool:
    """Does the text's name write the gold place's name ("Kismayo" for Kismaayo, "al-Madid" for
    Al Madid, "Bardera district" for Bardera)?"""
    a, b = skeleton(strip_admin_words(written)), skeleton(strip_admin_words(gold))
    return bool(a) and (a == b or fold(written) == fold(gold))


def parse(items: list[dict], nlp, batch: int) -> None:
    for it, doc in zip(items, nlp.pipe([x["text"] for x in items], batch_size=batch), strict=True):
        it["mentions"] = None
        it["doc"] = doc


def examples(items: list[dict], gaz: Gazetteer, weights: Weights, hard: int = 0, town_first: bool = False
             ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per training name: (features of its right readings, features of its wrong readings; only
    the `hard` best-scored wrong ones if given; with `town_first`, a region reading is wrong on an
    ACLED note where its seat town is a reading too)."""
    resolver = Resolver(gaz, weights)
    seats = Geocoder(gaz)

    def seat(e: Entry) -> tuple[float, float]:
        return (seats.seat(e.id) if e.feature in ("A.ADM1", "A.ADM2") else None) or (e.lat, e.lon)

    current = np.array([getattr(weights, k) for k in FITTED])
    out = []
    for it in items:
        if it["mentions"] is None:
            it["mentions"] = find_mentions(it["doc"], gaz)
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
            if town_first and any(r and e.feature.startswith("P.") for r, (e, _) in zip(right, cands, strict=True)):
                # the town itself is a finer answer than the region it is the seat of
                right = [r and e.feature.startswith("P.") for r, (e, _) in zip(right, cands, strict=True)]
            if any(right) and not all(right):
                vec = np.array([[f.get(k, 0.0) for k in FITTED] for _, f in cands])
                ok = np.array(right)
                neg = vec[~ok]
                if hard:  # the wrong readings that score best now: the ones a pick confuses
                    neg = neg[np.argsort(-(neg @ current))[:hard]]
                out.append((vec[ok], neg))
    return out


def pairs(ex: list[tuple[np.ndarray, np.ndarray]], keep: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ws = [], [], []
    for pos, neg in ex:
        d = (pos[:, None, :] - neg[None, :, :]).reshape(-1, pos.shape[1])[:, keep]
        w = 1.0 / len(d)
        xs += [d, -d]
        ys += [np.ones(len(d)), np.zeros(len(d))]
        ws += [np.full(len(d), w)] * 2
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ws)


def fit(ex, keep: list[int], c: float) -> dict[str, float]:
    from sklearn.linear_model import LogisticRegression

    x, y, w = pairs(ex, keep)
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=2000)
    model.fit(x, y, sample_weight=w)
    coef = dict.fromkeys(FITTED, 0.0)
    coef.update({FITTED[k]: round(float(v), 4) for k, v in zip(keep, model.coef_[0], strict=True)})
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", type=Path, action="append", required=True, help="ACLED-style set (repeatable)")
    ap.add_argument("--train-geo", type=Path, action="append", default=[], help="toponym set (repeatable)")
    ap.add_argument("--validate", type=Path, required=True, help="ACLED-style validation set")
    ap.add_argument("--out", type=Path, help="write the fitted weights here (JSON)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--C", type=float, default=1.0, help="inverse regularisation strength")
    ap.add_argument("--hard", type=int, default=0, help="pair the right readings with this many wrong ones")
    ap.add_argument("--town-first", action="store_true", help="on ACLED notes, a seat town beats its region")
    ap.add_argument("--ablation", action="store_true", help="refit without each feature group")
    args = ap.parse_args()

    import spacy

    settings = Settings.from_env()
    gaz = Gazetteer(ensure_gazetteer(settings))
    nlp = spacy.load(settings.spacy_model)
    train = [it for p in args.train + args.train_geo for it in read_set(p)]
    valid = read_set(args.validate)
    parse(train, nlp, settings.batch_size)
    parse(valid, nlp, settings.batch_size)

    hand = Weights.hand()
    weights = hand
    keep = list(range(len(FITTED)))
    report: dict = {"hand": {"valid_top1": round(top1(examples(valid, gaz, hand), asdict(hand)), 4),
                             "valid_among_ours_25km": round(among_ours(valid, gaz, hand), 4)}}
    for _ in range(args.rounds):
        ex = examples(train, gaz, weights, args.hard, args.town_first)
        coef = fit(ex, keep, args.C)
        weights = Weights.fitted(coef)
    vex = examples(valid, gaz, weights)
    report["fitted"] = {"train_names": len(ex), "valid_names": len(vex), "valid_top1": round(top1(vex, coef), 4),
                        "valid_among_ours_25km": round(among_ours(valid, gaz, weights), 4)}
    if args.ablation:
        for group, names in FEATURE_GROUPS.items():
            sub = [k for k, f in enumerate(FITTED) if f not in names]
            c2 = fit(ex, sub, args.C)
            w2 = Weights.fitted(c2)
            report[f"without {group}"] = {"valid_top1": round(top1(vex, c2), 4),
                                          "valid_among_ours_25km": round(among_ours(valid, gaz, w2), 4)}
    report["coefficients"] = coef
    print(json.dumps(report, indent=1))
    if args.out:
        meta = {"model": "pairwise logistic regression (scikit-learn), no intercept", "C": args.C,
                "rounds": args.rounds, "train": [p.name for p in args.train + args.train_geo],
                "validate": args.validate.name, "train_names": len(ex)}
        args.out.write_text(json.dumps({"meta": meta, "weights": coef}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
