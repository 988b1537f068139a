import math

import numpy as np
import pytest

from keras_gans.data.mixtures import grid, ring
from keras_gans.metrics.mode_coverage import mean_and_standard_error, mixture_coverage, mode_coverage


def offsets(n, distance, seed=0):
    """`n` 2D vectors of length `distance` in random directions."""
    angles = np.random.default_rng(seed).uniform(0, 2 * np.pi, n)
    return distance * np.stack([np.cos(angles), np.sin(angles)], axis=1)


def test_ring_modes_are_eight_distinct_points_on_the_unit_circle():
    modes = ring().modes.astype("float64")
    assert modes.shape == (8, 2)
    np.testing.assert_allclose(np.linalg.norm(modes, axis=1), 1.0, atol=1e-6)
    gaps = np.linalg.norm(modes[:, None] - modes[None], axis=-1) + np.eye(8) * 10
    # Neighbours on the circle are 2·sin(π/8) ≈ 0.765 apart; `linspace(0, 2π, 8)`
    # would put two modes on top of each other.
    assert gaps.min() == pytest.approx(2 * math.sin(math.pi / 8), abs=1e-5)


def test_every_ring_mode_hit_exactly():
    mixture = ring()
    result = mixture_coverage(np.repeat(mixture.modes, 3, axis=0), mixture)
    assert result["modes_captured"] == 8 and result["num_modes"] == 8
    assert result["high_quality"] == 1.0
    np.testing.assert_array_equal(result["counts"], np.full(8, 3))
    assert result["counts"].dtype == np.int64


def test_all_samples_on_one_mode_capture_one():
    mixture = ring()
    samples = mixture.modes[5] + offsets(50, 0.5 * mixture.std)
    result = mixture_coverage(samples, mixture)
    assert result["modes_captured"] == 1 and result["high_quality"] == 1.0
    assert result["counts"].tolist() == [0, 0, 0, 0, 0, 50, 0, 0]


def test_the_spread_tells_the_data_from_points_on_the_modes():
    mixture = grid()
    assert mixture_coverage(mixture.sample(20_000, seed=0), mixture)["spread"] == pytest.approx(0.97, abs=0.02)
    # Every mode hit by two tight clusters: perfect HQ, little spread.
    rng = np.random.default_rng(0)
    clusters = np.repeat(mixture.modes, 2, axis=0) + rng.normal(0.0, 0.5 * mixture.std, (50, 2))
    points = np.repeat(clusters, 40, axis=0) + rng.normal(0.0, 0.01 * mixture.std, (2000, 2))
    result = mixture_coverage(points, mixture)
    assert result["high_quality"] == 1.0 and result["modes_captured"] == 25
    assert 0.2 < result["spread"] < 0.7
    assert mixture_coverage(np.repeat(mixture.modes, 3, axis=0), mixture)["spread"] == 0.0
    assert np.isnan(mixture_coverage(mixture.modes[:3], mixture)["spread"])  # one sample per mode


def test_radius_is_threshold_times_std():
    mixture = ring()
    modes = np.tile(mixture.modes, (4, 1))
    inside = mixture_coverage(modes + offsets(32, 2.9 * mixture.std), mixture)
    assert inside["modes_captured"] == 8 and inside["high_quality"] == 1.0
    outside = mixture_coverage(modes + offsets(32, 3.5 * mixture.std), mixture)
    assert outside["modes_captured"] == 0 and outside["high_quality"] == 0.0
    assert outside["counts"].sum() == 0
    # A wider threshold lets the same samples in.
    wide = mixture_coverage(modes + offsets(32, 3.5 * mixture.std), mixture, threshold=4.0)
    assert wide["high_quality"] == 1.0


def test_sample_between_two_modes_is_not_high_quality():
    mixture = ring()
    midpoint = (mixture.modes[0] + mixture.modes[1]) / 2
    samples = np.concatenate([[midpoint], mixture.modes[2:3]])
    result = mixture_coverage(samples, mixture)
    assert result["modes_captured"] == 1 and result["high_quality"] == 0.5
    assert result["counts"].tolist() == [0, 0, 1, 0, 0, 0, 0, 0]


def test_ties_go_to_the_lowest_index_and_count_only_within_the_radius():
    sample = [[0.5, 0.0]]
    near = mode_coverage(sample, [[0.0, 0.0], [1.0, 0.0]], std=0.25)
    assert near["high_quality"] == 1.0 and near["counts"].tolist() == [1, 0]
    swapped = mode_coverage(sample, [[1.0, 0.0], [0.0, 0.0]], std=0.25)
    assert swapped["counts"].tolist() == [1, 0]
    far = mode_coverage(sample, [[0.0, 0.0], [1.0, 0.0]], std=0.1)
    assert far["high_quality"] == 0.0 and far["modes_captured"] == 0


def test_grid_uses_its_own_std():
    mixture = grid()
    assert mixture.modes.shape == (25, 2) and mixture.std == 0.05
    modes = np.repeat(mixture.modes, 2, axis=0)
    # 0.12 is 2.4σ of the grid: HQ there, though 12σ of the ring's std.
    inside = mixture_coverage(modes + offsets(50, 0.12), mixture)
    assert inside["modes_captured"] == 25 and inside["high_quality"] == 1.0
    assert mode_coverage(modes + offsets(50, 0.12), mixture.modes, std=0.01)["high_quality"] == 0.0
    outside = mixture_coverage(modes + offsets(50, 0.2), mixture)
    assert outside["modes_captured"] == 0 and outside["high_quality"] == 0.0
    between = mixture_coverage([[1.0, 0.0], [-3.0, 3.0]], mixture)
    assert between["modes_captured"] == 0 and between["high_quality"] == 0.0


def test_samples_from_the_mixture_cover_every_mode():
    for mixture in (ring(), grid()):
        result = mixture_coverage(mixture.sample(2500, seed=1), mixture)
        assert result["modes_captured"] == len(mixture.modes)
        # A perfect sampler has 1 − exp(−4.5) ≈ 98.9 % of its points within 3σ.
        assert result["high_quality"] == pytest.approx(1 - math.exp(-4.5), abs=0.01)
        assert result["counts"].sum() == round(result["high_quality"] * 2500)


def test_missing_modes_are_not_captured():
    mixture = grid()
    samples = mixture.sample(2500, seed=2)
    keep = np.linalg.norm(samples - mixture.modes[12], axis=1) > 0.5
    result = mixture_coverage(samples[keep], mixture)
    assert result["modes_captured"] == 24 and result["counts"][12] == 0


def test_accepts_backend_tensors():
    import keras

    mixture = ring()
    samples = mixture.sample(100, seed=0)
    expected = mixture_coverage(samples, mixture)
    result = mixture_coverage(keras.ops.convert_to_tensor(samples), mixture)
    assert result["high_quality"] == expected["high_quality"]
    np.testing.assert_array_equal(result["counts"], expected["counts"])


def test_rejects_nan_samples_and_bad_shapes():
    modes = ring().modes
    samples = ring().sample(10, seed=0)
    samples[3, 1] = np.nan
    with pytest.raises(ValueError, match="the generator produced NaN.*1 of 10"):
        mode_coverage(samples, modes, 0.01)
    with pytest.raises(ValueError, match="3 coordinates but modes have 2"):
        mode_coverage(np.zeros((4, 3)), modes, 0.01)
    with pytest.raises(ValueError, match=r"samples must be points of shape \(n, dimensions\)"):
        mode_coverage(np.zeros(4), modes, 0.01)
    with pytest.raises(ValueError, match="modes must be points"):
        mode_coverage(np.zeros((4, 2)), modes[0], 0.01)
    with pytest.raises(ValueError, match="samples is empty"):
        mode_coverage(np.zeros((0, 2)), modes, 0.01)
    with pytest.raises(ValueError, match="std must be positive"):
        mode_coverage(np.zeros((4, 2)), modes, 0.0)
    with pytest.raises(ValueError, match="threshold must be positive"):
        mode_coverage(np.zeros((4, 2)), modes, 0.01, threshold=-1)


def test_mean_and_standard_error():
    mean, se = mean_and_standard_error([1, 2, 3, 4, 5])
    assert mean == 3.0
    assert se == pytest.approx(np.std([1, 2, 3, 4, 5], ddof=1) / math.sqrt(5))
    assert mean_and_standard_error(np.array([7.0, 7.0])) == (7.0, 0.0)
    mean, se = mean_and_standard_error([0.9])
    assert mean == 0.9 and math.isnan(se)
    with pytest.raises(ValueError, match="empty"):
        mean_and_standard_error([])
    with pytest.raises(ValueError, match="1-D"):
        mean_and_standard_error([[1.0, 2.0]])
