from __future__ import annotations

import io

from sitrep.run.progress import Summary, progress


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_only_on_a_terminal_and_for_long_batches():
    plain = io.StringIO()
    assert list(progress(range(100), total=100, stream=plain)) == list(range(100))
    assert plain.getvalue() == ""
    tty = FakeTTY()
    assert list(progress(range(100), total=100, desc="ingest", stream=tty)) == list(range(100))
    assert "ingest" in tty.getvalue() and "/100" in tty.getvalue()
    short = FakeTTY()
    assert list(progress(range(3), total=3, stream=short)) == [0, 1, 2] and short.getvalue() == ""


def test_summary_format_and_merge():
    a = Summary(ingested=2, duplicates=1)
    a.fail("r1", "HTTP 500 from x")
    b = Summary(ingested=1, undated=["d9"])
    b.notes.append("feed: not modified")
    a.merge(b)
    text = a.format()
    assert text.splitlines()[0] == "ingested 3, duplicates skipped 1, failed 1, without publication date 1"
    assert "  failed: r1: HTTP 500 from x" in text and "note: feed: not modified" in text
    assert not a.ok and a.to_dict()["failed"] == [{"id": "r1", "reason": "HTTP 500 from x"}]
