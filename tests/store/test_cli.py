import csv
import io
import json

import pytest

from sitrep.cli import main
from sitrep.store.exports import ACLED_COLUMNS
from store.batch import extractions, write_jsonl


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_end_to_end(tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", extractions(6))
    db = str(tmp_path / "cli.db")
    code, _, err = run(capsys, "ingest", str(src), "--db", db)
    assert code == 0 and "12 stored" in err and "6 incidents" in err
    code, _, err = run(capsys, "ingest", str(src), "--db", db)
    assert "0 stored, 12 already stored" in err

    code, out, _ = run(capsys, "incidents", "--db", db, "--format", "json")
    rows = json.loads(out)
    assert len(rows) == 6 and all(r["claims"] and set(r["fatalities"]) == {"low", "best", "high"} for r in rows)
    code, out, _ = run(capsys, "incidents", "--db", db, "--format", "csv", "--min-killed", "13")
    assert all(int(r["killed_best"]) >= 13 for r in csv.DictReader(io.StringIO(out)))
    code, out, _ = run(capsys, "incidents", "--db", db)
    assert "Town" in out

    three = next(r for r in rows if r["n_claims"] == 3)
    code, out, _ = run(capsys, "incident", str(three["id"]), "--why", "--db", db)
    assert code == 0 and "score" in out and "same sub-event type" in out

    one, two = [r["id"] for r in rows if r["n_claims"] == 1][:2]
    code, out, _ = run(capsys, "incident", "merge", str(one), str(two), "--db", db, "--who", "ana", "-m", "same")
    assert code == 0
    code, out, _ = run(capsys, "incident", "log", "--db", db)
    assert "ana: merge" in out
    action = out.split()[0].lstrip("#")
    code, out, _ = run(capsys, "incident", "undo", action, "--db", db, "--who", "ana")
    assert code == 0
    code, _, err = run(capsys, "incident", "undo", action, "--db", db)
    assert code == 1 and "already undone" in err
    code, out, _ = run(capsys, "incident", "edit", str(one), "--set", "killed_best=99", "--db", db)
    assert code == 0
    code, out, _ = run(capsys, "incident", str(one), "--db", db, "--format", "json")
    assert json.loads(out)["fatalities"]["best"] == 99

    code, out, _ = run(capsys, "export", "--db", db, "--format", "acled-csv")
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames == ACLED_COLUMNS
    first = next(reader)
    assert first["event_type"] == "Explosions/Remote violence" and first["iso"] == "760"
    code, out, _ = run(capsys, "export", "--db", db, "--format", "geojson")
    gj = json.loads(out)
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 6
    assert gj["features"][0]["geometry"]["type"] == "Point"
    by_id = {r["id"]: r for r in rows}
    for f in gj["features"]:  # GeoJSON order: [lon, lat]
        loc = by_id[f["properties"]["id"]]["location"]
        assert f["geometry"]["coordinates"] == [loc["lon"], loc["lat"]]
    code, out, _ = run(capsys, "export", "--db", db, "--format", "ucdp-csv")
    assert "best" in next(csv.reader(io.StringIO(out)))

    code, out, err = run(capsys, "failures", "--db", db)
    assert code == 0 and "0 failures" in err


def test_cli_ingest_stdin_and_failures(tmp_path, capsys, monkeypatch):
    import io as _io

    db = str(tmp_path / "stdin.db")
    src = write_jsonl(tmp_path / "in.jsonl", extractions(2)).read_text() + "{not json\n"
    monkeypatch.setattr("sys.stdin", _io.StringIO(src))
    code, _, err = run(capsys, "ingest", "-", "--db", db)
    assert code == 1 and "3 stored" in err and "1 failed" in err
    code, out, _ = run(capsys, "failures", "--db", db, "--format", "json")
    [f] = json.loads(out)
    assert "line is not JSON" in f["reason"] and not f["retryable"]


def test_cli_failures_retry(tmp_path, capsys, monkeypatch):
    """A report the extractor chokes on is listed by `sitrep failures` and goes in with `--retry` once the
    extractor copes."""
    import sitrep.run.ingest as pipeline
    from store.test_pipeline import FakeExtractor

    db = str(tmp_path / "retry.db")
    src = tmp_path / "reports.jsonl"
    src.write_text(
        json.dumps({"id": "ok", "text": "An air strike hit Saraqib on Wednesday.", "publisher": "P"}) + "\n"
        + json.dumps({"id": "bad", "text": "BAD air strike on Saraqib.", "publisher": "Q"}) + "\n"
    )  # fmt: skip
    monkeypatch.setattr(pipeline, "_extractor", lambda settings, factory: FakeExtractor().extract_many)
    code, _, err = run(capsys, "ingest", str(src), "--db", db)
    assert code == 1 and "1 stored" in err and "failed: bad: extraction failed" in err
    code, out, _ = run(capsys, "failures", "--db", db)
    assert "bad: extraction failed" in out and "retryable" in out
    monkeypatch.setattr(pipeline, "_extractor", lambda settings, factory: FakeExtractor(fail_on=None).extract_many)
    code, _, err = run(capsys, "failures", "--retry", "--db", db)
    assert code == 0 and "1 stored" in err
    code, _, err = run(capsys, "failures", "--db", db)
    assert "0 failures" in err


def _ingested(tmp_path, capsys, n: int = 6) -> str:
    db = str(tmp_path / "cli.db")
    assert run(capsys, "ingest", str(write_jsonl(tmp_path / "in.jsonl", extractions(n))), "--db", db)[0] == 0
    return db


def test_cli_read_commands_refuse_a_missing_database(tmp_path, capsys):
    """A typo in --db must not create an empty database that lists nothing."""
    typo = tmp_path / "sitrpe.db"
    for argv in (["incidents"], ["incident", "1"], ["export"], ["failures"]):
        code, out, err = run(capsys, *argv, "--db", str(typo))
        assert code == 1 and "no database at" in err and err.count("\n") == 1 and not out, argv
    assert not typo.exists()


def test_cli_numbers_and_dates_give_one_line_errors(tmp_path, capsys):
    db = _ingested(tmp_path, capsys)
    code, _, err = run(capsys, "incident", "99999999999999999999", "--db", db)
    assert code == 1 and err == "sitrep: no incident 99999999999999999999\n"
    code, _, err = run(capsys, "incident", "reject", "99999999999999999999", "--db", db)
    assert code == 1 and "no incident" in err and err.count("\n") == 1
    for argv in (["--min-killed", "99999999999999999999"], ["--since", "2024-13-45"], ["--min-killed", "-1"],
                 ["--since", "2019-05-03", "--until", "2019-05-01"]):  # fmt: skip
        try:
            code = main(["incidents", "--db", db, *argv])
        except SystemExit as e:  # argparse: its usage, then one error line
            code = e.code
        err = capsys.readouterr().err
        assert code == 2 and "Traceback" not in err and err.splitlines()[-1].startswith("sitrep incidents"), (argv, err)


def test_cli_store_errors_are_one_line(tmp_path, capsys):
    db = tmp_path / "broken.db"
    db.write_bytes(b"this is not a database" * 100)
    code, out, err = run(capsys, "incidents", "--db", str(db))
    assert code == 1 and err.startswith("sitrep incidents: store error:") and err.count("\n") == 1
    assert "SELECT" not in err and "[SQL" not in err


def test_cli_incidents_jsonl_plural_and_full_sub_types(tmp_path, capsys):
    db = _ingested(tmp_path, capsys)
    code, out, err = run(capsys, "incidents", "--db", db, "--format", "jsonl", "--limit", "2")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 2 and all("claims" in r for r in rows)
    code, out, err = run(capsys, "incidents", "--db", db, "--limit", "1")
    assert err == "1 incident\n"
    code, out, err = run(capsys, "incidents", "--db", db)
    assert err == "6 incidents\n"
    longest = max((r["sub_event_type"] for r in json.loads(run(capsys, "incidents", "--db", db, "--format", "json")[1])), key=len)
    assert longest in out  # whole, however long


def test_cli_export_takes_the_filters(tmp_path, capsys):
    db = _ingested(tmp_path, capsys)
    rows = json.loads(run(capsys, "incidents", "--db", db, "--format", "json", "--min-killed", "13")[1])
    code, out, err = run(capsys, "export", "--db", db, "--min-killed", "13", "-o", str(tmp_path / "x.csv"))
    exported = list(csv.DictReader((tmp_path / "x.csv").open()))
    assert code == 0 and len(exported) == len(rows) > 0 and f"{len(rows)} incident" in err


def test_cli_ingest_published_and_publisher_for_text_files(tmp_path, capsys, monkeypatch):
    """A folder of .txt reports with no dates gave undated incidents; --published dates them."""
    import io as _io

    import sitrep.run.ingest as pipeline
    from store.test_pipeline import FakeExtractor

    monkeypatch.setattr(pipeline, "_extractor", lambda settings, factory: FakeExtractor().extract_many)
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text("An air strike hit Saraqib on Wednesday.")
    db = str(tmp_path / "p.db")
    code, _, err = run(capsys, "ingest", str(folder), "--db", db, "--published", "2019-05-02", "--publisher", "Wire")
    assert code == 0 and "1 incident from 1 claim in 1 report" in err
    [row] = json.loads(run(capsys, "incidents", "--db", db, "--format", "json")[1])
    assert row["claims"][0]["document"]["published"] == "2019-05-02"
    assert row["claims"][0]["document"]["publisher"] == "Wire"
    # plain text on stdin is one report, not a JSONL error
    monkeypatch.setattr("sys.stdin", _io.StringIO("An air strike hit Saraqib on Thursday.\n"))
    code, _, err = run(capsys, "ingest", "-", "--db", db, "--published", "2019-05-03")
    assert code == 0 and "1 stored" in err
    with pytest.raises(SystemExit) as exit_:  # argparse refuses it before anything is read
        main(["ingest", "-", "--db", db, "--published", "2019-13-45"])
    assert exit_.value.code == 2 and "--published" in capsys.readouterr().err


def test_cli_lists_print_jsonl(tmp_path, capsys):
    db = _ingested(tmp_path, capsys)
    rows = json.loads(run(capsys, "incidents", "--db", db, "--format", "json")[1])
    run(capsys, "incident", "reject", str(rows[0]["id"]), "--db", db, "--who", "ana")
    for argv in (["failures"], ["incident", "log"], ["token", "list"]):
        code, out, _ = run(capsys, *argv, "--db", db, "--format", "jsonl")
        assert code == 0 and all(isinstance(json.loads(line), dict) for line in out.splitlines()), argv
    assert json.loads(run(capsys, "incident", "log", "--db", db, "--format", "jsonl")[1])["action"] == "reject"
