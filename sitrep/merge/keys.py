"""Name keys for sources and actors, and canonical URLs."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_STOP = frozenset({"the", "of", "for", "and", "in", "on", "al", "el"})
# Words that say what kind of body speaks, not which one: "Russian Defence Ministry" and "Military
# Forces of Russia" are the same party.
_GENERIC = frozenset(
    {
        "forces", "force", "military", "army", "ministry", "defence", "defense", "government", "state",
        "official", "officials", "spokesman", "spokesperson", "command", "armed", "police", "air",
        "coalition", "media", "news", "agency", "statement", "said", "group", "militia", "militias",
    }
)  # fmt: skip
_TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|ocid|at_medium|at_campaign)$", re.I)


def _words(name: str) -> list[str]:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\(.*?\)", " ", text)  # ACLED actor names carry periods: "(2000-)"
    return re.findall(r"[a-z0-9]+", text)


def name_key(name: str) -> str:
    """A key equal for spellings of one name: case, punctuation, leading "the", and acronyms.

    "Syrian Observatory for Human Rights" and "SOHR" share the key "sohr" (initials of the words
    that are not stop words), so two outlets quoting the monitor by either name count once.
    """
    words = [w for w in _words(name) if w != "the"]
    if not words:
        return name.strip().lower()
    if len(words) == 1:
        return words[0]
    content = [w for w in words if w not in _STOP]
    if len(content) >= 3:
        return "".join(w[0] for w in content)
    return " ".join(words)


def _party_words(name: str) -> set[str]:
    return {w for w in _words(name) if w not in _STOP and w not in _GENERIC and len(w) >= 3}


def same_party(source: str, actor: str) -> bool:
    """Whether a source speaks for an actor: every distinctive word of the source names the actor.

    "Russian Defence Ministry" ~ "Military Forces of Russia (2000-)"; "Islamic State" ~ "Islamic State
    (Syria)"; but not "Syrian Observatory for Human Rights" ~ "Military Forces of Syria" ("observatory"
    names someone else).  Prefix match on words of 4+ letters covers demonyms (Russian/Russia).
    """
    s, a = _party_words(source), _party_words(actor)
    if not s or not a:
        return False

    def names_actor(x: str) -> bool:
        for y in a:
            short, long_ = sorted((x, y), key=len)
            if x == y or (len(short) >= 4 and long_.startswith(short)):
                return True
        return False

    return all(names_actor(x) for x in s)


def canonical_url(url: str | None) -> str | None:
    """One spelling per page: lower-case scheme and host, no "www.", no fragment, no tracking
    parameters, sorted query, no trailing slash.  None for anything that is not an http(s) URL."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    host = parts.netloc.lower()
    host = host.removeprefix("www.")
    host = host.removesuffix(":80").removesuffix(":443")
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, urlencode(query), ""))
