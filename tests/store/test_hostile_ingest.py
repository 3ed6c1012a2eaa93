"""Hostile and careless input to `ingest` (issue 14): pre-extracted lines are checked before anything
is stored, and a bad line, of either format, is one recorded failure while every other report is stored."""

import copy
import json

import pytest

from sitrep.config import Settings
from sitrep.run.ingest import ingest
from sitrep.run.inputs import read_inputs
from sitrep.types import ReportError
from store.batch import extractions


def _line(i: int) -> dict:
    """A valid pre-extracted line (as `sitrep extract --format jsonl` prints it, with its text)."""
    (e,) = [x for x in extractions(3) if x.document.id == f"r{i}-0"]
    d = e.to_dict()
    d["document"]["text"] = e.document.text
    return d


def _broken(change) -> dict:
    d = copy.deepcopy(_line(1))
    d["document"]["id"] = "bad"
    change(d)
    return d


def _set(path: str, value):
    def change(d):
        *head, last = path.split(".")
        node = d
        for k in head:
            node = node[int(k)] if k.isdigit() else node[k]
        node[int(last) if last.isdigit() else last] = value

    return change


BROKEN = {
    "killed low -5 / best 1,000,000 / high 3": (
        _set("events.0.fatalities", {"low": -5, "best": 1_000_000, "high": 3, "text": "x"}), "fatalities.low"),
    "killed low > best": (_set("events.0.fatalities", {"low": 9, "best": 2, "high": None}), "low 9 > best 2"),
    "killed beyond int64": (_set("events.0.fatalities.best", 10**30), "beyond any plausible count"),
    "lat 999": (_set("events.0.location.lat", 999), "location.lat"),
    "lon -181.5": (_set("events.0.location.lon", -181.5), "location.lon"),
    "country SYR": (_set("events.0.location.country_code", "SYR"), "ISO 3166-1 alpha-2"),
    "country QQ": (_set("events.0.location.country_code", "QQ"), "ISO 3166-1 alpha-2"),
    "evidence outside the text": (_set("events.0.evidence", [{"start": 5, "end": 99_999, "text": "x"}]), "not inside"),
    "evidence reversed": (_set("events.0.evidence", [{"start": 9, "end": 2, "text": ""}]), "not inside"),
    "evidence text not at its offsets": (_set("events.0.evidence", [{"start": 0, "end": 6, "text": "Rumour"}]),
                                         "not the text at its offsets"),
    "events a string": (_set("events", "nope"), "events"),
    "unknown event type": (_set("events.0.event_type", "Picnic"), "event_type"),
    "sub-event of another type": (_set("events.0.sub_event_type", "Peaceful protest"), "is a type of 'Protests'"),
    "event date 2018-02-30": (_set("events.0.date", "2018-02-30"), "date"),
    "published yesterday": (_set("document.published", "yesterday"), "document.published"),
    "confidence 7": (_set("events.0.confidence", 7), "confidence"),
    "actor name of 5,000 characters": (_set("events.0.actor1", "A" * 5000), "actor1"),
    "100,000 sources": (_set("events.0.sources", ["S"] * 100_000), "sources"),
}


def _ingest(tmp_path, store, lines: list[str]):
    p = tmp_path / "extracted.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def no_extractor():
        raise AssertionError("pre-extracted lines are not extracted again")

    return ingest(read_inputs([str(p)], Settings()), store, Settings(), no_extractor)


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_wrong_pre_extracted_line_is_refused_with_its_reason(tmp_path, store, name):
    change, why = BROKEN[name]
    s = _ingest(tmp_path, store, [json.dumps(_line(0)), json.dumps(_broken(change)), json.dumps(_line(2))])
    assert s.ingested == 2, s.failed
    ((rid, reason),) = s.failed
    assert "\n" not in reason and len(reason) < 300, reason
    assert why in reason, reason
    (f,) = store.failures()
    assert f["reason"] == reason
    assert store.stats()["documents"] == 2


def test_hostile_json_lines_among_extractions(tmp_path, store):
    deep = '{"document": {"id": "d"}, "events": ' + "[" * 10_000 + "]" * 10_000 + "}"
    digits = '{"document": {"id": "p", "published": ' + "9" * 5000 + '}, "events": []}'
    s = _ingest(tmp_path, store, [json.dumps(_line(0)), deep, "{nope", digits, json.dumps(_line(2))])
    assert s.ingested == 2
    assert len(s.failed) == 3 and len(store.failures()) == 3


def test_hostile_report_lines_are_recorded_failures(tmp_path, store):
    """Report JSONL through ingest: the bad lines are failures in the store, the good ones stored."""
    good = [json.dumps({"id": f"g{i}", "text": f"Report {i}: shelling hit the town."}) for i in range(2)]
    bad = [
        '{"id": "deep", "text": ' + "[" * 10_000 + "]" * 10_000 + "}",
        '{"id": "big", "text": "Shells hit.", "published": ' + "9" * 5000 + "}",
        json.dumps({"id": "feb", "text": "Shells hit.", "published": "2018-02-30"}),
    ]
    p = tmp_path / "reports.jsonl"
    p.write_text("\n".join([good[0], *bad, good[1]]) + "\n", encoding="utf-8")

    class Echo:
        def extract_many(self, docs):
            from sitrep.types import Extraction

            for d in docs:
                yield d if isinstance(d, ReportError) else Extraction(d, [])

    s = ingest(read_inputs([str(p)], Settings()), store, Settings(), Echo)
    assert s.ingested == 2
    assert len(s.failed) == 3
    assert {f["reason"].split(":")[0] for f in store.failures()} >= {"JSON nested too deep (limit 32 levels)"}


@pytest.mark.slow
def test_a_report_saying_a_figure_beyond_int64_is_stored(store, extractor):
    """'1000000000000000000000000000000 wounded' used to end in an OverflowError on every attempt: the
    report and its other figures are stored, and the run says which figure was not read."""
    from sitrep.types import Document

    text = "Clashes in Homs on Monday left 1000000000000000000000000000000 wounded and 4 dead, officials said."
    s = ingest([Document(id="huge", text=text, published="2018-04-06")], store, Settings(), lambda: extractor)
    assert s.ingested == 1 and not s.failed
    (note,) = s.notes
    assert note.startswith("huge: figure '1000000000000000000000000000000' is beyond any plausible count")
    (inc,) = store.list_incidents()
    assert inc["fatalities"]["best"] == 4 and inc["injuries"] is None
