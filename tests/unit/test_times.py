"""Time expressions normalised against a fixed publication date (invented sentences)."""
from __future__ import annotations

import pytest
import spacy

from newsgraph.nlp.pipeline import MODEL_PACKAGE
from newsgraph.nlp.times import find_times, parse_published

PUB = "2024-03-13"  # a Wednesday, ISO week 2024-W11


@pytest.fixture(scope="module")
def model():
    return spacy.load(MODEL_PACKAGE)


def times(model, text, published=PUB):
    return find_times(text, published, doc=model(text))


def one(model, text, published=PUB):
    found = times(model, text, published)
    assert len(found) == 1, found
    t = found[0]
    assert text[t["start"]:t["end"]] == t["text"]
    return t


@pytest.mark.parametrize("text, span, value, gran", [
    ("Minister Ola Brandt spoke to reporters on Wednesday.", "on Wednesday", "2024-03-13", "day"),
    ("Minister Ola Brandt spoke to reporters on Monday.", "on Monday", "2024-03-11", "day"),
    ("The talks collapsed last Friday.", "last Friday", "2024-03-08", "day"),
    ("Brandt will travel to the capital on Friday.", "on Friday", "2024-03-15", "day"),
    ("The delegation arrives next Monday.", "next Monday", "2024-03-18", "day"),
    ("The council met this week.", "this week", "2024-W11", "week"),
    ("Protesters gathered last week outside the ministry.", "last week", "2024-W10", "week"),
    ("A vote is planned for next week.", "next week", "2024-W12", "week"),
    ("Exports fell this year.", "this year", "2024", "year"),
    ("Exports fell last year.", "last year", "2023", "year"),
    ("Prices will rise next month.", "next month", "2024-04", "month"),
    ("Prices rose last month.", "last month", "2024-02", "month"),
    ("Troops crossed the border in February 2022.", "in February 2022", "2022-02", "month"),
    ("The bridge is to be finished by the end of the year.", "by the end of the year", "2024-12-31", "day"),
    ("The bridge opened yesterday.", "yesterday", "2024-03-12", "day"),
    ("The bridge opens tomorrow.", "tomorrow", "2024-03-14", "day"),
    ("The bridge opened today.", "today", "2024-03-13", "day"),
    ("The mayor resigned on March 3.", "on March 3", "2024-03-03", "day"),
    ("The mayor resigned on 5 January.", "on 5 January", "2024-01-05", "day"),
    ("The mayor resigned on December 25.", "on December 25", "2023-12-25", "day"),
    ("The summit will take place on December 25.", "on December 25", "2024-12-25", "day"),
    ("The law was passed in 2019.", "in 2019", "2019", "year"),
    ("The law was passed two years ago.", "two years ago", "2022", "year"),
    ("The law was passed three days ago.", "three days ago", "2024-03-10", "day"),
    ("The festival was held in June.", "in June", "2023-06", "month"),
    ("The festival will be held in June.", "in June", "2024-06", "month"),
    ("The plant closed on 17 December 2021.", "on 17 December 2021", "2021-12-17", "day"),
    ("The plant closed on Dec. 17, 2021.", "on Dec. 17, 2021", "2021-12-17", "day"),
    ("The plant will close by the end of 2026.", "by the end of 2026", "2026-12-31", "day"),
])
def test_expression_resolves_against_publication(model, text, span, value, gran):
    t = one(model, text)
    assert (t["text"], t["value"], t["granularity"]) == (span, value, gran)


@pytest.mark.parametrize("text, span", [
    ("Minister Ola Brandt spoke to reporters on Wednesday.", "on Wednesday"),
    ("Protesters gathered last week.", "last week"),
    ("Exports fell this year.", "this year"),
    ("The bridge opened yesterday.", "yesterday"),
    ("The festival was held in June.", "in June"),
    ("The bridge is to be finished by the end of the year.", "by the end of the year"),
])
def test_relative_without_publication_is_null(model, text, span):
    t = one(model, text, published=None)
    assert t["text"] == span and t["value"] is None


@pytest.mark.parametrize("text, value", [
    ("Troops crossed the border in February 2022.", "2022-02"),
    ("The plant closed on 17 December 2021.", "2021-12-17"),
    ("The law was passed in 2019.", "2019"),
    ("The plant will close by the end of 2026.", "2026-12-31"),
])
def test_absolute_without_publication_still_resolves(model, text, value):
    assert one(model, text, published=None)["value"] == value


def test_iso_week_across_new_year(model):
    assert one(model, "Shops reopened this week.", "2025-12-31")["value"] == "2026-W01"


def test_datetime_publication_string(model):
    assert parse_published("2024-03-13T08:00:00Z").isoformat() == PUB
    assert one(model, "He spoke on Monday.", "2024-03-13T08:00:00+01:00")["value"] == "2024-03-11"


def test_numbers_are_not_times(model):
    assert times(model, "The 300 soldiers walked 2,000 kilometres.") == []


def test_several_in_one_sentence(model):
    found = times(model, "Brandt said on Tuesday that exports had grown this year but fell last month.")
    assert [(t["text"], t["value"]) for t in found] == [
        ("on Tuesday", "2024-03-12"), ("this year", "2024"), ("last month", "2024-02")]


def test_dateparser_fallback_for_numeric_dates_and_no_network(model, monkeypatch):
    import socket

    def no_network(*a, **k):
        raise AssertionError("newsgraph must not open network connections")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    from newsgraph.nlp.times import _dateparse
    import datetime as dt

    assert _dateparse("10/12/2016", None, "past") == ("2016-10-12", "day")
    assert _dateparse("Oct. 3", dt.date(2016, 10, 12), "past") == ("2016-10-03", "day")


def test_weekday_inside_a_name_is_not_a_date(model):
    found = times(model, "The Sunday Times reported the talks on Monday.")
    assert [(t["text"], t["value"]) for t in found] == [("on Monday", "2024-03-11")]


def test_bare_year_and_decade(model):
    found = times(model, "The 2019 election was unlike those of the 1990s.")
    assert [(t["text"], t["value"], t["granularity"]) for t in found] == [
        ("2019", "2019", "year"), ("the 1990s", "199", "decade")]


@pytest.mark.parametrize("text, value", [
    ("Fighting flared over the weekend.", "2024-W10"),          # the weekend before a Wednesday
    ("Talks will resume over the weekend.", "2024-W11"),        # the coming one
])
def test_weekend(model, text, value):
    t = one(model, text)
    assert (t["text"].lower().startswith(("over", "at")), t["value"], t["granularity"]) == (True, value, "week")
