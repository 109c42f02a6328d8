"""Hostile and odd uploads (tests/hostile_files.py) through the real upload control in Chromium.

Every page that takes pictures through the shared picker gets files from the corpus: the
Pixels page (the cheapest) all of them, each other page a share that rotates so the whole corpus
is covered across pages, plus the two slivers (1 × 1 and 4000 × 3) that once broke pages. The
Training lab gets its own-classes upload and its "new picture to classify" upload.

A file that should become a picture must be the picture in use, named and sized by the page. A
file that should be refused must get a message naming it, no traceback, the previous picture
must stay, and the page must answer a slider afterwards. One refused upload per page is
photographed in the ``screenshots`` folder.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from pages.common import WORKING_MAX_SIDE
from pages.verbatim import cut
from tests.crafted_text import as_drawn, shown
from tests.hostile_files import HOSTILE_FILES, HostileFile
from tests.streamlit_server import (
    TENSORFLOW_LOAD_MS,
    main_text,
    no_exceptions,
    open_page,
    press_slider,
    rerun_expected,
    slider_value,
    wait_settled,
)
from tests.test_browser_walk import upload

pytestmark = pytest.mark.browser

BY_NAME = {hostile.name: hostile for hostile in HOSTILE_FILES}
GOOD = tuple(hostile.name for hostile in HOSTILE_FILES if hostile.becomes_picture)
REFUSED = tuple(hostile.name for hostile in HOSTILE_FILES if not hostile.becomes_picture)
SLIVERS = ("one-pixel.png", "very-wide.png")  # the shapes that broke pages: sent to every page


@functools.cache
def file_bytes(name: str) -> bytes:
    """Each file is made once per run (the 24-megapixel JPEG takes seconds to encode)."""
    return BY_NAME[name].make()


def interleave(good: tuple[str, ...], refused: tuple[str, ...]) -> list[str]:
    """Good and refused files alternating, so most refusals have an uploaded picture to keep."""
    order = []
    for index in range(max(len(good), len(refused))):
        order += [*good[index : index + 1], *refused[index : index + 1]]
    return order


def share(index: int, count: int) -> list[str]:
    """The ``index``-th of ``count`` pages' share of the corpus, plus the slivers."""
    good = GOOD[index::count]
    return interleave(
        good + tuple(name for name in SLIVERS if name not in good), REFUSED[index::count]
    )


# --------------------------------------------------------------------------------------------
# What each page shows, and the slider that proves it still answers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nudge:
    """A slider to move after a refused upload, the values it takes going right then back left,
    and the sentence the page must then show for each value."""

    key: str
    values: tuple[str, str]
    says: Callable[[str], str]

    def check(self, page, count: int) -> None:
        key_name, value = (
            ("ArrowRight", self.values[0]) if count % 2 == 0 else ("ArrowLeft", self.values[1])
        )
        press_slider(page, self.key, key_name)
        assert slider_value(page, self.key) == value
        said = re.compile(re.escape(self.says(value)) + r"(?!\.?\d)")  # "0", but not "0.1"
        page.get_by_text(said).first.wait_for(timeout=10_000)


def _pooled_side(window: str) -> str:
    side = (8 - int(window)) // 2 + 1  # the 8 × 8 example grid, stride 2
    return f"After max pooling: {side} × {side}"


@dataclass(frozen=True)
class PickerPage:
    url_path: str
    nudge: Nudge
    loads_tensorflow: bool = False


PICKER_PAGES = (
    PickerPage(
        "pixels", Nudge("pixels_size", ("136", "128"), lambda v: f"{int(v) ** 2:,} numbers")
    ),
    PickerPage(
        "convolution",
        Nudge(
            "kernel_w_0_0",
            ("1.1", "1"),
            lambda v: f"The weights add up to {'0.1' if v == '1.1' else '0'}",
        ),
    ),
    PickerPage("pooling", Nudge("pooling_small_size", ("3", "2"), _pooled_side)),
    PickerPage("augmentation", Nudge("aug_count", ("20", "16"), lambda v: f"{v} versions of the")),
    PickerPage(
        "face",
        Nudge("face_occlusion_patch", ("8", "7"), lambda v: f"Hide and see, {v} × {v} patch"),
        loads_tensorflow=True,
    ),
)
#: Pixels takes the whole corpus; every other picker page a rotating share of it.
PLAN = {
    "pixels": interleave(GOOD, REFUSED),
    **{
        stop.url_path: share(index, len(PICKER_PAGES) - 1)
        for index, stop in enumerate(PICKER_PAGES[1:])
    },
}


def picker_summary(page) -> str:
    """The picker's label, "Picture: NAME · W × H · click to change", without its icons."""
    text = shown(page.locator("[data-testid=stExpander] summary").first.inner_text())
    return re.search(r"Picture: .*click to change", text)[0]


def assert_size_stated(page, hostile: HostileFile) -> None:
    """The picker names the size: the picture's own, or the original's beside the working copy."""
    width, height = hostile.size
    if max(width, height) > WORKING_MAX_SIDE:
        assert f"Your picture is {width:,} × {height:,} pixels" in main_text(page)
    else:
        assert f"· {width} × {height} ·" in picker_summary(page)


def refusal(page, name: str):
    """The page's message about ``name``: one alert that names it and has no traceback."""
    alert = page.locator("[data-testid=stAlert]").filter(has_text=as_drawn(f"“{name}”"))
    assert alert.count() == 1, f"no message names {name}"
    text = alert.inner_text()
    assert "Traceback" not in text and "Error:" not in text, text
    return alert


def shot_name(where: str, name: str) -> str:
    return f"hostile-{where}-{name.replace('.', '-')}.png"


def open_slow_or_fast(page, url: str, url_path: str, slow: bool) -> None:
    if slow:
        page.goto(f"{url}/{url_path}")
        wait_settled(page, timeout=TENSORFLOW_LOAD_MS)
        no_exceptions(page)
    else:
        open_page(page, url, url_path)


@pytest.mark.parametrize("stop", PICKER_PAGES, ids=[stop.url_path for stop in PICKER_PAGES])
def test_hostile_uploads_through_the_picture_picker(page, server_url, screenshots, stop):
    open_slow_or_fast(page, server_url, stop.url_path, stop.loads_tensorflow)
    nudges = 0
    for name in PLAN[stop.url_path]:
        hostile = BY_NAME[name]
        before = picker_summary(page)
        upload(page, name, file_bytes(name), hostile.mime)
        no_exceptions(page)
        if hostile.becomes_picture:
            assert f"Picture: {name} ·" in picker_summary(page), name
            named = page.locator("[data-testid=stAlert]").filter(has_text=as_drawn(f"“{name}”"))
            assert named.count() == 0
            assert_size_stated(page, hostile)
            if stop.url_path == "pixels":  # the page's own caption quotes the original's size
                width, height = hostile.size
                assert f"1. Your picture: {width:,} × {height:,} " in main_text(page)
            continue
        alert = refusal(page, name)
        assert picker_summary(page) == before, f"{name} replaced the picture in use"
        if nudges == 0:
            alert.scroll_into_view_if_needed()
            page.screenshot(path=screenshots / shot_name(stop.url_path, name))
        stop.nudge.check(page, nudges)  # the page goes on working
        nudges += 1
        no_exceptions(page)
    assert nudges > 0


# --------------------------------------------------------------------------------------------
# The Training lab: its own-classes upload, then its "new picture" upload
# --------------------------------------------------------------------------------------------

TRAINING_NUDGE = Nudge(
    "training_fraction",
    ("0.85", "0.80"),  # as the slider shows them
    lambda v: f"{round(float(v) * 100)}% to learn from, {100 - round(float(v) * 100)}% to check on",
)
OWN_REFUSED = REFUSED[0::3]  # the Pixels page already sends every one of them
QUERY_REFUSED = REFUSED[1::3]
QUERY_GOOD = ("very-wide.png", "photo-24mp.jpg", "one-pixel.png")


def class_counts(page) -> list[int]:
    """The "N pictures" caption under each class's upload control, in class order."""
    captions = page.locator("[data-testid=stCaptionContainer]").all_inner_texts()
    return [int(m[1]) for text in captions if (m := re.fullmatch(r"(\d+) pictures?", text.strip()))]


def send_to(page, key_start: str, name: str) -> None:
    with rerun_expected(page):
        page.locator(f"[class*='st-key-{key_start}'] input[type=file]").first.set_input_files(
            files=[{"name": name, "mimeType": BY_NAME[name].mime, "buffer": file_bytes(name)}]
        )


def test_hostile_uploads_in_the_training_lab(page, server_url, screenshots):
    page.goto(f"{server_url}/training")
    wait_settled(page, timeout=TENSORFLOW_LOAD_MS)
    no_exceptions(page)
    nudges = 0

    # Every good file becomes an example (half to each class: five each, enough to train).
    own = interleave(GOOD, OWN_REFUSED)
    for name in own:
        counts = class_counts(page)
        assert len(counts) == 2
        if BY_NAME[name].becomes_picture:
            target = GOOD.index(name) % 2
            send_to(page, f"training_own_upload_{target}_", name)
            no_exceptions(page)
            counts[target] += 1
            assert class_counts(page) == counts, name
            caption = as_drawn(cut(name, limit=14))
            thumbnail = page.locator("[data-testid=stImage]").filter(has_text=caption)
            assert thumbnail.count() == 1, name
            continue
        send_to(page, "training_own_upload_0_", name)
        no_exceptions(page)
        alert = refusal(page, name)
        assert "It was not added" in alert.inner_text()
        assert class_counts(page) == counts, f"{name} was added"
        if nudges == 0:
            alert.scroll_into_view_if_needed()
            page.screenshot(path=screenshots / shot_name("training-own", name))
        TRAINING_NUDGE.check(page, nudges)
        nudges += 1
    assert class_counts(page) == [5, 5]

    # Train briefly on them, then ask about new pictures, hostile ones among them.
    press_slider(page, "training_own_epochs", "Home")
    assert slider_value(page, "training_own_epochs") == "5"
    with rerun_expected(page, timeout=120_000):
        page.locator(".st-key-training_own_train button").click()
    assert "Epoch 5 of 5" in main_text(page)
    no_exceptions(page)

    answered = None
    for name in interleave(QUERY_GOOD, QUERY_REFUSED):
        send_to(page, "training_own_query_", name)
        no_exceptions(page)
        seen = page.locator("[data-testid=stImage]").filter(has_text="as the network sees it")
        if BY_NAME[name].becomes_picture:
            assert shown(seen.inner_text()).startswith(f"{name}, as the network sees it"), name
            assert "It says" in main_text(page)
            answered = name
            continue
        alert = refusal(page, name)
        assert "The network was not asked about it" in alert.inner_text()
        assert shown(seen.inner_text()).startswith(f"{answered}, as the network sees it")
        if nudges == len(OWN_REFUSED):
            alert.scroll_into_view_if_needed()
            page.screenshot(path=screenshots / shot_name("training-query", name))
        TRAINING_NUDGE.check(page, nudges)
        nudges += 1
    no_exceptions(page)
