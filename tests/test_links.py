"""A link's notice on a real page run (AppTest): at most five parts named, the rest counted."""

from __future__ import annotations

from tests.crafted_text import markdown_shown


def test_a_link_with_many_unknown_parts_names_five_and_counts_the_rest(app):
    for index in range(8):
        app.query_params[f"junk{index}"] = "1"
    app.run()
    notices = [markdown_shown(toast.value) for toast in app.toast]
    assert len(notices) == 1, notices
    assert "“junk4” (this page has no such setting), and 3 more." in notices[0]
    assert "junk5" not in notices[0]
