"""Group claims into incidents: deterministic average-linkage clustering over `same_event` scores.

Order independence: the result is a function of the *set* of claims.  Scores are symmetric and depend
only on claim content; claims are visited in `key` order (content-derived), and ties between equally
good merges are broken by keys.  So the same claims give the same incidents whatever the ingest order.

Two clusters merge when no pair across them is vetoed and their mean pair score reaches THRESHOLD
(average linkage: a chain A~B~C does not pull in a C that contradicts A).  The best-scoring merge is
done first, repeatedly, until none qualifies.

Human decisions: `fixed` maps claim keys to a locked group (an incident a reviewer touched).  A locked
group starts as one cluster, keeps all its claims, and never merges with another locked group; new
claims may still join it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sitrep.merge.model import MergeClaim
from sitrep.merge.score import THRESHOLD, Decision, same_event


@dataclass
class Cluster:
    keys: list[str]
    fixed: int | None = None  # the locked group it grew from, if any


def cluster(
    claims: Sequence[MergeClaim],
    fixed: Mapping[str, int] | None = None,
    decide: Callable[[MergeClaim, MergeClaim], Decision] = same_event,
    threshold: float = THRESHOLD,
) -> list[Cluster]:
    fixed = fixed or {}
    items = sorted(claims, key=lambda c: c.key)
    n = len(items)
    # Pair statistics between clusters: (sum of scores, number of pairs, any veto).
    groups: dict[int, list[int]] = {}
    group_fixed: dict[int, int | None] = {}
    by_fixed: dict[int, int] = {}
    for i, c in enumerate(items):
        f = fixed.get(c.key)
        if f is not None and f in by_fixed:
            groups[by_fixed[f]].append(i)
            continue
        groups[i] = [i]
        group_fixed[i] = f
        if f is not None:
            by_fixed[f] = i
    member = {i: g for g, idx in groups.items() for i in idx}
    stats: dict[tuple[int, int], list] = {}
    for i in range(n):
        for j in range(i + 1, n):
            gi, gj = member[i], member[j]
            if gi == gj:
                continue
            d = decide(items[i], items[j])
            k = (min(gi, gj), max(gi, gj))
            s = stats.setdefault(k, [0.0, 0, False])
            s[0] += d.score
            s[1] += 1
            s[2] = s[2] or d.veto is not None

    def first_key(g: int) -> str:
        return items[groups[g][0]].key

    while True:
        best: tuple[float, str, str, int, int] | None = None
        for (x, y), (total, count, vetoed) in stats.items():
            if vetoed or (group_fixed[x] is not None and group_fixed[y] is not None):
                continue
            mean = total / count
            if mean < threshold:
                continue
            cand = (-mean, first_key(x), first_key(y), x, y)
            if best is None or cand < best:
                best = cand
        if best is None:
            break
        _, _, _, x, y = best
        # Merge y into x; the merged cluster keeps a locked group if either had one.
        groups[x].extend(groups.pop(y))
        groups[x].sort()
        group_fixed[x] = group_fixed[x] if group_fixed[x] is not None else group_fixed[y]
        del group_fixed[y]
        merged: dict[tuple[int, int], list] = {}
        for (p, q), s in stats.items():
            if {p, q} == {x, y}:
                continue
            p2, q2 = (x if p == y else p), (x if q == y else q)
            k = (min(p2, q2), max(p2, q2))
            if k in merged:
                m = merged[k]
                m[0] += s[0]
                m[1] += s[1]
                m[2] = m[2] or s[2]
            else:
                merged[k] = list(s)
        stats = merged
    out = [Cluster([items[i].key for i in idx], group_fixed[g]) for g, idx in groups.items()]
    return sorted(out, key=lambda c: c.keys[0])
