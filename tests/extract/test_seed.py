"""Acceptance on the seed report (../shared/corpus/seed): every required gold event found, precision >= 0.8,
no event from a must_not text.  Scored with the project's scorer (../shared/eval/score.py)."""

import json
import subprocess
import sys

import pytest

from sitrep.types import Document

pytestmark = pytest.mark.slow


def test_seed_report(extractor, shared_dir, tmp_path):
    seed = shared_dir / "corpus" / "seed"
    gold_path = next(seed.glob("*.gold.json"))
    gold = json.loads(gold_path.read_text())
    meta = gold["document"]
    text = (seed / meta["file"]).read_text(encoding="utf-8")
    res = extractor.extract(Document(id=meta["id"], text=text, published=meta["published"], publisher=meta["publisher"]))
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(res.to_dict()) + "\n")
    texts = tmp_path / "texts.jsonl"
    texts.write_text(json.dumps({"id": meta["id"], "text": text}) + "\n")
    out = subprocess.run(
        [sys.executable, str(shared_dir / "eval" / "score.py"), str(gold_path), str(pred), "--texts", str(texts)],
        capture_output=True, text=True, check=True,
    )
    score = json.loads(out.stdout)
    assert score["recall"] == 1.0, score
    assert score["precision"] >= 0.8, score
    assert score["must_not_violated"].startswith("0/"), score
    for field in ("event_type", "sub_event_type", "fatalities", "injuries", "date", "location_25km", "sources"):
        assert score[field] == 1.0, (field, score)
