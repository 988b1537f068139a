import keras
import numpy as np
import pytest

from keras_gans.metrics.precision_recall import precision_recall


def _uniform_square(n, seed, x_range=(0.0, 1.0)):
    rng = np.random.default_rng(seed)
    return np.stack([rng.uniform(*x_range, n), rng.uniform(0, 1, n)], axis=1)


def test_fakes_on_top_of_the_reals():
    real = _uniform_square(500, seed=0)
    assert precision_recall(real, real.copy()) == (1.0, 1.0)


def test_fakes_far_away():
    real = _uniform_square(500, seed=0)
    assert precision_recall(real, real + 10.0) == (0.0, 0.0)


def test_fakes_covering_half_of_the_support():
    real = _uniform_square(4000, seed=0)
    fake = _uniform_square(2000, seed=1, x_range=(0.0, 0.5))
    precision, recall = precision_recall(real, fake)
    assert precision > 0.95
    # Half the reals, plus a thin strip past x = 0.5 that the fakes' balls reach.
    assert recall == pytest.approx(0.5, abs=0.04)


def test_a_collapsed_generator_keeps_precision_but_loses_recall():
    real = _uniform_square(1000, seed=0)
    fake = np.repeat(real[:10], 20, axis=0) + np.random.default_rng(2).normal(0, 1e-4, (200, 2))
    precision, recall = precision_recall(real, fake)
    assert precision == 1.0
    assert recall < 0.05


def test_batch_size_does_not_change_the_result():
    real, fake = _uniform_square(300, seed=3), _uniform_square(200, seed=4, x_range=(0.2, 1.2))
    expected = precision_recall(real, fake, batch_size=1000)
    assert precision_recall(real, fake, batch_size=7) == expected
    assert 0 < expected[0] < 1 and 0 < expected[1] < 1


def test_k_counts_other_points_not_the_point_itself():
    # On a line with unit spacing, the 1st and 2nd nearest other points of an
    # inner point are both at distance 1; the 3rd is at 2.
    real = np.arange(10.0)[:, None]
    fake = np.array([[4.5], [12.0], [4.0], [20.0]])
    assert precision_recall(real, fake, k=1)[0] == 0.5  # 4.5 and 4.0 are within 1
    assert precision_recall(real, fake, k=3)[0] == 0.75  # 12.0 is 3 from 9, whose radius is 3


def test_accepts_tensors():
    real, fake = _uniform_square(100, seed=5), _uniform_square(100, seed=6)
    expected = precision_recall(real, fake)
    tensors = [keras.ops.convert_to_tensor(x.astype("float32")) for x in (real, fake)]
    assert precision_recall(*tensors) == pytest.approx(expected, abs=0.02)


@pytest.mark.parametrize(
    "real, fake, kwargs, message",
    [
        (np.zeros((3, 2)), np.zeros((10, 2)), {}, "at least 4"),
        (np.zeros((10, 2)), np.zeros((10, 3)), {}, "Feature size mismatch"),
        (np.zeros((10, 2)), np.full((10, 2), np.inf), {}, "NaN or infinite"),
        (np.zeros((10, 2)), np.zeros((10, 2)), {"k": 0}, "k must be a positive int"),
        (np.zeros((10, 2)), np.zeros((10, 2)), {"batch_size": 0}, "batch_size"),
    ],
)
def test_rejects_bad_input(real, fake, kwargs, message):
    with pytest.raises(ValueError, match=message):
        precision_recall(real, fake, **kwargs)
