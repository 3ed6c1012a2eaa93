"""CLI: `sitrep serve` (API + web dashboard) and `sitrep token create|list|revoke`."""

from __future__ import annotations

import argparse
import json
import sys

from sitrep.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="run the API and the web dashboard", description=(
        "Serve the REST API (OpenAPI at /openapi.json) and the web dashboard at http://HOST:PORT/. "
        "Reading is open unless SITREP_READ_OPEN=0; writes need a token (`sitrep token create`). "
        "SITREP_TILE_URL adds a tile layer over the offline basemap."))  # fmt: skip
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    _db(p)
    p.add_argument("--closed", action="store_true", help="reading needs a token too (as SITREP_READ_OPEN=0)")
    p.add_argument("--tile-url", help="tile URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--quiet", "-q", action="store_true", help="no access log, warnings only")
    p.set_defaults(handler=run_serve)

    p = sub.add_parser("token", help="create, list or revoke API tokens", description=(
        "sitrep token create --role reviewer|admin|reader --name NAME | list | revoke ID.  The token is "
        "printed once; only its hash is stored.  The name is who the audit log records."))  # fmt: skip
    p.add_argument("action", choices=["create", "list", "revoke"])
    p.add_argument("id", nargs="?", type=int, help="token id (revoke)")
    p.add_argument("--role", choices=["reader", "reviewer", "admin"], default="reviewer")
    p.add_argument("--name", help="who uses it (default $SITREP_USER or the login name)")
    p.add_argument("--format", choices=["text", "json", "jsonl"], default="text")
    _db(p)
    p.set_defaults(handler=run_token)


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="SQLite path or SQLAlchemy URL (default $SITREP_DB or sitrep.db)")


def run_serve(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    from sitrep.api import create_app

    settings = Settings.from_env(db=args.db, tile_url=args.tile_url)
    if args.closed:
        settings.read_open = False
    print(f"sitrep: serving {settings.db_url} at http://{args.host}:{args.port}/", file=sys.stderr)
    if args.workers > 1:
        os.environ["SITREP_DB"] = settings.db
        os.environ["SITREP_READ_OPEN"] = "1" if settings.read_open else "0"
        if settings.tile_url:
            os.environ["SITREP_TILE_URL"] = settings.tile_url
        from sitrep.store import Store

        Store.open(settings.db_url).close()  # migrate once, before the workers start
        uvicorn.run("sitrep.api:app_from_env", factory=True, host=args.host, port=args.port,
                    workers=args.workers, log_level="warning", access_log=False)
        return 0
    uvicorn.run(create_app(settings), host=args.host, port=args.port,
                log_level="warning" if args.quiet else "info", access_log=not args.quiet)
    return 0


def run_token(args: argparse.Namespace) -> int:
    import getpass

    from sitrep.api import tokens
    from sitrep.store import Store

    settings = Settings.from_env(db=args.db)
    with Store.open(settings.db_url) as store:
        if args.action == "create":
            name = args.name or settings.user or getpass.getuser()
            tid, secret = tokens.create_token(store.engine, name, args.role)
            if args.format in ("json", "jsonl"):
                print(json.dumps({"id": tid, "name": name, "role": args.role, "token": secret}))
            else:
                print(secret)
                print(f"token {tid} for {name} ({args.role}); shown once, only its hash is stored", file=sys.stderr)
            return 0
        if args.action == "list":
            rows = tokens.list_tokens(store.engine)
            if args.format == "json":
                print(json.dumps(rows, indent=1))
            elif args.format == "jsonl":
                for r in rows:
                    print(json.dumps(r))
            else:
                for r in rows:
                    state = f"revoked {r['revoked_at']}" if r["revoked_at"] else "active"
                    print(f"{r['id']:>4}  {r['prefix']}…  {r['role']:<8}  {r['name']}  ({state}, created {r['created_at']})")
            return 0
        if args.id is None:
            print("sitrep: token revoke needs a token id (see `sitrep token list`)", file=sys.stderr)
            return 2
        if not tokens.revoke(store.engine, args.id):
            print(f"sitrep: no active token {args.id}", file=sys.stderr)
            return 1
        print(f"revoked token {args.id}", file=sys.stderr)
        return 0
