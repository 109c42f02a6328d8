"""The resolution ladder: box shrinking, the same split at every size, weights that grow."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import lab, resolution
from core.train import build_model, load_face_dataset


def test_shrinking_by_a_whole_factor_averages_blocks():
    pictures = np.random.default_rng(0).random((3, 24, 24, 1)).astype(np.float32)
    blocks = pictures.reshape(3, 6, 4, 6, 4, 1).mean(axis=(2, 4))
    np.testing.assert_allclose(resolution.shrink(pictures, 6), blocks, rtol=1e-5)


@given(side=st.integers(1, 25), value=st.floats(0, 1))
def test_shrinking_keeps_a_flat_picture_flat_and_in_range(side, value):
    shrunk = resolution.shrink(np.full((1, 25, 25, 1), value), side)
    assert shrunk.shape == (1, side, side, 1) and shrunk.dtype == np.float32
    np.testing.assert_allclose(shrunk, value, atol=1e-6)


@pytest.mark.parametrize("side", [0, 26])
def test_shrinking_only_shrinks(side):
    with pytest.raises(ValueError, match="from 1 to 25 pixels"):
        resolution.shrink(np.zeros((1, 25, 25, 1)), side)


def test_the_ladder_trains_each_size_on_the_same_split(monkeypatch):
    data = lab.split_for_lab(load_face_dataset(), training_fraction=0.2, seed=3)
    seen = []

    class Recording(lab.TrainingRun):
        def __init__(self, train, validation, *args, **kwargs):
            seen.append((train.sources, validation.sources, train.images.shape[1]))
            super().__init__(train, validation, *args, **kwargs)

    monkeypatch.setattr(resolution, "TrainingRun", Recording)
    epochs = []
    rungs = resolution.resolution_ladder(
        data,
        settings=lab.LabSettings(epochs=2),
        on_epoch=lambda side, epoch: epochs.append((side, epoch)),
    )
    assert [rung.side for rung in rungs] == list(resolution.LADDER_SIDES)
    assert [side for *_, side in seen] == list(resolution.LADDER_SIDES)
    assert all(sources[:2] == seen[0][:2] for sources in seen)
    assert seen[0][0] == data.train.sources and seen[0][1] == data.validation.sources
    assert epochs == [(side, epoch) for side in resolution.LADDER_SIDES for epoch in (1, 2)]
    expected = [
        build_model(input_side=side, padding="same").count_params()
        for side in resolution.LADDER_SIDES
    ]
    assert [rung.parameters for rung in rungs] == expected
    assert expected == sorted(expected) and len(set(expected)) == len(expected)
    assert all(0 <= rung.validation_accuracy <= 1 for rung in rungs)
