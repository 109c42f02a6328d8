"""What the app says of a visitor's pictures is true: they reach the server's memory, never its
disk. A server with a temp folder of its own takes an upload through the picture picker and a
class's pictures in the Training lab; afterwards no file in that folder or in the repository has
appeared or changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.streamlit_server import REPO, no_exceptions, rerun_expected, streamlit_app, wait_settled
from tests.test_browser_walk import png_bytes, upload

pytestmark = pytest.mark.browser

#: Python's bytecode and the test tools' own caches, which the app's code does not write.
NOT_THE_APPS = {"__pycache__", ".pytest_cache", ".hypothesis", ".git", ".ruff_cache"}


def files_under(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and modification time."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file() and not NOT_THE_APPS & set(path.relative_to(folder).parts):
            stat = path.stat()
            found[str(path.relative_to(folder))] = (stat.st_size, stat.st_mtime_ns)
    return found


@pytest.fixture(scope="module")
def private_server(tmp_path_factory):
    """A server whose temp folder (TMPDIR, where Python's tempfile writes) is its own."""
    from tests.conftest import _require_chromium

    _require_chromium()
    temp = tmp_path_factory.mktemp("server-tmp")
    with streamlit_app(REPO / "app.py", env={"TMPDIR": str(temp)}) as url:
        yield url, temp


def test_uploaded_pictures_are_never_written_to_disk(page, private_server):
    url, temp = private_server
    page.goto(f"{url}/training")
    wait_settled(page, timeout=180_000)  # TensorFlow loads on the first visit
    no_exceptions(page)
    page.goto(f"{url}/pixels")
    wait_settled(page)
    repository, temporary = files_under(REPO), files_under(temp)

    upload(page, "holiday.png", png_bytes(320, 240), "image/png")
    assert "holiday" in page.locator("[data-testid=stExpander] summary").first.inner_text()
    page.goto(f"{url}/training")
    wait_settled(page, timeout=180_000)
    files = [
        {"name": f"mine{n}.png", "mimeType": "image/png", "buffer": png_bytes(60 + n, 40)}
        for n in range(3)
    ]
    with rerun_expected(page):
        page.locator("[class*='st-key-training_own_upload_0_'] input[type=file]").set_input_files(
            files=files
        )
    said = page.locator("[data-testid=stMain]").inner_text()
    assert "3 pictures" in said
    assert "go to the server that runs this app" in said and "Nothing is written to disk" in said
    no_exceptions(page)

    assert files_under(temp) == temporary
    assert files_under(REPO) == repository
