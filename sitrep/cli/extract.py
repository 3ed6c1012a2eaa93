"""`sitrep extract`, `sitrep eval` and `sitrep schema`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator

from sitrep.config import Settings
from sitrep.types import Document, Extraction, ReportError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract",
        help="extract events from reports and print them",
        description="Extract ACLED-style events from reports. Output follows event.schema.json.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="text, HTML or JSONL files, or folders")
    p.add_argument("--jsonl", metavar="IN", help="read one report per line ({id, text, published?, ...}); '-' is stdin")
    p.add_argument("--published", type=published_arg,
                   help="publication date (YYYY-MM-DD; 20180406 and '6 April 2018' are read too) for FILE reports")
    p.add_argument("--publisher", help="publisher name for FILE reports")
    p.add_argument("--id", dest="doc_id", help="document id (default: the file name without extension)")
    p.add_argument("--format", choices=["json", "jsonl", "table"], default="json")
    p.add_argument("--processes", type=int, default=None, help="worker processes (default 1)")
    p.add_argument("--dask", metavar="SCHEDULER", default=None,
                   help="run on a Dask cluster: a scheduler address, or 'local' for a local cluster of --processes workers")
    p.set_defaults(handler=run_extract)

    e = sub.add_parser("eval", help="score extraction output against gold events")
    e.add_argument("gold", help="gold JSONL (or .json): {document, events, must_not?} per line")
    e.add_argument("pred", help="predictions JSONL as printed by `sitrep extract --format jsonl`")
    e.add_argument("--texts", help="JSONL {id, text} so evidence spans can be checked against must_not")
    e.set_defaults(handler=run_eval)

    s = sub.add_parser("schema", help="print the output contract (event.schema.json)",
                       description="Print the JSON Schema that every `sitrep extract` result follows.")
    s.set_defaults(handler=run_schema)


def published_arg(value: str) -> str:
    """--published checked when the command line is read: a wrong date is an error, not null dates."""
    from sitrep.ingest.published import check_published

    try:
        return check_published(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _inputs(args, settings: Settings) -> Iterator[Document | ReportError]:
    from sitrep.ingest import read_path

    if args.jsonl:
        yield from _records(args.jsonl, settings)
    meta = {"published": args.published, "publisher": args.publisher}
    for f in args.files:
        for d in read_path(f, settings):
            if isinstance(d, Document):
                if args.doc_id and len(args.files) == 1:
                    d.id = args.doc_id
                for k, v in meta.items():
                    if v is not None:
                        setattr(d, k, v)
                        if k == "published":
                            d.published_source = "given"
            yield d


def _records(path: str, settings: Settings) -> Iterator[Document | ReportError]:
    """`--jsonl IN`: one report object per line, whatever the file is called; a file holding one JSON
    object or an array of them (`.json`, pretty-printed) is read as those records."""
    from sitrep.ingest.jsonl import load_json_line, read_jsonl_lines, record_or_error

    if path == "-":
        yield from read_jsonl_lines(sys.stdin, "stdin", settings)
        return
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError as e:
        yield ReportError(path, f"cannot read: {e.strerror}")
        return
    try:
        whole = load_json_line(text, path)
    except ReportError:
        whole = None
    if isinstance(whole, dict) and "\n" in text.strip():
        whole = [whole]  # one pretty-printed record
    if isinstance(whole, list):
        for n, rec in enumerate(whole, 1):
            where = f"{path}:{n}"
            if not isinstance(rec, dict):
                yield ReportError(where, "JSON array item is not an object")
                continue
            yield record_or_error(rec, where, settings)
        return
    yield from read_jsonl_lines(text.splitlines(), path, settings)


def run_extract(args) -> int:
    if not args.files and not args.jsonl:
        print("sitrep extract: give FILE(s) or --jsonl IN", file=sys.stderr)
        return 2
    settings = Settings.from_env(processes=args.processes, dask=args.dask)
    from sitrep.run.parallel import extract_stream

    ok = failed = 0
    out = sys.stdout
    results: list[Extraction] = []
    for r in extract_stream(_inputs(args, settings), settings):
        if isinstance(r, ReportError):
            failed += 1
            print(f"sitrep: error: {r.report_id}: {r.reason}", file=sys.stderr)
            continue
        ok += 1
        for note in [*r.document.notes, *r.notes]:
            print(f"sitrep: note: {r.document.id}: {note}", file=sys.stderr)
        if args.format == "jsonl" or (args.format == "json" and (args.jsonl or len(args.files) > 1)):
            out.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
        elif args.format == "json":
            results.append(r)
        else:
            results.append(r)
    if args.format == "json" and results:
        out.write(json.dumps(results[0].to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "table":
        out.write(format_table(results) + "\n")
    if failed:
        from sitrep.cli.store import plural

        print(f"sitrep: {plural(ok, 'report')} processed, {failed} failed", file=sys.stderr)
    return 0 if ok or not failed else 1


def format_table(results: list[Extraction]) -> str:
    """A readable table of events: date, place, type, killed, injured, sources."""
    rows = [("report", "date", "place", "type", "killed", "injured", "source")]
    for r in results:
        for e in r.events:
            loc = e.location
            place = (loc.name + (f", {loc.country_code}" if loc.country_code else "")) if loc else "-"
            rows.append(
                (
                    r.document.id[:18],
                    e.date or "-",
                    place[:26],
                    e.sub_event_type[:32],
                    _fmt_count(e.fatalities),
                    _fmt_count(e.injuries),
                    ", ".join(e.sources)[:40] or "-",
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _fmt_count(c) -> str:
    if c is None:
        return "-"
    if c.high is not None and c.high != c.low:
        return f"{c.low}-{c.high}"
    s = str(c.best if c.best is not None else c.low)
    if c.high is None and c.low is not None:
        s += "+"
    if c.estimate:
        s = "~" + s
    return s


def run_schema(args) -> int:
    from sitrep.schema import schema_text

    sys.stdout.write(schema_text())
    return 0


def run_eval(args) -> int:
    from sitrep.extract.evaluate import load_records, score

    gold = load_records(args.gold)
    pred = load_records(args.pred)
    texts = {d["id"]: d["text"] for d in load_records(args.texts)} if args.texts else None
    print(json.dumps(score(gold, pred, texts), indent=1))
    return 0
