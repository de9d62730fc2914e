"""Block roles on short texts written for these tests."""
from __future__ import annotations

from newsgraph.structure import detect_blocks

PARA = "The minister said on Friday that the new budget would include more money for rural schools and roads."


def roles(text: str) -> list[tuple[str, str]]:
    return [(b.role, text[b.start:b.end]) for b in detect_blocks(text)]


def test_short_unpunctuated_line_between_paragraphs_is_a_heading():
    t = f"{PARA}\n\nBudget talks stall again\n\n{PARA}"
    assert [r for r, _ in roles(t)] == ["body", "heading", "body"]


def test_last_line_without_full_stop_is_body_not_heading():
    t = f"{PARA}\n\nShe did not comment further"
    assert [r for r, _ in roles(t)] == ["body", "body"]


def test_line_ending_in_agency_credit_is_caption_with_credit_span():
    cap = "Finance Minister Lena Ott (R) speaks to reporters in Bergdorf. Mara Quist/Reuters"
    t = f"{PARA}\n\n{cap}"
    blocks = detect_blocks(t)
    assert blocks[-1].role == "caption"
    cs, ce = blocks[-1].credit
    assert t[cs:ce] == "Mara Quist/Reuters"


def test_near_duplicate_caption_with_other_apostrophes_is_flagged():
    cap1 = "Ukraine's envoy Ivan Rel (L) and Poland's envoy meet in Gdansk on Monday. Ola Berg/AP"
    cap2 = cap1.replace("'", "’")
    t = f"{PARA}\n\n{cap1}\n\n{cap2}"
    b = detect_blocks(t)
    assert b[1].role == b[2].role == "caption"
    assert b[2].duplicate_of == b[1].start and b[1].duplicate_of is None


def test_byline_and_dateline_are_split_from_the_body():
    t = f"By Jane Roe and Tim Poe\n\nBERLIN (Reuters) - {PARA}"
    got = roles(t)
    assert got[0] == ("byline", "By Jane Roe and Tim Poe")
    assert got[1] == ("dateline", "BERLIN (Reuters) -")
    assert got[2] == ("body", PARA)


def test_line_broken_mid_sentence_stays_one_body_block():
    t = "IN WITNESS WHEREOF, I have set my hand this\nfirst day of March.\n\n" + PARA
    assert [r for r, _ in roles(t)] == ["body", "body"]


def test_hard_wrapped_paragraphs_are_joined():
    para = ("The council met on Monday to discuss the\nbudget for the coming year, and members said\n"
            "that they expected long debates on schools.")
    t = f"{para}\n\n{para}"
    b = detect_blocks(t)
    assert len(b) == 2 and "\n" in t[b[0].start:b[0].end]
