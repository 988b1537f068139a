import json

import keras
import numpy as np
import pytest
import scipy.linalg

from keras_gans.metrics.frechet import (
    FeatureStatistics,
    _symmetric_sqrt,
    _trace_sqrt_product,
    frechet_distance,
    frechet_distance_from_features,
)


def _features(n=500, d=6, seed=0, offset=0.0):
    rng = np.random.default_rng(seed)
    mixing = rng.normal(size=(d, d))
    return rng.normal(size=(n, d)) @ mixing + offset


def test_distance_of_a_set_to_itself_is_zero():
    features = _features()
    scale = np.trace(np.cov(features, rowvar=False))
    assert frechet_distance_from_features(features, features) <= 1e-6 * scale


def test_diagonal_covariances_match_the_closed_form():
    rng = np.random.default_rng(1)
    mean_a, mean_b = rng.normal(size=5), rng.normal(size=5)
    variances_a, variances_b = rng.uniform(0.1, 3, 5), rng.uniform(0.1, 3, 5)
    expected = np.sum((mean_a - mean_b) ** 2) + np.sum((np.sqrt(variances_a) - np.sqrt(variances_b)) ** 2)
    distance = frechet_distance((mean_a, np.diag(variances_a)), (mean_b, np.diag(variances_b)))
    assert distance == pytest.approx(expected, rel=1e-8, abs=1e-10)


def test_full_covariances_match_scipy_sqrtm():
    # An independent route to tr((Σ1 Σ2)^½): SciPy's general matrix square root.
    rng = np.random.default_rng(2)
    factors = rng.normal(size=(2, 8, 8))
    covariance_a, covariance_b = factors[0] @ factors[0].T, factors[1] @ factors[1].T
    mean_a, mean_b = rng.normal(size=8), rng.normal(size=8)
    trace_sqrt = np.trace(scipy.linalg.sqrtm(covariance_a @ covariance_b)).real
    expected = (
        np.sum((mean_a - mean_b) ** 2) + np.trace(covariance_a) + np.trace(covariance_b) - 2 * trace_sqrt
    )
    distance = frechet_distance((mean_a, covariance_a), (mean_b, covariance_b))
    assert distance == pytest.approx(expected, rel=1e-8)


def test_samples_of_two_gaussians_approach_the_true_distance():
    rng = np.random.default_rng(3)
    n = 100_000
    features_a = rng.normal(size=(n, 3))
    features_b = rng.normal(size=(n, 3)) * np.array([2.0, 1.0, 0.5]) + np.array([0.5, 0.0, 0.0])
    # 0.5² + (1 − 2)² + (1 − 1)² + (1 − 0.5)²
    assert frechet_distance_from_features(features_a, features_b) == pytest.approx(1.5, abs=0.03)


def test_statistics_match_numpy():
    features = _features()
    stats = FeatureStatistics.from_features(features)
    assert stats.count == len(features)
    np.testing.assert_allclose(stats.mean, features.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(stats.covariance, np.cov(features, rowvar=False), rtol=1e-10)


def test_streaming_in_batches_equals_one_shot():
    # A large offset: naive sums of squares would lose most digits here.
    features = _features(n=1000, offset=1e5)
    one_shot = FeatureStatistics.from_features(features)
    streamed = FeatureStatistics()
    for start in range(0, len(features), 37):
        streamed.update(features[start : start + 37])
    assert streamed.count == one_shot.count
    np.testing.assert_allclose(streamed.mean, one_shot.mean, rtol=1e-13)
    np.testing.assert_allclose(streamed.covariance, one_shot.covariance, rtol=1e-8)
    centred = features - features.mean(axis=0)
    np.testing.assert_allclose(streamed.covariance, centred.T @ centred / (len(features) - 1), rtol=1e-8)


def test_merge_equals_sequential_updates():
    features = _features(n=300)
    sequential = FeatureStatistics.from_features(features)
    merged = FeatureStatistics.from_features(features[:100])
    merged.merge(FeatureStatistics.from_features(features[100:]))
    assert merged.count == 300
    np.testing.assert_allclose(merged.mean, sequential.mean, rtol=1e-12)
    np.testing.assert_allclose(merged.covariance, sequential.covariance, rtol=1e-10)
    # Merging an empty object changes nothing, in either direction.
    assert FeatureStatistics().merge(merged).count == 300
    assert merged.merge(FeatureStatistics()).count == 300


def test_accepts_backend_tensors():
    features = _features(n=50).astype("float32")
    expected = FeatureStatistics.from_features(features)
    stats = FeatureStatistics.from_features(keras.ops.convert_to_tensor(features))
    np.testing.assert_allclose(stats.covariance, expected.covariance, rtol=1e-12)
    tensor_distance = frechet_distance_from_features(keras.ops.convert_to_tensor(features), features + 1)
    assert tensor_distance == pytest.approx(frechet_distance_from_features(features, features + 1))


def test_save_load_round_trip(tmp_path):
    stats = FeatureStatistics.from_features(_features(), metadata={"extractor": "inception_v3"})
    path = tmp_path / "real_stats.npz"
    stats.save(path, split="train", num_samples=stats.count)
    loaded = FeatureStatistics.load(path)
    assert loaded.count == stats.count
    np.testing.assert_array_equal(loaded.mean, stats.mean)
    np.testing.assert_array_equal(loaded.covariance, stats.covariance)
    assert loaded.metadata == {"extractor": "inception_v3", "split": "train", "num_samples": 500}
    assert frechet_distance(loaded, stats) == pytest.approx(0.0, abs=1e-9)
    # Loaded statistics keep streaming.
    extra = _features(seed=5)
    loaded.update(extra)
    np.testing.assert_allclose(
        loaded.covariance, np.cov(np.concatenate([_features(), extra]), rowvar=False), rtol=1e-10
    )
    assert [p.name for p in tmp_path.iterdir()] == ["real_stats.npz"]


def test_save_without_npz_extension_writes_that_path(tmp_path):
    path = tmp_path / "stats.bin"
    FeatureStatistics.from_features(_features()).save(path)
    assert [p.name for p in tmp_path.iterdir()] == ["stats.bin"]
    assert FeatureStatistics.load(path).count == 500


def test_save_refuses_unserialisable_metadata(tmp_path):
    with pytest.raises(ValueError, match="JSON-serialisable"):
        FeatureStatistics.from_features(_features()).save(tmp_path / "s.npz", extractor=object())
    assert list(tmp_path.iterdir()) == []


def test_load_refuses_corrupted_files(tmp_path):
    good = tmp_path / "good.npz"
    FeatureStatistics.from_features(_features()).save(good)
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(good.read_bytes()[:200])
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"not a zip file at all")
    foreign = tmp_path / "foreign.npz"
    np.savez(foreign, mu=np.zeros(3), sigma=np.eye(3))
    for path in (truncated, garbage, foreign):
        with pytest.raises(ValueError, match="not a feature-statistics file.*delete it to recompute"):
            FeatureStatistics.load(path)


def test_load_reports_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="No feature-statistics file"):
        FeatureStatistics.load(tmp_path / "missing.npz")


def test_nearly_singular_covariance_gives_a_finite_value():
    # Fewer samples than features: both covariances are singular.
    rng = np.random.default_rng(4)
    features_a, features_b = rng.normal(size=(10, 64)), rng.normal(size=(12, 64)) + 0.1
    distance = frechet_distance_from_features(features_a, features_b)
    assert np.isfinite(distance) and distance >= 0
    assert frechet_distance_from_features(features_a, features_a) == pytest.approx(0.0, abs=1e-9)


def test_singular_covariance_matches_the_nuclear_norm():
    # With Σa = Aᵀ A / (n − 1) and Σb = Bᵀ B / (m − 1) for centred features,
    # tr((Σa Σb)^½) is the sum of singular values of A Bᵀ / √((n − 1)(m − 1)):
    # an independent check that holds however singular the covariances are.
    rng = np.random.default_rng(6)
    features_a, features_b = rng.normal(size=(10, 64)), rng.normal(size=(12, 64)) + 0.1
    centred_a, centred_b = features_a - features_a.mean(0), features_b - features_b.mean(0)
    trace_sqrt = np.linalg.svd(centred_a @ centred_b.T, compute_uv=False).sum() / np.sqrt(9 * 11)
    covariance_a, covariance_b = np.cov(features_a, rowvar=False), np.cov(features_b, rowvar=False)
    expected = (
        np.sum((features_a.mean(0) - features_b.mean(0)) ** 2)
        + np.trace(covariance_a)
        + np.trace(covariance_b)
        - 2 * trace_sqrt
    )
    assert frechet_distance_from_features(features_a, features_b) == pytest.approx(expected, rel=1e-8)


def test_cholesky_and_symmetric_root_agree():
    rng = np.random.default_rng(7)
    factors = rng.normal(size=(2, 30, 30))
    covariance_a, covariance_b = factors[0] @ factors[0].T, factors[1] @ factors[1].T
    through_cholesky = _trace_sqrt_product(covariance_a, covariance_b)
    through_root = _trace_sqrt_product(covariance_a, covariance_b, factor=_symmetric_sqrt(covariance_a))
    assert through_cholesky == pytest.approx(through_root, rel=1e-10)


def test_update_refuses_a_different_feature_size():
    stats = FeatureStatistics.from_features(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="Feature size mismatch"):
        stats.update(np.zeros((4, 5)))
    with pytest.raises(ValueError, match="Feature size mismatch"):
        stats.merge(FeatureStatistics.from_features(np.zeros((4, 5))))


@pytest.mark.parametrize(
    "features, message",
    [
        (np.zeros(5), "2-D array"),
        (np.zeros((2, 3, 4)), "2-D array"),
        (np.array([[0.0, np.nan], [1.0, 2.0]]), "NaN or infinite"),
        (np.array([["a", "b"]]), "must hold numbers"),
    ],
)
def test_update_rejects_bad_features(features, message):
    with pytest.raises(ValueError, match=message):
        FeatureStatistics().update(features)


def test_too_few_samples():
    with pytest.raises(ValueError, match="at least 2"):
        frechet_distance_from_features(np.zeros((1, 3)), np.zeros((5, 3)))
    with pytest.raises(ValueError, match="at least 2"):
        FeatureStatistics.from_features(np.zeros((1, 3))).covariance
    with pytest.raises(ValueError, match="empty"):
        FeatureStatistics().mean


def test_distance_rejects_mismatched_or_malformed_inputs():
    with pytest.raises(ValueError, match="Feature size mismatch"):
        frechet_distance((np.zeros(2), np.eye(2)), (np.zeros(3), np.eye(3)))
    with pytest.raises(ValueError, match=r"shapes \(d,\) and \(d, d\)"):
        frechet_distance((np.zeros(2), np.eye(3)), (np.zeros(2), np.eye(2)))
    with pytest.raises(ValueError, match="not symmetric"):
        frechet_distance((np.zeros(2), np.array([[1.0, 0.5], [0.0, 1.0]])), (np.zeros(2), np.eye(2)))
    with pytest.raises(ValueError, match="FeatureStatistics or a"):
        frechet_distance(np.eye(2), (np.zeros(2), np.eye(2)))


def test_metadata_is_stored_as_json(tmp_path):
    path = tmp_path / "s.npz"
    FeatureStatistics.from_features(_features()).save(path, extractor="x")
    with np.load(path) as data:
        assert json.loads(str(data["metadata"])) == {"extractor": "x"}
