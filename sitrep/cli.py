"""The `sitrep` command.  Thin: parses arguments and calls the stages.

Each stage contributes its sub-commands through a `register(subparsers)` function in its own
`commands` module, so the command line reads like the pipeline.  Heavy imports (spaCy, SQLAlchemy)
happen inside the handlers, keeping `sitrep --help` instant.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from sitrep import __version__

# Order here is the order in `sitrep --help`.
COMMAND_MODULES = (
    "sitrep.extract.commands",  # extract, eval
    "sitrep.geo.commands",  # places, gazetteer
    "sitrep.store.commands",  # ingest, incidents, incident, export, failures
    "sitrep.ingest.commands",  # watch
    "sitrep.api.commands",  # serve, token
    "sitrep.demo",  # demo
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitrep",
        description="Conflict reports in, a verified incident database out: extract, geocode, merge, store, serve.",
    )
    parser.add_argument("--version", action="version", version=f"sitrep {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name == name:  # stage not built yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `sitrep ... | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
