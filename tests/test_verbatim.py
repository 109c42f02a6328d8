"""Outside text shown as it is (`pages.verbatim`): escaped for Markdown, cut, on one line."""

from __future__ import annotations

import re
import string

from hypothesis import given
from hypothesis import strategies as st

from pages.sections.pooling.settings import PoolingSettings
from pages.verbatim import SHOWN_CHARACTERS, cut, html_verbatim, verbatim, view_text
from tests.crafted_text import HOST, PAYLOADS, markdown_shown

PUNCTUATION = re.escape(string.punctuation)


def bare_punctuation(markdown: str) -> list[str]:
    """ASCII punctuation marks in ``markdown`` that no backslash escapes."""
    return re.findall(rf"[{PUNCTUATION}]", re.sub(rf"\\[{PUNCTUATION}]", "", markdown))


@given(st.text())
def test_markdown_shows_the_text_itself_cut_to_length(text):
    markdown = verbatim(text)
    assert markdown_shown(markdown) == " ".join(cut(text).split())
    assert bare_punctuation(markdown) == []  # nothing can start a link, an image, maths or HTML
    assert len(cut(text)) <= SHOWN_CHARACTERS


@given(st.text(), st.integers(min_value=1, max_value=80))
def test_cut_keeps_short_text_and_marks_what_it_cuts(text, limit):
    one_line = cut(text, limit=None)
    assert "\n" not in one_line and "\r" not in one_line and "\u202e" not in one_line
    if len(one_line) <= limit:
        assert cut(text, limit) == one_line
    else:
        assert cut(text, limit) == one_line[: limit - 1] + "…"


@given(st.text())
def test_a_views_text_shows_the_text_itself_and_never_two_stars_together(text):
    """A browser view reads only **bold**: the text reads the same, joiners aside, and no two
    stars stand together to pair into bold."""
    shown = view_text(text, limit=None)
    assert shown.replace("\u2060", "") == cut(text, limit=None)  # cut makes joiners spaces
    assert "**" not in shown


def test_addresses_and_codes_are_broken_where_streamlit_would_link_them():
    for payload in PAYLOADS:
        markdown = verbatim(payload, limit=None)
        for pattern in ("://", "www.", f"@{HOST}", ":material", ":smile:"):
            assert pattern not in markdown.replace("\\", "")  # a joiner sits inside each


def test_right_to_left_overrides_cannot_disguise_a_name():
    assert cut("photo\u202egnp.exe") == "photo gnp.exe"


def test_plotly_labels_cannot_carry_a_link():
    assert html_verbatim(f'<a href="http://{HOST}">x</a>') == (
        f'&lt;a href="http://{HOST}"&gt;x&lt;/a&gt;'
    )


def test_a_link_notice_quotes_long_names_and_values_cut_short():
    long_value = "9" * 500
    _, reported = PoolingSettings.from_query({"pooling_window": [long_value], "x" * 100: ["1"]})
    assert reported == [
        f"“pooling_window={cut(long_value)}”",
        f"“{cut('x' * 100)}” (this page has no such setting)",
    ]
    assert all(len(phrase) < 2 * SHOWN_CHARACTERS + 40 for phrase in reported)
