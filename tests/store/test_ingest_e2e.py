"""End to end through the real extractor (slow: spaCy + gazetteer): text reports in, incidents out."""

from __future__ import annotations

import pytest

from sitrep.config import Settings
from sitrep.run.ingest import ingest
from sitrep.run.inputs import read_inputs

REPORTS = {
    "monitor.txt": "BEIRUT, May 2, 2019 - Syrian government warplanes struck a crowded market in the town of "
    "Saraqib in Idlib province on Wednesday, killing 40 civilians, the Syrian Observatory for Human Rights said.",
    "wire.txt": "DAMASCUS, May 2, 2019 - An air strike on a market in Saraqib in Idlib province killed at least "
    "25 people on Wednesday, rescue workers said.",
    "kabul.txt": "KABUL, May 3, 2019 - A suicide bomber killed 9 people at a wedding hall in Kabul on Thursday, "
    "officials said.",
}


@pytest.mark.slow
def test_ingest_text_reports_end_to_end(tmp_path, extractor, store):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\xff\xfe\x00\x00" * 10 + b"\x00" * 100)
    settings = Settings()
    s = ingest(read_inputs([str(folder)], settings), store, settings, lambda: extractor)
    assert s.ingested == 3, s.failed
    assert [f[0] for f in s.failed] == ["broken"]
    assert [f["report_id"] for f in store.failures()] == ["broken"]
    stats = store.stats()
    assert stats["documents"] == 3 and stats["claims"] >= 3
    incidents = store.list_incidents(with_claims=True)
    assert any(i["location"]["country_code"] == "AF" for i in incidents)

    again = ingest(read_inputs([str(folder)], settings), store, settings, lambda: extractor)
    assert again.duplicates == 3 and again.ingested == 0
    assert store.stats() == stats
