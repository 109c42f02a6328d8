"""The LBP face detector: finds the astronaut, ignores textures, never needs TensorFlow."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.detect import FaceBox, detect_faces, square_at
from core.images import load_sample, to_gray

#: Where the astronaut's face is (row, column of its centre), checked by eye.
ASTRONAUT_FACE_CENTRE = (118, 224)


def test_finds_the_astronaut_face() -> None:
    (box,) = detect_faces(load_sample("astronaut"))
    row, col = ASTRONAUT_FACE_CENTRE
    assert box.top < row < box.top + box.side and box.left < col < box.left + box.side
    assert 60 <= box.side <= 140


def test_gray_and_rgb_give_the_same_boxes() -> None:
    photo = load_sample("astronaut")
    assert detect_faces(to_gray(photo)) == detect_faces(photo)


@pytest.mark.parametrize("name", ["brick", "grass", "text", "checkerboard", "coffee", "rocket"])
def test_finds_no_face_in_pictures_without_people(name: str) -> None:
    assert detect_faces(load_sample(name)) == []


def test_boxes_lie_inside_the_photo_largest_first() -> None:
    photo = load_sample("astronaut")
    both = np.concatenate([photo, photo[::2, ::2].repeat(2, axis=0).repeat(2, axis=1)], axis=1)
    boxes = detect_faces(both, min_fraction=0.05)
    assert boxes == sorted(boxes, key=lambda box: -box.side)
    for box in boxes:
        assert box.top >= 0 and box.left >= 0
        assert box.top + box.side <= both.shape[0] and box.left + box.side <= both.shape[1]


def test_min_fraction_above_the_face_size_finds_nothing() -> None:
    assert detect_faces(load_sample("astronaut"), min_fraction=0.5) == []


@pytest.mark.parametrize("shape", [(1, 1), (10, 10), (23, 300), (24, 24, 3)])
def test_pictures_smaller_than_the_cascade_window(shape) -> None:
    assert detect_faces(np.zeros(shape, np.uint8)) == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"min_fraction": 0}, "0 < min_fraction"),
        ({"min_fraction": 0.5, "max_fraction": 0.4}, "min_fraction ≤"),
        ({"max_fraction": 1.5}, "max_fraction ≤ 1"),
    ],
)
def test_rejects_bad_fractions(options, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        detect_faces(np.zeros((50, 50), np.uint8), **options)


def test_rejects_what_is_not_a_picture() -> None:
    with pytest.raises(ValueError, match=r"\(H, W\) or \(H, W, 3\)"):
        detect_faces(np.zeros((50, 50, 2), np.uint8))


def test_face_box_crop() -> None:
    image = np.arange(100).reshape(10, 10)
    np.testing.assert_array_equal(FaceBox(2, 3, 4).crop(image), image[2:6, 3:7])
    assert FaceBox(0, 0, 10).crop(image).shape == (10, 10)


def _nearest_start(length: int, side: int, centre: int) -> int:
    """Brute force: the start whose square's centre is nearest ``centre`` (the reference)."""
    return min(range(length - side + 1), key=lambda start: abs(start + side // 2 - centre))


@settings(deadline=None, max_examples=200)
@given(
    height=st.integers(1, 60),
    width=st.integers(1, 60),
    centre_row=st.integers(-20, 80),
    centre_col=st.integers(-20, 80),
    side=st.integers(1, 90),
)
def test_square_at_is_the_nearest_square_that_fits(height, width, centre_row, centre_col, side):
    box = square_at((height, width, 3), centre_row=centre_row, centre_col=centre_col, side=side)
    assert box.side == min(side, height, width)
    assert 0 <= box.top <= height - box.side and 0 <= box.left <= width - box.side
    assert box.top == _nearest_start(height, box.side, centre_row)
    assert box.left == _nearest_start(width, box.side, centre_col)
    assert box.crop(np.zeros((height, width))).shape == (box.side, box.side)


def test_square_at_edge_cases() -> None:
    assert square_at((1, 1), centre_row=0, centre_col=0, side=1) == FaceBox(0, 0, 1)
    assert square_at((1, 1), centre_row=9, centre_col=-9, side=50) == FaceBox(0, 0, 1)
    # Centred exactly when it fits; a square as large as the picture's shorter side.
    assert square_at((40, 60), centre_row=20, centre_col=30, side=10) == FaceBox(15, 25, 10)
    assert square_at((40, 60), centre_row=20, centre_col=30, side=40) == FaceBox(0, 10, 40)


@pytest.mark.parametrize(
    ("shape", "side", "message"),
    [((0, 10), 5, "at least one pixel"), ((10, 10), 0, "side of at least 1")],
)
def test_square_at_rejects_impossible_squares(shape, side: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        square_at(shape, centre_row=0, centre_col=0, side=side)
