"""Claims -> incidents, as pure functions over plain types (no database here).

- `MergeClaim`: what merging needs to know about one claim (claim fields + its report's metadata).
- `same_event(a, b)`: the pairwise decision with a score and human-readable reasons.
- `cluster(claims, fixed)`: the deterministic, order-independent grouping into incidents.
- `figures(claims)` / `grade(claims, actor1)`: low/best/high and the Airwars-style grade.
"""

from sitrep.merge.cluster import cluster
from sitrep.merge.figures import Figures, Grade, figures, grade
from sitrep.merge.keys import canonical_url, name_key, same_party
from sitrep.merge.model import MergeClaim
from sitrep.merge.score import THRESHOLD, Decision, same_event

__all__ = [
    "THRESHOLD",
    "Decision",
    "Figures",
    "Grade",
    "MergeClaim",
    "canonical_url",
    "cluster",
    "figures",
    "grade",
    "name_key",
    "same_event",
    "same_party",
]
