"""The incident filters as command-line options: the API's query parameters under the same names
(`--type` is the API's `type`, `--search` its `q`), parsed into the query layer's `Filters`, so a
command and an API call with the same filters give the same incidents."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from sitrep.errors import InvalidInput


def _arg(parser: str, name: str, **bounds: int) -> Callable[[str], Any]:
    """An argparse type from a query-layer parser (imported when used: `sitrep --help` stays instant):
    its one-line message instead of a traceback."""

    def convert(value: str) -> Any:
        from sitrep.store import query

        try:
            return getattr(query, parser)(value, name, **bounds)
        except InvalidInput as e:
            raise argparse.ArgumentTypeError(e.message.removeprefix(f"{name}: ")) from None

    convert.__name__ = name
    return convert


def add_filter_options(p: argparse.ArgumentParser, status: bool = True) -> None:
    g = p.add_argument_group("filters (as the API's query parameters)")
    g.add_argument("--since", type=_arg("parse_date", "since"), help="from this date (YYYY-MM-DD), inclusive")
    g.add_argument("--until", type=_arg("parse_date", "until"), help="up to this date (YYYY-MM-DD), inclusive")
    g.add_argument("--country", help="ISO alpha-2 code or country name")
    g.add_argument("--admin1", help="first-level region, e.g. Idlib")
    g.add_argument("--type", dest="event_type", help="ACLED event type(s), comma-separated")
    g.add_argument("--sub-type", dest="sub_event_type", help="ACLED sub-event type(s), comma-separated")
    g.add_argument("--actor", help="substring of actor1 or actor2")
    g.add_argument(
        "--min-killed",
        type=_arg("parse_count", "min-killed", lo=0),
        help="best killed figure (else high) at least N",
    )
    g.add_argument("--grade", help="confirmed, fair, weak, contested (comma-separated)")
    g.add_argument("--search", "-s", dest="q", help="full-text search in the reports (all words)")
    g.add_argument(
        "--updated-since",
        type=_arg("parse_timestamp", "updated-since"),
        help="only incidents changed at or after this ISO 8601 time (incremental sync)",
    )
    if status:
        g.add_argument("--status", default="active", choices=["active", "rejected", "merged", "all"])


def filters_from(args: argparse.Namespace):
    """The options' `Filters` (InvalidInput, one line, for contradictions such as since > until)."""
    from sitrep.store.query import Filters

    names = ("since", "until", "country", "admin1", "event_type", "sub_event_type", "actor", "min_killed",
             "grade", "q", "updated_since", "status")  # fmt: skip
    return Filters(**{n: getattr(args, n) for n in names if getattr(args, n, None) is not None})
