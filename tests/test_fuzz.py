"""Property-based fuzzing (Hypothesis) of the three doors hostile input comes through (issue 14): the
JSONL report reader, the pre-extracted reader of `sitrep ingest`, and the extractor.  Properties: no
exception ever escapes; one item per line; every refusal is one line; what is let through is valid
(schema, figures, spans equal to the text they cover).

Bounded for the suite: FUZZ_EXAMPLES examples per property, derandomized so main stays reproducible.
For a longer, random run: SITREP_FUZZ_EXAMPLES=2000 SITREP_FUZZ_RANDOM=1 pytest tests/test_fuzz.py
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.config import Settings
from sitrep.ingest.jsonl import read_jsonl_lines
from sitrep.run.inputs import read_inputs
from sitrep.types import MAX_COUNT, Document, Extraction, ReportError

FUZZ_EXAMPLES = int(os.environ.get("SITREP_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("SITREP_FUZZ_RANDOM"),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SETTINGS = Settings(max_report_bytes=20_000)

# --------------------------------------------------------------------------------------- strategies

HUGE = st.sampled_from([10**30, -(10**30), 2**63, 2**31, -1, 0, 10**4000, 1e308, -0.0, 3.5])
scalars = st.one_of(st.none(), st.booleans(), st.integers(), HUGE, st.floats(allow_nan=False), st.text(max_size=30))
json_values = st.recursive(scalars, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                          st.dictionaries(st.text(max_size=8), kids, max_size=4)),
                           max_leaves=20)
dates = st.one_of(
    st.sampled_from(["2018-04-06", "2018-13-45", "yesterday", "2018-02-30", "20180406", "1800-01-01",
                     "2999-12-31", "9" * 5000, "", "2018-04-06T10:00:00Z", "Fri, 06 Apr 2018 10:00:00 GMT"]),
    st.text(max_size=20), json_values,
)
NESTING = st.integers(1, 20_000).map(lambda n: "[" * n + "]" * n)


@st.composite
def report_lines(draw) -> str:
    """A line of report JSONL: a plausible record with some fields wrong, raw JSON, or bytes of junk."""
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return draw(st.text(max_size=200))
    if kind == 1:
        return '{"id": "n", "text": ' + draw(NESTING) + "}"
    if kind == 2:
        return json.dumps(draw(json_values))
    rec = {"id": draw(st.one_of(st.text(max_size=20), st.integers(), json_values)),
           "text": draw(st.one_of(st.text(min_size=1, max_size=300), json_values)),
           "published": draw(dates)}
    for key in draw(st.sets(st.sampled_from(["title", "publisher", "url", "language"]))):
        rec[key] = draw(st.one_of(st.text(max_size=50), json_values))
    line = json.dumps(rec)
    if kind == 4:  # raw edits JSON cannot express: giant numbers, NaN
        line = line.replace('"published": ', '"published": ' + draw(st.sampled_from(["9" * 5000 + ",", "NaN,", "-Infinity,"])) + " ", 1)
    return line


GOOD_EVENT = {
    "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike", "date": "2018-04-05",
    "date_precision": "day",
    "location": {"name": "Aleppo", "admin1": "Aleppo", "country": "Syria", "country_code": "SY", "lat": 36.2,
                 "lon": 37.16, "geonameid": 170063, "geo_precision": 1},
    "actor1": "Military Forces of Syria", "actor2": "Civilians", "fatalities": {"low": 3, "best": 3, "high": 3,
                                                                              "text": "three"},
    "injuries": None, "sources": ["SOHR"], "evidence": [{"start": 0, "end": 9, "text": "Airstrike"}],
    "confidence": 0.8, "field_evidence": {"event_type": {"start": 0, "end": 9, "text": "Airstrike"}},
}
TEXT = "Airstrike killed three civilians in Aleppo."
FIELDS = [
    ("fatalities",), ("fatalities", "low"), ("fatalities", "best"), ("fatalities", "high"), ("injuries",),
    ("location",), ("location", "lat"), ("location", "lon"), ("location", "country_code"),
    ("location", "geonameid"), ("location", "name"), ("location", "within"), ("date",), ("event_type",),
    ("sub_event_type",), ("evidence",), ("field_evidence",), ("sources",), ("confidence",), ("actor1",),
    ("date_precision",),
]


@st.composite
def extraction_lines(draw) -> str:
    """A line of `sitrep extract --format jsonl` output with a few fields replaced by anything."""
    doc = {"id": draw(st.one_of(st.just("x"), json_values)), "published": draw(dates)}
    if draw(st.booleans()):
        doc["text"] = draw(st.one_of(st.just(TEXT), st.text(max_size=40), json_values))
    events = []
    for _ in range(draw(st.integers(0, 3))):
        e = json.loads(json.dumps(GOOD_EVENT))
        for path in draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
            node = e
            for k in path[:-1]:
                node = node.get(k) if isinstance(node, dict) else None
            if isinstance(node, dict):
                node[path[-1]] = draw(st.one_of(json_values, st.integers(-(10**20), 10**20), HUGE))
        events.append(e)
    rec: dict = {"document": doc, "events": draw(st.one_of(st.just(events), json_values))}
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return '{"document": {"id": "d"}, "events": ' + draw(NESTING) + "}"
    if kind == 1:
        return json.dumps(rec).replace('"id"', '"id": ' + draw(st.sampled_from(["9" * 5000, "NaN"])) + ', "id0"', 1)
    return json.dumps(rec)


# --------------------------------------------------------------------------------------- properties


def _one_line(item) -> None:
    if isinstance(item, ReportError):
        assert item.reason and "\n" not in item.reason and len(item.reason) < 400, item.reason
        assert "Traceback" not in item.reason


@FUZZ
@given(st.lists(report_lines(), min_size=1, max_size=6))
def test_fuzz_jsonl_reader(lines):
    lines = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    out = list(read_jsonl_lines(lines, "fuzz", SETTINGS))
    assert len(out) == sum(1 for line in lines if line.strip())
    for item in out:
        assert isinstance(item, Document | ReportError)
        _one_line(item)
        if isinstance(item, Document) and item.published:
            from sitrep.ingest.published import check_published

            check_published(item.published)  # a kept date is a real one


@FUZZ
@given(st.lists(extraction_lines(), min_size=1, max_size=5))
def test_fuzz_pre_extracted_reader(tmp_path_factory, lines):
    from sitrep.schema import validator

    p = tmp_path_factory.mktemp("fuzz") / "x.jsonl"
    first = json.dumps({"document": {"id": "first"}, "events": []})  # the file is read as extractions
    p.write_text("\n".join([first, *lines]) + "\n", encoding="utf-8")
    out = list(read_inputs([str(p)], SETTINGS))
    assert len(out) == 1 + len(lines)
    v = validator()
    for item in out:
        assert isinstance(item, Extraction | ReportError)
        _one_line(item)
        if isinstance(item, Extraction):
            assert not list(v.iter_errors(item.to_dict()))
            for c in item.events:
                for cnt in (c.fatalities, c.injuries):
                    vals = [x for x in (cnt.low, cnt.best, cnt.high) if x is not None] if cnt else []
                    assert vals == sorted(vals) and all(0 <= x <= MAX_COUNT for x in vals)


def _valid_date(value) -> bool:
    from sitrep.ingest.published import check_published

    try:
        return value is None or check_published(value) == value
    except ValueError:
        return False


# Sentences built from the pieces casualty reports are made of, with numbers of every size and shape.
NUMBERS = st.one_of(
    st.integers(0, 10**35).map(str), st.integers(0, 10**9).map(lambda n: f"{n:,}"),
    st.sampled_from(["45 + 20", "between 9 and 2", "9 to 2", "3-5", "5-3", "dozens of", "one hundred hundred hundred",
                     "a million million", "1.5 million", "9" * 5000, "0.000001", "twenty-three", "nearly 40",
                     "at least", "between 3 and 5", "1,000,000,000,000", "9" * 400 + ".5 million"]),
)
WORDS = st.sampled_from(["killed", "wounded", "dead", "injured", "civilians", "soldiers", "people", "and", ",",
                         "in", "Aleppo", "Gao", "on Monday", "airstrike", "shelling", "clashes", "left", "were",
                         "including", "children", "the death toll rose to", "since 2011", "no one was", "+", "(",
                         ")", "—", "\n", "said", "SOHR", "Reuters", "April 6", "2018", "yesterday", "others",
                         "days ago", "weeks ago", "months ago", "years ago", "days later", "hours", "on",
                         "April", "of", "since", "between", "-", "/"])


@st.composite
def report_texts(draw) -> str:
    parts = draw(st.lists(st.one_of(WORDS, NUMBERS, st.text(max_size=12)), min_size=3, max_size=40))
    return " ".join(parts) + "."


@pytest.mark.slow
@FUZZ
@given(st.lists(report_texts(), min_size=1, max_size=4), dates)
def test_fuzz_extractor(extractor, texts, published):
    docs = [Document(id=f"d{i}", text=t, published=published if isinstance(published, str) else None)
            for i, t in enumerate(texts) if t.strip()]
    from sitrep.run.checks import check_extraction

    out = list(extractor.extract_many(docs))
    assert len(out) == len(docs)
    for doc, r in zip(docs, out, strict=True):
        assert isinstance(r, Extraction), r  # an exception inside comes back as a ReportError
        if _valid_date(doc.published):  # as every edge lets through
            line = r.to_dict()
            line["document"]["text"] = doc.text
            check_extraction(line, doc.id, SETTINGS.max_report_bytes)  # `extract | ingest` takes its output
        for c in r.events:
            spans = [*c.evidence, *c.field_evidence.values()]
            spans += [cnt.span for cnt in (c.fatalities, c.injuries) if cnt is not None and cnt.span is not None]
            for s in spans:
                assert doc.text[s.start : s.end] == s.text, (s, doc.text)
            for cnt in (c.fatalities, c.injuries):
                if cnt is not None:
                    assert all(x is None or 0 <= x <= MAX_COUNT for x in (cnt.low, cnt.best, cnt.high)), cnt
