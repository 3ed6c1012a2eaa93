from merge.reports import airstrike_three_outlets, claim, extraction

from sitrep.config import Settings
from sitrep.run.ingest import ingest
from sitrep.run.inputs import extraction_from_dict, read_inputs
from sitrep.types import Document, ReportError
from store.batch import extractions, write_jsonl


class FakeExtractor:
    """Extracts one airstrike claim from each report; fails on reports containing BAD."""

    def __init__(self, fail_on: str | None = "BAD"):
        self.fail_on = fail_on
        self.seen: list[str] = []

    def extract_many(self, docs):
        for d in docs:
            if isinstance(d, ReportError):  # as the real extractor: read errors come back in order
                yield d
                continue
            self.seen.append(d.id)
            if self.fail_on and self.fail_on in d.text:
                yield ReportError(d.id, "extraction failed: ValueError: unreadable")
            else:
                yield extraction(d, claim(d.text, killed=(3, 3, None)))


def docs():
    return [
        Document(id="a", text="An air strike hit Saraqib on Wednesday.", publisher="P1", published="2019-05-02"),
        Document(id="b", text="BAD report that breaks the extractor.", publisher="P2", published="2019-05-02"),
        Document(id="c", text="Jets struck Saraqib on Wednesday, killing 3.", publisher="P3", published="2019-05-02"),
    ]


def test_bad_report_is_recorded_and_the_batch_goes_on(store):
    fake = FakeExtractor()
    s = ingest(docs() + [ReportError("d", "no such file: d.txt")], store, Settings(), lambda: fake)
    assert s.ingested == 2 and sorted(f[0] for f in s.failed) == ["b", "d"]
    assert store.stats()["incidents"] == 1
    fails = {f["report_id"]: f for f in store.failures()}
    assert "unreadable" in fails["b"]["reason"] and fails["b"]["retryable"]
    assert not fails["d"]["retryable"]

    # retry with an extractor that now copes
    retry = [d for _, d in store.failed_documents()]
    s2 = ingest(retry, store, Settings(), lambda: FakeExtractor(fail_on=None))
    assert s2.ingested == 1 and not s2.failed
    assert [f["report_id"] for f in store.failures()] == ["d"]
    assert store.stats()["documents"] == 3


def test_known_reports_are_not_extracted_again(store):
    ingest(docs(), store, Settings(), lambda: FakeExtractor())
    fake = FakeExtractor()
    s = ingest(docs(), store, Settings(), lambda: fake)
    assert s.duplicates == 2 and fake.seen == ["b"]


def test_extraction_jsonl_round_trip(tmp_path):
    items = airstrike_three_outlets()
    back = [extraction_from_dict(e.to_dict()) for e in items]
    assert [b.events[0].to_dict() for b in back] == [e.events[0].to_dict() for e in items]
    path = write_jsonl(tmp_path / "x.jsonl", extractions(2))
    read = list(read_inputs([str(path)], Settings()))
    assert [r.document.id for r in read] == ["r0-0", "r1-0", "r1-1"]


def test_report_jsonl_goes_to_the_reader(tmp_path):
    p = tmp_path / "reports.jsonl"
    p.write_text('{"id": "x1", "text": "Shelling hit Ariha.", "publisher": "P"}\n{"id": "x2"}\n')
    read = list(read_inputs([str(p)], Settings()))
    assert isinstance(read[0], Document) and read[0].id == "x1"
    assert isinstance(read[1], ReportError)
