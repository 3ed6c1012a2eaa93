"""`sitrep gazetteer build` and `sitrep places`."""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("places", help="find and resolve the places named in texts")
    p.add_argument("file", nargs="?", help="a text file (or - for standard input)")
    p.add_argument("--jsonl", metavar="IN", help="JSONL input, one {id, text} per line (- = stdin)")
    p.set_defaults(handler=_places)

    g = subparsers.add_parser("gazetteer", help="build the offline gazetteer")
    gs = g.add_subparsers(dest="gazetteer_command", metavar="ACTION")
    b = gs.add_parser("build", help="build the gazetteer (once; --force rebuilds)")
    b.add_argument("--force", action="store_true")
    b.set_defaults(handler=_build)
    g.set_defaults(handler=lambda args: g.print_help() or 2)


def _build(args: argparse.Namespace) -> int:
    from sitrep.config import Settings
    from sitrep.geo import ensure_gazetteer, gazetteer_path

    settings = Settings.from_env()
    path = gazetteer_path(settings)
    existed = path.exists()
    ensure_gazetteer(settings, force=args.force)
    print(f"{'rebuilt' if args.force or not existed else 'already built'}: {path}", file=sys.stderr)
    return 0


def _place_json(p) -> dict:
    return {"start": p.start, "end": p.end, "text": p.text, "lat": p.lat, "lon": p.lon,
            "geonameid": p.geonameid, "country_code": p.country_code, "admin1": p.admin1,
            "feature": p.feature, "name": p.name, "country": p.country,
            "geo_precision": p.geo_precision, "demonym": p.demonym}


def _open(path: str):
    return sys.stdin if path == "-" else open(path, encoding="utf-8")


def _places(args: argparse.Namespace) -> int:
    from sitrep.config import Settings
    from sitrep.geo import Geocoder

    if not args.jsonl and not args.file:
        print("sitrep places: give FILE or --jsonl IN", file=sys.stderr)
        return 2
    settings = Settings.from_env()
    geo = Geocoder.load(settings)
    if args.file:
        with _open(args.file) as f:
            text = f.read()
        places = geo.find_places(text)
        print(json.dumps({"id": args.file, "places": [_place_json(p) for p in places]}, ensure_ascii=False))
        return 0

    def records():
        with _open(args.jsonl) as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    try:
                        rec = json.loads(line)
                    except json.JSONDecodeError as e:
                        print(f"line {n}: not JSON ({e})", file=sys.stderr)
                        continue
                    yield rec.get("id", str(n)), rec.get("text") or ""

    recs = list(records())
    docs = geo.nlp.pipe((t for _, t in recs), batch_size=settings.batch_size)
    for (rid, text), doc in zip(recs, docs, strict=True):
        try:
            places = geo.find_places(text, doc=doc)
        except Exception as e:  # one bad text must not stop the run
            print(f"{rid}: {e}", file=sys.stderr)
            places = []
        print(json.dumps({"id": rid, "places": [_place_json(p) for p in places]}, ensure_ascii=False))
    return 0
