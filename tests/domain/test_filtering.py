"""The board's filter: words begin words, accents and case ignored, best match first."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from iivboard.domain.filtering import Filter, fold


def test_a_word_must_begin_a_word_not_hide_inside_one():
    lumen = Filter("lumen")
    assert lumen.score(("Chen Wei", "Lumen Energy", "Engineer", "")) > 0
    # "alumni" holds the letters of "lumen" in order and even "lum": it is not a match.
    assert lumen.score(("Ada Okafor", "Northwind Health", "Product Manager", "alumni")) == 0


def test_accents_and_case_are_ignored():
    assert Filter("TOMAS alv").score(("Tomás Alves", "Lumen Energy", None, None)) > 0
    assert Filter("école").score(("Zoé", "Ecole Polytechnique", None, None)) > 0


def test_every_word_typed_must_match():
    both = Filter("lumen product")
    assert both.score(("Tomás Alves", "Lumen Energy", "Product lead", None)) > 0
    assert both.score(("Chen Wei", "Lumen Energy", "Engineer", None)) == 0


def test_a_name_beats_an_organization_beats_a_tag():
    typed = Filter("harbor")
    by_name = typed.score(("Harbor Smith", "Acme", None, None))
    by_org = typed.score(("Jo Lee", "Harbor Books", None, None))
    by_tag = typed.score(("Jo Lee", "Acme", None, "harbor"))
    assert by_name > by_org > by_tag > 0


def test_nothing_typed_matches_everyone():
    assert Filter("  ").score(("Anyone", None, None, None)) > 0
    assert not Filter(" ,. ")


names = st.text(alphabet=st.characters(categories=("L", "N", "Zs", "P")), max_size=30)


@given(name=names, org=names)
def test_typing_the_start_of_any_word_of_a_card_finds_it(name, org):
    found = fold(f"{name} {org}").split()
    words = [w for w in found if w.isalnum()]
    for word in words[:3]:
        assert Filter(word[: max(1, len(word) // 2)]).score((name, org, None, None)) > 0


@given(typed=st.text(max_size=40), name=names)
def test_any_text_typed_never_raises(typed, name):
    assert Filter(typed).score((name, None, "", None)) >= 0
