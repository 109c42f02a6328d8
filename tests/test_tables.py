"""pages.tables: a table of text drawn as HTML, every cell escaped."""

from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import html_tables


def _draw_table() -> None:
    from pages.tables import plain_table

    plain_table(
        {"layer": ["<b>conv1</b>", "*dense*", "\u202econv2\nlogits"], "value": ["$x$", "1 & 2", ""]}
    )


def test_a_table_keeps_its_columns_and_shows_outside_text_as_it_is():
    app = AppTest.from_function(_draw_table).run()
    assert not app.exception
    (table,) = html_tables(app)
    assert table == {
        "layer": ["<b>conv1</b>", "*dense*", " conv2 logits"],  # on one line, nothing hidden
        "value": ["$x$", "1 & 2", ""],
    }
    (element,) = app.get("html")
    assert "&lt;b&gt;" in element.value and "<b>" not in element.value  # never read as HTML
    assert element.value.count("<tr>") == 4  # the headings, then one row per row of cells
