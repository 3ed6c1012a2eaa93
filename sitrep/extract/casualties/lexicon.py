"""The words of casualty phrases: victim nouns, kill/injure cues, objects that make a figure no toll,
and the context words that mark a total over a war or a period."""

from __future__ import annotations

from sitrep.extract.casualties.numbers import Token, read_quantity, starts_with

# ------------------------------------------------------------------------------------------- victims

_PERSON_PLURAL = {
    "people": "people", "persons": "people", "individuals": "people", "others": "others",
    "civilians": "civilians", "children": "children", "kids": "children", "boys": "children",
    "girls": "children", "minors": "children", "infants": "children", "babies": "children",
    "toddlers": "children", "schoolchildren": "children", "teenagers": "teenagers", "youths": "youths",
    "women": "women", "men": "men", "soldiers": "soldiers", "troops": "soldiers", "servicemen": "soldiers",
    "conscripts": "soldiers", "marines": "soldiers", "paratroopers": "soldiers", "personnel": "personnel",
    "policemen": "police", "police": "police", "policewomen": "police", "cops": "police",
    "gendarmes": "police", "officers": "officers", "constables": "police",
    "fighters": "fighters", "rebels": "fighters", "combatants": "fighters", "militiamen": "fighters",
    "militia": "fighters", "militias": "fighters", "gunmen": "fighters", "insurgents": "militants",
    "militants": "militants", "jihadists": "militants", "jihadis": "militants", "terrorists": "militants",
    "extremists": "militants", "members": "members", "protesters": "protesters", "protestors": "protesters",
    "demonstrators": "protesters", "students": "students", "farmers": "farmers", "herders": "herders",
    "villagers": "villagers", "residents": "residents", "workers": "workers", "journalists": "journalists",
    "guards": "guards", "suspects": "suspects", "victims": "victims", "passengers": "passengers",
    "worshippers": "worshippers", "pilgrims": "pilgrims", "teachers": "teachers", "doctors": "doctors",
    "nurses": "nurses", "medics": "medics", "patients": "patients", "migrants": "migrants",
    "refugees": "refugees", "traders": "traders", "merchants": "traders", "miners": "miners",
    "fishermen": "fishermen", "hunters": "hunters", "commanders": "commanders", "leaders": "leaders",
    "agents": "agents", "officials": "officials", "inmates": "prisoners", "prisoners": "prisoners",
    "detainees": "prisoners", "attackers": "attackers", "assailants": "attackers", "bandits": "bandits",
    "robbers": "bandits", "kidnappers": "kidnappers", "drivers": "drivers", "shepherds": "shepherds",
    "relatives": "relatives", "brothers": "relatives", "sisters": "relatives", "sons": "relatives",
    "daughters": "relatives", "volunteers": "volunteers", "rescuers": "rescuers", "firefighters": "rescuers",
    "paramedics": "medics", "staff": "staff", "employees": "workers", "labourers": "workers",
    "laborers": "workers", "activists": "activists", "clerics": "clerics", "priests": "clerics",
    "imams": "clerics", "pastors": "clerics", "chiefs": "leaders", "councillors": "officials",
    "councilors": "officials", "politicians": "officials", "candidates": "candidates", "lawyers": "lawyers",
    "judges": "judges", "recruits": "soldiers", "cadets": "soldiers", "guardsmen": "soldiers",
    "pedestrians": "people", "forces": "forces", "elements": "fighters", "mercenaries": "fighters",
    "pilots": "soldiers", "airmen": "soldiers", "sailors": "soldiers", "rangers": "soldiers", "crew": "people",
    "operatives": "militants", "loyalists": "fighters", "defenders": "fighters", "adolescents": "children", "newborns": "children", "bystanders": "people", "motorists": "people", "shopkeepers": "traders",
    "vendors": "traders", "smugglers": "smugglers", "dissidents": "activists", "hostages": "hostages",
    "captives": "hostages", "abductees": "hostages", "teens": "teenagers", "adults": "people",
    "elderly": "people", "settlers": "settlers", "tribesmen": "tribesmen", "gangsters": "gang members",
    "security": None,
}
_PERSON_SINGULAR = {
    "person": "people", "individual": "people", "civilian": "civilians", "child": "children",
    "kid": "children", "boy": "children", "girl": "children", "minor": "children", "infant": "children",
    "baby": "children", "toddler": "children", "schoolboy": "children", "schoolgirl": "children",
    "teenager": "teenagers", "youth": "youths", "woman": "women", "man": "men", "soldier": "soldiers",
    "serviceman": "soldiers", "conscript": "soldiers", "marine": "soldiers", "policeman": "police",
    "policewoman": "police", "cop": "police", "gendarme": "police", "officer": "officers",
    "constable": "police", "fighter": "fighters", "rebel": "fighters", "combatant": "fighters",
    "militiaman": "fighters", "gunman": "fighters", "insurgent": "militants", "militant": "militants",
    "jihadist": "militants", "terrorist": "militants", "member": "members", "protester": "protesters",
    "protestor": "protesters", "demonstrator": "protesters", "student": "students", "farmer": "farmers",
    "herder": "herders", "villager": "villagers", "resident": "residents", "worker": "workers",
    "journalist": "journalists", "reporter": "journalists", "guard": "guards", "suspect": "suspects",
    "victim": "victims", "passenger": "passengers", "worshipper": "worshippers", "pilgrim": "pilgrims",
    "teacher": "teachers", "doctor": "doctors", "nurse": "nurses", "medic": "medics", "patient": "patients",
    "migrant": "migrants", "refugee": "refugees", "trader": "traders", "merchant": "traders",
    "miner": "miners", "fisherman": "fishermen", "hunter": "hunters", "commander": "commanders",
    "leader": "leaders", "agent": "agents", "official": "officials", "inmate": "prisoners",
    "prisoner": "prisoners", "detainee": "prisoners", "attacker": "attackers", "assailant": "attackers",
    "bandit": "bandits", "robber": "bandits", "kidnapper": "kidnappers", "driver": "drivers",
    "shepherd": "shepherds", "relative": "relatives", "brother": "relatives", "sister": "relatives",
    "son": "relatives", "daughter": "relatives", "wife": "relatives", "husband": "relatives",
    "father": "relatives", "mother": "relatives", "cousin": "relatives", "nephew": "relatives",
    "uncle": "relatives", "volunteer": "volunteers", "rescuer": "rescuers", "firefighter": "rescuers",
    "paramedic": "medics", "employee": "workers", "labourer": "workers", "laborer": "workers",
    "activist": "activists", "cleric": "clerics", "priest": "clerics", "imam": "clerics",
    "pastor": "clerics", "chief": "leaders", "councillor": "officials", "councilor": "officials",
    "politician": "officials", "candidate": "candidates", "lawyer": "lawyers", "judge": "judges",
    "recruit": "soldiers", "cadet": "soldiers", "pedestrian": "people", "pilot": "soldiers", "airman": "soldiers", "sailor": "soldiers",
    "ranger": "soldiers", "mercenary": "fighters", "operative": "militants", "adolescent": "children", "newborn": "children", "bystander": "people",
    "motorist": "people", "shopkeeper": "traders", "vendor": "traders", "smuggler": "smugglers",
    "dissident": "activists", "hostage": "hostages", "captive": "hostages", "teen": "teenagers",
    "adult": "people", "settler": "settlers", "tribesman": "tribesmen", "mayor": "officials",
    "governor": "officials", "delegate": "officials", "lieutenant": "officers", "colonel": "officers",
    "general": "officers", "captain": "officers", "sergeant": "soldiers", "major": "officers",
    "commissioner": "officials", "chairman": "officials", "businessman": "people", "engineer": "workers",
    "sheikh": "leaders", "elder": "leaders", "girlfriend": "relatives", "boyfriend": "relatives",
    "neighbour": "people", "neighbor": "people", "owner": "people", "gangster": "gang members",
}
PRONOUN_SINGLE = {"he": "people", "she": "people", "him": "people", "her": "people"}
# nouns that make a figure not a toll: weapons, strikes, things, time
OBJECTS = {
    "raids", "airstrikes", "strikes", "air-strikes", "rockets", "shells", "missiles", "mortars", "rounds",
    "bombs", "barrels", "explosions", "attacks", "sorties", "drones", "vehicles", "cars", "houses",
    "homes", "buildings", "villages", "towns", "positions", "tanks", "times", "families", "shots",
    "projectiles", "grenades", "mines", "devices", "ieds", "kilometres", "kilometers", "miles", "meters",
    "metres", "hours", "days", "weeks", "months", "years", "minutes", "dollars", "percent", "trucks",
    "aircraft", "planes", "jets", "helicopters", "weapons", "guns", "rifles", "boats", "schools",
    "hospitals", "mosques", "churches", "shops", "incidents", "cases", "fronts", "checkpoints",
    "bases", "operations", "clashes", "battles", "offensives", "people's", "livestock", "cattle", "cows",
    "goats", "sheep", "camels", "animals", "donkeys", "horses", "dogs", "chickens", "pigs", "head",
}

KILL_VERBS = {"killed", "kiled", "killled", "killing", "kills", "kill", "murdered", "murdering", "murders", "assassinated",
               "assassinating", "executed", "executing", "beheaded", "beheading", "slaughtered",
               "slaughtering", "massacred", "massacring", "lynched", "lynching", "slain", "slew", "slay",
               "decapitated", "martyred", "eliminated", "eliminating"}
INJURE_VERBS = {"wounded", "wounding", "wounds", "wound", "injured", "injuring", "injures", "injure",
                 "hurt", "hurting", "maimed", "maiming"}
KILL_INTRANS = {"dead", "died", "die", "dies", "dying", "perished", "perish", "deaths", "death", "martyrs",
                 "fatalities", "fatality", "bodies", "corpses", "succumbed", "lifeless", "deceased"}
_INJURE_INTRANS = {"injuries", "injury", "wounds"}
_COMBINED_WORDS = {"casualties", "casualty"}
# multiword cues: words -> kind ("killed" | "injured" | "combined")
_MULTI_CUES: list[tuple[tuple[str, ...], str]] = [
    (("shot", "dead"), "killed"), (("shoot", "dead"), "killed"), (("shoots", "dead"), "killed"),
    (("shooting", "dead"), "killed"), (("shot", "and", "killed"), "killed"), (("shot", "and", "died"), "killed"),
    (("found", "dead"), "killed"), (("confirmed", "dead"), "killed"), (("pronounced", "dead"), "killed"),
    (("lost", "their", "lives"), "killed"), (("lost", "his", "life"), "killed"),
    (("lost", "her", "life"), "killed"), (("gunned", "down"), "killed"), (("shot", "to", "death"), "killed"),
    (("stabbed", "to", "death"), "killed"), (("beaten", "to", "death"), "killed"),
    (("hacked", "to", "death"), "killed"), (("burned", "to", "death"), "killed"),
    (("burnt", "to", "death"), "killed"), (("stoned", "to", "death"), "killed"),
    (("tortured", "to", "death"), "killed"), (("crushed", "to", "death"), "killed"),
    (("bludgeoned", "to", "death"), "killed"), (("clubbed", "to", "death"), "killed"),
    (("put", "to", "death"), "killed"), (("shot", "and", "wounded"), "injured"),
    (("shot", "and", "injured"), "injured"),
]
for _a in ("killed", "dead", "killing", "kill"):
    for _c in ("or", "and"):
        for _b in ("wounded", "injured", "wounding", "injuring", "hurt"):
            _MULTI_CUES.append(((_a, _c, _b), "combined"))
for _a in ("killed", "killing"):
    for _b in ("wounded", "injured", "wounding", "injuring"):
        _MULTI_CUES.append(((_a, "/", _b), "combined"))
        _MULTI_CUES.append(((_a, ",", _b, "or", "captured"), "combined"))
        _MULTI_CUES.append(((_a, ",", _b, "or", "arrested"), "combined"))
_MULTI_CUES.sort(key=lambda x: -len(x[0]))
_MULTI_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _words, _kind in _MULTI_CUES:
    _MULTI_BY_FIRST.setdefault(_words[0], []).append((_words, _kind))

# a sentence without any of these stems has no casualty figure: skip it cheaply
PREFILTER = ("kill", "dead", "die", "death", "body", "bodies", "fatal", "casualt", "wound", "injur", "hurt", "harm",
              "lives", "life", "murder", "assassin", "execut", "behead", "slain", "slaughter", "massacr", "lynch",
              "martyr", "perish", "succumb", "toll", "maim", "corpse", "shot", "shoot", "slew", "slay", "decapitat",
              "lifeless", "deceased", "gunned", "tally", "remains", "to death", "eliminat")

FOUND = {"found", "discovered", "recovered", "dumped", "located", "retrieved", "left", "abandoned", "pulled",
          "exhumed", "identified"}
AFTER_DEAD = {"and", "or", "in", "on", "at", "after", "when", "while", "as", "during", "near", "from", "by",
               "including", "among", "with", "but", "since", "following", "so", "yet", "across", "inside",
               "outside", "today", "yesterday", "overnight", "there", "here", "this", "that", "last", "the",
               "a", "an", "according", "said", "says", "reported", "to", "of", "for", "were", "was", "are",
               "is", "have", "has", "had"}
TO_DEATH_VERBS = {"shot", "stabbed", "beat", "beaten", "hacked", "burned", "burnt", "stoned", "tortured",
                   "bludgeoned", "clubbed", "strangled", "shooting", "stabbing", "beating", "hacking", "burning"}
INCUR = {"incurring", "incurred", "inflicting", "inflicted", "causing", "caused", "resulting", "resulted",
          "suffering", "suffered", "sustaining", "sustained"}
OF_CUES = {"body", "remains", "corpse", "murder", "murders", "assassination", "assassinations", "execution",
            "executions", "killings", "beheading", "beheadings", "lives", "massacre", "slaughter"}
TRANSITIVE = KILL_VERBS | {"wounded", "wounding", "injured", "injuring", "injures", "injure", "hurt",
                             "hurting", "maimed", "maiming", "wound", "wounds"}
AUX = {"were", "was", "are", "is", "have", "has", "had", "been", "being", "be", "got", "get", "gets",
        "reportedly", "allegedly", "also", "all", "both", "later", "subsequently", "reported", "feared",
        "believed", "said", "confirmed", "to", "already", "each", "initially", "immediately", "instantly",
        "eventually", "ultimately", "apparently", "now", "since", "then", "who", "that", "which", "among",
        "them", "seriously", "critically", "severely", "slightly", "lightly", "badly", "fatally",
        "mortally", "gravely", "not", "n't", "likely", "presumed", "presumably", "thought",
        "left", "lay", "lie", "lying", "found", "in", "total", "so", "far", "overall", "altogether",
        "mostly", "including", "either", "respectively", "would"}
CUMULATIVE_WORDS = {"rose", "risen", "rises", "rising", "climbed", "climbs", "climbing", "increased",
                     "increases", "jumped", "bringing", "brought", "brings", "raising", "raised", "mounted",
                     "soared", "reached", "reaches", "total", "since", "overall", "tally", "cumulative"}


def cue_at(toks: list[Token], i: int) -> tuple[str, int] | None:
    """A death/injury cue at token i: (kind, end)."""
    if i >= len(toks):
        return None
    for words, kind in _MULTI_BY_FIRST.get(toks[i].low, ()):
        if starts_with(toks, i, words):
            return kind, i + len(words)
    w = toks[i].low
    if w in OF_CUES and i + 1 < len(toks) and toks[i + 1].low == "of":
        return "killed", i + 1
    if w in ("body", "corpse", "remains") and i > 0 and toks[i - 1].low.endswith("'s"):
        return "killed", i + 1
    if w in ("to",) and i + 1 < len(toks) and toks[i + 1].low == "death" and i > 0 and toks[i - 1].low.endswith("ed"):
        return "killed", i + 2
    if w in KILL_VERBS or w in KILL_INTRANS:
        return "killed", i + 1
    if w in INJURE_VERBS or w in _INJURE_INTRANS:
        return "injured", i + 1
    if w in _COMBINED_WORDS:
        return "combined", i + 1
    return None


def person_noun(tok: Token) -> tuple[str | None, bool] | None:
    """(victim kind, is_plural) if tok is a person noun."""
    w = tok.low
    if w.endswith("'s"):
        w = w[:-2]
    if w in _PERSON_PLURAL:
        return _PERSON_PLURAL[w], True
    if w in _PERSON_SINGULAR:
        return _PERSON_SINGULAR[w], False
    return None


_PASSIVE_AUX = {"were", "was", "have", "has", "had", "been", "are", "is", "also", "reportedly"}


def is_object_start(toks: list[Token], i: int) -> bool:
    """Does an object noun phrase start at i (so the verb before it is active)?"""
    n = len(toks)
    if i >= n:
        return False
    w = toks[i].low
    q = read_quantity(toks, i)
    if q is not None:
        # "3 Civilians Killed 38 Injured": a figure followed by its own cue is a new toll, not an object
        k = q.end
        while (k < n and k < q.end + 2 and not cue_at(toks, k) and toks[k].low not in AUX
               and toks[k].low.isalpha() and toks[k].low not in ("and", "or", "in", "on", "at", "by")):
            k += 1
        # "those killed, at least 160 people were injured": the figure is the subject of a later cue
        while k < n and k < q.end + 5 and toks[k].low in _PASSIVE_AUX:
            k += 1
        if k < n and cue_at(toks, k) and toks[k].low not in TRANSITIVE - {"killed", "injured", "wounded", "hurt"}:
            return False
        return True
    if w in ("a", "an", "the", "his", "her", "their", "him", "them", "its", "one", "two", "dozens",
             "hundreds", "scores", "several", "many", "at", "more", "some", "about", "around", "nearly",
             "up", "over", "another", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "least", "tens", "numerous", "no", "nobody", "those"):
        if w == "at" and not starts_with(toks, i, ("at", "least")):
            return False
        return True
    if person_noun(toks[i]):
        return True
    # a capitalised name, but not a preposition, nor a source followed by its verb ("... killed SANA reported")
    if not toks[i].text[:1].isupper() or w in ("in", "on", "at", "near", "by"):
        return False
    k = i
    while k < n and toks[k].text[:1].isupper():
        k += 1
    return not (k < n and toks[k].low in ("said", "says", "reported", "reports", "told", "added", "claimed"))



def cumulative_context(toks: list[Token], start: int, end: int) -> bool:
    """Does the clause around tokens start..end speak of a total over many events or a long period?"""
    lo = max(0, start - 6)
    hi = min(len(toks), end + 10)
    # stay inside the clause
    for k in range(start - 1, lo - 1, -1):
        if toks[k].low in (";", ":", ".", "!", "?"):
            lo = k + 1
            break
    for k in range(end, hi):
        if toks[k].low in (";", ":", ".", "!", "?"):
            hi = k
            break
    start = max(start, lo)
    window = [t.low for t in toks[lo:hi]]
    if _window_has(window, ("since", "then")) or _window_has(window, ("so", "far")):
        return True
    if any(w in ("since", "so") for w in window[start - lo:]):
        if "since" in window[start - lo:] or _window_has(window, ("so", "far")):
            return True
    if _window_has(window, ("to", "date")) or _window_has(window, ("in", "total")) or "overall" in window:
        return True
    # "the conflict has killed more than 280000 people", "killed in Syria's war" (not "a war monitor said")
    war = any(w in _WAR_WORDS and (k + 1 >= len(window) or window[k + 1] not in _WAR_MODIFIED)
              for k, w in enumerate(window))
    return war and any(w in ("has", "have") for w in window)


_WAR_MODIFIED = {"monitor", "monitoring", "planes", "warplanes", "jets", "crimes", "crime", "zone", "zones",
                 "criminal", "criminals", "correspondent", "reporter", "torn", "ravaged", "weary", "games",
                 "room", "lord", "lords", "front", "footage", "ship", "ships", "cabinet", "council"}


_WAR_WORDS = {"war", "war's", "conflict", "conflict's", "uprising", "revolt", "revolution", "insurgency", "crisis",
              "civil-war"}


def _window_has(window: list[str], words: tuple[str, ...]) -> bool:
    n = len(words)
    return any(tuple(window[k:k + n]) == words for k in range(len(window) - n + 1))
