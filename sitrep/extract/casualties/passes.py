"""The ordered passes that read one sentence's casualty figures (tolls, cue-first, "claimed the
lives of", "to death", bodies, bare plurals, figure-first, "was killed"), then negatives and the
sentence's toll."""

from __future__ import annotations

import re

from sitrep.extract.casualties.lexicon import (
    AUX,
    CUMULATIVE_WORDS,
    FOUND,
    INCUR,
    INJURE_VERBS,
    KILL_INTRANS,
    KILL_VERBS,
    OF_CUES,
    PREFILTER,
    TO_DEATH_VERBS,
    TRANSITIVE,
    cue_at,
    cumulative_context,
    is_object_start,
    person_noun,
)
from sitrep.extract.casualties.linking import (
    CasualtyMention,
    coordinated_objects,
    link_forward,
    link_head,
    make_mention,
    single_victim,
    singular_subject,
    victim_after,
)
from sitrep.extract.casualties.numbers import Quantity, figures_over_cap, read_quantity, starts_with, tokenize
from sitrep.types import Count, Span


def _negatives(text: str, offset: int) -> list[CasualtyMention]:
    out: list[CasualtyMention] = []
    low = text.lower()
    for rx, kind_group in _NEG_RX:
        for m in rx.finditer(low):
            word = m.group(kind_group)
            kinds = _neg_kinds(word)
            s, e = m.start(), m.end()
            more = _NEG_MORE.match(low, e)  # "no deaths or injuries", "no one was killed or hurt"
            if more:
                kinds = sorted(set(kinds) | set(_neg_kinds(more.group(1))), key=("killed", "injured").index)
                e = more.end()
            for kind in kinds:
                c = Count(low=0, best=0, high=0, text=text[s:e], span=Span.of(text, s, e, offset))
                out.append(CasualtyMention(kind=kind, count=c, negated=True, evidence=Span.of(text, s, e, offset)))
    return out


def _neg_kinds(word: str) -> list[str]:
    word = word.split()[-1]
    if word.startswith(("kill", "dead", "death", "fatal", "die", "murder", "lives", "life")):
        return ["killed"]
    if word.startswith(("injur", "wound", "hurt", "harm")):
        return ["injured"]
    return ["killed", "injured"]  # casualties, victims


_V = r"(killed|hurt|injured|wounded|harmed|died|dead|killed or (?:injured|wounded|hurt)|injured or killed)"
_NEG_MORE = re.compile(r"\s+(?:or|nor|and)\s+(?:any\s+)?(injuries|injured|wounded|hurt|deaths|dead|killed|fatalities)\b")
_NEG_RX = [
    (re.compile(r"\b(?:no\s+one|no-one|nobody|none(?:\s+of\s+(?:them|the\s+\w+))?|not\s+a\s+single\s+(?:person|one|civilian|soldier))"
                r"\s+(?:\w+\s+){0,2}?(?:was|were|has\s+been|had\s+been|have\s+been|is|got)\s+(?:\w+\s+)?" + _V + r"\b"), 1),
    (re.compile(r"\b(?:no\s+one|nobody|none)\s+(died|was\s+hurt)\b"), 1),
    (re.compile(r"\b(?:no|zero|nil)\s+(?:immediate\s+|other\s+|further\s+|human\s+|civilian\s+|reported\s+|known\s+)?"
                r"(?:reports?\s+of\s+(?:any\s+)?(?:\w+\s+)?)?(casualties|deaths|fatalities|injuries|victims|dead|loss\s+of\s+life|one\s+(?:was\s+)?(?:killed|injured|hurt|wounded))\b"), 1),
    (re.compile(r"\b(killed|killing|kills|injuring|injured|wounded|wounding|hurt|hurting|harming)\s+(?:nobody|no\s+one|none|no-one)\b"), 1),
    (re.compile(r"\bwithout\s+(?:causing\s+|leaving\s+|any\s+|resulting\s+in\s+)*(?:any\s+)?(?:human\s+|civilian\s+)?(casualties|injuries|deaths|fatalities|loss\s+of\s+life)\b"), 1),
    (re.compile(r"\b(?:not|n't|never)\s+(?:\w+\s+){0,3}?any\s+(?:human\s+|civilian\s+)?(casualties|deaths|fatalities|injuries|victims)\b"), 1),
    (re.compile(r"\b(?:no|zero)\s+(?:people|persons|civilians|soldiers|one)\s+(?:were|was|had\s+been|have\s+been)\s+" + _V + r"\b"), 1),
]



class SentenceReader:
    """One sentence being read: its tokens, the mentions found so far and the tokens they used."""

    def __init__(self, text: str, offset: int):
        self.text, self.offset = text, offset
        self.toks = tokenize(text)
        self.n = len(self.toks)
        self.out: list[CasualtyMention] = []
        self.used: set[int] = set()  # token indexes already part of a figure
        self.negs = _negatives(text, offset)
        self.neg_ranges = [(m.count.span.start - offset, m.count.span.end - offset) for m in self.negs if m.count.span]

    def in_neg(self, i: int) -> bool:
        return bool(self.neg_ranges) and any(a <= self.toks[i].start < b for a, b in self.neg_ranges)

    def free(self, a: int, b: int) -> bool:
        return not any(k in self.used for k in range(a, b))

    def read(self) -> list[CasualtyMention]:
        # Order matters: a figure is used once, by the first pass that claims it (letters as in the
        # module docstring; B* are cue-first variants).
        self._tolls()
        self._cue_first()
        self._claimed_lives()
        self._to_death()
        self._single_bodies()
        self._bare_plurals()
        self._figure_first()
        self._was_killed()
        self._finish()
        return self.out

    def _tolls(self) -> None:
        """C. toll phrases"""
        toks, n, text, offset, out, used = self.toks, self.n, self.text, self.offset, self.out, self.used
        free = self.free
        for i, t in enumerate(toks):
            if t.low not in ("toll", "tally") and not (starts_with(toks, i, ("number", "of"))):
                continue
            kind = "killed"
            if t.low in ("toll", "tally"):
                prev = toks[i - 1].low if i else ""
                if prev in ("injury", "injuries", "wounded"):
                    kind = "injured"
                elif prev in ("casualty", "casualties"):
                    kind = "combined"
                elif prev not in ("death", "death's", "fatality", "dead"):
                    # "the toll" alone: a death toll in conflict reporting
                    if prev not in ("the", "this", "a", "its", "overall", "final", "official", "total", "new"):
                        continue
                j0 = i + 1
            else:
                k = i + 2
                if k < n and toks[k].low == "the":
                    k += 1
                if k >= n:
                    continue
                w = toks[k].low
                if w in ("dead", "deaths", "fatalities", "victims", "martyrs"):
                    j0 = k + 1
                elif w in ("casualties",):
                    kind, j0 = "combined", k + 1
                elif w in ("injured", "wounded", "injuries"):
                    kind, j0 = "injured", k + 1
                elif w in ("people", "civilians", "those", "persons") and k + 1 < n and toks[k + 1].low in ("killed", "dead", "wounded", "injured"):
                    kind = "injured" if toks[k + 1].low in ("wounded", "injured") else "killed"
                    j0 = k + 2
                else:
                    continue
            cum = any(t.low in CUMULATIVE_WORDS for t in toks[max(0, i - 4):i])
            for j in range(j0, min(n, j0 + 30)):
                w = toks[j].low
                if w in CUMULATIVE_WORDS:
                    cum = True
                q = None
                if w in ("at", "more", "over", "nearly", "almost", "about", "around", "some", "up"):
                    q = read_quantity(toks, j)  # headline style: "Death toll at least 112"
                    if q is not None and q.low is None and q.best is None:
                        q = None
                if q is None and w in ("to", "at", "of", "reached", "hit", "is", "was", "stands", "stood", "now",
                                       "topped", "exceeded", "passed", "surpassed", ":", "reaching") and j + 1 < n:
                    q = read_quantity(toks, j + 1)
                if q is not None:
                    if free(q.start, q.end):
                        victim_kind, vend, obj = victim_after(toks, q.end)
                        if obj:
                            break
                        cum = cum or w in ("reached", "topped", "exceeded", "passed", "surpassed", "reaching")
                        cum = cum or cumulative_context(toks, i, q.end)
                        out.append(make_mention(toks, text, offset, q, kind, victim_kind, i, max(q.end, vend), cum))
                        used.update(range(q.start, max(q.end, vend)))
                        break
                if w in (".", ";") or (w == "," and j > j0 + 1):
                    break

    def _cue_first(self) -> None:
        """B. cue then quantity: "killing at least four people", "the bodies of two men" """
        toks, n, text, offset, out, used = self.toks, self.n, self.text, self.offset, self.out, self.used
        free, in_neg = self.free, self.in_neg
        for i in range(n):
            w = toks[i].low
            cue = cue_at(toks, i)
            if not cue or in_neg(i):
                continue
            kind, cend = cue
            is_verb = w in TRANSITIVE or kind == "combined" or (cend - i > 1 and toks[cend - 1].low in ("dead", "down", "death") and w not in ("found", "confirmed", "pronounced"))
            j = cend
            if not is_verb:
                if w in ("deaths", "death", "bodies", "injuries") and j < n and toks[j].low == "of":
                    j += 1
                elif w in OF_CUES and j < n and toks[j].low == "of":
                    j += 1
                elif w == "lives" or (cend - i == 1 and w in ("casualties",)):
                    continue
                else:
                    continue
            elif i > 0 and toks[i - 1].low in ("were", "was", "been", "being", "be", "are", "is") and w in KILL_VERBS | INJURE_VERBS:
                continue  # passive: the figure, if any, is before
            if w in OF_CUES | {"killing"} and j < n and toks[j].low == "of":
                j += 1
            if j + 1 < n and toks[j].low == "and" and toks[j + 1].low.endswith("ed") and not cue_at(toks, j + 1):
                j += 2  # "executed and crucified nine men"
            if j < n and toks[j].low in ("by", "in", "on", "at", "during", "after", "when", "while", "as", "near"):
                if not (starts_with(toks, j, ("at", "least")) or starts_with(toks, j, ("as", "many", "as"))):
                    continue
            q = read_quantity(toks, j)
            if q and free(q.start, q.end):
                victim_kind, vend, obj = victim_after(toks, q.end)
                if obj or not is_object_start(toks, j):
                    continue  # an object, or "Killed 38 Injured": the next figure has its own cue
                cum = cumulative_context(toks, i, q.end)
                out.append(make_mention(toks, text, offset, q, kind, victim_kind, i, max(q.end, vend), cum))
                used.update(range(q.start, max(q.end, vend)))
                coordinated_objects(toks, text, offset, kind, max(q.end, vend), out, used, out[-1])
                continue
            if j < n and toks[j].low == "one" and j + 1 < n and toks[j + 1].low == "of":
                q = Quantity(1, 1, 1, j, j + 1)
                victim_kind, vend, _ = victim_after(toks, j + 2, 6)
                out.append(make_mention(toks, text, offset, q, kind, victim_kind, i, max(j + 1, vend), False))
                used.update(range(j, max(j + 1, vend)))
                continue
            s = single_victim(toks, j, any_noun=w in KILL_VERBS and is_verb)
            if s and free(s[0].start, s[0].end):
                q, victim_kind, vend = s
                out.append(make_mention(toks, text, offset, q, kind, victim_kind, i, vend, False))
                used.update(range(q.start, vend))
                coordinated_objects(toks, text, offset, kind, vend, out, used, out[-1])

    def _claimed_lives(self) -> None:
        """B1. "claimed 17 lives", "bringing to 45 the number killed" """
        toks, n, text, offset, out, used = self.toks, self.n, self.text, self.offset, self.out, self.used
        free = self.free
        for i in range(n - 2):
            w = toks[i].low
            if w in ("claimed", "claiming", "claim", "claims", "took", "taking", "cost", "costing", "costs"):
                q = read_quantity(toks, i + 1)
                if q is None or not free(q.start, q.end):
                    continue
                k = q.end
                if k < n and toks[k].low in ("civilian", "more", "innocent", "human", "other"):
                    k += 1
                if k < n and toks[k].low in ("lives", "life"):
                    out.append(make_mention(toks, text, offset, q, "killed", None, i, k + 1, cumulative_context(toks, i, k)))
                    used.update(range(q.start, k + 1))
            elif w in ("bringing", "brought", "raising", "raised", "brings", "raises") and toks[i + 1].low == "to":
                q = read_quantity(toks, i + 2)
                if q is None or not free(q.start, q.end):
                    continue
                k = q.end
                if k < n and toks[k].low == "the":
                    k += 1
                if k < n and toks[k].low in ("number", "toll", "death", "total", "tally"):
                    rest = [t.low for t in toks[k:k + 5]]
                    kind = "injured" if any(x in ("wounded", "injured") for x in rest) else "killed"
                    out.append(make_mention(toks, text, offset, q, kind, None, i, min(n, k + 3), True))
                    used.update(range(q.start, k + 1))

    def _to_death(self) -> None:
        """B2. "shot two men to death" """
        toks, n, text, offset, out, used = self.toks, self.n, self.text, self.offset, self.out, self.used
        free, in_neg = self.free, self.in_neg
        for i in range(n - 3):
            if toks[i].low not in TO_DEATH_VERBS or in_neg(i):
                continue
            q = read_quantity(toks, i + 1)
            victim_kind = None
            if q is not None:
                victim_kind, end, obj = victim_after(toks, q.end)
                if obj:
                    continue
                end = max(end, q.end)
            else:
                s1 = single_victim(toks, i + 1, any_noun=False)
                if s1 is None:
                    continue
                q, victim_kind, end = s1
            if starts_with(toks, end, ("to", "death")) and free(q.start, end):
                out.append(make_mention(toks, text, offset, q, "killed", victim_kind, i, end + 2, False))
                used.update(range(q.start, end + 2))

    def _single_bodies(self) -> None:
        """B4. "a dead man was thrown ...", "a body was found": one victim without a cue verb"""
        toks, n, text, offset, out, used = self.toks, self.n, self.text, self.offset, self.out, self.used
        free, in_neg = self.free, self.in_neg
        for i in range(n - 2):
            w = toks[i].low
            if w not in ("a", "an", "one", "another") or in_neg(i) or not free(i, i + 2):
                continue
            j = i + 1
            if toks[j].low == "dead" and person_noun(toks[j + 1]) and not person_noun(toks[j + 1])[1]:
                q = Quantity(1, 1, 1, i, j + 2, single=True)
                out.append(make_mention(toks, text, offset, q, "killed", person_noun(toks[j + 1])[0], i, j + 2, False))
                used.update(range(i, j + 2))
                continue
            while j < n and j < i + 3 and toks[j].low not in ("body", "corpse") and toks[j].low.isalpha() \
                    and toks[j].low not in AUX:
                j += 1
            if j + 2 < n and toks[j].low in ("body", "corpse"):
                k = j + 1
                if toks[k].low in ("was", "has", "had", "is"):
                    k += 1
                    if k < n and toks[k].low == "been":
                        k += 1
                    if k < n and toks[k].low in ("later", "also", "reportedly", "then"):
                        k += 1
                    if k < n and toks[k].low in FOUND and free(i, k + 1):
                        q = Quantity(1, 1, 1, i, j + 1, single=True)
                        out.append(make_mention(toks, text, offset, q, "killed", None, i, k + 1, False))
                        used.update(range(i, k + 1))

    def _bare_plurals(self) -> None:
        """B3. bare plurals: "incurring fatalities", "inflicting heavy casualties" (ACLED's plural rule: 10)"""
        toks, n, text, offset, out, used = self.toks, self.n, self.text, self.offset, self.out, self.used
        free, in_neg = self.free, self.in_neg
        for i in range(n - 1):
            if toks[i].low not in INCUR or in_neg(i):
                continue
            j = i + 1
            if toks[i].low in ("resulting", "resulted") and j < n and toks[j].low == "in":
                j += 1
            if j < n and toks[j].low in ("heavy", "several", "many", "multiple", "some", "numerous"):
                j += 1
            if j < n and toks[j].low in ("fatalities", "casualties", "deaths") and free(j, j + 1):
                q = Quantity(10, 10, None, j, j + 1, estimate=True)
                kind = "combined" if toks[j].low == "casualties" else "killed"
                out.append(make_mention(toks, text, offset, q, kind, None, i, j + 1, False))
                used.add(j)

    def _figure_first(self) -> None:
        """A. quantity ... cue"""
        toks, n, text, offset, out, used = self.toks, self.n, self.text, self.offset, self.out, self.used
        free, in_neg = self.free, self.in_neg
        pending: list[tuple[Quantity, str | None, int]] = []  # figures with a person head but no cue yet
        i = 0
        while i < n:
            if i in used or in_neg(i):
                i += 1
                continue
            q = read_quantity(toks, i)
            single = False
            victim_kind: str | None = None
            if q is None:
                s = single_victim(toks, i, any_noun=False)
                if s is None:
                    i += 1
                    continue
                q, victim_kind, after = s
                single = True
            else:
                after = q.end
                if not free(q.start, q.end):
                    i += 1
                    continue
            hit = link_forward(toks, q, after, victim_kind, single)
            if hit:
                kind, vk2, cend = hit
                cum = cumulative_context(toks, q.start, cend)
                out.append(make_mention(toks, text, offset, q, kind, vk2, q.start, cend, cum))
                used.update(range(q.start, cend))
                lead = out[-1]
                # "5 soldiers and 1 officer were killed": figures coordinated before this one share its cue
                first = q.start
                for pq, pvk, pend in reversed(pending):
                    gap = [t.low for t in toks[pend:first]]
                    if gap not in (["and"], [","], [",", "and"]) or not free(pq.start, pend):
                        break
                    out.append(make_mention(toks, text, offset, pq, kind, pvk or vk2, pq.start, pend, cum))
                    out[-1].group = lead.group = id(lead)
                    used.update(range(pq.start, pend))
                    first = pq.start
                pending.clear()
                i = cend
                continue
            head = link_head(toks, q, after, victim_kind, single)
            if head is not None:
                pending.append(head)
            i = q.end if not single else i + 1

    def _was_killed(self) -> None:
        """D. "<singular subject> was killed" with no figure"""
        toks, n, text, offset, out, used = self.toks, self.n, self.text, self.offset, self.out, self.used
        in_neg = self.in_neg
        for i in range(n):
            if toks[i].low not in ("was", "been") or in_neg(i):
                continue
            if toks[i].low == "been" and not (i > 0 and toks[i - 1].low in ("has", "had")):
                continue
            j = i + 1
            while j < n and toks[j].low in ("reportedly", "allegedly", "also", "later", "subsequently", "then",
                                             "fatally", "seriously", "critically", "badly", "severely", "slightly",
                                             "mortally", "gravely", "lightly", "apparently", "eventually"):
                j += 1
            cue = cue_at(toks, j)
            if not cue or j in used or (cue[0] == "killed" and toks[j].low in KILL_INTRANS - {"dead"}):
                continue
            kind, cend = cue
            if kind == "combined" or toks[j].low in ("dying", "death", "deaths", "injuries", "wounds"):
                continue
            # the subject: the nearest person noun or name before "was", inside the clause
            k = i - 1
            if k >= 0 and toks[k].low in ("has", "had"):
                k -= 1
            if k >= 2 and toks[k].low == "and" and toks[k - 1].low.endswith("ed"):
                # "the pilot was arrested and was subsequently killed": the subject of the first verb
                back = next((m for m in range(k - 2, max(-1, k - 5), -1) if toks[m].low in ("was", "had", "has")), None)
                if back is not None:
                    k = back - 1
            if k < 0 or k in used:
                continue
            if toks[k].low == "who" and not (k >= 1 and toks[k - 1].low == ","):
                continue
            subj = singular_subject(toks, k)
            if subj is None:
                continue
            k, p = subj
            if k in used:
                continue
            sent_has_fig = any(m.kind == kind and not m.negated for m in out)
            if sent_has_fig:
                continue
            q = Quantity(1, 1, 1, k, k + 1, single=True)
            out.append(make_mention(toks, text, offset, q, kind, p[0] if p else None, k, cend, False))
            used.update(range(k, cend))

    def _finish(self) -> None:
        """E. negatives last, one per kind and place"""
        out = self.out
        negs = self.negs
        seen: list[tuple[str, int, int]] = []
        for m in negs:
            sp = m.count.span
            assert sp is not None
            if any(k == m.kind and a < sp.end and sp.start < b for k, a, b in seen):
                continue
            seen.append((m.kind, sp.start, sp.end))
            out.append(m)
        out.sort(key=lambda m: m.count.span.start if m.count.span else 0)
        # number the groups in text order: coordinated figures share one
        ids: dict[int, int] = {}
        for m in out:
            key = m.group if m.group != -1 else id(m)
            m.group = ids.setdefault(key, len(ids))


def casualty_mentions(text: str, offset: int = 0) -> list[CasualtyMention]:
    """Killed/injured figures stated in one sentence.  Spans are absolute: offset + local position."""
    low = text.lower()
    if not any(stem in low for stem in PREFILTER):
        return []
    return SentenceReader(text, offset).read()


def figures_refused(text: str) -> list[str]:
    """The figures of a sentence about casualties that are beyond any plausible count, and so were not
    read (numbers.figures_over_cap), for the extractor to say so."""
    low = text.lower()
    if not any(stem in low for stem in PREFILTER):
        return []
    return figures_over_cap(text)


def sentence_toll(mentions: list[CasualtyMention], kind: str = "killed", text: str | None = None) -> Count | None:
    """One sentence's figure of a kind, for an event: coordinated figures summed ("5 soldiers and 1
    officer" -> 6), aggregates over many events ignored, a split figure preferred to a combined
    "casualties" one, the first such toll of the sentence otherwise; an explicit zero ("no one was
    killed") when that is all the sentence says; None when it says nothing.  `text` is the text the
    mentions' offsets index (the document): a summed figure's span covers its parts in it (without
    it, a sum has no span)."""
    own = [m for m in mentions if m.kind == kind and not m.aggregate]
    positive = [m for m in own if not m.negated]
    if not positive:
        zero = next((m for m in own if m.negated), None)
        return zero.count if zero else None
    split = [m for m in positive if not m.combined] or positive
    first = split[0].group
    part = [m for m in split if m.group == first]
    if len(part) == 1:
        return part[0].count

    def total(vals: list[int | None]) -> int | None:
        return None if any(v is None for v in vals) else sum(v for v in vals if v is not None)

    spans = [m.count.span for m in part if m.count.span]
    span = Span.of(text, spans[0].start, spans[-1].end) if spans and text is not None else None
    texts = [m.count.text or "" for m in part]
    victims = {m.victims for m in part}
    return Count(low=total([m.count.low for m in part]), best=total([m.count.best for m in part]),
                 high=total([m.count.high for m in part]), text=" + ".join(texts), span=span,
                 estimate=any(m.count.estimate for m in part), cumulative=any(m.count.cumulative for m in part),
                 victims=victims.pop() if len(victims) == 1 else None)
