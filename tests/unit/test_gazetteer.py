"""The offline gazetteer: spellings, precedence, the user override table."""
from __future__ import annotations

import pytest

from newsgraph import gazetteer


@pytest.fixture(autouse=True)
def _no_env_overrides(monkeypatch):
    monkeypatch.delenv(gazetteer.ENV_VAR, raising=False)
    yield
    gazetteer.reload()


def test_kiev_and_kyiv_are_one_entry():
    a, b = gazetteer.lookup("Kiev"), gazetteer.lookup("Kyiv")
    assert a is not None and a == b
    assert a["country_code"] == "UA" and a["kind"] == "city"
    assert 50 < a["lat"] < 51 and 30 < a["lon"] < 31


def test_countries_by_common_official_and_short_names():
    for name in ("Germany", "Federal Republic of Germany", "the United States", "US", "U.S.", "Britain",
                 "Russian Federation", "Russia"):
        e = gazetteer.lookup(name)
        assert e is not None and e["kind"] == "country", name
    assert gazetteer.lookup("Britain")["country_code"] == "GB"
    assert gazetteer.lookup("Russian Federation") == gazetteer.lookup("Russia")


def test_country_beats_city_and_region_of_same_name():
    assert gazetteer.lookup("Georgia")["country_code"] == "GE"


def test_largest_city_wins():
    e = gazetteer.lookup("Paris")
    assert e["country_code"] == "FR" and e["kind"] == "city"


def test_us_city_has_state():
    e = gazetteer.lookup("Chicago")
    assert e["country_code"] == "US" and e["admin1"] == "Illinois"


def test_region_forms():
    e = gazetteer.lookup("the Kharkiv region")
    assert e is not None and e["kind"] == "region" and e["country_code"] == "UA"
    assert gazetteer.lookup("Texas")["kind"] == "region"


def test_possessive_and_curly_apostrophe():
    assert gazetteer.lookup("Kyiv’s") == gazetteer.lookup("Kyiv")


def test_unknown_name():
    assert gazetteer.lookup("Zzyzxville Heights") is None
    assert gazetteer.lookup("") is None


def test_csv_override_wins_and_adds(tmp_path, monkeypatch):
    f = tmp_path / "places.csv"
    f.write_text("name,country_code,lat,lon,kind,admin1,aliases\n"
                 "Brindlemoor,UA,48.1,37.2,city,Donetsk oblast,Brindlemor|Brindelmoor\n"
                 "Paris,US,33.66,-95.55,city,Texas,\n", encoding="utf-8")
    monkeypatch.setenv(gazetteer.ENV_VAR, str(f))
    e = gazetteer.lookup("Brindlemoor")
    assert e == {"name": "Brindlemoor", "country_code": "UA", "lat": 48.1, "lon": 37.2, "kind": "city",
                 "admin1": "Donetsk oblast"}
    assert gazetteer.lookup("Brindelmoor") == e
    assert gazetteer.lookup("Paris")["country_code"] == "US"  # the user table wins over built-in data
    assert gazetteer.lookup("Kyiv")["country_code"] == "UA"   # the rest is still there
    monkeypatch.delenv(gazetteer.ENV_VAR)
    assert gazetteer.lookup("Paris")["country_code"] == "FR"
    assert gazetteer.lookup("Brindlemoor") is None


def test_toml_override(tmp_path, monkeypatch):
    f = tmp_path / "places.toml"
    f.write_text('[[place]]\nname = "Ostrova Vyshnia"\ncountry_code = "UA"\nlat = 47.5\nlon = 35.9\nkind = "city"\n'
                 'aliases = ["Ostrova Vishnia"]\n\n[places."Kiev"]\ncountry_code = "UA"\nlat = 1.0\nlon = 2.0\nkind = "city"\n',
                 encoding="utf-8")
    monkeypatch.setenv(gazetteer.ENV_VAR, str(f))
    assert gazetteer.lookup("Ostrova Vishnia")["name"] == "Ostrova Vyshnia"
    assert gazetteer.lookup("Kiev")["lat"] == 1.0


def test_places_stage(tmp_path):
    import spacy
    from spacy.tokens import Span

    from newsgraph.nlp.places import find_places

    nlp = spacy.blank("en")
    doc = nlp("Ministers met in Kiev and later flew to Kyiv’s airport, said Ola Brandt.")
    doc.ents = [Span(doc, 3, 4, "GPE"), Span(doc, 8, 10, "GPE"), Span(doc, 14, 16, "PERSON")]
    found = find_places(doc)
    assert [p["text"] for p in found] == ["Kiev", "Kyiv"]
    assert found[0]["name"] == found[1]["name"] == "Kyiv"
    assert all(doc.text[p["start"]:p["end"]] == p["text"] for p in found)


def test_us_states_and_ap_abbreviations():
    fl = gazetteer.lookup("Florida")
    assert fl["kind"] == "region" and fl["country_code"] == "US" and 24 < fl["lat"] < 31
    assert gazetteer.lookup("Fla.") == fl
    assert gazetteer.lookup("Wash.")["kind"] == "region"
    assert gazetteer.lookup("Washington")["kind"] == "city"  # the capital, as news uses it
    assert gazetteer.lookup("D.C.") == gazetteer.lookup("Washington")


def test_tables_cache_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_CACHE", str(tmp_path))
    before = {n: gazetteer.lookup(n) for n in ("Kiev", "Fla.", "Germany", "the Kharkiv region")}
    gazetteer._base.cache_clear()
    gazetteer.reload()
    try:
        gazetteer.warm()  # builds and writes the cache
        files = list(tmp_path.glob("gazetteer-*.json"))
        assert len(files) == 1
        gazetteer._base.cache_clear()
        gazetteer.reload()
        assert {n: gazetteer.lookup(n) for n in before} == before  # read back from the cache
    finally:
        gazetteer._base.cache_clear()
        gazetteer.reload()
