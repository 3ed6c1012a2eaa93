"""CLI: ingest, incidents, incident (show/--why/merge/split/edit/reject/undo/log), export, failures."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from sitrep.cli.filters import _arg, add_filter_options, filters_from
from sitrep.config import Settings
from sitrep.errors import SitrepError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("incidents", help="list incidents")
    db_option(p)
    add_filter_options(p)
    p.add_argument("--sort", default="-date", choices=["-date", "date", "-killed", "killed", "-id", "id", "updated"])
    p.add_argument("--limit", type=_arg("parse_count", "limit", lo=1))
    p.add_argument("--offset", type=_arg("parse_count", "offset", lo=0), default=0)
    p.add_argument("--format", choices=["table", "json", "jsonl", "csv"], default="table",
                   help="json and jsonl carry each incident's claims")  # fmt: skip
    p.set_defaults(handler=run_incidents)

    p = sub.add_parser("incident", help="show or review one incident", description=(
        "sitrep incident ID [--why] | merge ID ID... | split ID CLAIM_ID... | edit ID --set FIELD=VALUE... | "
        "reject ID | undo ACTION_ID | log [ID] | remerge (recompute all merging, e.g. after a rule change; "
        "reviewed incidents keep their claims).  Review actions are logged (who, when, why) and undoable; "
        "automatic merging never overrides them."))  # fmt: skip
    p.add_argument("words", nargs="+", metavar="ID|ACTION")
    db_option(p)
    p.add_argument("--why", action="store_true", help="explain why these claims are one incident")
    p.add_argument("--reason", "-m", help="why you take this review action (kept in the audit log)")
    p.add_argument("--who", default=None, help="reviewer name (default $SITREP_USER or the login name)")
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE", help="for edit")
    p.add_argument("--format", choices=["text", "json", "jsonl"], default="text",
                   help="json: the incident; log prints one JSON object a line with json or jsonl")  # fmt: skip
    p.set_defaults(handler=run_incident)

    p = sub.add_parser("export", help="export incidents: ACLED CSV, UCDP CSV, GeoJSON")
    db_option(p)
    p.add_argument("--format", choices=["acled-csv", "ucdp-csv", "geojson"], default="acled-csv")
    p.add_argument("--output", "-o", help="file (default stdout)")
    add_filter_options(p)
    p.set_defaults(handler=run_export)


def db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="SQLite path or SQLAlchemy URL (default $SITREP_DB or sitrep.db)")


def open_store(args, create: bool = False):
    """The store named by --db; a read command (create=False) refuses a SQLite file that does not exist
    (a typo must not silently create an empty database)."""
    from sitrep.store import Store

    settings = Settings.from_env(db=args.db)
    return settings, Store.open(settings.db_url, create=create)


def _err(msg: str) -> int:
    print(f"sitrep: {msg}", file=sys.stderr)
    return 1


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _fmt_count(c: dict | None) -> str:
    if not c:
        return "-"
    low, best, high = c["low"], c["best"], c["high"]
    if high is None:  # "at least N"
        return f"{best if best is not None else low}+"
    if low == high == best:
        return str(best)
    return f"{best} ({low}-{high})"


def run_incidents(args: argparse.Namespace) -> int:
    f = filters_from(args)
    _, store = open_store(args)
    with store:
        rows = store.list_incidents(
            f, limit=args.limit, offset=args.offset, sort=args.sort, with_claims=args.format in ("json", "jsonl")
        )
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif args.format == "jsonl":
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
    elif args.format == "csv":
        _print_csv(rows)
    else:
        _print_table(rows)
        print(plural(len(rows), "incident"), file=sys.stderr)
    return 0


def _print_csv(rows: list[dict]) -> None:
    import csv

    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["id", "date", "event_type", "sub_event_type", "location", "country", "lat", "lon", "actor1",
                "actor2", "killed_low", "killed_best", "killed_high", "injured_low", "injured_best",
                "injured_high", "grade", "claims", "sources", "status"])  # fmt: skip
    for r in rows:
        k, j, loc = r["fatalities"] or {}, r["injuries"] or {}, r["location"]
        w.writerow([r["id"], r["date"], r["event_type"], r["sub_event_type"], loc["name"], loc["country"],
                    loc["lat"], loc["lon"], r["actor1"], r["actor2"], k.get("low"), k.get("best"), k.get("high"),
                    j.get("low"), j.get("best"), j.get("high"), r["grade"], r["n_claims"], r["n_sources"],
                    r["status"]])  # fmt: skip


def _print_table(rows: list[dict]) -> None:
    """Columns as wide as their widest value: sub-event types and places are never cut."""
    places = [", ".join(x for x in (r["location"]["name"], r["location"]["country_code"]) if x) for r in rows]
    subs = [r["sub_event_type"] or "" for r in rows]
    ws = max([len("sub-event type"), *map(len, subs)])
    wp = max([len("place"), *map(len, places)])
    print(f"{'id':>6}  {'date':10}  {'sub-event type':{ws}}  {'place':{wp}}  {'killed':>14}  {'grade':9}  claims")
    for r, sub, place in zip(rows, subs, places, strict=True):
        print(
            f"{r['id']:>6}  {r['date'] or '?':10}  {sub:{ws}}  {place:{wp}}  "
            f"{_fmt_count(r['fatalities']):>14}  {r['grade'] or '':9}  {r['n_claims']}"
        )


def _who(args) -> str:
    return args.who or Settings.from_env().user or getpass.getuser()


def run_incident(args: argparse.Namespace) -> int:
    words = args.words
    _, store = open_store(args)
    try:
        with store:
            action = words[0]
            ids = [int(w) for w in words[1:]] if action != "edit" or len(words) > 1 else []
            if action.isdigit():
                return _show(store, int(action), args)
            if action == "log":
                log = store.audit_log(int(words[1]) if len(words) > 1 else None)
                if args.format in ("json", "jsonl"):
                    for a in log:
                        print(json.dumps(a, ensure_ascii=False))
                    return 0
                for a in log:
                    undone = f" (undone by {a['undone_by']})" if a["undone_by"] else ""
                    print(f"#{a['id']} {a['at'][:19]} {a['who']}: {a['action']} {a['incident_ids']} {a['params']}"
                          f" - {a['why'] or ''}{undone}")  # fmt: skip
                return 0
            if action == "remerge":
                r = store.remerge(_who(args), args.reason or "merge rules re-applied")
                print(f"re-merged {plural(r['claims'], 'claim')} ({plural(r['links'], 'link')}): "
                      f"{plural(r['incidents'], 'incident')}")
                return 0
            if action == "merge":
                into = store.merge_incidents(ids, _who(args), args.reason)
                print(f"merged {ids} into incident {into}")
            elif action == "split":
                new = store.split_incident(ids[0], ids[1:], _who(args), args.reason)
                print(f"claims {ids[1:]} split off incident {ids[0]} into incident {new}")
            elif action == "edit":
                changes = {}
                for kv in args.set:
                    k, _, v = kv.partition("=")
                    changes[k.strip()] = _value(v.strip())
                if not changes:
                    return _err("edit needs --set FIELD=VALUE")
                store.edit_incident(ids[0], changes, _who(args), args.reason)
                print(f"incident {ids[0]} edited: {changes}")
            elif action == "reject":
                for i in ids:
                    store.reject_incident(i, _who(args), args.reason)
                print(f"rejected {ids}")
            elif action == "undo":
                row = store.undo(ids[0], _who(args), args.reason)
                print(f"action {ids[0]} undone (audit #{row})")
            else:
                return _err(f"unknown incident action {action!r}")
    except (ValueError, IndexError) as e:
        if isinstance(e, SitrepError):
            raise
        return _err("usage: sitrep incident ID [--why] | merge ID ID... | split ID CLAIM_ID... | edit ID --set F=V | reject ID | undo ACTION_ID | log [ID]")
    return 0


def _value(v: str):
    if v.lower() in ("", "null", "none"):
        return None
    try:
        return int(v)
    except ValueError:
        pass
    try:
        return float(v)
    except ValueError:
        return v


def _show(store, incident_id: int, args) -> int:
    detail = store.explain(incident_id) if args.why else store.get_incident(incident_id)
    if detail is None:
        return _err(f"no incident {incident_id}")
    if args.format == "json":
        json.dump(detail, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    if args.format == "jsonl":
        print(json.dumps(detail, ensure_ascii=False))
        return 0
    d, loc = detail, detail["location"]
    print(f"Incident {d['id']} [{d['status']}{', reviewed' if d['locked'] else ''}]  {d['event_type']} / {d['sub_event_type']}")
    print(f"  date     {d['date']} ({d['date_precision']})")
    print(f"  place    {loc['name']}, {loc['admin1']}, {loc['country']} ({loc['lat']}, {loc['lon']}) precision {loc['geo_precision']}")
    if loc.get("approximate") and loc.get("within"):
        print(f"           approximate: placed at {loc['within'].get('name')}")
    print(f"  actors   {d['actor1']} -> {d['actor2']}")
    print(f"  killed   {_fmt_count(d['fatalities'])}    injured {_fmt_count(d['injuries'])}")
    print(f"  grade    {d['grade']}: {d['grade_reason']}")
    print(f"  sources  {', '.join(d['sources'])}")
    if d["overrides"]:
        print(f"  edited   {d['overrides']}")
    print("  claims:")
    for c in d["claims"]:
        doc = c["document"]
        said = f" citing {', '.join(c['sources'])}" if c["sources"] else ""
        print(f"    #{c['id']} {doc['publisher'] or '?'} ({doc['published'] or '?'}, report {doc['id']}){said}: "
              f"{c['sub_event_type']}, {c['date']}, {(c['location'] or {}).get('name')}, killed {_fmt_count(c['fatalities'])}")  # fmt: skip
        for e in c["evidence"][:2]:
            print(f"        \"{e.get('text', '')[:160]}\"")
    if args.why:
        print("  figures by source (killed): low = lowest low, high = highest high, best = median of sources' best:")
        for v in d["figures_by_source"]["killed"]:
            print(f"    {v['source']}: {v['low']}/{v['best']}/{v['high']}")
        print("  why these claims are one incident (pairwise):")
        for p in d["pairs"]:
            verdict = "same event" if p["same"] else (f"not same: {p['veto']}" if p["veto"] else "below threshold")
            print(f"    #{p['claims'][0]} ~ #{p['claims'][1]}: score {p['score']:.2f} ({verdict})")
            for r in p["reasons"]:
                print(f"        - {r}")
        if not d["pairs"]:
            print("    one claim only")
        if d.get("near_misses"):
            print("  closest claims left out (why not):")
            for n in d["near_misses"]:
                print(f"    #{n['claim']} ({n['publisher'] or '?'}, incident {n['incident_id']}): closest to #{n['closest']} "
                      f"at {n['score']:.2f}; {n['why_not']}")  # fmt: skip
    if d["audit"]:
        print("  review log:")
        for a in d["audit"]:
            undone = f" (undone by #{a['undone_by']})" if a["undone_by"] else ""
            print(f"    #{a['id']} {a['at'][:19]} {a['who']}: {a['action']} {a['params']} - {a['why'] or ''}{undone}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Streamed in chunks (the API's export, flat memory), to a file or stdout; what the file holds and
    what it left out go to stderr, so stdout stays the file."""
    from sitrep.store.exports import built_gazetteer, summary
    from sitrep.store.query import Export

    f = filters_from(args)
    settings, store = open_store(args)
    with store:
        export = Export(store.engine, f, args.format, gaz=built_gazetteer(settings))
        if args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                out.writelines(export)
        else:
            sys.stdout.writelines(export)
    print(f"export: {summary(len(export), args.format, export.left_out)}" + (f" -> {args.output}" if args.output else ""),
          file=sys.stderr)  # fmt: skip
    return 0
