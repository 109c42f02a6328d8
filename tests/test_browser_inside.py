"""The "Inside the network" page in a real browser: a link restores it, and clicking a cell of the
map moves the window it sees."""

from __future__ import annotations

import re

import pytest

from tests.streamlit_server import (
    TENSORFLOW_LOAD_MS,
    main_text,
    no_exceptions,
    open_page,
    rerun_expected,
    slider_value,
)

pytestmark = pytest.mark.browser

#: Where a cell of the clickable map is drawn, in page pixels (plotly's own axis conversion).
CELL_POSITION = """([column, row]) => {
    const plot = document.querySelector('.st-key-inside_field_map .js-plotly-plot');
    const layout = plot._fullLayout, box = plot.getBoundingClientRect();
    return [box.left + layout._size.l + layout.xaxis.l2p(column),
            box.top + layout._size.t + layout.yaxis.l2p(row)];
}"""


def window_words(page) -> str:
    return re.search(
        r"Cell \(\d+, \d+\) of \w+ sees rows \d+ to \d+ and columns \d+ to \d+", main_text(page)
    ).group(0)


def test_a_link_restores_the_layer_the_cell_and_the_filter(page, server_url):
    open_page(
        page,
        server_url,
        "inside?inside_field_layer=conv1&inside_cell_row=20&inside_excite_filter=4",
        timeout=TENSORFLOW_LOAD_MS,
    )
    assert slider_value(page, "inside_cell_row") == "20"
    assert slider_value(page, "inside_excite_filter") == "4"
    assert window_words(page).startswith("Cell (20, 5) of conv1 sees rows 20 to 22")


def test_clicking_a_cell_moves_the_window(page, server_url):
    open_page(page, server_url, "inside", timeout=TENSORFLOW_LOAD_MS)
    before = window_words(page)
    assert before == "Cell (5, 5) of conv2 sees rows 9 to 16 and columns 9 to 16"
    page.locator(".st-key-inside_field_map .js-plotly-plot").scroll_into_view_if_needed()
    page.wait_for_function(
        "() => document.querySelector('.st-key-inside_field_map .js-plotly-plot')?._fullLayout"
    )
    x, y = page.evaluate(CELL_POSITION, [8, 2])
    with rerun_expected(page):
        page.mouse.click(x, y)
    no_exceptions(page)
    assert window_words(page) == "Cell (2, 8) of conv2 sees rows 3 to 10 and columns 15 to 22"
    assert slider_value(page, "inside_cell_row") == "2"
    assert slider_value(page, "inside_cell_col") == "8"
