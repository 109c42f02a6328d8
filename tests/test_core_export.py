"""A downloaded network: it loads in safe mode with its class names, answers as in the app, and
the snippet shown on the page classifies a picture file the way the app does."""

import io
import json
import os
import re
import subprocess
import sys
import zipfile

import keras
import numpy as np
import pytest
from PIL import Image

from core import export
from core.images import read_image
from core.model import preprocess
from core.train import build_model

CLASSES = ("cup", "pen", "Ünïcode keys")


@pytest.fixture(scope="module")
def network() -> keras.Model:
    keras.utils.set_random_seed(4)
    return build_model(class_count=len(CLASSES))


def load_download(data: bytes, folder) -> tuple[keras.Model, list[str]]:
    """A downloaded file as a person loads it: Keras's public loader, in safe mode."""
    path = folder / export.EXPORT_FILENAME
    path.write_bytes(data)
    with zipfile.ZipFile(path) as archive:
        classes = json.loads(archive.read(export.ABOUT_ENTRY))["classes"]
    return keras.saving.load_model(path, safe_mode=True), classes


def test_the_file_loads_in_safe_mode_with_its_classes_and_the_same_answers(network, tmp_path):
    data = export.network_file(network, CLASSES)
    loaded, classes = load_download(data, tmp_path)
    assert classes == list(CLASSES)
    assert loaded.input_shape[1:] == (25, 25, 1)
    pictures = np.random.default_rng(0).random((6, 25, 25, 1)).astype(np.float32)
    np.testing.assert_allclose(loaded(pictures), network(pictures), rtol=1e-6, atol=1e-7)


def test_the_file_needs_one_name_per_output(network):
    with pytest.raises(ValueError, match="3 outputs; got 2 class names"):
        export.network_file(network, CLASSES[:2])


WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT


def files_written(action) -> list:
    """Every file ``action()`` opens for writing, seen by an audit hook. (Keras makes and
    removes an empty folder for a model's assets even when saving to memory: folders with
    nothing written in them are not counted.)"""
    seen, recording = [], [True]

    def hook(event: str, args: tuple) -> None:
        if not recording[0] or event != "open" or os.path.isdir(args[0]):
            return
        mode, flags = args[1], args[2]
        if (isinstance(mode, str) and set(mode) & set("wax+")) or (
            isinstance(flags, int) and flags & WRITING
        ):
            seen.append(args[0])

    sys.addaudithook(hook)  # hooks stay for the process: this one goes quiet afterwards
    try:
        action()
    finally:
        recording[0] = False
    return seen


def test_the_file_is_made_in_memory(network, tmp_path):
    """Nothing derived from a visitor's pictures goes to disk, not even a temporary file."""
    assert files_written(lambda: export.network_file(network, CLASSES)) == []
    # The check sees what saving to a file writes:
    assert files_written(lambda: network.save(tmp_path / "seen.keras"))


def test_the_snippet_classifies_a_picture_file_as_the_app_does(network, tmp_path):
    (tmp_path / export.EXPORT_FILENAME).write_bytes(export.network_file(network, CLASSES))
    (tmp_path / "classify.py").write_text(export.usage_snippet())
    rng = np.random.default_rng(1)
    rgb = (rng.random((180, 240, 3)) * 255).astype(np.uint8)  # not square: cropped like the app
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "PNG")
    (tmp_path / "picture.png").write_bytes(buffer.getvalue())
    printed = subprocess.run(
        [sys.executable, "classify.py", "picture.png"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    shown = dict(re.findall(r"^(.+): ([\d.]+)%$", printed, flags=re.MULTILINE))
    app_input = preprocess(read_image(buffer.getvalue(), max_side=512).rgb)
    expected = np.asarray(network(app_input[np.newaxis]))[0]
    assert list(shown) == list(CLASSES)
    assert [float(value) for value in shown.values()] == pytest.approx(
        [100 * p for p in expected], abs=0.051
    )
