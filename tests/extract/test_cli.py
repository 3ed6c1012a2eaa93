"""`sitrep extract` as users run it: output contract, bad input, exit status."""

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def sitrep(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "sitrep.cli", *args], capture_output=True, text=True, input=stdin)


def test_extract_file_json(tmp_path):
    f = tmp_path / "mortar-report.txt"
    f.write_text("Mortar shells hit the town of Jarabulus on Saturday, wounding four children, the Turkish army said.")
    r = sitrep("extract", str(f), "--published", "2024-06-09", "--publisher", "Test Daily", "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["document"]["id"] == "mortar-report"
    assert out["document"]["published"] == "2024-06-09"
    (e,) = out["events"]
    assert e["sub_event_type"] == "Shelling/artillery/missile attack"
    assert e["date"] == "2024-06-08"
    assert e["injuries"]["best"] == 4


def test_extract_output_follows_the_shipped_schema(tmp_path):
    from sitrep.schema import validator

    f = tmp_path / "r.txt"
    f.write_text("Gunmen killed at least three villagers in Gao on Tuesday, local officials told AFP.")
    r = sitrep("extract", str(f), "--published", "2024-06-12", "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["events"], "the report states an event"
    assert list(validator().iter_errors(out)) == []


def test_schema_command_prints_the_contract():
    r = sitrep("schema")
    assert r.returncode == 0, r.stderr
    schema = json.loads(r.stdout)
    assert schema["$id"] == "event.schema.json"
    assert "event" in schema["$defs"]


@pytest.mark.parametrize("name", ["reports.json", "reports.jsonl", "reports.txt"])
def test_jsonl_option_reads_records_whatever_the_file_is_called(tmp_path, name):
    recs = [{"id": "a", "text": "Police killed two robbers in Lagos on Monday.", "published": "2024-06-11"},
            {"id": "b", "text": "The market reopened.", "published": "2024-06-11"}]
    f = tmp_path / name
    f.write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    r = sitrep("extract", "--jsonl", str(f), "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    assert [json.loads(x)["document"]["id"] for x in r.stdout.splitlines()] == ["a", "b"]


def test_jsonl_option_reads_a_json_array_or_one_pretty_record(tmp_path):
    recs = [{"id": "a", "text": "Police killed two robbers in Lagos on Monday.", "published": "2024-06-11"},
            {"id": "b", "text": "The market reopened.", "published": "2024-06-11"}]
    arr = tmp_path / "arr.json"
    arr.write_text(json.dumps(recs, indent=2))
    one = tmp_path / "one.json"
    one.write_text(json.dumps(recs[0], indent=2))
    r = sitrep("extract", "--jsonl", str(arr), "--format", "jsonl")
    assert [json.loads(x)["document"]["id"] for x in r.stdout.splitlines()] == ["a", "b"]
    r = sitrep("extract", "--jsonl", str(one), "--format", "jsonl")
    assert [json.loads(x)["document"]["id"] for x in r.stdout.splitlines()] == ["a"]


def test_shipped_schema_is_the_shared_contract(shared_dir):
    from sitrep.schema import event_schema

    shared = json.loads((shared_dir / "schema" / "event.schema.json").read_text(encoding="utf-8"))
    assert event_schema() == shared


def test_jsonl_with_bad_lines(tmp_path):
    good = {"id": "g1", "text": "Clashes between police and gunmen killed two officers in Culiacan on Monday.", "published": "2024-06-11"}
    lines = [json.dumps(good), "not json at all", json.dumps({"id": "no-text"}), json.dumps({"id": "g2", "text": "The weather was fine."})]
    r = sitrep("extract", "--jsonl", "-", "--format", "jsonl", stdin="\n".join(lines) + "\n")
    assert r.returncode == 0, r.stderr
    outs = [json.loads(x) for x in r.stdout.splitlines()]
    assert [o["document"]["id"] for o in outs] == ["g1", "g2"]
    assert outs[1]["events"] == []
    errs = [x for x in r.stderr.splitlines() if "error" in x]
    assert len(errs) == 2
    assert any("not JSON" in x for x in errs) and any("'text'" in x for x in errs)


def test_bad_files_one_error_each_and_exit_status(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "latin.txt").write_bytes("Bomba en la plaza de Le\xf3n".encode("latin-1"))
    r = sitrep("extract", str(tmp_path / "empty.txt"), str(tmp_path / "binary.txt"), str(tmp_path / "latin.txt"), "--format", "jsonl")
    assert r.returncode == 1  # nothing could be processed
    errs = [x for x in r.stderr.splitlines() if x.startswith("sitrep: error:")]
    assert len(errs) == 3
    (tmp_path / "ok.txt").write_text("Protesters marched in Santiago on Sunday.")
    r2 = sitrep("extract", str(tmp_path / "empty.txt"), str(tmp_path / "ok.txt"), "--format", "jsonl")
    assert r2.returncode == 0
    assert len(r2.stdout.splitlines()) == 1


def test_huge_report_is_refused_not_fatal(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Shelling continued. " * 1_100_000)  # ~22 MB
    small = tmp_path / "small.txt"
    small.write_text("Rockets hit Kharkiv on Monday.")
    r = sitrep("extract", str(big), str(small), "--format", "jsonl", "--published", "2024-06-11")
    assert r.returncode == 0
    assert "too large" in r.stderr
    assert json.loads(r.stdout)["document"]["id"] == "small"
