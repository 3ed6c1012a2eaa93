import json

from sitrep.config import Settings
from sitrep.ingest import read_path
from sitrep.types import Document, ReportError


def _read(path, **kw):
    return list(read_path(path, Settings(**kw)))


def test_text_file_becomes_document(tmp_path):
    p = tmp_path / "report-1.txt"
    p.write_text("Rockets hit the town.\r\nTwo people died.\n", encoding="utf-8")
    (d,) = _read(p)
    assert isinstance(d, Document)
    assert d.id == "report-1"
    assert d.text == "Rockets hit the town.\nTwo people died."


def test_bad_inputs_each_give_one_clear_error(tmp_path):
    (tmp_path / "a-empty.txt").write_bytes(b"  \n")
    (tmp_path / "b-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "c-latin1.txt").write_bytes("Caf\xe9 bombed".encode("latin-1"))
    (tmp_path / "d-big.txt").write_bytes(b"word " * 300)
    (tmp_path / "e-good.txt").write_text("Shells fell on the city.", encoding="utf-8")
    out = _read(tmp_path, max_report_bytes=1000)
    errors = {e.report_id: e.reason for e in out if isinstance(e, ReportError)}
    assert "empty" in errors["a-empty"]
    assert "binary" in errors["b-binary"]
    assert "UTF-8" in errors["c-latin1"]
    assert "too large" in errors["d-big"]
    assert [d.id for d in out if isinstance(d, Document)] == ["e-good"]


def test_jsonl_bad_lines_do_not_stop_the_rest(tmp_path):
    p = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "r1", "text": "Clashes erupted.", "published": "2024-01-02"}),
        "{not json",
        json.dumps({"id": "r3", "title": "no text"}),
        json.dumps(["a", "list"]),
        "",
        json.dumps({"id": "r5", "text": "Protesters marched."}),
    ]
    p.write_text("\n".join(lines), encoding="utf-8")
    out = _read(p)
    docs = [d for d in out if isinstance(d, Document)]
    errs = [e for e in out if isinstance(e, ReportError)]
    assert [d.id for d in docs] == ["r1", "r5"]
    assert docs[0].published == "2024-01-02"
    assert len(errs) == 3
    assert any("not JSON" in e.reason for e in errs)
    assert any("'text'" in e.reason for e in errs)


def test_missing_file_is_an_error_not_a_crash(tmp_path):
    (e,) = _read(tmp_path / "nope.txt")
    assert isinstance(e, ReportError) and "no such file" in e.reason


def test_stdin_is_jsonl_or_one_plain_text_report():
    """`echo TEXT | sitrep extract -` once failed: '-' was always JSONL."""
    import io

    from sitrep.ingest.readers import read_stdin

    settings = Settings()
    (d,) = read_stdin(io.StringIO("\nRockets hit the town.\nTwo people died.\n"), settings, published="2020-01-02")
    assert isinstance(d, Document) and d.id == "stdin" and d.text == "Rockets hit the town.\nTwo people died."
    assert d.published == "2020-01-02" and d.published_source == "given"
    lines = json.dumps({"id": "a", "text": "Rockets hit the town."}) + "\n" + json.dumps({"id": "b", "text": "More."})
    assert [x.id for x in read_stdin(io.StringIO(lines), settings)] == ["a", "b"]
    (e,) = read_stdin(io.StringIO("x" * 2000), Settings(max_report_bytes=1000))
    assert isinstance(e, ReportError) and "too large" in e.reason
