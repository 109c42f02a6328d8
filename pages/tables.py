"""A table of text drawn as plain HTML, looking as ``st.table`` does.

Why not ``st.table``: Streamlit draws every cell of one as a Markdown element and draws them
all again each time any part of the page reruns. In a test app with a slider in a fragment, each
8 × 2 table added ~9 ms to every rerun; an HTML element is only redrawn when its text changes.
The Face page's NumPy-against-Keras table is redrawn each time the square moves while it shows.

The sizes are Streamlit's own (in rem, so that presenter mode's larger root font scales them
alike) and the lines are the text's colour made faint, so a dark theme keeps them; every cell is
shown as it is (``pages.verbatim.html_verbatim``: never read as HTML, on one line, invisible
characters made spaces), as the app shows all text from outside it.
"""

import streamlit as st

from pages.verbatim import html_verbatim

_FAINT = "color-mix(in srgb, currentColor 10%, transparent)"
_FRAME = f"border:1px solid {_FAINT};border-radius:0.5rem;overflow:auto;margin-bottom:1rem;"
_TABLE = "width:100%;border-collapse:collapse;font-size:0.875rem;line-height:1.5;"
_CELL = "padding:0.25rem 0.375rem;text-align:left;white-space:nowrap;"
_HEADER = f"{_CELL}font-weight:400;color:color-mix(in srgb, currentColor 70%, transparent);"


def _lines(last_row: bool, last_column: bool) -> str:
    """A cell's lines below and to its right, but none along the frame, which draws those."""
    return ("" if last_row else f"border-bottom:1px solid {_FAINT};") + (
        "" if last_column else f"border-right:1px solid {_FAINT};"
    )


def plain_table(columns: dict[str, list[str]]) -> None:
    """A table with one column per entry of ``columns`` (its heading, then its cells' text)."""
    rows = list(zip(*columns.values(), strict=True))
    last = len(columns) - 1

    def row_html(cells, tag: str, style: str, last_row: bool) -> str:
        return (
            "<tr>"
            + "".join(
                f'<{tag} style="{style}{_lines(last_row, index == last)}">'
                f"{html_verbatim(cell, limit=None)}</{tag}>"
                for index, cell in enumerate(cells)
            )
            + "</tr>"
        )

    header = row_html(columns, "th", _HEADER, not rows)
    body = "".join(
        row_html(row, "td", _CELL, index == len(rows) - 1) for index, row in enumerate(rows)
    )
    st.html(
        f'<div style="{_FRAME}"><table style="{_TABLE}"><thead>{header}</thead>'
        f"<tbody>{body}</tbody></table></div>"
    )
