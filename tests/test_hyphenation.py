"""A hyphen at the end of a wrapped line: the word's own, or the wrap's (pipeline.extraction.hyphenation)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.extraction.hyphenation import SOFT_HYPHEN, Words, resolve, vocabulary

part = st.text(alphabet=st.sampled_from("abcdeëABCDE"), min_size=1, max_size=8)


@given(before=part, after=part, printed=st.lists(part, max_size=6))
def test_a_wrap_becomes_the_joined_word_or_the_hyphenated_one(before, after, printed):
    text = f"Bijdrage {before}{SOFT_HYPHEN}{after} 2"
    resolved = resolve(text, vocabulary(printed))
    assert SOFT_HYPHEN not in resolved
    assert resolved in (f"Bijdrage {before}{after} 2", f"Bijdrage {before}-{after} 2")


@given(before=part, after=part)
def test_what_the_letter_prints_whole_decides(before, after):
    wrapped = f"{before}{SOFT_HYPHEN}{after}"
    assert resolve(wrapped, vocabulary([f"zie ({before}-{after})."])) == f"{before}-{after}"
    assert resolve(wrapped, vocabulary([f"zie {before}{after},"])) == f"{before}{after}"


def test_words_cut_at_a_line_end_are_not_in_the_vocabulary():
    assert vocabulary(["De preven-", "tieve maatregelen (2015)."]).whole == {"de", "maatregelen", "2015"}
    assert vocabulary(["Saldo 12 -", "Totaal 3"]).whole == {"saldo", "12", "totaal", "3"}


def test_text_without_a_wrap_is_left_as_it_is():
    assert resolve("Btw-compensatiefonds", Words()) == "Btw-compensatiefonds"


def test_two_vowels_that_would_run_together_keep_their_hyphen():
    words = vocabulary(["De uitkeringen en het ongeluk."])
    assert resolve(f"integratie{SOFT_HYPHEN}uitkeringen", words) == "integratie-uitkeringen"
    assert resolve(f"auto{SOFT_HYPHEN}ongeluk", words) == "auto-ongeluk"
    assert resolve(f"preven{SOFT_HYPHEN}tieve", words) == "preventieve"
    assert resolve(f"bijdrage{SOFT_HYPHEN}regeling", words) == "bijdrageregeling"


def test_a_word_cut_between_vowels_with_no_part_of_its_own_is_joined():
    assert resolve(f"weerba{SOFT_HYPHEN}arheid", Words()) == "weerbaarheid"


def test_a_letter_that_cuts_no_word_at_a_line_end_keeps_a_hyphen_before_a_word_it_prints():
    # The letter breaks lines only between words or after a hyphen of the word's own: the
    # hyphen of "ontwerp-" over "begroting" is the word's ("Stand ontwerp-begroting"),
    # for "begroting" is a word the letter prints whole elsewhere.
    prose = ["De stand van de begroting na de", "suppletoire begroting is als volgt."]
    words = vocabulary(prose)
    assert not words.cuts_words and "begroting" in words.repeated
    assert resolve(f"Stand ontwerp{SOFT_HYPHEN}begroting 2009", words) == "Stand ontwerp-begroting 2009"
    # a part it never prints whole ("tieve") is a cut word's rest: the hyphen goes
    assert resolve(f"preven{SOFT_HYPHEN}tieve", words) == "preventieve"
    # a letter whose typesetting cuts words ("aange-" over "past") hyphenates compounds too
    cutting = vocabulary([*prose, "Dit wordt later aange-", "past aan de begroting."])
    assert cutting.cuts_words
    assert resolve(f"Stand ontwerp{SOFT_HYPHEN}begroting 2009", cutting) == "Stand ontwerpbegroting 2009"
    # a cut at a compound's own hyphen is no such evidence: both parts are words it prints
    compound = vocabulary([*prose, "de loon-", "prijs loon prijs"])
    assert not compound.cuts_words
