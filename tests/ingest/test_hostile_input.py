"""Hostile and careless report input (issue 14): every bad line is one failure with a one-line reason,
and every other report, before and after it, is read."""

import json
from datetime import date

import pytest

from sitrep.config import Settings
from sitrep.ingest import read_path
from sitrep.ingest.jsonl import MAX_JSON_DEPTH, load_json_line
from sitrep.ingest.published import check_published, normalize_published
from sitrep.types import Document, ReportError


def _good(i: int) -> str:
    return json.dumps({"id": f"ok{i}", "text": f"Shelling hit the town, killing {i} people.", "published": "2018-04-06"})


def _read_lines(tmp_path, bad: list[str]):
    p = tmp_path / "in.jsonl"
    lines = [_good(0)]
    for i, b in enumerate(bad, 1):
        lines += [b, _good(i)]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = list(read_path(p, Settings()))
    return [d.id for d in out if isinstance(d, Document)], [e for e in out if isinstance(e, ReportError)]


HOSTILE_LINES = {
    "nested 10,000 deep": '{"id": "deep", "text": ' + "[" * 10_000 + "]" * 10_000 + "}",
    "nested 40 deep (parses, still refused)": '{"id": "d40", "text": "x", "t": ' + "[" * 40 + "]" * 40 + "}",
    "5,000-digit published number": '{"id": "p1", "text": "Shells hit.", "published": ' + "9" * 5000 + "}",
    "5,000-digit published string": json.dumps({"id": "p2", "text": "Shells hit.", "published": "9" * 5000}),
    "5,000-digit id": '{"id": ' + "7" * 5000 + ', "text": "Shells hit."}',
    "NaN": '{"id": "nan", "text": "Shells hit.", "score": NaN}',
    "title not a string": json.dumps({"id": "t", "text": "Shells hit.", "title": {"a": 1}}),
    "url too long": json.dumps({"id": "u", "text": "Shells hit.", "url": "http://x/" + "a" * 3000}),
    "text a list": json.dumps({"id": "tl", "text": ["Shells hit."]}),
    "published yesterday": json.dumps({"id": "y", "text": "Shells hit.", "published": "yesterday"}),
    "published 2018-13-45": json.dumps({"id": "m", "text": "Shells hit.", "published": "2018-13-45"}),
    "published 2018-02-30": json.dumps({"id": "f", "text": "Shells hit.", "published": "2018-02-30"}),
    "published 1800-01-01": json.dumps({"id": "o", "text": "Shells hit.", "published": "1800-01-01"}),
    "published 2999-12-31": json.dumps({"id": "z", "text": "Shells hit.", "published": "2999-12-31"}),
}


@pytest.mark.parametrize("name", list(HOSTILE_LINES))
def test_a_hostile_line_is_one_failure_and_the_rest_are_read(tmp_path, name):
    ids, errors = _read_lines(tmp_path, [HOSTILE_LINES[name]])
    assert ids == ["ok0", "ok1"]
    (e,) = errors
    assert "\n" not in e.reason and len(e.reason) < 200, e.reason


def test_all_hostile_lines_in_one_file(tmp_path):
    ids, errors = _read_lines(tmp_path, list(HOSTILE_LINES.values()))
    assert ids == [f"ok{i}" for i in range(len(HOSTILE_LINES) + 1)]
    assert len(errors) == len(HOSTILE_LINES)


def test_reasons_say_what_is_wrong(tmp_path):
    _, errors = _read_lines(tmp_path, [HOSTILE_LINES[k] for k in ("nested 10,000 deep", "published 2018-02-30",
                                                                   "5,000-digit published number")])
    deep, feb30, digits = (e.reason for e in errors)
    assert f"nested too deep (limit {MAX_JSON_DEPTH}" in deep
    assert "'published'" in feb30 and "2018-02-30" in feb30 and "day is out of range" in feb30
    assert "digits" in digits


def test_line_length_is_bounded():
    with pytest.raises(ReportError, match="line too long"):
        load_json_line('{"text": "' + "a" * 1000 + '"}', "x:1", limit=500)


def test_a_compact_published_date_is_normalised(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text(json.dumps({"id": "c", "text": "Shelling hit the town.", "published": "20180406"}) + "\n")
    (d,) = read_path(p, Settings())
    assert d.published == "2018-04-06" and d.published_source == "given"


@pytest.mark.parametrize(
    "given,expected",
    [
        ("2018-04-06", "2018-04-06"),
        ("2018-04-06T10:30:00Z", "2018-04-06T10:30:00Z"),  # ISO kept as given
        ("20180406", "2018-04-06"),
        ("Fri, 06 Apr 2018 10:00:00 GMT", "2018-04-06"),
        ("6 April 2018", "2018-04-06"),
        ("April 6, 2018", "2018-04-06"),
    ],
)
def test_check_published_accepts_unambiguous_dates(given, expected):
    assert check_published(given, today=date(2026, 1, 1)) == expected


@pytest.mark.parametrize(
    "given,why",
    [
        ("2018-13-45", "month must be in 1..12"),
        ("2018-02-30", "day is out of range"),
        ("yesterday", "is not a date"),
        ("06/04/2018", "is not a date"),  # June or April?
        ("1800-01-01", "before 1900-01-01"),
        ("2999-12-31", "in the future"),
        ("2026-01-03", "in the future"),
        ("9" * 5000, "5,000 characters"),
    ],
)
def test_check_published_refuses_with_the_reason(given, why):
    with pytest.raises(ValueError, match=why):
        check_published(given, today=date(2026, 1, 1))


def test_implausible_metadata_dates_are_dropped():
    assert normalize_published("1800-01-01") is None
    assert normalize_published("2999-12-31") is None
    assert normalize_published("Fri, 06 Apr 2018 10:00:00 GMT") == "2018-04-06"
    assert normalize_published("x" * 10_000 + " 2018") is None
