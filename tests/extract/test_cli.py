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
