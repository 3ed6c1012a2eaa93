"""CLI: ingest, incidents, incident (show/--why/merge/split/edit/reject/undo/log), export, failures."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from sitrep.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("incidents", help="list incidents")
    db_option(p)
    p.add_argument("--since", help="from this date (YYYY-MM-DD)")
    p.add_argument("--until", help="up to this date (YYYY-MM-DD)")
    p.add_argument("--country", help="ISO code or country name")
    p.add_argument("--type", dest="event_type", help="event type or sub-event type")
    p.add_argument("--min-killed", type=int, help="best killed figure at least N")
    p.add_argument("--search", "-s", help="full-text search in the reports")
    p.add_argument("--status", default="active", choices=["active", "rejected", "merged", "all"])
    p.add_argument("--limit", type=int)
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
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
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=run_incident)

    p = sub.add_parser("export", help="export incidents: ACLED CSV, UCDP CSV, GeoJSON")
    db_option(p)
    p.add_argument("--format", choices=["acled-csv", "ucdp-csv", "geojson"], default="acled-csv")
    p.add_argument("--output", "-o", help="file (default stdout)")
    p.add_argument("--since")
    p.add_argument("--until")
    p.add_argument("--country")
    p.add_argument("--type", dest="event_type")
    p.set_defaults(handler=run_export)



def db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="SQLite path or SQLAlchemy URL (default $SITREP_DB or sitrep.db)")


def open_store(args):
    from sitrep.store import Store

    settings = Settings.from_env(db=args.db)
    return settings, Store.open(settings.db_url)


def _err(msg: str) -> int:
    print(f"sitrep: {msg}", file=sys.stderr)
    return 1


def _filters(args) -> dict:
    return {
        "since": args.since,
        "until": args.until,
        "country": args.country,
        "event_type": args.event_type,
    }


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
    _, store = open_store(args)
    with store:
        rows = store.list_incidents(
            **_filters(args),
            min_killed=args.min_killed,
            query=args.search,
            status=None if args.status == "all" else args.status,
            with_claims=args.format == "json",
            limit=args.limit,
        )
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif args.format == "csv":
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
    else:
        print(f"{'id':>6}  {'date':10}  {'sub-event type':34}  {'place':24}  {'killed':>14}  {'grade':9}  claims")
        for r in rows:
            place = ", ".join(x for x in (r["location"]["name"], r["location"]["country_code"]) if x)
            print(
                f"{r['id']:>6}  {r['date'] or '?':10}  {(r['sub_event_type'] or '')[:34]:34}  {place[:24]:24}  "
                f"{_fmt_count(r['fatalities']):>14}  {r['grade'] or '':9}  {r['n_claims']}"
            )
        print(f"{len(rows)} incidents", file=sys.stderr)
    return 0


def _who(args) -> str:
    return args.who or Settings.from_env().user or getpass.getuser()


def run_incident(args: argparse.Namespace) -> int:
    from sitrep.store import ReviewError

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
                for a in log:
                    undone = f" (undone by {a['undone_by']})" if a["undone_by"] else ""
                    print(f"#{a['id']} {a['at'][:19]} {a['who']}: {a['action']} {a['incident_ids']} {a['params']}"
                          f" - {a['why'] or ''}{undone}")  # fmt: skip
                return 0
            if action == "remerge":
                r = store.remerge(_who(args), args.reason or "merge rules re-applied")
                print(f"re-merged {r['claims']} claims ({r['links']} links): {r['incidents']} incidents")
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
    except ReviewError as e:
        return _err(str(e))
    except (ValueError, IndexError):
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
    from collections import Counter

    from sitrep.store.exports import built_gazetteer, export, summary

    settings, store = open_store(args)
    with store:
        rows = store.list_incidents(**_filters(args), with_claims=True)
    left_out: Counter = Counter()
    out = export(rows, args.format, gaz=built_gazetteer(settings), left_out=left_out)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as f:
            f.write(out)
    else:
        sys.stdout.write(out)
    # what the file holds and what it left out, on stderr so stdout stays the file
    print(f"export: {summary(len(rows), args.format, left_out)}" + (f" -> {args.output}" if args.output else ""),
          file=sys.stderr)
    return 0
