"""pages.headings: section headings drawn as HTML, with their text escaped."""

from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import headings


def _draw_headings() -> None:
    from pages.headings import section_heading, subheading

    section_heading("Pooling & <b>activations</b>")
    subheading("*Not* Markdown: $x$")


def test_headings_keep_their_level_and_show_outside_text_as_it_is():
    app = AppTest.from_function(_draw_headings).run()
    assert not app.exception
    assert headings(app) == ["Pooling & <b>activations</b>"]
    assert headings(app, level=3) == ["*Not* Markdown: $x$"]
    section, sub = (element.value for element in app.get("html"))
    assert "&lt;b&gt;" in section and "<b>" not in section  # escaped, never read as HTML
    assert section.count("<hr") == 1 and "<hr" not in sub  # the rule under a section only
