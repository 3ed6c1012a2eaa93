"""`sitrep extract` given hostile and careless input (issue 14): one line per problem, no traceback, the
other reports printed; wrong dates refused when the command line is read."""

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def sitrep(*args):
    return subprocess.run([sys.executable, "-m", "sitrep.cli", *args], capture_output=True, text=True)


def test_extract_jsonl_with_hostile_lines_prints_the_rest(tmp_path):
    good = lambda i: json.dumps({"id": f"g{i}", "text": f"An airstrike killed {i + 2} civilians in Aleppo.",  # noqa: E731
                                 "published": "2018-04-06"})
    lines = [
        good(1),
        '{"id": "deep", "text": ' + "[" * 10_000 + "]" * 10_000 + "}",
        '{"id": "bigpub", "text": "Shelling hit Idlib.", "published": ' + "9" * 5000 + "}",
        json.dumps({"id": "feb30", "text": "Shelling hit Idlib.", "published": "2018-02-30"}),
        json.dumps({"id": "huge", "text": "Clashes in Homs left 1000000000000000000000000000000 wounded and 4 dead.",
                    "published": "2018-04-06"}),
        good(2),
    ]
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(lines) + "\n")
    r = sitrep("extract", "--jsonl", str(f), "--format", "jsonl")
    assert r.returncode == 0 and "Traceback" not in r.stderr
    ids = [json.loads(line)["document"]["id"] for line in r.stdout.splitlines()]
    assert ids == ["g1", "huge", "g2"]
    huge = json.loads(r.stdout.splitlines()[1])
    assert [e["fatalities"]["best"] for e in huge["events"]] == [4] and huge["events"][0]["injuries"] is None
    err = r.stderr.splitlines()
    assert any(":2: JSON nested too deep" in line for line in err)
    assert any("digits" in line for line in err)
    assert any("feb30: 'published'" in line for line in err)
    assert any("huge: figure '1000000000000000000000000000000' is beyond any plausible count" in line for line in err)
    assert "3 reports processed, 3 failed" in r.stderr


@pytest.mark.parametrize("given", ["2018-13-45", "yesterday", "2018-02-30", "1800-01-01", "2999-12-31"])
def test_extract_refuses_a_wrong_published_date(tmp_path, given):
    f = tmp_path / "r.txt"
    f.write_text("An airstrike killed 5 civilians in Aleppo on Monday.")
    r = sitrep("extract", str(f), "--published", given)
    assert r.returncode == 2 and r.stdout == ""
    assert "argument --published: " in r.stderr and "Traceback" not in r.stderr


def test_extract_normalises_a_compact_published_date(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text("An airstrike killed 5 civilians in Aleppo on Monday.")
    r = sitrep("extract", str(f), "--published", "20180406")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["document"]["published"] == "2018-04-06" and out["events"][0]["date"] == "2018-04-02"
