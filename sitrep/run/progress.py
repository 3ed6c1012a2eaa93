"""A progress bar for long batches (only on a terminal) and the summary printed at the end of one.

summary = Summary()
for item in progress(items, total=len(items), desc="ingest"):
    ...  summary.ingested += 1 / summary.duplicates += 1 / summary.fail(report_id, reason)
print(summary.format(), file=sys.stderr)
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, TypeVar

T = TypeVar("T")

PROGRESS_MIN_ITEMS = 20  # shorter batches get no bar


def progress(
    items: Iterable[T],
    total: int | None = None,
    desc: str = "",
    stream: IO[str] | None = None,
    unit: str = "report",
) -> Iterator[T]:
    """`items`, with a tqdm bar on `stream` (stderr) when it is a terminal and the batch is long."""
    stream = stream or sys.stderr
    is_tty = getattr(stream, "isatty", lambda: False)()
    if not is_tty or (total is not None and total < PROGRESS_MIN_ITEMS):
        yield from items
        return
    from tqdm import tqdm

    with tqdm(
        items, total=total, desc=desc or None, file=stream, unit=unit, leave=False, dynamic_ncols=True
    ) as bar:
        yield from bar


@dataclass
class Summary:
    """What a batch did: counts and, for each failure, the report and the reason."""

    ingested: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (report id, reason)
    undated: list[str] = field(default_factory=list)  # ids of documents without a publication date
    notes: list[str] = field(default_factory=list)  # e.g. "feed X: not modified", "feed Y: backing off"

    def fail(self, report_id: str, reason: str) -> None:
        self.failed.append((report_id, reason))

    def merge(self, other: Summary) -> Summary:
        self.ingested += other.ingested
        self.duplicates += other.duplicates
        self.failed.extend(other.failed)
        self.undated.extend(other.undated)
        self.notes.extend(other.notes)
        return self

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict:
        return {
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "failed": [{"id": i, "reason": r} for i, r in self.failed],
            "undated": list(self.undated),
            "notes": list(self.notes),
        }

    def format(self, max_failures: int = 50) -> str:
        head = f"ingested {self.ingested}, duplicates skipped {self.duplicates}, failed {len(self.failed)}"
        if self.undated:
            head += f", without publication date {len(self.undated)}"
        lines = [head]
        for i, r in self.failed[:max_failures]:
            lines.append(f"  failed: {i}: {r}")
        if len(self.failed) > max_failures:
            lines.append(f"  ... and {len(self.failed) - max_failures} more failures")
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)
