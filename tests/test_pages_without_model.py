"""Every page but the two that open the network ("Face or not?", "Inside the network") works when
the face model is missing or corrupt; those two say why they cannot, and how to fix it.

Every page reads the model's files from one folder, ``FACE_MODEL_FOLDER`` (default ``models/``,
`core.metadata.models_folder`): the face page loads the network, the pooling page draws its shape
and the augmentation page quotes its recipe. The fixture points that folder at a scratch one,
empty or holding two files of garbage. Each page must then run without an exception and still
show its own content.
"""

from __future__ import annotations

import pytest

from pages.links import LINK_BOX_KEY
from tests.apptest_helpers import all_text, draws_component, headings


@pytest.fixture(params=["missing", "corrupt"])
def broken_model(request, monkeypatch, tmp_path) -> str:
    """The face model as the app finds it: no files at all, or two files of garbage."""
    if request.param == "corrupt":
        (tmp_path / "face_cnn.keras").write_bytes(b"PK\x03\x04 these bytes are not a Keras model")
        (tmp_path / "face_cnn.json").write_text('{"classes": ["not face", "face"], "layers": [')
    monkeypatch.setenv("FACE_MODEL_FOLDER", str(tmp_path))
    return request.param


def visit(app, path: str):
    app.run()
    app.switch_page(path)
    app.run()
    assert not app.exception, [exception.value for exception in app.exception]
    assert not app.error, [error.value for error in app.error]
    return app


def links(app) -> set[str]:
    return {link.proto.page for link in app.get("page_link")}


def pictures_and_charts(app) -> int:
    """Pictures and charts drawn, counting each browser component (slider views, the kernel
    lab) that draws its own: not the box showing the page's address in "Link to this view"."""
    components = [
        component
        for component in app.get("bidi_component")
        if not component.proto.id.endswith(f"-{LINK_BOX_KEY}")
    ]
    return len(components) + sum(len(app.get(kind)) for kind in ("image", "plotly_chart"))


def test_home(app, broken_model):
    visit(app, "pages/home.py")
    assert app.title[0].value == "How can a computer tell whether a picture shows a face?"
    assert {"pixels", "convolution", "pooling", "augmentation", "face", "training"} <= links(app)


@pytest.mark.parametrize(
    ("path", "title", "header"),
    [
        ("pages/pixels.py", "Pixels are numbers", "From a photo to a grid of numbers"),
        ("pages/convolution.py", "Convolution", "A filter is a small grid of weights"),
        ("pages/augmentation.py", "Augmentation", "One picture, many versions"),
        ("pages/training.py", "Training lab", "Train the face network live"),
    ],
)
def test_a_page_that_never_reads_the_model(app, broken_model, path, title, header):
    visit(app, path)
    assert app.title[0].value == title
    assert header in headings(app)
    assert pictures_and_charts(app) >= 2


def test_pooling_draws_vgg_and_says_why_the_face_model_is_not_drawn(app, broken_model):
    visit(app, "pages/pooling.py")
    assert app.title[0].value == "Pooling & activations"
    assert pictures_and_charts(app) >= 2
    text = all_text(app)
    if broken_model == "missing":
        assert "The app's own face model has not been trained yet" in text
    else:
        assert "The face model's description could not be read" in text
    assert "VGG-19 takes a 224 × 224 × 3 picture" in text
    assert draws_component(app, "pooling_vgg_counts")
    assert not draws_component(app, "pooling_face_counts")


@pytest.mark.parametrize("path", ["pages/face.py", "pages/inside.py"])
def test_the_pages_that_open_the_network_explain_instead(app, broken_model, path):
    app.run()
    app.switch_page(path)
    app.run()
    assert not app.exception, [exception.value for exception in app.exception]
    assert "could not be loaded" in app.error[0].value
    assert app.code[0].value == "python -m core.train"
