"""Biased data: the mark goes on faces only, and a network trained on it really uses it."""

import dataclasses

import numpy as np
import pytest

from core import lab, shortcut
from core.train import Split, load_face_dataset


def test_the_mark_is_a_bright_square_in_the_corner_and_nothing_else():
    pictures = np.random.default_rng(0).random((4, 25, 25, 1)).astype(np.float32)
    marked = shortcut.add_mark(pictures)
    side = shortcut.MARK_SIDE
    assert (marked[:, :side, :side] == shortcut.MARK_VALUE).all()
    outside = np.ones((25, 25), bool)
    outside[:side, :side] = False
    np.testing.assert_array_equal(marked[:, outside], pictures[:, outside])
    assert not (pictures[:, :side, :side] == 1).all()  # the input is left as it was


def test_only_faces_are_marked_and_the_shared_split_is_untouched():
    images = np.zeros((4, 25, 25, 1), np.float32)
    images.flags.writeable = False  # the dataset's arrays are read-only
    labels = np.array([0, 1, 0, 1])
    biased = shortcut.mark_faces(Split(images, labels, ("a", "b", "c", "d")))
    corner = biased.images[:, 0, 0, 0]
    assert corner.tolist() == [0.0, 1.0, 0.0, 1.0]
    assert biased.sources == ("a", "b", "c", "d") and (images == 0).all()


def test_mark_share_is_the_part_of_the_positive_drop_on_the_mark():
    drops = np.zeros((25, 25))
    drops[:3, :3] = 0.1
    assert shortcut.mark_share(drops) == pytest.approx(1.0)
    drops[10, 10] = 0.9
    assert shortcut.mark_share(drops) == pytest.approx(0.5)
    assert shortcut.mark_share(-np.ones((25, 25))) == 0.0  # nothing lowers P(face)


def test_the_biased_network_really_uses_the_mark_over_seeds():
    """Measured over three seeds: marked non-faces are called faces far more often, unmarked
    faces are missed more often, and hide-and-see finds the mark."""
    dataset = load_face_dataset()
    results = []
    for seed in (1, 2, 3):
        data = lab.split_for_lab(dataset, training_fraction=0.8, seed=seed)
        settings = dataclasses.replace(shortcut.SHORTCUT_SETTINGS, seed=seed)
        results.append(shortcut.shortcut_experiment(data, settings=settings))
    fooled = np.mean([r.biased.marked_non_faces_called_face / r.biased.non_faces for r in results])
    clean_fooled = np.mean(
        [r.clean.marked_non_faces_called_face / r.clean.non_faces for r in results]
    )
    assert fooled >= clean_fooled + 0.3
    missed = np.mean([1 - r.biased.faces_right / r.biased.faces for r in results])
    clean_missed = np.mean([1 - r.clean.faces_right / r.clean.faces for r in results])
    assert missed > clean_missed
    area = shortcut.MARK_SIDE**2 / 25**2
    assert np.median([r.biased.mark_share for r in results]) > 5 * area
    assert np.median([r.clean.mark_share for r in results]) < 2 * area
    for r in results:
        assert (r.example[:3, :3] == 1).all() and r.example_face_probability > 0.5
        assert r.biased_validation_accuracy > 0.9  # biased data looks fine on biased data
        assert shortcut.mark_share(r.example_drops) > 5 * area
