"""The `sitrep` command.  Thin: parses arguments and calls the stages.

One module here per part of the pipeline registers its sub-commands through `register(subparsers)`,
so the command line reads like the pipeline.  The CLI sits on top: it imports the stages, no stage
imports it.  Heavy imports (spaCy, SQLAlchemy) happen inside the handlers, keeping `sitrep --help`
instant.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from sitrep import __version__
from sitrep.config import SettingsError
from sitrep.errors import InvalidInput, SitrepError, one_line

# Order here is the order in `sitrep --help`.
COMMAND_MODULES = (
    "sitrep.cli.extract",  # extract, eval
    "sitrep.cli.places",  # places, gazetteer
    "sitrep.cli.run",  # ingest, failures, watch
    "sitrep.cli.store",  # incidents, incident, export
    "sitrep.cli.alerts",  # alerts add/list/remove/check/deliveries
    "sitrep.cli.serve",  # serve, token
    "sitrep.cli.demo",  # demo
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitrep",
        description="Conflict reports in, a verified incident database out: extract, geocode, merge, store, serve.",
    )
    parser.add_argument("--version", action="version", version=f"sitrep {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except SettingsError as e:  # a bad SITREP_* variable: say which, in one line
        print(f"sitrep: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `sitrep ... | head`
        return 0
    except SitrepError as e:  # refused input, unknown id, missing database ...: one line, no traceback
        print(f"sitrep {args.command}: {e.message}", file=sys.stderr)
        return 2 if isinstance(e, InvalidInput) else 1
    except Exception as e:
        if type(e).__module__.split(".")[0] != "sqlalchemy":
            raise
        # a database error: its first line, not SQLAlchemy's dump of the statement and parameters
        print(f"sitrep {args.command}: store error: {one_line(e)}", file=sys.stderr)
        return 1
