import itertools
import random

from merge.reports import all_sets, views
from sitrep.merge import cluster


def grouping(clusters):
    return {frozenset(c.keys) for c in clusters}


def test_clusters_match_the_events():
    claims = views(all_sets())
    by_key = {c.key: c for c in claims}
    groups = sorted(sorted(by_key[k].publisher for k in c.keys) for c in cluster(claims))
    assert groups == sorted(
        [
            ["Monitor Post", "SANA", "Wire Service"],
            ["Outlet A"],
            ["Outlet B"],
            ["Outlet One", "Outlet Two"],
            ["Outlet K"],
            ["Outlet R", "Outlet S"],
        ]
    )


def test_any_order_gives_the_same_clusters():
    claims = views(all_sets())
    expected = grouping(cluster(claims))
    rng = random.Random(7)
    for _ in range(20):
        shuffled = claims[:]
        rng.shuffle(shuffled)
        assert grouping(cluster(shuffled)) == expected


def test_locked_groups_keep_their_claims_and_never_merge():
    claims = views(all_sets())[:3]  # the three outlets on one airstrike
    a, b, c = (x.key for x in claims)
    out = cluster(claims, fixed={a: 1, b: 2})
    assert grouping(out) in ({frozenset({a, c}), frozenset({b})}, {frozenset({a}), frozenset({b, c})})
    assert {x.fixed for x in out} == {1, 2}


def test_average_linkage_does_not_chain():
    from dataclasses import replace
    from datetime import timedelta

    base = views(all_sets())[0]
    # a chain of reports each 1 day after the previous: neighbours agree, the ends do not
    chain = [replace(base, key=f"k{i}", document_key=f"d{i}", date=base.date + timedelta(days=i)) for i in range(4)]
    out = cluster(chain)
    for c in out:
        days = [int(k[1:]) for k in c.keys]
        assert max(days) - min(days) <= 1
    for perm in itertools.permutations(chain):
        assert grouping(cluster(list(perm))) == grouping(out)
