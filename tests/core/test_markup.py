"""Markdown markers the reader leaves out, without touching the text or its offsets."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.core.reports.markup import hidden_markup, visible


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("**[Milvus](https://milvus.io/)** hybrid search", "Milvus hybrid search"),
        ("### Heading here", "Heading here"),
        ("> quoted **words** and `code`", "quoted words and code"),
        ("![alt text](http://x/y.png) after", "alt text after"),
        ("2 * 3 = 6 and a*b", "2 * 3 = 6 and a*b"),
        ("escaped \\*stars\\*", "escaped *stars*"),
        ("```python\nx = **1**\n```", "```python\nx = **1**\n```"),
        ('<script>alert("x")</script>', '<script>alert("x")</script>'),
    ],
)
def test_markup_is_left_out(text: str, shown: str) -> None:
    assert visible(text, 0, len(text), hidden_markup(text)) == shown


@given(st.text(max_size=200))
def test_hidden_ranges_are_sorted_disjoint_and_inside(text: str) -> None:
    ranges = hidden_markup(text)
    for (a, b), (c, _d) in itertools.pairwise(ranges):
        assert a < b <= c
    assert all(0 <= a < b <= len(text) for a, b in ranges)
    shown = visible(text, 0, len(text), ranges)
    assert len(shown) == len(text) - sum(b - a for a, b in ranges)
