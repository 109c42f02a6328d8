"""The Convolution page's exercises (`core.exercises`): textbook answers pass, near misses are
told why, with numbers."""

import numpy as np
import pytest

from core import convolution as conv
from core.exercises import EXERCISES, check_exercise

# --------------------------------------------------------------------------------------------
# Exercises
# --------------------------------------------------------------------------------------------


def test_exercise_ids():
    assert set(EXERCISES) == {"blur", "horizontal_edges", "vertical_edges", "edges_only"}


@pytest.mark.parametrize(
    ("exercise", "kernel"),
    [
        ("blur", np.ones((3, 3)) / 9),
        ("blur", conv.GAUSSIAN_BLUR_3X3_WEIGHTS),
        ("horizontal_edges", [[-1, -1, -1], [0, 0, 0], [1, 1, 1]]),
        ("horizontal_edges", conv.SOBEL_TOP_WEIGHTS),
        ("vertical_edges", [[1, 0, -1], [1, 0, -1], [1, 0, -1]]),
        ("vertical_edges", conv.SOBEL_RIGHT_WEIGHTS),
        ("edges_only", [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]),
        ("edges_only", [[0, -1, 0], [-1, 4, -1], [0, -1, 0]]),
    ],
)
def test_textbook_answers_pass(exercise, kernel):
    result = check_exercise(exercise, kernel)
    assert result.passed, result.feedback


def test_unnormalised_box_blur_fails_with_the_nine_times_brighter_message():
    result = check_exercise("blur", np.ones((3, 3)))
    assert not result.passed
    assert "The weights sum to 9, so the picture gets 9× brighter: divide each weight by 9." in (
        result.feedback
    )
    # The averaging itself is right, and the feedback says so.
    assert any("smoothed out" in sentence for sentence in result.feedback)


def test_identity_and_sharpen_fail_blur_for_not_smoothing_noise():
    for kernel in (conv.IDENTITY_WEIGHTS, conv.SHARPEN_WEIGHTS):
        result = check_exercise("blur", kernel)
        assert not result.passed
        assert any("a blur must cut it to at most 50%" in s for s in result.feedback)
    assert any("below black" in s for s in check_exercise("blur", conv.SHARPEN_WEIGHTS).feedback)


def test_vertical_kernel_fails_the_horizontal_exercise():
    result = check_exercise("horizontal_edges", conv.VERTICAL_EDGES_WEIGHTS)
    assert not result.passed
    assert any("should ignore vertical edges" in s for s in result.feedback)
    assert any("horizontal edge" in s and "needs at least" in s for s in result.feedback)


def test_horizontal_kernel_fails_the_vertical_exercise():
    result = check_exercise("vertical_edges", conv.HORIZONTAL_EDGES_WEIGHTS)
    assert not result.passed
    assert any("should ignore horizontal edges" in s for s in result.feedback)


def test_outline_fails_the_single_direction_exercises():
    for exercise in ("horizontal_edges", "vertical_edges"):
        assert not check_exercise(exercise, conv.OUTLINE_WEIGHTS).passed


def test_identity_fails_edges_only_because_flat_areas_stay_grey():
    result = check_exercise("edges_only", conv.IDENTITY_WEIGHTS)
    assert not result.passed
    assert any("outputs 0.5 instead of about 0" in s for s in result.feedback)


def test_box_blur_is_not_an_edge_detector():
    result = check_exercise("edges_only", conv.BOX_BLUR_3X3_WEIGHTS)
    assert not result.passed
    assert any("edge response is 0.333" in s for s in result.feedback)


@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_all_zero_kernel_fails_everything(exercise):
    result = check_exercise(exercise, np.zeros((3, 3)))
    assert not result.passed
    assert result.feedback


def test_exercise_wants_a_three_by_three_kernel():
    result = check_exercise("blur", conv.GAUSSIAN_BLUR_5X5_WEIGHTS)
    assert not result.passed
    assert result.feedback == ("The exercise asks for a 3×3 kernel; this one is 5×5.",)


def test_unknown_exercise_and_bad_kernel_raise():
    with pytest.raises(ValueError, match="exercise must be one of"):
        check_exercise("sharpen", np.ones((3, 3)))
    with pytest.raises(ValueError, match="NaN"):
        check_exercise("blur", np.full((3, 3), np.nan))
