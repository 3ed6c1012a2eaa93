"""CLI: `sitrep alerts add NAME [filters] [--webhook URL --secret S] | list | remove NAME | check |
deliveries NAME`.  `sitrep watch` checks the alerts after each poll; `check` does it once (e.g. from cron)."""

from __future__ import annotations

import argparse
import json
import sys

from sitrep.cli.filters import add_filter_options, filters_from
from sitrep.cli.store import db_option, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("alerts", help="saved filters: new or changed incidents to a webhook and an Atom feed",
                       description="Saved incident filters.  `sitrep watch` checks them after each poll and sends "
                       "new or changed matching incidents to the alert's webhook (signed with --secret, retried "
                       "with back-off, each delivery recorded); every alert also has an Atom feed at "
                       "/api/v1/alerts/NAME.atom.")  # fmt: skip
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = actions.add_parser("add", help="save a filter as an alert (it reports what appears or changes from now on)")
    a.add_argument("name", metavar="NAME", help="letters, digits, '.', '_' or '-'; its feed: /api/v1/alerts/NAME.atom")
    add_filter_options(a, status=False)
    a.add_argument("--webhook", metavar="URL", help="POST new or changed incidents here as JSON")
    a.add_argument("--secret", help="sign each POST with HMAC-SHA256 under this key (X-Sitrep-Signature)")
    db_option(a)
    a.set_defaults(handler=run_add)
    for name, helptext, handler in (("list", "list the alerts", run_list), ("check", "check every alert now and "
                                    "deliver what is due (what `sitrep watch` does after each poll)", run_check)):  # fmt: skip
        q = actions.add_parser(name, help=helptext)
        db_option(q)
        q.add_argument("--format", choices=["table", "json"], default="table")
        q.set_defaults(handler=handler)
    for name, helptext, handler in (("remove", "delete an alert and its records", run_remove),
                                    ("deliveries", "an alert's webhook deliveries", run_deliveries)):  # fmt: skip
        q = actions.add_parser(name, help=helptext)
        q.add_argument("name", metavar="NAME")
        db_option(q)
        q.set_defaults(handler=handler)


def run_add(args: argparse.Namespace) -> int:
    from sitrep.store.alerts import add_alert

    f = filters_from(args)
    if args.secret and not args.webhook:
        print("sitrep alerts: --secret signs webhook POSTs: give --webhook too", file=sys.stderr)
        return 2
    _, store = open_store(args, create=True)
    with store:
        a = add_alert(store, args.name, f, args.webhook, args.secret)
    where = f"; webhook {a['webhook_url']}" + (" (signed)" if a["signed"] else "") if a["webhook_url"] else ""
    print(f"alert {a['name']}: {json.dumps(a['filters']) if a['filters'] else 'every incident'}{where}; "
          f"feed /api/v1/alerts/{a['name']}.atom", file=sys.stderr)  # fmt: skip
    return 0


def run_list(args: argparse.Namespace) -> int:
    from sitrep.store.alerts import list_alerts

    _, store = open_store(args)
    with store:
        rows = list_alerts(store)
    if args.format == "json":
        print(json.dumps(rows, indent=1))
        return 0
    for a in rows:
        last = a["last_delivery"]
        said = f"last delivery {last['status']} ({last['attempts']} attempt(s))" if last else "no delivery yet"
        filters = " ".join(f"{k}={v}" for k, v in a["filters"].items()) or "(any incident)"
        hook = a["webhook_url"] or "feed only"
        print(f"{a['name']}\t{filters}\t{hook}\t{a['incidents']} incident(s) reported; {said}")
    print(f"{len(rows)} alert{'' if len(rows) == 1 else 's'}", file=sys.stderr)
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from sitrep.store.alerts import remove_alert

    _, store = open_store(args)
    with store:
        remove_alert(store, args.name)
    print(f"alert {args.name} removed", file=sys.stderr)
    return 0


def run_check(args: argparse.Namespace) -> int:
    from sitrep.run.alerts import check_alerts

    _, store = open_store(args)
    with store:
        s = check_alerts(store)
    if args.format == "json":
        print(json.dumps(vars(s)))
    print(s.format() or "alerts: nothing new", file=sys.stderr)
    return 1 if s.failed else 0


def run_deliveries(args: argparse.Namespace) -> int:
    from sitrep.store.alerts import deliveries

    _, store = open_store(args)
    with store:
        for d in deliveries(store, args.name):
            print(json.dumps(d))
    return 0
