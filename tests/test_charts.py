"""A chart's legend label cut to fit: the same cut as measuring every beginning from the
longest down, found with far fewer measurements."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import charts


def cut_one_by_one(text: str, size: int, width: float) -> str:
    font = charts._font(size)
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


LABELS = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ.,-–ëé()/0123456789AVTWYo'", max_size=140
)


@settings(max_examples=400, deadline=None)
@given(LABELS, st.sampled_from([charts.SMALL, 11, 14]), st.integers(0, 400))
def test_a_label_is_cut_where_measuring_each_beginning_would_cut_it(text, size, width):
    assert charts._fitted(text, size, width) == cut_one_by_one(text, size, width)


def test_a_long_label_is_cut_with_an_ellipsis_and_fits():
    label = "Bijdrage aan medeoverheden in het kader van de versterking van de veiligheidsketen"
    cut = charts._fitted(label, charts.SMALL, 120)
    assert cut.endswith("…") and label.startswith(cut[:-1]) and charts._font(charts.SMALL).getlength(cut) <= 120
