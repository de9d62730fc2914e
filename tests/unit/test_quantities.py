"""Quantities: value, unit or counted noun, and bound (invented sentences)."""
from __future__ import annotations

import pytest
import spacy

from newsgraph.nlp.pipeline import MODEL_PACKAGE
from newsgraph.nlp.quantities import find_quantities, parse_number, words_to_number
from newsgraph.nlp.times import find_times


@pytest.fixture(scope="module")
def model():
    return spacy.load(MODEL_PACKAGE)


def quantities(model, text):
    doc = model(text)
    exclude = [(t["start"], t["end"]) for t in find_times(text, "2024-03-13", doc=doc)]
    found = find_quantities(text, doc=doc, exclude=exclude)
    for q in found:
        assert text[q["start"]:q["end"]] == q["text"]
    return found


def one(model, text):
    found = quantities(model, text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, span, value, unit, bound", [
    ("Officials said more than 300 villages were flooded.", "more than 300 villages", 300, "villages", "lower"),
    ("The convoy stopped about 30 kilometres from the border.", "about 30 kilometres", 30, "km", "approximate"),
    ("The 61-year-old governor denied the report.", "61-year-old", 61, "years (age)", "exact"),
    ("Unemployment rose to 6 percent.", "6 percent", 6, "%", "exact"),
    ("Unemployment rose to 6.5% in the north.", "6.5%", 6.5, "%", "exact"),
    ("Unemployment fell by 2 per cent.", "2 per cent", 2, "%", "exact"),
    ("The club paid 2.4 million dollars for the striker.", "2.4 million dollars", 2_400_000, "USD", "exact"),
    ("The deal is worth $5bn, analysts said.", "$5bn", 5_000_000_000, "USD", "exact"),
    ("The fund received €40 million from donors.", "€40 million", 40_000_000, "EUR", "exact"),
    ("Tickets cost £12 each.", "£12", 12, "GBP", "exact"),
    ("The city borrowed 15 million roubles.", "15 million roubles", 15_000_000, "RUB", "exact"),
    ("At least 12 people were injured.", "At least 12 people", 12, "people", "lower"),
    ("Up to 40 drones were launched overnight.", "Up to 40 drones", 40, "drones", "upper"),
    ("Fewer than 50 families returned.", "Fewer than 50 families", 50, "families", "upper"),
    ("Nearly 4,000 workers went on strike.", "Nearly 4,000 workers", 4000, "workers", "approximate"),
    ("Three ships docked at the port.", "Three ships", 3, "ships", "exact"),
    ("Two dozen reporters waited outside.", "Two dozen reporters", 24, "reporters", "exact"),
    ("The farm lost 1,200 tonnes of grain.", "1,200 tonnes", 1200, "t", "exact"),
    ("The wall is 12 metres high.", "12 metres", 12, "m", "exact"),
    ("Rescuers searched an area of 40 square kilometres.", "40 square kilometres", 40, "km2", "exact"),
    ("Some 300 new houses were built.", "Some 300 new houses", 300, "houses", "approximate"),
    ("The strike lasted three weeks.", "three weeks", 3, "weeks", "exact"),
])
def test_quantity(model, text, span, value, unit, bound):
    q = one(model, text)
    assert (q["text"], q["value"], q["unit"], q["bound"]) == (span, value, unit, bound)


def test_range(model):
    q = one(model, "The strip is between 20 and 30 kilometres wide.")
    assert (q["value"], q["max"], q["unit"], q["bound"]) == (20, 30, "km", "range")


@pytest.mark.parametrize("text", [
    "The treaty was signed in 2019.",            # a year
    "The meeting starts at 3 p.m. on March 5.",  # times of day and dates
    "One of the ministers left early.",          # pronoun 'one'
    "One day the war will end.",                 # not a count
    "A two-thirds majority backed the bill.",   # a fraction
])
def test_not_quantities(model, text):
    assert quantities(model, text) == []


def test_age_forms(model):
    found = quantities(model, "The farmer, aged 58, and his 30-year-old son were arrested.")
    assert [(q["text"], q["value"], q["unit"]) for q in found] == [
        ("aged 58", 58, "years (age)"), ("30-year-old", 30, "years (age)")]


def test_number_words():
    assert words_to_number("two dozen") == 24
    assert words_to_number("three hundred and five") == 305
    assert words_to_number("a million") == 1_000_000
    assert words_to_number("twenty-one") == 21
    assert parse_number("1,250.5") == 1250.5
    assert parse_number("3bn", money=True) == 3_000_000_000


@pytest.mark.parametrize("text", ["F-16 jets flew over the city.", "COVID-19 patients were moved."])
def test_numbers_inside_names_are_not_counts(model, text):
    assert quantities(model, text) == []


@pytest.mark.parametrize("text", [
    "One in 4 residents lived in poverty.",       # a ratio
    "Nearly eight of 10 voters say they will vote.",
    "At one point the crowd fell silent.",        # idiom
    "Suicide rates were three times the national rate.",  # multiplier
])
def test_ratios_idioms_multipliers_are_not_counts(model, text):
    assert [q for q in quantities(model, text) if q["unit"] not in ("%",)] == []


def test_count_after_ratio_free_text(model):
    assert [(q["text"], q["value"]) for q in quantities(model, "One soldier and 40 tanks crossed.")] == [
        ("One soldier", 1), ("40 tanks", 40)]
